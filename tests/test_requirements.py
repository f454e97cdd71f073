"""The pins: docs.txt for the build (all Read the Docs installs), dev.txt for the rest."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from conftest import ROOT

REQUIREMENTS = ROOT / "requirements"
LOCKS = ("docs", "dev")
# Only tests, tools and doctests use these: the HTML and EPUB builds must not need them.
DEV_ONLY = {"pytest", "watchfiles", "playwright", "anyio", "pip-tools"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def names_in(path: Path) -> set[str]:
    """The packages an .in file asks for, by name."""
    found = set()
    for line in path.read_text("utf-8").splitlines():
        line = line.partition("#")[0].strip()
        if line and not line.startswith("-"):
            found.add(canonical(re.match(r"[A-Za-z0-9_.-]+", line)[0]))
    return found


def pins(path: Path) -> dict[str, str]:
    """{package: version} of a lock; fails on a line that is not `name==version`."""
    found = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = line.partition("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        assert match, f"{path.relative_to(ROOT)}:{number}: {line!r} is not pinned as name==version"
        found[canonical(match[1])] = match[2]
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_package_asked_for_is_pinned(lock):
    missing = names_in(REQUIREMENTS / f"{lock}.in") - pins(REQUIREMENTS / f"{lock}.txt").keys()
    assert not missing, f"run `make lock`: requirements/{lock}.txt lacks {sorted(missing)}"


def test_both_locks_agree_on_what_they_share():
    docs, dev = (pins(REQUIREMENTS / f"{lock}.txt") for lock in LOCKS)
    assert {
        name: (docs[name], dev[name])
        for name in docs.keys() & dev.keys()
        if docs[name] != dev[name]
    } == {}


def test_docs_lock_has_no_development_tools():
    assert DEV_ONLY & pins(REQUIREMENTS / "docs.txt").keys() == set()
    assert DEV_ONLY <= pins(REQUIREMENTS / "dev.txt").keys()


def test_this_environment_is_the_locked_one():
    wanted = {**pins(REQUIREMENTS / "docs.txt"), **pins(REQUIREMENTS / "dev.txt")}
    installed = {}
    for name in wanted:
        try:
            installed[name] = version(name)
        except PackageNotFoundError:
            installed[name] = None
    assert {n: (v, installed[n]) for n, v in wanted.items() if installed[n] != v} == {}, (
        "the venv differs from requirements/*.txt: run `make venv`"
    )
