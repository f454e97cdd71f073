"""The real catalogs pass `make check-po`, and `make update-po` leaves them as they are.

`make check-po` fails on what is broken or unsafe; what is merely not
translated yet fails only `make check-po STRICT=1` (the last test shows
the lag on a copy of the project).

Each check is proven on broken catalogs in test_po_checks.py; a failure here
prints the lines `make check-po` prints, each with its fix.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, IN_BACKGROUND, LOCALE, ROOT, TRANSLATIONS, copy_sources

from tools.po import check, templates, update


@pytest.fixture(scope="session")
def gettext(tmp_path_factory) -> Path:
    """What `make gettext` writes: the .pot templates, and the doctrees they came from."""
    out = tmp_path_factory.mktemp("gettext")
    proc = subprocess.run(
        [
            *IN_BACKGROUND,
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-c",
            str(ROOT),
            "-W",
            "-q",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(out / "gettext"),
        ],
        capture_output=True,
        text=True,
    )
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
    gettext, pages, tmp_path, language
):
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


NEW_PARAGRAPH = "A task group is also a good place to keep a timeout, as the next page shows."


def test_an_english_edit_without_a_translation_passes_and_shows_the_english(tmp_path):
    """English and Chinese at different speeds, on a copy of the project: an author adds a
    paragraph and translates nothing. The checks `make test` runs pass, STRICT=1 does not,
    and the Chinese page shows the paragraph in English, marked, under a notice."""
    repo = copy_sources(tmp_path / "repo")
    page = repo / "docs" / "groups.md"
    text = page.read_text("utf-8")
    heading = text.index("\n## ")
    page.write_text(text[:heading] + f"\n{NEW_PARAGRAPH}\n" + text[heading:], "utf-8")

    out = tmp_path / "gettext"
    proc = subprocess.run(
        [
            *IN_BACKGROUND,
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-c",
            str(repo),
            "-W",
            "-q",
            "-d",
            str(out / "doctrees"),
            str(repo / "docs"),
            str(out / "pot"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    pages = templates.load(out / "pot", out / "doctrees")
    locale = repo / "locale"
    for language in TRANSLATIONS:
        assert check.check_language(locale, language, pages) == []
        strict = [
            str(problem) for problem in check.check_language(locale, language, pages, strict=True)
        ]
        assert (
            len(strict) == 1 and "groups.po" in strict[0] and "are not in the catalog" in strict[0]
        )
        # The same after update-po: one entry to translate, which only STRICT=1 fails on.
        assert update.update(out / "pot", locale, language) == []
        assert check.check_language(locale, language, pages) == []
        strict = [
            str(problem) for problem in check.check_language(locale, language, pages, strict=True)
        ]
        assert len(strict) == 1 and "not translated" in strict[0]

        html = tmp_path / "html" / language
        proc = subprocess.run(
            [
                *IN_BACKGROUND,
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                "-c",
                str(repo),
                "-D",
                f"language={language}",
                "-W",
                "--keep-going",
                "-q",
                "-d",
                str(tmp_path / "doctrees" / language),
                str(repo / "docs"),
                str(html),
            ],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        soup = BeautifulSoup((html / "groups.html").read_text("utf-8"), "html.parser")
        marked = soup.select("article .untranslated")
        assert [(p.name, p.get("lang"), p.get_text(" ", strip=True)) for p in marked] == [
            ("p", "en", NEW_PARAGRAPH)
        ]
        notice = soup.select("article .untranslated-notice")
        assert len(notice) == 1 and notice[0].select_one("a")["href"] == "contributing.html"
        # The other pages are whole: no notice there.
        other = BeautifulSoup((html / "taskgroup.html").read_text("utf-8"), "html.parser")
        assert not other.select(".untranslated, .untranslated-notice")
