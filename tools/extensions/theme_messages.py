"""Put the HTML theme's own words (furo's "On this page", "Back to top") in sphinx.pot.

Sphinx's catalog translates its own templates, not the theme's: on a
Chinese page furo still says "On this page" and "Back to top". Sphinx looks
template messages up in the project's ``sphinx`` catalog
(``locale/<lang>/LC_MESSAGES/sphinx.po``) and the gettext builder writes
``sphinx.pot`` from the templates in ``templates_path``; this adds the theme's
own template folder to that list for the gettext builder only, so
``make update-po`` brings the theme's messages, with ours from
``docs/_templates``, to translators like any other page's.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


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


def add_theme_templates(app: Sphinx) -> None:
    if app.builder.name != "gettext":
        return
    folder = theme_folder(app.config.html_theme)
    if folder is not None and str(folder) not in app.config.templates_path:
        app.config.templates_path = [*app.config.templates_path, str(folder)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", add_theme_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
