"""Checking ``{task-timeline}``'s runs against the page: how each task must end, and how it did.

The directive's options say how each lane ends (``:raised: task2 Exception``);
``mismatches`` names every way a run differs, for the build to warn about.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

OUTCOMES = ("returned", "raised", "cancelled")
GROUP = "TaskGroup"  # the runner's name for a TaskGroup block's lane


def parse_expectations(options: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """``:raised: task2 Exception, TaskGroup`` -> [("raised", "task2", "Exception"), ...]."""
    expected = []
    for outcome in OUTCOMES:
        for item in filter(None, (i.strip() for i in options.get(outcome, "").split(","))):
            words = item.split()
            if len(words) > (2 if outcome == "raised" else 1):
                hint = "NAME or NAME ExceptionType" if outcome == "raised" else "NAME"
                raise ValueError(
                    f":{outcome}: item {item!r} should be {hint}, items separated by commas"
                )
            expected.append((outcome, words[0], words[1] if len(words) > 1 else None))
    if not expected:
        raise ValueError(
            "say how each task ends, with the options :returned:, :raised: "
            "and :cancelled: (names of tasks, or patterns like task-*)"
        )
    return expected


def ending(lane: Mapping[str, Any], fmt) -> str:
    """How a lane ended, in words for a build message."""
    if lane["outcome"] == "unfinished":
        return "never finished"
    verb = {
        "returned": "returned",
        "cancelled": "was cancelled",
        "raised": f"raised {lane['exception']}",
    }[lane["outcome"]]
    return f"{verb} at {fmt(lane['end'])} s"


def mismatches(
    lanes: list[dict[str, Any]], expected: list[tuple[str, str, str | None]], fmt
) -> list[str]:
    """Every way the run differs from the page's options; empty when they agree."""
    problems, used = [], set()
    for lane in lanes:
        name, actual = lane["name"], lane["outcome"]
        hits = [i for i, (_, pattern, _) in enumerate(expected) if fnmatchcase(name, pattern)]
        used.update(hits)
        claims = {expected[i][0] for i in hits}
        if not hits:
            where = f":{actual}:" if actual in OUTCOMES else "an option"
            problems.append(
                f"{name} {ending(lane, fmt)}, but the page does not say so: add it to {where}"
            )
        elif len(claims) > 1:
            options = ", ".join(f":{c}:" for c in sorted(claims))
            problems.append(f"{name} is listed under more than one option ({options})")
        elif actual != (claim := claims.pop()):
            problems.append(f"the page says {name} {claim}, but it {ending(lane, fmt)}")
        elif actual == "raised":
            wanted = {expected[i][2] for i in hits} - {None}
            if wanted and lane["exception"] not in wanted:
                problems.append(
                    f"the page says {name} raised {' or '.join(sorted(wanted))}, "
                    f"but it {ending(lane, fmt)}"
                )
    names = ", ".join(lane["name"] for lane in lanes)
    for i, (outcome, pattern, _) in enumerate(expected):
        if i not in used:
            problems.append(
                f":{outcome}: names {pattern!r}, but the run has no such task (it has: {names})"
            )
    return problems
