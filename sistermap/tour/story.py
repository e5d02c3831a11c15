"""The guided tour: a file of steps, its validation, and facts computed from the data.

A tour is a TOML file (``data/tour/movement.toml``; the format is in ``docs/tour.md``) that
a teacher can copy and edit into their own lesson. Each step has a title, a short text, a
map view (filters, the year playback opens at, a named region or explicit bounds, cities to
highlight) and lines of facts. Numbers are never typed into a tour: text and facts hold
placeholders such as ``{links}`` or ``{top_cities:3}``, and :func:`render` fills them from
the data as it is at the step's year, so a tour stays true when the data changes.

The placeholders are a deliberately small template language: a fixed table of named facts
(:data:`FACTS`), each with at most one argument of a known kind (a city, a country, a focus
area…). Nothing in a tour file is evaluated as code or as a Jinja template, and a tour file
is untrusted: every text it holds, and every name from the data, reaches the page through
``safe_text.md`` (shown as written, never as Markdown or HTML).

:func:`load` never raises on a bad file: every problem is reported as a
:class:`Problem` naming the step and the field (``step 3 [highlight]: unknown city
'Coventyr' (did you mean Coventry?)``), so the app and ``python -m sistermap tour validate``
can show them all at once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sistermap import regions, safe_text, schema, timeline
from sistermap.query import filters, lookup
from sistermap.query.filters import Filters
from sistermap.sources import SOURCES

TOUR_DIR = Path(__file__).resolve().parents[2] / "data" / "tour"
DEFAULT_TOUR = TOUR_DIR / "movement.toml"

#: Bounds on a tour file, so an upload cannot make the app do unbounded work.
MAX_BYTES = 200_000
MAX_STEPS = 40
MAX_TITLE = 120
MAX_TEXT = 1_500
MAX_FACTS = 8
MAX_FACT_LINE = 240
MAX_HIGHLIGHT = 12
#: Items a list-valued fact names at most (``top_cities:N``, ``partners:City``).
MAX_LIST = 10

#: Named framings: (south, west), (north, east) in degrees. West may exceed east's sign
#: around the antimeridian (the Pacific): east is then given beyond 180.
REGIONS: dict[str, tuple[str, tuple[tuple[float, float], tuple[float, float]]]] = {
    "world": ("The world", ((-47.0, -170.0), (68.0, 190.0))),
    "europe": ("Europe", ((35.0, -12.0), (62.0, 42.0))),
    "western_europe": ("Western Europe", ((42.0, -8.0), (57.0, 17.0))),
    "central_europe": ("Central Europe", ((45.0, 4.0), (56.0, 25.0))),
    "northern_europe": ("Northern Europe", ((53.0, 3.0), (66.0, 32.0))),
    "uk_and_germany": ("Britain and Germany", ((47.0, -7.0), (58.0, 16.0))),
    "france_and_germany": ("France and Germany", ((42.0, -5.0), (55.5, 16.0))),
    "europe_and_russia": ("Europe and Russia", ((38.0, -12.0), (64.0, 60.0))),
    "north_atlantic": ("The North Atlantic", ((20.0, -125.0), (62.0, 40.0))),
    "north_america": ("North America", ((15.0, -130.0), (60.0, -55.0))),
    "pacific": ("The Pacific", ((-40.0, 100.0), (60.0, 290.0))),
    "east_asia": ("East Asia", ((18.0, 95.0), (48.0, 150.0))),
    "japan": ("Japan", ((30.0, 128.0), (45.5, 146.0))),
    "southeast_asia": ("Southeast Asia", ((-11.0, 92.0), (25.0, 142.0))),
    "asia": ("Asia", ((-10.0, 25.0), (60.0, 150.0))),
    "africa": ("Africa", ((-36.0, -20.0), (38.0, 52.0))),
    "europe_and_africa": ("Europe and Africa", ((-36.0, -25.0), (62.0, 55.0))),
    "latin_america": ("Latin America", ((-56.0, -118.0), (33.0, -33.0))),
    "oceania": ("Oceania", ((-48.0, 110.0), (0.0, 180.0))),
}

#: Fields a step may hold, with what each means (also the help of ``unknown field`` errors).
FILTER_FIELDS = ("eras", "focus", "continents", "subregions", "countries", "statuses",
                 "kinds", "sources", "city")
STEP_FIELDS = ("title", "text", "facts", "year", "region", "bounds", "highlight", "color",
               *FILTER_FIELDS)
TOUR_FIELDS = ("title", "intro", "defaults", "steps")
COLORS = ("era", "focus")
#: What every step of a tour starts from: the reviewed records, whatever their status, so a
#: link that ended later is counted in the years it existed (the playback rule).
BASE_FILTERS = Filters(sources=("reviewed",))

Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a tour file: where (step, field) and why."""

    step: int | None  # 1-based; None for the file or its top level
    field: str
    message: str

    def __str__(self) -> str:
        where = f"step {self.step}" if self.step is not None else "tour"
        return f"{where} [{self.field}]: {self.message}" if self.field else \
            f"{where}: {self.message}"


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    facts: tuple[str, ...] = ()
    filters: Filters = BASE_FILTERS
    year: int | None = None
    region: str = ""  # a key of REGIONS, or "" (bounds, the highlighted cities, or world)
    bounds: Bounds | None = None  # the framing to show, resolved
    highlight: tuple[str, ...] = ()  # city ids
    color_by: str = "era"
    #: The title, text and facts as parsed templates (set by :func:`load`).
    parsed: _Parsed | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Tour:
    title: str
    intro: str = ""
    steps: tuple[Step, ...] = ()
    problems: tuple[Problem, ...] = ()
    source: str = ""  # the file's name, for messages

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.steps)


