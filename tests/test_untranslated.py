"""taskgroup_guide_ext/untranslated.py on a tiny project: what lags behind is shown, and said.

The catalogs are written by each test (tests/roots/test-untranslated has
none), so the lag is made here, not committed.
"""

from __future__ import annotations

import polib
import pytest
from bs4 import BeautifulSoup
from tiny import write_catalog

CODE = 'print("hello")\n'
INDEX = {
    "A partly translated page": "部分翻译的页面",
    "A task group waits for every task it started.": "任务组会等待它启动的每一个任务。",
    # fuzzy: Sphinx shows the English
    "The English of this paragraph changed after it was translated.": (
        "这段的英文在翻译后改了。",
        True,
    ),
    "This paragraph is new and has no translation yet.": "",
    CODE: CODE,  # code without comments: translated as it is
}
FULL = {
    "A fully translated page": "完整翻译的页面",
    "Every paragraph here has its translation.": "这里的每一段都有译文。",
    CODE: CODE,
}
REFUSED = {
    "A page with a refused translation": "一个译文被拒绝的页面",
    "This paragraph is translated.": "这一段已翻译。",
    "The gate will refuse me.": "关卡会拒绝我。",
}
NOTICE_ZH = "本页有部分内容尚未翻译，暂以英文显示。"
HELP_ZH = "如何帮助翻译"


# Every test: a copy of tests/roots/test-untranslated (sphinx.testing's app),
# in Chinese unless the test says otherwise.
pytestmark = pytest.mark.sphinx(
    "html", testroot="untranslated", srcdir="untranslated", confoverrides={"language": "zh_CN"}
)


@pytest.fixture
def project(app):
    """The test's app, its copy of the root given the catalogs."""
    write_catalog(app.srcdir, INDEX, "index")
    write_catalog(app.srcdir, FULL, "full")
    write_catalog(app.srcdir, REFUSED, "refused")
    # help has no catalog at all: all of it is English
    return app


def build(app):
    app.build()
    assert app.statuscode == 0
    assert app.warning.getvalue() == ""
    return app


def page(app, name):
    html = (app.outdir / f"{name}.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def marked(soup):
    return [
        (element.name, element.get("lang"), element.get_text(" ", strip=True))
        for element in soup.select(".untranslated")
    ]


def test_untranslated_and_fuzzy_entries_show_the_english_marked(project):
    soup = page(build(project), "index")
    assert marked(soup) == [
        ("p", "en", "The English of this paragraph changed after it was translated."),
        ("p", "en", "This paragraph is new and has no translation yet."),
    ]
    # What is translated is not marked, code translated as it is included.
    assert soup.find("p", string="任务组会等待它启动的每一个任务。").get("class") is None
    assert not soup.select("div.highlight-python.untranslated")
    notice = soup.select("div.untranslated-notice")
    assert len(notice) == 1
    assert (
        notice[0]
        .get_text(" ", strip=True)
        .endswith(
            "Part of this page is not translated yet, and is shown in English. "
            "How to help translate it"
        )
    )
    assert notice[0].select_one("a")["href"] == "help.html"
    # Right below the title.
    assert notice[0].find_previous_sibling("h1").get_text(strip=True).startswith("部分翻译的页面")


def test_the_notice_follows_the_english_original_of_the_title(make_app, project):
    """With bilingual.py, the title's English original stays with the title."""
    app = make_app(
        "html",
        srcdir=project.srcdir,
        builddir=project.srcdir / "_build" / "bilingual",
        confoverrides={
            "language": "zh_CN",
            "extensions": [
                *(
                    f"taskgroup_guide_ext.{name}"
                    for name in ("literal_translation", "untranslated", "bilingual")
                ),
                "myst_parser",
            ],
        },
    )
    app.build()
    assert app.statuscode == 0
    title = page(app, "index").select_one("h1")
    after = title.find_next_sibling()
    assert after.name == "script" and "original" in after["class"]
    assert "untranslated-notice" in after.find_next_sibling()["class"]


def test_a_fully_translated_page_shows_none_of_it(project):
    soup = page(build(project), "full")
    assert soup.find("h1").get_text(strip=True).startswith("完整翻译的页面")
    assert marked(soup) == []
    assert not soup.select(".untranslated-notice")
    assert "en" not in {element.get("lang") for element in soup.select("article *")}


def test_a_page_without_a_catalog_is_all_english_and_says_so(project):
    soup = page(build(project), "help")
    assert [(name, lang) for name, lang, _ in marked(soup)] == [("h1", "en"), ("p", "en")]
    assert marked(soup)[1][2] == "Send a pull request."
    assert soup.select(".untranslated-notice")


def test_the_notice_counts_what_any_extension_marked(project):
    """The safety gate marks the entries it refuses: the notice counts them too."""
    soup = page(build(project), "refused")
    assert [text for _, _, text in marked(soup)] == ["The gate will refuse me."]
    assert soup.select(".untranslated-notice")


def test_the_notice_is_translated_through_sphinx_po(project):
    write_catalog(
        project.srcdir,
        {
            "Part of this page is not translated yet, and is shown in English.": NOTICE_ZH,
            "How to help translate it": HELP_ZH,
        },
        "sphinx",
    )
    soup = page(build(project), "index")
    notice = soup.select_one("div.untranslated-notice")
    assert NOTICE_ZH in notice.get_text() and notice.select_one("a").get_text() == HELP_ZH
    # Not indexed for search: it is not what the page is about.
    assert "no-search" in notice["class"]


@pytest.mark.sphinx(confoverrides={"language": "en"})
def test_english_pages_show_none_of_it(project):
    app = build(project)
    for name in ("index", "full", "refused", "help"):
        soup = page(app, name)
        assert marked(soup) == [] and not soup.select(".untranslated-notice")


@pytest.mark.sphinx("gettext", confoverrides={})  # the language conf.py names
def test_the_notice_words_are_in_sphinx_pot(project):
    app = project
    app.build()
    msgids = {entry.msgid for entry in polib.pofile(str(app.outdir / "sphinx.pot"))}
    assert {
        "Part of this page is not translated yet, and is shown in English.",
        "How to help translate it",
    } <= msgids
