"""The EPUB of each language, read as a reader's device reads it: the books Read the Docs made.

A reading system opens the zip, reads content.opf (title, language), the
navigation document (the table of contents) and the pages, as XHTML, with
its own fonts: the book brings none and fetches nothing. These tests do the
same with the standard library, then let Debian's epubcheck (EPUB 3
conformance, .ci/run installs it) judge the whole book.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path, PurePosixPath

import polib
import pytest
from conftest import IN_BACKGROUND, LOCALE, SOURCE_LANGUAGE, TRANSLATIONS
from rtd import RTD_CODES
from taskgroup_guide_ext.site_languages import bcp47

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "svg": "http://www.w3.org/2000/svg",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CJK = re.compile(r"[\u4e00-\u9fff]")
PYTHON_NAME = re.compile(r"[A-Za-z_][\w.]*(\(\))?")
EPUBCHECK = Path(
    "/usr/share/java/epubcheck.jar"
)  # Debian's package; /usr/bin/epubcheck needs binfmt
LANGUAGES = {lang: code for code, lang in RTD_CODES.items()}


class Book:
    """An EPUB as a reading system sees it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = self.xml("META-INF/container.xml")
        self.opf_name = container.find(".//{*}rootfile").get("full-path")
        self.opf = self.xml(self.opf_name)

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    def meta(self, name: str) -> str:
        return self.opf.findtext(f"opf:metadata/dc:{name}", namespaces=NS)

    def items(self, media_type: str | None = None) -> list[ET.Element]:
        return [
            item
            for item in self.opf.iterfind("opf:manifest/opf:item", NS)
            if media_type is None or item.get("media-type") == media_type
        ]

    def pages(self) -> dict[str, ET.Element]:
        """Every XHTML document in the manifest, by its href."""
        return {
            item.get("href"): self.xml(item.get("href"))
            for item in self.items("application/xhtml+xml")
        }

    def nav(self) -> ET.Element:
        (item,) = [i for i in self.items() if "nav" in (i.get("properties") or "").split()]
        return self.xml(item.get("href"))


@pytest.fixture(scope="module")
def books(rtd_builds) -> dict[str, Book]:
    """{Sphinx language: the EPUB RTD keeps for it}."""
    found = {}
    for code, build in rtd_builds.items():
        assert build.failed is None, f"{build.failed} failed:\n{build.log[-3000:]}"
        found[RTD_CODES[code]] = Book(build.artifact("epub"))
    return found


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


@cache
def site_title(language: str) -> str:
    """The site's title in a language: its translation in sphinx.po, as the web pages show it."""
    title = "TaskGroup Guide"
    if language == SOURCE_LANGUAGE:
        return title
    entry = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "sphinx.po")).find(title)
    return entry.msgstr if entry and entry.msgstr else title


@pytest.mark.parametrize("language", [SOURCE_LANGUAGE, *TRANSLATIONS])
def test_book_metadata_is_in_its_language(books, language):
    book = books[language]
    assert book.meta("title") == site_title(language)
    assert book.meta("language") == bcp47(language)  # zh-CN: a language tag, not zh_CN
    assert book.opf.get(XML_LANG) == bcp47(language)
    for name in ("identifier", "description", "creator", "contributor", "publisher"):
        assert book.meta(name) not in (None, "", "unknown"), name
    if language != SOURCE_LANGUAGE:
        assert CJK.search(book.meta("description"))


