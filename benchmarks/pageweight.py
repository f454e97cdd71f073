"""What a reader downloads for one page: every request, and its bytes on disk.

Reads the built HTML the way a browser's first load does: stylesheets, scripts,
preloads, icons and images in the page, then what the stylesheets pull in
(``@import`` and fonts or images in ``url(...)``; ``data:`` URIs cost no
request). Sizes come from the built site; each file is counted once.

A request to another host is third-party. Its bytes cannot be known here (the
machine has no internet) and are left out: a peer that uses one is measured
lighter than a reader finds it, never heavier.

Two behaviours are added by hand, because they don't show in the markup:

* a browser asks for ``/favicon.ico`` when the page names no icon;
* Material for MkDocs starts its search worker when the page loads, and the
  worker fetches the search index: the ``__config`` JSON in the page names
  both. (Seen with Chromium; ``bench.py --browser`` checks these lists
  against what Chromium really requests.)
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

# The made-up origin the site is served from, so that URLs resolve like a browser's.
ORIGIN = "https://site.invalid"
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3"""
)
LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon"}


@dataclass
class Request:
    url: str
    kind: str
    path: Path | None = None  # the file in the built site; None for another host
    size: int = 0
    gzip_size: int = 0

    @property
    def third_party(self) -> bool:
        return self.path is None and not self.url.startswith(ORIGIN)


@dataclass
class PageWeight:
    page: str
    requests: list[Request] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # same-host URLs with no file

    @property
    def bytes(self) -> int:
        return sum(r.size for r in self.requests)

    @property
    def gzip_bytes(self) -> int:
        return sum(r.gzip_size for r in self.requests)

    @property
    def third_party(self) -> list[Request]:
        return [r for r in self.requests if r.third_party]

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for r in self.requests:
            kinds[r.kind] = kinds.get(r.kind, 0) + r.size
        return kinds


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure(site: Path, page: str) -> PageWeight:
    """The requests and bytes of ``site/page`` (a path relative to the site root)."""
    weight = PageWeight(page)
    seen: set[str] = set()

    def add(url: str, kind: str) -> Request | None:
        url = url.split("#", 1)[0]
        if not url or url.startswith(("data:", "javascript:", "about:")) or url in seen:
            return None
        seen.add(url)
        if not url.startswith(ORIGIN):
            request = Request(url, kind)
        else:
            rel = urlsplit(url).path.lstrip("/")
            path = site / rel
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                weight.missing.append(url)
                request = Request(url, kind)  # a 404 costs a request, its bytes are noise
            else:
                data = path.read_bytes()
                request = Request(url, kind, path, len(data), _gzip_size(data))
        weight.requests.append(request)
        return request

    page_url = f"{ORIGIN}/{page}"
    html = add(page_url, "html")
    assert html is not None and html.path is not None, f"no page {site / page}"
    soup = BeautifulSoup(html.path.read_text("utf-8"), "html.parser")

    stylesheets = []
    has_icon = False
    for link in soup.find_all("link", href=True):
        rels = {r.lower() for r in link.get("rel", [])}
        if not rels & LINK_RELS:
            continue  # preconnect, next, search...: no download of their own
        has_icon |= bool(rels & {"icon", "shortcut"})
        if "stylesheet" in rels:
            kind = "css"
        elif rels & {"icon", "shortcut", "apple-touch-icon"}:
            kind = "icon"
        else:
            kind = link.get("as") or "preload"
        request = add(urljoin(page_url, link["href"]), kind)
        if request and kind == "css":
            stylesheets.append(request)
    for tag, attr, kind in (
        ("script", "src", "js"),
        ("img", "src", "image"),
        ("source", "src", "media"),
        ("video", "poster", "image"),
    ):
        for element in soup.find_all(tag, attrs={attr: True}):
            add(urljoin(page_url, element[attr]), kind)
    if not has_icon:
        add(urljoin(page_url, "/favicon.ico"), "icon")

    # What the stylesheets load, their own @imports included.
    while stylesheets:
        sheet = stylesheets.pop()
        if sheet.path is None:
            continue  # another host's CSS: its contents are unknown here
        for m in CSS_URL.finditer(sheet.path.read_text("utf-8", errors="replace")):
            ref = m["url"] or m["imp"]
            kind = (
                "css"
                if m["imp"]
                else ("font" if re.search(r"\.(woff2?|ttf|otf|eot)\b", ref) else "image")
            )
            request = add(urljoin(sheet.url, ref.strip()), kind)
            if request and kind == "css":
                stylesheets.append(request)

    # Material for MkDocs: the search worker and its index load with the page.
    config = soup.find("script", id="__config")
    if config is not None:
        data = json.loads(config.string or "{}")
        base = urljoin(page_url, data.get("base", ".") + "/")
        if data.get("search"):
            add(urljoin(page_url, data["search"]), "js")
            add(urljoin(base, "search/search_index.json"), "json")
    return weight


def report(weight: PageWeight) -> str:
    """One line per request, for the benchmark's details."""
    lines = []
    for r in weight.requests:
        where = "third-party, bytes unknown" if r.third_party else f"{r.size:>9,} B"
        lines.append(f"    {r.kind:<7} {where:>26}  {r.url.removeprefix(ORIGIN)}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    w = measure(Path(sys.argv[1]), sys.argv[2])
    print(
        f"{w.page}: {len(w.requests)} requests ({len(w.third_party)} third-party), "
        f"{w.bytes:,} bytes, {w.gzip_bytes:,} gzipped"
    )
    print(report(w))
