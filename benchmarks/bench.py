"""Benchmark the site against MkDocs Material building the original article.

    make bench                 # or: .venv/bin/python benchmarks/bench.py
    make bench RUNS=3          # fewer runs per figure (default 5)
    .venv/bin/python benchmarks/bench.py --help

Everything runs on a snapshot of the repository in a temporary directory (the
files git tracks, and the new ones it doesn't ignore), so the real catalogs and
_build/ are never touched, and edits made by others during the run don't change
what is measured. Our figures run through the Makefile, as a person runs them;
the peer (mkdocs build, in its own environment benchmarks/.venv-peer) builds
../shared/source/taskgroup-article.md as written.

Each timed figure is the whole process, measured with time.perf_counter, run N
times with ours and the peer's runs interleaved (A B A B ...) so that the ratio
holds when the machine's speed drifts; the table shows the median, and the
minimum and maximum. Benchmarks print figures, they don't assert: --check
exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pageweight
import polib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# tools.preview.session: how the preview is stopped, as the tests stop it.
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))
from tools.preview.session import stop_session  # noqa: E402

PEER_VENV = HERE / ".venv-peer"
PEER_REQUIREMENTS = HERE / "requirements-peer.txt"
PEER_CONFIG = HERE / "peer" / "mkdocs.yml"
ARTICLE = ROOT.parent / "shared" / "source" / "taskgroup-article.md"
BUILDDIR = "_build/bench"  # inside the snapshot
# Make's own variables would carry the outer `make bench` flags (-j, RUNS=...)
# into the inner makes: each figure sets its own.
MAKE_VARIABLES = (
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
    "MAKEOVERRIDES",
    "MAKE_TERMOUT",
    "MAKE_TERMERR",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- Samples and figures -----------------------------------------------------


@dataclass
class Sample:
    """One run: wall seconds of the whole process, CPU seconds of it and its children, exit code."""

    seconds: float
    cpu: float
    code: int = 0


@dataclass
class Samples:
    """N runs of one command."""

    values: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.values.append(sample.seconds)
        self.cpu.append(sample.cpu)
        self.codes.append(sample.code)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def cell(self) -> str:
        if len(self.values) == 1:
            return f"{self.values[0]:.2f} s"
        return f"{self.median:.2f} s ({min(self.values):.2f}–{max(self.values):.2f})"

    def cpu_cell(self) -> str:
        return f"{statistics.median(self.cpu):.2f} s CPU"


@dataclass
class Row:
    figure: str
    ours: str
    peer: str
    ratio: float | None
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        met = {True: "yes", False: "**no**", None: "—"}[self.met]
        return [self.figure, self.ours, self.peer, ratio, self.target, met]


def markdown_table(rows: list[Row]) -> str:
    header = ["figure", "ours (median)", "peer (median)", "ratio", "target", "met?"]
    lines = [header, ["---"] * len(header)] + [row.cells() for row in rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


# -- Running things ----------------------------------------------------------


class BenchError(RuntimeError):
    pass


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    env.update(extra)
    return env


def run(
    cmd: list[str],
    cwd: Path,
    logfile: Path,
    *,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> Sample:
    """Run cmd with its output into logfile; time the whole process."""
    with logfile.open("w") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env or clean_env(),
        )
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and proc.returncode:
        raise BenchError(
            f"`{shlex.join(cmd)}` failed (exit {proc.returncode}) in {cwd}; its output: {logfile}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(seconds, cpu, proc.returncode)


# -- The peer's environment --------------------------------------------------


def ensure_peer_env() -> Path:
    """benchmarks/.venv-peer with requirements-peer.txt; installed again when the pins change."""
    stamp = PEER_VENV / ".installed"
    digest = hashlib.sha256(PEER_REQUIREMENTS.read_bytes()).hexdigest()
    python = PEER_VENV / "bin" / "python"
    if stamp.is_file() and stamp.read_text().strip() == digest and python.exists():
        return python
    log(f"bench: installing the peer into {PEER_VENV.relative_to(ROOT)} (once) ...")
    shutil.rmtree(PEER_VENV, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(PEER_VENV)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(PEER_REQUIREMENTS),
        ],
        check=True,
    )
    stamp.write_text(digest + "\n")
    return python


# -- The snapshot of the repository ------------------------------------------


def snapshot(dest: Path, ref: str | None = None) -> None:
    """Copy what git tracks and the new files it doesn't ignore, mtimes kept; or a commit."""
    if ref:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(
            ["tar", "-x", "-C", str(dest), "--exclude=benchmarks"], input=archive, check=True
        )
        return
    try:
        listed = (
            subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .split("\0")
        )
    except (OSError, subprocess.CalledProcessError):
        listed = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file()
            and not {".git", ".venv", "_build", "benchmarks"} & set(p.relative_to(ROOT).parts)
        ]
    for name in filter(None, listed):
        src = ROOT / name
        if name.startswith("benchmarks/") or not src.is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name)


