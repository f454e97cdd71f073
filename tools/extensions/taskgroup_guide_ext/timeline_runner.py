"""Run an example script under instrumentation and print what its tasks did, as JSON.

``python timeline_runner.py examples/failure.py`` runs the script as
``python examples/failure.py`` would, with two of asyncio's own hooks in
place, and prints one JSON object: a lane for every task and every
``asyncio.TaskGroup`` block, with when it started and ended (seconds on the
event loop's clock, from the moment the first task was created) and how it
ended, and ``error``: how the program itself ended if not normally (an
exception nothing caught, or a non-zero exit), else null; the build warns
about it. The script's own output is discarded.

The event loop's clock is the example's own: it skips ahead to the next timer
whenever nothing is ready to run (:class:`VirtualClockLoop`). The code runs as
it does for real, in the same order, but a run takes no real time and its
times are exactly what the program scheduled, however busy the machine is.
On the real clock a loaded machine delays a wake-up by tens of milliseconds,
enough to cross a rounding boundary and change the picture.

``timeline_runs.py`` runs this in a subprocess, so the instrumentation (an event
loop policy, and wrappers on ``TaskGroup.__aenter__``/``__aexit__``) never
touches the Sphinx process, and several examples can run at the same time.
It imports nothing but the standard library.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import runpy
import sys
import weakref
from pathlib import Path
from typing import Any

# The name asyncio gives a task nobody named: the lane is then named after
# its coroutine, which is what the page's text calls it.
DEFAULT_TASK_NAME = re.compile(r"Task-\d+")
GROUP_NAME = "TaskGroup"


class Recorder:
    """Collects lanes: one per task (main included) and one per TaskGroup block."""

    def __init__(self) -> None:
        self.origin: float | None = None  # loop.time() of the first task: time zero
        self.lanes: list[dict[str, Any]] = []
        self._loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()
        # the main task of each loop: the one asyncio.run() made for main()
        self._main: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task] = (
            weakref.WeakKeyDictionary()
        )

    def now(self, loop: asyncio.AbstractEventLoop) -> float:
        t = loop.time()
        if self.origin is None:
            self.origin = t
        return t - self.origin

    def new_lane(self, kind: str, name: str, start: float | None) -> dict[str, Any]:
        lane = {
            "kind": kind,
            "name": name,
            "start": start,
            "end": None,
            "outcome": None,
            "exception": None,
        }
        self.lanes.append(lane)
        return lane

    # -- the task factory and its callbacks -----------------------------------

    def task_factory(self, loop: asyncio.AbstractEventLoop, coro, **kwargs) -> asyncio.Task:
        # asyncio.run() creates the main task before the loop runs, and after
        # main() has ended it creates its own clean-up tasks the same way
        # (shutdown_asyncgens, shutdown_default_executor): those are not the
        # example's, so only the first task created outside the loop counts.
        # The tasks that its shutdown_asyncgens() gathers to close async
        # generators still alive are created while the loop runs, but after
        # the main task has ended: not the example's either.
        if not loop.is_running():
            if loop in self._loops:
                return asyncio.Task(coro, loop=loop, **kwargs)
            self._loops.add(loop)
            first = True
        else:
            main = self._main.get(loop)
            if main is not None and main.done():
                return asyncio.Task(coro, loop=loop, **kwargs)
            first = False
        name = getattr(coro, "__name__", None) or type(coro).__name__
        lane = self.new_lane("task", name, None)
        # Queued just ahead of the task's first step (which the Task queues
        # when it is made), so it notes the moment the task starts to run.
        handle = loop.call_soon(self._started, loop, lane)
        try:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        except BaseException:
            handle.cancel()
            self.lanes.remove(lane)
            raise
        task.add_done_callback(functools.partial(self._done, loop, lane))
        if first:
            self._main[loop] = task
        return task

    def _started(self, loop: asyncio.AbstractEventLoop, lane: dict[str, Any]) -> None:
        if lane["start"] is None:
            lane["start"] = self.now(loop)

    def _done(
        self, loop: asyncio.AbstractEventLoop, lane: dict[str, Any], task: asyncio.Task
    ) -> None:
        lane["end"] = self.now(loop)
        if lane["start"] is None:  # ended within its first step
            lane["start"] = lane["end"]
        if not DEFAULT_TASK_NAME.fullmatch(task.get_name()):
            lane["name"] = task.get_name()
        if task.cancelled():
            lane["outcome"] = "cancelled"
        elif (error := task.exception()) is not None:
            lane["outcome"] = "raised"
            lane["exception"] = type(error).__name__
        else:
            lane["outcome"] = "returned"

    # -- TaskGroup blocks -----------------------------------------------------

    def patch_taskgroup(self) -> None:
        """Record when each ``async with TaskGroup()`` block starts and how it ends."""
        cls = asyncio.TaskGroup
        enter, exit_ = cls.__aenter__, cls.__aexit__
        recorder = self
        lanes: weakref.WeakKeyDictionary[asyncio.TaskGroup, dict[str, Any]] = (
            weakref.WeakKeyDictionary()
        )

        @functools.wraps(enter)
        async def __aenter__(group):
            loop = asyncio.get_running_loop()
            lanes[group] = recorder.new_lane("group", GROUP_NAME, recorder.now(loop))
            return await enter(group)

        @functools.wraps(exit_)
        async def __aexit__(group, et, exc, tb):
            lane = lanes[group]
            loop = asyncio.get_running_loop()
            try:
                result = await exit_(group, et, exc, tb)
            except BaseException as error:
                lane.update(
                    end=recorder.now(loop), outcome="raised", exception=type(error).__name__
                )
                raise
            lane.update(end=recorder.now(loop), outcome="returned")
            return result

        cls.__aenter__, cls.__aexit__ = __aenter__, __aexit__

    # -- the result -------------------------------------------------------------

    def result(self) -> dict[str, Any]:
        """Lanes in the order they began, with unique names and rounded-off noise."""
        counts: dict[tuple[str, str], int] = {}
        for lane in self.lanes:
            key = (lane["kind"], lane["name"])
            counts[key] = counts.get(key, 0) + 1
        seen: dict[tuple[str, str], int] = {}
        lanes = []
        for lane in self.lanes:
            key = (lane["kind"], lane["name"])
            name = lane["name"]
            if counts[key] > 1:
                # A hyphen cannot occur in a coroutine's name, so "task-2"
                # never collides with a real coroutine called task2.
                seen[key] = seen.get(key, 0) + 1
                name = f"{name}-{seen[key]}"
            lanes.append(
                {
                    "kind": lane["kind"],
                    "name": name,
                    "start": None if lane["start"] is None else round(lane["start"], 6),
                    "end": None if lane["end"] is None else round(lane["end"], 6),
                    "outcome": lane["outcome"] or "unfinished",
                    "exception": lane["exception"],
                }
            )
        # The Python that ran it is in the run's cache key (timeline_runs.run_key), not here.
        return {"lanes": lanes}


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock skips ahead when nothing is ready to run."""

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        real_select = self._selector.select

        def select(timeout: float | None = None):
            if timeout is None:  # no timer: only I/O (a thread's wake-up) can come
                return real_select(None)
            ready = real_select(0)
            if not ready and timeout > 0:
                self._now += timeout  # sleep until the next timer, in no time
            return ready

        self._selector.select = select

    def time(self) -> float:
        return self._now


