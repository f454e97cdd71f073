"""The pre-commit hooks run `make lint` as `make test` does, and refuse what ruff refuses.

`make test` runs `make lint` before pytest. These tests run the hooks of
`.pre-commit-config.yaml` as a contributor would, with pre-commit, in a small
git repository made of the project's Makefile, ruff configuration and pins:
a clean file passes, an unused import and a badly formatted file are named.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LANGUAGES, ROOT

VENV = Path(sys.executable).parent.parent
PRE_COMMIT = VENV / "bin" / "pre-commit"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the project's lint set-up and one clean Python file."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", ".pre-commit-config.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    # copy2 keeps the pins' times: the venv's stamp stays newer, nothing installs.
    shutil.copytree(ROOT / "requirements", repo / "requirements", copy_function=shutil.copy2)
    (repo / "ok.py").write_text('"""Clean."""\n\nVALUE = 1\n')
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    return repo


def hooks(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        # The project's venv, and a pre-commit home of the test's own.
        "VENVDIR": str(VENV),
        "LANGUAGES": " ".join(LANGUAGES),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    return subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files", "--color=never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_hooks_pass_a_clean_file(repo, tmp_path):
    proc = hooks(repo, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ruff (make lint)" in proc.stdout and "Passed" in proc.stdout
    # No catalog or page changed: the catalog hook does not run.
    assert "catalogs (make check-po)" in proc.stdout and "Skipped" in proc.stdout


def test_the_hooks_name_a_lint_error(repo, tmp_path):
    (repo / "bad.py").write_text('"""Unused."""\n\nimport os\n')
    subprocess.run(["git", "add", "bad.py"], cwd=repo, check=True)
    proc = hooks(repo, tmp_path)
    assert proc.returncode != 0
    assert "F401 [*] `os` imported but unused" in proc.stdout, proc.stdout
    assert "--> bad.py:3:8" in proc.stdout


def test_the_hooks_name_a_badly_formatted_file(repo, tmp_path):
    (repo / "ugly.py").write_text('"""Ugly."""\n\nVALUE = {  "a":1 }\n')
    subprocess.run(["git", "add", "ugly.py"], cwd=repo, check=True)
    proc = hooks(repo, tmp_path)
    assert proc.returncode != 0
    assert "+++ ugly.py" in proc.stdout, proc.stdout
    assert "1 file would be reformatted" in proc.stdout
    assert '+VALUE = {"a": 1}' in proc.stdout
