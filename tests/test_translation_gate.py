"""The translation gate, rule by rule, on a tiny project (tests/roots/test-gate).

catalog_gate: files, headers and entry rules that need no page. translation_gate:
a msgstr parsed by the build's own parser and compared with its msgid, and code
compared by AST and Pygments tokens. Each rule is shown by the input that breaks
it, written here; test_safety.py runs the attacks through the real site's builds.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
import tiny
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import sphinx_domains
from taskgroup_guide_ext import catalog_gate
from taskgroup_guide_ext.translation_gate import code_problems, prose_problems

HEADER = {**tiny.HEADER, "Language": "zh_CN"}


def catalog(path: Path, entries: dict[str, str], metadata: dict | None = None) -> Path:
    """tiny.catalog, with this module's header (it names the language)."""
    return tiny.catalog(path, entries, HEADER if metadata is None else metadata)


@pytest.fixture(scope="module")
def context(tmp_path_factory, rootdir):
    """The tiny project read once: the build's parser, settings and registry."""
    src = tmp_path_factory.mktemp("gate") / "src"
    shutil.copytree(rootdir / "test-gate", src)
    app = SphinxTestApp("dummy", srcdir=src)
    app.build()
    yield SimpleNamespace(document=app.env.get_doctree("index"), config=app.config, env=app.env)
    app.cleanup()


def prose(context, msgid: str, msgstr: str, node: nodes.Element | None = None) -> list[str]:
    # Roles and directives as while a page is read (where the gate runs).
    with sphinx_domains(context.env):
        found = prose_problems(context, node or nodes.paragraph(), msgid, msgstr)
    return [f"{what} — {fix}" for what, fix in found]


# -- Prose: only text may change ----------------------------------------------

MSGID = (
    "Call `create_task()` as in {doc}`the example <other>`, see {ref}`failure` "
    "and [the docs](https://docs.python.org/3/) or <https://peps.python.org/pep-0654/>; "
    "it is *new* and **recommended**."
)
GOOD = (
    "像{doc}`示例 <other>`中那样调用 `create_task()`，参见 {ref}`failure` 和"
    "[文档](https://docs.python.org/3/)或 <https://peps.python.org/pep-0654/>；它是 *新的*，"
    "并且 **推荐** 使用。"
)


@pytest.mark.parametrize(
    "msgstr",
    [
        GOOD,
        # another order, the same markup
        GOOD.replace("调用 `create_task()`，", "，").replace("使用。", "使用 `create_task()`。"),
        # the role's own text left to the target page's title
        GOOD.replace("{doc}`示例 <other>`", "{doc}`other`"),
    ],
)
def test_markup_kept(context, msgstr):
    assert prose(context, MSGID, msgstr) == []


@pytest.mark.parametrize(
    "msgstr, message",
    [
        (
            GOOD.replace("`create_task()`", "`创建任务()`"),
            "inline code `create_task()` is missing — copy it from the msgid unchanged",
        ),
        (
            GOOD.replace("`create_task()`", "create_task()"),
            "inline code `create_task()` is missing",
        ),
        (
            GOOD.replace("https://docs.python.org/3/", "https://docs.python.org/zh-cn/3/"),
            "adds, a link https://docs.python.org/zh-cn/3/",
        ),
        (
            GOOD.replace("[文档](https://docs.python.org/3/)", "文档"),
            "a link to https://docs.python.org/3/ is missing or changed",
        ),
        (GOOD + "[点这里](https://evil.example/)", "a link https://evil.example/"),
        (GOOD + "<https://evil.example/>", "a link https://evil.example/"),
        (GOOD.replace("<other>", "<index>"), "the role {doc}`other` of the msgid is missing"),
        (
            GOOD.replace("{ref}`failure`", "`failure`"),
            "the role {ref}`failure` of the msgid is missing",
        ),
        (GOOD.replace("{ref}`failure`", "{ref} `failure`"), "the role {ref}`failure` of the msgid"),
        (GOOD.replace("*新的*", "新的"), "the msgid has 1 *emphasis*, the msgstr 0"),
        (
            GOOD.replace("**推荐**", "**“推荐”**的"),
            "the msgid has 1 **strong emphasis**, the msgstr 0 — check the * marks",
        ),
    ],
)
def test_markup_difference(context, msgstr, message):
    found = prose(context, MSGID, msgstr)
    assert any(message in problem for problem in found), found


