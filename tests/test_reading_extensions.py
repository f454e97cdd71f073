"""Unit tests of the reading-experience extensions, on a tiny project.

tests/roots/test-reading/ uses the site's theme, templates and static files,
with its own pages; catalogs are made in each test (sphinx-design's way), so
these tests do not depend on how far locale/ has come.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace
from xml.etree import ElementTree

import polib
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from taskgroup_guide_ext import ebook
from taskgroup_guide_ext.bilingual import escape_script_text
from taskgroup_guide_ext.chinese_search import glossary_words
from taskgroup_guide_ext.contribute_links import file_link, web_address
from taskgroup_guide_ext.glossary_table import glossary_rows
from taskgroup_guide_ext.language_links import language_base, page_url
from taskgroup_guide_ext.notfound import absolute
from taskgroup_guide_ext.opengraph import shorten
from taskgroup_guide_ext.site_languages import bcp47, native_name, og_locale, rtd_code

CJK = re.compile(r"[\u4e00-\u9fff]")
TRANSLATED = {
    "Tiny guide": "小指南",
    "A task group waits for every zebra task it started.": "任务组会等待它启动的每一个任务。",
    "`TaskGroup`": "`TaskGroup`",  # the same in both: nothing to reveal
    "Read {doc}`the deep page <guide/deep>` next, or the [section below](#a-section).": (
        "接下来请读{doc}`深层页面 <guide/deep>`，或[下面一节](#a-section)。"
    ),
    "A section": "一节",
    "An item in a list.": "列表中的一项。",
}


@pytest.fixture
def project(tmp_path, rootdir):
    src = tmp_path / "reading"
    shutil.copytree(rootdir / "test-reading", src)
    return src


def write_catalog(src, page, entries, language="zh_CN"):
    po = polib.POFile()
    # The header the build requires of a catalog (catalog_gate).
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = src / "locale" / language / "LC_MESSAGES" / f"{page}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def build(make_app, src, language="zh_CN", builder="html", **overrides):
    # Each builder and language its own build dir, as `make` has.
    app = make_app(
        builder,
        srcdir=src,
        builddir=src / "_build" / f"{builder}-{language}",
        confoverrides={"language": language, **overrides},
    )
    app.build()
    assert app.statuscode == 0
    return app


def page(app, name):
    return BeautifulSoup((app.outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def search_index(app):
    text = (app.outdir / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


# -- site_languages -------------------------------------------------------------


@pytest.mark.parametrize(
    "code, tag, rtd, locale, name",
    [
        ("en", "en", "en", "en_US", "English"),
        ("zh_CN", "zh-CN", "zh-cn", "zh_CN", "简体中文"),
        ("ja", "ja", "ja", "ja_JP", "日本語"),
        ("pt_BR", "pt-BR", "pt-br", "pt_BR", "Português (Brasil)"),
    ],
)
def test_language_codes(code, tag, rtd, locale, name):
    assert (bcp47(code), rtd_code(code), og_locale(code), native_name(code)) == (
        tag,
        rtd,
        locale,
        name,
    )


# -- language_links ---------------------------------------------------------------


def config(language, baseurl=""):
    return SimpleNamespace(language=language, html_baseurl=baseurl)


@pytest.mark.parametrize(
    "baseurl, language, other, expected",
    [
        (
            "https://guide.readthedocs.io/en/latest/",
            "en",
            "zh_CN",
            "https://guide.readthedocs.io/zh-cn/latest/",
        ),
        (
            "https://guide.readthedocs.io/zh-cn/latest/",
            "zh_CN",
            "en",
            "https://guide.readthedocs.io/en/latest/",
        ),
        (
            "https://docs.example.org/zh-cn/stable",
            "zh_CN",
            "ja",
            "https://docs.example.org/ja/stable/",
        ),
        # No language in the address: nothing to swap, links stay relative.
        ("https://guide.example.org/", "en", "zh_CN", None),
        ("", "en", "zh_CN", None),
    ],
)
def test_language_base(baseurl, language, other, expected):
    assert language_base(config(language, baseurl), other) == expected


@pytest.mark.parametrize(
    "target, expected",
    [
        ("index.html", "../zh_CN/index.html"),
        ("guide/deep.html", "../../zh_CN/guide/deep.html"),
        ("a/b/c.html", "../../../zh_CN/a/b/c.html"),
    ],
)
def test_local_page_url_climbs_out_of_the_language(target, expected):
    assert page_url(config("en"), target, "zh_CN") == expected


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_switcher_and_hreflang_on_every_page(make_app, project, language):
    app = build(make_app, project, language=language)
    for name, up in [("index", "../"), ("guide/deep", "../../")]:
        soup = page(app, name)
        links = {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")}
        others = {"en", "zh-CN"} - {bcp47(language)}
        assert links == {tag: f"{up}{tag.replace('-', '_')}/{name}.html" for tag in others}
        current = soup.select_one(".language-switcher .current")
        assert current.get_text() == native_name(language) and current["lang"] == bcp47(language)
        alternates = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate]")}
        assert alternates == {
            "en": f"{up}en/{name}.html",
            "zh-CN": f"{up}zh_CN/{name}.html",
            "x-default": f"{up}en/{name}.html",
        }
        # Under the site's name in furo's sidebar, before the search box.
        brand = soup.select_one(".sidebar-brand")
        assert brand.find_next(["nav", "form"])["class"] == ["language-switcher"]


def test_read_the_docs_links_are_absolute(make_app, project):
    app = build(
        make_app,
        project,
        language="zh_CN",
        html_baseurl="https://guide.readthedocs.io/zh-cn/latest/",
    )
    soup = page(app, "guide/deep")
    assert (
        soup.select_one(".language-switcher a")["href"]
        == "https://guide.readthedocs.io/en/latest/guide/deep.html"
    )
    assert (
        soup.select_one("link[rel=canonical]")["href"]
        == "https://guide.readthedocs.io/zh-cn/latest/guide/deep.html"
    )
    assert (
        soup.select_one('meta[property="og:url"]')["content"]
        == "https://guide.readthedocs.io/zh-cn/latest/guide/deep.html"
    )


def test_template_labels_are_translated(make_app, project):
    """The templates' words come from the project's sphinx.po, like Sphinx's own."""
    write_catalog(project, "index", TRANSLATED)
    write_catalog(
        project,
        "sphinx",
        {
            "Languages": "语言",
            "Show the English original": "显示英文原文",
            "On this page": "本页内容",
            "Tiny Guide": "小指南",
            "Toggle site navigation sidebar": "切换导航侧边栏",
            "Light mode": "浅色模式",
        },
    )
    app = build(make_app, project, html_title="Tiny Guide")
    soup = page(app, "index")
    assert soup.select_one(".language-switcher")["aria-label"] == "语言"
    assert soup.select_one("button.original-toggle")["data-label"] == "显示英文原文"
    assert soup.select_one(".toc-title").get_text(strip=True) == "本页内容"  # furo's own
    # Furo's own English labels, which page.html translates.
    assert soup.select_one("input#__navigation")["aria-label"] == "切换导航侧边栏"
    assert "浅色模式" in [t.get_text() for t in soup.select("svg title")]
    assert "Dark mode" in [t.get_text() for t in soup.select("svg title")]  # no translation
    # The site's title, wherever the theme and opengraph.py show it.
    assert soup.select_one(".sidebar-brand-text").get_text(strip=True) == "小指南"
    assert soup.select_one('meta[property="og:site_name"]')["content"] == "小指南"
    deep = page(app, "guide/deep")
    assert deep.title.get_text().endswith(" - 小指南")


