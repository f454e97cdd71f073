"""Unit tests of the local extensions (tools/extensions/taskgroup_guide_ext/) on a tiny project."""

import importlib.machinery
import json
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import polib
import pytest
from conftest import ROOT
from sphinx.errors import ConfigError
from taskgroup_guide_ext.rtd_language import gettext_code, language_from_environment
from tiny import write_catalog

ENGLISH_CODE = '# say hello\nprint("hello")\n'
ENGLISH_EXAMPLE = '# print a greeting\nprint("hello from the example")'


def guide_ext(builder="html", language="zh_CN"):
    """tests/roots/test-guide-ext, copied for the test, built by ``app``."""
    return pytest.mark.sphinx(
        builder, testroot="guide-ext", srcdir="guide-ext", confoverrides={"language": language}
    )


@guide_ext()
def test_code_block_is_translated_as_code(app):
    write_catalog(app.srcdir, {ENGLISH_CODE: '# 打招呼\nprint("hello")\n'})
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "打招呼" in html
    # The translated block is still a highlighted code block, not a "::" paragraph.
    assert "<p>::" not in html and "::\n" not in html
    assert '<span class="c1"># 打招呼</span>' in html
    assert app.warning.getvalue() == ""


@guide_ext("doctest")
def test_translated_example_runs_as_doctest(app):
    write_catalog(app.srcdir, {ENGLISH_EXAMPLE: '# 打印问候\nprint("hello from the example")'})
    app.build()
    report = (app.outdir / "output.txt").read_text("utf-8")
    assert "1 test" in report and "0 failures in tests" in report
    assert app.statuscode == 0


@guide_ext()
def test_changed_code_is_refused_with_page_and_entry(app):
    write_catalog(app.srcdir, {ENGLISH_EXAMPLE: '# 打印问候\nprint("你好")'})
    app.build()
    warning = app.warning.getvalue()
    assert "index.md:" in warning
    assert "the code differs from the msgid beyond comments" in warning
    assert "msgid '# print a greeting" in warning  # the entry's msgid
    assert "locale/zh_CN/LC_MESSAGES/index.po" in warning
    assert "'hello from the example'" in warning and "'你好'" in warning
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "你好" not in html  # the English code is kept


@guide_ext("gettext", language="en")
def test_expected_output_is_not_translatable(app):
    app.build()
    template = polib.pofile(str(app.outdir / "index.pot"))
    msgids = {e.msgid for e in template}
    assert ENGLISH_EXAMPLE in msgids
    assert "hello from the example" not in msgids  # the output block


@guide_ext("doctest", language="en")
def test_example_directive_makes_a_doctest(app):
    app.build()
    assert "1 test" in (app.outdir / "output.txt").read_text("utf-8")
    assert app.statuscode == 0


@guide_ext(language="en")
def test_example_directive_names_a_missing_script(app):
    page = app.srcdir / "index.md"
    page.write_text(page.read_text("utf-8").replace("hello.py", "missing.py"), "utf-8")
    app.build()
    warning = app.warning.getvalue()
    assert "example 'missing.py' not found" in warning and "index.md:" in warning


@pytest.mark.parametrize(
    "code, expected", [("en", "en"), ("zh-cn", "zh_CN"), ("zh_CN", "zh_CN"), ("ja", "ja")]
)
def test_gettext_code(code, expected):
    assert gettext_code(code) == expected


def test_language_from_read_the_docs():
    languages = ["en", "zh_CN"]
    assert language_from_environment(languages, {}) == "en"
    assert language_from_environment(languages, {"READTHEDOCS_LANGUAGE": "en"}) == "en"
    assert language_from_environment(languages, {"READTHEDOCS_LANGUAGE": "zh-cn"}) == "zh_CN"


def test_unknown_read_the_docs_language_stops_the_build():
    with pytest.raises(ConfigError, match=r"'ja'.*not one of this site's languages: en, zh_CN"):
        language_from_environment(["en", "zh_CN"], {"READTHEDOCS_LANGUAGE": "ja"})


# -- trimmed_include ------------------------------------------------------------


@guide_ext("gettext", language="en")
def test_partial_include_ends_at_its_code(app, make_app):
    project = app.srcdir
    (project / "examples" / "two.py").write_text(
        "# first\ndef first():\n    pass\n\n\n# second\ndef second():\n    pass\n"
    )
    with (project / "index.md").open("a") as page:
        page.write('\n```{literalinclude} examples/two.py\n:end-before: "# second"\n```\n')
    app.build()
    msgids = [e.msgid for e in polib.pofile(str(app.outdir / "index.pot"))]
    # The catalog and the page see the same text: the view without the blank lines.
    assert "# first\ndef first():\n    pass\n" in msgids
    app = make_app(
        "html",
        srcdir=project,
        builddir=project / "_build" / "html-en",
        confoverrides={"language": "en"},
    )
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert '<span class="k">pass</span>\n</pre>' in html


# -- No local module stands for an installed one ----------------------------------

# In a fresh interpreter that does not put the working folder first (-I): what
# conf.py adds to sys.path, and where a plugin's own imports would land then.
# notfound, sitemap, opengraph: sphinx-notfound-page's module and the names of
# other extensions on PyPI; the rest were top-level local modules once.
AFTER_CONF = """
import importlib.util, json, runpy, sys
before = list(sys.path)
runpy.run_path(sys.argv[1])
found = {}
for name in sys.argv[2:]:
    spec = importlib.util.find_spec(name)
    found[name] = spec and (spec.origin or list(spec.submodule_search_locations))
print(json.dumps({"added": [p for p in sys.path if p not in before], "found": found}))
"""


def importable_names(folder: Path) -> set[str]:
    """The top-level names an import finds in ``folder``: modules, packages, namespace packages."""
    names = set()
    for entry in folder.iterdir():
        if entry.is_dir():
            name = entry.name
        elif any(entry.name.endswith(suffix) for suffix in importlib.machinery.all_suffixes()):
            name = entry.name.split(".", 1)[0]
        else:
            continue
        if name.isidentifier() and name != "__pycache__":
            names.add(name)
    return names


def test_no_local_module_can_shadow_an_installed_one():
    package = ROOT / "tools" / "extensions" / "taskgroup_guide_ext"
    modules = sorted(path.stem for path in package.glob("*.py") if path.stem != "__init__")
    probe = ["notfound", "sitemap", "opengraph", *modules, "taskgroup_guide_ext.notfound"]
    proc = subprocess.run(
        [sys.executable, "-I", "-c", AFTER_CONF, str(ROOT / "conf.py"), *probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT / "docs",
    )
    report = json.loads(proc.stdout)
    added = [Path(folder) for folder in report["added"]]
    assert added == [ROOT / "tools" / "extensions"]
    names = set().union(*map(importable_names, added))
    assert names == {"taskgroup_guide_ext"}  # the one package, nothing beside it
    installed = packages_distributions()
    assert {name: installed[name] for name in names if name in installed} == {}
    # `import notfound` (sphinx-notfound-page's) and the other bare names find
    # nothing of the repository: an installed module, or nothing at all.
    found = report["found"]
    for name in probe[:-1]:
        where = found[name]
        paths = where if isinstance(where, list) else [where] if where else []
        assert not any(Path(path).resolve().is_relative_to(ROOT) for path in paths), (name, where)
    assert Path(found["taskgroup_guide_ext.notfound"]).is_relative_to(ROOT / "tools" / "extensions")
