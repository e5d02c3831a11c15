"""The one "same city" rule: one city, one id, whichever source named it.

A Wikidata export names Coventry ``Q180123`` (its own QID and coordinates); a council's
CSV names it "Coventry", which the gazetteer places as ``gn:2652221``. They are one city.
Places are the same city when they carry the same id, or else when they share a name
(``names.name_keys`` of their name or an alternate name: "St. Paul" is Saint Paul,
"Frankfurt (Oder)" is also Frankfurt), the country, and lie within ``MATCH_KM`` of each
other, the nearest winning. Two different Wikidata ids, or two different GeoNames ids, are
never the same city: their sources say they are different places.

The rule serves three callers: ``unify`` (the places of one import), ``match_cities`` (a
source's places onto a dataset's cities: the Wikidata layer) and ``crosswalk`` (an import
merged into a dataset, ``import --merge-into``).

In ``unify`` the id kept is the Wikidata id where there is one, else the GeoNames id, else
the list's own ``loc:`` id; fields the kept place lacks (region, alternate names,
population) are filled from the others. ``match_cities`` and ``crosswalk`` keep the
dataset's ids, and a dataset city is claimed by one place only, the nearest: two distinct
places never merge into one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

import pandas as pd

from sistermap import schema
from sistermap.geo import haversine_km
from sistermap.names import fold, name_keys

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


def different_places(a: str, b: str) -> bool:
    """Two different Wikidata ids, or two different GeoNames ids: never the same city."""
    return a != b and rank(a) == rank(b) < 2


def _keys(*names: str) -> set[str]:
    return set().union(*(name_keys(n) for n in names if n))


_Index = dict[tuple[str, str], set[str]]


def _index(entries: Iterable[tuple[str, str, Iterable[str]]]) -> _Index:
    """(country, name key) -> ids, from (id, country, names) entries."""
    index: _Index = {}
    for cid, country, names in entries:
        for key in _keys(*names):
            index.setdefault((country, key), set()).add(cid)
    return index


def _nearest(index: _Index, coords: dict[str, tuple[float, float]], names: Iterable[str],
             country: str, lat: float, lon: float, km: float,
             allowed: Callable[[str], bool]) -> tuple[float, str] | None:
    """(distance, id) of the nearest allowed id sharing a name key and the country,
    within ``km``; None when there is none."""
    candidates = set().union(*(index.get((country, k), set()) for k in _keys(*names)))
    scored = sorted((haversine_km(lat, lon, *coords[c]), c) for c in candidates if allowed(c))
    return scored[0] if scored and scored[0][0] <= km else None


def _may_merge(member: str, keeper: str) -> bool:
    """Only a weaker id merges into a stronger one; two QIDs or two GeoNames ids never."""
    rm, rk = rank(member), rank(keeper)
    return rm > rk or (rm == rk == 2 and keeper < member)


def unify(places: Iterable[tuple[Place, str]], km: float = MATCH_KM) -> dict[str, str]:
    """Give matching resolved places one id, in place; returns {old id: kept id}.

    ``places`` are (outcome, input name) pairs; only resolved outcomes are considered. A
    place joins the nearest place of a stronger id (``rank``) it is the same city as.
    """
    resolved = [(p, name) for p, name in places if p.status == "resolved" and p.city_id
                and p.lat is not None and p.lon is not None]
    best: dict[str, Place] = {}
    names: dict[str, list[str]] = {}
    for place, name in resolved:
        best.setdefault(place.city_id, place)
        names.setdefault(place.city_id, []).extend(
            [place.name, name, *schema.split_list(place.alt_names or "")])
    index = _index((cid, best[cid].country, ns) for cid, ns in names.items())
    coords = {cid: (p.lat, p.lon) for cid, p in best.items()}
    mapping: dict[str, str] = {}
    for own in sorted(best, key=lambda cid: -rank(cid)):  # weakest first
        if rank(own) == 0:
            continue
        place = best[own]
        hit = _nearest(index, coords, names[own], place.country, place.lat, place.lon, km,
                       lambda other, own=own: _may_merge(own, other))
        if hit is not None:
            mapping[own] = hit[1]
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


def match_cities(places: pd.DataFrame, cities: pd.DataFrame,
                 max_km: float = MATCH_KM) -> pd.DataFrame:
    """Which of a source's places are cities the dataset already has.

    ``places`` has ``id, name, country, lat, lon``; ``cities`` is a dataset's city table.
    Same id first (a Wikidata QID the dataset uses as its id); else the same city by name
    (any of the city's names), country and distance, the nearest winning. A city is
    claimed by one place only, the nearest. Returns ``MATCH_COLUMNS``; places not in it
    stay cities of their own.
    """
    index = _index(zip(cities.index, cities["country"],
                       ([n, *schema.split_list(a)] for n, a in zip(cities["name"],
                                                                  cities["alt_names"]))))
    coords = dict(zip(cities.index, zip(cities["lat"], cities["lon"])))
    city_names = cities["name"].to_dict()
    claims = []
    for pid, pname, country, plat, plon in zip(places["id"], places["name"], places["country"],
                                               places["lat"], places["lon"]):
        if pid in city_names:
            claims.append((0.0, pid, pname, pid, "same id"))
            continue
        hit = _nearest(index, coords, [pname], country, plat, plon, max_km,
                       lambda cid, pid=pid: not different_places(pid, cid))
        if hit is not None:
            claims.append((hit[0], pid, pname, hit[1], "name, country, distance"))
    taken: set[str] = set()
    rows = []
    for km, pid, pname, cid, method in sorted(claims):
        if cid in taken:
            continue
        taken.add(cid)
        rows.append((pid, pname, cid, city_names[cid], method, round(km, 2)))
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS)).sort_values(
        "source_id", ignore_index=True)


def crosswalk(existing: pd.DataFrame, new: pd.DataFrame,
              max_km: float = MATCH_KM) -> dict[str, str]:
    """Imported city ids that are an existing city under another id (Q64 vs gn:2950159).

    Both tables have ``city_id, name, alt_names, country, lat, lon`` columns (a dataset's
    cities, an import's cities); ``match_cities`` decides. Returns {imported id: existing
    id}; ids both tables have are not listed (they are already one city).
    """
    def numeric(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(lat=pd.to_numeric(frame["lat"]), lon=pd.to_numeric(frame["lon"]))

    cities = numeric(existing).set_index("city_id")
    places = numeric(new).rename(columns={"city_id": "id"})
    table = match_cities(places, cities, max_km)
    return {pid: cid for pid, cid in zip(table["source_id"], table["city_id"]) if pid != cid}