def test_footer_is_translated(make_app, project):
    """The copyright holder (a config value) and furo's English possessive
    ("@pradyunsg's Furo", outside furo's gettext blocks) come from sphinx.po."""
    write_catalog(
        project,
        "sphinx",
        {"2026, Tiny Guide authors": "2026，小指南作者", "%(author)s's": "%(author)s 的"},
    )
    app = build(make_app, project, copyright="2026, Tiny Guide authors")
    footer = page(app, "index").select_one(".bottom-of-page .left-details")
    assert footer.select_one(".copyright").get_text(strip=True).endswith("2026，小指南作者")
    text = " ".join(footer.get_text().split())
    assert "@pradyunsg 的 Furo" in text and "'s" not in text
    # The author's link is the same element as on the English page.
    assert footer.select_one('a.muted-link[href="https://pradyunsg.me"]').get_text() == "@pradyunsg"


def test_footer_stays_english_without_a_translation(make_app, project):
    app = build(make_app, project, language="en", copyright="2026, Tiny Guide authors")
    footer = page(app, "index").select_one(".bottom-of-page .left-details")
    text = " ".join(footer.get_text().split())
    assert "Copyright © 2026, Tiny Guide authors" in text
    assert "Made with Sphinx and @pradyunsg's Furo" in text


