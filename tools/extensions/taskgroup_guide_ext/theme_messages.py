"""Put the HTML theme's own words (furo's "On this page", "Back to top") in sphinx.pot.

Sphinx's catalog translates its own templates, not the theme's: on a
Chinese page furo still says "On this page" and "Back to top". Sphinx looks
template messages up in the project's ``sphinx`` catalog
(``locale/<lang>/LC_MESSAGES/sphinx.po``) and the gettext builder writes
``sphinx.pot`` from the templates in ``templates_path``; this puts the
theme's own template messages into that catalog too, for the gettext builder
only, so ``make update-po`` brings the theme's messages, with ours from
``docs/_templates``, to translators like any other page's.

The theme's messages go in first, read in the order of their paths inside
the theme's folder, before Sphinx reads ``templates_path``. (Added to
``templates_path``, the theme's folder would be sorted with ours by absolute
path, so ``sphinx.pot``'s order would depend on where the virtual
environment lives.)

The site's title (``html_title``), which the theme shows in the sidebar,
the browser tab and ``og:site_name``, and the copyright line of the footer
(``copyright``) are config values, not template words: they go to
``sphinx.pot`` too, and each page is rendered with their translations. So
does the EPUB's description (``epub_description``, which ebook.py
translates, with the title, for the book's metadata).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


# Config values a reader sees, translated where they are shown: the site's
# title (here, below) and the EPUB's description (ebook.py).
CONFIG_MESSAGES = ("html_title", "copyright", "epub_description")


def theme_folder(name: str) -> Path | None:
    """The template folder of an installed theme (furo/theme/furo/).

    Found from the theme's package without loading it as an extension: a
    loaded theme would act on the gettext build (furo rewrites CSS files
    at the end of any build). Only the theme's own folder: the themes it
    inherits from are Sphinx's (basic), translated by Sphinx's catalog.
    """
    for entry in entry_points(group="sphinx.html_themes"):
        if entry.name != name:
            continue
        package = Path(import_module(entry.module.partition(":")[0]).__file__).parent
        for marker in (*package.rglob("theme.toml"), *package.rglob("theme.conf")):
            if marker.parent.name == name:
                return marker.parent
    return None


def add_theme_messages(app: Sphinx) -> None:
    if app.builder.name != "gettext":
        return
    catalog = app.builder.catalogs["sphinx"]
    for name in CONFIG_MESSAGES:
        if (text := getattr(app.config, name, "")) and text != "unknown":
            catalog.add(text, MsgOrigin("conf.py", 0))
    folder = theme_folder(app.config.html_theme)
    if folder is None:
        return
    # The gettext builder's own reading of templates_path, on one folder,
    # with paths relative to it: the same messages wherever the theme is.
    extract = app.builder.templates.environment.extract_translations
    templates = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    for name in templates:
        origin = f"{app.config.html_theme}/{name}"
        for line, _function, message in extract((folder / name).read_text("utf-8")):
            catalog.add(message, MsgOrigin(origin, line))


def translate_site_title(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Render the page with the site's title and copyright in its language (sphinx.po)."""
    for name in ("docstitle", "copyright"):
        if context.get(name):
            context[name] = _(context[name])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", add_theme_messages)
    # Before opengraph.py (priority 500) reads the title for og:site_name.
    app.connect("html-page-context", translate_site_title, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
