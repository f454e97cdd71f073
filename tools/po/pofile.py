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
from pathlib import Path

import polib
from taskgroup_guide_ext.po_syntax import syntax_errors
from taskgroup_guide_ext.wide import is_wide

from tools.po import display_path
from tools.po.problem import Problem

WIDTH = 79

# -- Reading -----------------------------------------------------------------
# The grammar is taskgroup_guide_ext.po_syntax's, the build's own (catalog_gate).

RESTORE = (
    "restore it with `git checkout -- {path}` (or from your own copy), then run `make update-po`"
)


def file_faults(path: Path, raw: bytes, normalise: bool) -> tuple[str | None, list[Problem]]:
    """The text of the file, or None, and the faults an editor or a crash leaves in a file.

    With ``normalise`` (``make update-po``), a byte order mark and CRLF line
    endings are taken off, since the file is written again without them.
    """
    shown = display_path(path)
    if not raw.strip():
        return None, [
            Problem(
                path,
                1,
                None,
                "the catalog is empty: a program stopped while writing it, "
                "or it was emptied by mistake; update-po will not rebuild it over "
                "the translations it had",
                RESTORE.format(path=shown),
            )
        ]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        if not normalise:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    "the file starts with a byte order mark (BOM), which gettext "
                    "tools read as part of the first line",
                    "save it as UTF-8 without BOM (your editor's encoding setting), "
                    "or run `make update-po`, which removes it",
                )
            )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                None,
                "this line is not UTF-8 text",
                "save the file with the UTF-8 encoding",
            )
        ]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            line = text[: text.index("\r")].count("\n") + 1
            return None, [
                Problem(
                    path,
                    line,
                    None,
                    "a carriage return (CR) that does not end a line",
                    "delete it: a line ends with a line feed (LF) only",
                )
            ]
        if not normalise:
            problems.append(
                Problem(
                    path,
                    line,
                    None,
                    "the file has Windows line endings (CRLF)",
                    "set your editor to Unix (LF) line endings, "
                    "or run `make update-po`, which rewrites them",
                )
            )
    if not text.endswith("\n"):
        line = text.count("\n") + 1
        return None, [
            Problem(
                path,
                line,
                None,
                "the last line has no line break: the file looks cut short, "
                "as when a program stops while writing it",
                RESTORE.format(path=shown)
                + "; if you saved it like this on purpose, end the file with "
                "a line break",
            )
        ]
    return text, problems


CHARSET = re.compile(r"charset=([^\s;\\]*)", re.IGNORECASE)


def header_faults(path: Path, text: str, catalog: polib.POFile, normalise: bool) -> list[Problem]:
    """A header there, and naming the encoding the file is in (UTF-8)."""
    if not catalog.metadata:
        return [
            Problem(
                path,
                1,
                None,
                'the catalog has no header (the entry msgid "" with Content-Type): '
                "the file looks cut short or pasted together",
                RESTORE.format(path=display_path(path)),
            )
        ]
    charset = CHARSET.search(catalog.metadata.get("Content-Type", ""))
    if charset and charset[1].lower() in {"utf-8", "utf8"}:
        return []
    if normalise:  # the text was read as UTF-8: that is what it is
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        return []
    named = f"charset={charset[1]}" if charset else "no charset"
    line = next(
        (
            number
            for number, line in enumerate(text.splitlines(), 1)
            if line.startswith('"Content-Type')
        ),
        1,
    )
    return [
        Problem(
            path,
            line,
            None,
            f"the header says {named}, but the file is UTF-8: the build would read "
            "every Chinese character wrongly",
            'make the line "Content-Type: text/plain; charset=UTF-8\\n" (in Poedit: '
            "Translation > Properties > Charset: UTF-8), or run `make update-po`",
        )
    ]


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
        problems.append(
            Problem(
                path,
                text.count("\n"),
                None,
                "the catalog has a header and no entries: the file looks cut "
                "short, as when a program stops while writing it",
                RESTORE.format(path=display_path(path)),
            )
        )
    first: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            problems.append(
                Problem(
                    path,
                    entry.linenum,
                    entry.msgid,
                    f"the same msgid as the entry at line {first[key]}",
                    "keep one of the two entries, the better translation",
                )
            )
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
    return 2 if is_wide(unit[0]) else len(unit)


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
        lines.append(
            "#: " + " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences)
        )
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
    header += [
        f'"{polib.escape(f"{name}: {value}")}\\n"' for name, value in catalog.ordered_metadata()
    ]
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
