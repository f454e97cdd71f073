"""The Makefile's targets come from conf.py's languages, whatever the environment says."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import LANGUAGES, ROOT


def make(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`make -n ARGS` (print, run nothing) in the repository, with ENV added."""
    return subprocess.run(
        ["make", "--no-print-directory", "-n", f"PYTHON={sys.executable}", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


# zh-cn is one of the site's languages on Read the Docs; ja is not: conf.py
# refuses it, which must stop Sphinx, not the Makefile's list of targets.
@pytest.mark.parametrize("rtd_language", ["", "zh-cn", "ja"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_targets_do_not_depend_on_read_the_docs_language(rtd_language, language):
    proc = make(f"html-{language}", READTHEDOCS_LANGUAGE=rtd_language)
    assert proc.returncode == 0, proc.stderr
    assert f"-D language={language} " in proc.stdout
    assert "No rule to make target" not in proc.stderr


@pytest.mark.parametrize("rtd_language", ["zh-cn", "ja"])
def test_help_lists_every_language(rtd_language):
    proc = make("help", READTHEDOCS_LANGUAGE=rtd_language)
    assert f"Languages (conf.py): {' '.join(LANGUAGES)}" in proc.stdout


def test_unreadable_language_list_stops_make_with_a_reason():
    proc = subprocess.run(
        ["make", "--no-print-directory", "-n", "PYTHON=false", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Could not read `languages` from conf.py with false" in proc.stderr