# -- facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """The data as a step shows it: the links on the map in its year, and all its links."""

    year: int | None
    links: pd.DataFrame  # on the map at that moment (the playback rule, timeline.shown_in)
    scope: pd.DataFrame  # every link passing the step's filters, whatever its year
    cities: pd.DataFrame
    #: Every link of the step's sources on the map at that moment, whatever the other
    #: filters: the whole that ``{share}`` compares the step's links with.
    everything: pd.DataFrame | None = None


def _at(p: pd.DataFrame, year: int | None) -> pd.DataFrame:
    return p if year is None else p[timeline.shown_in(p, year).to_numpy()]


def moment(step: Step, partnerships: pd.DataFrame, cities: pd.DataFrame) -> Moment:
    """The step's links: its filters applied, then the year's playback rule."""
    scope = filters.apply(partnerships, cities, step.filters)
    everything = filters.apply(partnerships, cities, Filters(sources=step.filters.sources))
    return Moment(step.year, _at(scope, step.year), scope, cities,
                  _at(everything, step.year))


def _n(value: int) -> str:
    return f"{int(value):,}"


def _names(m: Moment, ids) -> list[str]:
    return [str(m.cities.at[c, "name"]) if c in m.cities.index else str(c) for c in ids]


def _listing(items: list[str], more: int = 0) -> str:
    if not items:
        return "none"
    if more:
        return ", ".join(items) + f" and {more:,} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _involving(p: pd.DataFrame, city_id: str) -> pd.DataFrame:
    return p[(p["city_a_id"] == city_id) | (p["city_b_id"] == city_id)]


def _years(p: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(p["established"], errors="coerce")


def _link_name(row) -> str:
    year = row["established"]
    when = f" ({int(year)})" if pd.notna(year) else ""
    return f"{row['city_a']}–{row['city_b']}{when}"


def _link_list(m: Moment, n: int | None) -> str:
    p = m.links
    if p.empty:
        return "none"
    ordered = p.assign(_y=_years(p).fillna(10_000)).sort_values(["_y", "city_a"])
    k = n or MAX_LIST
    return _listing([_link_name(r) for _, r in ordered.head(k).iterrows()],
                    max(0, len(ordered) - k))


def _everything(m: Moment) -> pd.DataFrame:
    return m.links if m.everything is None else m.everything


def _top_cities(m: Moment, n: int | None) -> str:
    counts = pd.concat([m.links["city_a_id"], m.links["city_b_id"]]).value_counts()
    if counts.empty:
        return "none"
    names = dict(zip(counts.index, _names(m, counts.index)))
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), names[c]))[: n or 3]
    return _listing([f"{names[c]} ({int(counts[c])})" for c in order])


def _partners(m: Moment, city: str) -> str:
    mine = _involving(m.links, city)
    if mine.empty:
        return "none"
    other = np.where(mine["city_a_id"] == city, mine["city_b"], mine["city_a"])
    years = _years(mine).to_numpy()
    rows = sorted(zip(years, other), key=lambda t: (np.isnan(t[0]), t[0], str(t[1])))
    items = [f"{name} ({int(y)})" if not np.isnan(y) else str(name) for y, name in rows]
    shown = items[:MAX_LIST]
    return _listing(shown, len(items) - len(shown))


def _pair(m: Moment, pair: tuple[str, str]) -> pd.DataFrame:
    a, b = pair
    p = m.scope
    return p[((p["city_a_id"] == a) & (p["city_b_id"] == b))
             | ((p["city_a_id"] == b) & (p["city_b_id"] == a))]


def _pair_year(m: Moment, pair: tuple[str, str]) -> str:
    hit = _pair(m, pair)
    if hit.empty:
        return "not in these data"
    year = hit["established"].iloc[0]
    return str(int(year)) if pd.notna(year) else "no year recorded"


