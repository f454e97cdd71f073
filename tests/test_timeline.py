"""Task timelines ({task-timeline}): drawn from a real run, checked against the page, translated.

Unit tests build the tiny project tests/roots/test-timeline (its example
runs in about 0.1 s); the site tests reuse the session's `site` builds.
"""

from __future__ import annotations

import re
import shutil

import polib
import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS
from taskgroup_guide_ext import timeline_runs
from taskgroup_guide_ext.timeline_check import mismatches, parse_expectations
from taskgroup_guide_ext.timeline_svg import LABELS, Clock, axis_end, render_svg
from tiny import write_catalog

CJK = re.compile(r"[\u4e00-\u9fff]")
SVG = re.compile(r'<svg\b[^>]*class="tl-svg".*?</svg>', re.DOTALL)

# The tiny project's story: bad() raises after 0.1 s, so the group cancels slow().
TINY_LANES = {
    "main": ("returned", None),
    "TaskGroup": ("raised", "ExceptionGroup"),
    "slow": ("cancelled", None),
    "bad": ("raised", "ValueError"),
}
ZH = {
    LABELS["title"]: "{script} 的时间线",
    LABELS[
        "note"
    ]: "根据构建本页时 {script} 的一次真实运行绘制。时间以秒为单位，四舍五入到 {resolution} 秒。",
    LABELS["summary"]: "时间线的文字版",
    LABELS["axis"]: "时间（秒）",
    LABELS["legend-returned"]: "正常结束",
    LABELS["legend-raised"]: "引发异常",
    LABELS["legend-cancelled"]: "已取消",
    LABELS["task-returned"]: "{task} 在 {start} 秒开始，在 {end} 秒返回。",
    LABELS["task-raised"]: "{task} 在 {start} 秒开始，在 {end} 秒引发 {exception}。",
    LABELS["task-cancelled"]: "{task} 在 {start} 秒开始，在 {end} 秒被取消。",
    LABELS["group-raised"]: "{group} 代码块在 {start} 秒进入，在 {end} 秒引发 {exception}。",
}


# -- helpers ----------------------------------------------------------------------


def timeline_root(builder="html", language="en", **kwargs):
    """tests/roots/test-timeline, copied for the test, built by ``app``."""
    return pytest.mark.sphinx(
        builder,
        testroot="timeline",
        srcdir="timeline",
        confoverrides={"language": language},
        **kwargs,
    )


def build(make_app, src, builder="html", language="en", **overrides):
    """Another build of a copy of the root (``app.srcdir``), in the same build folder."""
    app = make_app(builder, srcdir=src, confoverrides={"language": language, **overrides})
    app.build()
    return app


def svg_text(html: str) -> str:
    found = SVG.findall(html)
    assert len(found) == 1, f"expected one timeline, found {len(found)}"
    return found[0]


def lanes(figure) -> dict[str, dict[str, str]]:
    """{lane name: its data-* attributes} of a timeline figure, in order."""
    return {
        g["data-lane"]: {
            k.removeprefix("data-"): v for k, v in g.attrs.items() if k.startswith("data-")
        }
        for g in figure.select("g.tl-lane")
    }


def figure_of(html: str):
    return BeautifulSoup(html, "html.parser").select_one("figure.task-timeline")


def set_options(src, options: str):
    page = src / "index.md"
    text = page.read_text("utf-8")
    head, _, rest = text.partition("```{task-timeline} quick.py\n")
    page.write_text(head + "```{task-timeline} quick.py\n" + options.strip() + "\n```\n", "utf-8")


# -- pure functions -------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0.0, "0.0"),
        (0.000134, "0.0"),
        (0.049, "0.0"),
        (0.05, "0.1"),
        (0.500991, "0.5"),
        (1.001813, "1.0"),
        (12.34, "12.3"),
    ],
)
def test_clock_rounds_to_the_resolution(seconds, text):
    assert Clock(0.1)(seconds) == text


def test_clock_keeps_the_digits_of_its_resolution():
    assert Clock(0.05)(0.5) == "0.50" and Clock(1)(2.4) == "2"


