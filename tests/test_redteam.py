"""Red-team reproducers for the translation gate (issue 10): inputs a hostile
translator could put in a .po file that the gate lets through.

Each test FAILS while its bypass exists: it asserts that the payload does not
reach the built HTML, that no injected code ran, or that the build refuses the
entry with a message naming it. The attacks are written here, never committed
as catalogs. The tiny roots (tests/roots/test-gate, test-guard) keep it fast.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from test_translation_gate import catalog, guarded


def build_gate(
    tmp_path: Path, rootdir: Path, entries: dict[str, str], index: str | None = None
) -> tuple[str, str]:
    """tests/roots/test-gate in Chinese with this catalog: (index.html, warnings)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gate", src)
    if index is not None:
        (src / "index.md").write_text(index, "utf-8")
    catalog(src / "locale/zh_CN/LC_MESSAGES/index.po", entries)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": "zh_CN"})
    try:
        app.build()
        html = (Path(app.outdir) / "index.html").read_text("utf-8")
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    return html, warnings


# -- 1. Front matter in a msgstr re-configures MyST for that parse -----------------
# MyST's Sphinx parser reads YAML front matter from *any* text it parses
# (myst_parser/parsers/sphinx_.py: read_topmatter + merge_file_level), the
# msgstr that the gate's publish() and Locale's _publish_msgstr() parse
# included. `myst: enable_extensions: [substitution]` turns on {{ ... }},
# which MyST renders with an unsandboxed jinja2.Environment: arbitrary Python
# runs on the build machine, while the gate checks (no directive, same node
# tree: a front matter of only `myst:` adds no node, and the substitution's
# output is plain text, which the signature ignores). active_markup tokenizes
# with the global config, so it sees no substitution either.


def test_front_matter_cannot_enable_substitutions(tmp_path, rootdir):
    marker = tmp_path / "PWNED"
    command = f"touch {marker}; echo HOSTOUTPUT-$((6*7))"
    payload = (
        "---\nmyst:\n  enable_extensions: [substitution]\n---\n"
        "任务组 {{ cycler.__init__.__globals__.os.popen('" + command + "').read() }}"
    )
    html, warnings = build_gate(tmp_path, rootdir, {"A task group": payload})
    assert not marker.exists(), "a msgstr ran a shell command during the build"
    assert "HOSTOUTPUT-42" not in html, "command output from the build machine is on the page"
    assert "index.po:" in warnings  # refused, with the entry named


# -- 2. A coding cookie in a translated comment --------------------------------------
# code_problems compares compile(str) ASTs (a str source ignores PEP 263's
# coding declaration) and Pygments tokens (the cookie is a comment). A reader
# who saves the block as a .py file gets it decoded as raw_unicode_escape, where
# `\u000a` inside a comment is a line break: the rest of the comment runs (3.11,
# 3.12 and 3.13; UTF-8 Chinese in comments is mere mojibake in that codec).

CODE = (
    "# start the tasks\nasync def main(*args):\n    if len(args) < 2:  # too few\n        return\n"
)


def test_a_comment_cannot_change_how_a_saved_file_is_decoded(tmp_path, rootdir):
    import html as html_module
    import re
    import subprocess
    import sys

    marker = tmp_path / "RAN"
    translated = CODE.replace("# start the tasks", "# -*- coding: raw_unicode_escape -*-").replace(
        "# too few", f"# 太少 \\u000a        import pathlib; pathlib.Path({str(marker)!r}).touch()"
    )
    html, _ = build_gate(tmp_path, rootdir, {CODE: translated})
    block = re.search(r'<div class="[^"]*highlight-python.*?<pre>(.*?)</pre>', html, re.S)[1]
    shown = html_module.unescape(re.sub(r"<[^>]+>", "", block))
    saved = tmp_path / "copied.py"
    saved.write_text(shown + "import asyncio\nasyncio.run(main())\n", "utf-8")
    subprocess.run([sys.executable, str(saved)], capture_output=True, timeout=60)
    assert not marker.exists(), "the code a reader copies from the page runs other code"
    assert "raw_unicode_escape" not in html


# -- 3. HTML character references in prose bring in invisible code points ----------
# catalog_gate.invisible_problems looks at the msgstr's characters; markdown-it
# decodes `&#x202E;` and friends into the very characters it refuses.


def test_no_invisible_code_points_through_character_references(tmp_path, rootdir):
    html, _ = build_gate(
        tmp_path, rootdir, {"A task group": "任务&#x202E;组&ZeroWidthSpace;x&#8232;y&shy;z"}
    )
    for char in "\u202e\u200b\u2028\u00ad":
        assert char not in html, f"U+{ord(char):04X} reached the page"


# -- 4. A code msgstr that crashes the gate ---------------------------------------------
# python_ast catches SyntaxError and ValueError; deep nesting raises
# RecursionError (or MemoryError), which escapes the transform: the build dies
# with a traceback that names neither the catalog nor the entry.


# Also: a single character Pygments' Python lexer calls an error (`$`, `?`, a
# backquote) makes Sphinx's raiseonerror filter raise pygments.filters.ErrorToken
# inside tokens(): the same crash, from a typo.
@pytest.mark.parametrize(
    "code",
    [
        "x = " + "1+" * 100_000 + "1\n",
        "x = " + "-" * 200_000 + "1\n",
        CODE.replace("# too few", "$ # 太少"),
    ],
)
def test_deeply_nested_code_is_refused_not_a_crash(tmp_path, rootdir, code):
    html, warnings = build_gate(tmp_path, rootdir, {CODE: code})
    assert "index.po:" in warnings and "the code differs from the msgid" in warnings


