"""Stop a command started in a session of its own, with everything it started.

``make preview`` runs a server, which runs a builder: signalling ``make``
alone would leave them serving. The benchmarks and the tests start it with
``start_new_session=True`` and stop it with :func:`stop_session`.
"""

from __future__ import annotations

import os
import signal
import subprocess


def stop_session(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM to ``proc``'s process group, SIGKILL if it is not gone after ``timeout`` s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
