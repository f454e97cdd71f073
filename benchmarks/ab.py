"""Measure a proposed change: one figure, before and after a patch, runs interleaved.

    .venv/bin/python benchmarks/ab.py --patch change.diff --figure clean
    .venv/bin/python benchmarks/ab.py --after-make-args=-j2 --figure doctest --runs 8

"Before" is the work tree (or --ref); "after" is the same with --patch applied
and/or other make arguments. Both run on their own snapshot, alternately
(before, after, before, after ...), so a machine that slows down halfway
through slows both. Prints the medians and the ratio after/before.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from bench import ARTICLE, Bench, BenchError, Samples, ensure_peer_env, log

FIGURES = ("clean", "incremental", "doctest", "test")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figure", choices=FIGURES, required=True)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--ref", help="a commit instead of the work tree, for both sides")
    parser.add_argument(
        "--patch",
        type=Path,
        action="append",
        default=[],
        help="diff applied to the 'after' snapshot",
    )
    parser.add_argument(
        "--both-patch",
        type=Path,
        action="append",
        default=[],
        help="diff applied to both snapshots (a change already agreed)",
    )
    parser.add_argument("--before-make-args", default="")
    parser.add_argument("--after-make-args", default="")
    parser.add_argument("--page", default="example-failure.html")
    args = parser.parse_args(argv)

    peer_python = ensure_peer_env()  # Bench needs it; ab.py never times the peer
    work = Path(tempfile.mkdtemp(prefix="taskgroup-ab-"))
    sides = {
        "before": Bench(
            args.runs, work / "before", shlex.split(args.before_make_args), args.page, peer_python
        ),
        "after": Bench(
            args.runs, work / "after", shlex.split(args.after_make_args), args.page, peer_python
        ),
    }
    samples = {name: Samples() for name in sides}
    try:
        for name, bench in sides.items():
            patches = args.both_patch + (args.patch if name == "after" else [])
            bench.prepare(ARTICLE, patches, args.ref)
            bench.warm_up(peer=False)
            if args.figure == "incremental":
                bench.start_incremental()
        for i in range(args.runs):
            for name, bench in sides.items():
                log(f"ab: {args.figure}, {name}, run {i + 1}/{args.runs}")
                samples[name].add(getattr(bench, f"step_{args.figure}")(f"{name}-{i}"))
    except BenchError as error:
        log(f"ab: {error}")
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    before, after = samples["before"], samples["after"]
    print(f"{args.figure}, {args.runs} runs each, interleaved:")
    print(f"  before: {before.cell()}  {before.cpu_cell()}")
    print(f"  after:  {after.cell()}  {after.cpu_cell()}")
    print(f"  after/before: {after.median / before.median:.2f}×")
    for name, s in samples.items():
        if any(s.codes):
            print(f"  {name}: {sum(1 for c in s.codes if c)} run(s) exited non-zero")
    return 0


if __name__ == "__main__":
    sys.exit(main())