def test_each_language_is_its_own_book(books):
    identifiers = {language: book.meta("identifier") for language, book in books.items()}
    assert len(set(identifiers.values())) == len(identifiers)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_page_says_its_language(books, language):
    """Reading systems choose fonts and CJK line breaking by each page's language."""
    for href, page in books[language].pages().items():
        assert page.get("lang") == page.get(XML_LANG) == bcp47(language), href


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_table_of_contents_is_translated(books, language, rtd_builds):
    """The navigation document lists every chapter under the title its page has."""
    book = books[language]
    nav = book.nav()
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert CJK.search(text(toc.find("x:h1", NS)))  # not "Table of Contents"
    chapters = toc.findall("x:ol/x:li/x:a", NS)
    assert len(chapters) > 10
    pages = book.pages()
    for link in chapters:
        href = link.get("href")
        page = pages[href.partition("#")[0]]
        heading = text(page.find(".//x:h1", NS)).rstrip("¶").strip()
        assert text(link) == heading, href
    # A section named after a class (TaskGroup) reads the same in every language.
    untranslated = [
        text(a)
        for a in toc.iterfind(".//x:a", NS)
        if not CJK.search(text(a)) and not PYTHON_NAME.fullmatch(text(a))
    ]
    assert untranslated == []
    # Every page the site has in its toctree is a chapter of the book.
    site = rtd_builds[LANGUAGES[language]].html
    index = (site / "index.html").read_text("utf-8")
    linked = set(re.findall(r'class="reference internal" href="([\w-]+)\.html"', index))
    assert linked <= {PurePosixPath(a.get("href").partition("#")[0]).stem for a in chapters}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_code_is_the_same_with_its_comments_translated(books, language):
    """In each code block only the comments change: the code before any # is the English code."""
    source, translated = books[SOURCE_LANGUAGE].pages(), books[language].pages()
    assert translated.keys() == source.keys()
    translated_comments = 0
    for href, page in translated.items():
        blocks = [b.findall(".//x:pre", NS) for b in (source[href], page)]
        assert len(blocks[0]) == len(blocks[1]), href
        for english, chinese in zip(*blocks):
            lines = ["".join(block.itertext()).splitlines() for block in (english, chinese)]
            assert len(lines[0]) == len(lines[1]), href
            for en, zh in zip(*lines):
                assert en.partition("#")[0] == zh.partition("#")[0], (href, en, zh)
                if en != zh and CJK.search(zh.partition("#")[2]):
                    translated_comments += 1
    assert translated_comments > 50  # every example's comments, not one by chance


@pytest.mark.parametrize("language", [SOURCE_LANGUAGE, *TRANSLATIONS])
def test_book_brings_no_fonts_and_fetches_nothing(books, language):
    book = books[language]
    for item in book.items():
        assert not re.match(r"^[a-z]+:", item.get("href")), item.get("href")
        assert not item.get("media-type").startswith(
            ("font/", "application/font", "application/vnd.ms-opentype")
        )
    for item in book.items("text/css"):
        css = re.sub(r"/\*.*?\*/", "", book.zip.read(item.get("href")).decode("utf-8"), flags=re.S)
        assert "@font-face" not in css and "@import" not in css, item.get("href")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert not re.match(r"^([a-z]+:|//)", url), (item.get("href"), url)
        # Nothing keeps Chinese text from breaking between characters.
        assert "keep-all" not in css, item.get("href")
    for href, page in book.pages().items():
        for element in page.iter():
            for attribute in ("src", "{http://www.w3.org/1999/xlink}href"):
                value = element.get(attribute, "")
                assert not re.match(r"^([a-z]+:|//)", value), (href, value)
            if element.tag == f"{{{NS['x']}}}link":
                assert not re.match(r"^([a-z]+:|//)", element.get("href", "")), href


def font_charset(pattern: str) -> tuple[str, set[int]]:
    """The font fontconfig gives *pattern*, and the code points it has glyphs for."""
    proc = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{charset}", pattern],
        capture_output=True,
        text=True,
        check=True,
    )
    family, _, ranges = proc.stdout.partition("\n")
    points = set()
    for part in ranges.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return family, points


@pytest.mark.skipif(
    shutil.which("fc-match") is None,
    reason="fontconfig's fc-match is needed to look at the fonts (apt-get install fontconfig)",
)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_character_has_a_glyph(books, language):
    """Each character of the book is in the fonts a reader's system uses for it (Noto CJK here).

    The book embeds no font, so what a reader sees is the system's: with
    .ci/run's fonts-noto-cjk, every generic family for the language must
    cover every character, prose (serif, sans-serif) and code (monospace).
    """
    used = set()
    book = books[language]
    for page in [*book.pages().values(), book.nav()]:
        used.update(c for c in "".join(page.itertext()) if not c.isspace())
    used.update(book.meta("title") + book.meta("description"))
    assert any(CJK.match(c) for c in used)
    lang = bcp47(language).lower()
    for generic in ("serif", "sans-serif", "monospace"):
        family, covered = font_charset(f"{generic}:lang={lang}")
        missing = sorted(
            c for c in used if ord(c) not in covered and unicodedata.category(c) not in ("Cc", "Cf")
        )
        assert missing == [], f"{generic} ({family}) has no glyph for {''.join(missing)!r}"


@pytest.mark.skipif(
    shutil.which("java") is None or not EPUBCHECK.is_file(),
    reason="Debian's epubcheck is needed (apt-get install epubcheck, as .ci/run does)",
)
@pytest.mark.parametrize("language", [SOURCE_LANGUAGE, *TRANSLATIONS])
def test_epubcheck_finds_nothing(books, language):
    proc = subprocess.run(
        [*IN_BACKGROUND, "java", "-jar", str(EPUBCHECK), str(books[language].path)],
        capture_output=True,
        text=True,
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report
    assert "No errors or warnings detected" in report, report
