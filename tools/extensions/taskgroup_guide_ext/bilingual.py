"""Keep the English original of each translated paragraph, for readers to reveal.

A reader of the translation may want the English next to the Chinese, to
check a term or learn the English wording. On a translated page each
translated paragraph carries its English original, hidden until the reader
turns on "Show the English original" (the button in
``_templates/page.html``, run by ``_static/bilingual.js``, which remembers
the choice). A link to a section keeps the section's title in the page's
language: it names where the link goes.

Not only paragraphs: headings (section, admonition, topic and sidebar
titles), rubrics, captions (of code blocks, ``literalinclude`` and
figures) and version notes (``versionadded``, ``versionchanged``,
``deprecated``, ``versionremoved``: the label too, as the English page
words it) get theirs. Every original is a paragraph in an ``original``
node, never a heading or caption itself, so it adds no entry to the page's
table of contents and no permalink: a heading's original follows the
heading (after its "¶"), a code caption's follows the caption, inside the
code block's wrapper, a figure caption's follows the figure.

Two transforms around Sphinx's ``Locale`` (priority 20):

* ``KeepOriginals`` (18) puts a copy of every translatable paragraph (and
  heading, caption, version note) right after it, in an ``original`` node
  that is not translatable, so the copy stays English and never reaches a
  catalog;
* ``DropUntranslatedOriginals`` (21) removes the copies whose element was
  not translated after all, or was translated to the same text.

``EducateOriginals`` (751, after Sphinx's smart quotes, which Chinese pages
do without) gives the originals the typographic quotes and dashes of the
English page, so that an original reads as the English page does.

Code blocks are not copied: code reads the same in both languages, and
``literal_translation`` (15) owns them. The copies are left out of the
search index (class ``no-search``), and written inside
``<script type="text/html">``, which no reader, search summary or HTML
parser takes for page text; the script turns them into ``<div lang="en">``
on request. Every other output, the EPUB included, gets the translation
alone: ``DropOriginalsOutsideTheSite`` removes the copies before writing,
so that nothing else (the EPUB's link footnotes) counts what is not shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import normalize_language_tag, smartquotes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxSmartQuotes, SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import is_translatable

from taskgroup_guide_ext.site_languages import bcp47, is_website, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

# Inline content a copy cannot carry: each needs a unique id or a document-wide
# registration (footnote numbering, named targets) that a second copy breaks.
NOT_COPYABLE = (
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.target,
    nodes.image,
    nodes.substitution_reference,
)


def copyable(paragraph: nodes.paragraph) -> bool:
    for node in paragraph.findall(nodes.Element):
        if isinstance(node, NOT_COPYABLE) or "refname" in node:
            return False
    return True


class original(nodes.General, nodes.Element):
    """The source-language text of the element before it (``of`` says which kind)."""


# Where a heading's original may follow it: a title of one of these. (A
# table's title is its <caption>: nothing may come between it and the rows.)
TITLED = (nodes.section, nodes.Admonition, nodes.topic, nodes.sidebar)


# Sphinx's labels of version notes (sphinx/domains/changeset.py, ``versionlabels``).
# Its module keeps them already translated once a translated build has started,
# so the English is written here, and checked against the page's label.
VERSION_LABELS = {
    "versionadded": "Added in version %s",
    "versionchanged": "Changed in version %s",
    "deprecated": "Deprecated since version %s",
    "versionremoved": "Removed in version %s",
}


def english_label(note: addnodes.versionmodified, label: nodes.inline) -> str | None:
    """A version note's label as the English page has it ("Added in version 3.11: "),
    or None if the page's label is not the translation of Sphinx's English one."""
    english = VERSION_LABELS.get(note["type"])
    if english is None:
        return None
    # Sphinx writes "<label>: " before the note's text, "<label>." when it has none.
    end = ": " if label.astext().endswith(": ") else "."
    source = english % note["version"] + end
    if label.astext() not in {str(_(english)) % note["version"] + end, source}:
        return None  # another wording than Sphinx's: no original rather than a wrong one
    return source


def version_note(paragraph: nodes.paragraph) -> nodes.inline | None:
    """The label of a version note's first paragraph, if *paragraph* is one."""
    note = paragraph.parent
    if (
        not isinstance(note, addnodes.versionmodified)
        or note.index(paragraph) != 0
        or not paragraph.children
        or not isinstance(paragraph[0], nodes.inline)
        or "versionmodified" not in paragraph[0]["classes"]
    ):
        return None
    return paragraph[0]


