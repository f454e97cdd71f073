"""Chinese punctuation after Sphinx's own words on Chinese pages ("在 3.11 版本加入。").

Sphinx writes the label of a version note from its catalog ("在 %s 版本加入")
and then a full stop or a colon of its own, in ASCII, outside the catalog
(``sphinx/domains/changeset.py``: ``'%s.'``, ``'%s: '``). On a page in a
language written with full-width punctuation they become ``。`` and ``：``
(not in the English originals of ``bilingual.py``, which read as the English
page does).
(sphinx-copybutton's "复制成功!" is replaced by the translation of
"Copied!" in sphinx.po, by ``_static/guide.js``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Languages written with full-width punctuation.
FULL_WIDTH = ("zh", "ja")
ENDINGS = {".": "。", ": ": "：", ":": "："}


def in_english_original(node: nodes.Node) -> bool:
    """Inside one of bilingual.py's English originals (which keep the English page's text)."""
    parent = node.parent
    while parent is not None:
        if type(parent).__name__ == "original":
            return True
        parent = parent.parent
    return False


class VersionNotePunctuation(SphinxPostTransform):
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if not (self.config.language or "").startswith(FULL_WIDTH):
            return
        for label in self.document.findall(nodes.inline):
            if "versionmodified" not in label["classes"] or not label.children:
                continue
            if in_english_original(label):
                continue  # bilingual.py's English original: English punctuation
            if not isinstance(label[-1], nodes.Text):
                continue
            text = str(label[-1])
            for ascii_end, full_width in ENDINGS.items():
                if text.endswith(ascii_end):
                    label[-1] = nodes.Text(text[: -len(ascii_end)] + full_width)
                    break


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_post_transform(VersionNotePunctuation)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
