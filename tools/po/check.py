"""Every check on the catalogs of one language: ``make check-po``."""

from __future__ import annotations

from pathlib import Path

import polib
from taskgroup_guide_ext.catalog_gate import reviewed_catalogs
from taskgroup_guide_ext.translation_gate import comments

from tools.po import COMPENDIUM, completeness, editors, glossary, markup, pofile, spacing
from tools.po.problem import Problem
from tools.po.templates import Template


def entry_problems(
    entry: polib.POEntry, template: Template, terms: list[glossary.Term]
) -> list[tuple[str, str]]:
    """(what, fix) for one translated entry: its spacing, titles and terms.

    Whether its markup and code are safe to publish is the build's decision
    (translation_gate, catalog_gate): ``make check-po`` runs a build for that.
    """
    if entry.obsolete or entry.fuzzy or not entry.msgstr:
        return []  # nothing published: completeness reports these
    if entry.msgid in template.code:  # code: its comments are its prose
        language = template.code[entry.msgid]
        found: list[tuple[str, str]] = []
        prose = (
            "\n".join(comments(entry.msgid, language)),
            "\n".join(comments(entry.msgstr, language)),
        )
    else:
        found = markup.untitled_external(entry.msgstr) + spacing.problems(entry.msgstr)
        prose = markup.prose(entry.msgid), markup.prose(entry.msgstr)
    return found + glossary.compare(*prose, entry.tcomment, terms)


def check_catalog(
    path: Path, template: Template, terms: list[glossary.Term], strict: bool = False
) -> list[Problem]:
    """Every problem of one page's catalog, in line order.

    What is merely not translated yet (untranslated, fuzzy, out of date with
    the page) is a problem only when ``strict``.
    """
    catalog, problems = pofile.read(path)
    if catalog is None:
        return problems
    if strict:
        problems += completeness.in_sync(path, catalog, template)
        problems += completeness.finished(path, catalog)
    problems += editors.tab_in_code(path, catalog, template)
    for entry in catalog:
        problems += [
            Problem(path, entry.linenum, entry.msgid, what, fix)
            for what, fix in entry_problems(entry, template, terms)
        ]
    return sorted(problems, key=lambda problem: problem.line)


def check_language(
    locale_dir: Path, language: str, templates: dict[str, Template], strict: bool = False
) -> list[Problem]:
    """Every problem of one language's catalogs, its compendium and its glossary."""
    # The catalogs the build reads; what it refuses, the build says (make check-po).
    files, _ = reviewed_catalogs(locale_dir, language)
    terms, problems = glossary.load(locale_dir / language / "glossary.csv")
    if strict:
        problems += completeness.catalog_files(locale_dir, language, templates)
    for page, template in templates.items():
        if page in files:
            problems += check_catalog(files[page], template, terms, strict)
    for page, path in sorted(files.items()):
        if page not in templates:
            problems += pofile.read(path)[1]  # a gone page's catalog: readable for update-po
    compendium = locale_dir / language / COMPENDIUM
    if compendium.is_file():
        problems += pofile.read(compendium)[1]
    return problems
