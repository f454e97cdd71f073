"""Catalogs: one per page, complete, not fuzzy, in sync with the English pages."""

import subprocess
import sys

import polib
import pytest

from conftest import DOCS, LOCALE, PAGES, ROOT, TRANSLATIONS


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """The .pot templates the English pages produce today."""
    out = tmp_path_factory.mktemp("gettext")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(ROOT),
                           "-W", "-q", str(DOCS), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return {page: polib.pofile(str(out / f"{page}.pot")) for page in PAGES}


def catalog_path(language, page):
    return LOCALE / language / "LC_MESSAGES" / f"{page}.po"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_one_catalog_per_page(language):
    catalogs = {p.relative_to(LOCALE / language / "LC_MESSAGES").with_suffix("").as_posix()
                for p in (LOCALE / language / "LC_MESSAGES").rglob("*.po")}
    assert catalogs == set(PAGES)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", PAGES)
def test_catalog_is_complete(language, page):
    path = catalog_path(language, page)
    catalog = polib.pofile(str(path))
    problems = [f"{path.relative_to(ROOT)}:{e.linenum}: untranslated: {e.msgid[:60]!r}"
                for e in catalog.untranslated_entries()]
    problems += [f"{path.relative_to(ROOT)}:{e.linenum}: fuzzy: {e.msgid[:60]!r}"
                 for e in catalog.fuzzy_entries()]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", PAGES)
def test_catalog_matches_the_english_page(templates, language, page):
    path = catalog_path(language, page)
    have = {e.msgid for e in polib.pofile(str(path)) if not e.obsolete}
    want = {e.msgid for e in templates[page]}
    assert sorted(want - have) == [], f"{path.relative_to(ROOT)} lacks these; run `make update-po`"
    assert sorted(have - want) == [], f"{path.relative_to(ROOT)} has entries the page no longer has; run `make update-po`"
