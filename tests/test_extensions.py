"""Unit tests of the local extensions (tools/extensions/taskgroup_guide_ext/) on a tiny project."""

import importlib.machinery
import json
import shutil
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import polib
import pytest
from sphinx.errors import ConfigError

from conftest import ROOT
from taskgroup_guide_ext.rtd_language import gettext_code, language_from_environment

ENGLISH_CODE = '# say hello\nprint("hello")\n'
ENGLISH_EXAMPLE = '# print a greeting\nprint("hello from the example")'


@pytest.fixture
def project(tmp_path, rootdir):
    src = tmp_path / "guide-ext"
    shutil.copytree(rootdir / "test-guide-ext", src)
    return src


def write_catalog(src, entries):
    """A zh_CN catalog made here, so these tests don't depend on locale/."""
    po = polib.POFile()
    # The header the build requires of a catalog (catalog_gate).
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = src / "locale" / "zh_CN" / "LC_MESSAGES"
    path.mkdir(parents=True)
    po.save(str(path / "index.po"))  # the build compiles the .mo itself


def build(make_app, src, builder="html", language="zh_CN"):
    app = make_app(builder, srcdir=src, confoverrides={"language": language})
    app.build()
    return app


def test_code_block_is_translated_as_code(make_app, project):
    write_catalog(project, {ENGLISH_CODE: '# 打招呼\nprint("hello")\n'})
    app = build(make_app, project)
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "打招呼" in html
    # The translated block is still a highlighted code block, not a "::" paragraph.
    assert "<p>::" not in html and "::\n" not in html
    assert '<span class="c1"># 打招呼</span>' in html
    assert app.warning.getvalue() == ""


def test_translated_example_runs_as_doctest(make_app, project):
    write_catalog(project, {ENGLISH_EXAMPLE: '# 打印问候\nprint("hello from the example")'})
    app = build(make_app, project, builder="doctest")
    report = (app.outdir / "output.txt").read_text("utf-8")
    assert "1 test" in report and "0 failures in tests" in report
    assert app.statuscode == 0


def test_changed_code_is_refused_with_page_and_entry(make_app, project):
    write_catalog(project, {ENGLISH_EXAMPLE: '# 打印问候\nprint("你好")'})
    app = build(make_app, project)
    warning = app.warning.getvalue()
    assert "index.md:" in warning
    assert "the code differs from the msgid beyond comments" in warning
    assert "msgid '# print a greeting" in warning  # the entry's msgid
    assert "locale/zh_CN/LC_MESSAGES/index.po" in warning
    assert "'hello from the example'" in warning and "'你好'" in warning
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "你好" not in html  # the English code is kept


def test_expected_output_is_not_translatable(make_app, project):
    app = build(make_app, project, builder="gettext", language="en")
    template = polib.pofile(str(app.outdir / "index.pot"))
    msgids = {e.msgid for e in template}
    assert ENGLISH_EXAMPLE in msgids
    assert "hello from the example" not in msgids  # the output block


def test_example_directive_makes_a_doctest(make_app, project):
    app = build(make_app, project, builder="doctest", language="en")
    assert "1 test" in (app.outdir / "output.txt").read_text("utf-8")
    assert app.statuscode == 0


def test_example_directive_names_a_missing_script(make_app, project):
    page = project / "index.md"
    page.write_text(page.read_text("utf-8").replace("hello.py", "missing.py"), "utf-8")
    app = build(make_app, project, language="en")
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


def test_partial_include_ends_at_its_code(make_app, project):
    (project / "examples" / "two.py").write_text(
        "# first\ndef first():\n    pass\n\n\n# second\ndef second():\n    pass\n")
    with (project / "index.md").open("a") as page:
        page.write('\n```{literalinclude} examples/two.py\n'
                   ':end-before: "# second"\n```\n')
    app = make_app("gettext", srcdir=project, builddir=project / "_build" / "gettext")
    app.build()
    msgids = [e.msgid for e in polib.pofile(str(app.outdir / "index.pot"))]
    # The catalog and the page see the same text: the view without the blank lines.
    assert "# first\ndef first():\n    pass\n" in msgids
    app = build(make_app, project, language="en")
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
    proc = subprocess.run([sys.executable, "-I", "-c", AFTER_CONF, str(ROOT / "conf.py"), *probe],
                          capture_output=True, text=True, check=True, cwd=ROOT / "docs")
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
