"""The ``{example}`` directive: show a script from examples/ as a doctest with its output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class ExampleDirective(SphinxDirective):
    """Render ``examples/NAME.py`` as ``testcode`` and the body as ``testoutput``.

    The script is the single source of the code: the page shows it, the
    doctest builder runs it (in every language, comments translated), and
    ``python examples/NAME.py`` prints the same body. Each example gets its
    own doctest group, so names defined by one example never leak into
    another.
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        # Relative to the source dir, like {literalinclude} paths.
        path = (Path(self.env.srcdir) / self.config.example_dir / name).resolve()
        if not path.is_file() or path.suffix != ".py":
            raise self.error(
                f"example {name!r} not found: expected a script at {path} "
                f"(example_dir = {self.config.example_dir!r} in conf.py)"
            )
        if not self.content:
            raise self.error(
                f"example {name!r} has no expected output: put what "
                f"`python {path}` prints in the directive's body"
            )
        self.env.note_dependency(str(path))
        code = path.read_text(encoding="utf-8").rstrip("\n")
        output = "\n".join(self.content)
        group = [f"example-{path.stem}"]

        code_node = nodes.literal_block(
            code, code, testnodetype="testcode", groups=group, language="python"
        )
        code_node["options"] = {}
        code_node["classes"] = ["example-code"]
        self.set_source_info(code_node)
        output_node = nodes.literal_block(
            output, output, testnodetype="testoutput", groups=group, language="none"
        )
        output_node["options"] = {}
        output_node["classes"] = ["example-output"]
        self.set_source_info(output_node)
        return [code_node, output_node]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("example_dir", "../examples", "env", types=frozenset({str}))
    app.add_directive("example", ExampleDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