# The prose path too: 600 nested emphasis marks (1.2 kB) make MyST's
# SyntaxTreeNode recurse past the limit inside the gate's publish(); Sphinx then
# blames the recursion limit and suggests raising it in conf.py.


def test_deeply_nested_prose_is_refused_not_a_crash(tmp_path, rootdir):
    html, warnings = build_gate(
        tmp_path, rootdir, {"A task group": "*" * 600 + "任务组" + "*" * 600}
    )
    assert "index.po:" in warnings and "A task group" in html


# -- 5. The output guard reads HTML unlike a browser -------------------------------------
# Python 3.11's html.parser does not follow HTML5 here: `<!-->` and `--!>` end a
# comment for a browser, `<![CDATA[` outside SVG/MathML is a bogus comment that
# ends at the first `>`; to html.parser the markup after them is inside a comment
# or a marked section, so the guard never sees the <img onerror>. A URL starting
# with a backslash is relative to urllib and posixpath, and protocol-relative
# (another host) to a browser, which reads \ as / in http(s) URLs.


@pytest.mark.parametrize(
    "hole",
    [
        "<!--> <img src=x onerror=alert(1)> -->",
        "<!-- x --!><img src=x onerror=alert(1)> -->",
        "<![CDATA[><img src=x onerror=alert(1)>]]>",
        '<a href="\\\\evil.example/x.html">x</a>',
        '<a href="\\/evil.example/x.html">x</a>',
    ],
)
def test_guard_reads_html_as_a_browser_does(tmp_path, rootdir, monkeypatch, hole):
    from sphinx.errors import ExtensionError

    app, page = guarded(tmp_path, rootdir, monkeypatch, hole)
    try:
        with pytest.raises(ExtensionError, match="1 translated page"):
            app.build()
    finally:
        app.cleanup()
    assert not page.exists()


# -- 6. A cross-reference's "title" is code on the page --------------------------------
# active_markup compares only the target of a role that takes `title <target>`,
# and signature() treats the literal inside a pending_xref with refexplicit as
# text. For the Python domain's roles that title is shown as inline code: the
# reader sees `os.system` where the English has `asyncio.gather` (linking to
# gather's documentation), against "inline code is kept exactly".


def test_a_python_role_cannot_show_other_code(tmp_path, rootdir):
    index = "# A task group\n\nCall {py:func}`asyncio.gather` to wait.\n"
    html, warnings = build_gate(
        tmp_path,
        rootdir,
        {
            "Call {py:func}`asyncio.gather` to wait.": (
                "调用 {py:func}`os.system <asyncio.gather>` 来等待。"
            )
        },
        index=index,
    )
    assert "os.system" not in html


# -- 7. A catalog the gate refuses still crashes the status page ----------------------
# catalog_gate refuses a .po that is not UTF-8 with a good message, but
# translation_status reads every reviewed catalog again with polib.pofile, which
# raises UnicodeDecodeError (naming no file) inside the {translation-status}
# directive: every build of every language dies, the English one included.


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_refused_catalog_does_not_crash_the_status_page(tmp_path, rootdir, language):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gate", src)
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\nextensions.append("taskgroup_guide_ext.translation_status")\n')
    (src / "status.md").write_text("# Status\n\n```{translation-status}\n```\n", "utf-8")
    path = catalog(src / "locale/zh_CN/LC_MESSAGES/index.po", {"A task group": "任务组"})
    path.write_bytes(path.read_bytes().replace("任务组".encode(), b"\xff\xfe"))
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": language})
    try:
        app.build()  # must not raise
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    if language != "en":
        assert "index.po:" in warnings and "not UTF-8" in warnings


# -- 8. Locale parses every msgstr, also those the gate skips -------------------------
# TranslationGate.apply skips nodes.meta, nodes.image and addnodes.translatable
# (toctree captions and titles, task_timeline labels): "escaped where written".
# But Sphinx's Locale, phase 1, runs _publish_msgstr (MyST) on the msgstr of every
# extracted message before it looks at the node's type, and is_translatable() is
# always true for meta and addnodes.translatable, so node["translatable"] = False
# cannot stop it. Whatever runs at parse time runs: front matter and Jinja (1.),
# and directives, such as {py:function}, which registers a Python object for the
# page, so that {py:func}`asyncio.gather` on every other page links here instead
# of to the Python docs (a relative .html link, which the output guard allows).

CAPTIONED = "# A task group\n\n```{toctree}\n:caption: Contents\n\nother\n```\n"


def test_a_toctree_caption_runs_nothing(tmp_path, rootdir):
    marker = tmp_path / "PWNED"
    payload = (
        "---\nmyst:\n  enable_extensions: [substitution]\n---\n目录 {{ cycler.__init__"
        ".__globals__.os.popen('touch " + str(marker) + "').read() }}"
    )
    build_gate(tmp_path, rootdir, {"Contents": payload}, index=CAPTIONED)
    assert not marker.exists(), "a toctree caption's msgstr ran a shell command"


def test_a_toctree_caption_cannot_register_objects(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gate", src)
    (src / "index.md").write_text(CAPTIONED, "utf-8")
    (src / "other.md").write_text("# Another page\n\nSee {py:func}`asyncio.gather`.\n", "utf-8")
    catalog(
        src / "locale/zh_CN/LC_MESSAGES/index.po",
        {"Contents": "目录\n\n```{py:function} asyncio.gather()\n```\n"},
    )
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": "zh_CN"})
    try:
        app.build()
        other = (Path(app.outdir) / "other.html").read_text("utf-8")
    finally:
        app.cleanup()
    assert 'href="index.html#asyncio.gather"' not in other
