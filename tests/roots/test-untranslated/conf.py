# tools/extensions/ (taskgroup_guide_ext) is put on sys.path by tests/conftest.py.
from docutils import nodes
from sphinx.transforms import SphinxTransform

extensions = [
    "taskgroup_guide_ext.literal_translation",
    "taskgroup_guide_ext.untranslated",
    "myst_parser",
]
project = "Tiny Guide"
languages = ["en", "zh_CN"]
# The build compiles and checks the catalogs itself (catalog_gate).
translation_catalogs = "locale"
locale_dirs: list[str] = []
gettext_compact = False
gettext_additional_targets = ["literal-block"]
untranslated_help_page = "help"


class RefuseSome(SphinxTransform):
    """Stands for the translation safety gate: it keeps the English of an entry it refuses."""

    default_priority = 19  # before Sphinx's Locale (20) applies the translations

    def apply(self, **kwargs):
        if self.config.language == "en":
            return
        for paragraph in self.document.findall(nodes.paragraph):
            if "refuse me" in paragraph.astext():
                paragraph["translatable"] = False
                paragraph["classes"].append("untranslated")


def setup(app):
    app.add_transform(RefuseSome)