@pytest.mark.parametrize(
    "msgstr, message",
    [
        ('任务组<script>alert("x")</script>', "raw HTML, which would be published as it is"),
        ('任务组 <img src=x onerror="alert(1)">', "raw HTML"),
        ('任务组\n\n<div onclick="alert(1)">x</div>', "raw HTML"),
        ("任务组 ![x](https://evil.example/x.png)", "an image https://evil.example/x.png"),
        (
            "任务组\n\n```{raw} html\n<script>alert(1)</script>\n```",
            "the msgstr contains the directive {raw}, which the msgid does not: "
            "the build would run it",
        ),
        ("任务组\n\n```{include} /etc/passwd\n```", "the directive {include}"),
        ("任务组\n\n```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```", "the directive {eval-rst}"),
        ("任务组 {download}`/etc/passwd`", "the msgstr has the role {download}`/etc/passwd`"),
        ("任务组 {raw-html}`<b>x</b>`", "the msgstr has the role {raw-html}`<b>x</b>`"),
    ],
)
def test_nothing_active_is_added(context, msgstr, message):
    found = prose(context, "A task group", msgstr)
    assert any(message in problem for problem in found), found


def test_an_intersphinx_role_is_a_cross_reference(context):
    msgid = "An {external+python:ref}`asynchronous context manager <async-context-managers>`."
    assert (
        prose(
            context, msgid, "一个{external+python:ref}`异步上下文管理器 <async-context-managers>`。"
        )
        == []
    )
    found = prose(context, msgid, "一个{external+python:ref}`异步上下文管理器 <evil>`。")
    assert any("of the msgid is missing or changed" in problem for problem in found), found


def test_a_role_keeps_its_content(context):
    """{kbd} has no target: a fake explicit title would swap what it shows."""
    for swapped in ("{kbd}`rm -rf / <Ctrl+C>`", "{kbd}`Ctrl-C`", "{kbd}`Ctrl+Z`"):
        found = prose(context, "Stop it with {kbd}`Ctrl+C`.", f"按 {swapped} 停止。")
        assert any(
            "the role {kbd}`Ctrl+C` of the msgid is missing or changed" in problem
            for problem in found
        ), found
    assert prose(context, "Stop it with {kbd}`Ctrl+C`.", "按 {kbd}`Ctrl+C` 停止。") == []


@pytest.mark.parametrize(
    "msgstr, message",
    [
        ("# 任务组", "a heading, which the msgid does not have (a line starting with #"),
        ("任务组：\n1. 创建", "a numbered list"),
        ("任务组\n- 创建", "a bulleted list"),
        ("任务组\n% 注释", "a comment, which is not published"),
        ("> 任务组", "a quotation"),
        ("任务组\n\n创建", "the msgstr has a blank line, which splits it into 2 paragraphs"),
    ],
)
def test_block_syntax_by_accident(context, msgstr, message):
    found = prose(context, "A task group", msgstr)
    assert any(message in problem for problem in found), found


def test_a_heading_is_compared_as_a_heading(context):
    assert prose(context, "A task group", "任务组", nodes.title()) == []
    found = prose(context, "A task group", "任务组 <b>x</b>", nodes.title())
    assert any("raw HTML" in problem for problem in found), found


# -- Code: what runs and what a reader sees -------------------------------------

CODE = "# start the tasks\nasync def main(*args):\n    if len(args) < 2:  # too few\n        return"


def test_code_with_translated_comments():
    translated = CODE.replace("# start the tasks", "# 启动*任务*").replace(
        "# too few", "# 太少 <b>"
    )
    assert code_problems(CODE, translated, "python") == []


@pytest.mark.parametrize(
    "translated",
    [
        CODE.replace("< 2", "< 3"),
        CODE.replace("# too few", "# 太少\rimport os"),  # a comment to tokenize, code to compile()
        CODE.replace("return", "return  ").replace("    if", "    if  "),  # same AST, other tokens
    ],
)
def test_code_that_changed(translated):
    found = code_problems(CODE, translated, "python")
    assert found and "only comments may be translated in code" in found[0][1], found


@pytest.mark.parametrize(
    "language, english, translated, allowed",
    [
        ("console", "$ python3 x.py\ndone", "$ python3 y.py\ndone", False),
        ("console", "$ python3 x.py\ndone", "$ python3 x.py\n完成", False),  # output is output
        ("text", "make update-po", "make 更新", False),
        ("bash", "make html  # build it", "make html  # 构建", True),
        ("pycon", ">>> 1 + 1  # add\n2", ">>> 1 + 1  # 相加\n2", True),
        ("pycon", ">>> 1 + 1\n2", ">>> 1 + 2\n2", False),
    ],
)
def test_other_code_compares_by_its_tokens(language, english, translated, allowed):
    assert (code_problems(english, translated, language) == []) is allowed


