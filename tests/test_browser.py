"""What a reader sees, in headless Chromium, on the site the session built.

The built languages are served side by side over http://127.0.0.1 (search
needs http), laid out as in _build/html/, with each language's 404 page
answering for a missing page under it, as Read the Docs does. Chromium is
Debian's (`apt-get install chromium`, see .ci/run), driven over the Chrome
DevTools Protocol with `websockets`; nothing is downloaded.

Screenshots go to _build/test-artifacts/ (or $TEST_ARTIFACTS).
Without Chromium these tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from websockets.sync.client import connect

from conftest import EXAMPLES, LANGUAGES, PAGES, ROOT, SOURCE_LANGUAGE, TRANSLATIONS

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "_build" / "test-artifacts"))
CJK = re.compile(r"[\u4e00-\u9fff]")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
    "--no-default-browser-check", "--disable-extensions", "--mute-audio",
    # Nothing may leave the machine, whatever a page asks for.
    "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,900", "--remote-debugging-port=0",
]
# The guide's own terms, as a Chinese reader types them (locale/zh_CN/glossary.csv).
CHINESE_TERMS = ["任务组", "事件循环", "异常组", "上下文管理器", "协程"]
SEARCH_PAGES = [p for p in PAGES if p != "404"]
CLIPBOARD = ["clipboardReadWrite", "clipboardSanitizedWrite"]


# -- Chromium over the DevTools protocol ------------------------------------


class BrowserError(AssertionError):
    pass


class Browser:
    """One headless Chromium, one websocket; every tab a flattened session."""

    def __init__(self, executable: str, profile: Path) -> None:
        profile.mkdir(parents=True, exist_ok=True)
        port_file = profile / "DevToolsActivePort"
        port_file.unlink(missing_ok=True)  # a stale one points at a dead browser
        self.log = (profile / "chromium.log").open("wb")
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and len(port_file.read_text().split()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise BrowserError(f"Chromium did not start; see {profile / 'chromium.log'}")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        try:
            self.ws = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, proxy=None,
                              open_timeout=30, ping_interval=None, legacy=True)
        except Exception:
            self.close()
            raise
        self.events: list[dict] = []
        self._next_id = 0

    def call(self, method: str, session: str | None = None, timeout: float = 30, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self.ws.recv(timeout=max(deadline - time.monotonic(), 0.01)))
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def requests(self) -> list[str]:
        """Every URL any tab asked for, so far."""
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]

    def new_tab(self, base: str) -> Tab:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        return Tab(self, session, target, base)

    def close(self) -> None:
        if hasattr(self, "ws"):
            try:
                self.call("Browser.close", timeout=5)
            except Exception:
                pass
            self.ws.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Tab:
    """A page, driven the way a reader drives it: clicks, typing, Enter."""

    def __init__(self, browser: Browser, session: str, target: str, base: str) -> None:
        self.browser, self.session, self.target, self.base = browser, session, target, base
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable")
        # Clipboard reads need a focused page; headless has no window focus.
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)

    def call(self, method: str, **params):
        return self.browser.call(method, session=self.session, **params)

    def eval(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True, userGesture=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression[:80]!r} failed in the page: {text}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10, what: str = ""):
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what or expression} on {self.url}")
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return self.eval("location.href")

    def _mark(self) -> None:
        self.eval("window.__before_navigation = true")

    def _loaded(self) -> None:
        self.wait_for("window.__before_navigation === undefined && document.readyState === 'complete'",
                      what="the next page to load")

    def goto(self, path: str) -> Tab:
        self._mark()
        self.call("Page.navigate", url=self.base + path)
        self._loaded()
        return self

    def reload(self) -> Tab:
        self._mark()
        self.call("Page.reload")
        self._loaded()
        return self

    def center(self, selector: str) -> tuple[float, float]:
        """Where a reader would click *selector*; it must be visible and on top."""
        box = self.eval(f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            if (!element) return null;
            element.scrollIntoView({{block: "center", behavior: "instant"}});
            const r = element.getBoundingClientRect();
            // The middle of the part in view: a long block may not fit.
            const x = r.left + r.width / 2;
            const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
            const top = document.elementFromPoint(x, y);
            return {{x, y, width: r.width, height: r.height,
                     onTop: !!top && (element === top || element.contains(top))}};
        }})()""")
        assert box, f"no {selector} on {self.url}"
        assert box["width"] and box["height"], f"{selector} is not visible on {self.url}"
        assert box["onTop"], f"{selector} is covered by another element on {self.url}"
        return box["x"], box["y"]

    def click(self, selector: str, navigates: bool = False) -> Tab:
        x, y = self.center(selector)
        if navigates:
            self._mark()
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        if navigates:
            self._loaded()
        return self

    def type(self, text: str) -> Tab:
        """Text as an input method commits it: Chinese arrives whole."""
        self.call("Input.insertText", text=text)
        return self

    def press_enter(self, navigates: bool = True) -> Tab:
        if navigates:
            self._mark()
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                      windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
        if navigates:
            self._loaded()
        return self

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        self.browser.call("Target.closeTarget", targetId=self.target)