@pytest.mark.parametrize(
    "total, expected",
    [
        ("0.1", ("0.1", "0.1")),
        ("0.5", ("0.1", "0.5")),
        ("1.0", ("0.2", "1.0")),
        ("1.3", ("0.5", "1.5")),
        ("7", ("2", "8")),
    ],
)
def test_axis_has_at_most_six_even_intervals(total, expected):
    from decimal import Decimal

    tick, end = axis_end(Decimal(total), Decimal("0.1"))
    assert (str(tick.normalize()), str(end.normalize())) == tuple(
        str(Decimal(e).normalize()) for e in expected
    )


def test_expectations_syntax():
    assert parse_expectations({"raised": "task2 Exception, TaskGroup", "cancelled": "t-*"}) == [
        ("raised", "task2", "Exception"),
        ("raised", "TaskGroup", None),
        ("cancelled", "t-*", None),
    ]
    with pytest.raises(ValueError, match="should be NAME"):
        parse_expectations({"returned": "main task1"})  # a comma is missing
    with pytest.raises(ValueError, match="say how each task ends"):
        parse_expectations({})


def test_every_difference_is_named():
    run = [
        {"name": "main", "outcome": "returned", "exception": None, "end": 1.0},
        {"name": "task-1", "outcome": "cancelled", "exception": None, "end": 0.5},
        {"name": "task-2", "outcome": "raised", "exception": "KeyError", "end": 0.5},
        {"name": "extra", "outcome": "returned", "exception": None, "end": 1.0},
    ]
    expected = parse_expectations(
        {"returned": "main, task-*", "raised": "task-2 ValueError", "cancelled": "ghost"}
    )
    problems = mismatches(run, expected, Clock(0.1))
    assert "the page says task-1 returned, but it was cancelled at 0.5 s" in problems
    assert "task-2 is listed under more than one option (:raised:, :returned:)" in problems
    assert "extra returned at 1.0 s, but the page does not say so: add it to :returned:" in problems
    assert any(
        p.startswith(":cancelled: names 'ghost', but the run has no such task") for p in problems
    )
    assert len(problems) == 4


def test_long_lane_names_go_above_their_bars():
    def lane(name):
        return {
            "kind": "task",
            "name": name,
            "start": 0.0,
            "end": 0.2,
            "outcome": "returned",
            "exception": None,
            "sentence": name,
        }

    labels = {"axis": "Time (s)", "legend-returned": "finished normally"}
    short = render_svg("t", [lane("main")], labels, "title", "desc", Clock(0.1))
    long = render_svg(
        "t", [lane("main"), lane("force_terminate_task_group")], labels, "title", "desc", Clock(0.1)
    )
    # The picture keeps its width (and its text size on a phone) either way.
    assert 'viewBox="0 0 400 ' in short and 'viewBox="0 0 400 ' in long
    assert 'text-anchor="end">main</text>' in short
    assert '<text class="tl-name" x="8.0" y="' in long and 'text-anchor="end">main' not in long


def test_runner_names_lanes_as_the_page_does(tmp_path):
    script = tmp_path / "names.py"
    script.write_text(
        "import asyncio\n"
        "async def work(n):\n    await asyncio.sleep(0)\n"
        "async def main():\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        for n in range(3):\n            group.create_task(work(n))\n"
        "        group.create_task(work(9), name='named')\n"
        "    await asyncio.create_task(work(0))\n"
        "    print('the runner swallows this')\n"
        "asyncio.run(main())\n"
    )
    (run,) = timeline_runs.run_scripts({"key": script}, timeout=30).values()
    assert run["error"] is None
    assert [(lane["name"], lane["outcome"]) for lane in run["lanes"]] == [
        ("main", "returned"),
        ("TaskGroup", "returned"),
        ("work-1", "returned"),
        ("work-2", "returned"),
        ("work-3", "returned"),
        ("named", "returned"),
        ("work-4", "returned"),
    ]
    # asyncio.run()'s own clean-up tasks are not the example's.
    assert all(lane["start"] is not None and lane["end"] is not None for lane in run["lanes"])


def test_runner_leaves_out_the_tasks_that_close_async_generators_at_shutdown(tmp_path):
    """asyncio.run() closes async generators still alive in tasks of its own, after main()."""
    script = tmp_path / "agen.py"
    script.write_text(
        "import asyncio\n"
        "async def numbers():\n    yield 1\n    yield 2\n"
        "async def main():\n"
        "    global kept\n"
        "    kept = numbers()\n"
        "    await anext(kept)\n"
        "asyncio.run(main())\n"
        "assert kept.ag_frame is None, 'the generator was not closed'\n"
    )
    (run,) = timeline_runs.run_scripts({"key": script}, timeout=30).values()
    assert run["error"] is None
    assert [lane["name"] for lane in run["lanes"]] == ["main"]


