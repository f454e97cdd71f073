"""Merge the templates into the catalogs: ``make update-po``.

What GNU ``msgmerge`` does, written out because sphinx-intl (Babel) leaves a
catalog as it is unless its set of msgids changed (so nothing is ever
rewrapped), writes no ``#| msgid`` for fuzzy entries, never revives an
obsolete entry, and cannot break Chinese lines:

- an entry whose msgid is unchanged keeps its translation, its fuzzy flag and
  its translator comments;
- an obsolete (``#~``) entry whose msgid is back on the page is revived;
- a new msgid close to an old translated one (difflib ratio of at least 0.6,
  the cut-off msgmerge and Babel use) gets that translation, marked fuzzy,
  with the English it was made for as ``#| msgid`` so the translator sees
  what changed;
- a translated entry the page no longer has is kept as obsolete; an
  untranslated one is dropped;
- ``POT-Creation-Date`` changes only when the entries do.

Every catalog is written in the canonical format (:func:`pofile.dump`), so a
second run changes nothing.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from tools.po import display_path, pofile
from tools.po.problem import Problem

SIMILAR = 0.6


@dataclass
class Changes:
    """What one merge did to a catalog, for the report."""

    created: bool = False
    new: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    dropped: int = 0

    def __str__(self) -> str:
        counts = [f"{n} {what}" for n, what in (
            (self.new, "new"), (self.fuzzy, "fuzzy"), (self.obsolete, "obsolete"),
            (self.dropped, "untranslated removed")) if n]
        if self.created:
            return f"created, {self.new} entries to translate"
        return ", ".join(counts) or "rewrapped"


def new_catalog(template: polib.POFile, language: str, page: str) -> polib.POFile:
    """An empty catalog for ``page``, with the template's header less its placeholders."""
    catalog = polib.POFile(wrapwidth=pofile.WIDTH)
    kept = [line for line in template.header.splitlines()
            if line and "DESCRIPTIVE TITLE" not in line and "FIRST AUTHOR" not in line]
    catalog.header = "\n".join([f"{language} translation of the page {page}.", *kept])
    catalog.metadata = {**template.metadata, "Language": language}
    return catalog


def fuzzy_copy(msgid: str, old: polib.POEntry) -> polib.POEntry:
    """A new entry carrying ``old``'s translation, to be checked by a translator."""
    # The English the translation was made for: an entry fuzzy already keeps it.
    previous = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
    return polib.POEntry(msgid=msgid, msgstr=old.msgstr, flags=["fuzzy"],
                         tcomment=old.tcomment, previous_msgid=previous)


def shape(catalog: polib.POFile) -> list[tuple[str, bool, tuple[str, ...]]]:
    """What a merge can change in a catalog, translations aside."""
    return [(entry.msgid, entry.obsolete, tuple(entry.flags)) for entry in catalog]


def merge(old: polib.POFile | None, template: polib.POFile, language: str,
          page: str) -> tuple[polib.POFile, Changes]:
    """The catalog ``old`` brought in line with ``template``."""
    changes = Changes(created=old is None)
    old = old if old is not None else new_catalog(template, language, page)
    active = {entry.msgid: entry for entry in old if not entry.obsolete}
    obsolete = {entry.msgid: entry for entry in old if entry.obsolete}
    candidates = {entry.msgid: entry for entry in old if entry.msgstr}
    wanted = {entry.msgid for entry in template if entry.msgid}

    merged = polib.POFile(wrapwidth=pofile.WIDTH)
    merged.header, merged.metadata = old.header, dict(old.metadata)
    merged.metadata["Language"] = language
    # The build uses a catalog only if its header says this (catalog_gate).
    merged.metadata["Plural-Forms"] = get_plural(language).plural_forms
    for source in template:
        msgid = source.msgid
        if msgid in active or msgid in obsolete:
            entry = copy.copy(active.get(msgid) or obsolete[msgid])
            entry.obsolete = False
        elif similar := difflib.get_close_matches(msgid, candidates, n=1, cutoff=SIMILAR):
            entry = fuzzy_copy(msgid, candidates[similar[0]])
            changes.fuzzy += 1
        else:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            changes.new += 1
        # As msgmerge: "fuzzy" is the translator's; the other flags, extracted
        # comments and source locations are the template's (Babel adds a
        # python-brace-format flag to every msgid with a {role}: dropped).
        entry.flags = (["fuzzy"] if entry.fuzzy else []) + source.flags
        entry.comment, entry.occurrences = source.comment, source.occurrences
        merged.append(entry)
    for entry in old:
        if entry.msgid in wanted:
            continue
        if not entry.msgstr:
            changes.dropped += 1
            continue
        gone = copy.copy(entry)
        changes.obsolete += not gone.obsolete
        gone.obsolete = True
        merged.append(gone)
    if changes.created or shape(merged) != shape(old):
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    return merged, changes


def update(pot_dir: Path, locale_dir: Path, language: str) -> list[Problem]:
    """Refresh every catalog of ``language``; print what changed, return what stopped it.

    A catalog with a syntax error is left as it is, and reported.
    """
    catalog_dir = locale_dir / language / "LC_MESSAGES"
    problems = []
    pages = set()
    for pot in sorted(pot_dir.rglob("*.pot")):
        page = pot.relative_to(pot_dir).with_suffix("").as_posix()
        pages.add(page)
        path = catalog_dir / f"{page}.po"
        old = None
        if path.is_file():
            old, unreadable = pofile.read(path)
            if unreadable:
                problems += unreadable
                print(f"{display_path(path)}: not updated, fix it first (below)")
                continue
        catalog, changes = merge(old, polib.pofile(str(pot)), language, page)
        written = pofile.save(catalog, path)
        print(f"{display_path(path)}: {changes if written else 'unchanged'}")
    for path in sorted(catalog_dir.rglob("*.po")):
        if path.relative_to(catalog_dir).with_suffix("").as_posix() not in pages:
            print(f"{display_path(path)}: no such page any more; delete the catalog with `git rm`")
    return problems
