extensions = ["myst_parser", "sphinx.ext.doctest", "catalog_gate", "translation_gate",
              "literal_translation"]
languages = ["en", "zh_CN"]
translation_catalogs = "locale"
locale_dirs: list[str] = []
gettext_additional_targets = ["literal-block"]