def test_theme_messages_reach_sphinx_pot(make_app, project):
    app = build(
        make_app,
        project,
        language="en",
        builder="gettext",
        html_title="Tiny Guide",
        copyright="2026, Tiny Guide authors",
    )
    msgids = {entry.msgid for entry in polib.pofile(str(app.outdir / "sphinx.pot"))}
    assert "Tiny Guide" in msgids  # the site's title, from the configuration
    assert "2026, Tiny Guide authors" in msgids  # the footer's copyright line
    assert "%(author)s's" in msgids  # docs/_templates/page.html, the footer's possessive
    assert {
        "Languages",
        "Show the English original",
        "Toggle site navigation sidebar",
        "Light mode",
    } <= msgids  # docs/_templates
    assert {"On this page", "Back to top", "Skip to content"} <= msgids  # furo's


def test_sphinx_pot_does_not_depend_on_where_the_theme_is(make_app, tmp_path, monkeypatch):
    """With the venv (so furo) inside the repository or outside it, one sphinx.pot.

    The site's templates sit between the two places furo is put: a path that
    sorts before them (like .venv/ next to docs/) and one that sorts after.
    """
    from taskgroup_guide_ext import theme_messages

    furo = theme_messages.theme_folder("furo")
    templates = tmp_path / "m" / "_templates"
    shutil.copytree(ROOT / "docs" / "_templates", templates)
    pots = []
    for place in ("a-venv", "z-venv"):
        theme = tmp_path / place / "furo"
        shutil.copytree(furo, theme)
        monkeypatch.setattr(theme_messages, "theme_folder", lambda name, theme=theme: theme)
        src = tmp_path / f"project-{place}"
        shutil.copytree(ROOT / "tests" / "roots" / "test-reading", src)
        app = build(
            make_app, src, language="en", builder="gettext", templates_path=[str(templates)]
        )
        pots.append([entry.msgid for entry in polib.pofile(str(app.outdir / "sphinx.pot"))])
    assert {"Languages", "On this page"} <= set(pots[0])  # ours and furo's
    assert pots[0] == pots[1]


# -- ebook: the EPUB is a book, not the web site -------------------------------


def test_epub_has_the_translation_alone_and_says_its_language(make_app, project):
    write_catalog(project, "index", TRANSLATED)
    write_catalog(project, "sphinx", {"Tiny Guide": "小指南", "A tiny book.": "一本小书。"})
    app = build(
        make_app,
        project,
        builder="epub",
        version="1.0",
        copyright="2026",
        html_title="Tiny Guide",
        epub_description="A tiny book.",
        epub_exclude_files=["404.xhtml"],
    )
    assert app.warning.getvalue() == ""
    out = app.outdir
    opf = (out / "content.opf").read_text("utf-8")
    assert "<dc:title>小指南</dc:title>" in opf
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert "<dc:description>一本小书。</dc:description>" in opf
    assert "unknown" not in opf  # Sphinx's default identifier, description, contributor
    assert "404.xhtml" not in opf
    identifier = re.search(r"<dc:identifier id=\"([^\"]+)\">([^<]+)<", opf)
    assert identifier[1] == identifier[2] == ebook.book_identifier("Tiny Guide", "zh_CN")
    assert ebook.book_identifier("Tiny Guide", "en") != identifier[2]
    assert 'content="' + identifier[2] + '"' in (out / "toc.ncx").read_text("utf-8")
    assert "<h1>目录</h1>" in (out / "nav.xhtml").read_text("utf-8")
    index = (out / "index.xhtml").read_text("utf-8")
    assert (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'lang="zh-CN" xml:lang="zh-CN">' in index
    )
    assert "任务组会等待它启动的每一个任务。" in index
    # The web site's parts stay out: no hidden English, no switch, no language
    # links, no Open Graph tags (none would work in a book).
    assert "zebra" not in index and "original-toggle" not in index
    assert "hreflang" not in index and "language-switcher" not in index
    assert "og:" not in index


