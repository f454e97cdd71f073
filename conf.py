"""Sphinx configuration for TaskGroup Guide.

The source dir is ``docs/``; this file sits at the repository root so that
``sphinx-build -c . docs OUTDIR`` and Read the Docs share one configuration.
It must stay free of side effects: the Makefile and the tests import it.
"""

import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The local extensions: the one package in tools/extensions/, named so that no
# installed distribution has it, neither shadowing nor shadowed (appended all
# the same; tests/test_extensions.py checks the names).
EXTENSIONS = ROOT / "tools" / "extensions"
if str(EXTENSIONS) not in sys.path:
    sys.path.append(str(EXTENSIONS))

from taskgroup_guide_ext.rtd_language import language_from_environment  # noqa: E402

# -- The site's languages ----------------------------------------------------
# The one list. The Makefile, the tests and the Read the Docs build read it
# from here; adding a language is one entry plus locale/<code>/LC_MESSAGES/.
# The first entry is the source language.

languages = ["en", "zh_CN"]

# -- General configuration ---------------------------------------------------

project = "TaskGroup Guide"
author = "TaskGroup Guide contributors"
# A fixed year: date.today() would change every page each January.
copyright = "2026, TaskGroup Guide contributors"
# The guide's version, from pyproject.toml (the one place it is written);
# EPUB 3 requires one.
version = release = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
    "version"
]

extensions = [
    # Sphinx's own
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    # local (tools/extensions/taskgroup_guide_ext/)
    "taskgroup_guide_ext.bilingual",
    "taskgroup_guide_ext.catalog_gate",
    "taskgroup_guide_ext.chinese_search",
    "taskgroup_guide_ext.cjk_punctuation",
    "taskgroup_guide_ext.contribute_links",
    "taskgroup_guide_ext.english_titles",
    "taskgroup_guide_ext.ebook",
    "taskgroup_guide_ext.example",
    "taskgroup_guide_ext.glossary_table",
    "taskgroup_guide_ext.intersphinx_language",
    "taskgroup_guide_ext.language_links",
    "taskgroup_guide_ext.literal_translation",
    "taskgroup_guide_ext.notfound",
    "taskgroup_guide_ext.opengraph",
    "taskgroup_guide_ext.sitemap",
    "taskgroup_guide_ext.output_guard",
    "taskgroup_guide_ext.theme_messages",
    "taskgroup_guide_ext.timeline",
    "taskgroup_guide_ext.translation_gate",
    "taskgroup_guide_ext.translation_status",
    "taskgroup_guide_ext.trimmed_include",
    "taskgroup_guide_ext.untranslated",
    # third-party
    "myst_parser",
    "sphinx_copybutton",
]

# -- Options for internationalisation ---------------------------------------
# Read the Docs passes its own code (``zh-cn``) in READTHEDOCS_LANGUAGE;
# ``-D language=...`` on the command line overrides this value.

language = language_from_environment(languages)
# The reviewed catalogs: locale/<lang>/LC_MESSAGES/<page>.po, relative to this
# file. Sphinx never reads them itself: catalog_gate validates them and
# compiles the .mo files the build uses into the build's own folder, and
# points locale_dirs there; translation_gate checks each message as it is
# applied. So locale_dirs stays empty here.
translation_catalogs = "locale"
locale_dirs: list[str] = []
# One catalog per page, named after the page.
gettext_compact = False
# Code blocks carry comments that are translated, like the article does.
gettext_additional_targets = ["literal-block"]
# Source-file locations in the .pot files would churn on every edit.
gettext_location = False

# -- Options for HTML output -------------------------------------------------

html_theme = "furo"
html_title = project
html_static_path = ["docs/_static"]
html_css_files = ["guide.css", "timeline.css"]
# Keyboard and screen-reader repairs of the theme; it works on the DOM.
html_js_files = [("guide.js", {"defer": "defer"})]
# Every visit asks for an icon; a drawing scales to every size.
html_favicon = "docs/_static/favicon.svg"
# Readers don't need the Markdown sources; fewer files to upload.
html_copy_source = False
# Sphinx's Chinese search loads jieba's main dictionary a second time, as a
# user dictionary (sphinx/search/zh.py), unless "dict" names another one:
# over a second of every Chinese build (benchmarks/README.md).
html_search_options = {"dict": ""}
# Titles first, then the entries that name the query (the reference for an
# identifier), then headings, then text, in every language.
html_search_scorer = "docs/_static/search-scorer.js"
# Absolute: Sphinx reads templates_path from the config dir, but the gettext
# builder, which collects their messages into sphinx.pot, from the source dir.
templates_path = [str(ROOT / "docs" / "_templates")]
# Read the Docs' address for this build (https://<host>/<lang>/<version>/):
# the pages' canonical URL, and the base of their og:url and hreflang links.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Options for opengraph ----------------------------------------------------
# The picture of link previews (1200 x 630, the size the big cards use).

opengraph_image = "og-image.png"

# -- Options for contribute_links ------------------------------------------
# The repository, for the "Edit this page" and "Improve this translation"
# links under each page: the address git clones it from, or its web page.
# Read the Docs' READTHEDOCS_GIT_CLONE_URL (and the branch it builds) is used
# where it is set; with neither, the pages have no such links.

repository_url = ""

# -- Options for EPUB output -------------------------------------------------
# One book per language (make epub); its title, language tag and identifier
# come from the language it is built for (taskgroup_guide_ext/ebook.py). The
# book uses Sphinx's epub theme and the reading system's own fonts: nothing
# in it is fetched from elsewhere.

# What a library shows on the book's page; translated in sphinx.po.
epub_description = (
    "A guide to Python's asyncio.TaskGroup: starting tasks as a group, "
    "waiting for them, and what happens when one of them fails or is cancelled."
)
# A reader can't hover over a link to see where it goes: the addresses are
# listed as footnotes.
epub_show_urls = "footnote"
# The web server's page for a missing address (notfound.py) is no chapter.
# Sphinx 9 keeps the last build's .buildinfo as .buildinfo.bak when the
# configuration changed, and its EPUB builder, which skips .buildinfo, would
# pack that (and warn: unknown mimetype).
epub_exclude_files = ["404.xhtml", ".buildinfo.bak"]
# The guide has no index entries: the book would end with an empty index.
epub_use_index = False

# -- Options for sphinx.ext.intersphinx --------------------------------------
# Links to the Python docs. The inventory is a stored file, not a download, so
# every build works offline and makes the same links; to add an object to it,
# see docs/_intersphinx/make_python3_inv.py. Paths are relative to docs/.

intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", "_intersphinx/python3.inv"),
}
# The Chinese pages link to the Chinese Python docs: the same objects at the
# same anchors (taskgroup_guide_ext/intersphinx_language.py).
intersphinx_language_uris = {
    "zh_CN": {"python": "https://docs.python.org/zh-cn/3/"},
}

# -- Options for timeline ---------------------------------------------------
# Times on the task timelines are rounded to this (seconds), so two builds
# draw byte-identical pictures; the figures state it to the reader.

timeline_resolution = 0.1

# -- Options for untranslated ----------------------------------------------
# A translated page that lags behind the English says so, and links here.

untranslated_help_page = "contributing"

# -- Options for sphinx-copybutton -------------------------------------------
# Copy code only: strip prompts, drop output lines of console sessions.

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
# Expected output ({example} bodies and {testoutput}, highlighted as "none")
# is what a run prints, not code to copy: no button on it.
copybutton_selector = "div:not(.highlight-none) > div.highlight pre"
