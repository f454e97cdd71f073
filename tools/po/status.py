"""Translation progress, page by page: ``make status``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from taskgroup_guide_ext.catalog_gate import catalog_folder

from tools.po import pofile
from tools.po.templates import Template


@dataclass(frozen=True)
class Progress:
    """Entry counts of one page's catalog."""

    page: str
    translated: int
    fuzzy: int
    untranslated: int
    note: str = ""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        # Rounded down: 99.6% is not done.
        return 100 * self.translated // self.total if self.total else 100


def progress(locale_dir: Path, language: str, templates: dict[str, Template]) -> list[Progress]:
    """One row per page of the site, from its catalog as it is now."""
    rows = []
    for page, template in templates.items():
        path = catalog_folder(locale_dir, language)[0] / f"{page}.po"
        catalog = pofile.read(path)[0] if path.is_file() else None
        if catalog is None:
            note = (
                "unreadable: see make check-po"
                if path.is_file()
                else "no catalog yet: make update-po"
            )
            rows.append(Progress(page, 0, 0, len(template.msgids), note))
            continue
        active = [entry for entry in catalog if not entry.obsolete]
        fuzzy = sum(bool(entry.msgstr) and entry.fuzzy for entry in active)
        translated = sum(bool(entry.msgstr) and not entry.fuzzy for entry in active)
        stale = {entry.msgid for entry in active} != set(template.msgids)
        rows.append(
            Progress(
                page,
                translated,
                fuzzy,
                len(active) - translated - fuzzy,
                "out of date: make update-po" if stale else "",
            )
        )
    return rows


def table(language: str, rows: list[Progress]) -> str:
    """The rows, and their total, as a plain-text table."""
    total = Progress(
        "total",
        *(
            sum(getattr(row, name) for row in rows)
            for name in ("translated", "fuzzy", "untranslated")
        ),
    )
    width = max(len(row.page) for row in [*rows, total, Progress(language, 0, 0, 0)])
    head = f"{language:<{width}}  translated  fuzzy  untranslated  total  done"
    lines = [
        f"{row.page:<{width}}  {row.translated:>10}  {row.fuzzy:>5}  "
        f"{row.untranslated:>12}  {row.total:>5}  {row.percent:>3}%  {row.note}".rstrip()
        for row in [*rows, total]
    ]
    return "\n".join([head, *lines[:-1], "-" * len(head), lines[-1]])