def copy_of(node: nodes.Element) -> tuple[nodes.paragraph, str] | None:
    """An untranslatable paragraph with *node*'s content, and what kind of element it is."""
    if isinstance(node, nodes.paragraph) and version_note(node) is not None:
        label = english_label(node.parent, node[0])
        if label is None:
            return None
        copy = node.deepcopy()
        copy[0].clear()
        copy[0] += nodes.Text(label)
        kind = "version"
    elif isinstance(node, nodes.paragraph):
        if not is_translatable(node):
            return None
        copy, kind = node.deepcopy(), "paragraph"
    elif isinstance(node, (nodes.title, nodes.caption, nodes.rubric)):
        if not is_translatable(node):
            return None
        parent = node.parent
        if isinstance(node, nodes.title):
            if not isinstance(parent, TITLED):
                return None
            kind = "title"
        elif isinstance(node, nodes.caption):
            if isinstance(parent, nodes.container) and parent.get("literal_block"):
                kind = "caption"
            elif isinstance(parent, nodes.figure):
                kind = "figure"
            else:
                return None
        else:
            kind = "rubric"
        copy = nodes.paragraph("", "", *(child.deepcopy() for child in node.children))
    else:
        return None
    if not copyable(copy):
        return None
    copy["translatable"] = False
    for element in copy.findall(nodes.Element):
        element["ids"] = []
        element["names"] = []
        if "translatable" in element:
            element["translatable"] = False
    return copy, kind


class KeepOriginals(SphinxTransform):
    """Put an untranslatable copy of each translatable paragraph, heading, caption after it."""

    # Before Locale (20) translates the paragraphs in place.
    default_priority = 18

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if not language or language == source_language(self.config):
            return
        docname = self.env.current_document.docname
        domain = docname_to_domain(docname, self.config.gettext_compact)
        dirs = [self.env.srcdir / d for d in self.config.locale_dirs]
        if not init_locale(dirs, language, domain)[1]:
            return  # no catalog: nothing on this page will be translated
        for node in list(self.document.findall(nodes.TextElement)):
            copied = copy_of(node)
            if copied is None:
                continue
            copy, kind = copied
            keep = original(
                "",
                copy,
                classes=["original", "no-search"],
                lang=bcp47(source_language(self.config)),
                of=kind,
            )
            after = node.parent if kind == "figure" else node
            after.parent.insert(after.parent.index(after) + 1, keep)


def translation_of(keep: original) -> nodes.Element | None:
    """The element *keep* is the original of: the one before it (a figure's caption)."""
    before = keep.previous_sibling()
    kind = keep.get("of", "paragraph")
    if kind == "figure":
        if not isinstance(before, nodes.figure):
            return None
        return next((child for child in before.children if isinstance(child, nodes.caption)), None)
    expected = {
        "paragraph": nodes.paragraph,
        "version": nodes.paragraph,
        "title": nodes.title,
        "caption": nodes.caption,
        "rubric": nodes.rubric,
    }[kind]
    return before if isinstance(before, expected) else None


def was_translated(node: nodes.Element, kind: str) -> bool:
    if kind != "version":
        return bool(node.get("translated"))
    # Sphinx translates a version note's text as an inline inside an
    # untranslatable paragraph; the label comes from Sphinx's own catalog.
    parts = [inline for inline in node.findall(nodes.inline) if "translatable" in inline]
    return all(part.get("translated") for part in parts)


class DropUntranslatedOriginals(SphinxTransform):
    """Remove the copies whose element ended up untranslated (or unchanged)."""

    default_priority = 21  # right after Locale

    def apply(self, **kwargs: Any) -> None:
        for keep in list(self.document.findall(original)):
            node = translation_of(keep)
            if (
                node is None
                or not was_translated(node, keep.get("of", "paragraph"))
                or node.astext() == keep.astext()
            ):
                keep.parent.remove(keep)


class EducateOriginals(SphinxSmartQuotes):
    """The originals with the quotes and dashes of the English page.

    Sphinx leaves out smart quotes in languages such as Chinese
    (``smartquotes_excludes``); the English page has them, so the English
    originals get them here, as the English build would give them.
    """

    default_priority = 751  # after Sphinx's own (750)

    def is_available(self) -> bool:
        if next(iter(self.document.findall(original)), None) is None:
            return False
        source = source_language(self.config)
        excludes = self.config.smartquotes_excludes
        return (
            self.document.settings.smart_quotes is not False
            and bool(self.config.smartquotes)
            and self.env._builder_cls.name not in excludes.get("builders", [])
            and source not in excludes.get("languages", [])
            and any(
                tag in smartquotes.smartchars.quotes
                for tag in normalize_language_tag(bcp47(source))
            )
        )

    def apply(self, **kwargs: Any) -> None:
        if not self.is_available():
            return
        language = bcp47(source_language(self.config)).lower()
        action = self.config.smartquotes_action
        for keep in self.document.findall(original):
            for block in keep.children:
                if not isinstance(block, nodes.TextElement):
                    continue
                texts = [
                    text
                    for text in block.findall(nodes.Text)
                    if not isinstance(text.parent, nodes.option_string)
                ]
                teacher = smartquotes.educate_tokens(
                    self.get_tokens(texts), attr=action, language=language
                )
                for text, educated in zip(texts, teacher):
                    text.parent.replace(text, nodes.Text(educated))


