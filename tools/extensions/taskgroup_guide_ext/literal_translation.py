"""Translate code blocks as code, and refuse translations that change the code.

Sphinx's Locale transform re-parses a translated literal block as the reST
text ``"::\\n\\n" + code``. With MyST sources that text is Markdown, so every
translated code block turns into a paragraph starting with ``::``
(MyST-Parser issue #444). This transform runs first and puts the msgstr into
the block verbatim: code needs no parsing.

Which code translations may be used at all is ``translation_gate``'s decision
(priority 12, before this one): it refuses any msgstr whose code differs from
the English beyond its comments, and keeps expected output out of the
catalogs; what reaches this transform is only what passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class TranslateLiteralBlocks(SphinxTransform):
    """Replace translatable code blocks with their msgstr, verbatim."""

    # After ExtraTranslatableNodes (10) marks literal blocks as translatable,
    # before Locale (20) would mangle them.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        blocks = [
            node for node in self.document.findall(nodes.literal_block) if node.get("translatable")
        ]
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
            node.rawsource = msgstr
            node.children = [nodes.Text(msgstr)]
            node["translatable"] = False  # Locale must not touch it again
            node["translated"] = True


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.translation_gate")
    app.add_transform(TranslateLiteralBlocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