def git_head() -> str:
    proc = subprocess.run(
        ["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True
    )
    return proc.stdout.strip() or "no git history"


def read_languages(site: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", "import conf; print(*conf.languages)"],
        cwd=site,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


def remove_compiled_catalogs(site: Path) -> None:
    for mo in (site / "locale").rglob("*.mo"):
        mo.unlink()


def touched_since(directory: Path, pattern: str, since: float) -> list[str]:
    """Files under directory matching pattern written after `since` (time.time())."""
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob(pattern)
        if p.stat().st_mtime >= since
    )


class Catalog:
    """One entry of one .po file in the snapshot, to change and put back."""

    MARKUP = set("`[]{}<>*|\\")

    def __init__(self, path: Path) -> None:
        self.path, self.original = path, path.read_bytes()
        po = polib.pofile(str(path))
        prose = [
            e
            for e in po
            if not e.obsolete
            and "fuzzy" not in e.flags
            and "\n" not in e.msgid
            and len(e.msgid) >= 60
            and not set(e.msgid) & self.MARKUP
        ]
        if not prose:
            raise BenchError(f"{path}: no plain paragraph to change for the incremental figure")
        # A translated paragraph if there is one; else give one its English text.
        self.entry = next((e for e in prose if e.msgstr), prose[0])
        self.msgid, self.msgstr = self.entry.msgid, self.entry.msgstr or self.entry.msgid
        self.po, self.count = po, 0

    def change(self, mark: str = "") -> None:
        """A different msgstr every time, as an editing translator makes."""
        self.count += 1
        self.entry.msgstr = f"{self.msgstr}{mark or f'（{self.count}）'}"
        self.po.save(str(self.path))

    def restore(self) -> None:
        self.path.write_bytes(self.original)

    def tail(self) -> str:
        """The end of the msgstr, where HTML escapes nothing: to see it in the page."""
        tail = self.msgstr[-12:]
        return tail[max((tail.rfind(c) for c in "&<>\"'"), default=-1) + 1 :]


class Article:
    """The peer's page: the first paragraph of a Chinese tab, to change and put back."""

    TAB = '=== "中文"'

    def __init__(self, path: Path) -> None:
        self.path, self.original = path, path.read_text(encoding="utf-8")
        lines = self.original.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if line.strip() == self.TAB), None)
        if start is None:
            raise BenchError(f"{path}: no {self.TAB} tab for the preview figure")
        self.at = next(i for i in range(start + 1, len(lines)) if lines[i].strip())
        self.lines = lines

    def change(self, mark: str) -> None:
        lines = list(self.lines)
        lines[self.at] = lines[self.at].rstrip("\n") + mark + "\n"
        self.path.write_text("".join(lines), encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""  # not serving yet, or between two files


class Server:
    """A live-preview server, started once for every run of the preview figure."""

    def __init__(self, cmd: list[str], cwd: Path, url: str, logfile: Path) -> None:
        self.cmd, self.url, self.logfile = cmd, url, logfile
        with logfile.open("w") as out:
            self.proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=clean_env(),
                start_new_session=True,
            )

    def wait_for(self, text: str, timeout: float) -> float:
        """perf_counter() when a GET of the page first returns ``text``, polled every 10 ms."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"`{shlex.join(self.cmd)}` exited ({self.proc.returncode}); "
                    f"its output: {self.logfile}"
                )
            if text in get(self.url):
                return time.perf_counter()
            time.sleep(0.01)
        raise BenchError(
            f"{self.url} did not show {text!r} within {timeout} s; "
            f"the server's output: {self.logfile}"
        )

    def stop(self) -> None:
        stop_session(self.proc)


# -- The figures -------------------------------------------------------------


@dataclass
class Bench:
    runs: int
    work: Path
    make_args: list[str]
    page: str
    peer_python: Path
    site: Path = field(init=False)
    peer: Path = field(init=False)
    languages: list[str] = field(init=False)
    details: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.site, self.peer = self.work / "site", self.work / "peer"
        self.logs = self.work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.venv = Path(sys.prefix)  # ours: the environment running this script

    # The commands.

    def make(self, target: str) -> list[str]:
        # -o: the environment is made already; never reinstall it in a timed run.
        return [
            "make",
            "--no-print-directory",
            f"VENVDIR={self.venv}",
            f"BUILDDIR={BUILDDIR}",
            "-o",
            f"{self.venv}/.installed",
            *self.make_args,
            target,
        ]

    def ours(self, target: str, name: str, *, check: bool = True) -> Sample:
        return run(self.make(target), self.site, self.logs / f"{name}.log", check=check)

    def peer_build(self, name: str) -> Sample:
        shutil.rmtree(self.peer / "site", ignore_errors=True)
        mkdocs = [str(self.peer_python), "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", "site"]
        return run(mkdocs, self.peer, self.logs / f"{name}.log")

    def clean_ours(self) -> None:
        """What `make clean` leaves: no build dir, no doctrees, no compiled catalogs."""
        shutil.rmtree(self.site / BUILDDIR, ignore_errors=True)
        remove_compiled_catalogs(self.site)

    # Setting up.

    def prepare(self, article: Path, patches: list[Path], ref: str | None) -> None:
        self.site.mkdir(parents=True)
        snapshot(self.site, ref)
        if ref:
            self.details.append(f"- measured commit {ref} (git archive), not the work tree")
        else:
            changed = subprocess.run(
                ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
            ).stdout.splitlines()
            self.details.append(
                f"- measured the work tree: {len(changed)} path(s) differ from {git_head()}"
            )
        for patch in patches:
            subprocess.run(["git", "apply", str(patch.resolve())], cwd=self.site, check=True)
            self.details.append(f"- patch applied to the snapshot: {patch}")
        remove_compiled_catalogs(self.site)
        self.languages = read_languages(self.site)
        (self.peer / "docs").mkdir(parents=True)
        shutil.copy2(PEER_CONFIG, self.peer / "mkdocs.yml")
        shutil.copy2(article, self.peer / "docs" / "index.md")

    def warm_up(self, peer: bool = True) -> None:
        """One untimed run of each: byte-code, page cache, jieba's dictionary cache."""
        log("bench: warming up ...")
        self.clean_ours()
        self.ours("html", "warm-up-html")
        if peer:
            self.peer_build("warm-up-peer")

    # One timed step of each figure; the loops below, and ab.py, call them.

    def step_clean(self, name: str) -> Sample:
        self.clean_ours()
        return self.ours("html", name)

    def start_incremental(self) -> Catalog:
        translation = self.languages[1]
        self.catalog = Catalog(
            self.site / "locale" / translation / "LC_MESSAGES" / Path(self.page).with_suffix(".po")
        )
        return self.catalog

    def step_incremental(self, name: str) -> Sample:
        self.catalog.change()
        since = time.time()
        time.sleep(0.01)  # mtimes have a coarse clock on some file systems
        sample = self.ours("html", name)
        self.last_redone = self.redone(since, "html")
        return sample

    def end_incremental(self) -> None:
        self.catalog.restore()
        self.ours("html", "incremental-restore")  # back in step for the doctest figure

    def step_doctest(self, name: str) -> Sample:
        since = time.time()
        time.sleep(0.01)
        sample = self.ours("doctest", name)
        self.last_redone = self.redone(since, "doctest")
        return sample

    def step_test(self, name: str) -> Sample:
        return self.ours("test", name, check=False)

    # The figures: ours and the peer's runs interleaved.

    def clean_build(self) -> tuple[Samples, Samples]:
        ours, peer = Samples(), Samples()
        for i in range(self.runs):
            log(f"bench: clean build, run {i + 1}/{self.runs}")
            ours.add(self.step_clean(f"clean-{i}"))
            peer.add(self.peer_build(f"clean-peer-{i}"))
        return ours, peer

    def incremental(self) -> tuple[Samples, Samples, dict[str, tuple[list[str], list[str]]]]:
        catalog = self.start_incremental()
        self.details.append(
            f"- incremental: changed the msgstr of {catalog.path.relative_to(self.site)} "
            f'msgid "{catalog.msgid[:50]}..."'
        )
        ours, peer = Samples(), Samples()
        try:
            for i in range(self.runs):
                log(f"bench: incremental rebuild, run {i + 1}/{self.runs}")
                ours.add(self.step_incremental(f"incremental-{i}"))
                peer.add(self.peer_build(f"incremental-peer-{i}"))
        finally:
            self.end_incremental()
        return ours, peer, self.last_redone

    def redone(self, since: float, builder: str) -> dict[str, tuple[list[str], list[str]]]:
        """Per language: the pages read again, and the pages written, since `since`."""
        build = self.site / BUILDDIR
        out = {}
        for lang in self.languages:
            read = [
                Path(p).stem for p in touched_since(build / "doctrees" / lang, "*.doctree", since)
            ]
            written = (
                touched_since(build / builder / lang, "*.html", since) if builder == "html" else []
            )
            out[lang] = (read, written)
        return out

    def doctest(self) -> tuple[Samples, dict]:
        samples = Samples()
        for i in range(self.runs):
            log(f"bench: doctest, run {i + 1}/{self.runs}")
            samples.add(self.step_doctest(f"doctest-{i}"))
        return samples, self.last_redone

    def preview(self) -> tuple[Samples, Samples]:
        """From a save to a GET of the served page with its new text: preview vs `mkdocs serve`.

        Ours: a msgstr of the page's catalog; the peer: the first paragraph of
        a Chinese tab of its one page. Both servers run for all the runs; one
        untimed save of each first, and a pause after each run, so that each
        save finds its server idle.
        """
        translation = self.languages[1]
        catalog = Catalog(
            self.site / "locale" / translation / "LC_MESSAGES" / Path(self.page).with_suffix(".po")
        )
        article = Article(self.peer / "docs" / "index.md")
        ours_port, peer_port = free_port(), free_port()
        self.details.append(
            f"- preview: `make preview` ({translation}) saving the msgstr of "
            f'{catalog.path.relative_to(self.site)} msgid "{catalog.msgid[:50]}...", '
            f"against `mkdocs serve` saving line {article.at + 1} of the article (a Chinese "
            f"tab); from the write until a GET (every 10 ms) of the page returns the new text"
        )
        ours = Server(
            self.make("preview") + [f"LANG_PREVIEW={translation}", f"PREVIEW_PORT={ours_port}"],
            self.site,
            f"http://127.0.0.1:{ours_port}/{self.page}",
            self.logs / "preview-ours.log",
        )
        peer = Server(
            [
                str(self.peer_python),
                "-m",
                "mkdocs",
                "serve",
                "-f",
                "mkdocs.yml",
                "-a",
                f"127.0.0.1:{peer_port}",
            ],
            self.peer,
            f"http://127.0.0.1:{peer_port}/",
            self.logs / "preview-peer.log",
        )
        samples = {"ours": Samples(), "peer": Samples()}
        try:
            log("bench: preview, first builds of both servers ...")
            # The first builds are done when the pages have the text as it is.
            ours.wait_for(catalog.tail(), 600)
            peer.wait_for("</html>", 600)
            edits = {"ours": (ours, catalog.change), "peer": (peer, article.change)}
            for i in range(-1, self.runs):  # -1: the warm-up
                if i >= 0:
                    log(f"bench: preview, run {i + 1}/{self.runs}")
                for name, (server, change) in edits.items():
                    mark = f"（预览{i + 2}）"
                    change(mark)
                    start = time.perf_counter()
                    seconds = server.wait_for(mark, 120) - start
                    if i >= 0:
                        samples[name].add(Sample(seconds, 0.0))
                    time.sleep(1.0)
        finally:
            ours.stop()
            peer.stop()
            catalog.restore()
            article.restore()
        return samples["ours"], samples["peer"]

    def test_suite(self) -> Samples:
        samples = Samples()
        for i in range(self.runs):
            log(f"bench: test suite, run {i + 1}/{self.runs}")
            samples.add(self.step_test(f"test-{i}"))
        return samples

    def sleep_floor(self) -> dict:
        """Seconds the doctests (per language) and the example scripts spend asleep."""
        script = str(HERE / "sleepfloor.py")
        doctest = subprocess.run(
            [sys.executable, script, "doctest", str(self.site), *self.languages],
            cwd=self.site,
            check=True,
            capture_output=True,
            text=True,
        )
        scripts = sorted(str(p) for p in (self.site / "examples").glob("*.py"))
        examples = subprocess.run(
            [sys.executable, script, "scripts", *scripts],
            cwd=self.site,
            check=True,
            capture_output=True,
            text=True,
        )
        remove_compiled_catalogs(self.site)
        return {"doctest": json.loads(doctest.stdout), "scripts": json.loads(examples.stdout)}


