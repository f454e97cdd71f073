"""make update-po loses nothing, agrees with `msgmerge --previous`, and reaches a fixed point.

Every catalog and template is written into tmp_path by the test that needs
it. The comparisons run GNU gettext's msgmerge and msgcat (Debian's
`gettext`, which .ci/run installs).
"""

import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import ROOT

from tools.po import check, pofile, update
from tools.po.templates import Template

HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
GETTEXT = pytest.mark.skipif(
    shutil.which("msgmerge") is None or shutil.which("msgcat") is None,
    reason="GNU gettext (msgmerge, msgcat) is not installed: "
    "apt-get install gettext (.ci/run does)",
)


def entry(msgid, msgstr="", fuzzy=False, previous=None, obsolete=False, **more):
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=["fuzzy"] if fuzzy else [],
        previous_msgid=previous,
        obsolete=obsolete,
        **more,
    )


def write_catalog(path: Path, entries) -> Path:
    catalog = polib.POFile()
    catalog.metadata = dict(HEADER)
    for item in entries:
        catalog.append(item)
    pofile.write_atomically(path, pofile.dump(catalog))
    return path


def write_template(path: Path, msgids) -> Path:
    template = polib.POFile()
    template.metadata = {
        "Project-Id-Version": "TaskGroup Guide",
        "POT-Creation-Date": "2026-01-01 00:00+0000",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    for msgid in msgids:
        template.append(polib.POEntry(msgid=msgid))
    path.parent.mkdir(parents=True, exist_ok=True)
    template.save(str(path))
    return path


class Project:
    """A language's catalogs and the templates of `make gettext`, in tmp_path."""

    def __init__(self, root: Path):
        self.root = root
        self.pots = root / "gettext"
        self.locale = root / "locale"
        self.catalogs = self.locale / "zh_CN" / "LC_MESSAGES"
        self.compendium = self.locale / "zh_CN" / "compendium.po"

    def pages(self, pages: dict[str, list[str]]) -> None:
        shutil.rmtree(self.pots, ignore_errors=True)
        for page, msgids in pages.items():
            write_template(self.pots / f"{page}.pot", msgids)

    def update(self) -> list:
        return update.update(self.pots, self.locale, "zh_CN")

    def catalog(self, page: str) -> polib.POFile:
        catalog, problems = pofile.read(self.catalogs / f"{page}.po")
        assert problems == []
        return catalog

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.locale)): p.read_bytes() for p in self.locale.rglob("*.po")}

    def translations(self) -> set[tuple[str, str]]:
        """(msgid, msgstr) of every translation anywhere: catalogs, obsolete entries, compendium."""
        found = set()
        for path in self.locale.rglob("*.po"):
            catalog, problems = pofile.read(path)
            assert problems == [], problems
            found |= {(e.msgid, e.msgstr) for e in catalog if e.msgstr}
        return found

    def msgstrs(self) -> set[str]:
        return {msgstr for _, msgstr in self.translations()}

    def templates(self) -> dict[str, Template]:
        return {
            pot.stem: Template(pot.stem, tuple(e.msgid for e in polib.pofile(str(pot))))
            for pot in self.pots.glob("*.pot")
        }


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


# -- The same results as msgmerge --previous ----------------------------------

LONG = (
    "This creates an `asyncio.Task` and schedules it on the event loop, but it does not run "
    "it straight away: the new task gets its first turn at the next `await`."
)
LONG_ZH = (
    "这会创建一个 `asyncio.Task` 并将其调度到事件循环上，但不会立即运行它："
    "新任务在下一个 `await` 处获得第一次运行机会。"
)
CODE = (
    "async def main():\n"
    "    # start the tasks\n"
    "    async with asyncio.TaskGroup() as tg:\n"
    "        tg.create_task(work())\n"
)

