"""``sitemap.xml`` for each language's build, with hreflang alternates for every page.

Search engines find every page, and each page's twins in the other languages
(``<xhtml:link rel="alternate" hreflang>``, as Google documents for sitemaps),
from the same addresses as the pages' own ``<link rel="alternate">``
(``language_links.page_url``). A sitemap needs absolute addresses: it is
written only when the build knows its own (``html_baseurl``, which conf.py
takes from Read the Docs); no address is made up. The 404 page is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from taskgroup_guide_ext.language_links import language_base, page_url
from taskgroup_guide_ext.site_languages import bcp47, site_languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

LEFT_OUT = {"404"}


def sitemap(app: Sphinx) -> str:
    config = app.config
    languages = site_languages(config)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for docname in sorted(app.env.found_docs - LEFT_OUT):
        target = app.builder.get_target_uri(docname)
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(page_url(config, target, config.language))}</loc>")
        for language in languages:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{bcp47(language)}"'
                f" href={quoteattr(page_url(config, target, language))}/>"
            )
        lines.append(
            f'    <xhtml:link rel="alternate" hreflang="x-default"'
            f" href={quoteattr(page_url(config, target, languages[0]))}/>"
        )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.builder.name != "html":
        return
    if not app.config.language or language_base(app.config, app.config.language) is None:
        return  # no absolute address known: no sitemap
    Path(app.outdir, "sitemap.xml").write_text(sitemap(app), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.language_links")
    app.connect("build-finished", write_sitemap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
