"""Terminology: where the English uses a glossary term, the msgstr uses its agreed translation.

The glossary is ``locale/<language>/glossary.csv``, with the columns
``term,translation,avoid,note``: the English term, its agreed translation,
the variants not to use, separated by semicolons (may be empty), and a note
on the sources. A term matches as a whole word, in any case, and
in its regular forms: ``task`` also matches ``tasks``; ``raise`` matches
``raises``, ``raised``, ``raising``; ``cancel`` matches ``cancelled``. Other
derived words (``cancellation``) need their own row. Only prose is searched:
not inline code, URLs or cross-reference targets; in a code block, only the
comments, in the msgid and in the msgstr alike. The translation must appear
in the msgstr, case and spaces aside (``Future 对象`` = ``Future对象``),
unless the term itself is kept there in English (``asyncio.Task 对象``, a
book title).

A variant in the ``avoid`` column is refused wherever it appears in the
prose of a msgstr, whatever the English says: ``协同程序`` for ``coroutine``
also where the msgid has no "coroutine" (a paraphrase, a pronoun). Only the
msgstr's prose is searched, as above.

An entry where a term is deliberately translated otherwise, or a variant is
meant, carries the translator comment ``# glossary-ignore: term`` (several
terms: separated by commas), which ``make update-po`` keeps.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tools.po.problem import Problem

COLUMNS = ["term", "translation", "avoid", "note"]
IGNORE = re.compile(r"^glossary-ignore:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Term:
    """One row of the glossary."""

    term: str
    translation: str
    line: int
    avoid: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The term as a word, its last word in any regular form."""
        *first, last = [re.escape(word) for word in self.term.split()]
        forms = [rf"{last}(?:s|es|d|ed|ing|{last[-1]}ed|{last[-1]}ing)?"]
        if last.endswith("e"):
            forms.append(rf"{last[:-1]}ing")
        words = r"\s+".join([*first, f"(?:{'|'.join(forms)})"])
        return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def load(path: Path) -> tuple[list[Term], list[Problem]]:
    """The glossary's terms, and what is wrong with the file; no file, no terms."""
    if not path.is_file():
        return [], []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader, [])
        if header != COLUMNS:
            return [], [
                Problem(
                    path,
                    1,
                    None,
                    f"the header is {','.join(header)!r}",
                    f"make the first line {','.join(COLUMNS)}",
                )
            ]
        terms, problems = [], []
        for row in reader:
            if len(row) != len(COLUMNS) or not row[0].strip() or not row[1].strip():
                problems.append(
                    Problem(
                        path,
                        reader.line_num,
                        None,
                        f"a row needs {len(COLUMNS)} columns, with a term and a translation",
                        "fill them in (avoid and note may be empty); put a "
                        'note with commas in "quotes"',
                    )
                )
                continue
            term, translation, avoid = row[0].strip(), row[1].strip(), variants(row[2])
            wrong = [variant for variant in avoid if squeeze(variant) in squeeze(translation)]
            if wrong:
                problems.append(
                    Problem(
                        path,
                        reader.line_num,
                        None,
                        f"the variant to avoid {wrong[0]!r} is part of the "
                        f"translation {translation!r}, which would be "
                        "refused wherever it is used",
                        "list only wrong forms in the avoid column",
                    )
                )
                continue
            terms.append(Term(term, translation, reader.line_num, avoid))
    return terms, problems


def variants(cell: str) -> tuple[str, ...]:
    """The ``avoid`` column's variants: separated by semicolons, spaces around them aside."""
    return tuple(variant.strip() for variant in cell.split(";") if variant.strip())


def ignored(tcomment: str) -> set[str]:
    """The terms an entry's ``# glossary-ignore:`` comments exempt, lower case."""
    return {
        term.strip().lower()
        for found in IGNORE.findall(tcomment)
        for term in found.split(",")
        if term.strip()
    }


def squeeze(text: str) -> str:
    """``text`` without case and spaces."""
    return "".join(text.casefold().split())


def compare(
    source: str, translation: str, tcomment: str, terms: list[Term]
) -> list[tuple[str, str]]:
    """(what, fix) for each term of the prose ``source`` that ``translation`` lacks,
    and for each variant to avoid that ``translation`` uses."""
    known = {term.term.lower() for term in terms}
    exempt = ignored(tcomment)
    found = [
        (
            f"glossary-ignore names {name!r}, which is not in the glossary",
            "use the term exactly as in the glossary's term column",
        )
        for name in sorted(exempt - known)
    ]
    for term in terms:
        if term.term.lower() in exempt or not term.pattern.search(source):
            continue
        kept = term.pattern.search(translation)
        if not kept and squeeze(term.translation) not in squeeze(translation):
            found.append(
                (
                    f"the English uses the glossary term {term.term!r}; the msgstr lacks "
                    f"its translation {term.translation!r}",
                    f"use {term.translation!r} (glossary.csv, line {term.line}); if this entry "
                    f"is a deliberate exception, add the comment line "
                    f"'# glossary-ignore: {term.term}' above it",
                )
            )
    for term in terms:
        if term.term.lower() in exempt:
            continue
        for variant in term.avoid:
            if squeeze(variant) in squeeze(translation):
                found.append(
                    (
                        f"the msgstr uses {variant!r}, which the glossary marks as a variant "
                        f"to avoid for {term.term!r}",
                        f"use {term.translation!r} (glossary.csv, line {term.line}); if this "
                        f"entry is a deliberate exception, add the comment line "
                        f"'# glossary-ignore: {term.term}' above it",
                    )
                )
    return found
