"""The ``{task-timeline}`` directive: an SVG timeline of what an example's tasks did in a real run.

::

    ```{task-timeline} failure.py
    :returned: main
    :raised: task2 Exception, TaskGroup ExceptionGroup
    :cancelled: task1, task3
    ```

The script (in ``example_dir``, like ``{example}``) is run once while the
page is read, by ``timeline_runner.py`` in a subprocess, with a task factory,
done callbacks and wrappers on ``TaskGroup.__aenter__``/``__aexit__``. Every
task and every TaskGroup block is a lane. The options say how each lane must
end; the build warns (so ``-W`` fails it) when the run disagrees, naming the
page, the script and the lane.

Translation: the directive's node carries its labels (legend, axis, a
sentence template per outcome) as ``addnodes.translatable`` messages, so
they go into the page's own catalog and the Locale transform translates them
like toctree captions. The SVG is drawn afterwards, in a post-transform, from
the recorded run and the translated labels. Numbers never enter a msgid: the
templates have ``{start}``/``{end}`` placeholders.

Reproducible: the runner's event loop skips over sleeps instead of waiting,
so its clock shows what the program scheduled, not how busy the machine was;
times are rounded to ``timeline_resolution`` (0.1 s) and printed with a
fixed number of digits, ids come from the script's name, and lanes keep the
order in which the program began them.

Fast: before reading, every page about to be read is scanned for the
directive and all the scripts run at once, in no real time. Runs are
cached in the environment by the script's content, so the doctest build
after the html build, or a page edited without touching its script, runs
nothing again. The gettext builder runs nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
import subprocess
import sys
import time
import unicodedata
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fnmatch import fnmatchcase
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import make_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

RUNNER = Path(__file__).with_name("timeline_runner.py")
OUTCOMES = ("returned", "raised", "cancelled")
GROUP = "TaskGroup"  # the runner's name for a TaskGroup block's lane

# Every string a timeline shows, in English; each page's catalog holds the
# ones its timelines use. {placeholders} are filled in after translation.
LABELS = {
    "title": "Timeline of {script}",
    "note": "Drawn from a real run of {script} when this page was built. "
            "Times are in seconds, rounded to {resolution} s.",
    "summary": "The timeline as text",
    "axis": "Time (s)",
    "legend-returned": "finished normally",
    "legend-raised": "raised an exception",
    "legend-cancelled": "cancelled",
    "task-returned": "{task} started at {start} s and returned at {end} s.",
    "task-raised": "{task} started at {start} s and raised {exception} at {end} s.",
    "task-cancelled": "{task} started at {start} s and was cancelled at {end} s.",
    "group-returned": "The {group} block was entered at {start} s and exited at {end} s.",
    "group-raised": "The {group} block was entered at {start} s and raised {exception} "
                    "at {end} s.",
}
# Placeholders shown as code.
CODE_FIELDS = {"script", "task", "group", "exception"}

# Finds the scripts of the pages about to be read (MyST fences and reST).
DIRECTIVE = re.compile(
    r"^(?:[ \t]*(?:`{3,}|:{3,})\{task-timeline\}|[ \t]*\.\.[ \t]+task-timeline::)[ \t]+(\S+)",
    re.MULTILINE,
)


def placeholders(text: str) -> set[str] | None:
    """The ``{fields}`` of a label, spelled out in full; None if it is not a valid template."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # a lone "{" or "}"
        return None
    return {"{%s%s%s}" % (field, f"!{conv}" if conv else "", f":{spec}" if spec else "")
            for _, field, spec, conv in parsed if field is not None}


# -- The node -------------------------------------------------------------------


class task_timeline(nodes.General, nodes.Element, addnodes.translatable):
    """A recorded run (``run``), what the page expects of it, and its labels.

    ``labels`` maps a key of LABELS to its text, translated in place by the
    Locale transform; ``original_labels`` keeps the English for the catalogs.
    Replaced by a figure in RenderTimelines.
    """

    def preserve_original_messages(self) -> None:
        self["original_labels"] = dict(self["labels"])

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        for key, text in self["original_labels"].items():
            if text == original_message:
                self["labels"][key] = translated_message

    def extract_original_messages(self) -> list[str]:
        return list(self.get("original_labels", self["labels"]).values())


# -- Running the examples -----------------------------------------------------