def test_epub_manifest_declares_pages_with_svg(tmp_path):
    (tmp_path / "a.xhtml").write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        '<svg xmlns="http://www.w3.org/2000/svg"/></body></html>',
        "utf-8",
    )
    (tmp_path / "b%20c.xhtml").write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>no picture</p></body></html>', "utf-8"
    )
    (tmp_path / "content.opf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><manifest>'
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="b" href="b%2520c.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c" href="_static/x.css" media-type="text/css"/>'
        "</manifest></package>",
        "utf-8",
    )
    assert ebook.declare_svg_pages(tmp_path / "content.opf") == ["a.xhtml"]
    opf = (tmp_path / "content.opf").read_text("utf-8")
    assert (
        '<item id="a" href="a.xhtml" media-type="application/xhtml+xml" properties="svg" />' in opf
    )
    assert '<item id="b" href="b%2520c.xhtml" media-type="application/xhtml+xml" />' in opf


# -- bilingual --------------------------------------------------------------------


def test_translated_paragraphs_keep_their_original(make_app, project):
    write_catalog(project, "index", TRANSLATED)
    app = build(make_app, project)
    soup = page(app, "index")
    kept = soup.select("article script.original")
    english = [BeautifulSoup(s.string, "html.parser").get_text(" ", strip=True) for s in kept]
    assert english == [
        "Tiny guide",  # the headings' too
        "A task group waits for every zebra task it started.",
        "Read the deep page next, or the section below .",
        "A section",
        "An item in a list.",
    ]  # not the untranslated paragraph, nor the one that reads the same
    assert all(s["type"] == "text/html" and s["data-lang"] == "en" for s in kept)
    # Each original follows its translation.
    assert kept[0].find_previous_sibling().name == "h1"
    assert kept[1].find_previous_sibling().get_text() == "任务组会等待它启动的每一个任务。"
    # Links in the original still work: the same targets as the translation's.
    original_links = [a["href"] for a in BeautifulSoup(kept[2].string, "html.parser").select("a")]
    assert original_links == ["guide/deep.html", "#a-section"]
    # Not page text: neither to HTML parsers nor to the search index.
    assert "zebra" not in soup.select_one("article").get_text()
    assert "zebra" not in search_index(app)["terms"]
    assert soup.select_one("button.original-toggle[hidden]") is not None
    assert soup.select_one('script[src*="bilingual.js"]') is not None
    # Code blocks are not copied.
    assert len(soup.select("div.highlight")) == 1


DEEP = {
    "Deep page": "深层页面",
    "This page sits in a folder.": "本页位于一个文件夹中。",
    'The "captions" and notes': "“题注”与说明",
    "Greet the reader -- once": "问候读者一次",
    "Task groups arrived.": "任务组来了。",
    "A titled note": "一条有标题的说明",
    "Text of the note.": "说明的正文。",
}


def original_of(element):
    """The English original that follows *element* (or None), as a parsed fragment."""
    script = element.find_next_sibling()
    if script is None or script.name != "script" or "original" not in script.get("class", []):
        return None, None
    return script, BeautifulSoup(script.string.replace("<\\", "<"), "html.parser")


def heading_text(element):
    """A heading's or caption's text as a reader reads it, less its "¶" permalink."""
    element = BeautifulSoup(str(element), "html.parser")
    for link in element.select("a.headerlink"):
        link.decompose()
    return element.get_text().strip()


@pytest.fixture
def version_labels(monkeypatch):
    """Sphinx's version labels translated when used, as in a process of one build.

    sphinx/domains/changeset.py translates them when it is imported, if a
    build has set up translations by then: in a test process, in the
    language of whichever build came first.
    """
    from sphinx.domains import changeset
    from sphinx.locale import _TranslationProxy
    from taskgroup_guide_ext.bilingual import VERSION_LABELS

    monkeypatch.setattr(
        changeset,
        "versionlabels",
        {
            name: _TranslationProxy("sphinx", "general", label)
            for name, label in VERSION_LABELS.items()
        },
    )


