"""Unit tests of tools/extensions/taskgroup_guide_ext/intersphinx_language.py on a tiny project."""

import shutil
import zlib

import pytest

GATHER = "library/asyncio-task.html#asyncio.gather"


@pytest.fixture
def project(tmp_path, rootdir):
    """A copy of the tiny root, with an inventory made here: one object, no download."""
    src = tmp_path / "intersphinx-language"
    shutil.copytree(rootdir / "test-intersphinx-language", src)
    header = b"# Sphinx inventory version 2\n# Project: Python\n# Version: 3\n"
    header += b"# The remainder of this file is compressed using zlib.\n"
    entry = b"asyncio.gather py:function 1 library/asyncio-task.html#$ -\n"
    (src / "python.inv").write_bytes(header + zlib.compress(entry))
    return src


def build(make_app, src, language, **overrides):
    app = make_app("html", srcdir=src, confoverrides={"language": language, **overrides})
    app.build()
    return app, (app.outdir / "index.html").read_text("utf-8")


def test_source_language_keeps_the_mapping(make_app, project):
    app, html = build(make_app, project, "en")
    assert f'href="https://docs.python.org/3/{GATHER}"' in html
    assert app.warning.getvalue() == ""


def test_translation_links_to_its_edition(make_app, project):
    # The language comes from the command line (-D language=zh_CN), as in `make`,
    # which conf.py itself never sees.
    app, html = build(make_app, project, "zh_CN")
    assert f'href="https://docs.python.org/zh-cn/3/{GATHER}"' in html
    assert "https://docs.python.org/3/" not in html
    assert app.warning.getvalue() == ""


def test_translation_moves_plain_links_to_its_edition(make_app, project):
    _, html = build(make_app, project, "zh_CN")
    assert 'href="https://docs.python.org/zh-cn/3/whatsnew/3.11.html"' in html
    # A link to one version's docs goes to that version's edition.
    assert 'href="https://docs.python.org/zh-cn/3.13/library/asyncio-task.html"' in html
    _, english = build(make_app, project, "en")
    assert 'href="https://docs.python.org/3/whatsnew/3.11.html"' in english
    assert 'href="https://docs.python.org/3.13/library/asyncio-task.html"' in english


def test_language_without_edition_keeps_the_mapping(make_app, project):
    _, html = build(make_app, project, "ja")
    assert f'href="https://docs.python.org/3/{GATHER}"' in html


def test_unknown_project_is_reported(make_app, project):
    editions = {"zh_CN": {"pyton": "https://docs.python.org/zh-cn/3/"}}
    app, html = build(make_app, project, "zh_CN", intersphinx_language_uris=editions)
    warning = app.warning.getvalue()
    assert "intersphinx_language_uris['zh_CN'] names the project 'pyton'" in warning
    assert "'python'" in warning  # the keys it could have used
    assert f'href="https://docs.python.org/3/{GATHER}"' in html
