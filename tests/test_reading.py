"""What each built page offers a reader, checked in the HTML (test_browser drives it).

Language links and hreflang, Open Graph, the English originals, the theme's
words in the page's language, search terms, and nothing loaded from
another host.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, LOCALE, PAGES, SOURCE_LANGUAGE, TRANSLATIONS
from taskgroup_guide_ext.site_languages import bcp47, og_locale

CJK = re.compile(r"[\u4e00-\u9fff]")
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
GENERATED = ["search", "genindex"]
# <link rel> values that point somewhere rather than load something.
NAVIGATION_RELS = {
    "alternate",
    "canonical",
    "next",
    "prev",
    "index",
    "search",
    "author",
    "copyright",
    "help",
    "license",
}
CONTENT = [p for p in PAGES if p != "404"]


def hreflang_path(page: str, href: str) -> str:
    """The site path a link on *page* (in some language's folder) leads to."""
    return urlsplit(urljoin(f"http://site/LANG/{page}.html", href)).path


def reader_text(soup) -> str:
    """The article's text as a reader sees it: no scripts (nor the originals in them)."""
    article = copy.copy(soup.select_one("article"))
    for hidden in article.select("script, style"):
        hidden.decompose()
    return article.get_text(" ")


def all_html(site, language):
    return sorted(site[language].html_dir.rglob("*.html"))


def parsed(path):
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# -- Language switcher and hreflang ------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", CONTENT + GENERATED)
def test_switcher_leads_to_the_same_page(site, language, page):
    soup = site[language].page(page)
    switcher = soup.select_one("nav.language-switcher")
    assert switcher is not None, "no language switcher"
    links = {a["hreflang"]: a["href"] for a in switcher.select("a[hreflang]")}
    others = [lang for lang in LANGUAGES if lang != language]
    assert sorted(links) == sorted(bcp47(lang) for lang in others)
    for other in others:
        path = hreflang_path(page, links[bcp47(other)])
        assert path == f"/{other}/{page}.html"
        assert (site[other].html_dir / f"{page}.html").is_file()
    current = switcher.select_one("[aria-current]")
    assert current["lang"] == bcp47(language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", CONTENT)
def test_hreflang_alternates(site, language, page):
    soup = site[language].page(page)
    alternates = {
        link["hreflang"]: hreflang_path(page, link["href"])
        for link in soup.select("link[rel=alternate][hreflang]")
    }
    expected = {bcp47(lang): f"/{lang}/{page}.html" for lang in LANGUAGES}
    expected["x-default"] = f"/{SOURCE_LANGUAGE}/{page}.html"
    assert alternates == expected
    assert soup.html["lang"] == bcp47(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page(site, language):
    soup = site[language].page("404")
    assert soup.html["lang"] == bcp47(language)
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select("link[rel=alternate][hreflang]") == []
    urls = [tag[attr] for attr in ("href", "src", "action") for tag in soup.select(f"[{attr}]")]
    relative = [u for u in urls if not re.match(r"^(/|#|[a-z]+:)", u)]
    assert relative == [], "a 404 page is served at any depth: its links start at the root"
    assert soup.html["data-content_root"] == f"/{language}/"


# -- Open Graph -----------------------------------------------------------------------


def og(soup, prop):
    tag = soup.select_one(f'meta[property="{prop}"]')
    return tag["content"] if tag else None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_open_graph(site, language, page):
    soup = site[language].page(page)
    heading = copy.copy(soup.select_one("article h1"))
    for link in heading.select(".headerlink"):
        link.decompose()
    title = " ".join(heading.get_text().split())
    assert og(soup, "og:title") == title
    assert og(soup, "og:locale") == og_locale(language)
    alternates = {t["content"] for t in soup.select('meta[property="og:locale:alternate"]')}
    assert alternates == {og_locale(lang) for lang in LANGUAGES if lang != language}
    description = og(soup, "og:description")
    assert description and soup.select_one('meta[name="description"]')["content"] == description
    if language != SOURCE_LANGUAGE:
        assert CJK.search(title) and CJK.search(description), (
            f"{page}: title or description not translated: {title!r}, {description!r}"
        )


# -- The English originals ----------------------------------------------------------------


# What Sphinx's smartquotes writes on English pages only, back to plain text.
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "–": "--", "—": "---"})


def without_internal_links(html: str) -> str:
    """Text, less the cross-reference titles (they are in the page's language).

    Quotes, dashes and ellipses are made plain: Sphinx's smartquotes changes
    them on English pages only.
    """
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("a.internal, a.headerlink"):  # (a heading's "¶" too)
        link.decompose()
    return " ".join(soup.get_text(" ").split()).translate(QUOTES)


# What an original may be the English of: a paragraph, a heading, a code block's caption.
ORIGINAL_OF = (
    "article p, article h1, article h2, article h3, article h4, article .code-block-caption"
)


def is_original_of(element) -> bool:
    """Whether *element* (an original's previous sibling) is something originals follow."""
    return element.name in {"p", "h1", "h2", "h3", "h4"} or "code-block-caption" in element.get(
        "class", []
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", CONTENT)
def test_originals_are_the_english_paragraphs(site, language, page):
    soup = site[language].page(page)
    kept = soup.select("article script.original")
    assert kept, "a translated page with no English originals"
    assert soup.select_one("button.original-toggle") is not None
    english = {
        without_internal_links(str(p)) for p in site[SOURCE_LANGUAGE].page(page).select(ORIGINAL_OF)
    }
    for script in kept:
        assert script["type"] == "text/html" and script["data-lang"] == "en"
        text = without_internal_links(script.string.replace("<\\", "<"))
        assert text in english, f"not an English paragraph of {page}: {text[:80]!r}"
        translation = script.find_previous_sibling()
        assert is_original_of(translation) and without_internal_links(str(translation)) != text


def original(element):
    """The English original right after *element*, parsed, and its <script>; or (None, None)."""
    script = element.find_next_sibling()
    if script is None or script.name != "script" or "original" not in script.get("class", []):
        return None, None
    return BeautifulSoup(script.string.replace("<\\", "<"), "html.parser"), script


def shown_text(element) -> str:
    """An element's text as the page shows it, less a heading's or caption's "¶"."""
    element = copy.copy(element)
    for permalink in element.select("a.headerlink"):
        permalink.decompose()
    return element.get_text()


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize(
    "page, kind",
    [
        ("patterns/eager-tasks", "heading"),
        ("patterns/eager-tasks", "caption"),
        ("reference", "versionadded"),
    ],
)
def test_heading_caption_and_version_note_originals(site, language, page, kind):
    """The original of a heading, a code caption and a version note is the
    English page's text of the same element, character for character
    (smart quotes and the version label included), marked English; the
    translated page still shows the translation, and the heading keeps its
    permalink and stays out of the original."""
    translated, english = site[language].page(page), site[SOURCE_LANGUAGE].page(page)
    if kind == "heading":
        # Sections keep their (English-made) ids in every language.
        pairs = [
            (heading, english.select_one(f"section#{heading.parent['id']} > {heading.name}"))
            for heading in translated.select("article section > h1, article section > h2")
        ]
    elif kind == "caption":
        pairs = list(
            zip(
                translated.select("article .code-block-caption"),
                english.select("article .code-block-caption"),
            )
        )
    else:
        notes = "div.versionadded, div.versionchanged, div.deprecated"
        pairs = [
            (ours.select_one("p"), theirs.select_one("p"))
            for ours, theirs in zip(translated.select(notes), english.select(notes))
        ]
        assert len(translated.select(notes)) == len(english.select(notes))
    with_original = [(ours, theirs) for ours, theirs in pairs if original(ours)[0] is not None]
    assert with_original, f"no {kind} of {page} has its English original"
    if kind == "versionadded":
        assert any(ours.parent["class"] == ["versionadded"] for ours, _ in with_original)
    for ours, theirs in with_original:
        kept, script = original(ours)
        assert script["type"] == "text/html" and script["data-lang"] == "en"
        assert kept.get_text() == shown_text(theirs)
        # The page shows the translation; the original is a paragraph, no heading.
        assert shown_text(ours) != shown_text(theirs) and CJK.search(shown_text(ours))
        assert [tag.name for tag in kept.find_all(True, recursive=False)] == ["p"]
        assert kept.select("[id], a.headerlink") == []
        if kind == "heading":
            assert ours.select_one("a.headerlink")["href"] == f"#{ours.parent['id']}"
            assert ours.select("script") == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_originals_are_all_english(site, language):
    """Link titles and tooltips too: an original is the English page's text.
    (Chinese inside code is an example on the English page as well.)"""
    chinese = []
    for page in CONTENT:
        for script in site[language].page(page).select("article script.original"):
            original = BeautifulSoup(script.string.replace("<\\", "<"), "html.parser")
            for code in original.select("code"):
                code.decompose()
            tooltips = [a.get("title", "") for a in original.select("a")]
            if CJK.search(original.get_text()) or any(CJK.search(t) for t in tooltips):
                chinese.append(
                    (page, original.get_text()[:80], [t for t in tooltips if CJK.search(t)])
                )
    assert chinese == []


@pytest.mark.parametrize("page", PAGES)
def test_no_originals_on_english_pages(site, page):
    soup = site[SOURCE_LANGUAGE].page(page)
    assert soup.select("script.original, button.original-toggle, script[src*=bilingual]") == []


# -- Words around the page, in the page's language ---------------------------------------

# Furo's and our templates' words; Sphinx's catalog has none of them. They
# come from locale/<lang>/LC_MESSAGES/sphinx.po (see theme_messages.py).
CHROME = {
    ".sidebar-brand-text": "the site's title (html_title)",
    ".toc-title": "the table of contents' title",
    ".back-to-top": "'Back to top'",
    ".skip-to-content": "'Skip to content'",
    ".related-pages .context": "'Next' and 'Previous'",
}


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("selector", CHROME)
def test_theme_words_are_translated(site, language, selector):
    soup = site[language].page("taskgroup")
    texts = [e.get_text(" ", strip=True) for e in soup.select(selector)]
    assert texts and all(CJK.search(t) for t in texts), (
        f"{CHROME[selector]} is {texts} on the {language} pages: translate it in "
        f"locale/{language}/LC_MESSAGES/sphinx.po (make update-po brings it there)"
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", ["taskgroup", "search", "genindex", "404"])
def test_labels_for_screen_readers_are_translated(site, language, page):
    """Furo writes some aria-labels and its icons' <title>s in English, outside
    gettext; docs/_templates/page.html translates them."""
    soup = site[language].page(page)
    labels = [e["aria-label"] for e in soup.select("[aria-label]")]
    labels += [t.get_text() for t in soup.select("svg title")]
    english = [label for label in labels if not CJK.search(label)]
    assert labels and english == [], (
        f"{english} on {language}/{page}.html: add them to the furo_labels of "
        f"docs/_templates/page.html and translate them in locale/{language}/LC_MESSAGES/sphinx.po"
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_our_labels_are_translated(site, language):
    soup = site[language].page("taskgroup")
    labels = [
        soup.select_one("nav.language-switcher")["aria-label"],
        soup.select_one("button.original-toggle")["data-label"],
        soup.select_one("aside.sidebar-drawer")["aria-label"],
        soup.select_one("div.highlight-none")["data-label"],
        *soup.select_one("template#guide-labels").attrs.values(),
    ]
    labels.remove("guide-labels")  # the template's id
    assert all(CJK.search(label) for label in labels), (
        f"{labels}: translate them in locale/{language}/LC_MESSAGES/sphinx.po"
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_search_page_and_messages_are_translated(site, language):
    soup = site[language].page("search")
    assert CJK.search(soup.title.get_text())
    # "搜索 - <the site's title>": both halves in the page's language.
    assert all(CJK.search(half) for half in soup.title.get_text().split(" - "))
    assert CJK.search(soup.select_one("input.sidebar-search")["placeholder"])
    messages = (site[language].html_dir / "_static" / "translations.js").read_text("utf-8")
    data = json.loads(
        messages[messages.index("{") : messages.rindex("}") + 1].replace(
            "Documentation.addTranslations(", ""
        )
    )
    # Plural messages are filed under their singular form.
    for msgid in (
        "Search Results",
        "Searching",
        "Search finished, found one page matching the search query.",
        "Your search did not match any documents. Please make sure that all words "
        "are spelled correctly and that you've selected enough categories.",
    ):
        translated = data["messages"].get(msgid)
        translated = translated[-1] if isinstance(translated, list) else translated
        assert translated and CJK.search(translated), msgid


# -- Search terms ---------------------------------------------------------------------------


def glossary_terms(language):
    path = LOCALE / language / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return {
            w for row in csv.DictReader(file) for w in HAN_WORD.findall(row["translation"] or "")
        }


@pytest.mark.parametrize("language", [lang for lang in TRANSLATIONS if lang.startswith("zh")])
def test_glossary_terms_are_search_words(site, language):
    """Every glossary term a page uses is a word of the search index, for that page."""
    text = (site[language].html_dir / "searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docs = lambda mapping, word: set(  # noqa: E731
        index["docnames"][i]
        for i in (lambda v: v if isinstance(v, list) else [v])(mapping.get(word, []))
    )
    texts = {page: reader_text(site[language].page(page)) for page in CONTENT}
    missing = {}
    for term in glossary_terms(language):
        expected = {page for page, text in texts.items() if term in text}
        found = docs(index["terms"], term) | docs(index["titleterms"], term)
        if expected - found:
            missing[term] = sorted(expected - found)
    assert missing == {}


# -- Nothing from other hosts --------------------------------------------------------------


def loads(soup):
    """Every URL the page makes the browser load, as opposed to link to."""
    for tag in soup.select(
        "script[src], img[src], iframe[src], source[src], audio[src], "
        "video[src], embed[src], track[src], input[src]"
    ):
        yield tag["src"]
    for tag in soup.select("object[data]"):
        yield tag["data"]
    for tag in soup.select("link[href]"):
        if not NAVIGATION_RELS & set(tag.get("rel", [])):
            yield tag["href"]
    for style in [*soup.select("style"), *soup.select("[style]")]:
        css = style.string or style.get("style") or ""
        yield from re.findall(r"url\(\s*['\"]?([^'\")]+)", css)


def is_local(url: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.I) or url.startswith("data:")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_load_nothing_from_other_hosts(site, language):
    remote = {
        f"{path.name}: {url}"
        for path in all_html(site, language)
        for url in loads(parsed(path))
        if not is_local(url)
    }
    assert remote == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_styles_load_nothing_from_other_hosts(site, language):
    remote = []
    for path in (site[language].html_dir / "_static").rglob("*.css"):
        css = path.read_text("utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(
            r"@import\s+['\"]([^'\"]+)", css
        )
        remote += [f"{path.name}: {url}" for url in urls if not is_local(url)]
    assert remote == []
    fonts = [
        p.name
        for p in (site[language].html_dir / "_static").rglob("*")
        if p.suffix in {".woff", ".woff2", ".ttf", ".otf", ".eot"}
    ]
    assert fonts == []  # no web fonts at all: system fonts only


# -- English inside translated text ----------------------------------------------


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_english_titles_are_marked_english(site, language):
    """Book titles stay English in the translation; a screen reader must know (WCAG 3.1.2)."""
    soup = site[language].page("further-reading")
    titles = [
        em.get_text()
        for em in soup.select("article em")
        if not CJK.search(em.get_text()) and " " in em.get_text()
    ]
    assert titles, "no English book titles on further-reading: the test needs new examples"
    unmarked = [
        em.get_text()
        for em in soup.select("article em")
        if em.get_text() in titles and not em.select_one('span[lang="en"]')
    ]
    assert unmarked == []
    # Chinese text, and single English words (parameter names), are not marked
    # (the glossary's table marks the language of each of its cells).
    for page in CONTENT:
        for span in (
            site[language]
            .page(page)
            .select(
                'article :not(td) > p > span[lang="en"], article :not(td) > p > * > span[lang="en"]'
            )
        ):
            assert not CJK.search(span.get_text()) and " " in span.get_text().strip(), (page, span)


def test_english_pages_mark_no_english(site):
    for page in CONTENT:
        assert site[SOURCE_LANGUAGE].page(page).select('article :not(td) > p span[lang="en"]') == []


# -- The glossary page -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_page_is_the_glossary_csv(site, language):
    with (LOCALE / "zh_CN" / "glossary.csv").open(encoding="utf-8", newline="") as file:
        rows = [(row["term"], row["translation"]) for row in csv.DictReader(file)]
    table = site[language].page("glossary").select_one("article table.glossary-table")
    shown = [
        tuple(td.get_text(strip=True) for td in tr.select("td")[:2])
        for tr in table.select("tbody tr")
    ]
    assert shown == rows
    assert table.select_one('tbody td span[lang="en"]').get_text() == rows[0][0]
    assert table.select('tbody tr td:nth-of-type(2) span[lang="zh-CN"]')
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert len(headers) == 3 and all(headers)
    if language != SOURCE_LANGUAGE:
        assert all(CJK.search(h) for h in headers), headers
        assert CJK.search(site[language].page("glossary").h1.get_text())


# -- Icon and preview picture --------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["index", "taskgroup", "search"])
def test_favicon_and_preview_picture_exist(site, language, page):
    soup = site[language].page(page)
    icon = soup.select_one('link[rel~="icon"]')
    image = soup.select_one('meta[property="og:image"]')
    assert icon and image, "no favicon link or og:image"
    html_dir = site[language].html_dir
    for href in (icon["href"], image["content"]):
        assert (
            html_dir / urlsplit(urljoin(f"http://site/{page}.html", href)).path.lstrip("/")
        ).is_file(), href


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_links_to_english_only_pages_say_so(site, language):
    marked, unmarked = [], []
    for page in CONTENT:
        for a in site[language].page(page).select("article a.reference.external"):
            text, href = a.get_text(), a["href"]
            if not CJK.search(text):
                continue
            english = "/zh-cn/" not in href and "/blob/" not in href
            (unmarked if english != text.endswith("（英文）") else marked).append(
                (page, text, href)
            )
    assert marked, "no translated link titles at all: the test has nothing to check"
    assert unmarked == []


# Names stay as they are; every other word of the footer is in the page's language.
FOOTER_NAMES = {"Sphinx", "Furo", "pradyunsg", "TaskGroup"}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_footer_is_translated(site, language):
    footer = site[language].page("taskgroup").select_one(".bottom-of-page .left-details")
    english = set(re.findall(r"[A-Za-z][A-Za-z']*", footer.get_text())) - FOOTER_NAMES
    assert english == set(), (
        f"{sorted(english)} in the {language} footer: translate the copyright line "
        f"(conf.py's copyright) and furo's words in locale/{language}/LC_MESSAGES/sphinx.po"
    )
