# tools/extensions/ (taskgroup_guide_ext) is put on sys.path by tests/conftest.py.
extensions = [
    "sphinx.ext.doctest",
    "taskgroup_guide_ext.example",
    "taskgroup_guide_ext.literal_translation",
    "taskgroup_guide_ext.trimmed_include",
    "myst_parser",
]
languages = ["en", "zh_CN"]
translation_catalogs = "locale"  # catalog_gate compiles them
locale_dirs: list[str] = []
gettext_compact = False
gettext_additional_targets = ["literal-block"]
example_dir = "examples"