def _pair_status(m: Moment, pair: tuple[str, str]) -> str:
    hit = _pair(m, pair)
    if hit.empty:
        return "not in these data"
    row = hit.iloc[0]
    label = schema.STATUSES.get(str(row["status"]), str(row["status"])).lower()
    ended = row.get("ended")
    return f"{label} ({int(ended)})" if pd.notna(ended) and row["status"] in timeline.ENDING \
        else label


def _lapsed(m: Moment) -> pd.DataFrame:
    """Links of the step's filters that ended or were suspended by its year (or ever)."""
    p = m.scope
    ends = timeline.end_years(p)
    gone = ends > 0 if m.year is None else (ends > 0) & (ends <= m.year)
    return p[gone]


def _lapsed_links(m: Moment, n: int | None) -> str:
    gone = _lapsed(m)
    if gone.empty:
        return "none"
    gone = gone.assign(_end=timeline.end_years(gone)).sort_values(["_end", "city_a"])
    items = [f"{r['city_a']}–{r['city_b']} ({schema.STATUSES.get(r['status'], '').lower()} "
             f"{int(r['_end'])})" for _, r in gone.iterrows()]
    k = n or MAX_LIST
    return _listing(items[:k], max(0, len(items) - k))


def _country_links(m: Moment, code: str) -> str:
    p = m.links
    return _n(((p["country_a"] == code) | (p["country_b"] == code)).sum())


def _between(m: Moment, pair: tuple[str, str]) -> str:
    a, b = pair
    p = m.links
    return _n((((p["country_a"] == a) & (p["country_b"] == b))
               | ((p["country_a"] == b) & (p["country_b"] == a))).sum())


def _first_between(m: Moment, pair: tuple[str, str]) -> str:
    a, b = pair
    p = m.scope
    both = p[(((p["country_a"] == a) & (p["country_b"] == b))
              | ((p["country_a"] == b) & (p["country_b"] == a))) & _years(p).notna()]
    if both.empty:
        return "none in these data"
    first = both.assign(_y=_years(both)).sort_values(["_y", "city_a"]).iloc[0]
    return _link_name(first)


def _top_in(m: Moment, code: str) -> str:
    p = m.links
    ids = pd.concat([p.loc[p["country_a"] == code, "city_a_id"],
                     p.loc[p["country_b"] == code, "city_b_id"]])
    counts = ids.value_counts()
    if counts.empty:
        return "none"
    names = dict(zip(counts.index, _names(m, counts.index)))
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), names[c]))[:5]
    return _listing([f"{names[c]} ({int(counts[c])})" for c in order])


def _focus_mask(p: pd.DataFrame, key: str) -> pd.Series:
    if key == schema.UNCLASSIFIED:
        return p["focus"].map(len).eq(0)
    return p["focus"].map(lambda f: key in f)


