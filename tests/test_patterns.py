"""Pattern scripts that need a newer Python than the build's (examples/py313/).

The site's doctests run on the build's Python (3.11), so these scripts are
shown as fragments, each followed by a ```text block with what it prints.
Here each one runs under Python 3.13 and must print exactly that block, and
under an older Python it must fail, so that the page's "3.13 and later" is
true in both directions.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOCS, EXAMPLES, ROOT

NEWER = EXAMPLES / "py313"
# A fragment of a py313 script, then (after blank lines or a comment) its output.
SHOWN = re.compile(
    r"^```\{literalinclude\} (?:\.\./)+examples/py313/(?P<name>\S+)\n.*?^```[ \t]*\n"
    r"\s*^```text\n(?P<output>.*?)^```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def shown() -> dict[str, tuple[Path, str | None]]:
    """{script: (page, output)}; a script shown twice on a page counts once with its output."""
    found: dict[str, tuple[Path, str | None]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text("utf-8")
        for match in SHOWN.finditer(text):
            found[match["name"]] = (page, match["output"])
    return found


def python313() -> str | None:
    if sys.version_info >= (3, 13):
        return sys.executable
    candidates = sorted(glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.13*" / "bin" / "python")))
    return candidates[-1] if candidates else shutil.which("python3.13")


SCRIPTS = sorted(p.name for p in NEWER.glob("*.py"))


def test_every_newer_script_is_shown_with_its_output():
    assert SCRIPTS, "examples/py313/ has no scripts"
    assert set(shown()) == set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_newer_script_prints_what_its_page_shows(name):
    python = python313()
    if python is None:
        pytest.skip("no Python 3.13 interpreter (looked for ~/.pyenv/versions/3.13*/bin/python "
                    "and python3.13 on PATH): the 3.13-only examples were not run")
    page, output = shown()[name]
    proc = subprocess.run([python, f"examples/py313/{name}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output, f"{python} examples/py313/{name} no longer prints what {page.name} shows"


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="the build's Python has Queue.shutdown()")
@pytest.mark.parametrize("name", SCRIPTS)
def test_newer_script_fails_on_the_build_python(name):
    proc = subprocess.run([sys.executable, f"examples/py313/{name}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "AttributeError" in proc.stderr and ("shutdown" in proc.stderr
                                                or "QueueShutDown" in proc.stderr)