def test_headings_captions_and_version_notes_keep_their_original(make_app, project, version_labels):
    """Each has its English original, as the English page has it, marked English,
    after it (never inside it: not a heading, not in the table of contents,
    no id, the permalink intact), out of the search index and of other outputs."""
    write_catalog(project, "guide/deep", DEEP)
    # English first: Sphinx keeps a process's translators (sphinx.locale.translators).
    english = page(build(make_app, project, language="en"), "guide/deep")
    app = build(make_app, project)
    # (A second app in one process re-registers Sphinx's nodes: not ours to warn about.)
    assert [
        line for line in app.warning.getvalue().splitlines() if "is already registered" not in line
    ] == []
    soup = page(app, "guide/deep")
    article, en_article = soup.select_one("article"), english.select_one("article")

    pairs = [
        (soup.select_one("h1"), en_article.select_one("h1")),
        (soup.select_one("h2"), en_article.select_one("h2")),
        (soup.select_one(".code-block-caption"), en_article.select_one(".code-block-caption")),
        (soup.select_one("p.admonition-title"), en_article.select_one("p.admonition-title")),
    ]
    for translated, source in pairs:
        script, kept = original_of(translated)
        assert script is not None, f"no original after {translated}"
        assert script["type"] == "text/html" and script["data-lang"] == "en"
        assert kept.get_text() == heading_text(source)
        assert heading_text(translated) != heading_text(source) and CJK.search(
            heading_text(translated)
        )
        # A paragraph, not a heading or caption; no ids, no permalink of its own.
        assert [tag.name for tag in kept.find_all(True, recursive=False)] == ["p"]
        assert kept.select("h1, h2, h3, h4, h5, h6, [id], a.headerlink, .caption-text") == []
    # Smart quotes and dashes as on the English page, which Chinese pages do without.
    assert original_of(soup.select_one("h2"))[1].get_text() == "The \u201ccaptions\u201d and notes"
    assert (
        original_of(soup.select_one(".code-block-caption"))[1].get_text()
        == "Greet the reader \u2013 once"
    )
    # The headings keep their permalink, and the tables of contents are the English one's.
    h2 = soup.select_one("h2")
    assert h2.select_one("a.headerlink")["href"] == "#" + h2.parent["id"]
    assert len(soup.select(".toc-tree a")) == len(english.select(".toc-tree a")) == 2
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    # The code caption's original sits in the code block's wrapper, before the code.
    caption = soup.select_one(".code-block-caption")
    assert caption.find_next_sibling("div")["class"][0] == "highlight-python"

    # Version notes: label and text as the English page words them.
    notes = soup.select("div.versionadded, div.versionchanged")
    en_notes = en_article.select("div.versionadded, div.versionchanged")
    assert len(notes) == len(en_notes) == 2
    for note, en_note in zip(notes, en_notes):
        script, kept = original_of(note.select_one("p"))
        assert script["data-lang"] == "en"
        assert kept.get_text() == en_note.select_one("p").get_text()
        assert kept.get_text() != note.select_one("p").get_text()
    assert en_notes[0].select_one("p").get_text() == "Added in version 3.11: Task groups arrived."
    assert en_notes[1].select_one("p").get_text() == "Changed in version 3.13."
    assert "任务组来了。" in notes[0].get_text()
    # cjk_punctuation gives the page's label Chinese punctuation, not the original's.
    assert notes[1].select_one("p").get_text().endswith("。")

    # Out of the page's text and of the search index.
    assert "Greet" not in article.get_text() and "titled" not in article.get_text()
    terms = search_index(app)
    assert "greet" not in terms["terms"] and "caption" not in terms["terms"]
    assert "titl" not in terms["titleterms"] and "caption" not in terms["titleterms"]
    # The EPUB has the translation alone.
    epub = build(
        make_app,
        project,
        builder="epub",
        version="1.0",
        copyright="2026",
        epub_exclude_files=["404.xhtml"],
    )
    book = (epub.outdir / "guide" / "deep.xhtml").read_text("utf-8")
    assert "问候读者一次" in book and "Greet" not in book and "Task groups arrived" not in book


def test_untranslated_heading_has_no_original(make_app, project):
    write_catalog(
        project,
        "guide/deep",
        {"Deep page": "深层页面", "Greet the reader -- once": "Greet the reader -- once"},
    )
    soup = page(build(make_app, project), "guide/deep")
    assert original_of(soup.select_one("h1"))[0] is not None
    for element in (
        soup.select_one("h2"),
        soup.select_one(".code-block-caption"),
        soup.select_one("div.versionadded p"),
    ):
        assert original_of(element)[0] is None  # untranslated, or translated to the same text


