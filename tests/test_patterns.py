"""The patterns' claims a doctest cannot show: real signals from outside, and the same output on every Python the pages name."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, fenced_blocks

TIMEOUT = 30  # seconds; generous for a loaded machine, never reached when all is well


def start_until(script: str, args: list[str], marker: str) -> tuple[subprocess.Popen, str]:
    """Start examples/SCRIPT with ARGS; return it and its stdout up to and with the line MARKER."""
    # Started the way a shell starts a background job, with SIGINT ignored
    # (Python keeps it so, and asyncio.run() then leaves Ctrl+C alone): the
    # example must give SIGINT its default handler back itself.
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / script), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    seen = b""
    deadline = time.monotonic() + TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while not seen.endswith(marker.encode() + b"\n"):
            if not selector.select(timeout=max(0, deadline - time.monotonic())):
                proc.kill()
                proc.communicate()
                pytest.fail(f"{script} did not print {marker!r} within {TIMEOUT} s: {seen!r}")
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                _, stderr = proc.communicate()
                pytest.fail(f"{script} ended before printing {marker!r}: {seen!r}, {stderr!r}")
            seen += chunk
    return proc, seen.decode()


# -- patterns/signals: a real Ctrl+C and a real SIGTERM, from another process ------------

SERVING = "database: running\nweb: running\nmain: ready\n"


@pytest.mark.skipif(sys.platform == "win32", reason="loop.add_signal_handler() is Unix only")
@pytest.mark.parametrize("signum, status, ending", [
    (signal.SIGINT, 130,
     "main: the group was cancelled\nmain: closed database, web\n"
     "asyncio.run() raised KeyboardInterrupt\n"),
    (signal.SIGTERM, 0,
     "main: the group was cancelled\nmain: closed database, web\n"
     "asyncio.run() returned 'stopped by SIGTERM'\n"),
], ids=["SIGINT", "SIGTERM"])
def test_a_real_signal_cancels_the_group_and_cleanup_runs(signum, status, ending):
    proc, before = start_until("pattern_signals.py", ["--serve"], "main: ready")
    assert before == SERVING
    proc.send_signal(signum)
    stdout, stderr = (out.decode() for out in proc.communicate(timeout=TIMEOUT))
    # The group saw a cancellation, never KeyboardInterrupt; every worker's
    # finally ran; and asyncio.run() turned the first Ctrl+C back into
    # KeyboardInterrupt only after main() had ended.
    assert stdout == ending, stderr
    assert "main: KeyboardInterrupt" not in stdout
    assert proc.returncode == status, stderr
    assert stderr == ""


# -- every pattern, on every Python the pages name ----------------------------------------

# The pages say "the same output on Python 3.11.7, 3.12.1 and 3.13.0"; the
# build runs one Python, so run the others too where they are installed.
PYENV = Path.home() / ".pyenv" / "versions"
VERSIONS = ["3.11.7", "3.12.1", "3.13.0"]
PATTERN_BLOCKS = [(page, name, output) for page, name, output in fenced_blocks("example")
                  if name.startswith("pattern_")]


def interpreter(version: str) -> Path:
    python = PYENV / version / "bin" / "python"
    if not python.is_file():
        pytest.skip(f"Python {version} is not installed at {python}")
    return python


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("page, name, output", PATTERN_BLOCKS,
                         ids=[name for _, name, _ in PATTERN_BLOCKS])
def test_pattern_prints_its_page_on_every_version(version, page, name, output):
    proc = subprocess.run([str(interpreter(version)), "-W", "error", str(EXAMPLES / name)],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output, f"Python {version} prints something else than {page.name}"
    assert proc.stderr == ""
