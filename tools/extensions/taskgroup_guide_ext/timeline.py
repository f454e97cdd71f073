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

The work is split by job, one module each:

- ``timeline_runs.py`` runs the examples (through ``timeline_runner.py``,
  the subprocess that records one run) and keeps the runs in the
  environment;
- ``timeline_check.py`` checks a run against the page's options;
- ``timeline_svg.py`` draws the figure from the run and the translated labels;
- this module is the Sphinx side: the node, the directive, the check of
  translated labels, and the post-transform that draws.
"""

from __future__ import annotations

import string
from fnmatch import fnmatchcase
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

from taskgroup_guide_ext import timeline_check, timeline_runs, timeline_svg
from taskgroup_guide_ext.catalog_gate import catalog_folder, display
from taskgroup_guide_ext.timeline_check import GROUP, OUTCOMES, mismatches, parse_expectations
from taskgroup_guide_ext.timeline_runs import RUNNER, run_for, runs_examples, script_path
from taskgroup_guide_ext.timeline_svg import LABELS, Clock, figure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# What a page's timeline depends on, besides its script: a change to any of
# them reads the page again.
SOURCES = [
    Path(__file__),
    RUNNER,
    *(Path(m.__file__) for m in (timeline_check, timeline_runs, timeline_svg)),
]


def placeholders(text: str) -> set[str] | None:
    """The ``{fields}`` of a label, spelled out in full; None if it is not a valid template."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # a lone "{" or "}"
        return None
    return {
        "{" + field + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        for _, field, spec, conv in parsed
        if field is not None
    }


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


# -- The labels a page needs ------------------------------------------------------


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
            raise self.error(
                f"task-timeline: example {name!r} not found: expected a script "
                f"at {script} (example_dir = {self.config.example_dir!r})"
            )
        try:
            expected = parse_expectations(self.options)
        except ValueError as exc:
            raise self.error(f"task-timeline {name}: {exc}") from None
        for dependency in (script, *SOURCES):
            self.env.note_dependency(str(dependency))

        node = task_timeline(script=name, expected=expected, labels=labels_for(expected), run=None)
        self.set_source_info(node)
        node["ids"] = [make_id(self.env, self.state.document, "timeline", script.stem)]
        self.state.document.set_id(node)  # so a second timeline of it gets another id
        if self.content:
            node += self.parse_content_to_nodes()
        if runs_examples(self.env):
            self.attach_run(node, script)
        return [node]

    def attach_run(self, node: task_timeline, script: Path) -> None:
        run = run_for(self.env, script)
        shown = self.shown(script)
        if "failure" in run:
            logger.warning(
                "task-timeline: %s could not be run: %s",
                shown,
                run["failure"],
                location=node,
                type="timeline",
                subtype="run",
            )
            return
        if run.get("error"):
            logger.warning(
                "task-timeline: %s ended with %s, which nothing caught: the "
                "timeline would show a run that crashed. Fix the example.",
                shown,
                run["error"],
                location=node,
                type="timeline",
                subtype="run",
            )
        node["run"] = run
        fmt = Clock(self.config.timeline_resolution)
        for problem in mismatches(run["lanes"], node["expected"], fmt):
            logger.warning(
                "task-timeline: %s no longer does what this page says: %s. "
                "Fix the example, or the directive's options and the text.",
                shown,
                problem,
                location=node,
                type="timeline",
                subtype="mismatch",
            )

    @staticmethod
    def shown(script: Path) -> str:
        return display(script, Path.cwd())


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
                        "used until then.",
                        english,
                        self.catalog(),
                        want,
                        location=node,
                        type="i18n",
                        subtype="timeline",
                    )
                    node["labels"][key] = english

    def catalog(self) -> str:
        """The page's reviewed catalog, as a translator types it (catalog_gate finds it)."""
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        folder, root = catalog_folder(self.config, self.config.language)
        return display(folder / f"{domain}.po", root)


# -- Drawing, after translation ---------------------------------------------------


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
            node.replace_self(figure(node, clock))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.example")  # example_dir: where the scripts are
    # The reviewed catalogs, which the messages name (catalog_folder).
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    app.add_config_value("timeline_resolution", 0.1, "env", types=frozenset({float, int}))
    app.add_config_value("timeline_timeout", 60, "", types=frozenset({float, int}))
    app.add_node(task_timeline)
    app.add_directive("task-timeline", TaskTimeline)
    app.add_transform(CheckTranslatedLabels)
    app.add_post_transform(RenderTimelines)
    app.connect("env-purge-doc", timeline_runs.purge_doc)
    app.connect("env-merge-info", timeline_runs.merge_info)
    app.connect("env-updated", timeline_runs.report_runs)
    app.connect("env-updated", timeline_runs.forget_unused_runs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