# -- Reporting ---------------------------------------------------------------


def source_bytes(site: Path, languages: list[str]) -> dict[str, int]:
    """What a clean build of every language turns into pages, in UTF-8 bytes: the English
    pages (docs/**/*.md) and, per translation, the msgstrs of its catalogs (obsolete
    entries aside: no page shows them)."""
    found = {"docs/*.md": sum(len(p.read_bytes()) for p in (site / "docs").rglob("*.md"))}
    for lang in languages[1:]:
        total = 0
        for path in sorted((site / "locale" / lang / "LC_MESSAGES").rglob("*.po")):
            for entry in polib.pofile(str(path)):
                if entry.obsolete:
                    continue
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                total += sum(len(text.encode("utf-8")) for text in texts)
        found[f"{lang} msgstrs"] = total
    return found


def per_source_kib_row(
    ours: Samples, peer: Samples, our_bytes: dict[str, int], article_bytes: int
) -> Row:
    """The clean build per KiB of source, ours (every language) vs the peer's one page:
    the site has several times the article's content, in two languages, so the clean
    build's own ratio says little alone. A figure to read, with no target of its own."""
    ours_kib, peer_kib = sum(our_bytes.values()) / 1024, article_bytes / 1024
    ours_rate, peer_rate = ours.median / ours_kib, peer.median / peer_kib
    return Row(
        f"clean build per source KiB ({ours_kib:.0f} KiB: pages + msgstrs) vs peer's "
        f"({peer_kib:.0f} KiB article)",
        f"{ours_rate * 1000:.1f} ms/KiB",
        f"{peer_rate * 1000:.1f} ms/KiB",
        ours_rate / peer_rate,
        "—",
        None,
    )


