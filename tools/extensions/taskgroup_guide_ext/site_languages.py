"""The site's languages (conf.py's ``languages``) as a config value, and their codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.core import get_global

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

# Names a reader looks for in a language menu, where Babel's own differ:
# Babel calls zh_CN "中文 (中国)", a place, not the written form.
NATIVE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文"}


def site_languages(config: Config) -> list[str]:
    """conf.py's ``languages``; the first is the source language."""
    return list(config.languages) or [config.language or "en"]


def is_website(builder: Builder | type[Builder]) -> bool:
    """Whether *builder* (or its class) makes the web site, not a book: HTML pages at addresses.

    The EPUB builder writes HTML too (its ``format`` is "html"), but for a
    reading system with no other languages beside it, no server and no
    scripts: Sphinx calls such HTML builders ``embedded`` (EPUB, HTML Help,
    Qt Help). Language links, Open Graph tags, the 404 page's addresses and
    the hidden English originals are for the web site only.
    """
    return builder.format == "html" and not getattr(builder, "embedded", False)


def source_language(config: Config) -> str:
    return site_languages(config)[0]


def bcp47(code: str) -> str:
    """``zh_CN`` -> ``zh-CN``: for ``<html lang>``, ``lang`` and ``hreflang``."""
    return code.replace("_", "-")


def rtd_code(code: str) -> str:
    """``zh_CN`` -> ``zh-cn``: the language part of Read the Docs' URLs."""
    return code.replace("_", "-").lower()


def og_locale(code: str) -> str:
    """``en`` -> ``en_US``, ``zh_CN`` -> ``zh_CN``: Open Graph wants a territory."""
    if "_" in code:
        return code
    likely = get_global("likely_subtags").get(code, "")
    territory = likely.split("_")[-1] if likely.count("_") else ""
    return f"{code}_{territory}" if territory.isupper() else code


def native_name(code: str) -> str:
    """The language's name in that language: English, 简体中文, 日本語."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def setup(app: Sphinx) -> ExtensionMetadata:
    # The one list stays in conf.py; registering it lets extensions read it.
    app.add_config_value("languages", [], "env", types=frozenset({list, tuple}))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
