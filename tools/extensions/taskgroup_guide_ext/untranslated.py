"""Show what is not translated yet as such: English, marked, and a notice on the page.

The translation may lag behind the English: an entry of the page's catalog
that is untranslated or fuzzy (or missing, when the catalog is out of date)
is shown in English, as Sphinx leaves it. ``MarkUntranslated`` (right after
Sphinx's ``Locale``, 20) gives each such element the class ``untranslated``
and the English's language (docutils writes the class ``language-en`` as
``lang="en"``). An entry translated to the same text (code without
comments, a name) is translated.

At the end of reading and resolving, a page of a translation with any
element of class ``untranslated`` gets a short notice below its title,
whoever set the class (the translation safety gate marks the entries it
refuses the same way): part of the page is not translated yet, and a link to
how to help (``untranslated_help_page``). A fully translated page has none of
this. The notice's words are template messages, in ``sphinx.pot``, so they
are translated through ``sphinx.po`` like the theme's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from taskgroup_guide_ext.site_languages import bcp47, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

CLASS = "untranslated"
NOTICE_CLASS = "untranslated-notice"
# The notice's words. Wrapped in _() where they are shown (below); listed
# here so that the gettext builder puts them in sphinx.pot.
NOTICE = "Part of this page is not translated yet, and is shown in English."
HELP = "How to help translate it"


def translated_msgids(translator: Any) -> set[str]:
    """The msgids a compiled catalog translates (a .mo has no fuzzy or empty entries)."""
    found: set[str] = set()
    while translator is not None:
        found |= {msgid for msgid in getattr(translator, "_catalog", {}) if isinstance(msgid, str)}
        translator = getattr(translator, "_fallback", None)
    return found


def is_translation(config: Any) -> bool:
    return bool(config.language) and config.language != source_language(config)


class MarkUntranslated(SphinxTransform):
    """Mark each element of a translated page that is still in the English."""

    # Right after Locale (20) has translated what it could, and after
    # bilingual's DropUntranslatedOriginals (21).
    default_priority = 22

    def apply(self, **kwargs: Any) -> None:
        if not is_translation(self.config):
            return
        domain = docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)
        dirs = [self.env.srcdir / directory for directory in self.config.locale_dirs]
        translated = translated_msgids(init_locale(dirs, self.config.language, domain)[0])
        english = f"language-{bcp47(source_language(self.config))}"
        for node, msgid in extract_messages(self.document):
            if node.get("translated") or msgid in translated or not msgid.strip():
                continue
            for name in (CLASS, english):
                if name not in node["classes"]:
                    node["classes"].append(name)


def add_notice(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The notice below the title of a translated page with untranslated parts."""
    if not is_translation(app.config) or app.builder.format != "html":
        return
    if not any(CLASS in node["classes"] for node in doctree.findall(nodes.Element)):
        return
    text = nodes.paragraph("", _(NOTICE))
    help_page = app.config.untranslated_help_page
    if help_page and help_page in app.env.found_docs:
        uri = app.builder.get_relative_uri(docname, help_page)
        text += [nodes.Text(" "), nodes.reference("", _(HELP), refuri=uri, internal=True)]
    # no-search: the notice is not what the page is about.
    notice = nodes.note("", text, classes=[NOTICE_CLASS, "no-search"])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        # After the title's English original (bilingual.py), which goes with the title.
        at = 2 if len(section) > 1 and type(section[1]).__name__ == "original" else 1
        section.insert(at, notice)
    else:
        doctree.insert(0, notice)


def check_help_page(app: Sphinx, env: Any) -> None:
    page = app.config.untranslated_help_page
    if page and page not in env.found_docs:
        logger.warning(
            "untranslated_help_page %r is not a page of the project: the notice on "
            "pages not fully translated links nowhere",
            page,
        )


def add_messages(app: Sphinx) -> None:
    """Put the notice's words in sphinx.pot, for sphinx.po."""
    if app.builder.name == "gettext":
        for message in (NOTICE, HELP):
            app.builder.catalogs["sphinx"].add(message, MsgOrigin(__file__, 0))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    # The page the notice links to: how to help with the translation.
    app.add_config_value("untranslated_help_page", "", "env", types=frozenset({str}))
    app.add_transform(MarkUntranslated)
    app.connect("builder-inited", add_messages)
    app.connect("env-check-consistency", check_help_page)
    # Last: count what every other extension marked.
    app.connect("doctree-resolved", add_notice, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
