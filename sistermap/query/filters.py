"""What the user asked to see: a frozen ``Filters`` value, applied to a dataset.

Filters are plain data so they can be cached on, compared, and written to and read from the
URL query string (a council shares "our city, climate focus" as a link). Reading a query
string never raises: values it does not know are dropped and reported as notices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from sistermap import schema
from sistermap.i18n import _
from sistermap.names import bare_keys, fold, long_key, match_key
from sistermap.query import stats
from sistermap.sources import SOURCES

#: Query-string keys for the multi-valued filters, and the vocabulary each accepts.
_MULTI = ("eras", "focus", "continents", "subregions", "countries", "statuses", "kinds",
          "sources")


@dataclass(frozen=True)
class Filters:
    """An empty tuple means "no constraint" for that dimension."""

    eras: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    continents: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    search: str = ""
    city: str = ""  # a selected city id: only its partnerships
    #: Sources a link must be listed by (sistermap.sources). Like every other filter it
    #: applies to a search and a selected city too: searching a city, clicking it and
    #: opening its page select the same links under the same filters.
    sources: tuple[str, ...] = ()
    #: Two country codes: only the links between them (``("DE", "FR")``: Germany–France;
    #: ``("JP", "JP")``: links inside Japan). Kept in the URL as ``?pair=DE,FR`` and so in
    #: every export made from these filters.
    pair: tuple[str, ...] = ()


#: What the app shows first: the reviewed partnerships not known to have ended or been
#: suspended (a city's page says how many more partners the other filters hide).
APP_DEFAULT = Filters(statuses=("active", "unknown"), sources=("reviewed",))


@dataclass(frozen=True)
class Choices:
    """What the filters can offer for one dataset, whatever is chosen: the counts and
    options the sidebar shows. Computed once per dataset (``app.appdata.choices``), so a
    filter change does not scan every link again before the map is updated."""

    source_counts: Mapping[str, int]  # links per source (a link of two counts in both)
    unclassified_focus: bool  # some link has no focus area: "Not classified" is offered
    unclassified_kind: bool
    continents: frozenset[str]  # continents with a city in the data
    countries: frozenset[str]  # countries with a city in the data
    countries_by_continent: Mapping[str, frozenset[str]]
    subregions: frozenset[str]
    year_bounds: tuple[int, int] | None  # earliest and latest year formed, if any year


def choices(partnerships: pd.DataFrame, cities: pd.DataFrame) -> Choices:
    """The dataset-wide options of the filters (see :class:`Choices`)."""
    by_continent = {str(c): frozenset(group) for c, group in
                    cities.groupby("continent")["country"]}
    years = partnerships["established"].dropna()
    return Choices(
        source_counts=stats.source_counts(partnerships),
        unclassified_focus=bool(partnerships["focus"].map(len).eq(0).any()),
        unclassified_kind=bool(partnerships["kinds"].map(len).eq(0).any()),
        continents=frozenset(by_continent), countries_by_continent=by_continent,
        countries=frozenset(cities["country"].dropna()),
        subregions=frozenset(cities["subregion"]),
        year_bounds=(int(years.min()), int(years.max())) if len(years) else None)


def city_matches(cities: pd.DataFrame, query: str) -> pd.Series:
    """Cities whose name contains the query, or whose alternate name starts with it.

    Both sides are folded, so "Krakow" finds Kraków and "Stalingrad" finds Volgograd. When
    the query is exactly a city's own name, with or without its qualifier ("Frankfurt",
    "Frankfurt an der Oder": ``names.bare_keys``, ``names.long_key``), only the cities of
    that name match: "Saint Paul" is Saint Paul, not also Luanda through its old name "Saint
    Paul de Loanda" (the same rule as ``lookup.find_city``, so the search box and the
    selected city agree).
    """
    q = fold(query)
    if not q:
        return pd.Series(True, index=cities.index, dtype=bool)
    bare, long = match_key(query), long_key(query)
    own = [bool(names) and names[0] == q or bare in bare_keys(str(name))
           or bool(long) and long == long_key(str(name))
           for names, name in zip(cities["search_names"], cities["name"])]
    if any(own):
        return pd.Series(own, index=cities.index, dtype=bool)
    hits = [
        bool(names) and (q in names[0] or any(n.startswith(q) for n in names[1:]))
        for names in cities["search_names"]
    ]
    return pd.Series(hits, index=cities.index, dtype=bool)


def apply(partnerships: pd.DataFrame, cities: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The partnerships that pass every filter (region and search match either end).

    The one rule for sources: the source filter applies like every other filter, with or
    without a search or a selected city. A city's partners "under these filters" are the
    same links whether the city was searched, clicked or linked to
    (``query.partners.partners``).
    """
    p = partnerships
    mask = np.ones(len(p), dtype=bool)
    if f.eras:
        mask &= p["era"].isin(f.eras).to_numpy()
    if f.statuses:
        mask &= p["status"].isin(f.statuses).to_numpy()
    if f.kinds:  # a link of several kinds passes when any of them is chosen
        mask &= _any_of(p["kinds"], f.kinds)
    if f.focus:
        mask &= _any_of(p["focus"], f.focus)
    if f.sources and "sources" in p:
        chosen = set(f.sources)
        mask &= np.fromiter((bool(chosen.intersection(s)) for s in p["sources"]), bool, len(p))
    for column, values in (("continent", f.continents), ("subregion", f.subregions),
                           ("country", f.countries)):
        if values:
            mask &= (p[f"{column}_a"].isin(values) | p[f"{column}_b"].isin(values)).to_numpy()
    if len(f.pair) == 2:
        mask &= between(p, "country", f.pair[0], f.pair[1]).to_numpy()
    if f.year_min is not None or f.year_max is not None:
        years = p["established"]
        lo = f.year_min if f.year_min is not None else schema.MIN_YEAR
        hi = f.year_max if f.year_max is not None else schema.MAX_YEAR
        mask &= (years.ge(lo) & years.le(hi)).fillna(False).to_numpy(dtype=bool)
    if f.search:
        ids = set(cities.index[city_matches(cities, f.search).to_numpy()])
        mask &= (p["city_a_id"].isin(ids) | p["city_b_id"].isin(ids)).to_numpy()
    if f.city:
        mask &= (p["city_a_id"].eq(f.city) | p["city_b_id"].eq(f.city)).to_numpy()
    return p[mask]


