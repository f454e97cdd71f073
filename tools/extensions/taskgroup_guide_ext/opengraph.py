"""Open Graph tags and a description for each page, in the page's language.

A link shared in a chat or a feed shows the page's title and description:
``og:title``, ``og:description``, ``og:type``, ``og:site_name``,
``og:locale`` (``en_US``, ``zh_CN``) with ``og:locale:alternate`` for the
other languages, and ``og:url`` when the build knows its address
(``html_baseurl``). The card's picture is ``og:image``
(``opengraph_image``, a file of ``html_static_path``): absolute when the
build knows its address, relative to the page otherwise. Nothing is fetched
from anywhere.

The description is the page's own ``description`` meta, when its front matter
sets one (``html_meta: {description: ...}``: Sphinx puts meta content in the
catalog, so it is translated like the text), or else its first paragraph,
shortened; on a translated page that paragraph is already translated.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from taskgroup_guide_ext.site_languages import is_website, og_locale, site_languages
from taskgroup_guide_ext.wide import is_wide

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Chinese punctuation where a shortened description may stop.
CJK_BREAKS = "，。；：、！？）」』"


def shorten(text: str, limit: int) -> str:
    """Cut *text* to about *limit* characters, at a word or clause boundary.

    Wide characters (Han, kana: :func:`~taskgroup_guide_ext.wide.is_wide`) carry about
    twice the meaning of Latin letters, and take twice the width in a preview: they
    count double.
    """
    text = " ".join(text.split())
    width = 0
    for index, char in enumerate(text):  # noqa: B007  (index is read after the loop)
        width += 2 if is_wide(char) else 1
        if width > limit:
            break
    else:
        return text
    cut = text[:index]
    breaks = [cut.rfind(c) + 1 for c in CJK_BREAKS] + [cut.rfind(" ")]
    at = max(breaks)
    if at > len(cut) // 2:
        cut = cut[:at]
    return cut.rstrip(" ,;:，；：、") + "…"


def is_page_text(node: nodes.Node) -> bool:
    """Not a hidden original, or anything else kept out of search."""
    while node is not None:
        if isinstance(node, nodes.Element) and "no-search" in node.get("classes", ()):
            return False
        node = node.parent
    return True


def page_description(doctree: nodes.document, limit: int) -> str:
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description" and meta.get("content"):
            return meta["content"]
    for paragraph in doctree.findall(nodes.paragraph):
        if is_page_text(paragraph) and paragraph.astext().strip():
            return shorten(paragraph.astext(), limit)
    return ""


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup or "")).strip()


def add_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if not is_website(app.builder):
        return
    config = app.config
    site = plain(context.get("docstitle") or config.project)
    title = plain(context.get("title", "")) or site
    description = page_description(doctree, config.opengraph_description_length) if doctree else ""
    language = config.language or "en"
    properties = [
        ("og:title", title),
        ("og:type", "website" if pagename == config.root_doc else "article"),
        ("og:site_name", site),
        ("og:locale", og_locale(language)),
        *(
            ("og:locale:alternate", og_locale(other))
            for other in site_languages(config)
            if other != language
        ),
    ]
    if description:
        properties.append(("og:description", description))
    if context.get("pageurl"):
        properties.append(("og:url", context["pageurl"]))
    image = config.opengraph_image
    if image:
        path = f"_static/{image}"
        url = (
            config.html_baseurl.rstrip("/") + "/" + path
            if config.html_baseurl
            else context["pathto"](path, 1)
        )
        properties.append(("og:image", url))
        properties.append(("og:image:alt", site))
    tags = [f'<meta property="{p}" content="{html.escape(v)}">' for p, v in properties]
    metatags = context.get("metatags", "")
    if description and 'name="description"' not in metatags:
        tags.append(f'<meta name="description" content="{html.escape(description)}">')
    tags.append(
        f'<meta name="twitter:card" content="{"summary_large_image" if image else "summary"}">'
    )
    context["metatags"] = metatags + "\n" + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    # In Latin characters; a Han character counts as two.
    app.add_config_value("opengraph_description_length", 200, "html", types=frozenset({int}))
    # A picture for link previews, in html_static_path; "" for none.
    app.add_config_value("opengraph_image", "", "html", types=frozenset({str}))
    app.connect("html-page-context", add_tags)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
