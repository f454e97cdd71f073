"""What a reader sees, in headless Chromium, on the site the session built.

Chromium, the server and the fixtures: tests/browser.py.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from browser import needs_chromium, new_page, screenshot, serve
from bs4 import BeautifulSoup
from conftest import EXAMPLES, LANGUAGES, PAGES, ROOT, SOURCE_LANGUAGE, TRANSLATIONS
from playwright.sync_api import Page

CJK = re.compile(r"[\u4e00-\u9fff]")
# The guide's own terms, as a Chinese reader types them (locale/zh_CN/glossary.csv).
CHINESE_TERMS = ["任务组", "事件循环", "异常组", "上下文管理器", "协程"]
SEARCH_PAGES = [p for p in PAGES if p != "404"]
pytestmark = needs_chromium


def click_to(page: Page, selector: str) -> Page:
    """Click a link as a reader does (visible, on top) and wait for the next page."""
    with page.expect_navigation():
        page.click(selector)
    return page


@functools.cache
def _article_text(html_dir: Path, page: str) -> str:
    article = BeautifulSoup((html_dir / f"{page}.html").read_text("utf-8"), "html.parser").article
    for hidden in article.select("script, style, .headerlink"):
        hidden.decompose()
    return article.get_text(" ")


def article_text(site, language: str, page: str) -> str:
    """What a reader reads on *page*: no scripts, no hidden originals."""
    return _article_text(site[language].html_dir, page)


def wait_for_search(tab: Page) -> None:
    tab.wait_for_function("document.querySelector('#search-results .search-summary')?.textContent")


def search(tab: Page, language: str, query: str) -> list[str]:
    """Type *query* in the sidebar's search box, press Enter; the result pages."""
    tab.goto(f"/{language}/index.html")
    tab.click("input.sidebar-search")
    tab.keyboard.insert_text(query)  # as an input method commits it: Chinese arrives whole
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.evaluate("location.pathname").endswith("/search.html")
    wait_for_search(tab)
    links = tab.evaluate(
        "[...document.querySelectorAll('#search-results ul.search li > a')].map(a => a.pathname)"
    )
    # /zh_CN/patterns/results.html -> patterns/results, as in PAGES
    return [unquote(link).split(f"/{language}/", 1)[-1].removesuffix(".html") for link in links]


# -- Language switcher --------------------------------------------------------


@pytest.mark.parametrize("start, other", [(a, b) for a in LANGUAGES for b in LANGUAGES if a != b])
def test_switching_language_lands_on_the_same_page(tab, start, other):
    tab.goto(f"/{start}/taskgroup.html#create-a-task-group")
    click_to(tab, f'.language-switcher a[hreflang="{other.replace("_", "-")}"]')
    assert tab.evaluate("location.pathname") == f"/{other}/taskgroup.html"
    assert tab.evaluate("location.hash") == "#create-a-task-group"  # the same section
    assert tab.evaluate("document.documentElement.lang") == other.replace("_", "-")
    current = tab.evaluate("document.querySelector('.language-switcher .current').lang")
    assert current == other.replace("_", "-")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_switching_language_on_the_search_page_keeps_the_query(tab, language):
    search(tab, language, "TaskGroup")
    click_to(tab, f'.language-switcher a[hreflang="{SOURCE_LANGUAGE}"]')
    assert tab.evaluate("location.pathname") == f"/{SOURCE_LANGUAGE}/search.html"
    wait_for_search(tab)  # it runs again
    assert tab.evaluate("document.querySelectorAll('#search-results ul.search li').length") > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_working_switcher(tab, site, language):
    """Each link of each page's switcher answers 200 with the same page."""
    tab.goto(f"/{language}/index.html")
    statuses = tab.evaluate(
        """async (pages) => {
        const results = {};
        for (const page of pages) {
            const html = await (await fetch(page + ".html")).text();
            const doc = new DOMParser().parseFromString(html, "text/html");
            for (const a of doc.querySelectorAll(".language-switcher a[hreflang]")) {
                const url = new URL(a.getAttribute("href"), new URL(page + ".html", location.href));
                const response = await fetch(url);
                results[page + " -> " + a.hreflang] = [response.status, url.pathname];
            }
        }
        return results;
    }""",
        SEARCH_PAGES,
    )
    others = [lang for lang in LANGUAGES if lang != language]
    assert len(statuses) == len(SEARCH_PAGES) * len(others)
    for key, (status, path) in statuses.items():
        page, _, hreflang = key.partition(" -> ")
        assert (status, path) == (200, f"/{hreflang.replace('-', '_')}/{page}.html"), key


