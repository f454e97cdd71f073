"""``python -m tools.po {update,status,check} [LANGUAGE ...]``: what the Makefile runs.

The languages default to the translations in conf.py. Exit status 1 means
problems were found; each is printed as ``file:line: msgid — what — fix``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.po import LOCALE, completeness, site_config, templates
from tools.po.check import check_language
from tools.po.status import progress, table
from tools.po.update import update


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.po", description=__doc__)
    parser.add_argument("command", choices=["update", "status", "check"])
    parser.add_argument(
        "languages", nargs="*", metavar="LANGUAGE", default=site_config().languages[1:]
    )
    parser.add_argument(
        "--templates",
        type=Path,
        required=True,
        metavar="DIR",
        help="the .pot files of `make gettext`",
    )
    parser.add_argument(
        "--doctrees",
        type=Path,
        metavar="DIR",
        help="the doctrees of `make gettext` (status, check)",
    )
    parser.add_argument("--locale-dir", type=Path, default=LOCALE, metavar="DIR")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="check: fail on what is not translated yet too (before a release)",
    )
    args = parser.parse_intermixed_args(argv)
    if args.command != "update" and args.doctrees is None:
        parser.error(f"{args.command} needs --doctrees")
    return args


def run_update(args: argparse.Namespace) -> int:
    problems = [
        problem
        for language in args.languages
        for problem in update(args.templates, args.locale_dir, language)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def run_status(args: argparse.Namespace) -> int:
    pages = templates.load(args.templates, args.doctrees)
    print(
        "\n\n".join(
            table(language, progress(args.locale_dir, language, pages))
            for language in args.languages
        )
    )
    return 0


def lagging(language: str, rows: list) -> list[str]:
    """The pages the translation has not caught up with, one line each, with counts."""
    lines = [
        f"  {row.page}: {row.fuzzy} fuzzy, {row.untranslated} untranslated"
        + (f" ({row.note})" if row.note else "")
        for row in rows
        if row.fuzzy or row.untranslated or row.note
    ]
    if not lines:
        return []
    return [
        f"{language}: not translated yet on {len(lines)} page(s), which show English there "
        "(`make check-po STRICT=1` fails on these; `make status` for the table):",
        *lines,
    ]


def run_check(args: argparse.Namespace) -> int:
    pages = templates.load(args.templates, args.doctrees)
    failed = False
    for language in args.languages:
        problems = check_language(args.locale_dir, language, pages, strict=args.strict)
        for problem in problems:
            print(problem)
        if not args.strict:
            for line in lagging(language, progress(args.locale_dir, language, pages)):
                print(line)
            # A gone page's catalog: update-po keeps its translations, nothing to fix.
            for note in completeness.catalog_files(args.locale_dir, language, pages):
                if note.path.is_file():
                    print(f"  {note}")
        if problems:
            files = len({problem.path for problem in problems})
            print(
                f"{language}: {len(problems)} problem(s) in {files} file(s); "
                "how to fix each: docs/contributing.md"
            )
        else:
            print(f"{language}: {len(pages)} catalogs checked, no problems")
        failed |= bool(problems)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    return {"update": run_update, "status": run_status, "check": run_check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
