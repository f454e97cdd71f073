"""Merge the templates into the catalogs: ``make update-po``.

The semantics of GNU ``msgmerge --previous`` (what python-docs-fr runs),
written out because sphinx-intl (Babel) leaves a catalog as it is unless its
set of msgids changed, writes no ``#| msgid``, never revives an obsolete
entry, and cannot break Chinese lines. ``tests/test_po_merge.py`` runs
``msgmerge`` on the same inputs and compares every entry.

For each msgid of the page, in page order:

- the catalog's entry for it (active, or obsolete and so revived) keeps its
  translation, its fuzzy flag and its translator comments; the ``#|`` lines
  stay only on a fuzzy entry;
- otherwise the most similar translated entry of the catalog (active or
  obsolete, similarity as msgmerge's ``fstrcmp``: at least 0.6) gives its
  translation, marked fuzzy, with the English it was made for as
  ``#| msgid``;
- otherwise (and for an entry still untranslated) the other catalogs of the
  language are the compendium, as ``msgmerge -C``: a translation of the
  same English on another page, or of a similar one, comes as a fuzzy
  suggestion. A paragraph moved to another page, or a page renamed, keeps its
  translations that way.

An entry of the catalog that no page msgid used is kept as obsolete (``#~``)
if it has a translation; an entry that gave its translation to a changed
msgid is not kept twice. A catalog whose page is gone is moved into the
language's compendium, ``locale/<lang>/compendium.po`` (each entry's msgctxt
is the page it came from), which update-po draws from like a catalog: no
translation is ever deleted. An entry of the compendium goes once the same
translation of the same English is in a catalog again.

Every file is written atomically, in the canonical format
(:func:`pofile.dump`); a catalog that cannot be read (empty, cut short, a
syntax error) is reported and left alone, and its translations still count.
A second run changes nothing.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel.messages.plurals import get_plural
from taskgroup_guide_ext.catalog_gate import Refusal, catalog_folder, reviewed_catalogs

from tools.po import COMPENDIUM, display_path, pofile
from tools.po.problem import Problem, short

# msgmerge's FUZZY_THRESHOLD, and the bonus its fuzzy_search_goal_function
# gives an entry of the same (or no) msgctxt.
SIMILAR = 0.6
SAME_CONTEXT_BONUS = 0.00001


def lcs_length(a: bytes, b: bytes) -> int:
    """Length of the longest common subsequence of two byte strings.

    Bit-parallel (Allison and Dix 1986; Hyyrö 2004): one pass over ``b``,
    each step a few operations on an integer with one bit per byte of ``a``.
    """
    masks: dict[int, int] = {}
    for index, byte in enumerate(a):
        masks[byte] = masks.get(byte, 0) | 1 << index
    full = (1 << len(a)) - 1
    row = full
    for byte in b:
        matches = row & masks.get(byte, 0)
        row = ((row + matches) | (row - matches)) & full
    return len(a) - row.bit_count()


def similarity(a: bytes, b: bytes) -> float:
    """GNU gettext's ``fstrcmp``: (len(a) + len(b) - edits) / (len(a) + len(b)), over bytes."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    edits = total - 2 * lcs_length(a, b)
    return (total - edits) / total


@dataclass
class Candidate:
    """A translated entry that can lend its translation to a similar msgid."""

    entry: polib.POEntry
    text: bytes
    counts: Counter

    @classmethod
    def of(cls, entry: polib.POEntry) -> Candidate:
        text = entry.msgid.encode("utf-8")
        return cls(entry, text, Counter(text))


def best_match(
    msgctxt: str | None, msgid: str, candidates: list[Candidate], best: float = SIMILAR
) -> tuple[Candidate | None, float]:
    """The candidate most similar to ``msgid`` above ``best``; the first one on a tie."""
    text = msgid.encode("utf-8")
    counts = Counter(text)
    found = None
    for candidate in candidates:
        bonus = (
            SAME_CONTEXT_BONUS
            if candidate.entry.msgctxt is None or candidate.entry.msgctxt == msgctxt
            else 0.0
        )
        total = len(text) + len(candidate.text)
        # Cheap upper bounds first: the common subsequence is at most the
        # shorter string, and at most the bytes both have.
        if 2 * min(len(text), len(candidate.text)) / total + bonus <= best:
            continue
        if 2 * sum((counts & candidate.counts).values()) / total + bonus <= best:
            continue
        weight = similarity(text, candidate.text) + bonus
        if weight > best:
            found, best = candidate, weight
    return found, best


