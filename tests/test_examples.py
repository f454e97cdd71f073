"""Each script in examples/ prints exactly the output its page shows."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import EXAMPLES, ROOT, fenced_blocks

EXAMPLE_BLOCKS = fenced_blocks("example")


# At most this many scripts at once. Their outputs hold on a loaded machine,
# with margins of a few tenths of a second (pattern_staggered.py: 0.4 s); every
# script started at the same moment starved the first ones' event loops of
# that much while the others' interpreters started (one run: server_a won).
AT_ONCE = 4


@pytest.fixture(scope="module")
def script_runs():
    """Run the scripts a few at a time: they mostly sleep, so this costs a few sleeps."""

    def run(name):
        proc = subprocess.run(
            [sys.executable, f"examples/{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return name, (proc, proc.stdout, proc.stderr)

    names = sorted({name for _, name, _ in EXAMPLE_BLOCKS})
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return dict(pool.map(run, names))


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
