"""Each script in examples/ prints exactly the output its page shows."""

import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, fenced_blocks

EXAMPLE_BLOCKS = fenced_blocks("example")


@pytest.fixture(scope="module")
def script_runs():
    """Run every script at once: they mostly sleep, so this costs one sleep."""
    procs = {
        name: subprocess.Popen(
            [sys.executable, f"examples/{name}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in sorted({name for _, name, _ in EXAMPLE_BLOCKS})
    }
    return {name: (proc, *proc.communicate(timeout=60)) for name, proc in procs.items()}


def test_every_script_is_on_a_page():
    shown = {name for _, name, _ in EXAMPLE_BLOCKS}
    assert shown == {p.name for p in EXAMPLES.glob("*.py")}


@pytest.mark.parametrize(
    "page, name, output", EXAMPLE_BLOCKS, ids=[name for _, name, _ in EXAMPLE_BLOCKS]
)
def test_script_prints_its_documented_output(script_runs, page, name, output):
    proc, stdout, stderr = script_runs[name]
    assert proc.returncode == 0, stderr
    assert stdout == output, f"python examples/{name} no longer prints what {page.name} shows"