class InstrumentedPolicy(asyncio.DefaultEventLoopPolicy):
    """Every new event loop gets the recorder's task factory.

    ``asyncio.run()`` makes its loop with ``asyncio.new_event_loop()``, which
    asks the policy. (Policies are deprecated from Python 3.14; this site
    builds on 3.11. There, ``asyncio.run(loop_factory=...)`` is the way.)
    """

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = VirtualClockLoop()
        loop.set_task_factory(self.recorder.task_factory)
        return loop


def record(script: Path) -> dict[str, Any]:
    """Run *script* as ``__main__`` and return its lanes; this process's asyncio stays patched."""
    recorder = Recorder()
    asyncio.set_event_loop_policy(InstrumentedPolicy(recorder))
    recorder.patch_taskgroup()
    sys.argv = [str(script)]
    sys.path.insert(0, str(script.parent))
    error = None
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            error = f"SystemExit({exit_.code!r})"
    except BaseException as exc:  # the lanes still say what happened
        error = f"{type(exc).__name__}: {exc}"
    result = recorder.result()
    result["error"] = error
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {Path(argv[0]).name} SCRIPT", file=sys.stderr)
        return 2
    # Keep the real stdout for the JSON; the example prints into the void.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.stdout = open(os.devnull, "w", encoding="utf-8")
    result = record(Path(argv[1]).resolve())
    json.dump(result, out, indent=1)
    out.write("\n")
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
