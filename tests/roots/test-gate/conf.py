extensions = [
    "myst_parser",
    "sphinx.ext.doctest",
    "taskgroup_guide_ext.catalog_gate",
    "taskgroup_guide_ext.translation_gate",
    "taskgroup_guide_ext.literal_translation",
]
languages = ["en", "zh_CN"]
translation_catalogs = "locale"
locale_dirs: list[str] = []
gettext_additional_targets = ["literal-block"]
