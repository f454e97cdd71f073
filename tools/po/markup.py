"""A msgstr's prose as MyST's tokenizer reads it: for the terms, spacing and titles checks.

Whether a msgstr's markup is safe to publish is not decided here: the build
compares each msgstr's node tree with its msgid's
(tools/extensions/taskgroup_guide_ext/translation_gate.py). These checks are about wording: the
words a reader sees as prose (for the glossary), and the cross-references
into other docs that would show an English title on a translated page.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from tools.po import site_config

# Sphinx's explicit_title_re: {role}`title <target>`.
EXPLICIT_TITLE = re.compile(r"^(.+?)\s*<([^<]*?)>$", re.DOTALL)
# Roles whose default text is the title of a section of another project's docs,
# which the stored inventory has in English only.
TITLED_ELSEWHERE = re.compile(r"^external\+[\w-]+:(?:std:)?(?:ref|doc)$")


@functools.cache
def parser() -> MarkdownIt:
    """MyST's parser, with the ``myst_*`` options of conf.py."""
    options = {
        name.removeprefix("myst_"): value
        for name, value in vars(site_config()).items()
        if name.startswith("myst_")
    }
    return create_md_parser(MdParserConfig(**options), RendererHTML)


def prose(text: str) -> str:
    """The words of ``text`` a reader sees as prose: no code, no URLs, no role targets."""
    words = []
    for token in parser().parse(text):
        for child in token.children or ():
            if child.type == "text":
                words.append(child.content)
            elif child.type == "myst_role" and (explicit := EXPLICIT_TITLE.match(child.content)):
                words.append(explicit[1])
    return " ".join(words)


def untitled_external(msgstr: str) -> list[tuple[str, str]]:
    """(what, fix) for each cross-reference into other docs that would show an English title."""
    found = []
    for token in parser().parse(msgstr):
        for child in token.children or ():
            if (
                child.type == "myst_role"
                and TITLED_ELSEWHERE.match(child.meta["name"])
                and not EXPLICIT_TITLE.match(child.content)
            ):
                found.append(
                    (
                        f"the cross-reference {{{child.meta['name']}}}`{child.content}` shows the "
                        "English title of that section on the translated page",
                        f"give it the title in the translation: {{{child.meta['name']}}}"
                        f"`译文 <{child.content}>`, as the Chinese Python docs title it",
                    )
                )
    return found
