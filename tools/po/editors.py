"""Faults a translator's editor can put into a translation, named by their cause.

The file-level ones (a byte order mark, CRLF line endings, a header naming
another charset, an empty file) are found where the file is read
(:func:`tools.po.pofile.read`); this is the one that sits in an entry.
"""

from __future__ import annotations

from pathlib import Path

import polib

from tools.po.problem import Problem
from tools.po.templates import Template


def tab_in_code(path: Path, catalog: polib.POFile, template: Template) -> list[Problem]:
    """A tab in a translated code block whose English has none: an editor's indentation."""
    problems = []
    for entry in catalog:
        if (
            entry.obsolete
            or not entry.msgstr
            or entry.msgid not in template.code
            or "\t" in entry.msgid
            or "\t" not in entry.msgstr
        ):
            continue
        line = next(
            number for number, text in enumerate(entry.msgstr.split("\n"), 1) if "\t" in text
        )
        problems.append(
            Problem(
                path,
                entry.linenum,
                entry.msgid,
                f"a tab in line {line} of the code, where the English has spaces: the editor "
                "turned the indentation into a tab (Python reads the code differently, "
                "and the page shows it differently)",
                "copy the code from the msgid again and translate only its comments; set the "
                "editor to indent with spaces (in a text editor: 'insert spaces'; Poedit and "
                "Weblate keep what you paste)",
            )
        )
    return problems
