"""Shared fixtures: the whole site built once per test session, per language."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALE = ROOT / "locale"
EXAMPLES = ROOT / "examples"
sys.path[:0] = [str(ROOT), str(ROOT / "tools" / "extensions")]

from tiny import sphinx_test_tempdir  # noqa: E402,F401  (each test its own copy of its root)

import conf  # noqa: E402  (the one list of languages)

LANGUAGES: list[str] = conf.languages
SOURCE_LANGUAGE = LANGUAGES[0]
TRANSLATIONS = LANGUAGES[1:]
PAGES = sorted(p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.rglob("*.md"))

# Sphinx's own fixtures for the tiny roots, and the browser's (tests/browser.py:
# chromium, base_url, browser, tab) for every test that asks for them.
pytest_plugins = ["sphinx.testing.fixtures", "browser"]

# The prefix for a build a test only reads the result of, run at a lower CPU priority:
# under xdist a build on one worker would otherwise delay the examples another worker
# runs, whose output depends on sleeps ending on time. It takes nothing from a build's
# throughput when the examples sleep. Not for the doctests: they are examples too.
IN_BACKGROUND = ["nice", "-n", "10"] if shutil.which("nice") else []


def sphinx_command(builder: str, language: str, out: Path) -> list[str]:
    """The command `make html` / `make doctest` runs for one language."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-c",
        str(ROOT),
        "-D",
        f"language={language}",
        "-d",
        str(out / "doctrees" / language),
        "-W",
        "--keep-going",
        "-j",
        "1",
        str(DOCS),
        str(out / builder / language),
    ]


# What a build of the site reads, for the tests that build a changed copy of it.
SOURCES = ("docs", "locale", "examples", "tools", "requirements")
SOURCE_FILES = ("conf.py", "Makefile", "pyproject.toml")  # conf.py reads the version there


