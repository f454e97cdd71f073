"""Accessibility (WCAG 2.2 AA) in headless Chromium: axe-core on every page, and the keyboard.

axe-core is the npm registry's (package.json pins it; `make test` installs it
into node_modules/), injected into each page of each language at a phone's
and a desktop's width in the light scheme, and at desktop width in the dark
one too: on the page already loaded, after the light run, the browser is
told the reader prefers dark (as the operating system would say it), and
axe runs again once the page has turned dark. Browser, server and fixtures:
tests/browser.py.
"""

from __future__ import annotations

import pytest
from browser import (
    AXE,
    DESKTOP,
    PHONE,
    needs_chromium,
    new_page,
    screenshot,
)
from conftest import LANGUAGES, PAGES

pytestmark = needs_chromium
# The rules axe-core files under WCAG 2.0-2.2 A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Violations of impact "minor" or "moderate" that are accepted, with the reason;
# serious and critical ones never are. None is left today: a new one fails the
# test until it is fixed or given its reason here.
JUSTIFIED: dict[str, str] = {}
# Every page a reader can reach; the search page with results in it.
ALL_PAGES = [f"{page}.html" for page in PAGES] + ["genindex.html", "search.html?q=TaskGroup"]
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# The dark scheme changes colours only: checked at one width, on every page.
DARK_WIDTH = "desktop"
# What shows that a scheme applies: the colours of the page and of its text
# (furo's variables, set by prefers-color-scheme while data-theme is "auto",
# its default), once any transition between the two has ended.
COLOURS = """async () => {
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
    const body = getComputedStyle(document.body);
    return {theme: document.body.dataset.theme, background: body.backgroundColor,
            text: body.color};
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: `make test` installs axe-core (npm ci), or run `make node_modules`"
        )
    return AXE.read_text("utf-8")


def axe_violations(tab, axe_source: str) -> list[dict]:
    if not tab.evaluate("typeof axe !== 'undefined'"):  # once per loaded page
        tab.add_script_tag(content=axe_source)
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [" ".join(node["target"]) for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def not_accepted(violations: list[dict]) -> list[dict]:
    """The serious and critical violations, and any other without a reason in JUSTIFIED."""
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    unexplained = [v for v in violations if v["id"] not in JUSTIFIED]
    return serious + [v for v in unexplained if v not in serious]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_on_any_page(browser, base_url, axe_source, language, width):
    """Every page, light; at DARK_WIDTH dark as well, on the same loaded page."""
    tab = new_page(browser, base_url, WIDTHS[width], color_scheme="light")
    found = {}
    try:
        for page in ALL_PAGES:
            tab.emulate_media(color_scheme="light")  # the last page left it dark
            tab.goto(f"/{language}/{page}")
            if page.startswith("search"):
                tab.wait_for_function("document.querySelector('#search-results .search-summary')")
            tab.evaluate("document.fonts.ready")
            light = tab.evaluate(COLOURS)
            if problems := not_accepted(axe_violations(tab, axe_source)):
                found[page] = problems
            if width != DARK_WIDTH:
                continue
            tab.emulate_media(color_scheme="dark")
            dark = tab.evaluate(COLOURS)
            # axe's verdict counts only if the page did turn dark (furo's
            # "auto" follows the scheme; a remembered "light" would not).
            assert dark["theme"] in ("auto", "dark"), (page, dark)
            assert dark["background"] != light["background"], (page, light, dark)
            assert dark["text"] != light["text"], (page, light, dark)
            if problems := not_accepted(axe_violations(tab, axe_source)):
                found[f"{page} (dark)"] = problems
    finally:
        tab.context.close()
    assert found == {}


# -- The keyboard, on a phone-sized window -------------------------------------

# Where the focus is, and whether a reader can see it there: on the screen,
# not transparent (opacity of every ancestor), not hidden, and not covered
# by another element (the sticky header, a closed drawer). Transitions and
# the smooth scroll to the focus are let finish first: furo's skip link
# slides in when focused. A link that wraps is tested on its first line.
# (The sticky header must not cover the focus: guide.js scrolls it clear.)
FOCUSED = """async () => {
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    for (let still = 0, y = scrollY, i = 0; still < 3 && i < 120; i++) {
        await frame();
        still = scrollY === y ? still + 1 : 0;
        y = scrollY;
    }
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const r = [...element.getClientRects()].find(box => box.width && box.height)
        || element.getBoundingClientRect();
    let opacity = 1;
    for (let e = element; e; e = e.parentElement) opacity *= +getComputedStyle(e).opacity;
    // The middle of the part in view: a long block may not fit.
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const middle = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
    const y = Math.min(Math.max(middle, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.split(" ").join(".") : "")
        + " " + (element.getAttribute("aria-label") || element.textContent.trim().slice(0, 40));
    return {
        name,
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
            && r.top < innerHeight && r.left < innerWidth,
        opacity,
        visibility: getComputedStyle(element).visibility,
        onTop: !!top && (top === element || element.contains(top) || top.contains(element)),
    };
}"""


def tab_through(tab, limit: int = 400) -> list[dict]:
    """Press Tab until the focus leaves the page; where it was at each press."""
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(FOCUSED)
        if stop is None:
            break
        stops.append(stop)
    return stops


def invisible(stop: dict) -> bool:
    return not (
        stop["onScreen"]
        and stop["opacity"] > 0.5
        and stop["visibility"] == "visible"
        and stop["onTop"]
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["taskgroup", "compare"])
def test_tab_never_lands_on_an_invisible_element(browser, base_url, language, page):
    tab = new_page(browser, base_url, PHONE)
    try:
        tab.goto(f"/{language}/{page}.html")
        stops = tab_through(tab)
        assert len(stops) > 10, stops  # it did walk through the page
        assert [stop for stop in stops if invisible(stop)] == []
        names = [stop["name"] for stop in stops]
        # The drawers' toggles are stops; the closed drawers' links are not.
        assert any("drawer-toggle" in name and "nav-overlay-icon" in name for name in names), names
        assert any("drawer-toggle" in name and "toc-overlay-icon" in name for name in names), names
        # Every copy button is reached, and seen.
        buttons = tab.evaluate("document.querySelectorAll('button.copybtn').length")
        assert buttons and sum("copybtn" in name for name in names) == buttons
    finally:
        tab.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_drawers_open_and_close_from_the_keyboard(browser, base_url, language):
    tab = new_page(browser, base_url, PHONE)
    try:
        tab.goto(f"/{language}/taskgroup.html")
        for toggle, drawer in [
            ("button.nav-overlay-icon", "#site-navigation"),
            ("button.toc-header-icon", "#page-contents"),
        ]:
            tab.focus(toggle)
            assert tab.get_attribute(toggle, "aria-expanded") == "false"
            tab.keyboard.press("Enter")
            assert tab.get_attribute(toggle, "aria-expanded") == "true"
            tab.wait_for_function(
                f"document.querySelector({drawer!r}).contains(document.activeElement)"
            )
            stop = tab.evaluate(FOCUSED)
            assert not invisible(stop), stop
            screenshot(tab, f"drawer-{drawer[1:]}-{language}.png")
            tab.keyboard.press("Escape")
            assert tab.get_attribute(toggle, "aria-expanded") == "false"
            assert tab.evaluate(f"document.activeElement.matches({toggle!r})")
            # Closed again: Tab goes on in the page, not into the drawer.
            tab.wait_for_function(
                f"getComputedStyle(document.querySelector({drawer!r})).visibility === 'hidden'"
            )
    finally:
        tab.context.close()
