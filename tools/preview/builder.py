"""The preview's builder: one Sphinx application, kept warm between rebuilds.

``python -m tools.preview.builder --results FD SPHINX-BUILD-ARGS`` builds
once, then reads a JSON line per batch of changed files on stdin, rebuilds,
and writes one JSON line to the file descriptor FD: ``{"status": "ok" |
"warnings" | "failed", "messages": [...], "seconds": ...}``. Sphinx's own
log goes to stdout and stderr, as ``sphinx-build`` prints it.

Each rebuild is ``app.build()``, Sphinx's normal incremental build: the
same read, transforms (every extension of conf.py, so every check of the
build) and write as ``sphinx-build``; it only skips what a new process
pays before that (Python, Sphinx and the extensions imported, the theme
loaded, jieba's dictionary read). What a warm application would otherwise
get wrong is reset before each build (``reset_caches``), and the files the
watcher saw change are read again whatever their mtimes say
(``Rebuild.outdated``). An exception ends the application, not the
process: it is printed as ``sphinx-build`` prints it, and the next change
builds with a new application from the environment on disk.
"""

from __future__ import annotations

import argparse
import gettext
import io
import json
import os
import re
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx.locale
from sphinx._cli.util.errors import handle_exception
from sphinx.application import Sphinx
from sphinx.cmd import build as sphinx_build
from sphinx.util.docutils import docutils_namespace, patch_docutils
from sphinx.util.i18n import CatalogRepository, docname_to_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Sphinx's own messages (``__``) on the console; every other translator is
# the project's or an extension's, and a new application sets it up again.
CONSOLE = "console"


