# tools/extensions/ (taskgroup_guide_ext) is put on sys.path by tests/conftest.py.
# The inventory (python.inv): one object, asyncio.gather, stored: nothing is
# downloaded (intersphinx reads it when the application is made).
extensions = ["taskgroup_guide_ext.intersphinx_language", "myst_parser"]
intersphinx_mapping = {"python": ("https://docs.python.org/3/", "python.inv")}
intersphinx_language_uris = {"zh_CN": {"python": "https://docs.python.org/zh-cn/3/"}}