def versions(peer_python: Path) -> dict[str, str]:
    ours = {
        name: metadata.version(name)
        for name in ("sphinx", "myst-parser", "furo", "sphinx-copybutton", "jieba")
    }
    peer = subprocess.run(
        [
            str(peer_python),
            "-c",
            "from importlib import metadata as m; "
            "print(*(m.version(n) for n in ('mkdocs', 'mkdocs-material', 'pymdown-extensions')))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    ours.update(zip(("mkdocs", "mkdocs-material", "pymdown-extensions"), peer))
    return ours


def machine() -> dict[str, str]:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0
    )
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cores} cores usable, {model}",
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def weight_cell(w: pageweight.PageWeight) -> str:
    third = len(w.third_party)
    extra = f" + {third} third-party (bytes unknown)" if third else ""
    return f"{w.bytes / 1024:.1f} KiB{extra}"


def browser_check(sites: dict[str, tuple[Path, pageweight.PageWeight]]) -> list[str]:
    """Load each page in headless Chromium and compare its same-host requests with ours."""
    import browsercheck

    lines = []
    for label, (root, weight) in sites.items():
        seen = browsercheck.requested_paths(root, weight.page)
        if seen is None:
            return ["- browser check: no Chromium found (/usr/bin/chromium); skipped"]
        expected = {pageweight.urlsplit(r.url).path for r in weight.requests if not r.third_party}
        # Chromium asks for an undeclared /favicon.ico only some of the time.
        seen.discard("/favicon.ico")
        expected.discard("/favicon.ico")
        if seen == expected:
            lines.append(
                f"- browser check, {label}: Chromium requested the same "
                f"{len(seen)} same-host files (/favicon.ico aside)"
            )
        else:
            lines.append(
                f"- browser check, {label}: **differs**: only Chromium "
                f"{sorted(seen - expected)}, only the count {sorted(expected - seen)}"
            )
    return lines


