"""``python -m tools.preview [OPTIONS] SPHINX-BUILD-ARGS``: what ``make preview`` runs.

Serves the output directory of the sphinx-build command line given (on
http://127.0.0.1:8000/ by default) and rebuilds it when a watched file
changes: the source dir always, and each ``--watch`` path. The page in the
browser reloads by itself after each build.

The builds run in one builder process (``tools/preview/builder.py``) that
keeps its Sphinx application between rebuilds, so a saved ``.po`` entry
costs one incremental build, not a new Python, Sphinx and jieba. A change
under a ``--restart-on`` path (conf.py, the extensions, the glossary: what a
running application cannot take back) starts a new builder from a fresh
environment. A build that fails is reported in the terminal and in the
page; the server keeps running, and the next save builds again.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles
from sphinx.cmd import build as sphinx_build

from tools.po import pofile
from tools.preview.server import State, serve

BUILDER = Path(__file__).resolve().parent / "builder.py"
# watchfiles waits this long (ms) after the last change before it reports a
# batch: an editor's save is often a write, a rename and a chmod.
STEP = 50


def log(message: str) -> None:
    print(f"preview: {message}", file=sys.stderr, flush=True)


class ChangeFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (editor swap files, __pycache__, .git ...), .mo files, builds."""

    def __init__(self, ignore: list[Path], only: set[Path] | None = None) -> None:
        super().__init__(
            ignore_entity_patterns=(
                *watchfiles.DefaultFilter.ignore_entity_patterns,
                r"\.mo$",  # Sphinx writes them: not an edit
                r"^4913$",  # vim's test file
            )
        )
        self.ignore, self.only = [str(p) for p in ignore], only

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if self.only is not None and Path(path) not in self.only:
            return False
        return super().__call__(change, path) and not any(
            path == p or path.startswith(p + os.sep) for p in self.ignore
        )


def watch(
    paths: list[Path], ignore: list[Path], events: queue.Queue, stop: threading.Event
) -> list[threading.Thread]:
    """Threads that put ("changed", {path, ...}) on ``events`` until ``stop`` is set.

    Directories are watched with all they contain. A file is watched through
    its directory, so that an editor's save by rename is seen too.
    """
    dirs = sorted({p for p in paths if p.is_dir()})
    # A file in a watched directory is seen already; one in none yet can't be.
    files = {p for p in paths if not p.is_dir() and not under(str(p), dirs) and p.parent.is_dir()}
    groups = [(dirs, True, None)] if dirs else []
    if files:
        groups.append((sorted({p.parent for p in files}), False, files))

    def run(where: list[Path], recursive: bool, only: set[Path] | None) -> None:
        for changes in watchfiles.watch(
            *where,
            watch_filter=ChangeFilter(ignore, only),
            recursive=recursive,
            step=STEP,
            stop_event=stop,
            raise_interrupt=False,
        ):
            events.put(("changed", None, {path for _, path in changes}))

    threads = [
        threading.Thread(target=run, args=group, name="preview-watch", daemon=True)
        for group in groups
    ]
    for thread in threads:
        thread.start()
    return threads