# The catalog before the page changed, and the page after (msgmerge's def.po and ref.pot).
BEFORE = [
    entry("Create a task group.", "创建一个任务组。"),
    entry(LONG, LONG_ZH, tcomment="glossary-ignore: task"),
    # changed once already, and again now: the #| keeps the English it was made for
    entry(
        "Wait for every task in the group.",
        "等待每个任务。",
        fuzzy=True,
        previous="Wait for every task.",
    ),
    # a translator finished it but left the #| lines
    entry("Stale previous lines stay behind.", "陈旧的行。", previous="Stale lines."),
    entry("A task group waits for its tasks.", "任务组等待它的任务。"),
    entry(CODE, CODE.replace("# start the tasks", "# 启动任务")),
    entry("Removed paragraph text.", "删除的段落。"),
    entry("Untranslated and removed.", ""),
    entry("Untranslated, still there.", ""),
    entry("An obsolete entry comes back.", "回来了。", obsolete=True),
    entry("An obsolete entry similar to a new paragraph here.", "相似的过时条目。", obsolete=True),
    entry("Obsolete and fuzzy.", "过时模糊。", fuzzy=True, previous="Old English.", obsolete=True),
]
AFTER = [
    "Create a task group.",
    LONG.replace("straight away", "at once"),
    "Wait for every task in the group to end.",
    "Stale previous lines stay behind.",
    # difflib's ratio says 0.37, msgmerge's fstrcmp 0.65: a fuzzy match
    "Its tasks wait for a task group.",
    CODE.replace("work()", "work(1)"),
    "Untranslated, still there.",
    "An obsolete entry comes back.",
    "An obsolete entry similar to a new paragraph here!",
    "Completely new text without any match.",
    "Create a task group!",
]


def entries(path: Path) -> dict:
    """Each entry's msgstr, flags and previous msgid, by (msgctxt, msgid, obsolete): not layout."""
    catalog, problems = pofile.read(path)
    assert problems == []
    return {
        (e.msgctxt, e.msgid, bool(e.obsolete)): (e.msgstr, sorted(e.flags), e.previous_msgid)
        for e in catalog
    }


def msgmerge(tmp_path: Path, before: Path, template: Path, *more: str) -> Path:
    out = tmp_path / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", *more, "-o", str(out), str(before), str(template)],
        check=True,
    )
    return out


@GETTEXT
def test_update_po_agrees_with_msgmerge_previous_entry_by_entry(project, tmp_path):
    before = write_catalog(tmp_path / "before.po", BEFORE)
    project.catalogs.mkdir(parents=True)
    shutil.copy(before, project.catalogs / "page.po")
    project.pages({"page": AFTER})
    assert project.update() == []
    ours = entries(project.catalogs / "page.po")
    theirs = entries(msgmerge(tmp_path, before, project.pots / "page.pot"))
    assert ours == theirs
    # The cases are all there: nothing agrees by being absent.
    assert ours[None, "Its tasks wait for a task group.", False] == (
        "任务组等待它的任务。",
        ["fuzzy"],
        "A task group waits for its tasks.",
    )
    assert (
        ours[None, "Wait for every task in the group to end.", False][2] == "Wait for every task."
    )
    assert ours[None, "Stale previous lines stay behind.", False] == ("陈旧的行。", [], None)
    assert ours[None, "Obsolete and fuzzy.", True] == ("过时模糊。", ["fuzzy"], "Old English.")
    # An edited paragraph is not also kept as an obsolete copy.
    assert (None, "A task group waits for its tasks.", True) not in ours
    assert len(ours) == len(AFTER) + 2


@GETTEXT
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_update_po_agrees_with_msgmerge_on_random_edits(project, tmp_path, seed):
    """Random paragraphs, random edits: the same fuzzy matches as msgmerge's fstrcmp."""
    rng = random.Random(seed)
    words = (
        "task group cancel waits error result loop event queue timeout the a of "
        "every raises block exits"
    ).split()

    def paragraph():
        return " ".join(rng.choice(words) for _ in range(rng.randint(5, 14))).capitalize() + "."

    old = [paragraph() for _ in range(25)]
    before = write_catalog(
        tmp_path / "before.po",
        [
            entry(
                msgid,
                f"译文{n}" if rng.random() < 0.8 else "",
                fuzzy=rng.random() < 0.2,
                obsolete=n >= 20,
            )
            for n, msgid in enumerate(dict.fromkeys(old))
        ],
    )
    new = []
    for msgid in old[:20]:
        choice = rng.random()
        if choice < 0.3:
            parts = msgid[:-1].split()
            parts[rng.randrange(len(parts))] = rng.choice(words)
            new.append(" ".join(parts) + ".")
        elif choice < 0.4:
            new.append(paragraph())
        elif choice < 0.9:
            new.append(msgid)
    new.append(old[22])  # an obsolete paragraph is back
    project.catalogs.mkdir(parents=True)
    shutil.copy(before, project.catalogs / "page.po")
    project.pages({"page": list(dict.fromkeys(new))})
    project.update()
    assert entries(project.catalogs / "page.po") == entries(
        msgmerge(tmp_path, before, project.pots / "page.pot")
    )