@dataclass
class Changes:
    """What one merge did to a catalog, for the report."""

    created: bool = False
    new: int = 0
    fuzzy: int = 0
    suggested: int = 0
    obsolete: int = 0
    dropped: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        counts = [
            f"{n} {what}"
            for n, what in (
                (self.new, "new"),
                (self.fuzzy, "fuzzy"),
                (self.suggested, "suggested from other pages (fuzzy)"),
                (self.obsolete, "obsolete"),
                (self.dropped, "untranslated removed"),
            )
            if n
        ]
        if self.created:
            counts = [
                f"created, {self.new} entries to translate" if self.new else "created",
                *(count for count in counts if not count.endswith(" new")),
            ]
        return ", ".join(counts) or "rewrapped"


def new_catalog(template: polib.POFile, language: str, page: str) -> polib.POFile:
    """An empty catalog for ``page``, with the template's header less its placeholders."""
    catalog = polib.POFile(wrapwidth=pofile.WIDTH)
    kept = [
        line
        for line in template.header.splitlines()
        if line and "DESCRIPTIVE TITLE" not in line and "FIRST AUTHOR" not in line
    ]
    catalog.header = "\n".join([f"{language} translation of the page {page}.", *kept])
    catalog.metadata = {**template.metadata, "Language": language}
    return catalog


def fuzzy_copy(source: polib.POEntry, old: polib.POEntry) -> polib.POEntry:
    """A new entry carrying ``old``'s translation, to be checked by a translator."""
    # The English the translation was made for: an entry fuzzy already keeps
    # its own #| lines (none if it has none), as msgmerge does.
    fuzzy_before = old.fuzzy
    entry = polib.POEntry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        msgstr=old.msgstr,
        flags=["fuzzy"],
        tcomment=old.tcomment,
    )
    entry.previous_msgid = old.previous_msgid if fuzzy_before else old.msgid
    entry.previous_msgctxt = old.previous_msgctxt if fuzzy_before else old.msgctxt
    if (entry.previous_msgctxt, entry.previous_msgid) == (entry.msgctxt, entry.msgid):
        # The same English on another page: nothing to compare.
        entry.previous_msgctxt = entry.previous_msgid = None
    return entry


def shape(catalog: polib.POFile) -> list[tuple]:
    """What a merge can change in a catalog, translations aside."""
    return [(entry.msgctxt, entry.msgid, entry.obsolete, tuple(entry.flags)) for entry in catalog]


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def tidy(entry: polib.POEntry) -> polib.POEntry:
    """The ``#|`` lines belong to fuzzy entries only, and "fuzzy" to translated ones (msgmerge)."""
    if not entry.msgstr:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if not entry.fuzzy:
        entry.previous_msgid = entry.previous_msgctxt = None
    return entry


@dataclass
class Compendium:
    """The translations of the other catalogs, for suggestions (``msgmerge -C``)."""

    # msgid -> entries with that English, best first
    exact: dict[str, list[polib.POEntry]]
    candidates: list[Candidate]

    @classmethod
    def of(cls, entries: list[polib.POEntry]) -> Compendium:
        exact: dict[str, list[polib.POEntry]] = {}
        for entry in entries:
            exact.setdefault(entry.msgid, []).append(entry)
        return cls(exact, [Candidate.of(entry) for entry in entries])


def suggestions(
    catalogs: dict[str, polib.POFile], gone: set[str], compendium: polib.POFile | None, page: str
) -> Compendium:
    """What the other catalogs offer ``page``.

    Reviewed translations of the pages (fuzzy ones are suggestions
    themselves), and everything of the catalogs of gone pages and of the
    compendium. None of these changes in a run, so one run reaches the fixed
    point.
    """
    entries = []
    for name, catalog in sorted(catalogs.items()):
        if name == page or catalog is None:
            continue
        entries += [
            entry
            for entry in catalog
            if entry.msgstr and entry.msgid and (name in gone or not entry.fuzzy)
        ]
    if compendium is not None:
        entries += [entry for entry in compendium if entry.msgstr and entry.msgid]
    return Compendium.of(entries)


