"""Map Read the Docs' language code to the site's Sphinx language."""

from __future__ import annotations

import os
from collections.abc import Mapping


def gettext_code(code: str) -> str:
    """``zh-cn`` -> ``zh_CN``, ``ja`` -> ``ja``: the form Sphinx and gettext use."""
    lang, _, region = code.strip().replace("_", "-").partition("-")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


def language_from_environment(languages: list[str], environ: Mapping[str, str] = os.environ) -> str:
    """Return the Sphinx language for this build.

    Read the Docs sets ``READTHEDOCS_LANGUAGE`` to its own code (``en``,
    ``zh-cn``), which Sphinx and gettext do not accept as is. Outside Read the
    Docs the source language (the first) is returned; ``-D language=...`` on the
    command line overrides the result as usual.

    An unknown code stops the build: publishing English pages under another
    language's name is worse than publishing nothing.
    """
    code = environ.get("READTHEDOCS_LANGUAGE", "").strip()
    if not code:
        return languages[0]
    wanted = gettext_code(code)
    if wanted in languages:
        return wanted
    from sphinx.errors import ConfigError

    raise ConfigError(
        f"READTHEDOCS_LANGUAGE={code!r} (Sphinx language {wanted!r}) is not one "
        f"of this site's languages: {', '.join(languages)} (conf.py, "
        f"`languages`). Set the Read the Docs project's language to one of "
        f"them, or add {wanted!r} to `languages` in conf.py with its catalogs "
        f"in locale/{wanted}/LC_MESSAGES/."
    )