def between(partnerships: pd.DataFrame, column: str, a: str, b: str) -> pd.Series:
    """The links with one end in ``a`` and the other in ``b`` (either way round), where
    ``column`` is "country", "continent" or "subregion": the one rule for a pair of places,
    used by the country-pair filter and by every cell of the matrix (``query.matrix``)."""
    x, y = partnerships[f"{column}_a"], partnerships[f"{column}_b"]
    return (x.eq(a) & y.eq(b)) | (x.eq(b) & y.eq(a))


def _any_of(cells: pd.Series, chosen: tuple[str, ...]) -> np.ndarray:
    """Rows of a multi-valued column (focus areas, kinds) holding any chosen value; "not
    classified" is a value of its own, chosen for the rows that hold none."""
    wanted = set(chosen)
    none = schema.UNCLASSIFIED in wanted
    return np.fromiter((bool(wanted.intersection(v)) or (none and not v) for v in cells),
                       bool, len(cells))


def cities_in(partnerships: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """The cities at either end of the given partnerships."""
    ids = pd.unique(np.concatenate([partnerships["city_a_id"].to_numpy(),
                                    partnerships["city_b_id"].to_numpy()]))
    return cities.loc[cities.index.intersection(ids)]


def to_query(f: Filters, default: Filters = APP_DEFAULT) -> dict[str, str]:
    """Query-string parameters for the filters that differ from ``default``."""
    out: dict[str, str] = {}
    for field in fields(Filters):
        value, base = getattr(f, field.name), getattr(default, field.name)
        if value == base:
            continue
        if field.name == "pair":
            out["pair"] = ",".join(value)
        elif field.name in _MULTI:
            out[field.name] = ",".join(value) if value else "all"
        elif value not in (None, ""):
            out[field.name] = str(value)
    return out


def from_query(
    params: Mapping[str, object],
    vocab: Mapping[str, set[str]] | None = None,
    default: Filters = APP_DEFAULT,
) -> tuple[Filters, list[str]]:
    """Filters from query parameters, plus a notice for every value that was ignored.

    ``vocab`` gives the accepted values for the data-dependent keys (continents, subregions,
    countries, city); the vocabularies of the schema are always enforced. Unknown keys are
    ignored silently only if they belong to someone else (e.g. Streamlit's ``page``).
    """
    vocab = dict(vocab or {})
    vocab.setdefault("eras", set(schema.ERA_KEYS))
    vocab.setdefault("focus", set(schema.FOCUS_LABELS))
    vocab.setdefault("statuses", set(schema.STATUSES))
    vocab.setdefault("kinds", set(schema.KIND_LABELS))
    vocab.setdefault("sources", set(SOURCES))
    notices: list[str] = []
    f = default
    for key in _MULTI:
        if key not in params:
            continue
        raw = _text(params[key])
        if raw == "all":
            f = replace(f, **{key: ()})
            continue
        items = [v.strip() for v in raw.split(",") if v.strip()]
        allowed = vocab.get(key)
        good = [v for v in items if allowed is None or v in allowed]
        bad = [v for v in items if v not in good]
        if bad:
            notices.append(_("Ignored unknown {key} value(s): {values}").format(
                key=key, values=", ".join(_short(b) for b in bad)))
        if good or not bad:
            f = replace(f, **{key: tuple(dict.fromkeys(good))})
    for key in ("year_min", "year_max"):
        if key in params:
            raw = _text(params[key])
            year = parse_year(raw)
            if year is not None:
                f = replace(f, **{key: year})
            else:
                notices.append(_("Ignored {key}={value}: not a year between {first} and "
                                 "{last}").format(key=key, value=_short(raw),
                                                  first=schema.MIN_YEAR, last=schema.MAX_YEAR))
    if "search" in params:
        f = replace(f, search=_text(params["search"])[:100])
    if "city" in params:
        raw = _text(params["city"])
        allowed = vocab.get("city")
        if allowed is None or raw in allowed:
            f = replace(f, city=raw)
        else:
            notices.append(_("Ignored unknown city {value}").format(value=_short(raw)))
    if "pair" in params:
        pair, bad = parse_pair(params["pair"], vocab.get("countries"))
        if pair:
            f = replace(f, pair=pair)
        else:
            notices.append(_("Ignored pair={value}: not two known country codes, like "
                             "DE,FR").format(value=_short(bad)))
    if f.year_min and f.year_max and f.year_min > f.year_max:
        notices.append(_("Ignored a year range whose start is after its end"))
        f = replace(f, year_min=None, year_max=None)
    return f, notices


def parse_pair(raw: object, countries: set[str] | None = None) -> tuple[tuple[str, ...], str]:
    """``("DE", "FR")`` from "DE,FR" (or "de-fr"), with the raw text; ``()`` when it is not
    two codes (of ``countries``, when given). Never raises: it reads untrusted links."""
    text = _text(raw)
    codes = [c.strip().upper() for c in text.replace("-", ",").split(",") if c.strip()]
    if len(codes) != 2 or (countries is not None and not set(codes) <= set(countries)):
        return (), text
    if countries is None and not all(len(c) == 2 and c.isascii() and c.isalpha()
                                     for c in codes):
        return (), text
    return tuple(codes), text


def parse_year(raw: object) -> int | None:
    """A year from untrusted text, or None; never raises.

    Only ASCII digits count: ``"²".isdigit()`` is true but ``int("²")`` raises, and a
    5,000-digit string is over Python's integer-string limit.
    """
    year = schema.strict_year(_text(raw))
    return year if year is not None and schema.MIN_YEAR <= year <= schema.MAX_YEAR else None


def choice(params: Mapping[str, object], key: str, allowed: Sequence[str],
           notices: list[str] | None = None) -> str:
    """A page option from the query (``?color=focus``), or the first allowed value."""
    if key not in params:
        return allowed[0]
    raw = _text(params[key])
    if raw in allowed:
        return raw
    if notices is not None:
        notices.append(_("Ignored {key}={value}: not one of {allowed}").format(
            key=key, value=_short(raw), allowed=", ".join(allowed)))
    return allowed[0]


def _text(value: object) -> str:
    """Query values may arrive as a list (repeated key); the last one wins."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def _short(value: str, limit: int = 40) -> str:
    """A bounded, quoted rendering of untrusted input for notices."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)
