"""Find a city from what a person typed or a link carried: an id, a name, an old name.

Used by deep links (``?city=Coventry``, ``?city=gn:2652221``, ``?city=Stalingrad``): one
clear match opens the city; several or none give suggestions instead of an error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from sistermap import schema
from sistermap.text import fold


@dataclass(frozen=True)
class CityLookup:
    city_id: str | None  # the one match, if there is exactly one
    matches: tuple[str, ...]  # several equally good matches (homonyms)
    suggestions: tuple[str, ...]  # near misses when nothing matched


def shown_alt_names(cell: object, limit: int = 6) -> list[str]:
    """Other names people write (Köln, Stalingrad), not romanised index forms ("kao wen chui").

    GeoNames lists both; the index forms are all lower case, the names in use are not.
    """
    return [n for n in schema.split_list(cell) if n[:1].isupper()][:limit]


def find_city(cities: pd.DataFrame, query: str, limit: int = 8) -> CityLookup:
    """Exact id, then exact name, then exact alternate name, then close spellings."""
    q = (query or "").strip()
    if not q:
        return CityLookup(None, (), ())
    if q in cities.index:
        return CityLookup(q, (q,), ())
    fq = fold(q)
    names = cities["search_names"]
    exact = [cid for cid, ns in names.items() if ns and ns[0] == fq]
    if not exact:
        exact = [cid for cid, ns in names.items() if fq in ns[1:]]
    if exact:
        ranked = sorted(exact, key=lambda c: -int(cities.at[c, "degree"]))
        return CityLookup(ranked[0] if len(ranked) == 1 else None, tuple(ranked[:limit]), ())
    primary = {ns[0]: cid for cid, ns in names.items() if ns}
    close = difflib.get_close_matches(fq, list(primary), n=limit, cutoff=0.75)
    contains = [cid for key, cid in primary.items() if fq in key and len(fq) >= 3]
    suggestions = list(dict.fromkeys([primary[c] for c in close] + contains))[:limit]
    return CityLookup(None, (), tuple(suggestions))
