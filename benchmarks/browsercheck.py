"""Which files a real browser asks for when it opens a page: a check on pageweight.py.

Serves a built site on 127.0.0.1, opens one page in headless Chromium and
records every path the server is asked for. Chromium may resolve no other
host (--host-resolver-rules), so third-party requests fail on the spot and
send nothing off the machine; pageweight.py counts those from the markup.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    # Let timers and scripts run for 5 s of page time: lazy loads happen in it.
    "--virtual-time-budget=5000",
    "--dump-dom",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def requested_paths(root: Path, page: str) -> set[str] | None:
    """Paths Chromium requests from `root` to show `page`; None without Chromium."""
    browser = chromium()
    if browser is None:
        return None
    seen: set[str] = set()

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            seen.add(urlsplit(self.path).path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as profile:
            url = f"http://127.0.0.1:{server.server_port}/{page}"
            subprocess.run(
                [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
            )
    finally:
        server.shutdown()
        server.server_close()
    return seen