# -- Search ------------------------------------------------------------------


def contexts(site, language: str, page: str, terms: list[str]) -> list[str]:
    """Where *terms* occur in *page*: for messages."""
    text = " ".join(article_text(site, language, page).split())
    return [
        text[max(m.start() - 10, 0) : m.end() + 10]
        for term in terms
        for m in re.finditer(re.escape(term), text)
    ][:6]


def pages_with(site, language: str, term: str) -> Counter:
    return Counter(
        {
            page: article_text(site, language, page).count(term)
            for page in SEARCH_PAGES
            if term in article_text(site, language, page)
        }
    )


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("term", CHINESE_TERMS)
def test_chinese_search_finds_the_guides_terms(tab, site, language, term):
    expected = pages_with(site, language, term)
    assert expected, f"no {language} page says {term!r}: is the translation there?"
    found = search(tab, language, term)
    assert expected.most_common(1)[0][0] in found, (term, found, expected)
    assert set(expected) <= set(found), {
        page: contexts(site, language, page, [term]) for page in set(expected) - set(found)
    }


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_chinese_search_takes_a_phrase_as_typed(tab, site, language):
    """No spaces in Chinese: 任务组的异常 is two words and a particle."""
    both = set(pages_with(site, language, "任务组")) & set(pages_with(site, language, "异常"))
    found = search(tab, language, "任务组的异常")
    assert both
    # Sphinx lets a page miss words of two letters (English noise words), so
    # pages with 任务组 alone come too, below the ones with both.
    assert both <= set(found), {
        page: contexts(site, language, page, ["任务组", "异常"]) for page in both - set(found)
    }
    assert found[0] in both


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_search_page_speaks_the_pages_language(tab, language):
    found = search(tab, language, "任务组")
    assert found
    assert CJK.search(tab.evaluate("document.title")), tab.evaluate("document.title")
    heading = tab.evaluate("document.querySelector('#search-results h2').textContent")
    summary = tab.evaluate("document.querySelector('#search-results .search-summary').textContent")
    assert CJK.search(heading) and CJK.search(summary), (heading, summary)
    screenshot(tab, f"search-{language}.png")

    assert search(tab, language, "香蕉") == []  # a word the guide never uses
    nothing = tab.evaluate("document.querySelector('#search-results .search-summary').textContent")
    assert CJK.search(nothing), nothing


def ranked(tab: Page, language: str, query: str) -> list[str]:
    """The result pages for *query*, best first (the search page's own address)."""
    tab.goto(f"/{language}/search.html?q={quote(query)}")
    wait_for_search(tab)
    links = tab.evaluate(
        "[...document.querySelectorAll('#search-results ul.search li > a')].map(a => a.pathname)"
    )
    return [unquote(link).split(f"/{language}/", 1)[1].removesuffix(".html") for link in links]


def heading(site, language: str, page: str, selector: str) -> str:
    return site[language].page(page).select_one(selector).get_text().replace("¶", "").strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pages_title_finds_that_page_first(tab, site, language):
    """Titles first: ties were broken alphabetically (取消任务 found 示例：取消单个任务 ninth)."""
    wrong = {}
    for page in SEARCH_PAGES:
        title = heading(site, language, page, "article h1")
        found = ranked(tab, language, title)
        if not found or found[0] != page:
            wrong[title] = found[:3]
    assert wrong == {}


