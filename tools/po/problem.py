"""One problem in a catalog, worded so that a translator can fix it without reading code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools.po import display_path

MSGID_WIDTH = 60


def short(text: str, width: int = MSGID_WIDTH) -> str:
    """The start of a msgid, on one line: enough to find the entry."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong where, and how to fix it.

    Printed as ``path:line: msgid "..." — what — fix``, the form editors and
    CI logs turn into a link to the line.
    """

    path: Path
    line: int
    msgid: str | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}:"
        entry = "" if self.msgid is None else f' msgid "{short(self.msgid)}" —'
        return f"{where}{entry} {self.what} — {self.fix}"
