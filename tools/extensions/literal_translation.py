"""Translate code blocks as code, and refuse translations that change the code.

Sphinx's Locale transform re-parses a translated literal block as the reST
text ``"::\\n\\n" + code``. With MyST sources that text is Markdown, so every
translated code block turns into a paragraph starting with ``::``
(MyST-Parser issue #444). This transform runs first and puts the msgstr into
the block verbatim: code needs no parsing.

Translators may translate comments. Anything else that differs from the
English (a changed number, a translated string) would change what the
example does, and on a doctested page the published output with it; such a
msgstr is reported with its page and catalog entry and not used.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "default"}


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens that make up what Python code does: everything but comments."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [(t.type, t.string) for t in tokens if t.type not in skip]
    except (tokenize.TokenError, SyntaxError):
        # A fragment tokenize cannot finish: compare lines without comments.
        lines = (line.split("#", 1)[0].rstrip() for line in source.splitlines())
        return [(0, line) for line in lines if line]


def first_difference(original: str, translated: str) -> str:
    """Describe where two code texts differ, ignoring comments."""
    a, b = code_tokens(original), code_tokens(translated)
    for index, (left, right) in enumerate(zip(a, b)):
        if left != right:
            return f"English has {left[1]!r} where the translation has {right[1]!r}"
    if len(a) > len(b):
        return f"the translation lacks {a[len(b)][1]!r} and what follows"
    return f"the translation adds {b[len(a)][1]!r}"


class TranslateLiteralBlocks(SphinxTransform):
    """Replace translatable code blocks with their msgstr, verbatim."""

    # After ExtraTranslatableNodes (10) marks literal blocks as translatable,
    # before Locale (20) would mangle them.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        blocks = [
            node
            for node in self.document.findall(nodes.literal_block)
            if node.get("translatable")
        ]
        for node in blocks:
            # Expected output is what the code prints, in every language:
            # keep it out of the catalogs so no translation can change it.
            if node.get("testnodetype") == "testoutput":
                node["translatable"] = False
        if not self.config.language or self.config.language == "en":
            return
        docname = self.env.docname
        domain = docname_to_domain(docname, self.config.gettext_compact)
        dirs = [self.env.srcdir / d for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language, domain)
        if not has_catalog:
            return
        for node in blocks:
            if not node.get("translatable"):
                continue
            msgid = node.rawsource or node.astext()
            msgstr = catalog.gettext(msgid)
            if not msgstr.strip() or msgstr == msgid:
                continue
            if self.is_python(node) and code_tokens(msgstr) != code_tokens(msgid):
                po = self.catalog_path(domain)
                first_line = msgid.strip().splitlines()[0]
                logger.warning(
                    "translated code block differs from the English beyond "
                    "comments (%s). Only comments may be translated in code; "
                    "fix the msgstr of the entry whose msgid starts with %r in "
                    "%s. The English code is used until then.",
                    first_difference(msgid, msgstr),
                    first_line,
                    po,
                    location=node,
                    type="i18n",
                    subtype="code",
                )
                node["translatable"] = False
                continue
            node.rawsource = msgstr
            node.children = [nodes.Text(msgstr)]
            node["translatable"] = False  # Locale must not touch it again
            node["translated"] = True

    @staticmethod
    def is_python(node: nodes.literal_block) -> bool:
        if node.get("testnodetype") in {"testcode", "testsetup", "testcleanup"}:
            return True
        return node.get("language", "default") in PYTHON

    def catalog_path(self, domain: str) -> str:
        for directory in self.config.locale_dirs:
            path = Path(self.env.srcdir, directory, self.config.language,
                        "LC_MESSAGES", f"{domain}.po")
            if path.is_file():
                try:
                    return str(path.resolve().relative_to(Path.cwd()))
                except ValueError:
                    return str(path.resolve())
        return f"{self.config.language}/LC_MESSAGES/{domain}.po"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(TranslateLiteralBlocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
