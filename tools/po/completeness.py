"""How far the translation has come: one catalog per page, in sync with it, finished.

None of this is broken or unsafe: a page the translation has not caught up
with shows its English, marked as such (tools/extensions/taskgroup_guide_ext/untranslated.py).
So ``make check-po`` and ``make test`` report it per page, with counts
(:mod:`tools.po.status`), and only ``make check-po STRICT=1`` (before a
release) fails on it. The layout of a file is no problem at all: any gettext
tool may write it, ``make update-po`` lays it out again.
"""

from __future__ import annotations

from pathlib import Path

import polib
from taskgroup_guide_ext.catalog_gate import catalog_folder, reviewed_catalogs

from tools.po import COMPENDIUM, display_path
from tools.po.problem import Problem, short
from tools.po.templates import Template

UPDATE = "run `make update-po`"


def catalog_files(locale_dir: Path, language: str, templates: dict[str, Template]) -> list[Problem]:
    """A catalog for every page, and none for a page that is gone."""
    catalog_dir, _ = catalog_folder(locale_dir, language)
    have, _ = reviewed_catalogs(locale_dir, language)
    problems = [
        Problem(
            catalog_dir / f"{page}.po",
            1,
            None,
            f"no catalog for {template.source} yet, so it shows in English",
            f"{UPDATE} to create it, then translate it",
        )
        for page, template in templates.items()
        if page not in have
    ]
    compendium = display_path(catalog_dir.parent / COMPENDIUM)
    problems += [
        Problem(
            path,
            1,
            None,
            f"the page {page} no longer exists",
            f"{UPDATE}: it keeps this catalog's translations in {compendium} "
            "and offers them wherever their English appears again",
        )
        for page, path in have.items()
        if page not in templates
    ]
    return problems


def in_sync(path: Path, catalog: polib.POFile, template: Template) -> list[Problem]:
    """The catalog has exactly the page's msgids: catches a page edited without update-po."""
    active = [entry for entry in catalog if not entry.obsolete]
    have = {entry.msgid for entry in active}
    problems = [
        Problem(
            path,
            entry.linenum,
            entry.msgid,
            f"this msgid is not in {template.source} (its English changed, "
            f"or the msgid was edited)",
            f"{UPDATE}; never edit a msgid, only its msgstr",
        )
        for entry in active
        if entry.msgid not in template.msgids
    ]
    missing = [msgid for msgid in template.msgids if msgid not in have]
    if missing:
        problems.append(
            Problem(
                path,
                1,
                None,
                f"{len(missing)} msgid(s) of {template.source} are not "
                f'in the catalog, the first: "{short(missing[0])}"',
                f"{UPDATE}, then translate the new and fuzzy entries",
            )
        )
    return problems


def finished(path: Path, catalog: polib.POFile) -> list[Problem]:
    """Every entry translated, none fuzzy: Sphinx shows English for both."""
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if not entry.msgstr:
            problems.append(
                Problem(
                    path,
                    entry.linenum,
                    entry.msgid,
                    "not translated",
                    "write the translation in its msgstr",
                )
            )
        elif entry.fuzzy and entry.previous_msgid in {None, entry.msgid}:
            where = (
                f"on the page {entry.previous_msgctxt}, which no longer exists"
                if entry.previous_msgctxt
                else "on another page"
            )
            problems.append(
                Problem(
                    path,
                    entry.linenum,
                    entry.msgid,
                    f"fuzzy: a translation `make update-po` found for this English {where} "
                    "(or one a translator marked for checking), so the page shows English here",
                    'check that the msgstr fits this page, then delete "fuzzy" from the "#," line '
                    "(and the #| lines)",
                )
            )
        elif entry.fuzzy:
            problems.append(
                Problem(
                    path,
                    entry.linenum,
                    entry.msgid,
                    "fuzzy: the English changed after this was translated, so the page shows "
                    "English here (the old English is in the #| lines)",
                    'update the msgstr to the new msgid, then delete "fuzzy" from the "#," line '
                    "(and the #| lines)",
                )
            )
    return problems
