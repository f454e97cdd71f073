# The site's own templates, static files, languages and theme (conf.py at the
# repository root, importable because tests/conftest.py puts it on sys.path);
# tools/extensions/ (taskgroup_guide_ext) is on sys.path too.
from conf import (  # noqa: F401
    ROOT,
    html_search_options,
    html_static_path,
    html_theme,
    languages,
    templates_path,
)

extensions = [
    *(
        f"taskgroup_guide_ext.{name}"
        for name in (
            "bilingual",
            "chinese_search",
            "cjk_punctuation",
            "contribute_links",
            "ebook",
            "language_links",
            "notfound",
            "opengraph",
            "sitemap",
            "theme_messages",
        )
    ),
    "myst_parser",
]
project = "Tiny Guide"
html_static_path = [str(ROOT / path) for path in html_static_path]
# The build compiles and checks the catalogs itself (catalog_gate).
translation_catalogs = "locale"
locale_dirs: list[str] = []
gettext_compact = False