def test_no_originals_without_translation(make_app, project):
    app = build(make_app, project, language="en")
    soup = page(app, "index")
    assert soup.select("script.original, button.original-toggle, script[src*='bilingual.js']") == []
    app = build(make_app, project)  # zh_CN, no catalogs at all
    assert page(app, "index").select("script.original") == []


def test_originals_stay_out_of_catalogs_and_other_outputs(make_app, project):
    write_catalog(project, "index", TRANSLATED)
    app = build(make_app, project, builder="text")
    text = (app.outdir / "index.txt").read_text("utf-8")
    assert "任务组会等待" in text and "zebra" not in text
    app = build(make_app, project, language="en", builder="gettext")
    msgids = [entry.msgid for entry in polib.pofile(str(app.outdir / "index.pot"))]
    assert len(msgids) == len(set(msgids))


def test_script_text_cannot_end_early():
    markup = "<p>Write </script> or <!-- in prose</p>"
    escaped = escape_script_text(markup)
    assert "</script" not in escaped.lower() and "<!--" not in escaped
    assert escaped.replace("<\\", "<") == markup  # what bilingual.js undoes


# -- chinese_search ------------------------------------------------------------------


def test_glossary_terms_are_words_in_the_index(make_app, project):
    write_catalog(
        project,
        "index",
        {
            **TRANSLATED,
            "A task group waits for every zebra task it started.": (
                "任务组会等待它启动的每一个任务；异步上下文管理器也是这样。"
            ),
        },
    )
    glossary = project / "locale" / "zh_CN" / "glossary.csv"
    glossary.write_text(
        "term,translation,note\ntask group,任务组,\n"
        "context manager,上下文管理器,\nTaskGroup,TaskGroup,a class\n",
        "utf-8",
    )
    app = build(make_app, project)
    terms = search_index(app)["terms"]
    assert "任务组" in terms  # jieba alone cuts it into 任务 + 组
    assert "上下文管理器" in terms  # inside 异步上下文管理器
    language_data = (app.outdir / "_static" / "language_data.js").read_text("utf-8")
    assert "window.Stemmer = EnglishStemmer;" in language_data  # sphinx-doc/sphinx#14229
    assert "function splitQuery(query)" in language_data


# Builds the tiny project in a fresh process and says whether jieba loaded
# its dictionary (jieba's state is per process: this one's has been used).
BUILD_AND_REPORT_JIEBA = """
import sys
import jieba
from sphinx.application import Sphinx
src = sys.argv[1]
app = Sphinx(src, src, src + "/_build/html", src + "/_build/doctrees", "html",
             confoverrides={"language": "zh_CN"}, status=None, warning=sys.stderr)
app.build()
print(jieba.dt.initialized)
"""