@GETTEXT
def test_other_pages_are_the_compendium_as_msgmerge_C(project, tmp_path):
    """A similar translation on another page comes as msgmerge -C brings it; the same
    English on another page comes too, but fuzzy (msgmerge takes it as it is): a
    translation made for one page is a suggestion for another."""
    other = write_catalog(
        project.catalogs / "other.po",
        [
            entry("Completely new text without any match.", "全新的文字。"),
            entry("The loop runs every task it was given.", "事件循环运行交给它的每个任务。"),
        ],
    )
    before = write_catalog(project.catalogs / "page.po", BEFORE)
    shutil.copy(before, tmp_path / "before.po")
    after = [*AFTER, "The loop runs every task it was given!"]
    project.pages(
        {
            "page": after,
            "other": [
                "Completely new text without any match.",
                "The loop runs every task it was given.",
            ],
        }
    )
    project.update()
    ours = entries(project.catalogs / "page.po")
    theirs = entries(
        msgmerge(tmp_path, tmp_path / "before.po", project.pots / "page.pot", "-C", str(other))
    )
    exact = (None, "Completely new text without any match.", False)
    assert theirs[exact] == ("全新的文字。", [], None)
    theirs[exact] = ("全新的文字。", ["fuzzy"], None)
    assert ours == theirs
    assert ours[None, "The loop runs every task it was given!", False] == (
        "事件循环运行交给它的每个任务。",
        ["fuzzy"],
        "The loop runs every task it was given.",
    )


# -- Nothing a translator wrote is lost ---------------------------------------

FURTHER = ["Further reading", "The official documentation of asyncio.", "Books about Python."]
FURTHER_ZH = ["延伸阅读", "asyncio 的官方文档。", "关于 Python 的书。"]


def translate_page(project, page, msgids, msgstrs):
    write_catalog(
        project.catalogs / f"{page}.po",
        [entry(msgid, msgstr) for msgid, msgstr in zip(msgids, msgstrs)],
    )


def test_renamed_page_keeps_its_translations(project, capsys):
    """`git mv further-reading.md reading.md`: the new catalog is not empty."""
    project.pages({"further-reading": FURTHER})
    translate_page(project, "further-reading", FURTHER, FURTHER_ZH)
    project.pages({"reading": FURTHER})
    assert project.update() == []
    out = capsys.readouterr().out
    reading = project.catalog("reading")
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in reading] == [
        (msgid, msgstr, True) for msgid, msgstr in zip(FURTHER, FURTHER_ZH)
    ]
    assert not (project.catalogs / "further-reading.po").exists()
    assert "its 3 translation(s) are kept in" in out
    assert "git rm" not in out and "delete" not in out.replace("deleted", "")
    # Every translation is in reading.po: the compendium has nothing left to keep.
    assert not project.compendium.exists()
    first = project.files()
    project.update()
    assert project.files() == first


def test_deleted_page_keeps_its_translations_for_later(project):
    project.pages({"index": ["Home"], "further-reading": FURTHER})
    translate_page(project, "index", ["Home"], ["首页"])
    translate_page(project, "further-reading", FURTHER, FURTHER_ZH)
    project.pages({"index": ["Home"]})
    assert project.update() == []
    assert not (project.catalogs / "further-reading.po").exists()
    compendium = pofile.read(project.compendium)[0]
    assert {(e.msgctxt, e.msgid, e.msgstr) for e in compendium} == {
        ("further-reading", msgid, msgstr) for msgid, msgstr in zip(FURTHER, FURTHER_ZH)
    }
    first = project.files()
    project.update()
    assert project.files() == first

    # A paragraph of the gone page comes back on another page: its translation with it,
    # and the compendium keeps only what no catalog has.
    project.pages({"index": ["Home", "Books about Python!"]})
    project.update()
    back = project.catalog("index").find("Books about Python!")
    assert (back.msgstr, back.fuzzy, back.previous_msgid, back.previous_msgctxt) == (
        "关于 Python 的书。",
        True,
        "Books about Python.",
        "further-reading",
    )
    assert len(pofile.read(project.compendium)[0]) == 3  # the fuzzy one may still change
    first = project.files()
    project.update()
    assert project.files() == first
    assert check.check_language(project.locale, "zh_CN", project.templates()) == []

    # The same English, from the gone page: check-po STRICT=1 names where it came from.
    project.pages({"index": ["Home", "The official documentation of asyncio."]})
    project.update()
    found = [
        str(p)
        for p in check.check_language(project.locale, "zh_CN", project.templates(), strict=True)
    ]
    assert (
        len(found) == 1
        and (
            "a translation `make update-po` found for this English on the "
            "page further-reading, which no longer exists"
        )
        in found[0]
    )
    # It is back in a catalog as it was: the compendium no longer needs it.
    assert ("further-reading", "The official documentation of asyncio.") not in {
        (e.msgctxt, e.msgid) for e in pofile.read(project.compendium)[0]
    }


