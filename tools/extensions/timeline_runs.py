"""Running the examples for ``{task-timeline}``: each script once, under timeline_runner.py.

``timeline_runner.py`` runs one script in a subprocess and prints what its
tasks did; this module decides when: before reading, every page about to be
read is scanned for the directive and all the scripts run at once, in no
real time (the runner's clock skips over sleeps). Runs are cached in the
environment by the script's content, so the doctest build after the html
build, or a page edited without touching its script, runs nothing again. A
script the scan missed is run by its directive (``run_for``). The gettext
builder runs nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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

# Finds the scripts of the pages about to be read (MyST fences and reST).
DIRECTIVE = re.compile(
    r"^(?:[ \t]*(?:`{3,}|:{3,})\{task-timeline\}|[ \t]*\.\.[ \t]+task-timeline::)[ \t]+(\S+)",
    re.MULTILINE,
)


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
        key: subprocess.Popen([sys.executable, str(RUNNER), str(script)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8")
        for key, script in scripts.items()
    }
    runs = {}
    for key, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            runs[key] = {"failure": f"it did not finish within {timeout} s "
                                    f"(timeline_timeout in conf.py)"}
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


def prefetch_runs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Run the scripts of every page about to be read, all at once, before reading.

    Done before a parallel read forks, so every reader finds the runs in the
    environment. A script missed here is run by its directive instead.
    """
    if not runs_examples(env):
        return
    runs, wanted = env_runs(env), {}
    for docname in docnames:
        text = env.doc2path(docname).read_text("utf-8")
        for match in DIRECTIVE.finditer(text):
            script = script_path(env, match[1])
            if script.is_file() and (key := run_key(script)) not in runs:
                wanted[key] = script
    if wanted:
        started = time.perf_counter()
        runs.update(run_scripts(wanted, app.config.timeline_timeout))
        logger.info("task-timeline: ran %d example(s) at once in %.2f s", len(wanted),
                    time.perf_counter() - started)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_docs(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
               other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in env_docs(other):
            env_docs(env)[docname] = env_docs(other)[docname]
    env_runs(env).update(env_runs(other))


def forget_unused_runs(app: Sphinx, env: BuildEnvironment) -> None:
    """Keep the runs some page shows; failed runs are tried again next build."""
    used = set().union(*env_docs(env).values())
    runs = env_runs(env)
    for key in [k for k, run in runs.items() if k not in used or "failure" in run]:
        del runs[key]


def run_for(env: BuildEnvironment, script: Path) -> dict[str, Any]:
    """The run of *script* for the page being read: the prefetched one, or a new one."""
    key = run_key(script)
    runs = env_runs(env)
    if key not in runs:  # not found by prefetch_runs: run it now
        runs.update(run_scripts({key: script}, env.config.timeline_timeout))
    env_docs(env).setdefault(env.docname, set()).add(key)
    return runs[key]
