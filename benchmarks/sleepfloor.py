"""The examples' own sleep time: the floor under any run of the doctests.

Runs the doctest builder (or the example scripts) in this process on an event
loop whose clock jumps to the next timer instead of waiting for it. Every
``asyncio.sleep`` then takes no real time, the tasks still run in the same
order, and the loop's clock at the end is how long that code sleeps when it
runs for real: the part of a doctest run no speed-up of ours can remove.

Overlapping sleeps count once, as they do on a real loop (three tasks that
each sleep one second side by side cost one second). Only asyncio's clock is
virtual: a ``time.sleep`` in an example would not be counted.

    python benchmarks/sleepfloor.py doctest SRCROOT LANG [LANG ...]
    python benchmarks/sleepfloor.py scripts SCRIPT [SCRIPT ...]

prints JSON: seconds of sleep per language (or per script), and whether the
tests passed on the virtual clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import io
import json
import runpy
import sys
import tempfile
from pathlib import Path

# The same virtual-clock loop the task timelines run their examples on, read
# from its file (it imports nothing of its package): importing the package
# would tie it to this checkout, and the doctest mode builds another one, a
# snapshot that bench.py may have patched.
_RUNNER = (
    Path(__file__).resolve().parents[1] / "tools/extensions/taskgroup_guide_ext/timeline_runner.py"
)
_spec = importlib.util.spec_from_file_location("sleepfloor_timeline_runner", _RUNNER)
_runner = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_runner)
VirtualClockLoop = _runner.VirtualClockLoop

# Virtual seconds slept by each event loop, in the order they were closed.
SLEPT: list[float] = []


class FloorLoop(VirtualClockLoop):
    """The timelines' virtual-clock loop, noting how long it slept when closed."""

    def close(self) -> None:
        if not self.is_closed():
            SLEPT.append(self._now)
        super().close()


class VirtualClockPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return FloorLoop()


def doctest_floor(srcroot: Path, language: str) -> tuple[float, bool]:
    """Sleep seconds of one language's doctest run, and whether it passed."""
    from sphinx.cmd.build import build_main

    with tempfile.TemporaryDirectory() as out:
        args = [
            "-b",
            "doctest",
            "-q",
            "-c",
            str(srcroot),
            "-D",
            f"language={language}",
            "-d",
            f"{out}/doctrees",
            str(srcroot / "docs"),
            f"{out}/doctest",
        ]
        start = len(SLEPT)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = build_main(args)
        return sum(SLEPT[start:]), status == 0


def script_floor(script: Path) -> tuple[float, bool]:
    """Sleep seconds of one example script, and whether it ran."""
    start = len(SLEPT)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(script), run_name="__main__")
    except BaseException:  # noqa: BLE001  a figure, not a test: report and go on
        return sum(SLEPT[start:]), False
    return sum(SLEPT[start:]), True


def main(argv: list[str]) -> int:
    asyncio.set_event_loop_policy(VirtualClockPolicy())
    mode, *rest = argv
    if mode == "doctest":
        srcroot, languages = Path(rest[0]).resolve(), rest[1:]
        sys.path[:0] = [str(srcroot), str(srcroot / "tools" / "extensions")]
        result = {lang: doctest_floor(srcroot, lang) for lang in languages}
    elif mode == "scripts":
        result = {Path(s).name: script_floor(Path(s)) for s in rest}
    else:
        raise SystemExit(f"unknown mode {mode!r}: doctest or scripts")
    json.dump(
        {k: {"seconds": round(s, 6), "passed": ok} for k, (s, ok) in result.items()}, sys.stdout
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
