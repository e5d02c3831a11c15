"""Which of a place's alternate names a dataset keeps: the ones readers type into a search box."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from sistermap import schema

MAX_ALT_NAMES = 60


def is_latin(name: str) -> bool:
    """Latin-script names only: the ones a reader of this app types into a search box.

    Called for every alternate name of every place an import places (~120,000 for a
    26,000-row list): ASCII names, most of them, are decided without a Unicode lookup.
    """
    if name.isascii():
        return any(c.isalpha() for c in name)
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(_latin_letter(c) for c in letters)


@lru_cache(maxsize=8192)
def _latin_letter(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def alt_names(place, limit: int = MAX_ALT_NAMES, display: str = "") -> str:
    """Useful alternate names: Latin script, not codes (IATA 'LED'), not the shown name.

    When the curated English name differs from the gazetteer's (Cologne / Köln), the
    gazetteer's name comes first, so both find the city.
    """
    display = display or place.name
    keep = [place.name] if place.name != display else []
    for name in place.alt_names:
        if name == display or not is_latin(name) or (name.isupper() and len(name) <= 4):
            continue
        if name not in keep:
            keep.append(name)
    # A long list keeps the names people write (capitalised: Peking, Stalingrad) before the
    # lower-case romanised index forms ("bei jing"): GeoNames lists A to Z, and a cut after
    # 30 names lost "Peking".
    if len(keep) > limit:
        keep.sort(key=lambda n: not n[:1].isupper())
    return schema.LIST_SEP.join(keep[:limit])
