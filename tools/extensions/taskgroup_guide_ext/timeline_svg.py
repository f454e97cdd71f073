"""Drawing ``{task-timeline}``: a recorded run as an SVG figure, with its text alternative.

Reproducible: times are rounded to ``timeline_resolution`` (0.1 s) and
printed with a fixed number of digits, ids come from the script's name, and
lanes keep the order in which the program began them, so two builds draw
byte-identical pictures. The words are the page's labels, translated before
drawing; numbers are filled into their ``{start}``/``{end}`` placeholders.
"""

from __future__ import annotations

import string
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from taskgroup_guide_ext.timeline_check import OUTCOMES
from taskgroup_guide_ext.wide import is_wide

if TYPE_CHECKING:
    from collections.abc import Mapping

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
    "group-raised": "The {group} block was entered at {start} s and raised {exception} at {end} s.",
}
# Placeholders shown as code.
CODE_FIELDS = {"script", "task", "group", "exception"}


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


# -- Drawing ------------------------------------------------------------------------

WIDTH = 400  # viewBox units; CSS scales the picture to the column
NAMES = 140  # lane names wider than this go above their bars
FONT = 14  # lane names and legend
SMALL = 12  # tick labels
LANE = 26  # height of a lane; 40 with its name above the bar
TOP = 8
RIGHT = 16
MAX_INTERVALS = 6


def text_width(text: str, size: float, em: float = 0.55) -> float:
    """Rough advance of *text*: CJK characters are square, others *em* wide (monospace: 0.62)."""
    return sum(size if is_wide(c) else em * size for c in text)


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
    """The end-of-lane mark: a dot, a warning triangle or a cross: shapes, not only colours."""
    if outcome == "returned":
        return f'<circle class="tl-mark tl-returned" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    if outcome == "raised":
        return (
            f'<path class="tl-mark tl-raised" d="M{x:.1f} {y - 7.5:.1f}'
            f'L{x + 7:.1f} {y + 5.5:.1f}L{x - 7:.1f} {y + 5.5:.1f}Z"/>'
        )
    if outcome == "cancelled":
        return (
            f'<path class="tl-mark tl-cancelled" fill="none" stroke="currentColor" '
            f'stroke-width="3" stroke-linecap="round" d="M{x - 5:.1f} {y - 5:.1f}'
            f'L{x + 5:.1f} {y + 5:.1f}M{x + 5:.1f} {y - 5:.1f}L{x - 5:.1f} {y + 5:.1f}"/>'
        )
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