class Tee(io.TextIOBase):
    """Sphinx's warning stream: to the terminal, and kept for the page."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream, self.lines = stream, []

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.lines.extend(line for line in ANSI.sub("", text).splitlines() if line.strip())
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:  # Sphinx colours warnings on a terminal
        return self.stream.isatty()


def reset_caches(app: Sphinx | None) -> None:
    """Forget what a warm process remembers and a new one would read again.

    * the translations: ``sphinx.locale.init`` keeps a translator per
      catalog and only adds to it, and ``gettext.translation`` keeps each
      ``.mo`` file it read, by path; a page read again must be translated
      from the ``.mo`` as it is now;
    * the doctrees Sphinx keeps in memory (``_pickled_doctree_cache``,
      which a parallel read in another process does not update;
      Sphinx's own ``SphinxTestApp.build()`` clears it before each build
      for the same reason), and the root doctree (``master_doctree``, the
      site's navigation).
    """
    keep = {(CONSOLE, "sphinx")}
    if app is not None:
        keep |= {key for key in sphinx.locale.translators if key[1] == "sphinx"}
        env = app.env
        env._pickled_doctree_cache.clear()
        env._write_doc_doctree_cache.clear()
        env.__dict__.pop("master_doctree", None)
    for key in list(sphinx.locale.translators):
        if key not in keep:
            del sphinx.locale.translators[key]
    gettext._translations.clear()  # type: ignore[attr-defined]


class Assets:
    """The CSS and JS files of every page, as a new application has them.

    ``app.add_js_file()`` in ``html-page-context`` adds a script to one page
    (bilingual.py's, on pages with originals), but Sphinx also keeps it in
    the registry, and the builder adds the registry's files to every page
    at the start of its next build: in a warm application, every page of
    the second build would load it.
    """

    def __init__(self, app: Sphinx) -> None:
        self.lists = [
            (owner, name, list(getattr(owner, name)))
            for owner in (app.registry, app.builder)
            for name in ("css_files", "js_files", "_css_files", "_js_files")
            if isinstance(getattr(owner, name, None), list)
        ]

    def restore(self) -> None:
        for owner, name, files in self.lists:
            getattr(owner, name)[:] = files


class Rebuild:
    """What one batch of changed files asks of the application."""

    def __init__(self, app: Sphinx, changed: Iterable[str], jobs: int) -> None:
        self.app, self.changed, self.jobs = app, {Path(p).resolve() for p in changed}, jobs
        self.catalogs = [
            c for c in self.repository().catalogs if Path(c.po_path).resolve() in self.changed
        ]
        # Also from the paths: the catalogs Sphinx reads may be copies.
        self.domains = {c.domain for c in self.catalogs} | {
            domain for path in self.changed if (domain := self.domain(path))
        }
        # A catalog that is no page's (sphinx.po: the templates' words and
        # the site's title) is read when the application starts.
        self.new_app = bool(self.domains - self.page_domains())

    def domain(self, path: Path) -> str | None:
        """``sub/page`` for ``.../<language>/LC_MESSAGES/sub/page.po`` in the build's language."""
        parts = path.with_suffix("").parts
        if path.suffix != ".po" or "LC_MESSAGES" not in parts:
            return None
        at = parts.index("LC_MESSAGES")
        if at == 0 or parts[at - 1] != self.app.config.language:
            return None
        return "/".join(parts[at + 1 :])

    def repository(self) -> CatalogRepository:
        config = self.app.config
        return CatalogRepository(
            self.app.srcdir, config.locale_dirs, config.language, config.source_encoding
        )

    def page_domains(self) -> set[str]:
        env, compact = self.app.env, self.app.config.gettext_compact
        return {docname_to_domain(doc, compact) for doc in env.found_docs}

    def compile(self) -> None:
        """Compile the changed catalogs' ``.mo`` files, wherever Sphinx keeps them.

        Sphinx compiles a ``.po`` only when its ``.mo`` is older; a save in
        the same tick of a coarse file-system clock as the last build's
        ``.mo`` would be missed.
        """
        if self.catalogs:
            self.app.builder.compile_catalogs(
                set(self.catalogs), f"{len(self.catalogs)} po files changed"
            )

    def outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """``env-get-outdated``: the pages the changed files are part of.

        A page whose source, catalog or dependency (an example script) was
        saved is read again, whatever the mtimes say.
        """
        compact = app.config.gettext_compact
        pages = set()
        for doc in env.found_docs:
            if docname_to_domain(doc, compact) in self.domains:
                pages.add(doc)
            elif Path(env.doc2path(doc)).resolve() in self.changed:
                pages.add(doc)
            elif any(
                (app.srcdir / dep).resolve() in self.changed
                for dep in env.dependencies.get(doc, ())
            ):
                pages.add(doc)
        # A page or two: Sphinx's worker processes would cost more than they save.
        app.parallel = self.jobs if len(pages | added | changed) > 5 else 1
        return sorted(pages)

    def all_pages(self) -> list[Path]:
        """Every page's source, to write every page (the templates' words changed)."""
        env = self.app.env
        return [Path(env.doc2path(doc)) for doc in sorted(env.found_docs)]


class Builder:
    """The Sphinx application, made from a ``sphinx-build`` command line."""

    def __init__(self, argv: list[str], fresh: bool) -> None:
        parser = sphinx_build.get_parser()
        args = parser.parse_args(argv)
        args.confdir = sphinx_build._parse_confdir(args.noconfig, args.confdir, args.sourcedir)
        args.doctreedir = sphinx_build._parse_doctreedir(args.doctreedir, args.outputdir)
        sphinx_build._validate_colour_support(args.color)
        args.status, warning, args.error, _ = sphinx_build._parse_logging(
            parser, args.quiet, args.really_quiet, None
        )
        self.warnings = Tee(warning or io.StringIO())
        args.confoverrides = sphinx_build._parse_confoverrides(
            parser, args.define, args.htmldefine, args.nitpicky
        )
        self.args, self.fresh = args, fresh or args.freshenv
        self.app: Sphinx | None = None
        self.contexts = ExitStack()
        self.jobs = args.jobs
        # The files of a build that failed: the next one reads them again too.
        self.unbuilt: set[str] = set()

    def make_app(self) -> Sphinx:
        self.close()
        reset_caches(None)
        args = self.args
        confdir = args.confdir or args.sourcedir
        # As sphinx-build: docutils' registries are the application's own.
        self.contexts.enter_context(patch_docutils(confdir))
        self.contexts.enter_context(docutils_namespace())
        self.app = Sphinx(
            srcdir=args.sourcedir,
            confdir=args.confdir,
            outdir=args.outputdir,
            doctreedir=args.doctreedir,
            buildername=args.builder,
            confoverrides=args.confoverrides,
            status=args.status,
            warning=self.warnings,
            freshenv=self.fresh,
            warningiserror=args.warningiserror,
            tags=args.tags,
            verbosity=args.verbosity,
            parallel=self.jobs,
            keep_going=False,
            pdb=args.pdb,
            exception_on_warning=args.exception_on_warning,
        )
        self.fresh = False  # once: the next application reads this one's environment
        self.assets = Assets(self.app)
        return self.app

    def close(self) -> None:
        self.app = None
        self.contexts.close()

    def build(self, changed: list[str]) -> dict:
        start = time.perf_counter()
        del self.warnings.lines[:]
        changed = sorted(self.unbuilt.union(changed))
        try:
            self.run(changed)
            self.unbuilt.clear()
        except (Exception, KeyboardInterrupt) as exc:
            self.unbuilt.update(changed)
            app = self.app
            handle_exception(
                exc,
                stderr=self.args.error,
                use_pdb=self.args.pdb,
                print_traceback=self.args.verbosity or self.args.traceback,
                message_log=app.messagelog if app else (),
                extensions=app.extensions.values() if app else (),
            )
            self.close()  # a half-done build: start again from the pickled environment
            if isinstance(exc, KeyboardInterrupt):
                raise
            status, messages = "failed", [*self.warnings.lines, f"{type(exc).__name__}: {exc}"]
        else:
            status = "warnings" if self.warnings.lines else "ok"
            messages = list(self.warnings.lines)
        sys.stdout.flush()
        sys.stderr.flush()
        return {
            "status": status,
            "messages": messages,
            "seconds": round(time.perf_counter() - start, 3),
        }

    def run(self, changed: list[str]) -> None:
        app = self.app or self.make_app()
        if not changed:  # the first build
            app.build()
            return
        rebuild = Rebuild(app, changed, self.jobs)
        if rebuild.new_app:
            pages = rebuild.all_pages()
            rebuild.compile()
            app = self.make_app()
            app.build(filenames=pages)  # sphinx-build docs out PAGE...: write them all
            return
        reset_caches(app)
        self.assets.restore()
        rebuild.compile()
        listener = app.connect("env-get-outdated", rebuild.outdated)
        try:
            app.build()
        finally:
            app.disconnect(listener)


def batches(stream: io.TextIOBase):
    """The changed files of each JSON line on stdin (the server sends one per build)."""
    while line := stream.readline():
        yield json.loads(line)["changed"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.preview.builder", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--results",
        type=int,
        required=True,
        metavar="FD",
        help="file descriptor to write one JSON line per build to",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from a fresh environment (conf.py or an extension changed)",
    )
    args, sphinx_args = parser.parse_known_args(argv)
    results = os.fdopen(args.results, "w", buffering=1, encoding="utf-8")
    builder = Builder(sphinx_args, args.fresh)
    try:
        results.write(json.dumps(builder.build([])) + "\n")
        for changed in batches(sys.stdin):
            results.write(json.dumps(builder.build(changed)) + "\n")
    except (KeyboardInterrupt, BrokenPipeError):
        return 130
    finally:
        builder.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
