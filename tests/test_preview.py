"""``make preview`` (tools/preview/): what a save shows is what a clean build shows.

One preview server runs on a copy of the repository, on a free port of
127.0.0.1; the test edits the copy's catalogs (never the real ones), waits
for the served page to change, and compares every file the preview has
written with a clean ``sphinx-build`` of the same sources. A catalog with a
syntax error is reported in the page and the terminal, the server keeps
serving, and the next good save is built again. One server for all of it:
its first build is a whole language's.
"""

import filecmp
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polib
import pytest
from browser import CHROMIUM_FLAGS, needs_chromium, screenshot
from conftest import IN_BACKGROUND, ROOT, copy_sources
from playwright.sync_api import sync_playwright

from tools.po import pofile
from tools.preview.server import SCRIPT
from tools.preview.session import stop_session

LANGUAGE = "zh_CN"
PAGE = "example-failure"
FIRST_BUILD = 300  # seconds: a whole language, on a busy machine
REBUILD = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    # Generous: the machine may be running other builds too.
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def first_event(url: str) -> dict:
    """The state the event stream sends first: the last build's."""
    with urllib.request.urlopen(url, timeout=30) as response:
        for line in response:
            if line.startswith(b"data: "):
                return json.loads(line[len(b"data: ") :])
    raise AssertionError(f"{url} sent no event")


