"""The facts language of a tour: placeholders filled from the data as it was at the step's year.

Numbers are never typed into a tour: text and facts hold placeholders such as ``{links}`` or
``{top_cities:3}``, and :func:`show` fills them from the data as it is at the step's year,
so a tour stays true when the data changes.

The placeholders are a deliberately small template language: a fixed table of named facts
(:data:`FACTS`), each with at most one argument of a known kind (a city, a country, a focus
area…). Nothing in a tour file is evaluated as code or as a Jinja template, and a tour file
is untrusted: every text it holds, and every name from the data, reaches the app's page as
runs of text (:func:`page`) that ``app.show`` draws as escaped HTML (shown as written, never
as Markdown or HTML), and the command line and static site as plain text (:func:`show`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistermap import regions, safe_text, schema, timeline
from sistermap.i18n import _, in_sentence, number
from sistermap.query import filters, lookup
from sistermap.query.filters import Filters
from sistermap.safe_text import Run
from sistermap.tour.model import MAX_LIST, Parsed, Piece, Step, problem

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
    return number(int(value))


def _names(m: Moment, ids) -> list[str]:
    return [str(m.cities.at[c, "name"]) if c in m.cities.index else str(c) for c in ids]


def _listing(items: list[str], more: int = 0) -> str:
    if not items:
        return _("none")
    if more:
        return _("{items} and {n} more").format(items=_(", ").join(items), n=number(more))
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=_(", ").join(items[:-1]), last=items[-1])


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
        return _("none")
    ordered = p.assign(_y=_years(p).fillna(10_000)).sort_values(["_y", "city_a"])
    k = n or MAX_LIST
    return _listing([_link_name(r) for _i, r in ordered.head(k).iterrows()],
                    max(0, len(ordered) - k))


def _everything(m: Moment) -> pd.DataFrame:
    return m.links if m.everything is None else m.everything


def _top_cities(m: Moment, n: int | None) -> str:
    counts = pd.concat([m.links["city_a_id"], m.links["city_b_id"]]).value_counts()
    if counts.empty:
        return _("none")
    names = dict(zip(counts.index, _names(m, counts.index)))
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), names[c]))[: n or 3]
    return _listing([f"{names[c]} ({int(counts[c])})" for c in order])


def _partners(m: Moment, city: str) -> str:
    mine = _involving(m.links, city)
    if mine.empty:
        return _("none")
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
        return _("not in these data")
    year = hit["established"].iloc[0]
    return str(int(year)) if pd.notna(year) else _("no year recorded")


def _pair_status(m: Moment, pair: tuple[str, str]) -> str:
    hit = _pair(m, pair)
    if hit.empty:
        return _("not in these data")
    row = hit.iloc[0]
    label = _status_word(str(row["status"]))
    ended = row.get("ended")
    return f"{label} ({int(ended)})" if pd.notna(ended) and row["status"] in timeline.ENDING \
        else label


def _status_word(status: str) -> str:
    """A status inside a sentence ("ended"), in the reader's language."""
    return in_sentence(_(schema.STATUSES.get(status, status)))


def _lapsed(m: Moment) -> pd.DataFrame:
    """Links of the step's filters that ended or were suspended by its year (or ever)."""
    p = m.scope
    ends = timeline.end_years(p)
    gone = ends > 0 if m.year is None else (ends > 0) & (ends <= m.year)
    return p[gone]


def _lapsed_links(m: Moment, n: int | None) -> str:
    gone = _lapsed(m)
    if gone.empty:
        return _("none")
    gone = gone.assign(_end=timeline.end_years(gone)).sort_values(["_end", "city_a"])
    items = [f"{r['city_a']}–{r['city_b']} ({_status_word(r['status'])} "
             f"{int(r['_end'])})" for _i, r in gone.iterrows()]
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
        return _("none in these data")
    first = both.assign(_y=_years(both)).sort_values(["_y", "city_a"]).iloc[0]
    return _link_name(first)


def _top_in(m: Moment, code: str) -> str:
    p = m.links
    ids = pd.concat([p.loc[p["country_a"] == code, "city_a_id"],
                     p.loc[p["country_b"] == code, "city_b_id"]])
    counts = ids.value_counts()
    if counts.empty:
        return _("none")
    names = dict(zip(counts.index, _names(m, counts.index)))
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), names[c]))[:5]
    return _listing([f"{names[c]} ({int(counts[c])})" for c in order])


