"""Shared fixtures: the whole site built once per test session, per language."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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
            proc = subprocess.run(
                sphinx_command(builder, self.language, self.out),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            self.logs[builder], self.returncodes[builder] = proc.stdout, proc.returncode
        return self


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> dict[str, Build]:
    """Every language built once per session, side by side, one process each.

    Failures are kept, not raised, so that test_build reports them with the
    build's own log and the other tests still see what was built.
    """
    out = tmp_path_factory.mktemp("site")
    with ThreadPoolExecutor(len(LANGUAGES)) as pool:
        builds = pool.map(lambda lang: Build(lang, out).run(), LANGUAGES)
    return {build.language: build for build in builds}


@pytest.fixture(scope="session")
def rtd_builds(tmp_path_factory):
    """Read the Docs' build (tests/rtd.py) of each language, side by side, once per session."""
    from rtd import RTD_CODES, run_read_the_docs

    def one(code):
        return code, run_read_the_docs(tmp_path_factory.mktemp(f"rtd-{code}"), code)

    with ThreadPoolExecutor(len(RTD_CODES)) as pool:
        return dict(pool.map(one, RTD_CODES))


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
