"""Terminology: where the English uses a glossary term, the msgstr uses its agreed translation.

The glossary is ``locale/<language>/glossary.csv``, with the columns
``term,translation,note``. A term matches as a whole word, in any case, and
in its regular forms: ``task`` also matches ``tasks``; ``raise`` matches
``raises``, ``raised``, ``raising``; ``cancel`` matches ``cancelled``. Other
derived words (``cancellation``) need their own row. Only prose is searched:
not inline code, URLs or cross-reference targets; in a code block, only the
comments, in the msgid and in the msgstr alike. The translation must appear
in the msgstr, case and spaces aside (``Future 对象`` = ``Future对象``),
unless the term itself is kept there in English (``asyncio.Task 对象``, a
book title).

An entry where a term is deliberately translated otherwise carries the
translator comment ``# glossary-ignore: term`` (several terms: separated by
commas), which ``make update-po`` keeps.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from tools.po import site_config
from tools.po.problem import Problem

COLUMNS = ["term", "translation", "note"]
IGNORE = re.compile(r"^glossary-ignore:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Term:
    """One row of the glossary."""

    term: str
    translation: str
    line: int

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
            return [], [Problem(path, 1, None, f"the header is {','.join(header)!r}",
                                f"make the first line {','.join(COLUMNS)}")]
        terms, problems = [], []
        for row in reader:
            if len(row) != len(COLUMNS) or not row[0].strip() or not row[1].strip():
                problems.append(Problem(path, reader.line_num, None,
                                        f"a row needs {len(COLUMNS)} columns, with a term "
                                        "and a translation",
                                        'fill them in; put a note with commas in "quotes"'))
            else:
                terms.append(Term(row[0].strip(), row[1].strip(), reader.line_num))
    return terms, problems


# Sphinx's explicit_title_re: {role}`title <target>`.
EXPLICIT_TITLE = re.compile(r"^(.+?)\s*<([^<]*?)>$", re.DOTALL)


@functools.cache
def parser() -> MarkdownIt:
    """MyST's parser, with the ``myst_*`` options of conf.py."""
    options = {name.removeprefix("myst_"): value for name, value in vars(site_config()).items()
               if name.startswith("myst_")}
    return create_md_parser(MdParserConfig(**options), RendererHTML)


def prose(text: str) -> str:
    """The words of ``text`` a reader sees as prose: no code, no URLs, no role targets."""
    words = []
    for token in parser().parse(text):
        for child in token.children or ():
            if child.type == "text":
                words.append(child.content)
            elif child.type == "myst_role" and (explicit := EXPLICIT_TITLE.match(child.content)):
                words.append(explicit[1])
    return " ".join(words)


def ignored(tcomment: str) -> set[str]:
    """The terms an entry's ``# glossary-ignore:`` comments exempt, lower case."""
    return {term.strip().lower() for found in IGNORE.findall(tcomment)
            for term in found.split(",") if term.strip()}


def squeeze(text: str) -> str:
    """``text`` without case and spaces."""
    return "".join(text.casefold().split())


def compare(source: str, translation: str, tcomment: str,
            terms: list[Term]) -> list[tuple[str, str]]:
    """(what, fix) for each term of the prose ``source`` that ``translation`` lacks."""
    known = {term.term.lower() for term in terms}
    exempt = ignored(tcomment)
    found = [(f"glossary-ignore names {name!r}, which is not in the glossary",
              "use the term exactly as in the glossary's term column")
             for name in sorted(exempt - known)]
    for term in terms:
        if term.term.lower() in exempt or not term.pattern.search(source):
            continue
        kept = term.pattern.search(translation)
        if not kept and squeeze(term.translation) not in squeeze(translation):
            found.append((
                f"the English uses the glossary term {term.term!r}; the msgstr lacks "
                f"its translation {term.translation!r}",
                f"use {term.translation!r} (glossary.csv, line {term.line}); if this entry "
                f"is a deliberate exception, add the comment line "
                f"'# glossary-ignore: {term.term}' above it"))
    return found
