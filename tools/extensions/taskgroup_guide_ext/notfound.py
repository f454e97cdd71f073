"""Make the 404 page (docs/404.md) work at any address it is served for.

Read the Docs answers a missing ``/en/latest/a/b/c.html`` with
``/en/latest/404.html``, without redirecting: the browser resolves the page's
links against the address it asked for, and Sphinx's relative links
(``_static/...``, ``index.html``) all break. So after the build every relative
URL in the 404 page is made absolute from the site's root, with the path of
``html_baseurl`` (``/en/latest/`` on Read the Docs) or, without one,
``/<language>/`` (the local layout, ``_build/html/<language>/``, served
from ``_build/html``).

The page also gets ``robots: noindex``, and its language switcher leads
to the other languages' start pages: a missing page is missing in each.
Keep it out of the search index with ``nosearch: true`` in its front matter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from taskgroup_guide_ext.site_languages import is_website

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

URL_ATTRIBUTE = re.compile(r'(?P<name>\s(?:href|src|action|data-content_root))="(?P<url>[^"]*)"')


def site_prefix(app: Sphinx) -> str:
    """The path the site's root is served at: ``/en/latest/`` or ``/en/``."""
    if app.config.notfound_prefix:
        return "/" + app.config.notfound_prefix.strip("/") + "/"
    if app.config.html_baseurl:
        return "/" + urlsplit(app.config.html_baseurl).path.strip("/") + "/"
    return f"/{app.config.language}/"


def absolute(url: str, prefix: str) -> str:
    """Resolve a page-relative URL from the site's root; leave the others."""
    if not url or url.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    parts = urlsplit(urljoin("http://site" + prefix, url))
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def rewrite(html: str, prefix: str) -> str:
    return URL_ATTRIBUTE.sub(lambda m: f'{m["name"]}="{absolute(m["url"], prefix)}"', html)


def mark_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != app.config.notfound_page or not is_website(app.builder):
        return
    context["language_links_pagename"] = app.config.root_doc
    context["metatags"] = context.get("metatags", "") + '\n<meta name="robots" content="noindex">\n'


def rewrite_page(app: Sphinx, exception: Exception | None) -> None:
    if exception or not is_website(app.builder) or app.builder.name == "singlehtml":
        return
    page = app.config.notfound_page
    if page not in app.env.found_docs:
        return
    path = app.outdir / app.builder.get_target_uri(page)
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    path.write_text(rewrite(html, site_prefix(app)), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    # The page's docname; the page itself is an ordinary (orphan) page.
    app.add_config_value("notfound_page", "404", "html", types=frozenset({str}))
    # Where the site's root is served; empty: from html_baseurl, else /<language>/.
    app.add_config_value("notfound_prefix", "", "html", types=frozenset({str}))
    # Before language_links (550) reads language_links_pagename.
    app.connect("html-page-context", mark_page, priority=400)
    app.connect("build-finished", rewrite_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