@pytest.mark.parametrize(
    "language, query, first",
    [
        ("zh_CN", "取消任务", "example-cancel"),
        ("en", "cancel a task", "example-cancel"),
        # Identifiers find the reference: an API object, an index entry.
        ("en", "create_task", "reference"),
        ("zh_CN", "create_task", "reference"),
        ("en", "ExceptionGroup", "reference"),
        ("zh_CN", "ExceptionGroup", "reference"),
        ("en", "timeout", "timeouts"),
        ("zh_CN", "超时", "timeouts"),
    ],
)
def test_search_ranks_the_right_page_first(tab, language, query, first):
    found = ranked(tab, language, query)
    assert found and found[0] == first, found[:5]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_heading_ranks_its_page_above_pages_that_mention_it(tab, site, language):
    query = heading(site, language, "reference", "#reference-failures h3")
    found = ranked(tab, language, query)
    assert found and found[0] == "reference", (query, found[:5])


CONCURRENCY_PAGE = ROOT / "docs" / "patterns" / "limit-concurrency.md"


@pytest.mark.parametrize("language, query", [("en", "semaphore"), ("zh_CN", "信号量")])
def test_semaphore_finds_the_concurrency_page_first(tab, language, query):
    if not CONCURRENCY_PAGE.is_file():
        pytest.skip(f"{CONCURRENCY_PAGE.relative_to(ROOT)} does not exist yet: nothing to find")
    found = ranked(tab, language, query)
    assert found and found[0] == "patterns/limit-concurrency", found[:5]


def test_timelines_text_is_not_in_search_snippets(tab):
    """The timelines' text alternatives stay in the page, out of the index."""
    tab.goto("/en/example-wait.html")
    assert tab.evaluate(
        "document.querySelector('figure.task-timeline details.tl-text li')?.textContent"
    )
    assert ranked(tab, "en", "Drawn from a real run") == []


@pytest.mark.parametrize("language, query", [("en", "glossary"), ("zh_CN", "术语表")])
def test_glossary_is_found_in_both_languages(tab, language, query):
    assert "glossary" in search(tab, language, query)


@pytest.mark.parametrize("query", ["TaskGroup", "cancel", "ExceptionGroup", "gather"])
def test_english_search(tab, site, query):
    expected = pages_with(site, SOURCE_LANGUAGE, query)
    found = search(tab, SOURCE_LANGUAGE, query)
    assert expected.most_common(1)[0][0] in found, (query, found)


# -- The English original, on translated pages -------------------------------

SHOWN = "[...document.querySelectorAll('div.original')].filter(e => e.offsetHeight > 0).length"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_original_is_off_by_default_and_remembered(tab, language):
    tab.goto(f"/{language}/taskgroup.html")
    kept = tab.evaluate("document.querySelectorAll('script.original').length")
    assert kept > 0
    assert (
        tab.evaluate(
            "document.querySelector('button.original-toggle').getAttribute('aria-pressed')"
        )
        == "false"
    )
    assert tab.evaluate(SHOWN) == 0
    screenshot(tab, f"page-{language}.png")

    tab.click("button.original-toggle")
    assert tab.evaluate(SHOWN) == kept
    # In English, but for the titles of linked sections: they name where the
    # link goes, in the language of the site it goes to.
    texts = tab.evaluate("""[...document.querySelectorAll('div.original')].map(e => {
        const copy = e.cloneNode(true);
        copy.querySelectorAll('a.internal').forEach(a => a.remove());
        return [e.lang, copy.innerText];
    })""")
    assert [text for lang, text in texts if lang != "en" or CJK.search(text)] == []
    screenshot(tab, f"page-{language}-with-original.png")

    tab.reload()  # remembered on this page ...
    assert tab.evaluate(SHOWN) == kept
    tab.goto(f"/{language}/groups.html")  # ... and on the others
    assert tab.evaluate(SHOWN) > 0
    tab.click("button.original-toggle")
    assert tab.evaluate(SHOWN) == 0
    tab.goto(f"/{language}/taskgroup.html")
    assert tab.evaluate(SHOWN) == 0


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_dark_mode_reading(tab, language):
    tab.emulate_media(color_scheme="dark")
    tab.goto(f"/{language}/taskgroup.html")
    tab.click("button.original-toggle")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    screenshot(tab, f"page-{language}-dark.png")


def test_no_switch_on_english_pages(tab):
    tab.goto(f"/{SOURCE_LANGUAGE}/taskgroup.html")
    assert tab.evaluate("document.querySelector('button.original-toggle, script.original')") is None


