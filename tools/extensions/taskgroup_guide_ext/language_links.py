"""Link every page to the same page in the site's other languages: switcher and hreflang.

Each language is its own build: ``make html`` writes ``_build/html/<lang>/``,
and Read the Docs serves one project per language, linked as translations,
at ``https://<host>/<rtd-lang>/<version>/``. So the address of a page in
another language is computed at build time:

* when ``html_baseurl`` is set (conf.py takes it from Read the Docs'
  ``READTHEDOCS_CANONICAL_URL``), by putting the other language's code in
  place of this one's in that URL: absolute links, as hreflang wants;
* otherwise relative to the page, ``../<lang>/<page>.html``, which is right
  for the local build and for any host that lays the builds out side by side.

The page gets a ``<link rel="alternate" hreflang>`` per language and an
``x-default`` (the source language), and the template ``languages.html``
(``language_links_template``) is put in the sidebar under the site's name,
with each language named in that language.

A page with no counterpart can name another page to link to, by setting
``language_links_pagename`` in its context before this handler runs (the
404 page links to the other languages' start pages).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from taskgroup_guide_ext.rtd_language import gettext_code
from taskgroup_guide_ext.site_languages import (
    bcp47,
    is_website,
    native_name,
    rtd_code,
    site_languages,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

# After furo's handler (500) and before the ones that read these links.
PRIORITY = 550


def language_base(config: Config, language: str) -> str | None:
    """The absolute URL of *language*'s root, when the build knows its own.

    ``https://host/en/latest/`` -> ``https://host/zh-cn/latest/``: the path
    segment naming this build's language is replaced. ``None`` when there is
    no base URL, or it names no language (a single-language domain).
    """
    if not config.html_baseurl:
        return None
    parts = urlsplit(config.html_baseurl)
    segments = parts.path.split("/")
    for index, segment in enumerate(segments):
        if segment and gettext_code(segment) == config.language:
            segments[index] = rtd_code(language)
            path = "/".join(segments)
            return urlunsplit(parts._replace(path=path.rstrip("/") + "/"))
    return None


def page_url(config: Config, target: str, language: str) -> str:
    """Where the page whose output path is *target* lives in *language*."""
    base = language_base(config, language)
    if base is not None:
        return base + target
    # Up out of this page's directories and this language's, then down.
    return "../" * (target.count("/") + 1) + language + "/" + target


def language_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    config = app.config
    target = app.builder.get_target_uri(pagename)
    return [
        {
            "code": language,
            "hreflang": bcp47(language),
            "name": native_name(language),
            "url": page_url(config, target, language),
            "current": language == config.language,
        }
        for language in site_languages(config)
    ]


def add_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_website(app.builder) or not app.config.language:
        return
    linked = context.get("language_links_pagename", pagename)
    links = language_links(app, linked)
    context["language_links"] = links

    sidebars = context.get("sidebars")
    template = app.config.language_links_template
    if isinstance(sidebars, list) and template and template not in sidebars:
        # Under the site's name, above the search box (furo's sidebar).
        at = sidebars.index("sidebar/brand.html") + 1 if "sidebar/brand.html" in sidebars else 0
        sidebars.insert(at, template)

    if linked != pagename:
        return  # not the same page in the other languages: no hreflang
    tags = [
        f'<link rel="alternate" hreflang="{link["hreflang"]}" href="{html.escape(link["url"])}">'
        for link in links
    ]
    default = links[0]  # the source language
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(default["url"])}">')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    # A template in templates_path; empty for no switcher (hreflang only).
    app.add_config_value(
        "language_links_template", "languages.html", "html", types=frozenset({str})
    )
    app.connect("html-page-context", add_links, priority=PRIORITY)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
