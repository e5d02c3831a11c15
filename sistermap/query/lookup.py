"""Find a city from what a person typed or a link carried: an id, a name or an old name.

The one search of the app: the sidebar's search box, the map page's selection and the city
page (``?city=coventry``, ``?city=cambridge-gb``, ``?city=gn:2652221``, ``?city=Stalingrad``)
all resolve through :func:`find_city`, so they always agree. One clear match opens the city;
homonyms give a choice; nothing gives suggestions, or says the city is not in the dataset.
"""

from __future__ import annotations

import difflib
import weakref
from dataclasses import dataclass

import pandas as pd

from sistermap import schema
from sistermap.names import bare_keys, fold, long_key, match_key, slug
from sistermap.query.filters import city_matches

#: Longer queries cannot be a city name; bounding them keeps fuzzy matching cheap.
MAX_QUERY = 100
#: A permalink spells a name of at most this many characters; longer ones link by id.
MAX_SLUG = 80


@dataclass(frozen=True)
class CityLookup:
    city_id: str | None  # the one match, if there is exactly one
    matches: tuple[str, ...]  # several equally good matches (homonyms)
    suggestions: tuple[str, ...]  # near misses when nothing matched

    @property
    def found(self) -> bool:
        """Something in the dataset answers the query (one city, or homonyms to choose from)."""
        return bool(self.matches)


#: Two folded names at least this similar are spellings of one word (Coventry, Koventri).
SAME_WORD = 0.75


def shown_alt_names(cell: object, limit: int = 5, name: str = "") -> list[str]:
    """Other names people use (Stalingrad, Köln, Peking), not respellings or index forms.

    GeoNames lists, A to Z, every spelling in every language: lower-case romanised index
    forms ("kao wen chui"), respellings of the city's own name (Coventria, Koventri,
    Koventrija for Coventry) and other words (Stalingrad, Tsaritsyn). Spellings of one word
    are grouped; the city's own group is left out, and the others are shown by how many
    languages spell them (the best-known first), each by its most typical spelling.
    Search still knows every name.
    """
    own = fold(name)
    groups: list[list[tuple[str, str]]] = [[("", own)]] if own else []
    for alt in dict.fromkeys(schema.split_list(cell)):
        folded = fold(alt)
        if not alt[:1].isupper() or not folded:
            continue
        if own and f" {own} " in f" {folded} ":
            continue  # "Kyoto-shi", "City of Saint Paul": the name itself, qualified
        for group in groups:
            if any(_same_word(folded, f) for _, f in group):
                group.append((alt, folded))
                break
        else:
            groups.append([(alt, folded)])
    others = [g for g in groups if not (own and g[0] == ("", own))]
    others.sort(key=len, reverse=True)  # stable: ties keep the gazetteer's order
    shown = {fold(t): t for t in map(_typical, others)}  # Pekin and Pekín: shown once
    return list(shown.values())[:limit]


