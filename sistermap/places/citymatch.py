"""One city, one id: match the places of one import that come from different sources.

A Wikidata export names Coventry ``Q180123`` (its own QID and coordinates); a council's
CSV names it "Coventry", which the gazetteer places as ``gn:2652221``. Imported together,
they are one city. Places are the same city when they carry the same Wikidata id, or
else when they share a name (their name or an alternate name, folded), the country, and
lie within ``MATCH_KM`` of each other. Two different Wikidata ids, or two different
GeoNames ids, are never merged: their sources say they are different places.

The id kept is the Wikidata id where there is one, else the GeoNames id, else the list's
own ``loc:`` id; fields the kept place lacks (region, alternate names, population) are
filled from the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import pandas as pd

from sistermap import schema
from sistermap.geo import haversine_km
from sistermap.names import fold

#: Two places with the same name in the same country further apart than this are two places.
MATCH_KM = 25.0
MATCH_COLUMNS: tuple[str, ...] = ("source_id", "source_name", "city_id", "city_name",
                                  "method", "km")


class Place(Protocol):  # pipeline.PlaceOutcome
    status: str
    city_id: str
    name: str
    country: str
    admin1: str
    alt_names: str
    lat: float | None
    lon: float | None
    population: int | None
    reason: str


def rank(city_id: str) -> int:
    """Which id wins: Wikidata (0), then GeoNames (1), then a list's own place (2)."""
    if city_id.startswith("Q"):
        return 0
    return 1 if city_id.startswith("gn:") else 2


def _names(place: Place, input_name: str = "") -> set[str]:
    names = {fold(place.name), fold(input_name)}
    names |= {fold(n) for n in schema.split_list(place.alt_names or "")}
    return {n for n in names if n}


def _may_merge(member: str, keeper: str) -> bool:
    """Only a weaker id merges into a stronger one; two QIDs or two GeoNames ids never."""
    rm, rk = rank(member), rank(keeper)
    return rm > rk or (rm == rk == 2 and keeper < member)


def unify(places: Iterable[tuple[Place, str]], km: float = MATCH_KM) -> dict[str, str]:
    """Give matching resolved places one id, in place; returns {old id: kept id}.

    ``places`` are (outcome, input name) pairs; only resolved outcomes are considered.
    """
    resolved = [(p, name) for p, name in places if p.status == "resolved" and p.city_id
                and p.lat is not None and p.lon is not None]
    by_key: dict[tuple[str, str], list[Place]] = {}
    best: dict[str, Place] = {}
    for place, name in resolved:
        best.setdefault(place.city_id, place)
        for n in _names(place, name):
            by_key.setdefault((place.country, n), []).append(place)
    mapping: dict[str, str] = {}
    for place, name in sorted(resolved, key=lambda pn: -rank(pn[0].city_id)):
        if place.city_id in mapping or rank(place.city_id) == 0:
            continue
        nearest, nearest_km = None, km
        for n in _names(place, name):
            for other in by_key.get((place.country, n), ()):
                if other.city_id == place.city_id or not _may_merge(place.city_id,
                                                                    other.city_id):
                    continue
                d = haversine_km(place.lat, place.lon, other.lat, other.lon)
                if d <= nearest_km:
                    nearest, nearest_km = other, d
        if nearest is not None:
            mapping[place.city_id] = nearest.city_id
    # Follow chains (loc -> gn -> Q) to the final id.
    for old in list(mapping):
        seen = {old}
        while mapping[old] in mapping and mapping[old] not in seen:
            seen.add(mapping[old])
            mapping[old] = mapping[mapping[old]]
    for place, _ in resolved:
        kept_id = mapping.get(place.city_id)
        if kept_id is None:
            continue
        keeper = best[kept_id]
        keeper.admin1 = keeper.admin1 or place.admin1
        keeper.population = keeper.population or place.population
        alts = [*schema.split_list(keeper.alt_names or ""), *schema.split_list(
            place.alt_names or "")]
        alts += [place.name] if fold(place.name) != fold(keeper.name) else []
        keeper.alt_names = schema.LIST_SEP.join(dict.fromkeys(
            a for a in alts if fold(a) != fold(keeper.name)))
    kept_ids = set(mapping.values())
    for place, _ in resolved:
        kept_id = mapping.get(place.city_id)
        if kept_id is not None:
            note = (f"same city as {kept_id} from another source (name, country, within "
                    f"{km:g} km)")
            place.reason = f"{place.reason}; {note}" if place.reason else note
        elif place.city_id in kept_ids:
            kept_id = place.city_id  # another outcome of the keeper: same fields
        else:
            continue
        keeper = best[kept_id]
        for attr in ("city_id", "name", "country", "admin1", "alt_names", "lat", "lon",
                     "population"):
            setattr(place, attr, getattr(keeper, attr))
    return mapping


# --- matching a source's places onto a dataset's cities -----------------------------------

_SAINT = {"st", "ste", "saint", "sainte", "sankt"}


def name_keys(name: str) -> set[str]:
    """Comparable forms of a name: folded, "St."/"Sankt" as "saint", qualifiers dropped.

    "Frankfurt (Oder)" also gives "frankfurt"; the distance rule keeps it from being taken
    for Frankfurt am Main. "San" stays "san": San Jose is not Saint Jose.
    """
    keys = set()
    for text in (name, name.split("(")[0], name.split(",")[0]):
        words = fold(text).split()
        if words[:2] == ["city", "of"]:
            words = words[2:]  # Wikidata's "City of Brussels"
        if words[-1:] == ["municipality"]:
            words = words[:-1]  # "Odda Municipality"
        if not words:
            continue
        if words[0] in _SAINT:
            words[0] = "saint"
        keys.add(" ".join(words))
    return keys


def match_cities(places: pd.DataFrame, cities: pd.DataFrame,
                 max_km: float = MATCH_KM) -> pd.DataFrame:
    """Which of a source's places are cities the dataset already has.

    ``places`` has ``id, name, country, lat, lon``; ``cities`` is a dataset's city table.
    Same id first (a Wikidata QID the dataset uses as its id); else the same name (any of the
    city's names, folded) in the same country within ``max_km``, the nearest winning. A city
    is claimed by one place only, the nearest: two distinct places never merge into one.
    Returns ``MATCH_COLUMNS``; places not in it stay cities of their own.
    """
    index: dict[tuple[str, str], set[str]] = {}
    for cid, name, alts, country in zip(cities.index, cities["name"], cities["alt_names"],
                                        cities["country"]):
        for n in [name, *schema.split_list(alts)]:
            for key in name_keys(n):
                index.setdefault((country, key), set()).add(cid)
    lat, lon, names = cities["lat"].to_dict(), cities["lon"].to_dict(), cities["name"].to_dict()
    claims = []
    for pid, pname, country, plat, plon in zip(places["id"], places["name"], places["country"],
                                               places["lat"], places["lon"]):
        if pid in names:
            claims.append((0.0, pid, pname, pid, "same id"))
            continue
        candidates = set().union(*(index.get((country, k), set()) for k in name_keys(pname)))
        scored = sorted((haversine_km(plat, plon, lat[c], lon[c]), c) for c in candidates)
        if scored and scored[0][0] <= max_km:
            claims.append((scored[0][0], pid, pname, scored[0][1], "name, country, distance"))
    taken: set[str] = set()
    rows = []
    for km, pid, pname, cid, method in sorted(claims):
        if cid in taken:
            continue
        taken.add(cid)
        rows.append((pid, pname, cid, names[cid], method, round(km, 2)))
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS)).sort_values(
        "source_id", ignore_index=True)
