"""Headless Chromium for the browser tests, and the site served as Read the Docs serves it.

Chromium is Debian's (`apt-get install chromium`, see .ci/run), driven by
Playwright for Python through `executable_path`: Playwright's own browser
download is never used. The built languages are served side by side over
http://127.0.0.1 (search needs http), laid out as in _build/html/, with each
language's 404 page answering for a missing page under it, as Read the
Docs does. axe-core comes from the npm registry, installed by `make test`
(package.json, package-lock.json) into node_modules/.

The test modules import the fixtures from here (module scope: one browser
and one server per module). Screenshots go to _build/test-artifacts/ (or
$TEST_ARTIFACTS). Without Chromium the browser tests are skipped, except
in CI, where they fail.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import LANGUAGES, ROOT, SOURCE_LANGUAGE
from playwright.sync_api import Page, sync_playwright

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "_build" / "test-artifacts"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
    "--no-default-browser-check",
    "--disable-extensions",
    "--mute-audio",
    # Nothing may leave the machine, whatever a page asks for.
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CLIPBOARD = ["clipboard-read", "clipboard-write"]
# Playwright waits this long (ms) for an element to be there, visible, on top.
TIMEOUT = 10_000

CHROMIUM = os.environ.get("CHROMIUM") or next(
    filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None
)
IN_CI = os.environ.get("CI", "").lower() == "true"
NO_CHROMIUM = (
    "headless Chromium not found: `apt-get install chromium` (as .ci/run does) or set CHROMIUM"
)
# Skipped where there is no browser, but never in CI: there they fail.
needs_chromium = pytest.mark.skipif(not CHROMIUM and not IN_CI, reason=NO_CHROMIUM)


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
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


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
def browser(chromium):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


def new_page(browser, base_url: str, viewport: dict = DESKTOP, **options) -> Page:
    """A tab in a fresh profile: nothing remembered from the tests before."""
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT)
    context.grant_permissions(CLIPBOARD, origin=base_url)
    return context.new_page()


@pytest.fixture
def tab(browser, base_url):
    page = new_page(browser, base_url)
    yield page
    page.context.close()


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=path, full_page=full_page)
    return path
