"""Nothing lost: one catalog per page, in sync with it, in the canonical format, finished."""

from __future__ import annotations

from pathlib import Path

import polib

from tools.po import display_path, pofile
from tools.po.problem import Problem, short
from tools.po.templates import Template

UPDATE = "run `make update-po`"


def catalog_files(catalog_dir: Path, templates: dict[str, Template]) -> list[Problem]:
    """A catalog for every page, and none for a page that is gone."""
    have = {path.relative_to(catalog_dir).with_suffix("").as_posix(): path
            for path in catalog_dir.rglob("*.po")}
    problems = [Problem(catalog_dir / f"{page}.po", 1, None,
                        f"no catalog for {template.source}", f"{UPDATE} to create it")
                for page, template in templates.items() if page not in have]
    problems += [Problem(path, 1, None, f"the page {page} no longer exists",
                         f"delete this catalog: git rm {display_path(path)}")
                 for page, path in have.items() if page not in templates]
    return problems


def in_sync(path: Path, catalog: polib.POFile, template: Template) -> list[Problem]:
    """The catalog has exactly the page's msgids: catches a page edited without update-po."""
    active = [entry for entry in catalog if not entry.obsolete]
    have = {entry.msgid for entry in active}
    problems = [Problem(path, entry.linenum, entry.msgid,
                        f"this msgid is not in {template.source} (its English changed, "
                        f"or the msgid was edited)",
                        f"{UPDATE}; never edit a msgid, only its msgstr")
                for entry in active if entry.msgid not in template.msgids]
    missing = [msgid for msgid in template.msgids if msgid not in have]
    if missing:
        problems.append(Problem(path, 1, None,
                                f"{len(missing)} msgid(s) of {template.source} are not "
                                f'in the catalog, the first: "{short(missing[0])}"',
                                f"{UPDATE}, then translate the new and fuzzy entries"))
    return problems


def canonical(path: Path, catalog: polib.POFile) -> list[Problem]:
    """The file is laid out as ``make update-po`` writes it, so diffs stay reviewable."""
    text = path.read_text("utf-8").splitlines()
    wanted = pofile.dump(catalog).splitlines()
    if text == wanted:
        return []
    line = next((n for n, (a, b) in enumerate(zip(text, wanted), 1) if a != b),
                min(len(text), len(wanted)) + 1)
    return [Problem(path, line, None,
                    "the file is not laid out as `make update-po` writes it "
                    "(line wrapping, order or spacing), from this line on",
                    f"{UPDATE}: it rewraps the file and changes no translation")]


def finished(path: Path, catalog: polib.POFile) -> list[Problem]:
    """Every entry translated, none fuzzy: Sphinx shows English for both."""
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if not entry.msgstr:
            problems.append(Problem(path, entry.linenum, entry.msgid, "not translated",
                                    "write the translation in its msgstr"))
        elif entry.fuzzy:
            problems.append(Problem(
                path, entry.linenum, entry.msgid,
                "fuzzy: the English changed after this was translated, so the page shows "
                "English here (the old English is in the #| lines)",
                'update the msgstr to the new msgid, then delete "fuzzy" from the "#," line '
                "(and the #| lines)"))
    return problems