# -- Code points, anywhere ---------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    [
        "\r",
        "\x0b",
        "\x0c",
        "\x85",
        "\u2028",
        "\u2029",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\x00",
    ],
)
def test_invisible_and_line_breaking_code_points(char):
    found = catalog_gate.invisible_problems("A task group", f"任务{char}组")
    assert len(found) == 1 and f"U+{ord(char):04X}" in found[0][0], found
    assert catalog_gate.invisible_problems(f"A task{char} group", f"任务{char}组") == []


# -- Template messages (sphinx.po) -----------------------------------------------

TEMPLATE_MESSAGE = '<a href="%(path)s">Copyright</a> &#169; %(copyright)s'


@pytest.mark.parametrize(
    "msgstr, message",
    [
        ('<a href="%(path)s">版权所有</a> &#169; %(copyright)s', None),
        ('<a href="%(path)s">版权所有</a> &#169;', "the placeholder %(copyright)s is missing"),
        (
            '<a href="%(path)s">版权所有</a> &#169; %(copyright)s %(year)s',
            "the placeholder %(year)s is not in the msgid",
        ),
        (
            '<a href="%(path)s">版权所有</a><script>x()</script> &#169; %(copyright)s',
            "the msgstr's HTML tags differ from the msgid's",
        ),
        (
            '<a href="%(path)s" onclick="x()">版权所有</a> &#169; %(copyright)s',
            "the msgstr's HTML tags differ from the msgid's",
        ),
        # The same count of each HTML character, moved: an attribute without quotes.
        (
            '<a href=%(path)s onmouseover=alert(1)>版权所有</a>"" &#169; %(copyright)s',
            "the msgstr's HTML tags differ from the msgid's",
        ),
        (
            '<a href="%(path)s">“版权”所有 &lt;</a> &#169; %(copyright)s',
            "the msgstr's text adds &lt;",
        ),
        (
            '<a href="%(path)s">100% 版权所有</a> &#169; %(copyright)s',
            "a % that starts no placeholder",
        ),
        ('<a href="%(path)s">版权所有</a> &#169; %(copyright)r', "the placeholder %(copyright)r"),
    ],
)
def test_template_messages(msgstr, message):
    found = [
        f"{what} — {fix}"
        for what, fix in catalog_gate.entry_problems("sphinx", TEMPLATE_MESSAGE, msgstr)
    ]
    if message is None:
        assert found == []
    else:
        assert any(message in problem for problem in found), found


def test_a_message_without_html_gets_none():
    found = catalog_gate.entry_problems("sphinx", "Search", '搜索" autofocus onfocus="alert(1)')
    assert any('the msgstr adds "' in what for what, _ in found), found


def test_search_results_placeholder():
    msgid = "Search finished, found ${resultCount} page(s) matching the search query."
    assert (
        catalog_gate.entry_problems("sphinx", msgid, "搜索完成，找到 ${resultCount} 个页面。") == []
    )
    found = catalog_gate.entry_problems("sphinx", msgid, "搜索完成，找到 ${count} 个页面。")
    assert any("${resultCount} is missing" in what for what, _ in found), found


def test_msgctxt_is_refused():
    found = catalog_gate.entry_problems("index", "Search", "搜索", context="verb")
    assert any("msgctxt" in what for what, _ in found)


# -- Catalog files -------------------------------------------------------------------


def compile_into(tmp_path: Path) -> tuple[list[str], Path]:
    out = tmp_path / "out"
    refused = catalog_gate.compile_language(
        tmp_path / "locale" / "zh_CN" / "LC_MESSAGES", out, "zh_CN", tmp_path
    )
    return [str(r) for r in refused], out


def test_only_what_passes_is_compiled(tmp_path):
    catalog(
        tmp_path / "locale/zh_CN/LC_MESSAGES/index.po",
        {"A task group": "任务组", "Fine": "好\u202e的"},
    )
    refused, out = compile_into(tmp_path)
    assert len(refused) == 1 and refused[0].startswith("locale/zh_CN/LC_MESSAGES/index.po:")
    assert "msgid 'Fine'" in refused[0] and "U+202E RIGHT-TO-LEFT OVERRIDE" in refused[0]
    compiled = polib.mofile(str(out / "index.mo"))
    assert {e.msgid: e.msgstr for e in compiled} == {"A task group": "任务组"}


