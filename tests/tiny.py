"""The tests' tiny Sphinx projects (tests/roots/test-*), through sphinx.testing's fixtures.

A test names its root and its build, and takes the ``app`` fixture, which
copies the root and makes the application; the test writes what it needs
(a catalog, an edit) into ``app.srcdir`` and calls ``app.build()``::

    @pytest.mark.sphinx("html", testroot="gate", srcdir="gate",
                        confoverrides={"language": "zh_CN"})
    def test_something(app):
        write_catalog(app.srcdir, {"A task group": "任务组"})
        app.build()

``srcdir`` makes sphinx.testing copy the root instead of building it where it
is. ``make_app`` with ``app_params`` builds the same copy again (another
language, another builder). The catalogs are made by the tests, never
committed: each test says what it translates. The build compiles them at
each ``build()`` (catalog_gate), so writing them after the application is
made is in time.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

# The header the build requires of a catalog (catalog_gate).
HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Each test its own copy of its root (sphinx.testing's is one folder a session):
    the tests write into their copies."""
    return tmp_path


def catalog(path: Path, entries: dict, metadata: dict | None = None) -> Path:
    """A ``.po`` file at ``path``: msgid -> msgstr, or -> (msgstr, fuzzy)."""
    po = polib.POFile()
    po.metadata = dict(HEADER if metadata is None else metadata)
    for msgid, msgstr in entries.items():
        msgstr, fuzzy = msgstr if isinstance(msgstr, tuple) else (msgstr, False)
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))  # the build compiles the .mo itself
    return path


def write_catalog(
    srcdir: Path, entries: dict, page: str = "index", language: str = "zh_CN"
) -> Path:
    """The catalog of ``page`` in ``language``, where the tiny roots keep them."""
    return catalog(Path(srcdir) / "locale" / language / "LC_MESSAGES" / f"{page}.po", entries)