def test_paragraph_moved_to_another_page(project):
    project.pages({"a": ["Stays here.", "Moves to page b."], "b": ["Already on b."]})
    write_catalog(
        project.catalogs / "a.po",
        [entry("Stays here.", "留下。"), entry("Moves to page b.", "移到 b 页。")],
    )
    write_catalog(project.catalogs / "b.po", [entry("Already on b.", "已在 b 页。")])
    project.pages({"a": ["Stays here."], "b": ["Already on b.", "Moves to page b."]})
    project.update()
    moved = project.catalog("b").find("Moves to page b.")
    assert (moved.msgstr, moved.fuzzy) == ("移到 b 页。", True)
    first = project.files()
    project.update()
    assert project.files() == first


def test_obsolete_twin_with_another_translation_is_kept_and_reported(project, capsys):
    """After a merge of two branches: an active and an obsolete entry with one msgid."""
    project.pages({"page": ["Same text."]})
    write_catalog(
        project.catalogs / "page.po",
        [
            entry("Same text.", "一样。"),
            entry("Same text.", "另一个译文。", obsolete=True),
            entry("Other.", "其他。", obsolete=True),
            entry("Other.", "其他。", obsolete=True),
        ],
    )
    project.update()
    assert (
        "an obsolete entry has another translation than the active one" in capsys.readouterr().out
    )
    catalog = project.catalog("page")
    assert [(e.msgid, e.msgstr, e.obsolete) for e in catalog] == [
        ("Same text.", "一样。", 0),
        ("Same text.", "另一个译文。", 1),
        ("Other.", "其他。", 1),
    ]
    first = project.files()
    project.update()
    assert project.files() == first


def test_empty_catalog_is_reported_and_never_rebuilt_over(project):
    project.pages({"page": FURTHER})
    path = project.catalogs / "page.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    found = [str(problem) for problem in project.update()]
    assert path.read_bytes() == b""
    assert len(found) == 1 and "the catalog is empty" in found[0]
    assert "restore it with `git checkout -- " in found[0]
    assert [
        str(p) for p in check.check_language(project.locale, "zh_CN", project.templates())
    ] == found


def test_catalog_cut_short_is_reported(project):
    project.pages({"page": FURTHER})
    translate_page(project, "page", FURTHER, FURTHER_ZH)
    path = project.catalogs / "page.po"
    text = path.read_text("utf-8")
    for cut in (
        text[: text.index("msgid", text.index("msgid") + 1)],  # the header only
        text[:-1],
    ):  # the last line break lost: cut inside the last string
        path.write_text(cut, "utf-8")
        found = project.update()
        assert path.read_text("utf-8") == cut
        assert found and all(
            "git checkout" in problem.fix or "closed" in problem.what for problem in found
        ), found
    path.write_text(text.split("\n\n", 1)[1], "utf-8")  # the start lost: entries, no header
    assert "the catalog has no header" in str(project.update()[0])


SLOW_SAVE = """\
import os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import polib
from tools.po import pofile

def stop_before_the_rename(fd):
    print("written, not yet renamed", flush=True)
    import time; time.sleep(60)

os.fsync = stop_before_the_rename
catalog = polib.POFile()
catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
for n in range(2000):
    catalog.append(polib.POEntry(msgid=f"Paragraph {n} of the new English.", msgstr=f"新译文 {n}"))
pofile.save(catalog, Path(sys.argv[2]))
"""


def test_kill_9_while_writing_leaves_the_old_catalog_whole(project):
    project.pages({"page": FURTHER})
    translate_page(project, "page", FURTHER, FURTHER_ZH)
    path = project.catalogs / "page.po"
    before = path.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_SAVE, str(ROOT), str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "written, not yet renamed"
        temporary = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        assert len(temporary) == 1 and temporary[0].stat().st_size > 50_000
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert project.update() == []
    assert [e.msgstr for e in project.catalog("page")] == FURTHER_ZH
    assert not temporary[0].exists()  # update-po cleans up after the stopped write


