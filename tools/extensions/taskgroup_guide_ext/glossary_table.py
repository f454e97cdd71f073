"""The ``{glossary-table}`` directive: the translators' glossary, as a table for readers.

The glossary CSV (``locale/zh_CN/glossary.csv``) is the one list of the
guide's terms and their agreed translations, with the reasons; the
catalog checks and the Chinese search read it too. This directive makes
it a page, at build time, in every language: each row is the English
term, its translation and the note. Columns are read by their header
names (``term``, ``translation``, ``note``), so a column added to the file
changes nothing here.

The header labels are the directive's body, one per line, translated like
any other text of the page; the rows are data, not text to translate
(they have no source line, so Sphinx leaves them out of the catalogs).
The English term and the translation are marked with their languages.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from taskgroup_guide_ext.english_titles import foreign
from taskgroup_guide_ext.site_languages import bcp47, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

COLUMNS = ("term", "translation", "note")


def glossary_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a glossary CSV, by column name; rows without a term are skipped."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{path}: no column {', '.join(missing)} in the header "
                f"{','.join(reader.fieldnames or [])!r}"
            )
        return [
            {c: (row[c] or "").strip() for c in COLUMNS}
            for row in reader
            if (row["term"] or "").strip()
        ]


class GlossaryTable(SphinxDirective):
    """``{glossary-table} ../locale/zh_CN/glossary.csv`` with three header labels as its body."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0]
        path = Path(self.env.relfn2path(argument)[1])
        if not path.is_file():
            raise self.error(f"glossary {argument!r} not found: expected a CSV file at {path}")
        labels = [line.strip() for line in self.content if line.strip()]
        if len(labels) != len(COLUMNS):
            raise self.error(
                f"give {len(COLUMNS)} header labels, one per line "
                f"(for the columns {', '.join(COLUMNS)}); got {len(labels)}"
            )
        try:
            rows = glossary_rows(path)
        except ValueError as error:
            raise self.error(str(error)) from None
        self.env.note_dependency(str(path))

        # The language of each column: the English term, the translation's
        # language (the folder the CSV lives in: locale/<lang>/), the note.
        source = bcp47(source_language(self.config))
        target = bcp47(path.parent.name)
        tags = (source, target, source)

        table = nodes.table(classes=["glossary-table"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in (2, 2, 6))
        head = nodes.thead()
        header = nodes.row()
        for label in labels:
            paragraph = nodes.paragraph(label, label)
            self.set_source_info(paragraph)  # translatable: a catalog entry each
            header += nodes.entry("", paragraph)
        head += header
        body = nodes.tbody()
        for row in rows:
            line = nodes.row()
            for column, tag in zip(COLUMNS, tags):
                text = row[column]
                paragraph = nodes.paragraph()
                paragraph += foreign(text, text, lang=tag) if text else nodes.Text("")
                line += nodes.entry("", paragraph)
            body += line
        group += head
        group += body
        return [table]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.english_titles")  # its foreign node
    app.add_directive("glossary-table", GlossaryTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
