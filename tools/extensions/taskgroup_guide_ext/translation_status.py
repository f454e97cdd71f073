"""The ``{translation-status}`` directive: how far each translation has come, page by page.

A table per translation (conf.py's ``languages`` after the first), read from
its catalogs at build time: for each page, the entries translated, fuzzy and
untranslated, and the day its catalog last changed. That day is the date of
the catalog's last commit (``git log``), which every clone agrees on; for a
catalog with changes not committed yet, or outside a git checkout, it is the
file's modification time. The page is read again whenever a catalog changes.
The table's words are template messages, translated through ``sphinx.po``.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.gettext import MsgOrigin
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from taskgroup_guide_ext.catalog_gate import reviewed_catalogs
from taskgroup_guide_ext.site_languages import native_name, site_languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

HTML_TEMPLATES = "sphinx"  # the catalog of the templates' words, not a page
# The table's words, wrapped in _() where they are shown; listed here for sphinx.pot.
MESSAGES = (
    "Page",
    "Translated",
    "Fuzzy",
    "Untranslated",
    "Done",
    "Catalog last changed",
    "The words around the pages (templates)",
    "Total",
    "%(language)s translation",
)


def counts(catalog: polib.POFile) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) entries of a catalog, obsolete ones aside."""
    active = [entry for entry in catalog if not entry.obsolete and entry.msgid]
    fuzzy = sum(bool(entry.msgstr) and entry.fuzzy for entry in active)
    translated = sum(bool(entry.msgstr) and not entry.fuzzy for entry in active)
    return translated, fuzzy, len(active) - translated - fuzzy


def git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def last_changed(path: Path) -> str:
    """The day a file last changed: its last commit's, or its mtime if not committed as it is."""
    # Empty for a file git tracks, unchanged; "?? name" or " M name" otherwise.
    if git(path.parent, "status", "--porcelain", "--", path.name) == "":
        day = (git(path.parent, "log", "-1", "--format=%cs", "--", path.name) or "").strip()
        if day:
            return day
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return mtime.strftime("%Y-%m-%d")


def cell(content: nodes.Node | str) -> nodes.entry:
    # Words already in the page's language (from sphinx.po), and figures:
    # nothing for the page's catalog.
    paragraph = nodes.paragraph(translatable=False)
    paragraph += content if isinstance(content, nodes.Node) else nodes.Text(content)
    return nodes.entry("", paragraph)


def row(*contents: nodes.Node | str) -> nodes.row:
    return nodes.row("", *(cell(content) for content in contents))


def percent(translated: int, fuzzy: int, untranslated: int) -> str:
    total = translated + fuzzy + untranslated
    # Rounded down, as `make status`: 99.6 % is not done.
    return f"{100 * translated // total if total else 100} %"


class TranslationStatus(SphinxDirective):
    """A table per translation: per page, translated / fuzzy / untranslated, and when."""

    has_content = False

    def page_cell(self, page: str) -> nodes.Node:
        if page == HTML_TEMPLATES:
            return nodes.Text(_("The words around the pages (templates)"))
        if page not in self.env.found_docs:
            return nodes.literal(page, page)
        if "orphan" in self.env.metadata.get(page, {}):
            # Not in the navigation, nor in every output (the EPUB leaves the 404 page out).
            return nodes.literal(page, page)
        # The page's title, in the language of the page showing the table.
        reference = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget=f"/{page}",
            refexplicit=False,
            refwarn=True,
        )
        reference += nodes.inline(page, page)
        return reference

    def table(self, language: str, catalogs: dict[str, Path]) -> list[nodes.Node]:
        paths = [catalogs[domain] for domain in sorted(catalogs)]
        days = {path: last_changed(path) for path in paths}
        header = [
            _(word)
            for word in (
                "Page",
                "Translated",
                "Fuzzy",
                "Untranslated",
                "Done",
                "Catalog last changed",
            )
        ]
        body, total = [], [0, 0, 0]
        for path in paths:
            self.env.note_dependency(str(path))
            try:
                found = counts(polib.pofile(str(path)))
            except (OSError, UnicodeDecodeError, ValueError):
                continue  # unreadable: catalog_gate refused it, and said why
            total = [a + b for a, b in zip(total, found)]
            page = next(domain for domain, found in catalogs.items() if found == path)
            body.append(row(self.page_cell(page), *map(str, found), percent(*found), days[path]))
        body.append(
            row(
                nodes.strong("", _("Total")),
                *map(str, total),
                percent(*total),
                max(days.values(), default=""),
            )
        )
        group = nodes.tgroup(cols=len(header))
        group += [nodes.colspec(colwidth=width) for width in (40, 12, 10, 12, 10, 16)]
        group += nodes.thead("", row(*header))
        group += nodes.tbody("", *body)
        title = nodes.title(
            "",
            _("%(language)s translation") % {"language": native_name(language)},
            translatable=False,
        )
        return [nodes.table("", title, group, classes=["translation-status"])]

    def run(self) -> list[nodes.Node]:
        found = []
        for language in site_languages(self.config)[1:]:
            # The reviewed catalogs, in every language's build: the build's own
            # compiled ones hold only what it uses, without fuzzy entries.
            catalogs, _ = reviewed_catalogs(self.config, language)
            if catalogs:
                found += self.table(language, catalogs)
        return found


def add_messages(app: Sphinx) -> None:
    """Put the table's words in sphinx.pot, for sphinx.po."""
    if app.builder.name == "gettext":
        for message in MESSAGES:
            app.builder.catalogs["sphinx"].add(message, MsgOrigin(__file__, 0))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    app.add_directive("translation-status", TranslationStatus)
    app.connect("builder-inited", add_messages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