# -- Copy buttons --------------------------------------------------------------


def copy(tab: Page, block: str) -> str:
    """Click the copy button of *block* and read what the clipboard got."""
    tab.evaluate("navigator.clipboard.writeText('')")
    tab.hover(block)  # the button shows on hover
    tab.click(f"{block} button.copybtn")
    return tab.wait_for_function("navigator.clipboard.readText()").json_value()


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_copies_the_example_script(tab, language):
    tab.goto(f"/{language}/example-wait.html")
    assert (
        tab.evaluate("document.querySelectorAll('div.example-output button.copybtn').length") == 0
    )
    assert tab.evaluate("document.querySelectorAll('div.example-code button.copybtn').length") > 0
    copied = copy(tab, "div.example-code")
    shown = tab.evaluate("document.querySelector('div.example-code pre').innerText")
    assert copied.rstrip("\n") == shown.rstrip("\n")
    compile(copied, "copied", "exec")  # runnable as it is
    if language == SOURCE_LANGUAGE:
        scripts = {p.read_text("utf-8").rstrip("\n") for p in EXAMPLES.glob("*.py")}
        assert copied.rstrip("\n") in scripts


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_blocks_have_no_copy_button(tab, language):
    """Expected output ({example} bodies, {testoutput}) is not code to copy."""
    tab.goto(f"/{language}/groups.html")
    assert tab.evaluate("document.querySelectorAll('div.highlight-none').length") > 0
    assert (
        tab.evaluate("document.querySelectorAll('div.highlight-none button.copybtn').length") == 0
    )
    assert (
        tab.evaluate("document.querySelectorAll('div.highlight-python button.copybtn').length") > 0
    )


@pytest.fixture(scope="module")
def prompts_site(tmp_path_factory):
    """A page of console sessions, built with the site's own conf.py."""
    out = tmp_path_factory.mktemp("prompts")
    src = ROOT / "tests" / "roots" / "test-copybutton"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(ROOT),
            "-q",
            "-D",
            f"language={SOURCE_LANGUAGE}",
            str(src),
            str(out / SOURCE_LANGUAGE),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    server, url = serve(out)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "block, expected",
    [
        (
            "#python-session",
            "import asyncio\nasync def main():\n    return 42\nasyncio.run(main())",
        ),
        ("#shell-session", "python3 -m pip --version\npython3 example.py"),
    ],
)
def test_copy_button_drops_prompts_and_output(browser, prompts_site, block, expected):
    tab = new_page(browser, prompts_site)
    try:
        tab.goto(f"/{SOURCE_LANGUAGE}/index.html")
        assert copy(tab, block).rstrip("\n") == expected
    finally:
        tab.context.close()


# -- 404 -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_page_gets_a_working_404_page(tab, language):
    responses = []
    tab.on("response", lambda response: responses.append(response))
    tab.goto(f"/{language}/no/such/page.html")
    tab.wait_for_load_state("load")
    document = [r for r in responses if r.url.endswith("/no/such/page.html")]
    assert document and document[0].status == 404
    broken = [r.url for r in responses if r.status >= 400 and r not in document]
    assert broken == []  # its styles, scripts and icon load, three levels down
    assert tab.evaluate("document.documentElement.lang") == language.replace("_", "-")
    assert (
        tab.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display")
        != "none"
    )
    assert tab.evaluate("document.querySelector('meta[name=robots]').content") == "noindex"
    screenshot(tab, f"404-{language}.png")
    click_to(tab, "article a[href$='/index.html']")
    assert tab.evaluate("location.pathname") == f"/{language}/index.html"


# -- Nothing from elsewhere ------------------------------------------------------


def test_nothing_is_loaded_from_other_hosts(tab):
    """Every page, both languages, search included: all requests stay on 127.0.0.1."""
    requests = []
    tab.context.on("request", lambda request: requests.append(request.url))
    for language in LANGUAGES:
        for page in [*SEARCH_PAGES, "search"]:
            tab.goto(f"/{language}/{page}.html")
        search(tab, language, "TaskGroup")
    elsewhere = sorted(
        {
            url
            for url in requests
            if not url.startswith(("data:", "blob:", "about:"))
            and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert elsewhere == []