# -- the tiny project -----------------------------------------------------------


@timeline_root()
def test_timeline_is_drawn_from_the_run(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text("utf-8")
    figure = figure_of(html)
    found = lanes(figure)
    assert list(found) == list(TINY_LANES)  # main first, then in the order they began
    for name, (outcome, exception) in TINY_LANES.items():
        assert found[name]["outcome"] == outcome, name
        assert found[name].get("exception") == exception, name
    # The failure and the cancellation it caused are one moment.
    assert found["bad"]["end"] == found["slow"]["end"] == found["TaskGroup"]["end"] == "0.1"
    legend = [t.get_text() for t in figure.select("g.tl-legend text")]
    assert legend == [
        LABELS["legend-returned"],
        LABELS["legend-raised"],
        LABELS["legend-cancelled"],
    ]
    assert figure.select_one("text.tl-axis-title").get_text() == "Time (s)"


@timeline_root()
def test_timeline_has_a_text_alternative(app):
    app.build()
    figure = figure_of((app.outdir / "index.html").read_text("utf-8"))
    svg = figure.select_one("svg")
    assert svg["role"] == "img"
    title, desc = svg.select_one("title"), svg.select_one("desc")
    assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
    assert title.get_text() == "Timeline of quick.py"
    assert "rounded to 0.1 s" in desc.get_text()
    assert "slow started at 0.0 s and was cancelled at 0.1 s." in desc.get_text()
    # The same sentences as a list, under a summary, for readers and search.
    assert figure.select_one("details summary").get_text() == "The timeline as text"
    items = [li.get_text() for li in figure.select("details li")]
    assert items == [
        "main started at 0.0 s and returned at 0.1 s.",
        "The TaskGroup block was entered at 0.0 s and raised ExceptionGroup at 0.1 s.",
        "slow started at 0.0 s and was cancelled at 0.1 s.",
        "bad started at 0.0 s and raised ValueError at 0.1 s.",
    ]
    assert "rounded to 0.1 s" in figure.select_one("figcaption").get_text()


def test_two_builds_give_identical_svgs(make_app, tmp_path, rootdir):
    svgs = []
    for n in (1, 2):
        src = tmp_path / f"build{n}"
        shutil.copytree(rootdir / "test-timeline", src)
        app = build(make_app, src)
        svgs.append(svg_text((app.outdir / "index.html").read_text("utf-8")))
    assert svgs[0] == svgs[1]


@timeline_root()
def test_a_run_that_disagrees_with_the_page_is_reported(app):
    project = app.srcdir
    set_options(
        project,
        """
:returned: main, slow
:raised: bad ValueError, TaskGroup ExceptionGroup
:cancelled: fast
""",
    )
    app.build()
    warning = app.warning.getvalue()
    assert "index.md:" in warning
    assert "quick.py no longer does what this page says" in warning
    assert "the page says slow returned, but it was cancelled at 0.1 s" in warning
    assert ":cancelled: names 'fast', but the run has no such task" in warning
    # Still drawn, as it really happened: the picture helps to see what changed.
    assert (
        lanes(figure_of((app.outdir / "index.html").read_text("utf-8")))["slow"]["outcome"]
        == "cancelled"
    )


@timeline_root()
def test_a_script_that_crashes_is_reported(app):
    project = app.srcdir
    # What the group raises is no longer caught: the program ends with a traceback.
    script = project / "examples" / "quick.py"
    script.write_text(
        script.read_text("utf-8").replace(
            "    except* ValueError:\n        print('caught')\n",
            "    finally:\n        print('not caught')\n",
        ),
        "utf-8",
    )
    app.build()
    warning = app.warning.getvalue()
    assert "index.md:" in warning
    assert (
        "quick.py ended with ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception),"
        " which nothing caught" in warning
    )
    assert warning.count("ended with") == 1


@timeline_root()
def test_wrong_exception_is_reported(app):
    project = app.srcdir
    set_options(
        project,
        """
:returned: main
:raised: bad KeyError, TaskGroup
:cancelled: slow
""",
    )
    app.build()
    assert "the page says bad raised KeyError, but it raised ValueError at 0.1 s" in (
        app.warning.getvalue()
    )


@timeline_root()
def test_bad_directive_use_is_an_error(app, make_app):
    project = app.srcdir
    set_options(project, ":returned: main slow")
    app.build()
    assert "item 'main slow' should be NAME" in app.warning.getvalue()
    page = project / "index.md"
    page.write_text(page.read_text("utf-8").replace("quick.py", "gone.py"), "utf-8")
    app = build(make_app, project)
    assert "example 'gone.py' not found" in app.warning.getvalue()


@timeline_root(language="zh_CN")
def test_chinese_timeline_has_chinese_labels(app):
    project = app.srcdir
    write_catalog(project, ZH)
    app.build()
    assert app.warning.getvalue() == ""
    figure = figure_of((app.outdir / "index.html").read_text("utf-8"))
    legend = [t.get_text() for t in figure.select("g.tl-legend text")]
    assert legend == ["正常结束", "引发异常", "已取消"]
    assert figure.select_one("text.tl-axis-title").get_text() == "时间（秒）"
    assert figure.select_one("svg title").get_text() == "quick.py 的时间线"
    assert "slow 在 0.0 秒开始，在 0.1 秒被取消。" in figure.select_one("svg desc").get_text()
    assert figure.select_one("details summary").get_text() == "时间线的文字版"
    assert "bad 在 0.0 秒开始，在 0.1 秒引发 ValueError。" in [
        li.get_text() for li in figure.select("details li")
    ]


@timeline_root(language="zh_CN")
def test_translation_must_keep_the_placeholders(app):
    project = app.srcdir
    write_catalog(
        project,
        {
            LABELS["task-cancelled"]: "{task} 在 {start} 秒开始，后被取消。",  # lost {end}
            LABELS[
                "task-raised"
            ]: "{task 在 {start} 秒开始，在 {end} 秒引发 {exception}。",  # broken
        },
    )
    app.build()
    warning = app.warning.getvalue()
    assert warning.count("wrong placeholders") == 2 and "index.md:" in warning
    assert "locale/zh_CN/LC_MESSAGES/index.po" in warning
    assert "{end}, {start}, {task}" in warning
    figure = figure_of((app.outdir / "index.html").read_text("utf-8"))
    items = [li.get_text() for li in figure.select("details li")]
    assert "slow started at 0.0 s and was cancelled at 0.1 s." in items
    assert "bad started at 0.0 s and raised ValueError at 0.1 s." in items


@timeline_root()
def test_two_timelines_of_one_script_have_their_own_ids(app):
    project = app.srcdir
    page = project / "index.md"
    page.write_text(page.read_text("utf-8") * 2, "utf-8")
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    figures = BeautifulSoup(html, "html.parser").select("figure.task-timeline")
    ids = [f["id"] for f in figures]
    assert ids[0] == "timeline-quick" and len(set(ids)) == 2
    for figure, ident in zip(figures, ids):
        assert figure.select_one("svg")["aria-labelledby"] == f"{ident}-title {ident}-desc"


@timeline_root("gettext")
def test_gettext_collects_the_labels_and_runs_nothing(app, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the gettext builder ran an example")

    monkeypatch.setattr(timeline_runs, "run_scripts", must_not_run)
    app.build()
    msgids = [e.msgid for e in polib.pofile(str(app.outdir / "index.pot"))]
    # What this page's options need: no "exited" sentence, since its group raises.
    assert msgids[1:] == [
        LABELS[k]
        for k in (
            "title",
            "note",
            "summary",
            "axis",
            "legend-returned",
            "legend-raised",
            "legend-cancelled",
            "task-returned",
            "task-raised",
            "task-cancelled",
            "group-raised",
        )
    ]


@timeline_root()
def test_an_example_runs_once_per_environment(app, make_app, monkeypatch):
    project = app.srcdir
    calls = []
    real = timeline_runs.run_scripts
    monkeypatch.setattr(
        timeline_runs,
        "run_scripts",
        lambda scripts, timeout: calls.append(len(scripts)) or real(scripts, timeout),
    )
    app.build()
    assert calls == [1]  # the page's one script, once
    build(make_app, project, builder="doctest")  # the same doctrees: nothing to read
    page = project / "index.md"
    page.write_text(page.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    app = build(make_app, project)  # the page is read again; its script is unchanged
    assert calls == [1]
    assert "A new paragraph." in (app.outdir / "index.html").read_text("utf-8")
    (project / "examples" / "quick.py").write_text(
        (project / "examples" / "quick.py").read_text("utf-8") + "\n# changed\n", "utf-8"
    )
    build(make_app, project)  # a changed script is run again
    assert calls == [1, 1]


@pytest.mark.sphinx("html", testroot="timeline", srcdir="timeline", parallel=2)
def test_parallel_read_keeps_runs_made_while_reading(app):
    # The directive runs the script itself, in a forked reader; the run must
    # come back with the environment.
    app.build()
    assert app.warning.getvalue() == ""
    (key,) = app.env.timeline_docs["index"]
    assert app.env.timeline_runs[key]["lanes"][0]["name"] == "main"


# -- the site: every worked example, both languages -----------------------------

WORKED = ["example-wait", "example-results", "example-failure", "example-cancel"]


def site_svg(build, page: str) -> str:
    return svg_text((build.html_dir / f"{page}.html").read_text("utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", WORKED)
def test_worked_example_shows_its_timeline(site, language, page):
    figures = site[language].page(page).select("article figure.task-timeline")
    assert len(figures) == 1
    figure = figures[0]
    assert figure.select_one("svg title").get_text().strip()
    assert len(figure.select("details li")) == len(figure.select("g.tl-lane")) >= 5


def test_failure_timeline(site):
    found = lanes(site[SOURCE_LANGUAGE].page("example-failure").select_one("figure.task-timeline"))
    assert found["task2"]["outcome"] == "raised" and found["task2"]["exception"] == "Exception"
    moment = found["task2"]["end"]
    assert moment == "0.5"
    # The other two are cancelled at the moment of the failure, not later.
    assert [found[t]["outcome"] for t in ("task1", "task3")] == ["cancelled", "cancelled"]
    assert found["task1"]["end"] == found["task3"]["end"] == moment
    assert found["TaskGroup"]["outcome"] == "raised"
    assert found["TaskGroup"]["exception"] == "ExceptionGroup"
    assert found["main"]["outcome"] == "returned"


def test_cancel_one_timeline(site):
    found = lanes(site[SOURCE_LANGUAGE].page("example-cancel").select_one("figure.task-timeline"))
    cancelled = {name for name, lane in found.items() if lane["outcome"] == "cancelled"}
    assert cancelled == {"task2"}
    assert found["task2"]["end"] == "0.5"
    assert {lane["end"] for name, lane in found.items() if name != "task2"} == {"1.0"}
    assert {lane["outcome"] for name, lane in found.items() if name != "task2"} == {"returned"}


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", WORKED)
def test_two_runs_draw_the_same_picture(site, language, page):
    """Each language's build ran the example on its own: only the words may differ."""

    def geometry(svg: str) -> str:
        # The drawing between the text alternative and the legend (whose
        # rows, and so the picture's height, depend on the words), wordless.
        drawing = svg.partition("</desc>")[2].partition('<g class="tl-legend">')[0]
        return re.sub(r"<(text|title)\b([^>]*)>.*?</\1>", r"<\1\2/>", drawing, flags=re.DOTALL)

    source, translated = site_svg(site[SOURCE_LANGUAGE], page), site_svg(site[language], page)
    assert 'class="tl-lane' in geometry(source)
    assert geometry(translated) == geometry(source)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("page", WORKED)
def test_translated_timeline_has_translated_labels(site, language, page):
    figure = site[language].page(page).select_one("figure.task-timeline")
    labels = [t.get_text() for t in figure.select("g.tl-legend text, text.tl-axis-title")]
    labels += [
        figure.select_one("svg title").get_text(),
        figure.select_one("details summary").get_text(),
    ]
    labels += [li.get_text() for li in figure.select("details li")]
    untranslated = [text for text in labels if not CJK.search(text)]
    assert untranslated == [], (
        f"locale/{language}/LC_MESSAGES/{page}.po lacks translations "
        f"of the timeline labels: run `make update-po`, translate them"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_examples_run_once_and_quietly(site, language):
    html_log, doctest_log = site[language].logs["html"], site[language].logs["doctest"]
    assert len(re.findall(r"task-timeline: ran \d+ example", html_log)) == 1
    assert "task-timeline: ran" not in doctest_log  # the doctest build reuses the run
    assert "Hello from coroutine" not in html_log  # what the examples print stays out
