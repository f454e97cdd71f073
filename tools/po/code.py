"""Code blocks: only the comments of Python code may be translated.

The build refuses such a msgstr too (``literal_translation``), with the same
comparison; this check says so before the build, with the catalog's line.
Code blocks are never read as Markdown: ``#``, ``*args`` and ``<`` are code.
"""

from __future__ import annotations

import io
import tokenize

from tools.extensions.literal_translation import code_tokens, first_difference


def compare(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(what, fix) if translated Python code does something else than the English."""
    if code_tokens(msgstr) == code_tokens(msgid):
        return []
    return [(f"the code differs from the msgid beyond comments: {first_difference(msgid, msgstr)}",
             "only comments may be translated in code: copy the code from the msgid and "
             "translate only the text after each #")]


def comments(source: str) -> str:
    """The comments of Python code: the prose of a code block."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return "\n".join(t.string for t in tokens if t.type == tokenize.COMMENT)
    except (tokenize.TokenError, SyntaxError):
        # A fragment tokenize cannot finish: what follows a # on each line.
        return "\n".join(line.partition("#")[2] for line in source.splitlines() if "#" in line)
