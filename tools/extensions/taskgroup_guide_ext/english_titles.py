"""Mark English titles inside translated text as English (``lang="en"``).

A Chinese page cites books and articles by their English titles
(``*Python Concurrency with asyncio*``); a screen reader reading them with
Chinese voice and rules mangles them, and a browser hyphenates and picks
fonts by the wrong language (WCAG 3.1.2, language of parts). On a
translated page, the text of an emphasis or of a link that is in Latin
letters only, of two words or more, inside a paragraph in another script,
is wrapped in ``<span lang="en">`` (the source language's tag). Single
words (parameter names like *timeout*) and code are left alone, and so are
the hidden English originals (``bilingual.py``), which carry their own
``lang``.

A link whose text was translated but which leads to a page in English says
so: "如何取消 asyncio 任务（英文）", the translation of "(in English)" from
sphinx.po. A link leads to English unless its address names the page's
language (``/zh-cn/``, as the Chinese Python docs do) or is a source file
(``/blob/``: code reads the same in every language).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

from taskgroup_guide_ext.site_languages import bcp47, rtd_code, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

# Letters and punctuation of the scripts the guide is translated into (CJK
# punctuation, kana, Han, Hangul, full-width forms): "*Title*，author。" is
# Chinese text around an English title.
OTHER_SCRIPT = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
LATIN_WORDS = re.compile(r"^[A-Za-z0-9][\w.'’:!?,&()\-]*(?:\s+[\w.'’:!?,&()\-]+)+$", re.ASCII)


class foreign(nodes.inline):
    """Text in another language than the page's; other writers see an inline."""


def is_english_title(node: nodes.Element) -> bool:
    text = node.astext().strip()
    if (
        OTHER_SCRIPT.search(text)
        or not LATIN_WORDS.match(text)
        or any(isinstance(n, nodes.literal) for n in node.findall())
    ):
        return False
    # The text around it: the nearest element that is not inline markup.
    around = node.parent
    while isinstance(around, nodes.Inline):
        around = around.parent
    return around is not None and bool(OTHER_SCRIPT.search(around.astext()))


ENGLISH_ONLY = "(in English)"


def leads_to_english(node: nodes.reference, language: str) -> bool:
    uri = node.get("refuri", "")
    if not uri.startswith(("http://", "https://")) or "/blob/" in uri:
        return False
    return f"/{rtd_code(language)}/" not in uri.lower() and f"/{language}/" not in uri


class MarkEnglishTitles(SphinxPostTransform):
    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        source = source_language(self.config)
        if not self.config.language or self.config.language == source:
            return
        for node in list(
            self.document.findall(lambda n: isinstance(n, (nodes.emphasis, nodes.reference)))
        ):
            if any(type(a).__name__ == "original" for a in _ancestors(node)):
                continue
            if (
                node.children
                and not isinstance(node.children[0], foreign)
                and is_english_title(node)
            ):
                wrapper = foreign("", "", lang=bcp47(source))
                wrapper.extend(node.children)
                node.children = []
                node += wrapper


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def visit_foreign(self: HTML5Translator, node: foreign) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_foreign(self: HTML5Translator, node: foreign) -> None:
    self.body.append("</span>")


def mark_english_only(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """After the links' final addresses are known (intersphinx_language.py's
    doctree-resolved handler points Python's docs at the Chinese edition)."""
    language = app.config.language
    if app.builder.format != "html" or not language or language == source_language(app.config):
        return
    for node in doctree.findall(nodes.reference):
        if any(type(a).__name__ == "original" for a in _ancestors(node)):
            continue
        if OTHER_SCRIPT.search(node.astext()) and leads_to_english(node, language):
            node += nodes.Text(_(ENGLISH_ONLY))


def add_message(app: Sphinx) -> None:
    """The marker's English, in sphinx.pot for translators."""
    if app.builder.name == "gettext":
        app.builder.catalogs["sphinx"].add(ENGLISH_ONLY, MsgOrigin("english_titles.py", 0))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(foreign, html=(visit_foreign, depart_foreign))
    app.connect("builder-inited", add_message)
    app.connect("doctree-resolved", mark_english_only, priority=900)
    app.add_post_transform(MarkEnglishTitles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
