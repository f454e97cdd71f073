"""taskgroup_guide_ext/translation_status.py on a tiny project, with catalogs made here."""

from __future__ import annotations

import os
import shutil
import subprocess

import polib
import pytest
from bs4 import BeautifulSoup
from tiny import HEADER


def write_catalog(src, page, entries, mtime=None):
    po = polib.POFile()
    po.metadata = dict(HEADER)  # the header the build requires of a catalog (catalog_gate)
    for msgid, msgstr, fuzzy in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    po.append(polib.POEntry(msgid="Gone.", msgstr="走了。", obsolete=True))  # not counted
    path = src / "locale" / "zh_CN" / "LC_MESSAGES" / f"{page}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# Every test: a copy of tests/roots/test-translation-status (sphinx.testing's
# app), in Chinese unless the test says otherwise.
pytestmark = pytest.mark.sphinx(
    "html", testroot="translation-status", srcdir="status", confoverrides={"language": "zh_CN"}
)


@pytest.fixture
def project(app):
    """The test's copy of the root, given its catalogs (``app`` builds it)."""
    src = app.srcdir
    write_catalog(src, "index", [("Status", "进度", False)], mtime=1767225600)  # 2026-01-01
    write_catalog(
        src,
        "guide",
        [
            ("A guide page", "指南页", False),
            ("One paragraph.", "一段。", True),
            ("Another.", "", False),
        ],
        mtime=1769904000,
    )  # 2026-02-01
    return src


def table(app):
    app.build()
    assert app.statuscode == 0 and app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    rows = soup.select("table.translation-status tr")
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in rows]


@pytest.mark.parametrize(
    "language, title",
    [
        pytest.param(
            "en", "A guide page", marks=pytest.mark.sphinx(confoverrides={"language": "en"})
        ),
        ("zh_CN", "指南页"),
    ],
)
def test_status_table_per_page_from_the_catalogs(app, project, language, title):
    assert app.config.language == language
    assert table(app) == [
        ["Page", "Translated", "Fuzzy", "Untranslated", "Done", "Catalog last changed"],
        [title, "1", "1", "1", "33 %", "2026-02-01"],
        ["Status" if language == "en" else "进度", "1", "0", "0", "100 %", "2026-01-01"],
        ["Total", "2", "1", "1", "50 %", "2026-02-01"],
    ]


def commit(project):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-03-03T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-03-03T12:00:00Z",
    }
    for command in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)


def test_a_committed_catalog_shows_its_commit_date(app, project):
    """In a clone the files' mtimes are the clone's time: the commit's date is what counts."""
    commit(project)
    rows = table(app)
    assert [row[-1] for row in rows[1:]] == ["2026-03-03"] * 3


def test_a_catalog_changed_since_its_commit_shows_its_own_time(app, project):
    commit(project)
    write_catalog(project, "guide", [("A guide page", "指南页", False)], mtime=1772668800)
    rows = table(app)
    assert rows[1:] == [
        ["指南页", "1", "0", "0", "100 %", "2026-03-05"],
        ["进度", "1", "0", "0", "100 %", "2026-03-03"],
        ["Total", "2", "0", "0", "100 %", "2026-03-05"],
    ]  # no sphinx.po here


@pytest.mark.sphinx("gettext", confoverrides={})  # the language conf.py names
def test_the_words_are_in_sphinx_pot(app, project):
    app.build()
    msgids = {entry.msgid for entry in polib.pofile(str(app.outdir / "sphinx.pot"))}
    assert {"Page", "Fuzzy", "Catalog last changed", "%(language)s translation"} <= msgids
    # The table itself is not the page's text: nothing of it in the page's catalog.
    assert [e.msgid for e in polib.pofile(str(app.outdir / "index.pot"))] == ["Status"]
