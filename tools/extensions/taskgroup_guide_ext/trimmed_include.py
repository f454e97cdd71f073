"""``literalinclude`` without the blank lines that end a partial view.

A view of part of a script, ``:start-at:`` one comment and ``:end-before:``
the next, ends with the blank lines that separate the two in the file
(PEP 8 puts two before a top-level ``def``): the code box then ends with two
empty lines. This directive is Sphinx's, with those trailing blank lines
dropped before the translation catalogs see the block, so the msgid and the
page agree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.directives.code import LiteralInclude

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def trim(text: str) -> str:
    """The text without trailing blank lines; its final newline is kept."""
    return re.sub(r"\n\s*\Z", "\n", text)


class TrimmedLiteralInclude(LiteralInclude):
    def run(self) -> list[nodes.Node]:
        result = super().run()
        for node in result:
            for block in node.findall(nodes.literal_block):
                text = trim(block.astext())
                block.rawsource = text
                block.children = [nodes.Text(text)]
        return result


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("literalinclude", TrimmedLiteralInclude, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
