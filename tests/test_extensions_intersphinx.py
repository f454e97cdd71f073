"""Unit tests of tools/extensions/taskgroup_guide_ext/intersphinx_language.py on a tiny project."""

import pytest

GATHER = "library/asyncio-task.html#asyncio.gather"


def intersphinx_root(language, **overrides):
    """tests/roots/test-intersphinx-language, copied for the test, built by ``app``."""
    return pytest.mark.sphinx(
        "html",
        testroot="intersphinx-language",
        srcdir="intersphinx-language",
        confoverrides={"language": language, **overrides},
    )


def build(app):
    app.build()
    return app, (app.outdir / "index.html").read_text("utf-8")


@intersphinx_root("en")
def test_source_language_keeps_the_mapping(app):
    app, html = build(app)
    assert f'href="https://docs.python.org/3/{GATHER}"' in html
    assert app.warning.getvalue() == ""


@intersphinx_root("zh_CN")
def test_translation_links_to_its_edition(app):
    # The language comes from the command line (-D language=zh_CN), as in `make`,
    # which conf.py itself never sees.
    app, html = build(app)
    assert f'href="https://docs.python.org/zh-cn/3/{GATHER}"' in html
    assert "https://docs.python.org/3/" not in html
    assert app.warning.getvalue() == ""


@intersphinx_root("zh_CN")
def test_translation_moves_plain_links_to_its_edition(app, make_app):
    _, html = build(app)
    assert 'href="https://docs.python.org/zh-cn/3/whatsnew/3.11.html"' in html
    # A link to one version's docs goes to that version's edition.
    assert 'href="https://docs.python.org/zh-cn/3.13/library/asyncio-task.html"' in html
    _, english = build(make_app("html", srcdir=app.srcdir, confoverrides={"language": "en"}))
    assert 'href="https://docs.python.org/3/whatsnew/3.11.html"' in english
    assert 'href="https://docs.python.org/3.13/library/asyncio-task.html"' in english


@intersphinx_root("ja")
def test_language_without_edition_keeps_the_mapping(app):
    _, html = build(app)
    assert f'href="https://docs.python.org/3/{GATHER}"' in html


@intersphinx_root(
    "zh_CN", intersphinx_language_uris={"zh_CN": {"pyton": "https://docs.python.org/zh-cn/3/"}}
)
def test_unknown_project_is_reported(app):
    app, html = build(app)
    warning = app.warning.getvalue()
    assert "intersphinx_language_uris['zh_CN'] names the project 'pyton'" in warning
    assert "'python'" in warning  # the keys it could have used
    assert f'href="https://docs.python.org/3/{GATHER}"' in html