def test_a_second_compile_writes_nothing(tmp_path):
    catalog(tmp_path / "locale/zh_CN/LC_MESSAGES/index.po", {"A task group": "任务组"})
    _, out = compile_into(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    compile_into(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == before
    # No date of the clock's in what is compiled: the next minute compiles the same.
    import datetime

    today = datetime.date.today().isoformat().encode()
    assert all(today not in p.read_bytes() for p in out.iterdir())


@pytest.mark.parametrize(
    "metadata, message",
    [
        (
            {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"},
            'Plural-Forms is not "nplurals=1; plural=0;"',
        ),
        ({**HEADER, "Plural-Forms": "nplurals=2; plural=(n != 1);"}, "Plural-Forms is not"),
        (
            {**HEADER, "Content-Type": "text/plain; charset=GBK"},
            "Content-Type does not say charset=UTF-8",
        ),
    ],
)
def test_header(tmp_path, metadata, message):
    catalog(tmp_path / "locale/zh_CN/LC_MESSAGES/index.po", {"A": "甲"}, metadata)
    refused, out = compile_into(tmp_path)
    assert any(message in r and "the catalog is not used" in r for r in refused), refused
    assert not (out / "index.mo").exists()


def test_broken_syntax_refuses_the_catalog_with_its_line(tmp_path):
    path = catalog(tmp_path / "locale/zh_CN/LC_MESSAGES/index.po", {"A": "甲"})
    path.write_text(path.read_text("utf-8") + '\nmsgid "B"\nmsgstr "乙\n', "utf-8")
    refused, out = compile_into(tmp_path)
    assert any("index.po:" in r and "the string is not closed" in r for r in refused), refused
    assert not (out / "index.mo").exists()


def test_files_that_are_not_reviewed_catalogs(tmp_path):
    folder = tmp_path / "locale/zh_CN/LC_MESSAGES"
    catalog(folder / "index.po", {"A": "甲"})
    outside = tmp_path.parent / f"{tmp_path.name}-host.txt"
    outside.write_text('msgid "A"\nmsgstr "HOST"\n')
    (folder / "linked.po").symlink_to(outside)
    (folder / "index.mo").write_bytes(b"committed")  # not tracked: no repository here
    os.mkfifo(folder / "pipe.po")
    (folder / "huge.po").write_bytes(b"#" * (catalog_gate.MAX_BYTES + 1))
    refused, out = compile_into(tmp_path)
    said = "\n".join(refused)
    assert "LC_MESSAGES/linked.po:1: a symbolic link" in said
    assert "LC_MESSAGES/pipe.po:1: not a regular file" in said
    assert "LC_MESSAGES/huge.po:1: the catalog is larger than 1024 KiB" in said
    assert "HOST" not in said and sorted(p.name for p in out.glob("*.mo")) == ["index.mo"]


def test_a_symlinked_catalog_folder_is_refused(tmp_path):
    real = tmp_path / "elsewhere"
    catalog(real / "index.po", {"A": "甲"})
    (tmp_path / "locale/zh_CN").mkdir(parents=True)
    (tmp_path / "locale/zh_CN/LC_MESSAGES").symlink_to(real)
    refused, out = compile_into(tmp_path)
    assert any("is a symbolic link or not a folder" in r for r in refused), refused
    assert not out.exists() or not list(out.glob("*.mo"))


# -- In a build ------------------------------------------------------------------


def built(tmp_path: Path, rootdir: Path, entries: dict[str, str]) -> SphinxTestApp:
    """The tiny project in Chinese, with this catalog, ready to build."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gate", src)
    catalog(src / "locale/zh_CN/LC_MESSAGES/index.po", entries)
    return SphinxTestApp("html", srcdir=src, confoverrides={"language": "zh_CN"})


def test_a_refused_entry_shows_english_and_the_rest_is_translated(tmp_path, rootdir):
    app = built(
        tmp_path,
        rootdir,
        {
            "A task group": "任务组",
            "Stop it with {kbd}`Ctrl+C`.": "按 {kbd}`KBDSWAP <Ctrl+C>` 停止。",
            CODE + "\n": CODE.replace("# too few", "# 太少\rimport os") + "\n",
        },
    )
    try:
        app.build()
        html = (Path(app.outdir) / "index.html").read_text("utf-8")
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert "任务组" in html and "KBDSWAP" not in html and "import os" not in html
    assert "Stop it with" in html and 'class="untranslated' in html
    assert "locale/zh_CN/LC_MESSAGES/index.po:" in warnings
    assert "msgid 'Stop it with {kbd}`Ctrl+C`.'" in warnings and "U+000D" in warnings
    # Sphinx reads only the build's own compiled catalogs, never locale/.
    assert app.config.locale_dirs == [str(Path(app.doctreedir) / "catalogs")]
    assert not list((tmp_path / "src" / "locale").rglob("*.mo"))


def test_refusals_are_said_again_by_a_build_that_reads_nothing(tmp_path, rootdir):
    app = built(tmp_path, rootdir, {"A task group": "任务组 <b>x</b>"})
    try:
        app.build()
        first = app.warning.getvalue()
        app.warning.truncate(0)
        app.warning.seek(0)
        app.build()  # nothing changed: nothing is read again
        second = app.warning.getvalue()
    finally:
        app.cleanup()
    assert "raw HTML" in first and "index.po:" in first
    assert "raw HTML" in second and "index.po:" in second


def test_locale_dirs_in_conf_py_stops_the_build(tmp_path, rootdir):
    from sphinx.errors import ConfigError

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gate", src)
    with pytest.raises(ConfigError, match="translation_catalogs"):
        SphinxTestApp(
            "html", srcdir=src, confoverrides={"language": "zh_CN", "locale_dirs": ["locale"]}
        )


# -- The output guard --------------------------------------------------------------


def guarded(tmp_path: Path, rootdir: Path, monkeypatch, hole: str) -> tuple[SphinxTestApp, Path]:
    """tests/roots/test-guard in Chinese, with ``hole`` added to its translated pages."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-guard", src)
    catalog(src / "locale/zh_CN/LC_MESSAGES/index.po", {"A task group": "任务组"})
    # The English twin is built by a child process: it must find the extensions too.
    extensions = str(Path(catalog_gate.__file__).parents[1])  # tools/extensions/
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [extensions, os.environ.get("PYTHONPATH", "")]))
    )
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": "zh_CN", "hole": hole})
    return app, Path(app.outdir) / "index.html"