def copy_sources(dest: Path) -> Path:
    """What the site is built from, into ``dest``, without compiled catalogs.

    With copy2 (the files keep their times): the pins look as old as they are,
    so `make` in the copy finds the venv up to date.
    """
    for name in SOURCES:
        shutil.copytree(
            ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    for name in SOURCE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    return dest


def copy_checkout(dest: Path) -> Path:
    """The files git tracks and the new ones it does not ignore, as they are now: a
    clone of the work in progress (what Read the Docs or a pull request gets)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@dataclass
class Build:
    """One language's html and doctest builds, and what they printed."""

    language: str
    out: Path
    returncodes: dict[str, int] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    _pages: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    @property
    def html_dir(self) -> Path:
        return self.out / "html" / self.language

    def warnings(self, builder: str) -> list[str]:
        return [
            line for line in self.logs[builder].splitlines() if "WARNING" in line or "ERROR" in line
        ]

    def page(self, name: str) -> BeautifulSoup:
        """A built page, parsed once."""
        if name not in self._pages:
            html = (self.html_dir / f"{name}.html").read_text("utf-8")
            self._pages[name] = BeautifulSoup(html, "html.parser")
        return self._pages[name]

    @property
    def doctest_summary(self) -> tuple[int, int]:
        """(tests run, failures) from the doctest builder's report."""
        text = (self.out / "doctest" / self.language / "output.txt").read_text("utf-8")
        summary = text.rpartition("Doctest summary")[2]
        tests = re.search(r"(\d+) tests?\b", summary)
        failures = re.search(r"(\d+) failures? in tests", summary)
        return int(tests[1]), int(failures[1])

    def run(self) -> Build:
        # html first, then doctest on the same doctrees: nothing is read twice.
        for builder in ("html", "doctest"):
            command = sphinx_command(builder, self.language, self.out)
            if builder != "doctest":
                command = [*IN_BACKGROUND, *command]
            proc = subprocess.run(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            self.logs[builder], self.returncodes[builder] = proc.stdout, proc.returncode
        return self


def once_per_run(tmp_path_factory, name: str, make):
    """``make(folder)``'s result, made once per test run, however many xdist workers ask.

    Without xdist, ``folder`` is a new temporary folder. Under xdist (pytest-xdist's
    documented pattern) it is under ``<basetemp>/..``, which every worker of the run
    shares: the first worker to ask makes it while holding a lock, and writes the
    result beside it; the others wait for the lock and read it. If making it fails,
    the next worker to ask tries again.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    result = shared / f"{name}.pickle"
    with FileLock(str(shared / f"{name}.lock")):
        if result.is_file():
            return pickle.loads(result.read_bytes())
        # A new folder each try: a worker that failed half-way leaves its files behind.
        made = make(Path(tempfile.mkdtemp(prefix=f"{name}-", dir=shared)))
        result.write_bytes(pickle.dumps(made))
        return made


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> dict[str, Build]:
    """Every language built once per run, side by side, one process each.

    Failures are kept, not raised, so that test_build reports them with the
    build's own log and the other tests still see what was built.
    """

    def make(out: Path) -> dict[str, Build]:
        with ThreadPoolExecutor(len(LANGUAGES)) as pool:
            builds = pool.map(lambda lang: Build(lang, out).run(), LANGUAGES)
        return {build.language: build for build in builds}

    return once_per_run(tmp_path_factory, "site", make)


@pytest.fixture(scope="session")
def rtd_builds(tmp_path_factory):
    """Read the Docs' build (tests/rtd.py) of each language, side by side, once per run."""
    from rtd import RTD_CODES, run_read_the_docs

    def make(out: Path):
        def one(code):
            (out / code).mkdir()
            return code, run_read_the_docs(out / code, code)

        with ThreadPoolExecutor(len(RTD_CODES)) as pool:
            return dict(pool.map(one, RTD_CODES))

    return once_per_run(tmp_path_factory, "rtd", make)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the tiny Sphinx projects for extension unit tests live."""
    return ROOT / "tests" / "roots"


def fenced_blocks(directive: str) -> list[tuple[Path, str, str]]:
    """(page, argument, body) of every ```{directive} block in the English pages."""
    pattern = re.compile(
        r"^(?P<fence>`{3,}|:{3,})\{" + re.escape(directive) + r"\}[ \t]*(?P<arg>[^\n]*)\n"
        r"(?P<body>.*?)^(?P=fence)[ \t]*$",
        re.MULTILINE | re.DOTALL,
    )
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        for m in pattern.finditer(page.read_text("utf-8")):
            found.append((page, m["arg"].strip(), m["body"]))
    return found


# -- The slowest set-ups, at the end of every run ------------------------------

SLOWEST_SETUPS = 10


class SetupTimes:
    """Times every fixture's set-up: its own work (the fixtures it asks for are timed apart),
    or its wait for another xdist worker (once_per_run). A plugin of its own, not hooks of
    this conftest: pytest calls a conftest's hooks only for what is under its folder, and a
    session fixture is set up for the session, at the root."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, str, float]] = []  # since the last report

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        start = time.perf_counter()
        yield
        took = time.perf_counter() - start
        if took >= 0.5:
            self.pending.append((fixturedef.argname, fixturedef.scope, took))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        """The set-ups go with the test's report: an xdist worker sends it to the controller."""
        report = (yield).get_result()
        report.user_properties.extend(("fixture setup", setup) for setup in self.pending)
        self.pending.clear()


def pytest_configure(config):
    config.pluginmanager.register(SetupTimes(), "setup-times")


def pytest_terminal_summary(terminalreporter):
    """The slowest fixture set-ups of the run, also under xdist (from each test's report)."""
    found = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            for key, value in getattr(report, "user_properties", ()):
                if key == "fixture setup":
                    found.append((value[2], value[0], value[1], report.nodeid))
    if not found:
        return
    terminalreporter.write_sep("=", f"slowest {SLOWEST_SETUPS} fixture set-ups")
    for took, name, scope, nodeid in sorted(found, reverse=True)[:SLOWEST_SETUPS]:
        terminalreporter.write_line(f"{took:8.2f}s  {name} ({scope}), for {nodeid}")
