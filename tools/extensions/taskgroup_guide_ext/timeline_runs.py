"""Running the examples for ``{task-timeline}``: each script once, under timeline_runner.py.

``timeline_runner.py`` runs one script in a subprocess and prints what its
tasks did, in no real time (the runner's clock skips over sleeps); this
module runs it when a directive is read (``run_for``) and keeps the run in
the environment, by the script's content, so the doctest build after the
html build, or a page edited without touching its script, runs nothing
again. Runs made by parallel readers come back with their environments. The
gettext builder runs nothing at all.

(The pages about to be read used to be scanned for the directive and all
their scripts run at once before reading. It did not pay for a second
parser of the pages' source: the seven runs take 0.9 s of CPU together,
readers run in parallel anyway, and clean builds with and without it
differed by less than their spread; benchmarks/README.md, proposal 8.)
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

RUNNER = Path(__file__).with_name("timeline_runner.py")


def run_key(script: Path) -> str:
    """Same Python, same runner, same script: same run, so it is cached."""
    digest = hashlib.sha256()
    for part in (sys.version.encode(), RUNNER.read_bytes(), script.read_bytes()):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def run_scripts(scripts: Mapping[str, Path], timeout: float) -> dict[str, dict[str, Any]]:
    """Run every script at once under the runner; {key: run} in, failures as {"failure": why}."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    procs = {
        key: subprocess.Popen(
            [sys.executable, str(RUNNER), str(script)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for key, script in scripts.items()
    }
    runs = {}
    for key, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            runs[key] = {
                "failure": f"it did not finish within {timeout} s (timeline_timeout in conf.py)"
            }
            continue
        try:
            runs[key] = json.loads(stdout)
        except ValueError:
            tail = stderr.strip().splitlines()[-5:] or [f"exit status {proc.returncode}"]
            runs[key] = {"failure": "the runner failed: " + " / ".join(tail)}
    return runs


def env_runs(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "timeline_runs"):
        env.timeline_runs = {}
    return env.timeline_runs


def env_ran(env: BuildEnvironment) -> list[float]:
    """How long each run this build made took; reported and emptied when reading ends."""
    if not hasattr(env, "timeline_ran"):
        env.timeline_ran = []
    return env.timeline_ran


def env_docs(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, "timeline_docs"):
        env.timeline_docs = {}
    return env.timeline_docs


def runs_examples(env: BuildEnvironment) -> bool:
    """The gettext builder only needs the labels: it never runs an example."""
    return env._builder_cls.name != "gettext"  # as SphinxPostTransform.is_supported does


def script_path(env: BuildEnvironment, name: str) -> Path:
    # Relative to the source dir, like {example} and {literalinclude}.
    return (Path(env.srcdir) / env.config.example_dir / name).resolve()


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_docs(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    for docname in docnames:
        if docname in env_docs(other):
            env_docs(env)[docname] = env_docs(other)[docname]
    env_runs(env).update(env_runs(other))
    env_ran(env).extend(env_ran(other))


def report_runs(app: Sphinx, env: BuildEnvironment) -> None:
    """One line per build: how many examples ran, in how long (seconds, all readers together)."""
    if ran := env_ran(env):
        logger.info("task-timeline: ran %d example(s) in %.2f s", len(ran), sum(ran))
    ran.clear()


def forget_unused_runs(app: Sphinx, env: BuildEnvironment) -> None:
    """Keep the runs some page shows; failed runs are tried again next build."""
    used = set().union(*env_docs(env).values())
    runs = env_runs(env)
    for key in [k for k, run in runs.items() if k not in used or "failure" in run]:
        del runs[key]


def run_for(env: BuildEnvironment, script: Path) -> dict[str, Any]:
    """The run of *script* for the page being read: the one kept, or a new one."""
    key = run_key(script)
    runs = env_runs(env)
    if key not in runs:
        started = time.perf_counter()
        runs.update(run_scripts({key: script}, env.config.timeline_timeout))
        env_ran(env).append(time.perf_counter() - started)
    env_docs(env).setdefault(env.docname, set()).add(key)
    return runs[key]
