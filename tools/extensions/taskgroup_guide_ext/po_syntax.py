"""The grammar of a ``.po`` file, checked strictly: the one reader of it.

Neither polib nor Babel (which Sphinx uses to compile catalogs) rejects a
broken file: both read ``msgid "two`` as the msgid ``tw``, and Babel drops a
msgstr that has no msgid. :func:`syntax_errors` names the line instead. The
build (``catalog_gate``) refuses a catalog it finds broken, and the catalog
tools (``tools/po/pofile.py``, ``make check-po``) report the same errors.
"""

from __future__ import annotations

import re

# The escapes Babel understands when Sphinx compiles the catalog; any other
# backslash would be published as a backslash.
ESCAPES = frozenset('\\"ntr')
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])\s*(.*)")
QUOTES_FIX = r"write a double quote inside the text as \" (or use “ ” in Chinese)"
NO_MSGSTR = (
    "this msgid has no msgstr",
    'add a line msgstr "" (or the translation) right after the msgid',
)
NEWLINES = re.compile(r"\r\n|\r|\n")
OPEN = frozenset({"msgctxt", "msgid", "msgid_plural"})  # read so far: an entry without msgstr


def string_error(text: str) -> tuple[str, str] | None:
    """What is wrong with one quoted string, the rest of a line, or None."""
    text = text.strip()
    if not text.startswith('"'):
        return "the text is not in double quotes", 'write it as "text"'
    index = 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            escape = text[index + 1 : index + 2]
            if escape not in ESCAPES:
                return (
                    f"unknown escape \\{escape}",
                    r"write a backslash as \\, a double quote as \", a line break as \n",
                )
            index += 2
        elif char == '"':
            if text[index + 1 :].strip():
                return 'a " ends the string before the end of the line', QUOTES_FIX
            return None
        else:
            index += 1
    return "the string is not closed", 'end the line with "; ' + QUOTES_FIX


def syntax_errors(text: str) -> list[tuple[int, str, str]]:
    """(line, what, fix) for each syntax error, in the entries and in the obsolete ones."""
    # Lines as Babel reads them from the text stream Sphinx opens: split at
    # \n, \r and \r\n only. str.splitlines() also splits at U+2028, form
    # feed and others, which would make this check read another file.
    lines = NEWLINES.split(text)
    # The obsolete entries, their "#~ " taken off; "#~|" lines are comments.
    obsolete = [line.lstrip()[2:] if re.match(r"\s*#~(?!\|)", line) else "" for line in lines]
    return sorted(grammar_errors(lines) + grammar_errors(obsolete))


def grammar_errors(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, what, fix) for each error of the grammar GNU msgfmt enforces; # lines are comments."""
    errors: list[tuple[int, str, str]] = []
    state: str | None = None  # the keyword whose strings are being read; None between entries
    start = 0  # the line where the current entry's msgctxt or msgid is
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if state in OPEN:
                errors.append((start, *NO_MSGSTR))
            state = None
            continue
        if stripped.startswith('"'):
            if state is None:
                errors.append(
                    (
                        number,
                        "a string outside any entry",
                        "put it right under the msgid or msgstr it belongs to, "
                        "with no comment line in between",
                    )
                )
            elif error := string_error(stripped):
                errors.append((number, *error))
            continue
        match = KEYWORD.match(stripped)
        if not match:
            errors.append(
                (
                    number,
                    "not a comment, a keyword or a string",
                    'comments start with #, text is in "double quotes" after msgid or msgstr',
                )
            )
            continue
        keyword, rest = match.groups()
        if keyword in {"msgctxt", "msgid"}:
            # A new entry starts here, unless this is the msgid after its msgctxt.
            if not (state == "msgctxt" and keyword == "msgid"):
                if state in OPEN:
                    errors.append((start, *NO_MSGSTR))
                start = number
        elif keyword == "msgid_plural":
            if state != "msgid":
                errors.append(
                    (
                        number,
                        "msgid_plural without a msgid before it",
                        "put it right after the msgid",
                    )
                )
        elif state not in {"msgid", "msgid_plural"} and not (
            state == "msgstr" and keyword.startswith("msgstr[")
        ):
            errors.append(
                (
                    number,
                    "msgstr without a msgid before it",
                    "every msgstr needs its msgid right above it; "
                    "if an entry has two msgstr lines, keep one",
                )
            )
        state = "msgstr" if keyword.startswith("msgstr") else keyword
        if error := string_error(rest):
            errors.append((number, *error))
    if state in OPEN:
        errors.append((start, *NO_MSGSTR))
    return errors
