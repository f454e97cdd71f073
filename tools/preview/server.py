"""The preview's web server: the build's files as they are, and a reload channel.

Pages are served from the output directory unchanged but for one tag before
``</body>``, ``<script src="/_preview/reload.js" data-build="N">``, where N
counts the builds that wrote pages. ``/_preview/events`` is a stream of
server-sent events, a JSON object each time a build starts or ends
(``build``, ``status``, ``messages``, ``busy``); the script reloads the
page when ``build`` is not its own N, and otherwise shows the last build's
warnings or error in the page.
Only 127.0.0.1 by default: it is a translator's tool, not a web site.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = "/_preview/reload.js"
EVENTS = "/_preview/events"
KEEPALIVE = 15  # seconds between comments on an idle event stream


def script_tag(build: int) -> bytes:
    return f'<script src="{SCRIPT}" data-build="{build}"></script>'.encode()


def with_script(page: bytes, build: int) -> bytes:
    """The page with the reload script before its last ``</body>``."""
    at = page.rfind(b"</body>")
    if at < 0:
        return page + script_tag(build)
    return page[:at] + script_tag(build) + page[at:]


class State:
    """The last build, as the pages' scripts see it; waited on by the event streams."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.build, self.status, self.messages = 0, "building", []
        self.busy, self.closed = True, False

    def update(self, *, wrote: bool, status: str, messages: list[str], busy: bool) -> None:
        with self.changed:
            self.build += wrote
            self.status, self.messages, self.busy = status, messages, busy
            self.changed.notify_all()

    def working(self) -> None:
        """A build has started."""
        with self.changed:
            self.busy = True
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def snapshot(self) -> dict:
        return {
            "build": self.build,
            "status": self.status,
            "messages": self.messages,
            "busy": self.busy,
        }


WAITING = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>make preview</title></head>
<body><p>make preview: the first build is running; this page reloads when it is done.</p>
</body></html>
"""


class Handler(SimpleHTTPRequestHandler):
    state: State

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # every reload shows the new build
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # the terminal is for Sphinx's messages

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == SCRIPT:
            return self.send_bytes((HERE / "reload.js").read_bytes(), "text/javascript")
        if path == EVENTS:
            return self.stream_events()
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # redirects to path/
            file = file / "index.html"
        if file.suffix == ".html":
            build = self.state.build
            try:
                page = file.read_bytes()
            except OSError:
                if build == 0:  # nothing built yet: wait for the first build
                    return self.send_bytes(
                        with_script(WAITING, 0),
                        "text/html; charset=utf-8",
                        HTTPStatus.SERVICE_UNAVAILABLE,
                    )
                return super().do_GET()  # a 404, as usual
            return self.send_bytes(with_script(page, build), "text/html; charset=utf-8")
        return super().do_GET()

    def send_bytes(
        self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state, seen = self.state, None
        try:
            while True:
                with state.changed:
                    state.changed.wait_for(
                        lambda seen=seen: state.closed or state.snapshot() != seen,
                        timeout=KEEPALIVE,
                    )
                    if state.closed:
                        return
                    now = state.snapshot()
                if now != seen:
                    data = json.dumps(now, ensure_ascii=False)
                    self.wfile.write(f"data: {data}\n\n".encode())
                    seen = now
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the page went away


def serve(directory: Path, host: str, port: int, state: State) -> ThreadingHTTPServer:
    """Start serving ``directory`` in a thread; ``shutdown()`` stops it."""
    handler = type("PreviewHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server
