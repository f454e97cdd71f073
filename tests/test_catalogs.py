"""The real catalogs pass `make check-po`, and `make update-po` leaves them as they are.

Each check is proven on broken catalogs in test_po_checks.py; a failure here
prints the lines `make check-po` prints, each with its fix.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import DOCS, LOCALE, ROOT, TRANSLATIONS
from tools.po import check, templates, update


@pytest.fixture(scope="session")
def gettext(tmp_path_factory) -> Path:
    """What `make gettext` writes: the .pot templates, and the doctrees they came from."""
    out = tmp_path_factory.mktemp("gettext")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(ROOT),
                           "-W", "-q", "-d", str(out / "doctrees"), str(DOCS), str(out / "gettext")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def pages(gettext) -> dict[str, templates.Template]:
    return templates.load(gettext / "gettext", gettext / "doctrees")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogs_pass_check_po(pages, language):
    problems = check.check_language(LOCALE, language, pages)
    assert problems == [], "\n" + "\n".join(map(str, problems))


def translations(locale: Path, language: str) -> dict[tuple[str, str], str]:
    """(catalog, msgid) -> msgstr of every entry of every catalog, obsolete ones aside."""
    found = {}
    catalog_dir = locale / language / "LC_MESSAGES"
    for path in catalog_dir.rglob("*.po"):
        page = path.relative_to(catalog_dir).with_suffix("").as_posix()
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                found[page, entry.msgid] = entry.msgstr
    return found


def snapshot(locale: Path) -> dict[str, bytes]:
    return {str(path.relative_to(locale)): path.read_bytes() for path in locale.rglob("*.po")}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_update_po_keeps_every_translation_and_a_second_run_changes_nothing(
        gettext, pages, tmp_path, language):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    before = translations(locale, language)
    assert update.update(gettext / "gettext", locale, language) == []
    after = translations(locale, language)
    # What is still in the English keeps its translation; a changed
    # paragraph keeps it too, as a fuzzy entry under its new msgid.
    kept = {key for key in before if key[0] in pages and key[1] in pages[key[0]].msgids}
    assert {key: after[key] for key in kept} == {key: before[key] for key in kept}
    first = snapshot(locale)
    update.update(gettext / "gettext", locale, language)
    assert snapshot(locale) == first