HAN = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
MARKUP = re.compile(r"[`*]")


def english_titles(app: Sphinx) -> dict[str, str]:
    """Translated text -> its English, from every catalog of this language.

    A link in an original that names its target by the target's title got
    that title in the page's language when it was resolved; the catalogs
    hold the English it was translated from (markup such as backquotes
    aside, as the link text has none).
    """
    cached = getattr(app, "_bilingual_titles", None)  # per build: not pickled with the env
    if cached is not None:
        return cached
    reverse: dict[str, str] = {}
    dirs = [app.srcdir / d for d in app.config.locale_dirs]
    for docname in sorted(app.env.found_docs):
        domain = docname_to_domain(docname, app.config.gettext_compact)
        catalog, found = init_locale(dirs, app.config.language, domain)
        if not found:
            continue
        for msgid, msgstr in getattr(catalog, "_catalog", {}).items():
            if isinstance(msgid, str) and msgid and msgstr and "\n" not in msgid:
                reverse.setdefault(MARKUP.sub("", msgstr).strip(), MARKUP.sub("", msgid).strip())
    app._bilingual_titles = reverse
    return reverse


def english_link_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the originals, a link's title in English, as on the English page."""
    if app.builder.format != "html" or next(iter(doctree.findall(original)), None) is None:
        return
    titles = english_titles(app)
    # intersphinx's tooltips, "(in Python v3)", in the page's language
    # (sphinx/ext/intersphinx/_resolve.py), back to their English.
    tooltips = [
        (re.compile(re.escape(str(_(english))).replace("%s", "(.+?)") + "$"), english)
        for english in ("(in %s %s)", "(in %s)")
    ]
    for keep in doctree.findall(original):
        for link in keep.findall(nodes.reference):
            text = link.astext()
            if HAN.search(text) and text.strip() in titles:
                link.children = []
                link += nodes.Text(titles[text.strip()])
            for pattern, english in tooltips:
                tooltip = pattern.match(link.get("reftitle", ""))
                if tooltip:
                    link["reftitle"] = english % tooltip.groups()
                    break


def skip_original(self: Any, node: original) -> None:
    raise nodes.SkipNode


class DropOriginalsOutsideTheSite(SphinxPostTransform):
    """Only the web site's pages can hide and reveal: other outputs get the translation alone."""

    default_priority = 900  # resolved references first: nothing points into a copy

    def is_supported(self) -> bool:
        return not is_website(self.env._builder_cls)  # as SphinxPostTransform.is_supported does

    def run(self, **kwargs: Any) -> None:
        for keep in list(self.document.findall(original)):
            keep.parent.remove(keep)


def visit_original_html(self: HTML5Translator, node: original) -> None:
    self.body.append(f'<script type="text/html" class="original" data-lang="{node["lang"]}">')
    node["body_start"] = len(self.body)


SCRIPT_END = re.compile(r"<(?=/script|!--)", re.IGNORECASE)


def escape_script_text(markup: str) -> str:
    r"""Make *markup* safe inside ``<script>``: ``</script`` would end it early.

    ``<`` becomes ``<\`` before ``/script`` and ``!--``; ``_static/bilingual.js``
    undoes that before it shows the markup.
    """
    return SCRIPT_END.sub("<\\\\", markup)


def depart_original_html(self: HTML5Translator, node: original) -> None:
    start = node.attributes.pop("body_start")
    inner = escape_script_text("".join(self.body[start:]).strip())
    del self.body[start:]
    self.body.append(inner + "</script>\n")


def note_originals(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Tell the template to show the switch, and load its script, on pages that need them."""
    if doctree is None or not is_website(app.builder):
        return
    if next(iter(doctree.findall(original)), None) is not None:
        context["has_originals"] = True
        app.add_js_file(app.config.bilingual_script)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    # In html_static_path; shows the switch and reveals the originals.
    app.add_config_value("bilingual_script", "bilingual.js", "html", types=frozenset({str}))
    app.add_node(original, html=(visit_original_html, depart_original_html))
    app.add_transform(KeepOriginals)
    app.add_transform(DropUntranslatedOriginals)
    app.add_transform(EducateOriginals)
    app.add_post_transform(DropOriginalsOutsideTheSite)
    app.connect("html-page-context", note_originals)
    app.connect("doctree-resolved", english_link_titles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