class Preview:
    """`make preview` in ``repo``, on ``port``, printing to ``log``."""

    def __init__(self, repo: Path, log: Path) -> None:
        self.repo, self.log, self.port = repo, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        with log.open("w") as output:
            self.proc = subprocess.Popen(
                # `make preview` as the README says it, the language a variable.
                [
                    "make",
                    "preview",
                    f"LANG_PREVIEW={LANGUAGE}",
                    f"PREVIEW_PORT={self.port}",
                    "JOBS=1",
                    f"VENVDIR={ROOT / '.venv'}",
                    f"PYTHON={sys.executable}",
                ],
                cwd=repo,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        stop_session(self.proc)

    def wait_for(self, page: str, condition, seconds: float, what: str) -> str:
        """The served ``page`` once ``condition(text)`` holds; fails after ``seconds``."""
        deadline, text = time.monotonic() + seconds, ""
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"make preview exited:\n{self.output()}"
            try:
                text = fetch(self.url + page)
                if condition(text):
                    return text
            except OSError:
                pass  # not serving yet
            time.sleep(0.1)
        pytest.fail(
            f"{page} did not show {what} within {seconds} s; last page: "
            f"{text[:300]!r}\nmake preview printed:\n{self.output()}"
        )

    def state(self) -> dict:
        return first_event(self.url + "_preview/events")

    def idle(self, condition=lambda state: state["status"] == "ok") -> dict:
        """The state once no build runs and ``condition(state)`` holds."""
        deadline, state = time.monotonic() + REBUILD, {}
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"make preview exited:\n{self.output()}"
            try:
                state = self.state()
            except OSError:
                continue  # a slow answer on a busy machine: ask again
            if not state["busy"] and condition(state):
                return state
            time.sleep(0.1)
        pytest.fail(f"the preview did not settle within {REBUILD} s: {state}\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")[-4000:]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A copy of what the site is built from, with no compiled catalogs."""
    return copy_sources(tmp_path_factory.mktemp("preview") / "repo")


@pytest.fixture(scope="module")
def preview(repo):
    """One server for the module: its first build is a whole language's."""
    server = Preview(repo, repo.parent / "preview.log")
    try:
        server.wait_for(
            f"{PAGE}.html", lambda text: 'data-build="1"' in text, FIRST_BUILD, "the first build"
        )
        yield server
    finally:
        server.stop()
    assert server.proc.poll() is not None


def catalog_path(repo: Path) -> Path:
    return repo / "locale" / LANGUAGE / "LC_MESSAGES" / f"{PAGE}.po"


def break_quote(path: Path, entry: polib.POEntry) -> str:
    """Remove the closing quote of the msgstr's first line; what check-po says of it."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i in range(entry.linenum, len(lines)) if lines[i].startswith("msgstr"))
    at += lines[at].strip() == 'msgstr ""'  # wrapped: the text starts on the next line
    assert lines[at].endswith('"\n')
    lines[at] = lines[at][:-2] + "\n"
    path.write_text("".join(lines), "utf-8")
    return f"locale/{LANGUAGE}/LC_MESSAGES/{PAGE}.po:{at + 1}: the string is not closed"


def clean_build(repo: Path, out: Path) -> Path:
    """``sphinx-build`` from scratch of the repo as it is now, as `make html-zh_CN` runs it."""
    subprocess.run(
        [
            *IN_BACKGROUND,
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            ".",
            "-E",
            "-q",
            "-D",
            f"language={LANGUAGE}",
            "-d",
            str(out / "doctrees"),
            "-j",
            "1",
            "docs",
            str(out / "html"),
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    return out / "html"


def differing(left: Path, right: Path) -> list[str]:
    """Files that differ, or are in one tree only, in two output directories."""
    found = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def prose_entry(catalog: polib.POFile) -> polib.POEntry:
    """A translated paragraph without markup: its text shows as it is in the page."""
    return next(
        e
        for e in catalog
        if e.msgstr
        and not e.obsolete
        and len(e.msgid) > 60
        and not set(e.msgid) & set("`[]{}<>*|\\&\"'")
        and "\n" not in e.msgid
    )


def test_a_save_shows_as_a_clean_build_shows_it_and_a_broken_catalog_is_reported(
    repo, preview, tmp_path
):
    page = f"{PAGE}.html"
    preview.idle()
    assert 'lang="zh-CN"' in fetch(preview.url + page)

    path = catalog_path(repo)
    catalog = polib.pofile(str(path))
    entry = prose_entry(catalog)
    original = entry.msgstr
    # Twice, the second save at once: a .po newer than its .mo by less
    # than a tick of the file system's clock must still be compiled again.
    for mark in ("（预览一）", "（预览二）"):
        entry.msgstr = original + mark
        pofile.save(catalog, path)
    served = preview.wait_for(page, lambda text: entry.msgstr in text, REBUILD, "the second save")
    assert "（预览一）" not in served
    preview.idle()

    # The page as served is the file on disk with the reload script, and
    # the files on disk are a clean build's, every one of them.
    out = repo / "_build" / "preview" / LANGUAGE
    served = fetch(preview.url + page)
    tag = served[served.index(f'<script src="{SCRIPT}"') :].split("</script>", 1)[0]
    assert served.replace(tag + "</script>", "") == (out / page).read_text("utf-8")
    assert differing(clean_build(repo, tmp_path / "clean"), out) == []

    # A msgstr whose closing quote is gone: Babel reads on and drops the
    # entry; the preview says where, in its state (the page) and the terminal.
    where = break_quote(path, entry)
    state = preview.idle(lambda state: state["status"] == "warnings")
    assert any(message.startswith(where) for message in state["messages"]), state
    assert where in preview.output()
    assert 'data-build="' in fetch(preview.url + page)  # still serving

    entry.msgstr = original + "（修好了）"
    pofile.save(catalog, path)
    preview.wait_for(page, lambda text: entry.msgstr in text, REBUILD, "the fixed catalog")
    preview.idle(lambda state: state["status"] == "ok")


def test_a_saved_title_shows_on_the_front_page(repo, preview):
    """A heading's entry, not only a paragraph's: the site's title, on its front page."""
    preview.idle()
    assert 'lang="zh-CN"' in fetch(preview.url + "index.html")
    path = repo / "locale" / LANGUAGE / "LC_MESSAGES" / "index.po"
    catalog = polib.pofile(str(path))
    title = next(entry for entry in catalog if entry.msgid.startswith("TaskGroup Guide"))
    title.msgstr = "预览测试标题"
    pofile.save(catalog, path)
    # Every page shows the site's title: a longer rebuild than one page's.
    preview.wait_for(
        "index.html", lambda text: "预览测试标题" in text, 2 * REBUILD, "the saved title"
    )
    preview.idle()


@needs_chromium
def test_the_page_in_the_browser_reloads_by_itself_and_shows_a_broken_catalog(
    repo, preview, chromium
):
    path = catalog_path(repo)
    catalog = polib.pofile(str(path))
    entry = prose_entry(catalog)
    original = entry.msgstr
    preview.idle(lambda state: True)
    box = "document.getElementById('preview-status')"

    def saved(text: str) -> str:
        """True once the page has reloaded itself and shows ``text``."""
        return (
            f"() => window.__before_navigation === undefined && "
            f"(document.body?.innerText ?? '').includes({json.dumps(text)})"
        )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            tab = browser.new_page()
            tab.goto(f"{preview.url}{PAGE}.html")
            tab.evaluate("window.__before_navigation = true")  # gone once the page reloads
            entry.msgstr = original + "（浏览器）"
            pofile.save(catalog, path)
            tab.wait_for_function(saved(entry.msgstr), timeout=REBUILD * 1000)
            assert tab.evaluate(f"{box} === null")

            where = break_quote(path, entry)
            tab.wait_for_function(
                f"() => {box} !== null && {box}.textContent.includes({json.dumps(where)})",
                timeout=REBUILD * 1000,
            )
            screenshot(tab, "preview-broken-catalog.png")

            tab.evaluate("window.__before_navigation = true")
            entry.msgstr = original + "（又好了）"
            pofile.save(catalog, path)
            tab.wait_for_function(
                saved(entry.msgstr) + f" && {box} === null", timeout=REBUILD * 1000
            )
        finally:
            browser.close()
