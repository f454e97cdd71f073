"""The Patterns pages' examples do what their pages say, on every Python they name."""

from __future__ import annotations

import ast
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DOCS, EXAMPLES, ROOT, fenced_blocks

PYENV = Path.home() / ".pyenv" / "versions"


def interpreter(version: str) -> Path:
    """The newest pyenv Python of a minor version; skip the test if there is none."""
    found = sorted(
        PYENV.glob(f"{version}.*/bin/python"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parts[-3])],
    )
    if not found:
        pytest.skip(
            f"Python {version} is not installed under {PYENV}: "
            f"this check needs a real {version} interpreter"
        )
    return found[-1]


def run(python, *args, cwd=ROOT, env=None):
    return subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
    )


# -- testing.md -------------------------------------------------------------------

TESTING = EXAMPLES / "pattern_testing.py"


def defined_tests(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def pytest_run(python, path: Path, tmp_path: Path, env=None):
    """pytest on one file, verbose, with no cache and no rootdir config of ours."""
    return run(
        python,
        "-m",
        "pytest",
        "-v",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(tmp_path),
        "-c",
        os.devnull,
        str(path),
        cwd=tmp_path,
        env=env,
    )


def outcomes(output: str) -> dict[str, str]:
    return dict(re.findall(r"::(test_\w+) (PASSED|FAILED)", output))


def test_pytest_runs_the_testing_example(tmp_path):
    """The file is a real pytest test file: pytest collects all six tests and they pass."""
    proc = pytest_run(sys.executable, TESTING, tmp_path)
    assert proc.returncode == 0, proc.stdout
    names = defined_tests(TESTING)
    assert len(names) == 6
    assert outcomes(proc.stdout) == dict.fromkeys(names, "PASSED"), proc.stdout


def test_the_testing_example_catches_a_broken_group(tmp_path):
    """The assertions can fail: with gather() instead of a task group, the group tests fail."""
    source = TESTING.read_text("utf-8")
    group = (
        "    async with asyncio.TaskGroup() as group:\n"
        "        tasks = [group.create_task(price(name)) for name in names]\n"
        "    return [task.result() for task in tasks]\n"
    )
    assert group in source
    broken = tmp_path / "pattern_testing.py"
    broken.write_text(
        source.replace(
            group, "    return list(await asyncio.gather(*(price(name) for name in names)))\n"
        ),
        "utf-8",
    )
    proc = pytest_run(sys.executable, broken, tmp_path)
    found = outcomes(proc.stdout)
    # gather() keeps the order and raises the first error on its own, not in a
    # group; except* catches a bare exception too, as the page says
    assert found.pop("test_results_come_in_argument_order") == "PASSED"
    assert found.pop("test_except_star") == "PASSED"
    assert set(found.values()) == {"FAILED"}, proc.stdout
    assert "is not an exception group" in proc.stdout


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_testing_example_on_newer_pythons(version, tmp_path):
    """Same output as on the page, and pytest passes it, on 3.12 and 3.13.

    pytest and its dependencies are pure Python: the interpreter borrows them
    from this environment's site-packages.
    """
    python = interpreter(version)
    site = next(Path(sys.prefix).glob("lib/python3*/site-packages"))
    env = {**os.environ, "PYTHONPATH": str(site)}
    script = run(python, str(TESTING), env=env)
    expected = "".join(f"{name} passed\n" for name in defined_tests(TESTING))
    assert script.returncode == 0 and script.stdout == expected, script.stdout
    proc = pytest_run(python, TESTING, tmp_path, env=env)
    assert proc.returncode == 0, proc.stdout
    assert outcomes(proc.stdout) == dict.fromkeys(defined_tests(TESTING), "PASSED")


# -- eager-tasks.md ---------------------------------------------------------------

EAGER = EXAMPLES / "pattern_eager.py"


def page_output_block(page: str, name: str) -> str:
    """The body of the ```{code-block} with :name: `name` on a page, options left out."""
    for path, _, body in fenced_blocks("code-block"):
        if path.relative_to(DOCS).as_posix() == page and f":name: {name}\n" in body:
            lines = body.splitlines(keepends=True)
            while lines and lines[0].startswith(":"):
                lines.pop(0)
            return "".join(lines).lstrip("\n")
    raise AssertionError(f"{page} has no code-block named {name}")


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_eager_example_on_newer_pythons(version):
    """The page shows what 3.12 and 3.13 print, eager run included."""
    proc = run(interpreter(version), str(EAGER))
    assert proc.returncode == 0, proc.stdout
    shown = page_output_block("patterns/eager-tasks.md", "pattern-eager-output-3-12")
    assert "Eager tasks, with asyncio.eager_task_factory:" in shown
    assert proc.stdout == shown


# An eager task fails inside create_task(); the body creates one more task
# before it waits. What the page says each release does with that.
EAGER_FAILURE = """\
import asyncio

async def broken():
    raise ValueError('c')

async def job():
    await asyncio.sleep(1)

async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(broken())
            coro = job()
            try:
                group.create_task(coro)
                print('accepted')
            except RuntimeError as error:
                # 3.12 leaves the coroutine open
                coro.close()
                print(error)
            await asyncio.sleep(1)
    except* ValueError as errors:
        print(repr(errors.exceptions))

with asyncio.Runner() as runner:
    runner.get_loop().set_task_factory(asyncio.eager_task_factory)
    runner.run(main())
"""


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_eager_failure_inside_create_task(version):
    """Before gh-128550's change the group shuts down inside create_task(); after it, later."""
    python = interpreter(version)
    source = run(
        python,
        "-c",
        "import asyncio.taskgroups as t, inspect; "
        "print(inspect.getsource(t.TaskGroup.create_task))",
    ).stdout
    proc = run(python, "-c", EAGER_FAILURE)
    assert proc.returncode == 0, proc.stdout
    first, second = proc.stdout.splitlines()
    if "gh-128550" in source:  # 3.13.2 and later
        assert first == "accepted"
    else:  # 3.12.1, 3.13.0
        assert first.endswith("is shutting down")
    assert second == "(ValueError('c'),)"


# -- debugging.md -----------------------------------------------------------------

DEBUGGING = EXAMPLES / "pattern_debugging.py"


def documented_output(name: str) -> str:
    [output] = [body for _, arg, body in fenced_blocks("example") if arg == name]
    return output


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_debugging_example_on_newer_pythons(version):
    """3.12 and 3.13 print what the page shows (3.11 is test_examples' job)."""
    proc = run(interpreter(version), str(DEBUGGING))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == documented_output("pattern_debugging.py")


def test_slow_step_report_comes_from_debug_mode(tmp_path):
    """Without debug mode the blocked loop goes unreported: the last line needs debug mode."""
    source = DEBUGGING.read_text("utf-8")
    call = "asyncio.run(main(), debug=True)"
    assert source.count(call) == 1
    quiet = tmp_path / "quiet.py"
    quiet.write_text(source.replace(call, "asyncio.run(main(), debug=False)"), "utf-8")
    proc = run(sys.executable, str(quiet))
    expected = documented_output("pattern_debugging.py").splitlines(keepends=True)
    assert expected[-1].startswith("debug mode: ")
    # nothing was reported, so the program's max() of the reports fails
    assert proc.returncode != 0 and "ValueError" in proc.stdout, proc.stdout
    assert proc.stdout.startswith("".join(expected[:-1])), proc.stdout


# -- before-3-11.md ---------------------------------------------------------------

BEFORE = EXAMPLES / "pattern_before_3_11.py"


@pytest.mark.parametrize("version", ["3.8", "3.9", "3.10"])
def test_before_3_11_example_compiles_on_old_pythons(version):
    """No new syntax: the file compiles where except* would be a SyntaxError."""
    python = interpreter(version)
    proc = run(
        python,
        "-c",
        "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
        str(BEFORE),
    )
    assert proc.returncode == 0, proc.stdout
    star = run(
        python,
        "-c",
        "compile('try:\\n    pass\\nexcept* ValueError:\\n    pass\\n', 'star', 'exec')",
    )
    assert "SyntaxError" in star.stdout


def test_before_3_11_example_runs_with_the_backport():
    """On an old Python with `pip install taskgroup`, the same output as the page.

    The backport is not a dependency of this site: point TASKGROUP_BACKPORT_PYTHON
    at such an interpreter (e.g. a Python 3.10 venv) to run this check.
    """
    python = os.environ.get("TASKGROUP_BACKPORT_PYTHON")
    if not python:
        pytest.skip(
            "set TASKGROUP_BACKPORT_PYTHON to a Python before 3.11 "
            "with the taskgroup backport installed"
        )
    probe = run(python, "-c", "import sys, taskgroup; assert sys.version_info < (3, 11)")
    assert probe.returncode == 0, (
        f"{python} is not a Python before 3.11 with taskgroup: {probe.stdout}"
    )
    proc = run(python, str(BEFORE))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == documented_output("pattern_before_3_11.py")


# -- worker-pools.md: the scripts that need 3.13 (examples/py313/) ---------------
# The site's doctests run on the build's Python (3.11), so these scripts are
# shown as fragments, each followed by a ```text block with what it prints.
# Here each one runs under Python 3.13 and must print exactly that block, and
# under an older Python it must fail, so that the page's "3.13 and later" is
# true in both directions.

NEWER = EXAMPLES / "py313"
# A fragment of a py313 script, then (after blank lines or a comment) its output.
SHOWN = re.compile(
    r"^```\{literalinclude\} (?:\.\./)+examples/py313/(?P<name>\S+)\n.*?^```[ \t]*\n"
    r"\s*^```text\n(?P<output>.*?)^```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def shown() -> dict[str, tuple[Path, str | None]]:
    """{script: (page, output)}; a script shown twice on a page counts once with its output."""
    found: dict[str, tuple[Path, str | None]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text("utf-8")
        for match in SHOWN.finditer(text):
            found[match["name"]] = (page, match["output"])
    return found


SCRIPTS = sorted(p.name for p in NEWER.glob("*.py"))


def test_every_newer_script_is_shown_with_its_output():
    assert SCRIPTS, "examples/py313/ has no scripts"
    assert set(shown()) == set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_newer_script_prints_what_its_page_shows(name):
    python = interpreter("3.13")
    page, output = shown()[name]
    proc = subprocess.run(
        [str(python), f"examples/py313/{name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output, (
        f"{python} examples/py313/{name} no longer prints what {page.name} shows"
    )


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="the build's Python has Queue.shutdown()")
@pytest.mark.parametrize("name", SCRIPTS)
def test_newer_script_fails_on_the_build_python(name):
    proc = subprocess.run(
        [sys.executable, f"examples/py313/{name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "AttributeError" in proc.stderr and (
        "shutdown" in proc.stderr or "QueueShutDown" in proc.stderr
    )


# -- signals.md and the patterns on every Python ---------------------------------

TIMEOUT = 30  # seconds; generous for a loaded machine, never reached when all is well


def start_until(script: str, args: list[str], marker: str) -> tuple[subprocess.Popen, str]:
    """Start examples/SCRIPT with ARGS; return it and its stdout up to and with the line MARKER."""
    # Started the way a shell starts a background job, with SIGINT ignored
    # (Python keeps it so, and asyncio.run() then leaves Ctrl+C alone): the
    # example must give SIGINT its default handler back itself.
    proc = subprocess.Popen(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
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
@pytest.mark.parametrize(
    "signum, status, ending",
    [
        (
            signal.SIGINT,
            130,
            "main: the group was cancelled\nmain: closed database, web\n"
            "asyncio.run() raised KeyboardInterrupt\n",
        ),
        (
            signal.SIGTERM,
            0,
            "main: the group was cancelled\nmain: closed database, web\n"
            "asyncio.run() returned 'stopped by SIGTERM'\n",
        ),
    ],
    ids=["SIGINT", "SIGTERM"],
)
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
VERSIONS = ["3.11", "3.12", "3.13"]
# pattern_eager prints what its Python does with eager tasks, and pattern_testing
# needs pytest in that Python: their own tests above run them on each version.
PATTERN_BLOCKS = [
    (page, name, output)
    for page, name, output in fenced_blocks("example")
    if name.startswith("pattern_") and name not in {"pattern_eager.py", "pattern_testing.py"}
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "page, name, output", PATTERN_BLOCKS, ids=[name for _, name, _ in PATTERN_BLOCKS]
)
def test_pattern_prints_its_page_on_every_version(version, page, name, output):
    proc = subprocess.run(
        [str(interpreter(version)), "-W", "error", str(EXAMPLES / name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output, f"Python {version} prints something else than {page.name}"
    assert proc.stderr == ""