def _focus_mask(p: pd.DataFrame, key: str) -> pd.Series:
    if key == schema.UNCLASSIFIED:
        return p["focus"].map(len).eq(0)
    return p["focus"].map(lambda f: key in f)


def _continents(m: Moment) -> str:
    """The continents the partnerships on the map reach, most links first: a link between
    two continents counts once for each."""
    p = m.links
    ends = pd.concat([p["continent_a"], p["continent_b"]]).groupby(level=0).unique().explode()
    counts = ends[ends.isin(list(regions.CONTINENTS))].value_counts()
    if counts.empty:
        return "none"
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), c))
    return _listing([f"{regions.region_name(c)} ({number(int(counts[c]))})" for c in order])


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
        return _("up to {year}").format(year=era.end)
    return (_("from {year}").format(year=era.start) if era.end is None
            else f"{era.start}–{era.end}")


def _first_links(m: Moment, n: int | None) -> str:
    dated = m.scope[_years(m.scope).notna()]
    if dated.empty:
        return _("none")
    first = dated.assign(_y=_years(dated)).sort_values(["_y", "city_a"]).head(n or 1)
    return _listing([_link_name(r) for _i, r in first.iterrows()])


def _year_or_none(value) -> str:
    return str(int(value)) if pd.notna(value) else _("unknown")


@dataclass(frozen=True)
class Fact:
    """A named fact: what its argument is (if any), what it says, and how to compute it."""

    arg: str  # "", "n" (optional count), "city", "pair" (two cities), "country",
    # "countries" (two), "focus", "era", "status", "year", "kind"
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
    "kind_links": Fact("kind", "partnerships on the map of a kind (of either kind, for a "
                       "link of two)", lambda m, k: _n(m.links["kinds"].map(
                           lambda ks: k in ks if k != schema.UNCLASSIFIED else not ks).sum())),
    "continents": Fact("", "the continents the partnerships on the map reach, with counts",
                       _continents),
    "status_links": Fact("status", "partnerships of the step's filters with a status today",
                         lambda m, s: _n((m.scope["status"] == s).sum())),
    "lapsed": Fact("", "partnerships ended or suspended by the step's year (with an end year)",
                   lambda m: _n(len(_lapsed(m)))),
    "lapsed_links": Fact("n", "those partnerships, with their end years", _lapsed_links),
    "era": Fact("era", "an era's name, from the eras table", lambda m, k: _(schema.ERA_LABELS[k])),
    "era_years": Fact("era", "an era's years, from the eras table", lambda m, k: _era_years(k)),
    "era_links": Fact("era", "partnerships on the map formed in an era",
                      lambda m, k: _n((m.links["era"] == k).sum())),
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_]{1,40}")


def parse(template: str, ctx: _Context, where: tuple[int | None, str],
          problems: list[schema.Problem]) -> tuple[Piece, ...]:
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
            problems.append(problem(*where, f"unmatched {token!r}: write {token * 2} for a "
                                    "brace, or {fact} for a fact"))
            continue
        body = match.group(1).strip()
        name, colon, raw_arg = body.partition(":")
        name = name.strip()
        fact = FACTS.get(name)
        if fact is None:
            hint = _close(name, FACTS)
            problems.append(problem(*where, f"unknown fact {{{clip(body)}}}{hint}; the facts "
                                    "are listed in docs/tour.md"))
            continue
        if fact.needs_year and ctx.year is None:
            problems.append(problem(*where, f"fact {{{name}}} needs the step's year "
                                    "(add year = …)"))
            continue
        arg, error = _resolve_arg(fact.arg, raw_arg.strip(), bool(colon), ctx)
        if error:
            problems.append(problem(*where, f"{{{clip(body)}}}: {error}"))
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
        return city_named(ctx.cities, raw)
    if kind == "pair":
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 2 or not all(parts):
            return None, "give two cities separated by |, e.g. {pair_year:Coventry|Kiel}"
        ids = []
        for part in parts:
            cid, error = city_named(ctx.cities, part)
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
                return None, f"unknown country {clip(part)!r} (an ISO code such as DE, " \
                    "or a name)"
            codes.append(code)
        return (codes[0] if kind == "country" else tuple(codes)), ""
    vocab = {"focus": schema.FOCUS_LABELS, "era": schema.ERA_LABELS,
             "status": schema.STATUSES, "kind": schema.KIND_LABELS}.get(kind)
    if vocab is not None:
        if raw not in vocab:
            return None, f"unknown {kind} {clip(raw)!r} (one of {', '.join(vocab)})"
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
             "status": "a status (e.g. :suspended)", "year": "a year (e.g. :2008)",
             "kind": "a kind (e.g. :project_partnership)"}