# -- Idempotent: one run reaches the fixed point ------------------------------

WORDS = "task group cancel wait error result loop event timeout block".split()


@pytest.mark.parametrize("seed", range(6))
def test_any_sequence_of_edits_runs_and_reverts_reaches_a_fixed_point(project, seed):
    rng = random.Random(seed)
    counter = iter(range(10**6))

    def paragraph():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize() + "."

    pages = {f"p{n}": [paragraph() for _ in range(4)] for n in range(3)}
    history = [{page: list(msgids) for page, msgids in pages.items()}]

    def edit():
        page = rng.choice(sorted(pages))
        msgids = pages[page]
        action = rng.choice(
            ["change", "change", "add", "remove", "move", "rename", "drop", "revert"]
        )
        if action == "change" and msgids:
            index = rng.randrange(len(msgids))
            words = msgids[index][:-1].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            msgids[index] = " ".join(words).capitalize() + "."
        elif action == "add":
            msgids.insert(rng.randint(0, len(msgids)), paragraph())
        elif action == "remove" and msgids:
            msgids.pop(rng.randrange(len(msgids)))
        elif action == "move" and msgids and len(pages) > 1:
            target = rng.choice([other for other in pages if other != page])
            pages[target].append(msgids.pop(rng.randrange(len(msgids))))
        elif action == "rename":
            pages[f"p{next(counter)}r"] = pages.pop(page)
        elif action == "drop" and len(pages) > 1:
            del pages[page]
        elif action == "revert":
            pages.clear()
            pages.update({p: list(m) for p, m in rng.choice(history).items()})

    def translate():
        for path in project.catalogs.glob("*.po"):
            catalog = pofile.read(path)[0]
            for item in catalog:
                if not item.obsolete and (not item.msgstr or item.fuzzy) and rng.random() < 0.7:
                    item.msgstr = f"译文{next(counter)}"
                    item.flags = [flag for flag in item.flags if flag != "fuzzy"]
                    if rng.random() < 0.5:  # the translator forgot the #| lines
                        item.previous_msgid = None
            # Any editor's layout: polib's own, at some width.
            catalog.wrapwidth = rng.choice([0, 40, 78])
            catalog.save(str(path))

    for step in range(12):
        for _ in range(rng.randint(1, 3)):
            edit()
        for page in pages:
            pages[page] = list(dict.fromkeys(pages[page]))
        history.append({page: list(msgids) for page, msgids in pages.items()})
        project.pages(pages)
        before = project.msgstrs()
        assert project.update() == [], step
        after = project.files()
        # Nothing lost, anywhere.
        assert before <= project.msgstrs(), step
        # No #| on an entry that is not fuzzy; every file reads back.
        for path in project.locale.rglob("*.po"):
            catalog, problems = pofile.read(path)
            assert problems == []
            assert all(e.fuzzy or not e.previous_msgid for e in catalog), path.read_text("utf-8")
            assert "#~|" not in path.read_text("utf-8") or any(
                e.obsolete and e.previous_msgid for e in catalog
            )
        # check-po accepts update-po's output.
        assert check.check_language(project.locale, "zh_CN", project.templates()) == []
        # A second run changes nothing.
        assert project.update() == []
        assert project.files() == after, step
        if rng.random() < 0.6:
            translate()


# -- Any gettext tool's layout is welcome --------------------------------------


def sample_catalog(path: Path) -> Path:
    return write_catalog(
        path,
        [
            entry(LONG, LONG_ZH, tcomment="Reviewed against the CPython docs."),
            entry(CODE, CODE.replace("# start the tasks", "# 启动任务")),
            entry(
                "Wait for every task in the group to end.",
                "等待组中的每个任务结束。",
                fuzzy=True,
                previous="Wait for every task in the group, however long it takes to end them.",
            ),
            entry("Short.", "短。"),
            entry("Removed paragraph text.", "删除的段落。", obsolete=True),
            entry(
                "Obsolete and fuzzy.",
                "过时模糊。",
                fuzzy=True,
                previous="Old English.",
                obsolete=True,
            ),
        ],
    )


def content(path: Path):
    catalog, problems = pofile.read(path)
    assert problems == [], problems
    return [(e.msgid, e.msgstr, e.flags, e.previous_msgid, e.tcomment, e.obsolete) for e in catalog]


POEDIT_HEADER = (
    '"X-Generator: Poedit 3.4.2\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    '"Last-Translator: 译者 <translator@example.org>\\n"\n'
)


