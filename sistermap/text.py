"""Text folding and safety helpers shared by search, import and export.

``fold`` is the one definition of "the same name" for search: case, accents and
script-level transliteration (Kraków, Krakow and KRAKOW fold alike; Łódź folds to lodz).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_NON_WORD = re.compile(r"[^0-9a-z]+")

#: A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for matching only."""
    return _NON_WORD.sub(" ", anyascii(str(text)).casefold()).strip()


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def formula_safe(value: object) -> object:
    """Neutralise spreadsheet formulas (CSV injection) by prefixing a quote.

    A plain number such as a longitude of "-77.1" is left alone: it cannot run, and a
    quote would turn a coordinate into text.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
            and not _NUMBER.match(value)):
        return "'" + value
    return value
