"""Write python3.inv, the stored intersphinx inventory of the Python docs.

The site links to https://docs.python.org/3/ (and, from the Chinese pages, to
https://docs.python.org/zh-cn/3/) through intersphinx. Sphinx reads this file
instead of downloading objects.inv, so every build works offline and makes the
same links. It holds only the objects the site links to; a reference to any
other Python object simply stays plain text, as it would without intersphinx.

Each entry below is checked against the reStructuredText sources of the Python
docs (CPython's Doc/ directory): the object's directive (``.. class::``,
``.. method::`` ...) or label (``.. _name:``), and so its anchor.

To add an entry, add a line to ENTRIES and run, from the repository root::

    .venv/bin/python docs/_intersphinx/make_python3_inv.py

``--check`` exits non-zero if python3.inv is not what ENTRIES describe (the
test suite runs it). With network access, compare an entry with the live
inventory before adding it::

    .venv/bin/python -m sphinx.ext.intersphinx https://docs.python.org/3/objects.inv
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
INVENTORY = HERE / "python3.inv"

HEADER = (
    "# Sphinx inventory version 2\n"
    "# Project: Python\n"
    "# Version: 3\n"
    "# The remainder of this file is compressed using zlib.\n"
)

# (name, domain:role, page, anchor or "$" for the name itself, display name or "-").
# Pages are relative to the docs root; "$" is expanded by intersphinx.
ASYNCIO_TASK = "library/asyncio-task.html"
EXCEPTIONS = "library/exceptions.html"
ENTRIES: list[tuple[str, str, str, str, str]] = [
    # modules
    ("asyncio", "py:module", "library/asyncio.html", "module-asyncio", "-"),
    ("contextvars", "py:module", "library/contextvars.html", "module-contextvars", "-"),
    ("tracemalloc", "py:module", "library/tracemalloc.html", "module-tracemalloc", "-"),
    ("traceback", "py:module", "library/traceback.html", "module-traceback", "-"),
    # Doc/library/asyncio-task.rst
    ("asyncio.TaskGroup", "py:class", ASYNCIO_TASK, "$", "-"),
    ("asyncio.TaskGroup.create_task", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task", "py:class", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.add_done_callback", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.cancel", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.cancelled", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.cancelling", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.done", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.exception", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.get_name", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.result", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Task.uncancel", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Timeout", "py:class", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Timeout.expired", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Timeout.reschedule", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.Timeout.when", "py:method", ASYNCIO_TASK, "$", "-"),
    ("asyncio.all_tasks", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.as_completed", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.create_task", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.current_task", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.eager_task_factory", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.gather", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.shield", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.sleep", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.timeout", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.timeout_at", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.wait", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.wait_for", "py:function", ASYNCIO_TASK, "$", "-"),
    ("asyncio.ALL_COMPLETED", "py:data", ASYNCIO_TASK, "$", "-"),
    ("asyncio.FIRST_COMPLETED", "py:data", ASYNCIO_TASK, "$", "-"),
    ("asyncio.FIRST_EXCEPTION", "py:data", ASYNCIO_TASK, "$", "-"),
    ("asyncio-awaitables", "std:label", ASYNCIO_TASK, "asyncio-awaitables", "Awaitables"),
    ("taskgroups", "std:label", ASYNCIO_TASK, "taskgroups", "Task Groups"),
    ("library/asyncio-task", "std:doc", ASYNCIO_TASK, "", "Coroutines and Tasks"),
    # Doc/library/asyncio-runner.rst
    ("asyncio.run", "py:function", "library/asyncio-runner.html", "$", "-"),
    ("asyncio.Runner", "py:class", "library/asyncio-runner.html", "$", "-"),
    # Doc/library/asyncio-dev.rst
    (
        "asyncio-debug-mode",
        "std:label",
        "library/asyncio-dev.html",
        "asyncio-debug-mode",
        "Debug Mode",
    ),
    # Doc/library/asyncio-eventloop.rst (`.. method:: loop.create_task` under asyncio)
    (
        "asyncio.loop.call_exception_handler",
        "py:method",
        "library/asyncio-eventloop.html",
        "$",
        "-",
    ),
    ("asyncio.loop.create_task", "py:method", "library/asyncio-eventloop.html", "$", "-"),
    ("asyncio.loop.set_task_factory", "py:method", "library/asyncio-eventloop.html", "$", "-"),
    # Doc/library/asyncio-sync.rst, asyncio-queue.rst, asyncio-stream.rst
    ("asyncio.Semaphore", "py:class", "library/asyncio-sync.html", "$", "-"),
    ("asyncio.Queue", "py:class", "library/asyncio-queue.html", "$", "-"),
    ("asyncio.Queue.join", "py:method", "library/asyncio-queue.html", "$", "-"),
    ("asyncio.Queue.shutdown", "py:method", "library/asyncio-queue.html", "$", "-"),
    ("asyncio.Queue.task_done", "py:method", "library/asyncio-queue.html", "$", "-"),
    ("asyncio.QueueShutDown", "py:exception", "library/asyncio-queue.html", "$", "-"),
    ("asyncio.start_server", "py:function", "library/asyncio-stream.html", "$", "-"),
    # Doc/library/asyncio-exceptions.rst
    ("asyncio.CancelledError", "py:exception", "library/asyncio-exceptions.html", "$", "-"),
    ("asyncio.InvalidStateError", "py:exception", "library/asyncio-exceptions.html", "$", "-"),
    ("asyncio.TimeoutError", "py:exception", "library/asyncio-exceptions.html", "$", "-"),
    # Doc/library/exceptions.rst
    ("BaseException", "py:exception", EXCEPTIONS, "$", "-"),
    ("BaseException.add_note", "py:method", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup", "py:exception", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup.derive", "py:method", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup.exceptions", "py:attribute", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup.message", "py:attribute", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup.split", "py:method", EXCEPTIONS, "$", "-"),
    ("BaseExceptionGroup.subgroup", "py:method", EXCEPTIONS, "$", "-"),
    ("Exception", "py:exception", EXCEPTIONS, "$", "-"),
    ("ExceptionGroup", "py:exception", EXCEPTIONS, "$", "-"),
    ("GeneratorExit", "py:exception", EXCEPTIONS, "$", "-"),
    ("KeyboardInterrupt", "py:exception", EXCEPTIONS, "$", "-"),
    ("RuntimeError", "py:exception", EXCEPTIONS, "$", "-"),
    ("SystemExit", "py:exception", EXCEPTIONS, "$", "-"),
    ("TimeoutError", "py:exception", EXCEPTIONS, "$", "-"),
    ("ValueError", "py:exception", EXCEPTIONS, "$", "-"),
    ("lib-exception-groups", "std:label", EXCEPTIONS, "lib-exception-groups", "Exception groups"),
    # Doc/library/contextlib.rst
    ("contextlib.asynccontextmanager", "py:function", "library/contextlib.html", "$", "-"),
    # Doc/library/contextvars.rst, Doc/library/traceback.rst
    ("contextvars.Context", "py:class", "library/contextvars.html", "$", "-"),
    ("traceback.format_exception", "py:function", "library/traceback.html", "$", "-"),
    ("traceback.print_exception", "py:function", "library/traceback.html", "$", "-"),
    # Doc/reference/datamodel.rst, Doc/reference/compound_stmts.rst
    ("object.__aenter__", "py:method", "reference/datamodel.html", "$", "-"),
    ("object.__aexit__", "py:method", "reference/datamodel.html", "$", "-"),
    (
        "async-context-managers",
        "std:label",
        "reference/datamodel.html",
        "async-context-managers",
        "Asynchronous Context Managers",
    ),
    # `.. _except_star:`; docutils turns the underscore into a hyphen in the id.
    ("except_star", "std:label", "reference/compound_stmts.html", "except-star", "except* clause"),
    # Doc/glossary.rst
    (
        "asynchronous context manager",
        "std:term",
        "glossary.html",
        "term-asynchronous-context-manager",
        "-",
    ),
    ("awaitable", "std:term", "glossary.html", "term-awaitable", "-"),
    ("coroutine", "std:term", "glossary.html", "term-coroutine", "-"),
]

# Sphinx's own priorities: 1 for objects, 0 for modules, -1 for labels, docs, terms.
PRIORITY = {"py:module": 0, "std:label": -1, "std:doc": -1, "std:term": -1}


def inventory_lines() -> str:
    """The uncompressed part of the inventory, sorted like Sphinx sorts it."""
    lines = []
    for name, role, page, anchor, display in sorted(ENTRIES):
        uri = f"{page}#{anchor}" if anchor else page
        lines.append(f"{name} {role} {PRIORITY.get(role, 1)} {uri} {display}\n")
    return "".join(lines)


def inventory_bytes() -> bytes:
    return HEADER.encode() + zlib.compress(inventory_lines().encode(), 9)


def stored_lines() -> str:
    """The uncompressed part of python3.inv as stored."""
    data = INVENTORY.read_bytes()
    return zlib.decompress(data[len(HEADER.encode()) :]).decode()


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        if not INVENTORY.is_file() or not INVENTORY.read_bytes().startswith(HEADER.encode()):
            print(f"{INVENTORY} is missing or has another header: run {Path(__file__).name}")
            return 1
        if stored_lines() != inventory_lines():
            print(f"{INVENTORY} differs from ENTRIES in {__file__}: run it to rewrite the file")
            return 1
        return 0
    if argv:
        print(f"usage: {Path(__file__).name} [--check]")
        return 2
    INVENTORY.write_bytes(inventory_bytes())
    print(f"wrote {len(ENTRIES)} entries to {INVENTORY}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
