"""What the English pages have to translate: the output of ``make gettext``.

The ``.pot`` files give each page's msgids. Which of them are code blocks
the ``.pot`` format cannot say, so that comes from the doctrees of the same
build: the literal blocks Sphinx extracted messages from, found with the
function the gettext builder itself uses.

``sphinx.pot`` is not a page: it holds the words of the HTML templates
(tools/extensions/taskgroup_guide_ext/theme_messages.py), and has no doctree and no code.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

import polib
from docutils import nodes
from sphinx.util.nodes import extract_messages
from taskgroup_guide_ext.translation_gate import language_of

HTML_TEMPLATES = "sphinx"  # the catalog Sphinx translates its templates with


@dataclass(frozen=True)
class Template:
    """One page's messages, in page order."""

    page: str
    msgids: tuple[str, ...]
    # msgid of each code block -> the language it is highlighted as
    code: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Where the English is, for messages."""
        return "the HTML templates" if self.page == HTML_TEMPLATES else f"the page {self.page}"


def code_blocks(doctree_path: Path) -> dict[str, str]:
    """The translatable code blocks of one page's doctree, and their languages."""
    # Sphinx's own pickle, written by the build this run depends on.
    doctree = pickle.loads(doctree_path.read_bytes())
    return {
        msgid: language_of(node)
        for node, msgid in extract_messages(doctree)
        if isinstance(node, nodes.literal_block)
    }


def load(pot_dir: Path, doctree_dir: Path) -> dict[str, Template]:
    """Every page's template, by page name (``taskgroup``, ``sub/page``)."""
    templates = {}
    for pot in sorted(pot_dir.rglob("*.pot")):
        page = pot.relative_to(pot_dir).with_suffix("").as_posix()
        msgids = tuple(entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid)
        code = {} if page == HTML_TEMPLATES else code_blocks(doctree_dir / f"{page}.doctree")
        templates[page] = Template(page, msgids, code)
    return templates
