"""Read a ``.po`` file strictly, and write it in one canonical format.

Neither polib nor Babel (which Sphinx uses to compile catalogs) rejects a
broken file: both read ``msgid "two`` as the msgid ``tw``, and Babel drops a
msgstr that has no msgid. A translation lost that way shows up as English on
the published page, so :func:`read` checks the syntax itself first and names
the line.

:func:`dump` is the one format every catalog is kept in, so that diffs show
only real changes. Lines are at most :data:`WIDTH` columns, like GNU
``msgcat`` and powrap (python-docs-fr): a Chinese character counts two
columns, and a line may break between two Chinese characters as well as after
a space, so that one changed sentence in a long paragraph changes a few lines,
not one 400-character line.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

import polib

from tools.po import display_path
from tools.po.problem import Problem

WIDTH = 79

# -- Reading -----------------------------------------------------------------

# The escapes Babel understands when Sphinx compiles the catalog; any other
# backslash would be published as a backslash.
ESCAPES = frozenset('\\"ntr')
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])\s*(.*)")
QUOTES_FIX = r'write a double quote inside the text as \" (or use “ ” in Chinese)'
NO_MSGSTR = ("this msgid has no msgstr", 'add a line msgstr "" (or the translation) right after the msgid')
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
                return (f"unknown escape \\{escape}",
                        r'write a backslash as \\, a double quote as \", a line break as \n')
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
                errors.append((number, "a string outside any entry",
                               "put it right under the msgid or msgstr it belongs to, "
                               "with no comment line in between"))
            elif error := string_error(stripped):
                errors.append((number, *error))
            continue
        match = KEYWORD.match(stripped)
        if not match:
            errors.append((number, "not a comment, a keyword or a string",
                           'comments start with #, text is in "double quotes" after msgid or msgstr'))
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
                errors.append((number, "msgid_plural without a msgid before it",
                               "put it right after the msgid"))
        elif state not in {"msgid", "msgid_plural"} and not (
            state == "msgstr" and keyword.startswith("msgstr[")
        ):
            errors.append((number, "msgstr without a msgid before it",
                           "every msgstr needs its msgid right above it; "
                           "if an entry has two msgstr lines, keep one"))
        state = "msgstr" if keyword.startswith("msgstr") else keyword
        if error := string_error(rest):
            errors.append((number, *error))
    if state in OPEN:
        errors.append((start, *NO_MSGSTR))
    return errors


RESTORE = "restore it with `git checkout -- {path}` (or from your own copy), then run `make update-po`"


def file_faults(path: Path, raw: bytes, normalise: bool) -> tuple[str | None, list[Problem]]:
    """The text of the file, or None, and the faults an editor or a crash leaves in a file.

    With ``normalise`` (``make update-po``), a byte order mark and CRLF line
    endings are taken off, since the file is written again without them.
    """
    shown = display_path(path)
    if not raw.strip():
        return None, [Problem(path, 1, None,
                              "the catalog is empty: a program stopped while writing it, "
                              "or it was emptied by mistake; update-po will not rebuild it over "
                              "the translations it had", RESTORE.format(path=shown))]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        if not normalise:
            problems.append(Problem(path, 1, None,
                                    "the file starts with a byte order mark (BOM), which gettext "
                                    "tools read as part of the first line",
                                    "save it as UTF-8 without BOM (your editor's encoding setting), "
                                    "or run `make update-po`, which removes it"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, None, "this line is not UTF-8 text",
                              "save the file with the UTF-8 encoding")]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            line = text[: text.index("\r")].count("\n") + 1
            return None, [Problem(path, line, None,
                                  "a carriage return (CR) that does not end a line",
                                  "delete it: a line ends with a line feed (LF) only")]
        if not normalise:
            problems.append(Problem(path, line, None,
                                    "the file has Windows line endings (CRLF)",
                                    "set your editor to Unix (LF) line endings, "
                                    "or run `make update-po`, which rewrites them"))
    if not text.endswith("\n"):
        line = text.count("\n") + 1
        return None, [Problem(path, line, None,
                              "the last line has no line break: the file looks cut short, "
                              "as when a program stops while writing it",
                              RESTORE.format(path=shown)
                              + "; if you saved it like this on purpose, end the file with "
                                "a line break")]
    return text, problems


CHARSET = re.compile(r"charset=([^\s;\\]*)", re.IGNORECASE)


def header_faults(path: Path, text: str, catalog: polib.POFile,
                  normalise: bool) -> list[Problem]:
    """A header there, and naming the encoding the file is in (UTF-8)."""
    if not catalog.metadata:
        return [Problem(path, 1, None,
                        'the catalog has no header (the entry msgid "" with Content-Type): '
                        "the file looks cut short or pasted together",
                        RESTORE.format(path=display_path(path)))]
    charset = CHARSET.search(catalog.metadata.get("Content-Type", ""))
    if charset and charset[1].lower() in {"utf-8", "utf8"}:
        return []
    if normalise:  # the text was read as UTF-8: that is what it is
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        return []
    named = f"charset={charset[1]}" if charset else "no charset"
    line = next((number for number, line in enumerate(text.splitlines(), 1)
                 if line.startswith('"Content-Type')), 1)
    return [Problem(path, line, None,
                    f"the header says {named}, but the file is UTF-8: the build would read "
                    "every Chinese character wrongly",
                    'make the line "Content-Type: text/plain; charset=UTF-8\\n" (in Poedit: '
                    "Translation > Properties > Charset: UTF-8), or run `make update-po`")]


PREVIOUS = re.compile(r'#~\|\s*(msgctxt|msgid)?\s*(".*")$')


def obsolete_previous(text: str, catalog: polib.POFile) -> None:
    """Read the ``#~|`` lines (an obsolete fuzzy entry's previous msgid), which polib drops.

    Obsolete entries come in file order in both, one per block of lines.
    """
    found = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.splitlines()]
        if not any(re.match(r"#~\s*(msgctxt|msgid)\b", line) for line in lines):
            continue
        parts: dict[str, list[str]] = {}
        keyword = None
        for line in lines:
            if match := PREVIOUS.match(line):
                keyword = match[1] or keyword
                if keyword:
                    parts.setdefault(keyword, []).append(polib.unescape(match[2][1:-1]))
        found.append({key: "".join(value) for key, value in parts.items()})
    for entry, previous in zip([entry for entry in catalog if entry.obsolete], found):
        entry.previous_msgid = previous.get("msgid", entry.previous_msgid)
        entry.previous_msgctxt = previous.get("msgctxt", entry.previous_msgctxt)


def read(path: Path, normalise: bool = False) -> tuple[polib.POFile | None, list[Problem]]:
    """The catalog at ``path``, or None and what makes it unreadable.

    Also reports duplicate entries (Babel would keep only the last one) and
    the faults an editor can leave in a file (a BOM, CRLF line endings, a
    header naming another charset): with those the catalog is returned too,
    and ``normalise`` (for ``make update-po``, which rewrites the file)
    accepts them.
    """
    text, problems = file_faults(path, path.read_bytes(), normalise)
    if text is None:
        return None, problems
    errors = syntax_errors(text)
    if errors:
        return None, [Problem(path, line, None, what, fix) for line, what, fix in errors]
    catalog = polib.pofile(text, wrapwidth=WIDTH)
    catalog.fpath = str(path)
    obsolete_previous(text, catalog)
    problems += header_faults(path, text, catalog, normalise)
    if catalog.metadata and not len(catalog):
        # update-po never writes a catalog without entries: a page has a title.
        problems.append(Problem(path, text.count("\n"), None,
                                "the catalog has a header and no entries: the file looks cut "
                                "short, as when a program stops while writing it",
                                RESTORE.format(path=display_path(path))))
    first: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            problems.append(Problem(path, entry.linenum, entry.msgid,
                                    f"the same msgid as the entry at line {first[key]}",
                                    "keep one of the two entries, the better translation"))
        else:
            first[key] = entry.linenum
    return catalog, problems


# -- Writing -----------------------------------------------------------------

# Where a line may not break: before closing punctuation, after opening one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〈“‘([{")
ESCAPED = re.compile(r"\\.|.", re.DOTALL)


def columns(unit: str) -> int:
    """Screen columns of one character or escape sequence."""
    return 2 if unicodedata.east_asian_width(unit[0]) in "WF" else len(unit)


def may_break(before: str, after: str) -> bool:
    """May a line end after ``before`` when ``after`` comes next?"""
    if before == " ":
        return after != " "
    wide = columns(before) == 2 or columns(after) == 2
    return wide and after != " " and after not in NO_LINE_START and before not in NO_LINE_END


def wrap(escaped: str, width: int) -> list[str]:
    """Split an escaped string into pieces of at most ``width`` columns where possible.

    A piece ends after each ``\\n``; a word longer than the width (a URL)
    stays whole.
    """
    pieces: list[str] = []
    line: list[str] = []
    used = 0
    last_break = 0  # index in ``line`` where a new piece may start
    for unit in ESCAPED.findall(escaped):
        if line and may_break(line[-1], unit):
            last_break = len(line)
        line.append(unit)
        used += columns(unit)
        if used > width and last_break:
            pieces.append("".join(line[:last_break]))
            line = line[last_break:]
            used = sum(map(columns, line))
            last_break = 0
        if unit == r"\n":
            pieces.append("".join(line))
            line, used, last_break = [], 0, 0
    if line or not pieces:
        pieces.append("".join(line))
    return pieces


def field(keyword: str, text: str, prefix: str = "") -> list[str]:
    """``msgid "..."`` lines, wrapped like ``msgcat --width=79``."""
    escaped = polib.escape(text)
    one_line = f'{prefix}{keyword} "{escaped}"'
    if r"\n" not in escaped[:-2] and sum(map(columns, ESCAPED.findall(one_line))) <= WIDTH:
        return [one_line]
    pieces = wrap(escaped, WIDTH - len(prefix) - 2)
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{piece}"' for piece in pieces]


def entry_lines(entry: polib.POEntry) -> list[str]:
    """One entry in GNU gettext's layout: comments, flags, previous msgid, strings."""
    lines = [f"# {line}".rstrip() for line in entry.tcomment.splitlines()]
    lines += [f"#. {line}".rstrip() for line in entry.comment.splitlines()]
    if entry.occurrences:
        lines.append("#: " + " ".join(f"{path}:{line}" if line else path
                                      for path, line in entry.occurrences))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prefix, previous = ("#~ ", "#~| ") if entry.obsolete else ("", "#| ")
    if entry.previous_msgctxt:
        lines += field("msgctxt", entry.previous_msgctxt, previous)
    if entry.previous_msgid:
        lines += field("msgid", entry.previous_msgid, previous)
    if entry.msgctxt is not None:
        lines += field("msgctxt", entry.msgctxt, prefix)
    lines += field("msgid", entry.msgid, prefix)
    if entry.msgid_plural:
        lines += field("msgid_plural", entry.msgid_plural, prefix)
        for index, text in sorted(entry.msgstr_plural.items()):
            lines += field(f"msgstr[{index}]", text, prefix)
    else:
        lines += field("msgstr", entry.msgstr, prefix)
    return lines


def dump(catalog: polib.POFile) -> str:
    """The catalog's text in the canonical format."""
    header = [f"# {line}".rstrip() for line in catalog.header.splitlines()]
    if catalog.metadata_is_fuzzy:
        header.append("#, fuzzy")
    header += ['msgid ""', 'msgstr ""']
    header += [f'"{polib.escape(f"{name}: {value}")}\\n"' for name, value in catalog.ordered_metadata()]
    # Obsolete entries last, as gettext's tools keep them.
    entries = sorted(catalog, key=lambda entry: entry.obsolete)
    blocks = ["\n".join(header)] + ["\n".join(entry_lines(entry)) for entry in entries]
    return "\n\n".join(blocks) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, whole.

    The text goes to a temporary file in the same folder (same file system),
    is flushed to disk, and then replaces ``path`` in one step (``os.replace``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(catalog: polib.POFile, path: Path) -> bool:
    """Write the catalog to ``path`` if its text changes; return whether it did."""
    text = dump(catalog)
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return False
    write_atomically(path, text)
    return True