def test_a_build_that_indexes_no_page_leaves_jiebas_dictionary_alone(project):
    """Loading it costs 0.6 s; a rebuild with nothing changed doesn't need it."""
    write_catalog(project, "index", TRANSLATED)
    glossary = project / "locale" / "zh_CN" / "glossary.csv"
    glossary.write_text("term,translation,note\ntask group,任务组,\n", "utf-8")
    extensions = ROOT / "tools" / "extensions"
    env = {"PYTHONPATH": f"{ROOT}:{extensions}", "PATH": "/usr/bin:/bin"}

    def build_reports_jieba() -> str:
        proc = subprocess.run(
            [sys.executable, "-P", "-c", BUILD_AND_REPORT_JIEBA, str(project)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip()

    assert build_reports_jieba() == "True"  # pages indexed: the dictionary is needed
    assert build_reports_jieba() == "False"  # nothing changed, nothing indexed


def test_glossary_words(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text(
        "term,translation,note\nevent loop,事件循环,\nFuture object,Future 对象,x\n"
        "TaskGroup,TaskGroup,\n",
        "utf-8",
    )
    assert glossary_words(path) == {"事件循环", "对象"}


# -- notfound ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("_static/furo.css?v=1", "/en/latest/_static/furo.css?v=1"),
        ("./", "/en/latest/"),
        ("guide/deep.html#part", "/en/latest/guide/deep.html#part"),
        ("../zh_CN/index.html", "/en/zh_CN/index.html"),
        ("#top", "#top"),
        ("/elsewhere.html", "/elsewhere.html"),
        ("https://docs.python.org/3/", "https://docs.python.org/3/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
    ],
)
def test_absolute(url, expected):
    assert absolute(url, "/en/latest/") == expected


@pytest.mark.parametrize(
    "overrides, prefix",
    [
        ({}, "/zh_CN/"),
        ({"html_baseurl": "https://guide.readthedocs.io/zh-cn/latest/"}, "/zh-cn/latest/"),
    ],
)
def test_404_page_works_at_any_depth(make_app, project, overrides, prefix):
    app = build(make_app, project, **overrides)
    soup = page(app, "404")
    urls = [tag.get(attr) for attr in ("href", "src", "action") for tag in soup.select(f"[{attr}]")]
    relative = [u for u in urls if not u.startswith(("/", "#", "https:", "http:"))]
    assert relative == []
    assert soup.html["data-content_root"] == prefix
    assert soup.select_one("article p a")["href"] == f"{prefix}index.html"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select("link[rel=alternate]") == []  # no same page in other languages
    switch = soup.select_one(".language-switcher a")["href"]
    assert switch.endswith("/en/index.html") or switch.endswith("/en/latest/index.html")
    index = search_index(app)  # nosearch: a search never lands on it
    doc = index["docnames"].index("404")
    hits = [
        term
        for mapping in (index["terms"], index["titleterms"])
        for term, docs in mapping.items()
        if doc in (docs if isinstance(docs, list) else [docs])
    ]
    assert hits == []


# -- opengraph ----------------------------------------------------------------------------


def meta(soup, key):
    tag = soup.select_one(f'meta[property="{key}"]') or soup.select_one(f'meta[name="{key}"]')
    return tag and tag["content"]


def test_open_graph_in_each_language(make_app, project):
    write_catalog(project, "index", TRANSLATED)
    write_catalog(
        project,
        "guide/deep",
        {
            "A page two levels down, for links that climb.": "往下两层的页面，用来测试向上的链接。",
            "Deep page": "深层页面",
        },
    )
    english, chinese = page(build(make_app, project, language="en"), "index"), None
    assert meta(english, "og:title") == "Tiny guide"
    assert meta(english, "og:description") == "A task group waits for every zebra task it started."
    assert meta(english, "description") == meta(english, "og:description")
    assert (meta(english, "og:locale"), meta(english, "og:locale:alternate")) == ("en_US", "zh_CN")
    assert meta(english, "og:type") == "website" and meta(english, "og:url") is None

    app = build(make_app, project)
    chinese, deep = page(app, "index"), page(app, "guide/deep")
    assert meta(chinese, "og:title") == "小指南"
    assert meta(chinese, "og:description") == "任务组会等待它启动的每一个任务。"
    assert (meta(chinese, "og:locale"), meta(chinese, "og:locale:alternate")) == ("zh_CN", "en_US")
    # The page's own description, translated through its catalog.
    assert meta(deep, "og:description") == "往下两层的页面，用来测试向上的链接。"
    assert len(deep.select('meta[name="description"]')) == 1
    assert meta(deep, "og:type") == "article"


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("Short enough.", 40, "Short enough."),
        ("One two three four five six seven", 20, "One two three four…"),
        ("任务组会等待它启动的每一个任务，然后引发异常组。", 30, "任务组会等待它启动的每一个任务…"),
    ],
)
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected


# -- contribute_links ------------------------------------------------------------


@pytest.mark.parametrize(
    "clone, expected",
    [
        ("https://github.com/owner/guide.git", "https://github.com/owner/guide"),
        ("git@github.com:owner/guide.git", "https://github.com/owner/guide"),
        ("ssh://git@gitlab.com/group/guide.git", "https://gitlab.com/group/guide"),
        ("https://codeberg.org/owner/guide/", "https://codeberg.org/owner/guide"),
        ("", ""),
    ],
)
def test_web_address(clone, expected):
    assert web_address(clone) == expected


