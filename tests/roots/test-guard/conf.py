import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # hole.py
extensions = [
    "myst_parser",
    "taskgroup_guide_ext.catalog_gate",
    "taskgroup_guide_ext.translation_gate",
    "taskgroup_guide_ext.output_guard",
    "hole",
]
languages = ["en", "zh_CN"]
translation_catalogs = "locale"
locale_dirs: list[str] = []
# A stored inventory (a copy of docs/_intersphinx/python3.inv): nothing is downloaded.
intersphinx_mapping = {"python": ("https://docs.python.org/3/", "python3.inv")}
intersphinx_language_uris = {"zh_CN": {"python": "https://docs.python.org/zh-cn/3/"}}
# What hole.py adds to translated pages only, standing for a gap in the gates.
hole = ""
html_theme = "basic"  # the same theme for the English twin and the test app
