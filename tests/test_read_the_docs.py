"""Run exactly what Read the Docs runs (.readthedocs.yaml), for each language."""

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGUAGES, ROOT

CONFIG = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text("utf-8"))
# Read the Docs' own codes for the site's languages: "zh_CN" -> "zh-cn".
RTD_CODES = {lang.replace("_", "-").lower(): lang for lang in LANGUAGES}


def checkout(tmp_path: Path) -> Path:
    """A copy of the repository as Read the Docs would clone it."""
    dest = tmp_path / "checkout"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".pytest_cache", "*.mo"))
    return dest


def run_read_the_docs(tmp_path: Path, code: str) -> tuple[subprocess.CompletedProcess, Path]:
    repo, output = checkout(tmp_path), tmp_path / "output"
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_LANGUAGE": code,
        "READTHEDOCS_OUTPUT": str(output),
        # Everything is installed already: prove the pip step needs no network.
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # `python` is this environment's, as `build.tools.python` is on RTD.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    script = "set -e\n" + "\n".join(CONFIG["build"]["commands"])
    proc = subprocess.run(["bash", "-c", script], cwd=repo, env=env,
                          capture_output=True, text=True)
    return proc, output / "html"


@pytest.fixture(scope="module")
def rtd_builds(tmp_path_factory):
    def one(code):
        return code, run_read_the_docs(tmp_path_factory.mktemp(f"rtd-{code}"), code)
    with ThreadPoolExecutor(len(RTD_CODES)) as pool:
        return dict(pool.map(one, RTD_CODES))


def test_config_uses_our_own_build_command():
    assert CONFIG["version"] == 2
    assert any("-c . " in c and " docs " in c for c in CONFIG["build"]["commands"])


@pytest.mark.parametrize("code", RTD_CODES)
def test_read_the_docs_build(rtd_builds, code):
    proc, html = rtd_builds[code]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    page = BeautifulSoup((html / "index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == RTD_CODES[code].replace("_", "-")
    assert (html / "searchindex.js").is_file()


def test_unknown_language_fails_clearly(tmp_path):
    proc, html = run_read_the_docs(tmp_path, "ja")
    assert proc.returncode != 0
    assert "READTHEDOCS_LANGUAGE='ja'" in proc.stderr
    assert "not one of this site's languages" in proc.stderr
    assert not html.exists()