class BuilderProcess:
    """One builder: JSON lines of changed files in, one JSON line per build out."""

    def __init__(self, sphinx_args: list[str], fresh: bool, events: queue.Queue) -> None:
        results, child_end = os.pipe()
        command = [
            sys.executable,
            str(BUILDER),
            "--results",
            str(child_end),
            *(["--fresh"] if fresh else []),
            *sphinx_args,
        ]
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, pass_fds=(child_end,), text=True, encoding="utf-8"
        )
        os.close(child_end)
        self.outstanding = 1  # builds asked for and not done: its first

        def read() -> None:
            with os.fdopen(results, encoding="utf-8") as stream:
                for line in stream:
                    events.put(("result", self, json.loads(line)))
            events.put(("exited", self, self.proc.wait()))

        threading.Thread(target=read, name="preview-results", daemon=True).start()

    @property
    def busy(self) -> bool:
        return self.outstanding > 0

    def send(self, changed: set[str]) -> None:
        self.outstanding += 1
        self.proc.stdin.write(json.dumps({"changed": sorted(changed)}) + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass


class CatalogProblems:
    """What ``make check-po`` would say about the syntax of the catalogs saved so far.

    Babel, which Sphinx reads catalogs with, skips what it cannot parse
    without a word: an entry with a missing quote is just not translated.
    The preview reads each saved ``.po`` as ``make check-po`` does and shows
    the problems, as ``file:line: what — fix``, until the next save fixes them.
    """

    def __init__(self) -> None:
        self.by_path: dict[str, list[str]] = {}

    def check(self, paths: set[str]) -> None:
        for path in sorted(p for p in paths if p.endswith(".po")):
            try:
                _, problems = pofile.read(Path(path))
            except OSError:  # deleted
                self.by_path.pop(path, None)
                continue
            self.by_path[path] = [str(problem) for problem in problems]
            for problem in self.by_path[path]:
                log(problem)

    def messages(self) -> list[str]:
        return [message for found in self.by_path.values() for message in found]


def under(path: str, roots: list[Path]) -> bool:
    return any(Path(path) == root or Path(path).is_relative_to(root) for root in roots)


def arguments(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m tools.preview",
        description=__doc__.split("\n\n")[1],
        epilog="Every other argument is sphinx-build's: builder, options, source and "
        "output directories.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
    parser.add_argument(
        "--watch",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="also rebuild when this file, or a file in this directory, changes",
    )
    parser.add_argument(
        "--restart-on",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="like --watch, but start a new builder from a fresh environment (conf.py, extensions)",
    )
    args, sphinx_args = parser.parse_known_args(argv)
    build = sphinx_build.get_parser().parse_args(sphinx_args)  # its own errors, as usual
    args.srcdir = Path(build.sourcedir).resolve()
    args.outdir = Path(build.outputdir).resolve()
    args.doctreedir = Path(build.doctreedir or args.outdir / ".doctrees").resolve()
    args.restart_on = [p.resolve() for p in args.restart_on]
    args.watch = [p.resolve() for p in args.watch]
    return args, sphinx_args


def main(argv: list[str] | None = None) -> int:
    args, sphinx_args = arguments(argv)
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    state = State()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    args.outdir.mkdir(parents=True, exist_ok=True)
    try:
        server = serve(args.outdir, args.host, args.port, state)
    except OSError as error:
        log(
            f"cannot serve on {args.host}:{args.port}: {error.strerror}; "
            f"another port: make preview PREVIEW_PORT={args.port + 1}"
        )
        return 1
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/"
    builder = BuilderProcess(sphinx_args, False, events)
    watch(
        [args.srcdir, *args.watch, *args.restart_on], [args.outdir, args.doctreedir], events, stop
    )
    log(f"serving {args.outdir} on {url}; building ...")
    pending: set[str] = set()
    restart = ""
    catalogs = CatalogProblems()
    try:
        while True:
            kind, source, value = events.get()
            if kind == "changed":
                pending |= value
                restarts = sorted(p for p in value if under(p, args.restart_on))
                if restarts:
                    restart = os.path.relpath(restarts[0])
            elif source is not builder:
                continue  # from a builder already stopped
            elif kind == "result":
                builder.outstanding -= 1
                status, messages = value["status"], value["messages"] + catalogs.messages()
                if status == "ok" and messages:
                    status = "warnings"
                state.update(
                    wrote=status != "failed", status=status, messages=messages, busy=builder.busy
                )
                log(f"build {status} in {value['seconds']:.2f} s; {url}")
            elif kind == "exited":
                log(f"the builder exited ({value}); it starts again at the next change")
                state.update(
                    wrote=False,
                    status="failed",
                    busy=False,
                    messages=[f"The builder exited with status {value}."],
                )
                builder = None
            if restart:
                log(f"{restart} changed: a new builder, from a fresh environment")
                if builder:
                    builder.stop()
                state.update(
                    wrote=False, status="building", messages=[f"{restart} changed."], busy=True
                )
                builder, pending, restart = BuilderProcess(sphinx_args, True, events), set(), ""
            elif pending and (builder is None or not builder.busy):
                if builder is None:
                    builder = BuilderProcess(sphinx_args, False, events)
                builder.send(pending)
                state.working()
                pending = set()
            if kind == "changed":  # while the builder works: it reads them too
                catalogs.check(value)
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        stop.set()
        state.close()
        server.shutdown()
        server.server_close()
        if builder:
            builder.stop()
        log("stopped")


if __name__ == "__main__":
    raise SystemExit(main())
