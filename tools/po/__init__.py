"""Catalog tools for translators: refresh the catalogs, report progress, check them.

Run as ``python -m tools.po {update,status,check}``; the Makefile's
``update-po``, ``status`` and ``check-po`` targets do, and the test suite calls
the same functions. The modules, one job each:

- ``pofile``: read a ``.po`` file strictly, write it in one canonical format;
- ``templates``: what the English pages have to translate (``make gettext``);
- ``update``: merge the templates into the catalogs;
- ``status``: translated / fuzzy / untranslated counts per page;
- ``check`` runs the checks: ``completeness``, ``spacing``, ``markup`` (titles of
  cross-references into other docs) and ``glossary``; whether a translation is safe to
  publish is the build's own decision (``make check-po`` runs a build for it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
# The build's own extensions (taskgroup_guide_ext: translation_gate, catalog_gate,
# po_syntax), as conf.py finds them.
if str(ROOT / "tools" / "extensions") not in sys.path:
    sys.path.append(str(ROOT / "tools" / "extensions"))
# Per language, next to LC_MESSAGES/: the translations of pages that no longer
# exist, which update-po offers wherever their English appears again.
COMPENDIUM = "compendium.po"


def site_config() -> ModuleType:
    """The site's ``conf.py``: the one list of languages, and the MyST options."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import conf

    return conf


def display_path(path: Path) -> str:
    """``path`` as a translator would type it: relative to the repository if inside."""
    from taskgroup_guide_ext.catalog_gate import display  # the build's, for the same names

    # The folder resolved, not the file: a symbolic link is named as itself,
    # where the translator sees it, never as the file it points to.
    return display(path.absolute().parent.resolve() / path.name, ROOT)