def city_named(cities: pd.DataFrame, name: str) -> tuple[str | None, str]:
    """A city id from a name, another name or an id; a clear message when it is not one."""
    hit = lookup.find_city(cities, name)
    if hit.city_id:
        return hit.city_id, ""
    if hit.matches:
        options = "; ".join(f"{lookup.label(cities, c)} = {c}" for c in hit.matches[:4])
        return None, f"{clip(name)!r} names several cities: write its id ({options})"
    hint = ""
    if hit.suggestions:
        hint = " (did you mean " + ", ".join(
            str(cities.at[c, "name"]) for c in hit.suggestions[:3]) + "?)"
    return None, f"unknown city {clip(name)!r}{hint}: it is not in this dataset"


def _close(name: str, known: Mapping[str, object]) -> str:

    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {{{near[0]}}}?)" if near else ""


def clip(value: object, limit: int = 60) -> str:
    return safe_text.plain(value, limit)


# -- rendering ------------------------------------------------------------------------------


def render_runs(pieces: tuple[Piece, ...], m: Moment) -> tuple[tuple[Run, ...], ...]:
    """The text for the app's page (``app.show``): paragraphs (split at blank lines) of
    runs, each fact's value strong. Nothing in them is interpreted: they are drawn as
    escaped HTML, so a tour file cannot inject Markdown, HTML or links."""
    paragraphs: list[list[Run]] = [[]]
    for value, is_fact in _fill(pieces, m):
        if is_fact:
            paragraphs[-1].append((value, True))
            continue
        for i, chunk in enumerate(re.split(r"\n[ \t]*\n", value)):
            if i:
                paragraphs.append([])
            paragraphs[-1].append((chunk, False))  # other breaks become spaces when shown
    return tuple(tuple(p) for p in paragraphs if "".join(str(t) for t, _s in p).strip())


def render_plain(pieces: tuple[Piece, ...], m: Moment) -> str:
    """The text for a terminal or a page that escapes it (the static site): facts filled in,
    nothing escaped or bolded."""
    return "".join(value for value, _f in _fill(pieces, m)).strip()


@dataclass(frozen=True)
class Shown:
    """A step's texts with the facts filled in, as plain text (escaped where shown)."""

    title: str
    text: str
    facts: tuple[str, ...]
    moment: Moment


@dataclass(frozen=True)
class Page:
    """A step for the app's page (``app.show``): the title as text, the text as paragraphs
    of runs and each fact as one line of runs, none of them Markdown."""

    title: str
    text: tuple[tuple[Run, ...], ...]
    facts: tuple[tuple[Run, ...], ...]
    moment: Moment


def parse_step(step: Step, cities: pd.DataFrame, i: int | None,
                problems: list[schema.Problem]) -> Parsed:
    ctx = _Context(cities, step.year)
    return Parsed(parse(step.title, ctx, (i, "title"), problems),
                   parse(step.text, ctx, (i, "text"), problems),
                   tuple(parse(f, ctx, (i, "facts"), problems) for f in step.facts))


def show(step: Step, partnerships: pd.DataFrame, cities: pd.DataFrame) -> Shown:
    """The step's title, text and facts with every placeholder filled from the data, as
    plain text (the command line, the static site); the app draws ``page``."""
    m = moment(step, partnerships, cities)
    parsed = step.parsed or parse_step(step, cities, None, [])
    return Shown(render_plain(parsed.title, m), render_plain(parsed.text, m),
                 tuple(render_plain(f, m) for f in parsed.facts), m)




def page(step: Step, partnerships: pd.DataFrame, cities: pd.DataFrame) -> Page:
    """The step as the app's page shows it (``show``'s facts, drawn as escaped HTML)."""
    m = moment(step, partnerships, cities)
    parsed = step.parsed or parse_step(step, cities, None, [])
    return Page(render_plain(parsed.title, m), render_runs(parsed.text, m),
                tuple(_one_line(render_runs(f, m)) for f in parsed.facts), m)


def _one_line(paragraphs: tuple[tuple[Run, ...], ...]) -> tuple[Run, ...]:
    """A fact's paragraphs on one line (a list item), a space between them."""
    return tuple(r for i, para in enumerate(paragraphs)
                 for r in ((" ", False),) * bool(i) + para)