def _same_word(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= SAME_WORD


def _typical(group: list[tuple[str, str]]) -> str:
    """The group's typical spelling: close to all the others, then the shortest, in its own
    letters (Stalingrad rather than Estalingrado or Stalingrado; Köln rather than Koeln)."""
    def closeness(item: tuple[str, str]) -> float:
        return sum(difflib.SequenceMatcher(None, item[1], f).ratio() for _, f in group)

    scores = [closeness(item) for item in group]
    near = [item for item, score in zip(group, scores) if score >= max(scores) - 0.25]
    return min(near, key=lambda item: (len(item[1]), not item[0].isascii()))[0]


@dataclass(frozen=True)
class CityIndex:
    """Every way a link or a search names a city, built once per city table.

    ``permalink`` and ``find_city`` run on every rerun with a city selected, and a page may
    ask several times; scanning every city and slugging every name each time cost ~30 ms a
    call on the shipped data. The index makes each an O(1) lookup after one build.
    """

    by_name: dict[str, tuple[str, ...]]  # folded own name -> ids
    by_other_name: dict[str, tuple[str, ...]]  # folded alternate name -> ids
    by_slug_country: dict[str, tuple[str, ...]]  # "cambridge-gb" -> ids
    #: names.bare_keys -> ids: "frankfurt" -> Frankfurt am Main, Frankfurt (Oder)
    by_bare: dict[str, tuple[str, ...]]
    #: names.long_key -> ids: "frankfurtoder" -> Frankfurt (Oder) ("Frankfurt an der Oder")
    by_long: dict[str, tuple[str, ...]]
    links: dict[str, str]  # id -> its ?city= value
    by_link: dict[str, str]  # ?city= value -> id
    namesakes: dict[str, tuple[str, ...]]  # slug of the name -> ids of every city so named


def _build_index(cities: pd.DataFrame) -> CityIndex:
    by_name: dict[str, list[str]] = {}
    by_other: dict[str, list[str]] = {}
    by_slug: dict[str, list[tuple[str, str]]] = {}
    by_bare: dict[str, list[str]] = {}
    by_long: dict[str, list[str]] = {}
    for cid, names, name, country in zip(cities.index, cities["search_names"], cities["name"],
                                          cities["country"]):
        for key in bare_keys(str(name)):
            by_bare.setdefault(key, []).append(cid)
        if long := long_key(str(name)):
            by_long.setdefault(long, []).append(cid)
        if names:
            by_name.setdefault(names[0], []).append(cid)
            for other in dict.fromkeys(names[1:]):
                by_other.setdefault(other, []).append(cid)
        by_slug.setdefault(slug(name), []).append((cid, str(country).lower()))
    links: dict[str, str] = {}
    by_slug_country: dict[str, list[str]] = {}
    for name, same in by_slug.items():
        countries = [c for _, c in same]
        for cid, country in same:
            by_slug_country.setdefault(f"{name}-{country}", []).append(cid)
            if not name or len(name) > MAX_SLUG:
                # no letters or digits to spell a link with, or too long for a link (and for
                # the QR code of one): the id is the link
                links[cid] = cid
            elif len(same) == 1:
                links[cid] = name
            else:
                links[cid] = f"{name}-{country}" if countries.count(country) == 1 else cid

    def frozen(d: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in d.items()}

    namesakes = {name: tuple(cid for cid, _ in same) for name, same in by_slug.items()}
    return CityIndex(frozen(by_name), frozen(by_other), frozen(by_slug_country),
                     frozen(by_bare), frozen(by_long), links,
                     {link: cid for cid, link in links.items()}, namesakes)


_INDEXES: dict[int, tuple[weakref.ref, int, CityIndex]] = {}


def index(cities: pd.DataFrame) -> CityIndex:
    """The index of this city table (tables are not changed after loading; a copy, a filtered
    table or an upload is another table and gets its own index)."""
    hit = _INDEXES.get(id(cities))
    if hit is not None and hit[0]() is cities and hit[1] == len(cities):
        return hit[2]
    built = _build_index(cities)
    _INDEXES[id(cities)] = (weakref.ref(cities, lambda _r, k=id(cities): _INDEXES.pop(k, None)),
                            len(cities), built)
    return built


def permalink(cities: pd.DataFrame, city_id: str) -> str:
    """The ``?city=`` value of a city: its name's slug, with the country only for homonyms.

    ``coventry``; ``cambridge-gb`` and ``cambridge-us``; the id itself when even the country
    does not tell two cities apart.
    """
    return index(cities).links.get(city_id, city_id)


def file_stem(cities: pd.DataFrame, city_id: str) -> str:
    """A city's file names start with this: its permalink (``coventry``, ``cambridge-gb``),
    and for homonyms of one country, which the permalink tells apart only by id, the name
    and the id (``naumburg-q641014``), so that a batch of files never overwrites one."""
    link = permalink(cities, city_id)
    if link != city_id:
        return link[:60].strip("-")
    name = slug(str(cities.at[city_id, "name"])) if city_id in cities.index else ""
    return "-".join(x for x in (name[:40].strip("-"), slug(city_id)[:40]) if x) or "city"


def homonym_note(cities: pd.DataFrame, city_id: str) -> str:
    """What tells a city from the others of its name in the data; "" for a unique name.

    Its region (admin1) when no namesake shares it, else its country when no namesake is in
    it, else its coordinates: titles say "Naumburg (Saxony-Anhalt)", "Coswig (51.88° N,
    12.43° E)".
    """
    if city_id not in cities.index:
        return ""
    c = cities.loc[city_id]
    others = [o for o in index(cities).namesakes.get(slug(str(c["name"])), ()) if o != city_id]
    if not others:
        return ""
    admin1, country = str(c.get("admin1") or ""), str(c.get("country") or "")
    if admin1 and not any(cities.at[o, "admin1"] == admin1 and cities.at[o, "country"] == country
                          for o in others):
        return admin1
    if not any(cities.at[o, "country"] == country for o in others):
        return str(c.get("country_name") or country)
    lat, lon = float(c["lat"]), float(c["lon"])
    return (f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, "
            f"{abs(lon):.2f}° {'E' if lon >= 0 else 'W'}")


def find_city(cities: pd.DataFrame, query: str, limit: int = 8) -> CityLookup:
    """Exact id, then own name, then permalink, then exact other name, then close spellings.

    A city's own name counts with or without the qualifier that tells it from namesakes
    (``names.bare_keys``, ``names.long_key``): "Frankfurt" offers Frankfurt am Main and
    Frankfurt (Oder); "Frankfurt an der Oder", the official long form, finds Frankfurt
    (Oder). An own name wins over another city's alternate name ("Saint Paul" is Saint
    Paul, Minnesota, not Luanda's old name "Saint Paul de Loanda").
    """
    q = (query or "").strip()[:MAX_QUERY]
    if not q:
        return CityLookup(None, (), ())
    if q in cities.index:
        return CityLookup(q, (q,), ())
    fq = fold(q)
    if not fq:
        return CityLookup(None, (), ())
    idx = index(cities)
    if q in idx.by_link:
        # A permalink, exactly as links spell it (``munster``, ``cambridge-gb``): always its
        # city, so every link shared stays good; "Munster" as typed offers the namesakes.
        return CityLookup(idx.by_link[q], (idx.by_link[q],), ())
    own = tuple(dict.fromkeys((*idx.by_name.get(fq, ()), *idx.by_bare.get(match_key(q), ()),
                               *idx.by_long.get(long_key(q), ()))))
    exact = (own or idx.by_slug_country.get(fq.replace(" ", "-"))
             or idx.by_other_name.get(fq) or ())
    if exact:
        ranked = sorted(exact, key=lambda c: -int(cities.at[c, "degree"]))
        return CityLookup(ranked[0] if len(ranked) == 1 else None, tuple(ranked[:limit]), ())
    names = cities["search_names"]
    primary = {ns[0]: cid for cid, ns in names.items() if ns}
    close = difflib.get_close_matches(fq, list(primary), n=limit, cutoff=0.75)
    contains = [cid for key, cid in primary.items() if fq in key and len(fq) >= 3]
    starts = [cid for cid, ns in names.items() if len(fq) >= 3
              and any(n.startswith(fq) for n in ns[1:])]
    suggestions = list(dict.fromkeys([primary[c] for c in close] + contains + starts))[:limit]
    return CityLookup(None, (), tuple(suggestions))


def search(cities: pd.DataFrame, query: str, limit: int = 8) -> CityLookup:
    """What the search box finds: :func:`find_city`, else the cities the filter would keep.

    "Ludwigsb" selects Ludwigsburg as the filter shows it; several partial matches are a
    choice. Nothing found means the city is not in this dataset (with near misses).
    """

    hit = find_city(cities, query, limit)
    if hit.found or not (query or "").strip():
        return hit
    ids = cities.index[city_matches(cities, (query or "")[:MAX_QUERY]).to_numpy()]
    if len(ids) == 1:
        return CityLookup(ids[0], (ids[0],), ())
    if len(ids):
        ranked = sorted(ids, key=lambda c: -int(cities.at[c, "degree"]))
        return CityLookup(None, tuple(ranked[:limit]), ())
    return hit


def label(cities: pd.DataFrame, city_id: str) -> str:
    """How a city is named in a list of choices: "Cambridge, United Kingdom (England)";
    "Coswig, Germany (51.88° N, 12.43° E)" when only its place tells namesakes apart."""
    c = cities.loc[city_id]
    note = c.get("admin1") or homonym_note(cities, city_id)
    where = f" ({note})" if note and note != c.get("country_name") else ""
    return f"{c['name']}, {c['country_name']}{where}"
