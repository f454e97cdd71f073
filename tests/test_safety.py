"""A hostile translation changes nothing but text, through every build command.

One copy of the project (a git repository of its own) gets every attack at
once, each in its own catalog entry or file, written here and never committed
as a catalog. Then `make check-po`, `make html-zh_CN` and `make doctest-zh_CN`
run in it as a translator or CI would run them, and Read the Docs' build
(.readthedocs.yaml, run by tests/rtd.py) in a clone of it, as a pull-request
preview would. For each attack: both fail
and name the entry, the built pages do not contain its payload, and no code
it carried ran (its marker file is never created).

The gate's rules one by one, on a tiny project, are in test_translation_gate.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import IN_BACKGROUND, copy_checkout
from rtd import run_read_the_docs

CATALOGS = Path("locale/zh_CN/LC_MESSAGES")


@dataclass(frozen=True)
class Attack:
    name: str
    catalog: str  # the catalog named in the refusal
    payload: str  # must appear in no built page (markup as markup: escaped text is text)
    said: str  # the refusal's words, in check-po's and the build's output


def code_entry(catalog: polib.POFile, needle: str) -> polib.POEntry:
    """The translated code block of ``catalog`` whose msgid has ``needle``."""
    return next(
        e for e in catalog if needle in e.msgid and e.msgstr and "\n" in e.msgid and not e.obsolete
    )


def prose_entry(catalog: polib.POFile) -> polib.POEntry:
    """A translated paragraph of plain prose (a sentence: no heading), no markup to lose."""
    return next(
        e
        for e in catalog
        if e.msgstr
        and not e.obsolete
        and "\n" not in e.msgid
        and e.msgid.endswith(".")
        and "{" not in e.msgid
    )


def comment_line(code: str, added: str) -> str:
    """``code`` with ``added`` after the text of its first comment."""
    lines = code.split("\n")
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("#"))
    lines[index] += added
    return "\n".join(lines)


def edit(project: Path, page: str, change) -> None:
    path = project / CATALOGS / f"{page}.po"
    catalog = polib.pofile(str(path), wrapwidth=0)
    change(catalog)
    catalog.save(str(path))
    # polib writes VT and FF as \v and \f, escapes the build refuses as such;
    # an attacker writes the characters themselves.
    path.write_text(path.read_text("utf-8").replace("\\v", "\x0b").replace("\\f", "\x0c"), "utf-8")


def plant(project: Path, secret: Path, victim: Path, marker: Path) -> list[Attack]:
    """Write every attack into ``project``; return what to look for."""
    attacks = []
    run = f'import pathlib; pathlib.Path("{marker}").write_text("ran")'

    # Code: a line break Python sees and tokenize does not, then code.
    def carriage_return(catalog):
        entry = code_entry(catalog, "asyncio.run(main())")
        entry.msgstr = comment_line(entry.msgstr, "\r" + run)

    edit(project, "example-wait", carriage_return)
    attacks.append(Attack("CR in a doctested comment", "example-wait.po", str(marker), "U+000D"))
    breakers = {
        "example-failure": "\x0b",
        "example-cancel": "\x0c",
        "example-results": "\x85",
        "timeouts": "\u2028",
        "terminate": "\u2029",
    }
    for page, char in breakers.items():

        def line_break(catalog, char=char, page=page):
            entry = code_entry(catalog, "#")
            entry.msgstr = comment_line(entry.msgstr, f"{char}print('BREAK-{page}')")

        edit(project, page, line_break)
        attacks.append(
            Attack(
                f"U+{ord(char):04X} in code", f"{page}.po", f"BREAK-{page}", f"U+{ord(char):04X}"
            )
        )

    def bidi(catalog):
        entry = code_entry(catalog, "#")
        entry.msgstr = comment_line(entry.msgstr, "\u202e BIDI-SWAPPED")

    edit(project, "reference", bidi)
    attacks.append(Attack("bidi override in a comment", "reference.po", "BIDI-SWAPPED", "U+202E"))

    # Template messages: HTML attributes, placeholders.
    def template(catalog):
        catalog.find("Search").msgstr = "搜索\" autofocus onfocus=\"alert('ATTR')"
        catalog.find("Last updated on %(last_updated)s").msgstr = "最后更新于 %(when)r PERCENT 100%"

    edit(project, "sphinx", template)
    attacks.append(
        Attack(
            "template attribute injection",
            "sphinx.po",
            'onfocus="alert',
            "the theme inserts this message into the HTML",
        )
    )
    attacks.append(
        Attack(
            "template placeholders",
            "sphinx.po",
            "PERCENT",
            "the placeholder %(when)r is not in the msgid",
        )
    )

    # Markup in prose.
    def directives(catalog, text):
        prose_entry(catalog).msgstr = text

    edit(project, "timeouts", lambda c: directives(c, f"见下文。\n\n```{{include}} {secret}\n```"))
    attacks.append(
        Attack("{include} of a host file", "timeouts.po", "HOST-SECRET", "directive {include}")
    )
    edit(project, "structured", lambda c: directives(c, f"下载 {{download}}`{secret}`。"))
    attacks.append(
        Attack("{download} of a host file", "structured.po", "HOST-SECRET", "the role {download}")
    )
    edit(
        project,
        "further-reading",
        lambda c: directives(
            c, "阅读。\n\n```{eval-rst}\n.. raw:: html\n\n   <script>alert('EVALRST')</script>\n```"
        ),
    )
    attacks.append(
        Attack(
            "{eval-rst} raw HTML",
            "further-reading.po",
            "<script>alert('EVALRST')",
            "directive {eval-rst}",
        )
    )
    edit(
        project, "compare", lambda c: directives(c, "比较。\u2028<script>alert('LINESEP')</script>")
    )
    attacks.append(
        Attack("U+2028 then a script in prose", "compare.po", "<script>alert('LINESEP')", "U+2028")
    )
    edit(project, "index", lambda c: directives(c, '任务组 <img src="x" onerror="alert(1)">'))
    attacks.append(Attack("raw HTML in prose", "index.po", '<img src="x" onerror', "raw HTML"))

    def link(catalog):
        entry = next(e for e in catalog if "](https://" in e.msgstr and not e.obsolete)
        entry.msgstr = re.sub(
            r"\]\(https://[^)]*\)", "](https://evil.example/LINKSWAP)", entry.msgstr, count=1
        )

    edit(project, "failures", link)
    attacks.append(Attack("a changed link target", "failures.po", "LINKSWAP", "a link"))

    def kbd_and_text(catalog):
        entry = next(e for e in catalog if "{kbd}`Ctrl+C`" in e.msgstr)
        entry.msgstr = entry.msgstr.replace("{kbd}`Ctrl+C`", "{kbd}`KBDSWAP <Ctrl+C>`")
        block = next(e for e in catalog if e.msgid.startswith("zh_CN ") and e.msgstr)
        block.msgstr = block.msgid.replace("groups", "TEXTSWAP")

    edit(project, "contributing", kbd_and_text)
    attacks.append(
        Attack(
            "{kbd} explicit-title swap",
            "contributing.po",
            "KBDSWAP",
            "the role {kbd}`Ctrl+C` of the msgid is missing or changed",
        )
    )
    attacks.append(
        Attack(
            "a changed text block",
            "contributing.po",
            "TEXTSWAP",
            "the code differs from the msgid beyond comments",
        )
    )

    # Files: a committed .mo, a .po and a .mo that are symbolic links.
    index_po = project / CATALOGS / "index.po"
    with index_po.open(encoding="utf-8") as file:
        compiled = read_po(file, "zh_CN")
    for message in compiled:
        if message.id and message.string:
            message.string = "COMMITTED-MO " + message.string
    with (project / CATALOGS / "index.mo").open("wb") as file:
        write_mo(file, compiled)
    attacks.append(
        Attack("a committed .mo", "index.mo", "COMMITTED-MO", "a compiled catalog is committed")
    )
    (project / CATALOGS / "groups.po").unlink()
    (project / CATALOGS / "groups.po").symlink_to(secret)
    attacks.append(
        Attack(
            "a .po symlink to a host file",
            "groups.po",
            "HOST-SECRET",
            "a symbolic link in the catalogs' folder",
        )
    )
    (project / CATALOGS / "terminate.mo").symlink_to(victim)
    attacks.append(
        Attack(
            "a .mo symlink",
            "terminate.mo",
            "VICTIM-CHANGED",
            "a symbolic link in the catalogs' folder",
        )
    )
    return attacks


@dataclass
class Hostile:
    project: Path
    attacks: list[Attack]
    marker: Path
    victim: Path
    logs: dict[str, str]
    codes: dict[str, int]
    rtd_output: Path

    def pages(self) -> dict[str, str]:
        """Every page either build wrote: make html-zh_CN's, then Read the Docs'."""
        found = {}
        for label, html in (
            ("zh_CN", self.project / "_build" / "html" / "zh_CN"),
            ("rtd", self.rtd_output / "html"),
        ):
            found.update(
                {
                    f"{label}/{p.relative_to(html)}": p.read_text("utf-8", "replace")
                    for p in html.rglob("*.html")
                }
            )
        return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    project, host = base / "project", base / "host"
    project.mkdir()
    host.mkdir()
    secret = host / "secret.txt"
    secret.write_text("HOST-SECRET: a file of the build machine\n")
    victim = host / "victim.txt"
    victim.write_text("unchanged\n")
    marker = host / "code-ran"
    copy_checkout(project)
    attacks = plant(project, secret, victim, marker)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "add", "-f", str(CATALOGS / "index.mo")], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "hostile"], check=True)
    # Read the Docs clones the repository afresh: its own copy, the .git too.
    rtd_repo = base / "rtd"
    shutil.copytree(project, rtd_repo, symlinks=True)
    venv = Path(sys.executable).parent.parent
    logs, codes = {}, {}

    def make(*targets):
        for target in targets:
            proc = subprocess.run(
                [
                    *IN_BACKGROUND,
                    "make",
                    "--no-print-directory",
                    target,
                    f"VENVDIR={venv}",
                    "JOBS=1",
                ],
                cwd=project,
                capture_output=True,
                text=True,
                env={**os.environ, "LANGUAGES": "en zh_CN"},
            )
            logs[target], codes[target] = proc.stdout + proc.stderr, proc.returncode

    def read_the_docs():
        rtd = run_read_the_docs(base, "zh-cn", repo=rtd_repo)
        logs["read-the-docs"], codes["read-the-docs"] = rtd.log, int(rtd.failed is not None)

    # Side by side, as they share no folder: check-po has its own doctrees, html
    # and doctest share theirs (so one after the other), Read the Docs its clone.
    with ThreadPoolExecutor(3) as pool:
        for done in [
            pool.submit(make, "check-po"),
            pool.submit(make, "html-zh_CN", "doctest-zh_CN"),
            pool.submit(read_the_docs),
        ]:
            done.result()
    return Hostile(project, attacks, marker, victim, logs, codes, rtd_repo / "_readthedocs")


ATTACK_NAMES = [
    "CR in a doctested comment",
    "U+000B in code",
    "U+000C in code",
    "U+0085 in code",
    "U+2028 in code",
    "U+2029 in code",
    "bidi override in a comment",
    "template attribute injection",
    "template placeholders",
    "{include} of a host file",
    "{download} of a host file",
    "{eval-rst} raw HTML",
    "U+2028 then a script in prose",
    "raw HTML in prose",
    "a changed link target",
    "{kbd} explicit-title swap",
    "a changed text block",
    "a committed .mo",
    "a .po symlink to a host file",
    "a .mo symlink",
]


def attack(hostile: Hostile, name: str) -> Attack:
    return next(a for a in hostile.attacks if a.name == name)


@pytest.mark.parametrize("target", ["check-po", "html-zh_CN", "doctest-zh_CN", "read-the-docs"])
def test_every_build_command_fails(hostile, target):
    assert hostile.codes[target] != 0, hostile.logs[target][-2000:]


@pytest.mark.parametrize("name", ATTACK_NAMES)
@pytest.mark.parametrize("target", ["check-po", "html-zh_CN", "read-the-docs"])
def test_refusal_names_the_catalog_and_says_what(hostile, name, target):
    found = attack(hostile, name)
    lines = [
        line
        for line in hostile.logs[target].splitlines()
        if f"locale/zh_CN/LC_MESSAGES/{found.catalog}" in line and found.said in line
    ]
    near = [line for line in hostile.logs[target].splitlines() if found.catalog in line]
    assert lines, f"{name}: no line names {found.catalog} with {found.said!r}: {near}"
    # The file and line, then what is wrong and the fix after a dash.
    assert re.search(rf"LC_MESSAGES/{re.escape(found.catalog)}:\d+:", lines[0])
    assert " — " in lines[0]


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_payload_reaches_no_page(hostile, name):
    found = attack(hostile, name)
    pages = hostile.pages()
    assert "zh_CN/index.html" in pages and "zh_CN/groups.html" in pages  # the English stands in
    assert [page for page, text in pages.items() if found.payload in text] == []


def test_no_injected_code_ran_and_no_file_was_written_through(hostile):
    assert not hostile.marker.exists()
    assert hostile.victim.read_text() == "unchanged\n"
    logs = "".join(hostile.logs.values())
    assert "HOST-SECRET" not in logs  # the symlinked .po was never read into the log


def test_the_rest_of_a_page_stays_translated(hostile):
    """A refused entry shows English; its neighbours keep their translation."""
    page = hostile.pages()["zh_CN/timeouts.html"]
    assert "超时" in page


def test_update_po_reads_and_writes_through_no_symbolic_link(tmp_path):
    """A dangling .po link would make update-po write outside the repository."""
    from tools.po import update

    locale = tmp_path / "repo" / "locale"
    catalogs = locale / "zh_CN" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    outside = tmp_path / "outside.po"  # does not exist: the link dangles
    (catalogs / "index.po").symlink_to(outside)
    templates = tmp_path / "gettext"
    templates.mkdir()
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2026-01-01"}
    pot.append(polib.POEntry(msgid="A task group"))
    pot.save(str(templates / "index.pot"))
    problems = [str(p) for p in update.update(templates, locale, "zh_CN")]
    assert not outside.exists()
    assert (catalogs / "index.po").is_symlink()
    assert any("zh_CN/LC_MESSAGES/index.po:1: a symbolic link" in p for p in problems), problems
