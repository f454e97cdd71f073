"""The catalog tools (tools/po/): each check is fed a broken catalog made here.

Nothing here reads locale/: every catalog, template and glossary is written
into tmp_path by the test that needs it (tests/test_catalogs.py checks the
real ones).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest
from conftest import ROOT

from tools.po import check, glossary, pofile, status, update
from tools.po.problem import Problem
from tools.po.templates import Template

HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
CODE = "# start the tasks\nasync def main(*args):\n    if len(args) < 2:  # too few\n        return"


def write_catalog(path: Path, entries: list[polib.POEntry]) -> Path:
    """A catalog laid out as `make update-po` writes it."""
    catalog = polib.POFile()
    catalog.metadata = dict(HEADER)
    for entry in entries:
        catalog.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pofile.dump(catalog), "utf-8")
    return path


def problems(
    tmp_path: Path,
    entries: list[polib.POEntry],
    code: dict | None = None,
    terms: list[glossary.Term] | None = None,
) -> list[str]:
    """Every problem check-po reports for one catalog of these entries."""
    path = write_catalog(tmp_path / "locale" / "page.po", entries)
    template = Template("page", tuple(e.msgid for e in entries if not e.obsolete), code or {})
    return [
        str(problem) for problem in check.check_catalog(path, template, terms or [], strict=True)
    ]


def entry_problems(
    msgid: str, msgstr: str, code: dict | None = None, terms: list[glossary.Term] | None = None
) -> list[str]:
    """The problems of one translated entry, without the file and line."""
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
    template = Template("page", (msgid,), code or {})
    return [f"{what} — {fix}" for what, fix in check.entry_problems(entry, template, terms or [])]


# -- Syntax: file and line, never a traceback ---------------------------------

GOOD_START = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    "body, line, message",
    [
        ('msgid "one"\nmsgstr "一"\n\nmsgid "two\nmsgstr "二"\n', 8, "the string is not closed"),
        (
            'msgid "say"\nmsgstr "他说 "你好""\n',
            6,
            'a " ends the string before the end of the line',
        ),
        ('msgid "path"\nmsgstr "C:\\dir"\n', 6, r"unknown escape \d"),
        ('msgid "one"\nmsgstr "一"\nmsgstr "壹"\n', 7, "msgstr without a msgid before it"),
        ('msgid "one"\n\nmsgid "two"\nmsgstr "二"\n', 5, "this msgid has no msgstr"),
        ('msgid "one"\nmsgstr "一"\n\nmsgid "two"\n', 8, "this msgid has no msgstr"),
        ('msgid "one"\nmsgstr "一"\n"continued\n', 7, "the string is not closed"),
        ('msgid "one"\nmsgstr "一"\n# note\n"stray"\n', 8, "a string outside any entry"),
        ('msgid "one"\nmsgstr 一\n', 6, "the text is not in double quotes"),
        ('msgid "one"\nmsgtsr "一"\n', 6, "not a comment, a keyword or a string"),
        (
            'msgid "one"\nmsgstr "一"\n\n#~ msgid "gone\n#~ msgstr "走了"\n',
            8,
            "the string is not closed",
        ),
    ],
)
def test_syntax_error_is_reported_with_its_line(tmp_path, body, line, message):
    path = tmp_path / "page.po"
    path.write_text(GOOD_START + body, "utf-8")
    catalog, found = pofile.read(path)
    assert catalog is None
    assert f"{path}:{line}: {message} — " in "\n".join(map(str, found))


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "page.po"
    path.write_bytes(
        (GOOD_START + 'msgid "café"\nmsgstr "').encode() + "café".encode("latin-1") + b'"\n'
    )
    catalog, found = pofile.read(path)
    assert [(p.line, p.what) for p in found] == [(6, "this line is not UTF-8 text")]
    assert "save the file with the UTF-8 encoding" in str(found[0])


def test_duplicate_entry(tmp_path):
    path = tmp_path / "page.po"
    path.write_text(GOOD_START + 'msgid "one"\nmsgstr "一"\n\nmsgid "one"\nmsgstr "壹"\n', "utf-8")
    catalog, found = pofile.read(path)
    assert [(p.line, p.what) for p in found] == [(8, "the same msgid as the entry at line 5")]


def test_broken_catalog_is_reported_by_check_po(tmp_path):
    path = tmp_path / "page.po"
    path.write_text(GOOD_START + 'msgid "one"\nmsgstr "一\n', "utf-8")
    found = check.check_catalog(path, Template("page", ("one",)), [])
    assert [(p.line, p.what) for p in found] == [(6, "the string is not closed")]


# -- The canonical format -----------------------------------------------------

LONG_ENGLISH = (
    "This creates an `asyncio.Task` and schedules it on the event loop, but it does "
    "not run it straight away. The new task gets its first turn later."
)
LONG_CHINESE = (
    "这会创建一个 `asyncio.Task` 并将其调度到事件循环上，但不会立即运行它。新任务会在"
    "创建它的协程把控制权交还给事件循环时获得第一次运行机会（这发生在下一个 await 处）。"
)


def display_width(line: str) -> int:
    return sum(pofile.columns(char) for char in line)


def test_dump_wraps_chinese_at_79_columns_and_reads_back_the_same(tmp_path):
    path = write_catalog(
        tmp_path / "page.po",
        [
            polib.POEntry(
                msgid=LONG_ENGLISH, msgstr=LONG_CHINESE, tcomment="glossary-ignore: task"
            ),
            polib.POEntry(msgid=CODE, msgstr=CODE.replace("# start the tasks", "# 启动任务")),
            polib.POEntry(msgid="gone", msgstr="走了", obsolete=True),
        ],
    )
    text = path.read_text("utf-8")
    assert max(map(display_width, text.splitlines())) <= pofile.WIDTH
    assert '"这会创建一个 `asyncio.Task` 并将其调度到事件循环上，但不会立即运行它。新任务"' in text
    # No line starts with closing punctuation or ends with opening punctuation.
    assert not any(
        line.startswith(('"，', '"。', '"）')) or line.endswith('（"') for line in text.splitlines()
    )
    catalog, found = pofile.read(path)
    assert found == []
    assert [(e.msgid, e.msgstr, e.obsolete) for e in catalog] == [
        (LONG_ENGLISH, LONG_CHINESE, 0),
        (CODE, CODE.replace("# start the tasks", "# 启动任务"), 0),
        ("gone", "走了", 1),
    ]
    assert pofile.dump(catalog) == text


# -- Completeness: nothing lost -----------------------------------------------


def test_untranslated_and_fuzzy_entries(tmp_path):
    found = problems(
        tmp_path,
        [
            polib.POEntry(msgid="Create a task group", msgstr=""),
            polib.POEntry(
                msgid="Wait for the tasks",
                msgstr="等待任务",
                flags=["fuzzy"],
                previous_msgid="Wait for all tasks",
            ),
        ],
    )
    assert found == [
        f'{tmp_path}/locale/page.po:6: msgid "Create a task group" — not translated — '
        "write the translation in its msgstr",
        f'{tmp_path}/locale/page.po:9: msgid "Wait for the tasks" — fuzzy: the English changed '
        "after this was translated, so the page shows English here (the old English is in the "
        '#| lines) — update the msgstr to the new msgid, then delete "fuzzy" from the "#," line '
        "(and the #| lines)",
    ]


def test_page_edited_without_update_po(tmp_path):
    path = write_catalog(tmp_path / "page.po", [polib.POEntry(msgid="Old English", msgstr="旧")])
    template = Template("groups", ("New English", "Another paragraph"))
    found = [str(p) for p in check.check_catalog(path, template, [], strict=True)]
    assert found == [
        f'{path}:1: 2 msgid(s) of the page groups are not in the catalog, the first: "New English" '
        "— run `make update-po`, then translate the new and fuzzy entries",
        f'{path}:6: msgid "Old English" — this msgid is not in the page groups '
        "(its English changed, or the msgid was edited) — run `make update-po`; "
        "never edit a msgid, only its msgstr",
    ]


def test_missing_and_leftover_catalogs(tmp_path):
    catalog_dir = tmp_path / "zh_CN" / "LC_MESSAGES"
    write_catalog(catalog_dir / "removed.po", [polib.POEntry(msgid="x", msgstr="x")])
    pages = {"page": Template("page", ("x",))}
    # Not translated yet is no failure; before a release (STRICT=1) it is.
    assert check.check_language(tmp_path, "zh_CN", pages) == []
    found = check.check_language(tmp_path, "zh_CN", pages, strict=True)
    assert [str(p) for p in found] == [
        f"{catalog_dir}/page.po:1: no catalog for the page page yet, so it shows in English — "
        "run `make update-po` to create it, then translate it",
        f"{catalog_dir}/removed.po:1: the page removed no longer exists — run `make update-po`: "
        f"it keeps this catalog's translations in {tmp_path}/zh_CN/compendium.po and offers "
        "them wherever their English appears again",
    ]
    assert not any("git rm" in str(problem) or "delete" in problem.fix for problem in found)


def test_problem_names_the_catalog_relative_to_the_repository():
    problem = Problem(
        ROOT / "locale/zh_CN/LC_MESSAGES/taskgroup.po",
        123,
        "Calling the group's `create_task()` before the block has been "
        "entered raises `RuntimeError`",
        "what",
        "fix",
    )
    assert str(problem) == (
        'locale/zh_CN/LC_MESSAGES/taskgroup.po:123: msgid "Calling the '
        "group's `create_task()` before the block has be…\" — what — fix"
    )


# Whether a msgstr's markup and code are safe to publish is the build's own
# decision (taskgroup_guide_ext/translation_gate.py): tests/test_translation_gate.py.


# -- Glossary -----------------------------------------------------------------


def write_glossary(tmp_path: Path, rows: str) -> list[glossary.Term]:
    path = tmp_path / "glossary.csv"
    path.write_text(",".join(glossary.COLUMNS) + "\n" + textwrap.dedent(rows), "utf-8")
    terms, found = glossary.load(path)
    assert found == []
    return terms


@pytest.fixture
def terms(tmp_path):
    return write_glossary(
        tmp_path,
        """\
        task,任务,,
        task group,任务组,,
        raise,引发,,
        cancel,取消,,"cancel, cancelled: one row"
        Future object,Future 对象,,
        """,
    )


@pytest.fixture
def avoiding(tmp_path):
    """A glossary with variants to avoid (the avoid column, semicolons between)."""
    return write_glossary(
        tmp_path,
        """\
        task group,任务组,任务分组,
        coroutine,协程,协同程序; 协作程序 ,"two variants, spaces around them aside"
        raise,引发,抛出,
        """,
    )


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("A task group runs tasks.", "任务组运行任务。"),
        ("The task raised an error.", "该任务引发了一个错误。"),
        ("Tasks are cancelled.", "任务被取消。"),
        ("It returns a Future object.", "它返回一个 Future对象。"),  # spaces aside
        (
            "Use `create_task()` or `asyncio.Task`.",
            "使用 `create_task()` 或 `asyncio.Task`。",
        ),  # code
        ("The task is an asyncio.Task.", "该 Task 是一个 asyncio.Task 对象。"),  # kept in English
        ("Read *Tasks in Depth*.", "阅读 *Tasks in Depth*。"),  # a title kept in English
    ],
)
def test_glossary_terms_used(terms, msgid, msgstr):
    assert entry_problems(msgid, msgstr, terms=terms) == []


@pytest.mark.parametrize(
    "msgid, msgstr, term",
    [
        ("A task group runs them.", "任务分组运行它们。", "task group"),
        ("Two tasks raised errors.", "两个任务抛出了错误。", "raise"),
        ("Cancelling a task.", "撤销一个任务。", "cancel"),
        ("# wrap the coroutine in a task\ntask = 1", "# 把协程包装成作业\ntask = 1", "task"),
    ],
)
def test_glossary_term_not_used(terms, msgid, msgstr, term):
    code = {msgid: "python"} if msgid.startswith("#") else {}
    found = entry_problems(msgid, msgstr, terms=terms, code=code)
    translation = next(t.translation for t in terms if t.term == term)
    assert found == [
        f"the English uses the glossary term {term!r}; the msgstr lacks its translation "
        f"{translation!r} — use {translation!r} (glossary.csv, line "
        f"{next(t.line for t in terms if t.term == term)}); if this entry is a deliberate "
        f"exception, add the comment line '# glossary-ignore: {term}' above it"
    ]


def test_glossary_ignore_marks_a_deliberate_exception(tmp_path, terms):
    entry = polib.POEntry(
        msgid="Two tasks raised errors.",
        msgstr="两个任务抛出了错误。",
        tcomment="glossary-ignore: raise",
    )
    assert problems(tmp_path, [entry], terms=terms) == []


def test_glossary_ignore_with_a_typo(tmp_path, terms):
    entry = polib.POEntry(
        msgid="Two tasks raised errors.",
        msgstr="两个任务抛出了错误。",
        tcomment="glossary-ignore: rise",
    )
    found = problems(tmp_path, [entry], terms=terms)
    assert len(found) == 2
    assert "glossary-ignore names 'rise', which is not in the glossary" in found[0]
    assert "lacks its translation '引发'" in found[1]


def test_broken_glossary(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("term;translation\n", "utf-8")
    assert [str(p) for p in glossary.load(path)[1]] == [
        f"{path}:1: the header is 'term;translation' — make the first line "
        "term,translation,avoid,note"
    ]
    path.write_text("term,translation,avoid,note\ntask,,,\n", "utf-8")
    assert [p.line for p in glossary.load(path)[1]] == [2]
    # The old three columns, without avoid: the header says what is missing.
    path.write_text("term,translation,note\ntask,任务,\n", "utf-8")
    assert glossary.load(path)[0] == []
    assert "make the first line term,translation,avoid,note" in str(glossary.load(path)[1][0])


def test_avoid_column_is_read(avoiding):
    assert [(t.term, t.avoid) for t in avoiding] == [
        ("task group", ("任务分组",)),
        ("coroutine", ("协同程序", "协作程序")),
        ("raise", ("抛出",)),
    ]


def test_a_variant_inside_its_own_translation_is_refused(tmp_path):
    """A variant that the translation contains would refuse every correct use."""
    path = tmp_path / "glossary.csv"
    path.write_text("term,translation,avoid,note\ntask group,任务组,任务,\n", "utf-8")
    terms, found = glossary.load(path)
    assert terms == []
    assert [str(p) for p in found] == [
        f"{path}:2: the variant to avoid '任务' is part of the translation '任务组', which "
        "would be refused wherever it is used — list only wrong forms in the avoid column"
    ]


def variant_problem(variant, term, translation, line):
    return (
        f"the msgstr uses {variant!r}, which the glossary marks as a variant to avoid "
        f"for {term!r} — use {translation!r} (glossary.csv, line {line}); if this entry "
        f"is a deliberate exception, add the comment line '# glossary-ignore: {term}' above it"
    )


@pytest.mark.parametrize(
    "msgid, msgstr, variant, term",
    [
        # The English does not use the term: the variant is refused all the same.
        ("They all run together.", "这些协同程序会一起运行。", "协同程序", "coroutine"),
        ("It holds them.", "它持有一个任务分组。", "任务分组", "task group"),
        # The English uses the term and the translation is there too.
        (
            "A coroutine, then another coroutine.",
            "一个协程，然后是另一个协作程序。",
            "协作程序",
            "coroutine",
        ),
    ],
)
def test_variant_to_avoid_is_refused_anywhere(avoiding, msgid, msgstr, variant, term):
    row = next(t for t in avoiding if t.term == term)
    assert entry_problems(msgid, msgstr, terms=avoiding) == [
        variant_problem(variant, term, row.translation, row.line)
    ]


def test_variant_to_avoid_in_a_code_comment(avoiding):
    msgid = "# start them\nx = 1"
    found = entry_problems(
        msgid, "# 启动这些协同程序\nx = 1", terms=avoiding, code={msgid: "python"}
    )
    assert found == [variant_problem("协同程序", "coroutine", "协程", 3)]


def test_variant_to_avoid_in_code_is_not_prose(avoiding):
    """Inline code is kept as it is in the msgid, whatever it says."""
    assert entry_problems("Call `任务分组`.", "调用 `任务分组`。", terms=avoiding) == []


def test_glossary_ignore_allows_a_variant(tmp_path, avoiding):
    entry = polib.POEntry(
        msgid="An old name.", msgstr="一个旧名称：协同程序。", tcomment="glossary-ignore: coroutine"
    )
    assert problems(tmp_path, [entry], terms=avoiding) == []


def test_variant_problem_names_file_line_and_msgid(tmp_path, avoiding):
    entry = polib.POEntry(msgid="Errors come out.", msgstr="错误被抛出。")
    [found] = problems(tmp_path, [entry], terms=avoiding)
    path = tmp_path / "locale" / "page.po"
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == "Errors come out.")
    assert found == (
        f'{path}:{line}: msgid "Errors come out." — ' + variant_problem("抛出", "raise", "引发", 4)
    )


# -- update-po ----------------------------------------------------------------


def write_template(path: Path, msgids: list[str], date: str = "2026-01-01 00:00+0000") -> Path:
    template = polib.POFile()
    template.header = "SOME DESCRIPTIVE TITLE.\nCopyright (C) 2026, TaskGroup Guide contributors"
    template.metadata = {
        "Project-Id-Version": "TaskGroup Guide",
        "POT-Creation-Date": date,
        "Content-Type": "text/plain; charset=UTF-8",
    }
    for msgid in msgids:
        template.append(polib.POEntry(msgid=msgid, flags=[]))
    path.parent.mkdir(parents=True, exist_ok=True)
    template.save(str(path))
    return path


def run_update(tmp_path: Path) -> list:
    return update.update(tmp_path / "gettext", tmp_path / "locale", "zh_CN")


def read_catalog(tmp_path: Path) -> polib.POFile:
    return polib.pofile(str(tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po"))


def translate(tmp_path: Path, translations: dict[str, str]) -> None:
    catalog = read_catalog(tmp_path)
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    pofile.save(catalog, Path(catalog.fpath))


def test_update_po_keeps_translations_and_marks_changes(tmp_path, capsys):
    pot = write_template(
        tmp_path / "gettext" / "page.pot",
        [
            "Create a task group.",
            "Wait for every task in the group to finish.",
            "Removed later.",
            "Never translated.",
        ],
    )
    assert run_update(tmp_path) == []
    translate(
        tmp_path,
        {
            "Create a task group.": "创建一个任务组。",
            "Wait for every task in the group to finish.": "等待组中的每个任务完成。",
            "Removed later.": "稍后删除。",
        },
    )
    write_template(
        pot,
        [
            "Create a task group.",
            "Wait for all the tasks in the group to finish.",
            "A new paragraph.",
        ],
        date="2026-02-02 00:00+0000",
    )
    capsys.readouterr()
    assert run_update(tmp_path) == []
    # As msgmerge: the changed paragraph's translation moves to the fuzzy
    # entry, with no second, obsolete copy of it.
    assert "page.po: 1 new, 1 fuzzy, 1 obsolete, 1 untranslated removed" in capsys.readouterr().out
    catalog = read_catalog(tmp_path)
    entries = {(e.msgid, e.obsolete): e for e in catalog}
    assert entries["Create a task group.", 0].msgstr == "创建一个任务组。"
    changed = entries["Wait for all the tasks in the group to finish.", 0]
    assert (changed.msgstr, changed.flags) == ("等待组中的每个任务完成。", ["fuzzy"])
    assert changed.previous_msgid == "Wait for every task in the group to finish."
    assert entries["A new paragraph.", 0].msgstr == ""
    assert entries["Removed later.", 1].msgstr == "稍后删除。"
    assert ("Never translated.", 1) not in entries
    assert catalog.metadata["POT-Creation-Date"] == "2026-02-02 00:00+0000"

    # The paragraph comes back: its old translation with it.
    write_template(pot, ["Create a task group.", "Removed later."], date="2026-03-03 00:00+0000")
    run_update(tmp_path)
    assert {e.msgid: e.msgstr for e in read_catalog(tmp_path) if not e.obsolete} == {
        "Create a task group.": "创建一个任务组。",
        "Removed later.": "稍后删除。",
    }


def test_update_po_twice_changes_nothing(tmp_path, capsys):
    write_template(tmp_path / "gettext" / "page.pot", [LONG_ENGLISH, CODE, "Short."])
    run_update(tmp_path)
    translate(tmp_path, {LONG_ENGLISH: LONG_CHINESE})
    path = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po"
    before = path.read_bytes()
    # A new POT-Creation-Date alone is no change.
    write_template(
        tmp_path / "gettext" / "page.pot",
        [LONG_ENGLISH, CODE, "Short."],
        date="2026-05-05 00:00+0000",
    )
    capsys.readouterr()
    run_update(tmp_path)
    assert path.read_bytes() == before
    assert capsys.readouterr().out.strip().endswith("page.po: unchanged")


def test_update_po_rewraps_and_keeps_the_translator_comments(tmp_path):
    write_template(tmp_path / "gettext" / "page.pot", [LONG_ENGLISH])
    path = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        GOOD_START + "# glossary-ignore: task\n#, python-brace-format\n"
        f'msgid "{LONG_ENGLISH}"\nmsgstr "{LONG_CHINESE}"\n',
        "utf-8",
    )
    run_update(tmp_path)
    entry = read_catalog(tmp_path)[0]
    assert (entry.msgstr, entry.tcomment, entry.flags) == (
        LONG_CHINESE,
        "glossary-ignore: task",
        [],
    )
    assert max(map(display_width, path.read_text("utf-8").splitlines())) <= pofile.WIDTH


def test_update_po_leaves_a_broken_catalog_alone(tmp_path):
    write_template(tmp_path / "gettext" / "page.pot", ["one"])
    path = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD_START + 'msgid "one"\nmsgstr "一\n', "utf-8")
    found = run_update(tmp_path)
    assert [(p.line, p.what) for p in found] == [(6, "the string is not closed")]
    assert path.read_text("utf-8").endswith('msgstr "一\n')


# -- status -------------------------------------------------------------------


def test_status_table(tmp_path):
    catalog_dir = tmp_path / "zh_CN" / "LC_MESSAGES"
    write_catalog(catalog_dir / "done.po", [polib.POEntry(msgid="a", msgstr="甲")])
    write_catalog(
        catalog_dir / "half.po",
        [
            polib.POEntry(msgid="a", msgstr="甲"),
            polib.POEntry(msgid="b", msgstr="乙", flags=["fuzzy"]),
            polib.POEntry(msgid="c", msgstr=""),
            polib.POEntry(msgid="old", msgstr="旧", obsolete=True),
        ],
    )
    pages = {
        "done": Template("done", ("a", "new")),
        "half": Template("half", ("a", "b", "c")),
        "missing": Template("missing", ("a", "b")),
    }
    assert status.table("zh_CN", status.progress(tmp_path, "zh_CN", pages)) == textwrap.dedent("""\
        zh_CN    translated  fuzzy  untranslated  total  done
        done              1      0             0      1  100%  out of date: make update-po
        half              1      1             1      3   33%
        missing           0      0             2      2    0%  no catalog yet: make update-po
        -----------------------------------------------------
        total             2      1             3      6   33%""")


# -- The commands, end to end, on a tiny Sphinx project -----------------------

TINY_CONF = """\
extensions = ["taskgroup_guide_ext.literal_translation", "myst_parser"]
languages = ["en", "zh_CN"]
gettext_compact = False
gettext_additional_targets = ["literal-block"]
templates_path = ["_templates"]
"""
TINY_PAGE = f"""\
# A page

