"""Every language builds warning-free with -W, and every page is there."""

import pytest
from conftest import LANGUAGES, PAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_builds_without_warnings(site, language):
    build = site[language]
    assert build.returncodes["html"] == 0, "\n".join(build.warnings("html")) or build.logs["html"]
    assert build.warnings("html") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_built(site, language):
    missing = [p for p in PAGES if not (site[language].html_dir / f"{p}.html").is_file()]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_attribute(site, language):
    expected = language.replace("_", "-")
    for page in PAGES:
        assert site[language].page(page).html["lang"] == expected, page


def test_landing_page_credits_the_original_article(site):
    links = [a["href"] for a in site["en"].page("index").select("article a[href]")]
    assert "https://superfastpython.com/asyncio-taskgroup/" in links


def test_every_page_is_in_the_toctree(site):
    # Sphinx warns about orphans under -W already; this names them plainly.
    nav = site["en"].page("index").select(".sidebar-tree a.reference")
    linked = {a["href"].removesuffix(".html") for a in nav}
    # The 404 page is an orphan on purpose: it is nobody's next page.
    assert set(PAGES) - {"index", "404"} <= linked


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_code_block_ends_with_blank_lines(site, language):
    """Partial views of a script stop at its code, not at the blank lines after it."""
    padded = [
        f"{page}: …{pre.get_text()[-40:]!r}"
        for page in PAGES
        for pre in site[language].page(page).select("article div.highlight pre")
        if pre.get_text().endswith("\n\n")
    ]
    assert padded == []
