"""The EPUB's metadata in the book's language: title, description, language code, identifier.

Sphinx's EPUB builder takes its title from ``project``, writes
``config.language`` (``zh_CN``) as ``dc:language``, which is not a language
tag (BCP 47: ``zh-CN``), and calls the book's identifier and description
"unknown". This sets them from the language the build is for, after
``-D language=...`` and ``READTHEDOCS_LANGUAGE`` have been applied:

- ``epub_title``: the site's title (``html_title``) and ``epub_description``,
  translated through ``sphinx.po``, where theme_messages.py puts them;
- ``epub_language``: the language tag (``zh-CN``);
- ``epub_contributor``: the ``author`` (Sphinx's default is "unknown");
- ``epub_identifier`` and ``epub_uid``: a UUID made from ``project`` and the
  language, so each language's book keeps one identifier from build to build
  (a reading system tells books apart by it, and knows a new build as the
  same book). Both, because Sphinx writes ``epub_uid`` as the NCX's
  ``dtb:uid``, which must equal the identifier, and as an XML id: so the
  identifier is ``uuid-...``, not ``urn:uuid:...`` (no colon in an id).

A value conf.py sets to something else is kept.

And the builder is Sphinx's, with three changes: each page says its
language (``<html lang xml:lang>``), the table of contents is titled in the
book's language (Sphinx's says "Table of Contents" in every language), and
the manifest declares the pages that hold an inline SVG (the
task timelines) with ``properties="svg"``, as EPUB 3 requires and Sphinx's
template cannot say.
"""

from __future__ import annotations

import html
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import unquote

from sphinx.builders._epub_base import GUIDE_TITLES
from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.locale import _

from taskgroup_guide_ext.site_languages import bcp47

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

UNSET = "unknown"  # Sphinx's default for epub_identifier, _uid, _description, _contributor


def book_identifier(project: str, language: str) -> str:
    """``uuid-...``, the same for a project and a language on every build."""
    return f"uuid-{uuid.uuid5(uuid.NAMESPACE_URL, f'urn:sphinx-epub:{project}:{bcp47(language)}')}"


def set_metadata(app: Sphinx, config: Config) -> None:
    language = config.language or "en"
    if config.epub_title == config.project:  # Sphinx's default
        config.epub_title = _(config.html_title or config.project)
    if config.epub_description != UNSET:
        config.epub_description = _(config.epub_description)
    if config.epub_contributor == UNSET:  # a reading system would show "unknown"
        config.epub_contributor = config.author
    if config.epub_language == language:  # Sphinx's default: the gettext code
        config.epub_language = bcp47(language)
    if config.epub_identifier == UNSET == config.epub_uid:
        config.epub_identifier = config.epub_uid = book_identifier(config.project, language)
        config.epub_scheme = "uuid"


OPF = "http://www.idpf.org/2007/opf"
NAMESPACES = {"": OPF, "dc": "http://purl.org/dc/elements/1.1/", "opf": OPF}
SVG = "{http://www.w3.org/2000/svg}svg"


def declare_svg_pages(opf_path: Path) -> list[str]:
    """Add ``properties="svg"`` to the manifest items of pages with inline SVG; their hrefs."""
    for prefix, uri in NAMESPACES.items():
        if prefix != "opf":
            ET.register_namespace(prefix, uri)
    tree = ET.parse(opf_path)
    declared = []
    for item in tree.getroot().iter(f"{{{OPF}}}item"):
        if item.get("media-type") != "application/xhtml+xml" or item.get("properties"):
            continue
        page = opf_path.parent / unquote(item.get("href"))
        if next(ET.parse(page).getroot().iter(SVG), None) is not None:
            item.set("properties", "svg")
            declared.append(item.get("href"))
    tree.write(opf_path, encoding="UTF-8", xml_declaration=True)
    return declared


class Epub3BookBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder; its manifest declares the pages with inline SVG."""

    @property
    def html_tag(self) -> str:
        # Sphinx's pages say no language (the package does): a reading system
        # picks fonts and line breaking for each page from its own.
        lang = html.escape(self.config.epub_language)
        return HTML_TAG.replace(">", f' lang="{lang}" xml:lang="{lang}">')

    @property
    def guide_titles(self) -> dict[str, str]:
        # Sphinx's table of contents is called "Table of Contents" in every
        # language; its own catalogs translate the words.
        return {key: _(title) for key, title in GUIDE_TITLES.items()}

    def build_content(self) -> None:
        super().build_content()
        declare_svg_pages(self.outdir / "content.opf")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.builders.epub3")  # its epub_* values exist first
    app.add_builder(Epub3BookBuilder, override=True)
    app.connect("config-inited", set_metadata)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