def _share(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    pct = 100 * part / whole
    return f"{pct:.0f}%" if pct >= 10 or pct == 0 else f"{pct:.1f}%"


def _era_years(key: str) -> str:
    era = next((e for e in schema.ERAS if e.key == key), None)
    if era is None:
        return ""
    if era.start is None:
        return f"up to {era.end}"
    return f"from {era.start}" if era.end is None else f"{era.start}–{era.end}"


def _first_links(m: Moment, n: int | None) -> str:
    dated = m.scope[_years(m.scope).notna()]
    if dated.empty:
        return "none"
    first = dated.assign(_y=_years(dated)).sort_values(["_y", "city_a"]).head(n or 1)
    return _listing([_link_name(r) for _, r in first.iterrows()])


def _year_or_none(value) -> str:
    return str(int(value)) if pd.notna(value) else "unknown"


@dataclass(frozen=True)
class Fact:
    """A named fact: what its argument is (if any), what it says, and how to compute it."""

    arg: str  # "", "n" (optional count), "city", "pair" (two cities), "country",
    # "countries" (two), "focus", "era", "status", "year"
    help: str
    compute: Callable[..., str]
    needs_year: bool = False


FACTS: dict[str, Fact] = {
    "year": Fact("", "the step's year", lambda m: str(m.year), needs_year=True),
    "links": Fact("", "partnerships on the map at the step's year", lambda m: _n(len(m.links))),
    "cities": Fact("", "cities with at least one partnership on the map",
                   lambda m: _n(len(pd.unique(pd.concat([m.links["city_a_id"],
                                                         m.links["city_b_id"]]))))),
    "countries": Fact("", "countries with at least one partnership on the map",
                      lambda m: _n(len(pd.unique(pd.concat([m.links["country_a"],
                                                            m.links["country_b"]]))))),
    "all_links": Fact("", "every partnership of the step's sources on the map at its year, "
                      "the step's other filters left out", lambda m: _n(len(_everything(m)))),
    "share": Fact("", "the step's partnerships as a share of {all_links}",
                  lambda m: _share(len(m.links), len(_everything(m)))),
    "link_list": Fact("n", "the partnerships on the map, oldest first, with years", _link_list),
    "total": Fact("", "partnerships of the step's filters, whatever their year",
                  lambda m: _n(len(m.scope))),
    "undated": Fact("", "partnerships of the step's filters with no known year (never played)",
                    lambda m: _n(_years(m.scope).isna().sum())),
    "formed_in_year": Fact("", "partnerships formed in the step's year",
                           lambda m: _n((_years(m.scope) == m.year).sum()), needs_year=True),
    "formed_since": Fact("year", "partnerships on the map formed in or after a year",
                         lambda m, y: _n((_years(m.links) >= y).sum())),
    "first_year": Fact("", "the year the earliest partnership of the step's filters was formed",
                       lambda m: _year_or_none(_years(m.scope).min())),
    "latest_year": Fact("", "the year the latest partnership of the step's filters was formed",
                        lambda m: _year_or_none(_years(m.scope).max())),
    "first_links": Fact("n", "the earliest partnerships of the step's filters, with years",
                        _first_links),
    "top_cities": Fact("n", "the cities with most partnerships on the map, with counts",
                       _top_cities),
    "city_links": Fact("city", "a city's partnerships on the map",
                       lambda m, c: _n(len(_involving(m.links, c)))),
    "partners": Fact("city", "a city's partners on the map, with years", _partners),
    "pair_year": Fact("pair", "the year two cities' partnership was formed (City A|City B)",
                      _pair_year),
    "pair_status": Fact("pair", "the status of two cities' partnership (City A|City B)",
                        _pair_status),
    "country_links": Fact("country", "partnerships on the map with a city in a country",
                          _country_links),
    "between": Fact("countries", "partnerships on the map between two countries (FR|DE)",
                    _between),
    "first_between": Fact("countries", "the earliest partnership between two countries "
                          "(FR|DE), with its year", _first_between),
    "top_in": Fact("country", "a country's five cities with most partnerships on the map",
                   _top_in),
    "focus_links": Fact("focus", "partnerships on the map with a focus area",
                        lambda m, k: _n(_focus_mask(m.links, k).sum())),
    "focus_share": Fact("focus", "the share of partnerships on the map with a focus area",
                        lambda m, k: _share(int(_focus_mask(m.links, k).sum()), len(m.links))),
    "status_links": Fact("status", "partnerships of the step's filters with a status today",
                         lambda m, s: _n((m.scope["status"] == s).sum())),
    "lapsed": Fact("", "partnerships ended or suspended by the step's year (with an end year)",
                   lambda m: _n(len(_lapsed(m)))),
    "lapsed_links": Fact("n", "those partnerships, with their end years", _lapsed_links),
    "era": Fact("era", "an era's name, from the eras table", lambda m, k: schema.ERA_LABELS[k]),
    "era_years": Fact("era", "an era's years, from the eras table", lambda m, k: _era_years(k)),
    "era_links": Fact("era", "partnerships on the map formed in an era",
                      lambda m, k: _n((m.links["era"] == k).sum())),
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_]{1,40}")


@dataclass(frozen=True)
class Piece:
    """A part of a template: literal text, or a fact with its resolved argument."""

    literal: str = ""
    fact: str = ""
    arg: object = None


def parse(template: str, ctx: _Context, where: tuple[int | None, str],
          problems: list[Problem]) -> tuple[Piece, ...]:
    """A template's pieces; each unknown fact or bad argument is a problem at ``where``."""
    pieces: list[Piece] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        if match.start() > pos:
            pieces.append(Piece(template[pos:match.start()]))
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append(Piece(token[0]))
            continue
        if match.group(1) is None:
            problems.append(Problem(*where, f"unmatched {token!r}: write {token * 2} for a "
                                    "brace, or {fact} for a fact"))
            continue
        body = match.group(1).strip()
        name, colon, raw_arg = body.partition(":")
        name = name.strip()
        fact = FACTS.get(name)
        if fact is None:
            hint = _close(name, FACTS)
            problems.append(Problem(*where, f"unknown fact {{{_clip(body)}}}{hint}; the facts "
                                    "are listed in docs/tour.md"))
            continue
        if fact.needs_year and ctx.year is None:
            problems.append(Problem(*where, f"fact {{{name}}} needs the step's year "
                                    "(add year = …)"))
            continue
        arg, error = _resolve_arg(fact.arg, raw_arg.strip(), bool(colon), ctx)
        if error:
            problems.append(Problem(*where, f"{{{_clip(body)}}}: {error}"))
            continue
        pieces.append(Piece(fact=name, arg=arg))
    if pos < len(template):
        pieces.append(Piece(template[pos:]))
    return tuple(pieces)


def _fill(pieces: tuple[Piece, ...], m: Moment) -> list[tuple[str, bool]]:
    """(text, is_a_fact) pairs: the literal text and each fact's value."""
    out = []
    for piece in pieces:
        if not piece.fact:
            out.append((piece.literal, False))
            continue
        fact = FACTS[piece.fact]
        value = fact.compute(m) if fact.arg in ("",) else fact.compute(m, piece.arg)
        out.append((str(value), True))
    return out


@dataclass(frozen=True)
class _Context:
    cities: pd.DataFrame
    year: int | None


def _resolve_arg(kind: str, raw: str, given: bool, ctx: _Context) -> tuple[object, str]:
    """The fact's argument, resolved (a city name to its id…), or an error message."""
    if kind == "":
        return (None, "this fact takes no argument") if given else (None, "")
    if kind == "n":
        if not given or not raw:
            return None, ""
        if not re.fullmatch(r"[0-9]{1,2}", raw) or not 1 <= int(raw) <= MAX_LIST:
            return None, f"the count must be a number from 1 to {MAX_LIST}"
        return int(raw), ""
    if not raw:
        return None, f"this fact needs {_ARG_HELP[kind]} after a colon"
    if kind == "city":
        return _city(ctx.cities, raw)
    if kind == "pair":
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 2 or not all(parts):
            return None, "give two cities separated by |, e.g. {pair_year:Coventry|Kiel}"
        ids = []
        for part in parts:
            cid, error = _city(ctx.cities, part)
            if error:
                return None, error
            ids.append(cid)
        return tuple(ids), ""
    if kind in ("country", "countries"):
        parts = [p.strip() for p in raw.split("|")] if kind == "countries" else [raw]
        if kind == "countries" and (len(parts) != 2 or not all(parts)):
            return None, "give two countries separated by |, e.g. {between:FR|DE}"
        codes = []
        for part in parts:
            code = regions.country_code(part)
            if code is None:
                return None, f"unknown country {_clip(part)!r} (an ISO code such as DE, " \
                    "or a name)"
            codes.append(code)
        return (codes[0] if kind == "country" else tuple(codes)), ""
    vocab = {"focus": schema.FOCUS_LABELS, "era": schema.ERA_LABELS,
             "status": schema.STATUSES}.get(kind)
    if vocab is not None:
        if raw not in vocab:
            return None, f"unknown {kind} {_clip(raw)!r} (one of {', '.join(vocab)})"
        return raw, ""
    if kind == "year":
        year = filters.parse_year(raw)
        if year is None:
            return None, f"not a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}"
        return year, ""
    return None, "unsupported argument"  # pragma: no cover - FACTS uses the kinds above


_ARG_HELP = {"city": "a city (e.g. :Coventry)", "pair": "two cities (e.g. :Coventry|Kiel)",
             "country": "a country (e.g. :JP)", "countries": "two countries (e.g. :FR|DE)",
             "focus": "a focus area (e.g. :climate)", "era": "an era (e.g. :postwar)",
             "status": "a status (e.g. :suspended)", "year": "a year (e.g. :2008)"}


def _city(cities: pd.DataFrame, name: str) -> tuple[str | None, str]:
    """A city id from a name, another name or an id; a clear message when it is not one."""
    hit = lookup.find_city(cities, name)
    if hit.city_id:
        return hit.city_id, ""
    if hit.matches:
        options = "; ".join(f"{lookup.label(cities, c)} = {c}" for c in hit.matches[:4])
        return None, f"{_clip(name)!r} names several cities: write its id ({options})"
    hint = ""
    if hit.suggestions:
        hint = " (did you mean " + ", ".join(
            str(cities.at[c, "name"]) for c in hit.suggestions[:3]) + "?)"
    return None, f"unknown city {_clip(name)!r}{hint}: it is not in this dataset"


def _close(name: str, known: Mapping[str, object]) -> str:
    import difflib

    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {{{near[0]}}}?)" if near else ""


