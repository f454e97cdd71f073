"""The API reference owns asyncio.TaskGroup; the Python docs are linked, offline."""

import importlib.util

import pytest
from conftest import DOCS, LANGUAGES, PAGES
from sphinx.util.inventory import InventoryFile

import conf

# Documented on docs/reference.md, so {py:class}`asyncio.TaskGroup` lands there.
OWN_OBJECTS = {
    ("py:class", "asyncio.TaskGroup"),
    ("py:method", "asyncio.TaskGroup.create_task"),
}
PYTHON_DOCS, STORED_INVENTORY = conf.intersphinx_mapping["python"]


def python_docs_for(language: str) -> str:
    """The base URL the pages of one language must link to (conf.py)."""
    return conf.intersphinx_language_uris.get(language, {}).get("python", PYTHON_DOCS)


def anchor(name: str) -> str:
    return f"reference.html#{name}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_objects_are_in_the_sites_inventory(site, language):
    data = (site[language].html_dir / "objects.inv").read_bytes()
    inventory = InventoryFile.loads(data, uri="").data
    for role, name in sorted(OWN_OBJECTS):
        assert name in inventory.get(role, {}), f"{role} {name} missing from objects.inv"
        assert inventory[role][name].uri == anchor(name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_objects_are_in_the_general_index(site, language):
    links = {a["href"] for a in site[language].page("genindex").select("a[href]")}
    missing = [name for _, name in sorted(OWN_OBJECTS) if anchor(name) not in links]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_python_reference_resolves(site, language):
    """A {py:...} role that finds no target is plain code: name the page and the text."""
    unresolved = [
        f"{page}: {code.get_text()}"
        for page in PAGES
        for code in site[language].page(page).select("article code.xref.py")
        if code.find_parent("a") is None
    ]
    assert unresolved == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_pages_link_to_the_reference(site, language):
    linked = {
        a["href"]
        for page in PAGES
        if page != "reference"
        for a in site[language].page(page).select("article a.reference.internal[href]")
    }
    assert {anchor(name) for _, name in OWN_OBJECTS} <= linked


@pytest.mark.parametrize("language", LANGUAGES)
def test_python_docs_links_match_the_language(site, language):
    expected = python_docs_for(language)
    # Intersphinx links carry a title ("(in Python v3)", translated); links
    # written by hand in the text do not.
    hrefs = [
        a["href"]
        for a in site[language].page("reference").select("article a.reference.external[title]")
        if "Python" in a["title"]
    ]
    assert hrefs, "the reference page links to the Python docs through intersphinx"
    assert [href for href in hrefs if not href.startswith(expected)] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_python_docs_link_is_in_the_pages_language(site, language):
    """Links written by hand in the text too, whatever Python version they name."""
    site_root = "https://docs.python.org/"
    edition = python_docs_for(language).removesuffix("3/")
    wrong = [
        f"{page}: {a['href']}"
        for page in PAGES
        for a in site[language].page(page).select("article a[href^='https://docs.python.org/']")
        if not a["href"].startswith(edition) or (edition == site_root and "/zh-cn/" in a["href"])
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_inventory_is_read_from_the_stored_file(site, language):
    """No download: the build works offline and makes the same links every time."""
    assert "://" not in STORED_INVENTORY
    assert (
        f"loading intersphinx inventory 'python' from {STORED_INVENTORY}"
        in (site[language].logs["html"])
    )


def test_stored_inventory_matches_its_table():
    path = DOCS / "_intersphinx" / "make_python3_inv.py"
    spec = importlib.util.spec_from_file_location("make_python3_inv", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / STORED_INVENTORY) == module.INVENTORY
    assert module.main(["--check"]) == 0, f"run {path.relative_to(DOCS.parent)} again"
