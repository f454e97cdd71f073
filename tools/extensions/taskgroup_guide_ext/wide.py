"""What a wide character is, for every width the site counts.

One that takes two columns of a terminal or a monospace line, and a square
in a proportional font: Unicode's East Asian Width "W" (Han, kana, Hangul,
CJK punctuation) or "F" (full-width forms). The catalogs' line wrapping
(``tools/po/pofile.py``), the link previews' description length
(``opengraph``) and the timelines' label widths (``timeline_svg``) use it.
"""

from __future__ import annotations

import unicodedata


def is_wide(char: str) -> bool:
    """``char`` (one code point) takes two columns."""
    return unicodedata.east_asian_width(char) in "WF"
