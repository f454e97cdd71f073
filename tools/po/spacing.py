"""Spacing: one space between Chinese text and inline code, a link or a cross-reference.

The rule (docs/contributing.md, "Spaces around code and links") is the one the
Chinese Python documentation follows: a half-width space separates inline
markup from a Han character next to it, and no space separates it from
full-width punctuation (，。：；（）“” ...) or from the start or end of the text.

The msgstr is read with MyST's parser, as the build reads it (markup.parser),
so what counts as a link or as code is what the page shows: the characters
next to a ``code_inline`` token, a whole link (``link_open`` ... ``link_close``)
or a ``myst_role``, in the text tokens on either side. Markup next to other
markup (emphasis, a second link) is left alone.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from tools.po.markup import parser

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Full-width punctuation that carries its own spacing.
PUNCTUATION = set("，。、；：？！（）【】《》〈〉「」『』“”‘’…—～·")
NAMES = {"code_inline": "inline code", "link": "the link", "myst_role": "the cross-reference"}
FIX = (
    "put one space between inline code, a link or a cross-reference and the Chinese text "
    "next to it, and none next to Chinese punctuation (docs/contributing.md)"
)


def spans(children: list[Token]) -> list[tuple[str, str, int, int]]:
    """(kind, shown as, index before, index after) of each code, link and role."""
    found, start = [], None
    for index, token in enumerate(children):
        if token.type == "link_open" and start is None:
            start = index
        elif token.type == "link_close" and start is not None:
            text = "".join(t.content for t in children[start + 1 : index])
            found.append(("link", f"[{text}]", start - 1, index + 1))
            start = None
        elif start is None and token.type == "code_inline":
            found.append(("code_inline", f"`{token.content}`", index - 1, index + 1))
        elif start is None and token.type == "myst_role":
            found.append(
                ("myst_role", f"{{{token.meta['name']}}}`{token.content}`", index - 1, index + 1)
            )
    return found


def neighbour(children: list[Token], index: int, side: int) -> str | None:
    """The text next to a span (``side`` -1: its end; 1: its start), or None if not text."""
    if not 0 <= index < len(children):
        return ""  # the start or the end of the paragraph
    token = children[index]
    if token.type in {"softbreak", "hardbreak"}:
        return " "
    if token.type != "text":
        return None
    return token.content[::-1] if side == -1 else token.content


def problems(text: str) -> list[tuple[str, str]]:
    """(what, fix) for each inline markup of ``text`` spaced against the rule."""
    found = []
    for block in parser().parse(text):
        children = block.children or []
        for kind, shown, before, after in spans(children):
            for index, side, where in ((before, -1, "before"), (after, 1, "after")):
                chars = neighbour(children, index, side)
                if not chars:
                    continue
                first = chars[0]
                if HAN.match(first):
                    found.append(
                        (f"no space {where} {NAMES[kind]} {shown}, next to {first!r}", FIX)
                    )
                elif first == " " and len(chars) > 1 and chars[1] in PUNCTUATION:
                    found.append(
                        (f"a space {where} {NAMES[kind]} {shown}, next to {chars[1]!r}", FIX)
                    )
    return found