# -- Main --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per timed figure (default 5)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--page",
        default="example-failure.html",
        help="our guide page to weigh (default example-failure.html)",
    )
    parser.add_argument("--article", type=Path, default=ARTICLE, help="the peer's source page")
    parser.add_argument(
        "--tests",
        action="store_true",
        help="add a `make test` figure (minutes per run: not by default)",
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also load the pages in headless Chromium and compare the requests",
    )
    parser.add_argument(
        "--make-args",
        default="",
        help="extra arguments for our `make` runs, e.g. '-j2' (to try a change)",
    )
    parser.add_argument(
        "--patch",
        type=Path,
        action="append",
        default=[],
        help="apply this diff to the snapshot first (to measure a proposed change)",
    )
    parser.add_argument("--ref", help="measure this commit (e.g. HEAD) instead of the work tree")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.article.is_file():
        parser.error(f"the peer's article is not at {args.article}")

    peer_python = ensure_peer_env()
    work = Path(tempfile.mkdtemp(prefix="taskgroup-bench-"))
    bench = Bench(args.runs, work, shlex.split(args.make_args), args.page, peer_python)
    try:
        return report(bench, args)
    except BenchError as error:
        log(f"bench: {error}")
        args.keep = True
        return 2
    finally:
        if args.keep:
            log(f"bench: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(bench: Bench, args: argparse.Namespace) -> int:
    info = machine()
    bench.prepare(args.article, args.patch, args.ref)
    log("bench: measuring the examples' sleep floor ...")
    floor = bench.sleep_floor()
    bench.warm_up()

    clean_ours, clean_peer = bench.clean_build()
    incr_ours, incr_peer, incr_redone = bench.incremental()
    doctest_ours, doctest_redone = bench.doctest()
    tests = bench.test_suite() if args.tests else None
    preview_ours, preview_peer = bench.preview()

    rows = bench.rows
    ratio = clean_ours.median / clean_peer.median
    rows.append(
        Row(
            f"clean build, {len(bench.languages)} languages (`make html`) vs peer build",
            clean_ours.cell(),
            clean_peer.cell(),
            ratio,
            "≤ 4×",
            ratio <= 4,
        )
    )
    sources = source_bytes(bench.site, bench.languages)
    article = len((bench.peer / "docs" / "index.md").read_bytes())
    rows.append(per_source_kib_row(clean_ours, clean_peer, sources, article))
    ratio = incr_ours.median / incr_peer.median
    rows.append(
        Row(
            "incremental rebuild, one `.po` entry changed, vs peer full build",
            incr_ours.cell(),
            incr_peer.cell(),
            ratio,
            "< 1×",
            ratio < 1,
        )
    )

    ratio = preview_ours.median / preview_peer.median
    rows.append(
        Row(
            "preview, a saved `.po` entry until the served page has it, vs `mkdocs serve`",
            preview_ours.cell(),
            preview_peer.cell(),
            ratio,
            "≤ 1×",
            ratio <= 1,
        )
    )

    sleep = {lang: v["seconds"] for lang, v in floor["doctest"].items()}
    serial_floor = sum(sleep.values())
    ratio = doctest_ours.median / serial_floor
    rows.append(
        Row(
            f"doctests, {len(bench.languages)} languages (`make doctest`) vs their sleep",
            doctest_ours.cell(),
            f"floor {serial_floor:.2f} s",
            ratio,
            "≤ 1.25× floor",
            ratio <= 1.25,
        )
    )
    if tests:
        samples, codes = tests, tests.codes
        # The suite builds the languages side by side: its floor is one language's sleep.
        suite_floor = max(sleep.values())
        ratio = samples.median / suite_floor
        failed = sum(1 for c in codes if c)
        note = f" ({failed}/{len(codes)} runs failed)" if failed else ""
        rows.append(
            Row(
                f"test suite (`make test`){note} vs its sleep",
                samples.cell(),
                f"floor {suite_floor:.2f} s",
                ratio,
                "≤ 1.5× floor",
                ratio <= 1.5,
            )
        )

    peer_weight = pageweight.measure(bench.peer / "site", "index.html")
    weights = {}
    for lang in bench.languages:
        html = bench.site / BUILDDIR / "html"
        weights[lang] = pageweight.measure(html, f"{lang}/{args.page}")
    for lang, w in weights.items():
        ratio = w.bytes / peer_weight.bytes
        rows.append(
            Row(
                f"page weight, {lang}/{args.page} vs the peer's page",
                weight_cell(w),
                weight_cell(peer_weight),
                ratio,
                "≤ 0.5×",
                ratio <= 0.5,
            )
        )
    for lang, w in weights.items():
        rows.append(
            Row(
                f"requests (third-party), {lang}/{args.page}",
                f"{len(w.requests)} ({len(w.third_party)})",
                f"{len(peer_weight.requests)} ({len(peer_weight.third_party)})",
                None,
                "0 third-party",
                not w.third_party,
            )
        )

    # -- Print it all.
    print(f"# TaskGroup Guide vs MkDocs Material: {args.runs} run(s) per timed figure\n")
    for key, value in {
        **info,
        **{f"{k}": v for k, v in versions(bench.peer_python).items()},
    }.items():
        print(f"- {key}: {value}")
    load = os.getloadavg()[0]
    print(f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if load > (os.cpu_count() or 1):
        print(
            f"- **busy machine**: more runnable processes ({load:.1f}) than cores; the wall "
            "times are inflated, the ratios less so (interleaved runs), the CPU times least"
        )
    print()
    print(markdown_table(rows))
    print("\nDetails:")
    cpu = [
        f"clean {clean_ours.cpu_cell()} (peer {clean_peer.cpu_cell()})",
        f"incremental {incr_ours.cpu_cell()} (peer {incr_peer.cpu_cell()})",
        f"doctest {doctest_ours.cpu_cell()}",
    ] + ([f"test {tests.cpu_cell()}"] if tests else [])
    print(
        "- CPU time, median, all processes of a run (less sensitive to a busy machine "
        "than wall time): " + "; ".join(cpu)
    )
    times = sum(sources.values()) / article
    print(
        "- source bytes, clean build: "
        + ", ".join(f"{k} {v:,} B" for k, v in sources.items())
        + f"; the peer's article {article:,} B (ours: {times:.1f}× as many)"
    )
    for lang, (read, written) in incr_redone.items():
        print(
            f"- incremental rebuild, {lang}: re-read {len(read)} page(s) {read}, "
            f"wrote {len(written)} HTML file(s) {written}"
        )
    for lang, (read, _) in doctest_redone.items():
        print(f"- doctest after html, {lang}: re-read {len(read)} page(s) {read}")
    print(
        "- sleep floor (virtual clock), doctests: "
        + ", ".join(
            f"{lang} {v['seconds']:.2f} s" + ("" if v["passed"] else " (FAILED)")
            for lang, v in floor["doctest"].items()
        )
    )
    print(
        "- sleep floor, example scripts: "
        + ", ".join(f"{name} {v['seconds']:.2f} s" for name, v in floor["scripts"].items())
    )
    for line in bench.details:
        print(line)
    for lang, w in weights.items():
        print(
            f"- {lang}/{args.page}: {len(w.requests)} requests, {w.bytes:,} B, "
            f"{w.gzip_bytes:,} B gzipped; by kind {w.by_kind()}"
        )
    print(
        f"- peer index.html: {len(peer_weight.requests)} requests, {peer_weight.bytes:,} B, "
        f"{peer_weight.gzip_bytes:,} B gzipped (without the third-party ones); "
        f"by kind {peer_weight.by_kind()}"
    )
    for r in peer_weight.third_party:
        print(f"  - third-party, not fetchable here, bytes left out: {r.url}")
    whole = guide_weight(bench.site / BUILDDIR / "html" / bench.languages[-1])
    print(
        f"- the whole guide in {bench.languages[-1]} (every page once, shared files once): "
        f"{whole[0]} requests, {whole[1]:,} B; the peer's one page: "
        f"{len(peer_weight.requests)} requests, {peer_weight.bytes:,} B"
    )
    if args.browser:
        for line in browser_check(
            {
                f"{lang}/{args.page}": (bench.site / BUILDDIR / "html", w)
                for lang, w in weights.items()
            }
            | {"peer index.html": (bench.peer / "site", peer_weight)}
        ):
            print(line)

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "runs": args.runs,
                    "floor": floor,
                    "samples": {
                        "clean": clean_ours.values,
                        "clean_peer": clean_peer.values,
                        "incremental": incr_ours.values,
                        "incremental_peer": incr_peer.values,
                        "doctest": doctest_ours.values,
                        "preview": preview_ours.values,
                        "preview_peer": preview_peer.values,
                        "test": tests.values if tests else None,
                    },
                    "rows": [r.cells() for r in rows],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    missed = [r.figure for r in rows if r.met is False]
    if missed:
        print("\nTargets missed: " + "; ".join(missed))
    return 1 if (args.check and missed) else 0


def guide_weight(html_dir: Path) -> tuple[int, int]:
    """Requests and bytes to read every page of one language, each shared file once."""
    total: dict[str, int] = {}
    pages = sorted(
        p for p in html_dir.glob("*.html") if p.name not in {"genindex.html", "search.html"}
    )
    for page in pages:
        for r in pageweight.measure(html_dir.parent, f"{html_dir.name}/{page.name}").requests:
            total[r.url.split("?")[0]] = r.size
    return len(total), sum(total.values())


if __name__ == "__main__":
    raise SystemExit(main())