Start a task with `create_task()`.

```python
{CODE}
```
"""


def tools_po(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tools" / "extensions")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "tools.po", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_commands_on_a_tiny_project(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "conf.py").write_text(TINY_CONF, "utf-8")
    (tmp_path / "src" / "page.md").write_text(TINY_PAGE, "utf-8")
    (tmp_path / "src" / "index.md").write_text("# Home\n\n```{toctree}\npage\n```\n", "utf-8")
    # The words of the HTML templates go to sphinx.pot, a catalog that is no page.
    (tmp_path / "src" / "_templates").mkdir()
    (tmp_path / "src" / "_templates" / "layout.html").write_text(
        '{% extends "!layout.html" %}{% block footer %}{{ _("Back to the top") }}{% endblock %}'
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools" / "extensions")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-q",
            "-W",
            "-d",
            str(tmp_path / "doctrees"),
            str(tmp_path / "src"),
            str(tmp_path / "gettext"),
        ],
        env=env,
        check=True,
    )
    options = [
        "--templates",
        "gettext",
        "--doctrees",
        "doctrees",
        "--locale-dir",
        "src/locale",
        "zh_CN",
    ]

    assert tools_po("update", *options, cwd=tmp_path).returncode == 0
    checked = tools_po("check", *options, cwd=tmp_path)
    # Nothing translated yet: reported page by page, a failure only with --strict.
    assert checked.returncode == 0, checked.stdout
    assert "zh_CN: not translated yet on 3 page(s)" in checked.stdout
    assert "  page: 0 fuzzy, 3 untranslated" in checked.stdout
    # A catalog whose page is gone is a note too, which advises deleting nothing.
    (tmp_path / "src" / "locale" / "zh_CN" / "LC_MESSAGES" / "gone.po").write_text(
        (tmp_path / "src" / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po").read_text("utf-8"),
        "utf-8",
    )
    checked = tools_po("check", *options, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert (
        "locale/zh_CN/LC_MESSAGES/gone.po:1: the page gone no longer exists — run "
        "`make update-po`: it keeps this catalog's translations"
    ) in checked.stdout
    (tmp_path / "src" / "locale" / "zh_CN" / "LC_MESSAGES" / "gone.po").unlink()
    checked = tools_po("check", "--strict", *options, cwd=tmp_path)
    assert checked.returncode == 1
    assert "src/locale/zh_CN/LC_MESSAGES/page.po:" in checked.stdout
    assert checked.stdout.strip().endswith(
        "zh_CN: 5 problem(s) in 3 file(s); how to fix each: docs/contributing.md"
    )

    translations = {
        "Home": "首页",
        "A page": "一页",
        "Back to the top": "回到顶部",
        "Start a task with `create_task()`.": "用 `create_task()` 启动任务。",
        # A ``` fence's code ends with a newline.
        f"{CODE}\n": CODE.replace("# start the tasks", "# 启动*任务*") + "\n",
    }
    for page in ("index", "page", "sphinx"):
        path = tmp_path / "src" / "locale" / "zh_CN" / "LC_MESSAGES" / f"{page}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = translations[entry.msgid]
        pofile.save(catalog, path)
    checked = tools_po("check", *options, cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "zh_CN: 3 catalogs checked, no problems\n")
    shown = tools_po("status", *options, cwd=tmp_path)
    assert shown.stdout.splitlines()[-1].split() == ["total", "5", "0", "0", "5", "100%"]

    # Changed code is the build's to refuse, as `make check-po` runs it: a
    # dummy build in the translation, with the page and line of the entry.
    path = tmp_path / "src" / "locale" / "zh_CN" / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(path))
    catalog.find(f"{CODE}\n").msgstr = CODE.replace("< 2", "< 3") + "\n"
    pofile.save(catalog, path)
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "dummy",
            "-q",
            "-W",
            "-E",
            "-D",
            "language=zh_CN",
            "-d",
            str(tmp_path / "doctrees-zh"),
            str(tmp_path / "src"),
            str(tmp_path / "dummy"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode != 0
    assert "locale/zh_CN/LC_MESSAGES/page.po:" in build.stderr
    assert "the code differs from the msgid beyond comments" in build.stderr


# -- Spacing around code and links ---------------------------------------------

SPACING_FIX = (
    "put one space between inline code, a link or a cross-reference and the "
    "Chinese text next to it, and none next to Chinese punctuation "
    "(docs/contributing.md)"
)


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("Use `create_task()` here.", "在这里使用 `create_task()` 创建。"),
        (
            "See [the docs](https://docs.python.org/3/) for more.",
            "更多内容请参阅 [文档](https://docs.python.org/3/) 了解。",
        ),
        ("Read {doc}`groups` next.", "接下来请读 {doc}`分组 <groups>`。"),  # punctuation: no space
        ("`TaskGroup` is new.", "`TaskGroup` 是新的。"),  # the start of the text
        ("It is (`x`).", "它是（`x`）。"),  # full-width brackets
        ("Python 3.11 and `x`", "Python 3.11 和 `x`"),  # the end of the text
        ("The `x` and `y` values", "`x`、`y` 的值"),  # an enumeration comma
        (
            "A [link](https://example.org/) in English.",
            "A [link](https://example.org/) in English.",
        ),
    ],
)
def test_spacing_as_the_rule_says(msgid, msgstr):
    assert entry_problems(msgid, msgstr) == []


@pytest.mark.parametrize(
    "msgid, msgstr, what",
    [
        (
            "Use `create_task()` here.",
            "在这里使用`create_task()` 创建。",
            "no space before inline code `create_task()`, next to '用'",
        ),
        (
            "Use `create_task()` here.",
            "在这里使用 `create_task()`创建。",
            "no space after inline code `create_task()`, next to '创'",
        ),
        (
            "See [the docs](https://docs.python.org/3/).",
            "参阅[文档](https://docs.python.org/3/)。",
            "no space before the link [文档], next to '阅'",
        ),
        (
            "Read {doc}`groups` next.",
            "接下来请读{doc}`分组 <groups>`。",
            "no space before the cross-reference {doc}`分组 <groups>`, next to '读'",
        ),
        ("It is `x`.", "它是 `x` 。", "a space after inline code `x`, next to '。'"),
        ("It is (`x`).", "它是（ `x`）。", "a space before inline code `x`, next to '（'"),
    ],
)
def test_spacing_against_the_rule(msgid, msgstr, what):
    assert entry_problems(msgid, msgstr) == [f"{what} — {SPACING_FIX}"]


def test_spacing_names_file_and_line(tmp_path):
    entry = polib.POEntry(
        msgid="See [the docs](https://docs.python.org/3/).",
        msgstr="参阅[文档](https://docs.python.org/3/)。",
    )
    [found] = problems(tmp_path, [entry])
    assert found.startswith(f"{tmp_path / 'locale' / 'page.po'}:")
    assert 'msgid "See [the docs](https://docs.python.org/3/)." — no space before the link' in found


def test_spacing_is_not_checked_in_code():
    msgid = "# see `x`\nx = 1"
    assert entry_problems(msgid, "# 参见`x`\nx = 1", code={msgid: "python"}) == []


# -- Cross-references into the Python docs --------------------------------------


def test_external_section_reference_needs_a_translated_title():
    """{external+python:ref}`label` shows the section's title from the inventory,
    which is English: the Chinese page read "Exception groups"."""
    msgid = "See {external+python:ref}`lib-exception-groups`."
    assert entry_problems(msgid, "参见 {external+python:ref}`lib-exception-groups`。") == [
        "the cross-reference {external+python:ref}`lib-exception-groups` shows the English "
        "title of that section on the translated page — give it the title in the translation: "
        "{external+python:ref}`译文 <lib-exception-groups>`, as the Chinese Python docs title it"
    ]
    assert (
        entry_problems(msgid, "参见 {external+python:ref}`异常组 <lib-exception-groups>`。") == []
    )


def test_object_references_keep_their_names():
    """An object's name is code, the same in every language: no title needed."""
    msgid = "Use {external+python:py:func}`asyncio.run` and {doc}`groups`."
    assert (
        entry_problems(msgid, "使用 {external+python:py:func}`asyncio.run` 和 {doc}`groups`。")
        == []
    )
