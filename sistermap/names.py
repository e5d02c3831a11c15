"""When two names are the same name: folding, the keys places are matched by, and slugs.

``fold`` is the one definition of "the same name" for search: case, accents and
script-level transliteration (Kraków, Krakow and KRAKOW fold alike; Łódź folds to lodz).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for matching only."""
    return _NON_WORD.sub(" ", anyascii(str(text)).casefold()).strip()
