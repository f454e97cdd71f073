"""Read the Docs builds the site and the EPUB in every language, and stops on an unknown one.

tests/rtd.py runs .readthedocs.yaml as RTD's builder does; the `rtd_builds`
fixture (conftest.py) runs it once per language per session, and
tests/test_epub.py reads the books it made.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from rtd import CONFIG, RTD_CODES, jobs, run_read_the_docs


def test_config_uses_the_standard_build_with_our_commands():
    assert CONFIG["version"] == 2
    assert "commands" not in CONFIG["build"]  # it would turn formats off
    assert CONFIG["formats"] == ["epub"]
    for fmt in ("html", "epub"):
        commands = jobs()["build"][fmt]
        assert any(f" -b {fmt} " in c and "-c . " in c and " docs " in c for c in commands)
        assert any(f"$READTHEDOCS_OUTPUT/{fmt}" in c for c in commands)
    # RTD installs the docs build's pins, not the development tools.
    assert CONFIG["python"]["install"] == [{"requirements": "requirements/docs.txt"}]


@pytest.mark.parametrize("code", RTD_CODES)
def test_read_the_docs_build(rtd_builds, code):
    build = rtd_builds[code]
    assert build.failed is None, f"{build.failed} failed:\n{build.log[-6000:]}"
    page = BeautifulSoup((build.html / "index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == RTD_CODES[code].replace("_", "-")
    assert (build.html / "searchindex.js").is_file()
    # On RTD the pages know their address: canonical links to this project's.
    assert page.select_one('link[rel="canonical"]')["href"] == (
        f"https://taskgroup-guide.readthedocs.io/{code}/latest/index.html"
    )


@pytest.mark.parametrize("code", RTD_CODES)
def test_read_the_docs_keeps_one_epub(rtd_builds, code):
    build = rtd_builds[code]
    assert build.failed is None, f"{build.failed} failed:\n{build.log[-6000:]}"
    book = build.artifact("epub")
    assert book.suffix == ".epub"
    assert book.read_bytes()[:2] == b"PK"  # a zip, as every EPUB is
    # The offline install changed nothing: docs.txt is what `make venv` installed.
    assert "Successfully installed" not in build.log


def test_unknown_language_fails_clearly(tmp_path):
    build = run_read_the_docs(tmp_path, "ja")
    assert build.failed is not None and build.failed.startswith("build.jobs.build.html")
    assert "READTHEDOCS_LANGUAGE='ja'" in build.log
    assert "not one of this site's languages" in build.log
    assert not (build.html / "index.html").exists()
    assert not (build.output / "epub").exists()