@pytest.mark.parametrize(
    "repo, expected",
    [
        ("https://github.com/o/g", "https://github.com/o/g/edit/main/docs/a.md"),
        ("https://gitlab.com/o/g", "https://gitlab.com/o/g/-/edit/main/docs/a.md"),
        ("https://codeberg.org/o/g", "https://codeberg.org/o/g/_edit/main/docs/a.md"),
        ("https://git.example.org/o/g", "https://git.example.org/o/g"),  # unknown host: no guessing
    ],
)
def test_edit_links_per_host(repo, expected):
    assert file_link(repo, "main", "docs/a.md") == expected


def contribute(soup):
    nav = soup.select_one("nav.contribute")
    return nav and {a["class"][0]: a["href"] for a in nav.select("a")}


def test_no_repository_no_links(make_app, project, monkeypatch):
    monkeypatch.delenv("READTHEDOCS_GIT_CLONE_URL", raising=False)
    app = build(make_app, project, language="en")
    assert contribute(page(app, "index")) is None


def test_edit_and_translate_links(make_app, project, monkeypatch):
    monkeypatch.delenv("READTHEDOCS_GIT_CLONE_URL", raising=False)
    monkeypatch.delenv("READTHEDOCS_GIT_IDENTIFIER", raising=False)
    write_catalog(project, "index", TRANSLATED)
    write_catalog(project, "sphinx", {"Improve this translation": "改进此翻译"})
    repo = "https://github.com/owner/guide"
    en = build(make_app, project, language="en", repository_url=repo + ".git")
    assert contribute(page(en, "index")) == {
        "edit-page": f"{repo}/edit/main/index.md",
        "repository": repo,
    }
    assert contribute(page(en, "guide/deep"))["edit-page"] == f"{repo}/edit/main/guide/deep.md"
    assert contribute(page(en, "search")) == {"repository": repo}  # nothing to edit
    zh = build(make_app, project, repository_url=repo)
    links = contribute(page(zh, "index"))
    assert links == {
        "edit-page": f"{repo}/edit/main/index.md",
        "improve-translation": f"{repo}/edit/main/locale/zh_CN/LC_MESSAGES/index.po",
        "repository": repo,
    }
    assert page(zh, "index").select_one("a.improve-translation").get_text() == "改进此翻译"
    # No catalog for this page yet: nothing to improve.
    assert "improve-translation" not in contribute(page(zh, "guide/deep"))


def test_read_the_docs_repository_wins(make_app, project, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", "git@gitlab.com:team/guide.git")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "stable")
    app = build(make_app, project, language="en", repository_url="https://github.com/other/x")
    assert contribute(page(app, "index")) == {
        "edit-page": "https://gitlab.com/team/guide/-/edit/stable/index.md",
        "repository": "https://gitlab.com/team/guide",
    }


# -- glossary_table ----------------------------------------------------------------


def test_glossary_columns_are_read_by_name(tmp_path):
    """A column added to the CSV (and moved ones) change nothing."""
    path = tmp_path / "glossary.csv"
    path.write_text(
        "note,term,avoid,translation\n"
        'a note,task group,任务分组,任务组\n,,,\n"with, comma",event loop,,事件循环\n',
        encoding="utf-8",
    )
    assert glossary_rows(path) == [
        {"term": "task group", "translation": "任务组", "note": "a note"},
        {"term": "event loop", "translation": "事件循环", "note": "with, comma"},
    ]
    path.write_text("term,note\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column translation"):
        glossary_rows(path)


# -- sitemap --------------------------------------------------------------------


def test_sitemap_with_hreflang_alternates(make_app, project):
    app = build(
        make_app,
        project,
        language="zh_CN",
        html_baseurl="https://guide.readthedocs.io/zh-cn/latest/",
    )
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ElementTree.parse(app.outdir / "sitemap.xml").getroot()
    urls = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in sitemap.findall("s:url", ns)
    }
    base = "https://guide.readthedocs.io/{}/latest/"
    assert sorted(urls) == [
        base.format("zh-cn") + "guide/deep.html",
        base.format("zh-cn") + "index.html",
    ]
    assert urls[base.format("zh-cn") + "guide/deep.html"] == {
        "en": base.format("en") + "guide/deep.html",
        "zh-CN": base.format("zh-cn") + "guide/deep.html",
        "x-default": base.format("en") + "guide/deep.html",
    }


def test_no_sitemap_without_an_address(make_app, project):
    """A sitemap needs absolute addresses: none is made up."""
    app = build(make_app, project, language="en")
    assert not (app.outdir / "sitemap.xml").exists()