def run_key(script: Path) -> str:
    """Same Python, same runner, same script: same run, so it is cached."""
    digest = hashlib.sha256()
    for part in (sys.version.encode(), RUNNER.read_bytes(), script.read_bytes()):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def run_scripts(scripts: Mapping[str, Path], timeout: float) -> dict[str, dict[str, Any]]:
    """Run every script at once under the runner; {key: run} in, failures as {"failure": why}."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    procs = {
        key: subprocess.Popen([sys.executable, str(RUNNER), str(script)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8")
        for key, script in scripts.items()
    }
    runs = {}
    for key, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            runs[key] = {"failure": f"it did not finish within {timeout} s "
                                    f"(timeline_timeout in conf.py)"}
            continue
        try:
            runs[key] = json.loads(stdout)
        except ValueError:
            tail = stderr.strip().splitlines()[-5:] or [f"exit status {proc.returncode}"]
            runs[key] = {"failure": "the runner failed: " + " / ".join(tail)}
    return runs


def env_runs(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "timeline_runs"):
        env.timeline_runs = {}
    return env.timeline_runs


def env_docs(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, "timeline_docs"):
        env.timeline_docs = {}
    return env.timeline_docs


def runs_examples(env: BuildEnvironment) -> bool:
    """The gettext builder only needs the labels: it never runs an example."""
    return env._builder_cls.name != "gettext"  # as SphinxPostTransform.is_supported does


def script_path(env: BuildEnvironment, name: str) -> Path:
    # Relative to the source dir, like {example} and {literalinclude}.
    return (Path(env.srcdir) / env.config.example_dir / name).resolve()


def prefetch_runs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Run the scripts of every page about to be read, all at once, before reading.

    Done before a parallel read forks, so every reader finds the runs in the
    environment. A script missed here is run by its directive instead.
    """
    if not runs_examples(env):
        return
    runs, wanted = env_runs(env), {}
    for docname in docnames:
        text = env.doc2path(docname).read_text("utf-8")
        for match in DIRECTIVE.finditer(text):
            script = script_path(env, match[1])
            if script.is_file() and (key := run_key(script)) not in runs:
                wanted[key] = script
    if wanted:
        started = time.perf_counter()
        runs.update(run_scripts(wanted, app.config.timeline_timeout))
        logger.info("task-timeline: ran %d example(s) at once in %.2f s", len(wanted),
                    time.perf_counter() - started)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_docs(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
               other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in env_docs(other):
            env_docs(env)[docname] = env_docs(other)[docname]
    env_runs(env).update(env_runs(other))


def forget_unused_runs(app: Sphinx, env: BuildEnvironment) -> None:
    """Keep the runs some page shows; failed runs are tried again next build."""
    used = set().union(*env_docs(env).values())
    runs = env_runs(env)
    for key in [k for k, run in runs.items() if k not in used or "failure" in run]:
        del runs[key]


# -- What the page says, and whether the run agrees ---------------------------


def parse_expectations(options: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """``:raised: task2 Exception, TaskGroup`` -> [("raised", "task2", "Exception"), ...]."""
    expected = []
    for outcome in OUTCOMES:
        for item in filter(None, (i.strip() for i in options.get(outcome, "").split(","))):
            words = item.split()
            if len(words) > (2 if outcome == "raised" else 1):
                hint = "NAME or NAME ExceptionType" if outcome == "raised" else "NAME"
                raise ValueError(f":{outcome}: item {item!r} should be {hint}, "
                                 f"items separated by commas")
            expected.append((outcome, words[0], words[1] if len(words) > 1 else None))
    if not expected:
        raise ValueError("say how each task ends, with the options :returned:, :raised: "
                         "and :cancelled: (names of tasks, or patterns like task-*)")
    return expected


def ending(lane: Mapping[str, Any], fmt) -> str:
    """How a lane ended, in words for a build message."""
    if lane["outcome"] == "unfinished":
        return "never finished"
    verb = {"returned": "returned", "cancelled": "was cancelled",
            "raised": f"raised {lane['exception']}"}[lane["outcome"]]
    return f"{verb} at {fmt(lane['end'])} s"


def mismatches(lanes: list[dict[str, Any]], expected: list[tuple[str, str, str | None]],
               fmt) -> list[str]:
    """Every way the run differs from the page's options; empty when they agree."""
    problems, used = [], set()
    for lane in lanes:
        name, actual = lane["name"], lane["outcome"]
        hits = [i for i, (_, pattern, _) in enumerate(expected) if fnmatchcase(name, pattern)]
        used.update(hits)
        claims = {expected[i][0] for i in hits}
        if not hits:
            where = f":{actual}:" if actual in OUTCOMES else "an option"
            problems.append(f"{name} {ending(lane, fmt)}, but the page does not say so: "
                            f"add it to {where}")
        elif len(claims) > 1:
            options = ", ".join(f":{c}:" for c in sorted(claims))
            problems.append(f"{name} is listed under more than one option ({options})")
        elif actual != (claim := claims.pop()):
            problems.append(f"the page says {name} {claim}, but it {ending(lane, fmt)}")
        elif actual == "raised":
            wanted = {expected[i][2] for i in hits} - {None}
            if wanted and lane["exception"] not in wanted:
                problems.append(f"the page says {name} raised {' or '.join(sorted(wanted))}, "
                                f"but it {ending(lane, fmt)}")
    names = ", ".join(lane["name"] for lane in lanes)
    for i, (outcome, pattern, _) in enumerate(expected):
        if i not in used:
            problems.append(f":{outcome}: names {pattern!r}, but the run has no such task "
                            f"(it has: {names})")
    return problems


def labels_for(expected: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """The labels a page needs, from its options alone: the gettext build runs nothing."""
    keys = ["title", "note", "summary", "axis"]
    outcomes = [o for o in OUTCOMES if any(e[0] == o for e in expected)]
    keys += [f"legend-{o}" for o in outcomes]
    for outcome in outcomes:
        patterns = [p for o, p, _ in expected if o == outcome]
        if any(not p.startswith(GROUP) for p in patterns):
            keys.append(f"task-{outcome}")
        if outcome != "cancelled" and any(
            p.startswith(GROUP) or fnmatchcase(GROUP, p) for p in patterns
        ):
            keys.append(f"group-{outcome}")
    return {key: LABELS[key] for key in LABELS if key in keys}


class Clock:
    """Seconds rounded to the resolution, always printed with the same digits."""

    def __init__(self, resolution: float) -> None:
        self.step = Decimal(str(resolution))
        if self.step <= 0:
            raise ValueError(f"timeline_resolution must be positive, not {resolution!r}")

    def ticks(self, seconds: float) -> int:
        return int((Decimal(repr(seconds)) / self.step).to_integral_value(ROUND_HALF_UP))

    def text(self, ticks: int) -> str:
        return str((ticks * self.step).quantize(self.step))

    def __call__(self, seconds: float) -> str:
        return self.text(self.ticks(seconds))


# -- The directive ----------------------------------------------------------------


class TaskTimeline(SphinxDirective):
    """Run ``examples/NAME.py`` and draw its tasks; the options say how each must end.

    Options take comma-separated lane names or fnmatch patterns (``task-*``):
    ``:returned:``, ``:cancelled:``, and ``:raised:`` whose items may name
    the exception (``task2 Exception``). Lanes are named after their
    coroutine (``main``, ``task1``) or their explicit task name, numbered
    ``task-1``, ``task-2`` ... when several share a name; a TaskGroup block
    is ``TaskGroup``. Every lane must be listed. Content, if any, is a
    caption.
    """

    required_arguments = 1
    has_content = True
    option_spec = {outcome: directives.unchanged_required for outcome in OUTCOMES}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        script = script_path(self.env, name)
        if not script.is_file() or script.suffix != ".py":
            raise self.error(f"task-timeline: example {name!r} not found: expected a script "
                             f"at {script} (example_dir = {self.config.example_dir!r})")
        try:
            expected = parse_expectations(self.options)
        except ValueError as exc:
            raise self.error(f"task-timeline {name}: {exc}") from None
        for dependency in (script, RUNNER, Path(__file__)):
            self.env.note_dependency(str(dependency))

        node = task_timeline(script=name, expected=expected, labels=labels_for(expected),
                             run=None)
        self.set_source_info(node)
        node["ids"] = [make_id(self.env, self.state.document, "timeline", script.stem)]
        self.state.document.set_id(node)  # so a second timeline of it gets another id
        if self.content:
            node += self.parse_content_to_nodes()
        if runs_examples(self.env):
            self.attach_run(node, script)
        return [node]

    def attach_run(self, node: task_timeline, script: Path) -> None:
        key = run_key(script)
        runs = env_runs(self.env)
        if key not in runs:  # not found by prefetch_runs: run it now
            runs.update(run_scripts({key: script}, self.config.timeline_timeout))
        env_docs(self.env).setdefault(self.env.docname, set()).add(key)
        run = runs[key]
        shown = self.shown(script)
        if "failure" in run:
            logger.warning("task-timeline: %s could not be run: %s", shown, run["failure"],
                           location=node, type="timeline", subtype="run")
            return
        node["run"] = run
        fmt = Clock(self.config.timeline_resolution)
        for problem in mismatches(run["lanes"], node["expected"], fmt):
            logger.warning("task-timeline: %s no longer does what this page says: %s. "
                           "Fix the example, or the directive's options and the text.",
                           shown, problem, location=node, type="timeline", subtype="mismatch")

    @staticmethod
    def shown(script: Path) -> str:
        try:
            return script.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return str(script)


# -- Translations must keep their placeholders ----------------------------------


class CheckTranslatedLabels(SphinxTransform):
    """A translated label that loses or renames a {placeholder} is reported and not used."""

    default_priority = 25  # right after Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(task_timeline):
            original = node.get("original_labels", {})
            for key, text in node["labels"].items():
                english = original.get(key, text)
                if text != english and placeholders(text) != placeholders(english):
                    want = ", ".join(sorted(placeholders(english))) or "none"
                    logger.warning(
                        "translated timeline label has the wrong placeholders: the msgstr of "
                        "%r in %s must use exactly %s, untranslated. The English label is "
                        "used until then.", english, self.catalog(), want,
                        location=node, type="i18n", subtype="timeline")
                    node["labels"][key] = english

    def catalog(self) -> str:
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        for directory in self.config.locale_dirs:
            path = Path(self.env.srcdir, directory, self.config.language, "LC_MESSAGES",
                        f"{domain}.po").resolve()
            if path.is_file():
                try:
                    return path.relative_to(Path.cwd()).as_posix()
                except ValueError:
                    return str(path)
        return f"{self.config.language}/LC_MESSAGES/{domain}.po"


# -- Drawing ------------------------------------------------------------------------

WIDTH = 400            # viewBox units; CSS scales the picture to the column
NAMES = 140            # lane names wider than this go above their bars
FONT = 14              # lane names and legend
SMALL = 12             # tick labels
LANE = 26              # height of a lane; 40 with its name above the bar
TOP = 8
RIGHT = 16
MAX_INTERVALS = 6


def text_width(text: str, size: float, em: float = 0.55) -> float:
    """Rough advance of *text*: CJK characters are square, others *em* wide (monospace: 0.62)."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else em * size for c in text)


def fill(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(values)


def fill_nodes(template: str, values: Mapping[str, str]) -> list[nodes.Node]:
    """The template as inline nodes, the code-like fields as literals."""
    out: list[nodes.Node] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(nodes.Text(literal))
        if field is not None:
            value = values[field]
            out.append(nodes.literal(value, value) if field in CODE_FIELDS else nodes.Text(value))
    return out


def mark(outcome: str, x: float, y: float) -> str:
    """The end-of-lane mark: a dot, a warning triangle or a cross, unlike in shape, not only colour."""
    if outcome == "returned":
        return f'<circle class="tl-mark tl-returned" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    if outcome == "raised":
        return (f'<path class="tl-mark tl-raised" d="M{x:.1f} {y - 7.5:.1f}'
                f'L{x + 7:.1f} {y + 5.5:.1f}L{x - 7:.1f} {y + 5.5:.1f}Z"/>')
    if outcome == "cancelled":
        return (f'<path class="tl-mark tl-cancelled" fill="none" stroke="currentColor" '
                f'stroke-width="3" stroke-linecap="round" d="M{x - 5:.1f} {y - 5:.1f}'
                f'L{x + 5:.1f} {y + 5:.1f}M{x + 5:.1f} {y - 5:.1f}L{x - 5:.1f} {y + 5:.1f}"/>')
    return ""  # unfinished: no mark; the build has warned already


def axis_end(total: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    """A tick step of 1, 2 or 5 times a power of ten of the resolution, and where the axis ends."""
    total = max(total, step)
    scale = step
    while True:
        for factor in (1, 2, 5):
            tick = scale * factor
            intervals = (total / tick).to_integral_value(ROUND_CEILING)
            if intervals <= MAX_INTERVALS:
                return tick, tick * intervals
        scale *= 10


def render_svg(ident: str, lanes: list[dict[str, Any]], labels: Mapping[str, str],
               title: str, description: str, clock: Clock) -> str:
    """The inline SVG: one lane per task, a time axis, end marks and a legend."""
    # Names left of the bars; a long name would squeeze the axis (and the
    # text, on a phone), so then every name goes above its bar.
    label_w = max([text_width(lane["name"], FONT, em=0.62) for lane in lanes] + [40]) + 8
    above = label_w > NAMES
    x0, lane_h = (12, 40) if above else (label_w + 8, LANE)
    width = WIDTH
    x1 = width - RIGHT
    ticks = {id(lane): (clock.ticks(lane["start"]), clock.ticks(lane["end"] or lane["start"]))
             for lane in lanes}
    total = max(end for _, end in ticks.values()) * clock.step
    tick, end = axis_end(total, clock.step)

    def x(t: int) -> float:
        return x0 + float(t * clock.step / end) * (x1 - x0)

    axis_y = TOP + lane_h * len(lanes) + 6
    out = [f'<text class="tl-axis-title" x="{(x0 + x1) / 2:.1f}" y="{axis_y + 40}" '
           f'text-anchor="middle">{escape(labels["axis"])}</text>',
           f'<path class="tl-axis" stroke="currentColor" d="M{x0:.1f} {axis_y}H{x1:.1f}"/>']
    t = Decimal(0)
    while t <= end:
        xt = x(int(t / clock.step))
        out.append(f'<path class="tl-grid" stroke="currentColor" stroke-opacity="0.15" '
                   f'd="M{xt:.1f} {TOP}V{axis_y + 4}"/>')
        out.append(f'<text class="tl-tick" x="{xt:.1f}" y="{axis_y + 18}" font-size="{SMALL}" '
                   f'text-anchor="middle">{clock.text(int(t / clock.step))}</text>')
        t += tick
    # A failure's moment, across every lane: what else ended then?
    for at in sorted({ticks[id(lane)][1] for lane in lanes
                      if lane["outcome"] == "raised" and lane["kind"] == "task"}):
        out.append(f'<path class="tl-guide" stroke="currentColor" stroke-dasharray="3 3" '
                   f'd="M{x(at):.1f} {TOP}V{axis_y}"/>')
    for row, lane in enumerate(lanes):
        y = TOP + lane_h * row + (28 if above else LANE / 2)  # the bar's middle
        start, stop = ticks[id(lane)]
        xs, xe = x(start), x(stop)
        kind = "group" if lane["kind"] == "group" else "task"
        attrs = (f'data-lane="{escape(lane["name"])}" data-kind="{kind}" '
                 f'data-start="{clock.text(start)}" data-end="{clock.text(stop)}" '
                 f'data-outcome="{lane["outcome"]}"')
        if lane["exception"]:
            attrs += f' data-exception="{escape(lane["exception"])}"'
        out.append(f'<g class="tl-lane tl-lane-{kind}" {attrs}>')
        out.append(f'<title>{escape(lane["sentence"])}</title>')
        if above:
            out.append(f'<text class="tl-name" x="{x0 - 4:.1f}" y="{y - 12:.1f}">'
                       f'{escape(lane["name"])}</text>')
        else:
            out.append(f'<text class="tl-name" x="{label_w:.1f}" y="{y + 5:.1f}" '
                       f'text-anchor="end">{escape(lane["name"])}</text>')
        if kind == "group":
            out.append(f'<rect class="tl-bar tl-bar-group" fill="none" stroke="currentColor" '
                       f'x="{xs:.1f}" y="{y - 7:.1f}" width="{max(xe - xs, 2):.1f}" '
                       f'height="14" rx="3"/>')
        else:
            out.append(f'<rect class="tl-bar" fill-opacity="0.4" x="{xs:.1f}" y="{y - 4:.1f}" '
                       f'width="{max(xe - xs, 2):.1f}" height="8" rx="3"/>')
        out.append(mark(lane["outcome"], xe, y))
        out.append("</g>")

    # The legend, wrapped to the width.
    items = [(o, labels[f"legend-{o}"]) for o in OUTCOMES if f"legend-{o}" in labels]
    lx, ly = 8.0, axis_y + 66
    out.append('<g class="tl-legend">')
    for outcome, text in items:
        w = 22 + text_width(text, FONT) + 16
        if lx + w > width and lx > 8:
            lx, ly = 8.0, ly + 24
        out.append(mark(outcome, lx + 8, ly - 5))
        out.append(f'<text x="{lx + 20:.1f}" y="{ly}">{escape(text)}</text>')
        lx += w
    out.append("</g>")
    height = ly + 10
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-svg" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-labelledby="{ident}-title {ident}-desc" fill="currentColor" '
            f'font-size="{FONT}">\n'
            f'<title id="{ident}-title">{escape(title)}</title>\n'
            f'<desc id="{ident}-desc">{escape(description)}</desc>')
    return "\n".join([head, *out, "</svg>"])


class RenderTimelines(SphinxPostTransform):
    """Turn each task_timeline into a figure: the SVG, a note, and the timeline as text."""

    default_priority = 200

    def is_supported(self) -> bool:
        # The gettext builder extracts the labels from the node itself.
        return runs_examples(self.env)

    def run(self, **kwargs: Any) -> None:
        clock = Clock(self.config.timeline_resolution)
        for node in list(self.document.findall(task_timeline)):
            if node.get("run") is None:  # could not run: the build has warned
                node.replace_self(nodes.comment())
                continue
            node.replace_self(self.figure(node, clock))

    def figure(self, node: task_timeline, clock: Clock) -> nodes.figure:
        labels, ident = node["labels"], node["ids"][0]
        values = {"script": node["script"], "resolution": clock.text(1)}
        lanes = []
        for lane in node["run"]["lanes"]:
            lane = dict(lane)
            if lane["start"] is None:
                lane["start"] = lane["end"] or 0.0
            kind = "group" if lane["kind"] == "group" else "task"
            key = f"{kind}-{lane['outcome']}"
            template = labels.get(key, LABELS.get(key, "{%s} started at {start} s "
                                                       "and never finished." % kind))
            fields = {kind: lane["name"], "start": clock(lane["start"]),
                      "end": clock(lane["end"] or lane["start"]),
                      "exception": lane["exception"] or ""}
            lane["template"], lane["fields"] = template, fields
            lane["sentence"] = fill(template, fields)
            lanes.append(lane)

        title = fill(labels["title"], values)
        note = fill(labels["note"], values)
        description = " ".join([note, *(lane["sentence"] for lane in lanes)])
        svg = render_svg(ident, lanes, labels, title, description, clock)

        # no-search: the picture's text alternative (its SVG title and
        # description, the lanes as text) stays in the page for screen
        # readers, but out of the search index, whose snippets it filled.
        figure = nodes.figure(ids=node["ids"], classes=["task-timeline", "no-search"])
        figure += nodes.raw(svg, svg, format="html")
        figure += nodes.caption("", "", *fill_nodes(labels["note"], values))
        legend = nodes.legend()
        legend += node.children  # the page's own caption, if any
        summary = escape(labels["summary"])
        legend += nodes.raw("", f'<details class="tl-text">\n<summary>{summary}</summary>',
                            format="html")
        items = nodes.bullet_list(classes=["tl-lanes"])
        for lane in lanes:
            items += nodes.list_item("", nodes.paragraph(
                "", "", *fill_nodes(lane["template"], lane["fields"])))
        legend += items
        legend += nodes.raw("", "</details>", format="html")
        figure += legend
        return figure


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("example")  # example_dir: where the scripts are
    app.add_config_value("timeline_resolution", 0.1, "env", types=frozenset({float, int}))
    app.add_config_value("timeline_timeout", 60, "", types=frozenset({float, int}))
    app.add_node(task_timeline)
    app.add_directive("task-timeline", TaskTimeline)
    app.add_transform(CheckTranslatedLabels)
    app.add_post_transform(RenderTimelines)
    app.connect("env-before-read-docs", prefetch_runs)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", forget_unused_runs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
