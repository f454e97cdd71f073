"""Stands for a hole in the earlier gates: adds markup to translated pages only."""

from docutils import nodes


def add(app, doctree, docname):
    if app.config.hole and app.config.language != "en":
        doctree[0].append(nodes.raw("", app.config.hole, format="html"))


def setup(app):
    app.add_config_value("hole", "", "env")
    app.connect("doctree-resolved", add)
    return {"parallel_read_safe": True}