def _clip(value: object, limit: int = 60) -> str:
    return safe_text.plain(value, limit)


# -- rendering ------------------------------------------------------------------------------


def render_md(pieces: tuple[Piece, ...], m: Moment, limit: int = MAX_TEXT * 2) -> str:
    """Markdown for the page: the author's text shown as written, each fact's value bold.

    Paragraphs (blank lines) are kept; everything else in the text is escaped by
    ``safe_text.md``, so a tour file cannot inject Markdown, HTML or links.
    """
    paragraphs: list[list[str]] = [[]]
    for value, is_fact in _fill(pieces, m):
        if is_fact:
            paragraphs[-1].append(f"**{safe_text.md(value, limit)}**")
            continue
        for i, chunk in enumerate(re.split(r"\n[ \t]*\n", value)):
            if i:
                paragraphs.append([])
            paragraphs[-1].append(safe_text.md(chunk, limit))  # breaks become spaces
    joined = (" ".join("".join(p).split()) for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


def render_plain(pieces: tuple[Piece, ...], m: Moment) -> str:
    """The same text for a terminal: facts filled in, nothing escaped or bolded."""
    return "".join(value for value, _ in _fill(pieces, m)).strip()


@dataclass(frozen=True)
class Shown:
    """A step ready to show: its texts with the facts filled in (Markdown-safe)."""

    title: str
    text: str
    facts: tuple[str, ...]
    moment: Moment


@dataclass(frozen=True)
class _Parsed:
    title: tuple[Piece, ...]
    text: tuple[Piece, ...]
    facts: tuple[tuple[Piece, ...], ...]


def _parse_step(step: Step, cities: pd.DataFrame, i: int | None,
                problems: list[Problem]) -> _Parsed:
    ctx = _Context(cities, step.year)
    return _Parsed(parse(step.title, ctx, (i, "title"), problems),
                   parse(step.text, ctx, (i, "text"), problems),
                   tuple(parse(f, ctx, (i, "facts"), problems) for f in step.facts))


def show(step: Step, partnerships: pd.DataFrame, cities: pd.DataFrame,
         plain: bool = False) -> Shown:
    """The step's title, text and facts with every placeholder filled from the data."""
    m = moment(step, partnerships, cities)
    parsed = step.parsed or _parse_step(step, cities, None, [])
    fill = (lambda p: render_plain(p, m)) if plain else (lambda p: render_md(p, m))
    return Shown(fill(parsed.title), fill(parsed.text), tuple(fill(f) for f in parsed.facts), m)


# -- loading and validation -----------------------------------------------------------------


def read(source: str | bytes | Path) -> tuple[str, str]:
    """(name, text) of a tour file given as a path, or as the bytes of an upload."""
    if isinstance(source, Path):
        return source.name, source.read_bytes()[: MAX_BYTES + 1].decode("utf-8-sig", "replace")
    if isinstance(source, bytes):
        return "", source[: MAX_BYTES + 1].decode("utf-8-sig", "replace")
    return "", source


def load(source: str | bytes | Path, partnerships: pd.DataFrame, cities: pd.DataFrame,
         name: str = "") -> Tour:
    """A tour from a file (path), an upload (bytes) or its text, validated against the data.

    Never raises on a bad file: a tour with problems has ``ok`` false and lists them all.
    """
    try:
        file_name, raw = read(source)
    except OSError as exc:
        return Tour("", problems=(Problem(None, "", f"cannot read the file: "
                                          f"{exc.strerror or exc}"),), source=name)
    name = name or file_name
    if len(raw.encode("utf-8", "replace")) > MAX_BYTES:
        return Tour("", problems=(Problem(None, "", f"the file is larger than "
                                          f"{MAX_BYTES // 1000} kB"),), source=name)
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        return Tour("", problems=(Problem(None, "", f"not valid TOML: {_clip(exc, 200)}"),),
                    source=name)
    return _validate(doc, partnerships, cities, name)


def _validate(doc: dict, partnerships: pd.DataFrame, cities: pd.DataFrame,
              name: str) -> Tour:
    problems: list[Problem] = []
    for key in doc:
        if key not in TOUR_FIELDS:
            problems.append(Problem(None, _clip(key, 40), "unknown field" + _close_field(
                key, TOUR_FIELDS) + f" (a tour has: {', '.join(TOUR_FIELDS)})"))
    title = _string(doc.get("title", ""), MAX_TITLE, (None, "title"), problems)
    if not title:
        problems.append(Problem(None, "title", "the tour needs a title"))
    intro = _string(doc.get("intro", ""), MAX_TEXT, (None, "intro"), problems)
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append(Problem(None, "defaults", "must be a table ([defaults])"))
        defaults = {}
    for key in defaults:
        if key not in (*FILTER_FIELDS, "color", "region"):
            problems.append(Problem(None, f"defaults.{_clip(key, 40)}", "unknown field (defaults "
                                    f"may set: {', '.join((*FILTER_FIELDS, 'color', 'region'))})"))
    raw_steps = doc.get("steps", [])
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        problems.append(Problem(None, "steps", "write each step as a [[steps]] table"))
        raw_steps = []
    if not raw_steps:
        problems.append(Problem(None, "steps", "the tour has no steps ([[steps]])"))
    if len(raw_steps) > MAX_STEPS:
        problems.append(Problem(None, "steps", f"at most {MAX_STEPS} steps "
                                f"(this file has {len(raw_steps)})"))
        raw_steps = raw_steps[:MAX_STEPS]
    steps = []
    for i, raw in enumerate(raw_steps, start=1):
        merged = {**{k: v for k, v in defaults.items()}, **raw}
        steps.append(_step(i, merged, set(raw), partnerships, cities, problems))
    return Tour(title, intro, tuple(steps), tuple(problems), name)


def _close_field(key: str, known) -> str:
    import difflib

    near = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _string(value: object, limit: int, where: tuple[int | None, str],
            problems: list[Problem]) -> str:
    if not isinstance(value, str):
        problems.append(Problem(*where, "must be text in quotes"))
        return ""
    if len(value) > limit:
        problems.append(Problem(*where, f"longer than {limit} characters ({len(value)})"))
        return value[:limit]
    return value


def _list(value: object) -> list | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    return None


def _step(i: int, raw: dict, own: set[str], partnerships: pd.DataFrame,
          cities: pd.DataFrame, problems: list[Problem]) -> Step:
    for key in own:
        if key not in STEP_FIELDS:
            problems.append(Problem(i, _clip(key, 40), "unknown field" + _close_field(
                key, STEP_FIELDS) + f" (a step has: {', '.join(STEP_FIELDS)})"))
    title = _string(raw.get("title", ""), MAX_TITLE, (i, "title"), problems)
    if not title.strip():
        problems.append(Problem(i, "title", "every step needs a title"))
    body = _string(raw.get("text", ""), MAX_TEXT, (i, "text"), problems)
    facts = _list(raw.get("facts", []))
    if facts is None or not all(isinstance(f, str) for f in facts):
        problems.append(Problem(i, "facts", "must be a list of texts, e.g. "
                                "[\"{links} partnerships\"]"))
        facts = []
    if len(facts) > MAX_FACTS:
        problems.append(Problem(i, "facts", f"at most {MAX_FACTS} lines"))
        facts = facts[:MAX_FACTS]
    for f in facts:
        if len(f) > MAX_FACT_LINE:
            problems.append(Problem(i, "facts", f"a line is longer than {MAX_FACT_LINE} "
                                    "characters"))
    year = None
    if "year" in raw:
        value = raw["year"]
        if isinstance(value, bool) or not isinstance(value, int) \
                or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
            problems.append(Problem(i, "year", f"{_clip(repr(value), 20)} is not a year between "
                                    f"{schema.MIN_YEAR} and {schema.MAX_YEAR} (write it "
                                    "without quotes: year = 1956)"))
        else:
            year = value
    color = raw.get("color", "era")
    if color not in COLORS:
        problems.append(Problem(i, "color", f"{_clip(color, 20)!r}: one of {', '.join(COLORS)}"))
        color = "era"
    f = _filters(i, raw, cities, problems)
    highlight = _highlight(i, raw.get("highlight", []), cities, problems)
    region, bounds = _framing(i, raw, own, cities, highlight, problems)
    step = Step(title, body, tuple(facts), f, year, region, bounds, highlight, color)
    # Parsed once, here, so every unknown fact is reported with its step and field.
    return replace(step, parsed=_parse_step(step, cities, i, problems))


def _filters(i: int, raw: dict, cities: pd.DataFrame, problems: list[Problem]) -> Filters:
    vocab = {"eras": schema.ERA_LABELS, "focus": schema.FOCUS_LABELS,
             "statuses": schema.STATUSES, "kinds": schema.KIND_LABELS, "sources": SOURCES,
             "continents": {c: c for c in regions.CONTINENTS},
             "subregions": {s: s for s in set(cities["subregion"])} if "subregion" in cities
             else {}}
    f = BASE_FILTERS
    for key in ("eras", "focus", "continents", "subregions", "statuses", "kinds", "sources",
                "countries"):
        if key not in raw:
            continue
        values = _list(raw[key])
        if values is None or not all(isinstance(v, str) for v in values):
            problems.append(Problem(i, key, "must be a text or a list of texts"))
            continue
        if values == ["all"]:
            f = replace(f, **{key: ()})
            continue
        good = []
        for v in values:
            if key == "countries":
                code = regions.country_code(v)
                if code is None:
                    problems.append(Problem(i, key, f"unknown country {_clip(v)!r} (an ISO code "
                                            "such as DE, or a name)"))
                else:
                    good.append(code)
            elif v in vocab[key]:
                good.append(v)
            else:
                problems.append(Problem(i, key, f"unknown value {_clip(v)!r} (one of "
                                        f"{_clip(', '.join(vocab[key]), 300)}, or \"all\")"))
        f = replace(f, **{key: tuple(dict.fromkeys(good))})
    if "city" in raw:
        value = raw["city"]
        if not isinstance(value, str):
            problems.append(Problem(i, "city", "must be a city's name or id in quotes"))
        elif value:
            cid, error = _city(cities, value)
            if error:
                problems.append(Problem(i, "city", error))
            else:
                f = replace(f, city=cid)
    return f


def _highlight(i: int, value: object, cities: pd.DataFrame,
               problems: list[Problem]) -> tuple[str, ...]:
    names = _list(value)
    if names is None or not all(isinstance(n, str) for n in names):
        problems.append(Problem(i, "highlight", "must be a list of city names or ids"))
        return ()
    if len(names) > MAX_HIGHLIGHT:
        problems.append(Problem(i, "highlight", f"at most {MAX_HIGHLIGHT} cities"))
        names = names[:MAX_HIGHLIGHT]
    ids = []
    for n in names:
        cid, error = _city(cities, n)
        if error:
            problems.append(Problem(i, "highlight", error))
        else:
            ids.append(cid)
    return tuple(dict.fromkeys(ids))


def _framing(i: int, raw: dict, own: set[str], cities: pd.DataFrame, highlight: tuple[str, ...],
             problems: list[Problem]) -> tuple[str, Bounds | None]:
    """The step's framing: its bounds, else its region, else its highlighted cities."""
    if "bounds" in own:
        b = raw["bounds"]
        try:
            (s, w), (n, e) = b
            box = ((float(s), float(w)), (float(n), float(e)))
            ok = (-90 <= box[0][0] < box[1][0] <= 90 and -360 <= box[0][1] < box[1][1] <= 360
                  and box[1][1] - box[0][1] <= 360)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            problems.append(Problem(i, "bounds", "write [[south, west], [north, east]] in "
                                    "degrees, south < north and west < east, e.g. "
                                    "[[35, -12], [62, 42]]"))
            return "", None
        return "", box
    region = raw.get("region", "")
    if region:
        if not isinstance(region, str) or region not in REGIONS:
            problems.append(Problem(i, "region", f"unknown region {_clip(region, 40)!r} (one of "
                                    f"{', '.join(REGIONS)}; or give bounds)"))
            return "", None
        return region, REGIONS[region][1]
    if highlight:
        return "", around(cities, highlight)
    return "", None


def around(cities: pd.DataFrame, ids: tuple[str, ...], pad: float = 0.25,
           minimum: float = 8.0) -> Bounds:
    """Bounds holding the given cities, padded, at least ``minimum`` degrees each way.

    Longitudes are unwrapped around the first city, so Tokyo and San Francisco are framed
    across the Pacific rather than across the whole world.
    """
    lat = cities.loc[list(ids), "lat"].to_numpy(float)
    lon = cities.loc[list(ids), "lon"].to_numpy(float)
    lon = ((lon - lon[0] + 180.0) % 360.0) - 180.0 + lon[0]
    s, n, w, e = lat.min(), lat.max(), lon.min(), lon.max()
    dy, dx = max(n - s, minimum), max(e - w, minimum * 1.6)
    cy, cx = (s + n) / 2, (w + e) / 2
    dy, dx = dy * (1 + 2 * pad), dx * (1 + 2 * pad)
    south, north = max(cy - dy / 2, -85.0), min(cy + dy / 2, 85.0)
    return ((round(south, 2), round(cx - dx / 2, 2)), (round(north, 2), round(cx + dx / 2, 2)))


def step_number(raw: object, count: int) -> tuple[int, str]:
    """The 0-based step of ``?step=N`` (1-based), and a notice when it was not a step."""
    text_value = str(raw[-1] if isinstance(raw, (list, tuple)) and raw else raw or "").strip()
    if not text_value:
        return 0, ""
    if re.fullmatch(r"[0-9]{1,3}", text_value) and 1 <= int(text_value) <= count:
        return int(text_value) - 1, ""
    return 0, f"Ignored step={_clip(text_value, 20)!r}: the tour has steps 1 to {count}"


# -- the map of a step ----------------------------------------------------------------------


def map_options(step: Step, option_type, **base) -> tuple[object, Filters]:
    """The map options of a step, and the filters whose links the map gets.

    Uses the map's playback options (``timeline``, ``year``, ``highlight``, ``view``) where
    ``option_type`` has them. A map without them gets the links formed by the step's year
    (a year filter) and a centre and zoom for the bounds instead, so it still shows the
    moment the facts describe.
    """
    known = {f.name for f in fields(option_type)}
    wanted: dict[str, object] = {**base, "color_by": step.color_by,
                                 "focus_first": step.filters.focus}
    f = step.filters
    if "year" in known:
        wanted.update(timeline=True, year=step.year)
    elif step.year is not None:
        f = replace(f, year_max=step.year)
    if "highlight" in known:
        wanted["highlight"] = step.highlight
    if step.bounds is not None:
        if "view" in known:
            wanted["view"] = step.bounds
        else:
            wanted["center"], wanted["zoom"] = center_zoom(step.bounds)
    return option_type(**{k: v for k, v in wanted.items() if k in known}), f


def center_zoom(bounds: Bounds, width_px: float = 1100, height_px: float = 620
                ) -> tuple[tuple[float, float], int]:
    """A Leaflet centre and zoom that show about these bounds (Web Mercator)."""
    import math

    (s, w), (n, e) = bounds
    center = ((s + n) / 2, (w + e) / 2)

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    zx = math.log2(width_px * 360 / (256 * max(e - w, 1e-6)))
    zy = math.log2(height_px * 2 * math.pi / (256 * max(merc(n) - merc(s), 1e-6)))
    return center, max(1, min(10, int(math.floor(min(zx, zy)))))
