# tools/extensions/ is put on sys.path by tests/conftest.py.
extensions = ["translation_status", "myst_parser"]
project = "Tiny Guide"
languages = ["en", "zh_CN"]
locale_dirs = ["locale/"]
gettext_compact = False
