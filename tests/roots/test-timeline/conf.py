# tools/extensions/ is put on sys.path by tests/conftest.py.
extensions = ["sphinx.ext.doctest", "timeline", "myst_parser"]
locale_dirs = ["locale/"]
gettext_compact = False
example_dir = "examples"