def render_svg(
    ident: str,
    lanes: list[dict[str, Any]],
    labels: Mapping[str, str],
    title: str,
    description: str,
    clock: Clock,
) -> str:
    """The inline SVG: one lane per task, a time axis, end marks and a legend."""
    # Names left of the bars; a long name would squeeze the axis (and the
    # text, on a phone), so then every name goes above its bar.
    label_w = max([text_width(lane["name"], FONT, em=0.62) for lane in lanes] + [40]) + 8
    above = label_w > NAMES
    x0, lane_h = (12, 40) if above else (label_w + 8, LANE)
    width = WIDTH
    x1 = width - RIGHT
    ticks = {
        id(lane): (clock.ticks(lane["start"]), clock.ticks(lane["end"] or lane["start"]))
        for lane in lanes
    }
    total = max(end for _, end in ticks.values()) * clock.step
    tick, end = axis_end(total, clock.step)

    def x(t: int) -> float:
        return x0 + float(t * clock.step / end) * (x1 - x0)

    axis_y = TOP + lane_h * len(lanes) + 6
    out = [
        f'<text class="tl-axis-title" x="{(x0 + x1) / 2:.1f}" y="{axis_y + 40}" '
        f'text-anchor="middle">{escape(labels["axis"])}</text>',
        f'<path class="tl-axis" stroke="currentColor" d="M{x0:.1f} {axis_y}H{x1:.1f}"/>',
    ]
    t = Decimal(0)
    while t <= end:
        xt = x(int(t / clock.step))
        out.append(
            f'<path class="tl-grid" stroke="currentColor" stroke-opacity="0.15" '
            f'd="M{xt:.1f} {TOP}V{axis_y + 4}"/>'
        )
        out.append(
            f'<text class="tl-tick" x="{xt:.1f}" y="{axis_y + 18}" font-size="{SMALL}" '
            f'text-anchor="middle">{clock.text(int(t / clock.step))}</text>'
        )
        t += tick
    # A failure's moment, across every lane: what else ended then?
    for at in sorted(
        {
            ticks[id(lane)][1]
            for lane in lanes
            if lane["outcome"] == "raised" and lane["kind"] == "task"
        }
    ):
        out.append(
            f'<path class="tl-guide" stroke="currentColor" stroke-dasharray="3 3" '
            f'd="M{x(at):.1f} {TOP}V{axis_y}"/>'
        )
    for row, lane in enumerate(lanes):
        y = TOP + lane_h * row + (28 if above else LANE / 2)  # the bar's middle
        start, stop = ticks[id(lane)]
        xs, xe = x(start), x(stop)
        kind = "group" if lane["kind"] == "group" else "task"
        attrs = (
            f'data-lane="{escape(lane["name"])}" data-kind="{kind}" '
            f'data-start="{clock.text(start)}" data-end="{clock.text(stop)}" '
            f'data-outcome="{lane["outcome"]}"'
        )
        if lane["exception"]:
            attrs += f' data-exception="{escape(lane["exception"])}"'
        out.append(f'<g class="tl-lane tl-lane-{kind}" {attrs}>')
        out.append(f"<title>{escape(lane['sentence'])}</title>")
        if above:
            out.append(
                f'<text class="tl-name" x="{x0 - 4:.1f}" y="{y - 12:.1f}">'
                f"{escape(lane['name'])}</text>"
            )
        else:
            out.append(
                f'<text class="tl-name" x="{label_w:.1f}" y="{y + 5:.1f}" '
                f'text-anchor="end">{escape(lane["name"])}</text>'
            )
        if kind == "group":
            out.append(
                f'<rect class="tl-bar tl-bar-group" fill="none" stroke="currentColor" '
                f'x="{xs:.1f}" y="{y - 7:.1f}" width="{max(xe - xs, 2):.1f}" '
                f'height="14" rx="3"/>'
            )
        else:
            out.append(
                f'<rect class="tl-bar" fill-opacity="0.4" x="{xs:.1f}" y="{y - 4:.1f}" '
                f'width="{max(xe - xs, 2):.1f}" height="8" rx="3"/>'
            )
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
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" fill="currentColor" '
        f'font-size="{FONT}">\n'
        f'<title id="{ident}-title">{escape(title)}</title>\n'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    return "\n".join([head, *out, "</svg>"])


def figure(node: nodes.Element, clock: Clock) -> nodes.figure:
    """A task_timeline node as a figure: the SVG, a note, and the timeline as text."""
    labels, ident = node["labels"], node["ids"][0]
    values = {"script": node["script"], "resolution": clock.text(1)}
    lanes = []
    for lane in node["run"]["lanes"]:
        lane = dict(lane)
        if lane["start"] is None:
            lane["start"] = lane["end"] or 0.0
        kind = "group" if lane["kind"] == "group" else "task"
        key = f"{kind}-{lane['outcome']}"
        template = labels.get(
            key, LABELS.get(key, "{" + kind + "} started at {start} s and never finished.")
        )
        fields = {
            kind: lane["name"],
            "start": clock(lane["start"]),
            "end": clock(lane["end"] or lane["start"]),
            "exception": lane["exception"] or "",
        }
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
    legend += nodes.raw(
        "", f'<details class="tl-text">\n<summary>{summary}</summary>', format="html"
    )
    items = nodes.bullet_list(classes=["tl-lanes"])
    for lane in lanes:
        items += nodes.list_item(
            "", nodes.paragraph("", "", *fill_nodes(lane["template"], lane["fields"]))
        )
    legend += items
    legend += nodes.raw("", "</details>", format="html")
    figure += legend
    return figure