def merge(
    old: polib.POFile | None,
    template: polib.POFile,
    language: str,
    page: str,
    others: Compendium | None = None,
) -> tuple[polib.POFile, Changes]:
    """The catalog ``old`` brought in line with ``template``."""
    others = others or Compendium({}, [])
    changes = Changes(created=old is None)
    old = old if old is not None else new_catalog(template, language, page)
    # An active entry first: an obsolete twin only if the active one is untranslated.
    found: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in sorted(old, key=lambda entry: entry.obsolete):
        if key(entry) not in found or (entry.msgstr and not found[key(entry)].msgstr):
            found[key(entry)] = entry
    own = [Candidate.of(entry) for entry in old if entry.msgstr]
    used: set[int] = set()

    merged = polib.POFile(wrapwidth=pofile.WIDTH)
    merged.header, merged.metadata = old.header, dict(old.metadata)
    merged.metadata["Language"] = language
    # The build uses a catalog only if its header says this (catalog_gate).
    merged.metadata["Plural-Forms"] = get_plural(language).plural_forms
    for source in template:
        if not source.msgid:
            continue
        same = found.get(key(source))
        # msgmerge's order: an exact translation here, then on another page,
        # then this catalog's untranslated entry; else the most similar
        # translation here, unless another page has a closer one.
        offered = others.exact.get(source.msgid, [])
        if same is not None and (same.msgstr or not offered):
            used.add(id(same))
            entry = tidy(copy.copy(same))
            entry.obsolete = False
        elif offered:
            if same is not None:
                used.add(id(same))
            entry = fuzzy_copy(source, offered[0])
            changes.suggested += 1
        else:
            match, weight = best_match(source.msgctxt, source.msgid, own)
            other = best_match(source.msgctxt, source.msgid, others.candidates, weight)[0]
            if other is not None:
                entry = fuzzy_copy(source, other.entry)
                changes.suggested += 1
            elif match is not None:
                used.add(id(match.entry))
                entry = fuzzy_copy(source, match.entry)
                changes.fuzzy += 1
            else:
                entry = polib.POEntry(msgid=source.msgid, msgctxt=source.msgctxt, msgstr="")
                changes.new += 1
        # As msgmerge: "fuzzy" is the translator's; the other flags, extracted
        # comments and source locations are the template's (Babel adds a
        # python-brace-format flag to every msgid with a {role}: dropped).
        entry.flags = (["fuzzy"] if entry.fuzzy else []) + source.flags
        entry.comment, entry.occurrences = source.comment, source.occurrences
        merged.append(entry)
    wanted = {key(entry): entry for entry in merged}
    kept: set[tuple[str | None, str, str]] = set()
    for entry in old:
        if id(entry) in used:
            continue
        if not entry.msgstr:
            changes.dropped += not entry.obsolete
            continue
        twin = wanted.get(key(entry))
        if twin is not None and twin.msgstr == entry.msgstr:
            continue  # the same translation as the active entry: nothing to keep
        if (*key(entry), entry.msgstr) in kept:
            continue
        kept.add((*key(entry), entry.msgstr))
        gone = tidy(copy.copy(entry))
        changes.obsolete += not gone.obsolete
        gone.obsolete = True
        gone.comment, gone.occurrences = "", []
        if twin is not None:
            changes.notes.append(
                f'msgid "{short(entry.msgid)}": an obsolete entry has another translation '
                f"than the active one; kept at the end of the file (#~): keep the better "
                f"one in the active entry, then delete the obsolete one"
            )
        merged.append(gone)
    if changes.created or shape(merged) != shape(old):
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    return merged, changes


def read_catalogs(files: dict[str, Path]) -> tuple[dict[str, polib.POFile | None], list[Problem]]:
    """Every catalog of a language by page (``files``: reviewed_catalogs'); None for
    one that cannot be read."""
    catalogs, problems = {}, []
    for page, path in sorted(files.items()):
        catalog, found = pofile.read(path, normalise=True)
        if found:
            problems += found
            catalog = None
        catalogs[page] = catalog
    return catalogs, problems


def keep_gone_pages(
    compendium: polib.POFile, catalogs: dict[str, polib.POFile | None], gone: list[str]
) -> dict[str, int]:
    """Move the translations of the catalogs of gone pages into the compendium."""
    moved = {}
    have = {(entry.msgctxt, entry.msgid): entry for entry in compendium if not entry.obsolete}
    for page in gone:
        count = 0
        for entry in catalogs[page]:
            if not entry.msgstr:
                continue
            kept = tidy(copy.copy(entry))
            kept.msgctxt, kept.comment, kept.occurrences = page, "", []
            earlier = have.get((page, entry.msgid))
            if earlier is not None and earlier.msgstr == entry.msgstr:
                continue
            kept.obsolete = entry.obsolete or earlier is not None
            compendium.append(kept)
            count += 1
        moved[page] = count
    return moved


def prune(compendium: polib.POFile, catalogs: list[polib.POFile]) -> int:
    """Drop the compendium's entries whose translation a catalog has again; return how many."""
    carried = {
        (entry.msgid, entry.msgstr)
        for catalog in catalogs
        for entry in catalog
        if not entry.obsolete
    }
    keep = [entry for entry in compendium if (entry.msgid, entry.msgstr) not in carried]
    dropped = len(compendium) - len(keep)
    compendium[:] = keep
    return dropped