def test_guard_allows_what_the_design_needs(tmp_path, rootdir, monkeypatch):
    app, page = guarded(tmp_path, rootdir, monkeypatch, '<a href="index.html#top">此页</a>')
    try:
        app.build()
    finally:
        app.cleanup()
    html = page.read_text("utf-8")
    # The Chinese edition of the Python docs, for plain links too, keeping their version.
    assert "https://docs.python.org/zh-cn/3/library/asyncio-task.html" in html
    assert "https://docs.python.org/zh-cn/3.12/library/asyncio-task.html" in html


@pytest.mark.parametrize(
    "hole, said",
    [
        ("<script>alert(1)</script>", "<script> with other content"),
        ('<a href="https://evil.example/">x</a>', "the URL https://evil.example/"),
        ('<p onclick="alert(1)">x</p>', 'onclick="alert(1)" on <p>'),
        (
            '<div style="background: url(https://evil.example/x.png)">x</div>',
            "the URL https://evil.example/x.png (<div style>)",
        ),
        ('<iframe srcdoc="&lt;script&gt;"></iframe>', "a <iframe> element"),
        ('<img src="_downloads/secret.txt">', "the URL _downloads/secret.txt"),
        (
            '<form action="https://evil.example/"><input name="q"></form>',
            "<form action='https://evil.example/'>",
        ),
    ],
)
def test_guard_stops_what_the_english_page_lacks(tmp_path, rootdir, monkeypatch, hole, said):
    from sphinx.errors import ExtensionError

    app, page = guarded(tmp_path, rootdir, monkeypatch, hole)
    try:
        with pytest.raises(ExtensionError, match="1 translated page"):
            app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert "index.html: the translated page has what the English page lacks" in warnings
    assert said in warnings, warnings[-2000:]
    assert not page.exists()  # nothing that failed is left to publish


def test_guard_builds_the_english_site_again_only_when_its_sources_change(
    tmp_path, rootdir, monkeypatch
):
    app, page = guarded(tmp_path, rootdir, monkeypatch, "")
    try:
        app.build()
        twin = Path(app.doctreedir) / "guard" / "html" / "index.html"
        first = twin.stat().st_mtime_ns
        catalog(tmp_path / "src/locale/zh_CN/LC_MESSAGES/index.po", {"A task group": "一个任务组"})
        app.build()  # a translation changed: the English site stands
        assert twin.stat().st_mtime_ns == first
        assert "一个任务组" in page.read_text("utf-8")
        source = tmp_path / "src" / "index.md"
        source.write_text(source.read_text("utf-8") + "\nOne more line.\n", "utf-8")
        app.build()
        assert "One more line." in twin.read_text("utf-8")
    finally:
        app.cleanup()