# -- The site, served like Read the Docs serves it ---------------------------


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; a missing page under /<lang>/ gets that language's 404 page."""

    def send_error(self, code, message=None, explain=None):
        parts = urlsplit(self.path).path.split("/")
        page = Path(self.directory, parts[1] if len(parts) > 2 else "", "404.html")
        if code != HTTPStatus.NOT_FOUND or len(parts) < 3 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def serve(directory: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


CHROMIUM = os.environ.get("CHROMIUM") or next(
    filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None)
IN_CI = os.environ.get("CI", "").lower() == "true"
NO_CHROMIUM = "headless Chromium not found: `apt-get install chromium` (as .ci/run does) or set CHROMIUM"
# Skipped where there is no browser, but never in CI: there they fail.
pytestmark = pytest.mark.skipif(not CHROMIUM and not IN_CI, reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def chromium() -> str:
    if not CHROMIUM:
        pytest.fail(NO_CHROMIUM + "; CI must run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="module")
def base_url(site):
    html_root = site[SOURCE_LANGUAGE].html_dir.parent
    missing = [lang for lang in LANGUAGES if not (html_root / lang / "index.html").is_file()]
    assert not missing, f"not built: {missing}; see test_build"
    server, url = serve(html_root)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    browser = Browser(chromium, tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()


@pytest.fixture
def tab(browser, base_url):
    """A fresh tab, with nothing remembered from the tests before."""
    browser.call("Browser.grantPermissions", origin=base_url, permissions=CLIPBOARD)
    tab = browser.new_tab(base_url)
    tab.goto(f"/{SOURCE_LANGUAGE}/index.html")
    tab.eval("localStorage.clear()")
    yield tab
    tab.close()


@functools.cache
def _article_text(html_dir: Path, page: str) -> str:
    article = BeautifulSoup((html_dir / f"{page}.html").read_text("utf-8"), "html.parser").article
    for hidden in article.select("script, style, .headerlink"):
        hidden.decompose()
    return article.get_text(" ")


def article_text(site, language: str, page: str) -> str:
    """What a reader reads on *page*: no scripts, no hidden originals."""
    return _article_text(site[language].html_dir, page)


def search(tab: Tab, language: str, query: str) -> list[str]:
    """Type *query* in the sidebar's search box, press Enter; the result pages."""
    tab.goto(f"/{language}/index.html")
    tab.click("input.sidebar-search")
    tab.type(query)
    tab.press_enter()
    assert tab.eval("location.pathname").endswith("/search.html")
    tab.wait_for("document.querySelector('#search-results .search-summary')?.textContent",
                 what=f"the search for {query!r} to finish")
    links = tab.eval("[...document.querySelectorAll('#search-results ul.search li > a')]"
                     ".map(a => a.pathname)")
    # /zh_CN/patterns/results.html -> patterns/results, as in PAGES
    return [unquote(link).split(f"/{language}/", 1)[-1].removesuffix(".html") for link in links]


# -- Language switcher --------------------------------------------------------


@pytest.mark.parametrize("start, other", [(a, b) for a in LANGUAGES for b in LANGUAGES if a != b])
def test_switching_language_lands_on_the_same_page(tab, start, other):
    tab.goto(f"/{start}/taskgroup.html#create-a-task-group")
    tab.click(f'.language-switcher a[hreflang="{other.replace("_", "-")}"]', navigates=True)
    assert tab.eval("location.pathname") == f"/{other}/taskgroup.html"
    assert tab.eval("location.hash") == "#create-a-task-group"  # the same section
    assert tab.eval("document.documentElement.lang") == other.replace("_", "-")
    current = tab.eval("document.querySelector('.language-switcher .current').lang")
    assert current == other.replace("_", "-")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_switching_language_on_the_search_page_keeps_the_query(tab, language):
    search(tab, language, "TaskGroup")
    tab.click(f'.language-switcher a[hreflang="{SOURCE_LANGUAGE}"]', navigates=True)
    assert tab.eval("location.pathname") == f"/{SOURCE_LANGUAGE}/search.html"
    tab.wait_for("document.querySelector('#search-results .search-summary')?.textContent",
                 what="the search to run again")
    assert tab.eval("document.querySelectorAll('#search-results ul.search li').length") > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_working_switcher(tab, site, language):
    """Each link of each page's switcher answers 200 with the same page."""
    tab.goto(f"/{language}/index.html")
    statuses = tab.eval("""(async () => {
        const results = {};
        for (const page of %s) {
            const html = await (await fetch(page + ".html")).text();
            const doc = new DOMParser().parseFromString(html, "text/html");
            for (const a of doc.querySelectorAll(".language-switcher a[hreflang]")) {
                const url = new URL(a.getAttribute("href"), new URL(page + ".html", location.href));
                const response = await fetch(url);
                results[page + " -> " + a.hreflang] = [response.status, url.pathname];
            }
        }
        return results;
    })()""" % json.dumps(SEARCH_PAGES))
    others = [lang for lang in LANGUAGES if lang != language]
    assert len(statuses) == len(SEARCH_PAGES) * len(others)
    for key, (status, path) in statuses.items():
        page, _, hreflang = key.partition(" -> ")
        assert (status, path) == (200, f"/{hreflang.replace('-', '_')}/{page}.html"), key


# -- Search ------------------------------------------------------------------


def contexts(site, language: str, page: str, terms: list[str]) -> list[str]:
    """Where *terms* occur in *page*: for messages."""
    text = " ".join(article_text(site, language, page).split())
    return [text[max(m.start() - 10, 0):m.end() + 10]
            for term in terms for m in re.finditer(re.escape(term), text)][:6]


def pages_with(site, language: str, term: str) -> Counter:
    return Counter({page: article_text(site, language, page).count(term) for page in SEARCH_PAGES
                    if term in article_text(site, language, page)})


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("term", CHINESE_TERMS)
def test_chinese_search_finds_the_guides_terms(tab, site, language, term):
    expected = pages_with(site, language, term)
    assert expected, f"no {language} page says {term!r}: is the translation there?"
    found = search(tab, language, term)
    assert expected.most_common(1)[0][0] in found, (term, found, expected)
    assert set(expected) <= set(found), {page: contexts(site, language, page, [term])
                                         for page in set(expected) - set(found)}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_chinese_search_takes_a_phrase_as_typed(tab, site, language):
    """No spaces in Chinese: 任务组的异常 is two words and a particle."""
    both = set(pages_with(site, language, "任务组")) & set(pages_with(site, language, "异常"))
    found = search(tab, language, "任务组的异常")
    assert both
    # Sphinx lets a page miss words of two letters (English noise words), so
    # pages with 任务组 alone come too, below the ones with both.
    assert both <= set(found), {page: contexts(site, language, page, ["任务组", "异常"])
                                for page in both - set(found)}
    assert found[0] in both


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_search_page_speaks_the_pages_language(tab, language):
    found = search(tab, language, "任务组")
    assert found
    assert CJK.search(tab.eval("document.title")), tab.eval("document.title")
    heading = tab.eval("document.querySelector('#search-results h2').textContent")
    summary = tab.eval("document.querySelector('#search-results .search-summary').textContent")
    assert CJK.search(heading) and CJK.search(summary), (heading, summary)
    tab.screenshot(f"search-{language}.png")

    assert search(tab, language, "香蕉") == []  # a word the guide never uses
    nothing = tab.eval("document.querySelector('#search-results .search-summary').textContent")
    assert CJK.search(nothing), nothing


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
    kept = tab.eval("document.querySelectorAll('script.original').length")
    assert kept > 0
    assert tab.eval("document.querySelector('button.original-toggle').getAttribute('aria-pressed')") == "false"
    assert tab.eval(SHOWN) == 0
    tab.screenshot(f"page-{language}.png")

    tab.click("button.original-toggle")
    assert tab.eval(SHOWN) == kept
    # In English, but for the titles of linked sections: they name where the
    # link goes, in the language of the site it goes to.
    texts = tab.eval("""[...document.querySelectorAll('div.original')].map(e => {
        const copy = e.cloneNode(true);
        copy.querySelectorAll('a.internal').forEach(a => a.remove());
        return [e.lang, copy.innerText];
    })""")
    assert [text for lang, text in texts if lang != "en" or CJK.search(text)] == []
    tab.screenshot(f"page-{language}-with-original.png")

    tab.reload()  # remembered on this page ...
    assert tab.eval(SHOWN) == kept
    tab.goto(f"/{language}/groups.html")  # ... and on the others
    assert tab.eval(SHOWN) > 0
    tab.click("button.original-toggle")
    assert tab.eval(SHOWN) == 0
    tab.goto(f"/{language}/taskgroup.html")
    assert tab.eval(SHOWN) == 0


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_dark_mode_reading(tab, language):
    tab.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    tab.goto(f"/{language}/taskgroup.html")
    tab.click("button.original-toggle")
    background = tab.eval("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    tab.screenshot(f"page-{language}-dark.png")


def test_no_switch_on_english_pages(tab):
    tab.goto(f"/{SOURCE_LANGUAGE}/taskgroup.html")
    assert tab.eval("document.querySelector('button.original-toggle, script.original')") is None


# -- Copy buttons --------------------------------------------------------------


def copy(tab: Tab, block: str) -> str:
    """Click the copy button of *block* and read what the clipboard got."""
    tab.eval("navigator.clipboard.writeText('')")
    x, y = tab.center(block)
    tab.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)  # the button shows on hover
    tab.click(f"{block} button.copybtn")
    return tab.wait_for("navigator.clipboard.readText()", what="the clipboard")


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_copies_the_example_script(tab, language):
    tab.goto(f"/{language}/example-wait.html")
    assert tab.eval("document.querySelectorAll('div.example-output button.copybtn').length") == 0
    assert tab.eval("document.querySelectorAll('div.example-code button.copybtn').length") > 0
    copied = copy(tab, "div.example-code")
    shown = tab.eval("document.querySelector('div.example-code pre').innerText")
    assert copied.rstrip("\n") == shown.rstrip("\n")
    compile(copied, "copied", "exec")  # runnable as it is
    if language == SOURCE_LANGUAGE:
        scripts = {p.read_text("utf-8").rstrip("\n") for p in EXAMPLES.glob("*.py")}
        assert copied.rstrip("\n") in scripts


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_blocks_have_no_copy_button(tab, language):
    """Expected output ({example} bodies, {testoutput}) is not code to copy."""
    tab.goto(f"/{language}/groups.html")
    assert tab.eval("document.querySelectorAll('div.highlight-none').length") > 0
    assert tab.eval("document.querySelectorAll('div.highlight-none button.copybtn').length") == 0
    assert tab.eval("document.querySelectorAll('div.highlight-python button.copybtn').length") > 0


@pytest.fixture(scope="module")
def prompts_site(tmp_path_factory):
    """A page of console sessions, built with the site's own conf.py."""
    out = tmp_path_factory.mktemp("prompts")
    src = ROOT / "tests" / "roots" / "test-copybutton"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-q",
                           "-D", f"language={SOURCE_LANGUAGE}", str(src), str(out / SOURCE_LANGUAGE)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    server, url = serve(out)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("block, expected", [
    ("#python-session", "import asyncio\nasync def main():\n    return 42\nasyncio.run(main())"),
    ("#shell-session", "python3 -m pip --version\npython3 example.py"),
])
def test_copy_button_drops_prompts_and_output(browser, prompts_site, block, expected):
    browser.call("Browser.grantPermissions", origin=prompts_site, permissions=CLIPBOARD)
    tab = browser.new_tab(prompts_site)
    try:
        tab.goto(f"/{SOURCE_LANGUAGE}/index.html")
        assert copy(tab, block).rstrip("\n") == expected
    finally:
        tab.close()


# -- 404 -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_page_gets_a_working_404_page(browser, tab, language):
    seen = len(browser.events)
    tab.goto(f"/{language}/no/such/page.html")
    responses = [e["params"]["response"] for e in browser.events[seen:]
                 if e["method"] == "Network.responseReceived"]
    document = [r for r in responses if r["url"].endswith("/no/such/page.html")]
    assert document and document[0]["status"] == 404
    broken = [r["url"] for r in responses if r["status"] >= 400 and r not in document
              and not r["url"].endswith("/favicon.ico")]
    assert broken == []  # its styles and scripts load, three levels down
    assert tab.eval("document.documentElement.lang") == language.replace("_", "-")
    assert tab.eval("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "none"
    assert tab.eval("document.querySelector('meta[name=robots]').content") == "noindex"
    tab.screenshot(f"404-{language}.png")
    tab.click("article a[href$='/index.html']", navigates=True)
    assert tab.eval("location.pathname") == f"/{language}/index.html"


# -- Nothing from elsewhere ------------------------------------------------------


def test_nothing_is_loaded_from_other_hosts(browser, tab):
    """Every page, both languages, search included: all requests stay on 127.0.0.1."""
    for language in LANGUAGES:
        for page in [*SEARCH_PAGES, "search"]:
            tab.goto(f"/{language}/{page}.html")
        search(tab, language, "TaskGroup")
    elsewhere = sorted({url for url in browser.requests()
                        if not url.startswith(("data:", "blob:", "about:"))
                        and urlsplit(url).hostname != "127.0.0.1"})
    assert elsewhere == []