def new_compendium(language: str) -> polib.POFile:
    compendium = polib.POFile(wrapwidth=pofile.WIDTH)
    compendium.header = (
        f"{language} translations of pages that no longer exist, kept by "
        "`make update-po`,\nwhich offers them (fuzzy) where their English "
        "appears again. Each msgctxt is the\npage an entry came from."
    )
    compendium.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    return compendium


def update(pot_dir: Path, locale_dir: Path, language: str) -> list[Problem]:
    """Refresh every catalog of ``language``; print what changed, return what stopped it.

    A catalog that cannot be read is left as it is, and reported.
    """
    catalog_dir, _ = catalog_folder(locale_dir, language)
    compendium_path = locale_dir / language / COMPENDIUM
    # What the build refuses to read (symbolic links, FIFOs, paths out of the
    # repository), update-po refuses to read and to write through: nothing.
    files, refused = reviewed_catalogs(locale_dir, language)
    unsafe = [refusal for refusal in refused if "compiled catalog" not in refusal.what]
    if compendium_path.is_symlink() or (compendium_path.exists() and not compendium_path.is_file()):
        unsafe.append(
            Refusal(
                display_path(compendium_path),
                1,
                None,
                "not a regular file: it is never read or written",
                f"remove it: git rm {display_path(compendium_path)}",
            )
        )
    if unsafe:
        print(f"{display_path(catalog_dir)}: nothing updated, fix these first (below)")
        return [
            Problem(
                locale_dir.parent / refusal.path,
                refusal.line,
                refusal.msgid,
                refusal.what,
                refusal.fix,
            )
            for refusal in unsafe
        ]
    for leftover in sorted(locale_dir.joinpath(language).rglob(".*.po.*.tmp")):
        # What a write that was stopped left: the catalog itself is whole.
        leftover.unlink()
        print(f"{display_path(leftover)}: removed, left by a write that was stopped")
    catalogs, problems = read_catalogs(files)
    compendium = None
    if compendium_path.is_file():
        compendium, found = pofile.read(compendium_path, normalise=True)
        if found:
            problems += found
            compendium = None
    templates = {
        pot.relative_to(pot_dir).with_suffix("").as_posix(): pot
        for pot in sorted(pot_dir.rglob("*.pot"))
    }
    gone = {page for page in catalogs if page not in templates}

    merged = {}
    for page, pot in templates.items():
        path = catalog_dir / f"{page}.po"
        if page in catalogs and catalogs[page] is None:
            print(f"{display_path(path)}: not updated, fix it first (below)")
            continue
        others = suggestions(catalogs, gone, compendium, page)
        catalog, changes = merge(catalogs.get(page), polib.pofile(str(pot)), language, page, others)
        written = pofile.save(catalog, path)
        merged[page] = catalog
        print(f"{display_path(path)}: {changes if written else 'unchanged'}")
        for note in changes.notes:
            print(f"{display_path(path)}: {note}")

    readable_gone = sorted(page for page in gone if catalogs[page] is not None)
    if compendium is None and compendium_path.is_file():
        if readable_gone:
            print(
                f"{display_path(compendium_path)}: unreadable (below), so the catalogs of "
                f"gone pages stay where they are: {', '.join(readable_gone)}"
            )
        return problems
    if not readable_gone and compendium is None:
        return problems
    compendium = compendium if compendium is not None else new_compendium(language)
    moved = keep_gone_pages(compendium, catalogs, readable_gone)
    pruned = prune(compendium, list(merged.values()))
    if not len(compendium):
        if compendium_path.is_file():  # every translation it kept is in a catalog again
            compendium_path.unlink()
            print(
                f"{display_path(compendium_path)}: removed, its {pruned} translation(s) "
                "are all in catalogs again"
            )
    elif pofile.save(compendium, compendium_path) or moved:
        print(
            f"{display_path(compendium_path)}: {len(compendium)} translations of pages "
            f"that no longer exist" + (f", {pruned} back in a catalog" if pruned else "")
        )
    for page, count in moved.items():
        path = catalog_dir / f"{page}.po"
        # Its translations are in the compendium now (written first, atomically).
        path.unlink()
        path.with_suffix(".mo").unlink(missing_ok=True)
        print(
            f"{display_path(path)}: the page {page} no longer exists; its {count} "
            f"translation(s) are kept in {display_path(compendium_path)}"
        )
    return problems
