# tools/extensions/ (taskgroup_guide_ext) is put on sys.path by tests/conftest.py.
extensions = ["sphinx.ext.doctest", "taskgroup_guide_ext.timeline", "myst_parser"]
languages = ["en", "zh_CN"]
# The build compiles and checks the catalogs itself (catalog_gate).
translation_catalogs = "locale"
locale_dirs: list[str] = []
gettext_compact = False
example_dir = "examples"
