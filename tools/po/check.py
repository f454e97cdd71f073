"""Every check on the catalogs of one language: ``make check-po``."""

from __future__ import annotations

from pathlib import Path

import polib

from tools.po import code, completeness, glossary, markup, pofile, spacing
from tools.po.problem import Problem
from tools.po.templates import Template


def entry_problems(entry: polib.POEntry, template: Template,
                   terms: list[glossary.Term]) -> list[tuple[str, str]]:
    """(what, fix) for one translated entry: its markup or code, and its terms."""
    if entry.obsolete or entry.fuzzy or not entry.msgstr:
        return []  # nothing published: completeness reports these
    if entry.msgid not in template.code:
        found = (markup.compare(entry.msgid, entry.msgstr) + markup.untitled_external(entry.msgstr)
                 + spacing.problems(entry.msgstr))
        prose = markup.prose(entry.msgid), markup.prose(entry.msgstr)
    elif template.code[entry.msgid]:  # Python: its comments are its prose
        found = code.compare(entry.msgid, entry.msgstr)
        prose = code.comments(entry.msgid), code.comments(entry.msgstr)
    else:
        return []  # other code: shown as it is, nothing to compare
    return found + glossary.compare(*prose, entry.tcomment, terms)


def check_catalog(path: Path, template: Template, terms: list[glossary.Term]) -> list[Problem]:
    """Every problem of one page's catalog, in line order."""
    catalog, problems = pofile.read(path)
    if catalog is None:
        return problems
    problems += completeness.canonical(path, catalog)
    problems += completeness.in_sync(path, catalog, template)
    problems += completeness.finished(path, catalog)
    for entry in catalog:
        problems += [Problem(path, entry.linenum, entry.msgid, what, fix)
                     for what, fix in entry_problems(entry, template, terms)]
    return sorted(problems, key=lambda problem: problem.line)


def check_language(locale_dir: Path, language: str,
                   templates: dict[str, Template]) -> list[Problem]:
    """Every problem of one language's catalogs and glossary."""
    catalog_dir = locale_dir / language / "LC_MESSAGES"
    terms, problems = glossary.load(locale_dir / language / "glossary.csv")
    problems += completeness.catalog_files(catalog_dir, templates)
    for page, template in templates.items():
        path = catalog_dir / f"{page}.po"
        if path.is_file():
            problems += check_catalog(path, template, terms)
    return problems