def relayout(tool: str, source: Path, target: Path) -> None:
    """``source`` as another tool writes it."""
    if tool.startswith("msgcat"):
        subprocess.run(["msgcat", *tool.split()[1:], "-o", str(target), str(source)], check=True)
    elif tool.startswith("polib"):
        # polib's writer; read by ours, since polib's reader drops "#~|" lines
        catalog = pofile.read(source)[0]
        catalog.wrapwidth = int(tool.split()[1])
        catalog.save(str(target))
    elif tool == "poedit":  # msgcat's wrapping, Poedit's header lines
        subprocess.run(["msgcat", "--width=79", "-o", str(target), str(source)], check=True)
        text = target.read_text("utf-8")
        marker = '"Content-Type'
        target.write_text(text.replace(marker, POEDIT_HEADER + marker, 1), "utf-8")


@GETTEXT
@pytest.mark.parametrize(
    "tool",
    [
        "msgcat --width=40",
        "msgcat --width=60",
        "msgcat --width=77",  # Weblate's width
        "msgcat --width=79",  # powrap's
        "msgcat --width=100",
        "msgcat --no-wrap",
        "msgcat --sort-output",
        "polib 78",
        "polib 0",
        "poedit",
    ],
)
def test_check_po_accepts_any_gettext_tools_layout(tmp_path, project, tool):
    canonical = sample_catalog(tmp_path / "canonical.po")
    path = project.catalogs / "page.po"
    project.catalogs.mkdir(parents=True)
    relayout(tool, canonical, path)
    if tool != "msgcat --width=79":  # update-po's own width: the same file, or nearly
        assert path.read_bytes() != canonical.read_bytes()  # really another layout
    assert sorted(content(path)) == sorted(content(canonical))
    active = [e.msgid for e in pofile.read(path)[0] if not e.obsolete]
    problems = check.check_catalog(path, Template("page", tuple(active), {CODE: "python"}), [])
    assert problems == []
    # update-po lays it out again, changing no translation.
    project.pages({"page": [e.msgid for e in pofile.read(canonical)[0] if not e.obsolete]})
    assert project.update() == []
    assert sorted(content(path)) == sorted(content(canonical))
    first = project.files()
    project.update()
    assert project.files() == first


# -- Faults an editor can introduce, named by their cause ----------------------


@pytest.mark.parametrize(
    "change, what, fix",
    [
        (
            lambda raw: b"\xef\xbb\xbf" + raw,
            "the file starts with a byte order mark (BOM)",
            "save it as UTF-8 without BOM",
        ),
        (
            lambda raw: raw.replace(b"\n", b"\r\n"),
            "the file has Windows line endings (CRLF)",
            "set your editor to Unix (LF) line endings",
        ),
        (
            lambda raw: raw.replace(b"charset=UTF-8", b"charset=ISO-8859-1"),
            "the header says charset=ISO-8859-1, but the file is UTF-8",
            "charset=UTF-8",
        ),
        (
            lambda raw: raw.replace(b"charset=UTF-8", b"charset=CHARSET"),
            "the header says charset=CHARSET",
            "charset=UTF-8",
        ),
        (lambda raw: b"", "the catalog is empty", "restore it with `git checkout -- "),
    ],
)
def test_editor_fault_is_named_and_update_po_repairs_what_it_can(project, change, what, fix):
    project.pages({"page": FURTHER})
    translate_page(project, "page", FURTHER, FURTHER_ZH)
    path = project.catalogs / "page.po"
    assert project.update() == []  # as update-po writes it (with the header the build wants)
    good = path.read_bytes()
    path.write_bytes(change(good))
    found = check.check_language(project.locale, "zh_CN", project.templates())
    assert len(found) == 1 and what in found[0].what and fix in found[0].fix, found
    problems = project.update()
    if "empty" in what:
        assert path.read_bytes() == b"" and problems
    else:  # layout and encoding faults: update-po writes the file again without them
        assert problems == [] and path.read_bytes() == good


def test_tab_in_translated_code(tmp_path):
    translated = CODE.replace("# start the tasks", "# 启动任务").replace(
        "    async with", "\tasync with"
    )
    path = write_catalog(tmp_path / "page.po", [entry(CODE, translated)])
    found = check.check_catalog(path, Template("page", (CODE,), {CODE: "python"}), [])
    assert any(
        "a tab in line 3 of the code, where the English has spaces" in p.what
        and "indent with spaces" in p.fix
        for p in found
    ), found
