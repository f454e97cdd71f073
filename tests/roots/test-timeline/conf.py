# tools/extensions/ (taskgroup_guide_ext) is put on sys.path by tests/conftest.py.
extensions = ["sphinx.ext.doctest", "taskgroup_guide_ext.timeline", "myst_parser"]
locale_dirs = ["locale/"]
gettext_compact = False
example_dir = "examples"
