"""Reading a tour file: TOML in, a :class:`~sistermap.tour.model.Tour` out, every problem listed.

:func:`load` never raises on a bad file: every problem is reported as a
:class:`~sistermap.schema.Problem` naming the step and the field (``step 3 [highlight]:
unknown city 'Coventyr' (did you mean Coventry?)``), so the app and
``python -m sistermap tour validate`` can show them all at once.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from pathlib import Path

import pandas as pd

from sistermap import regions, schema
from sistermap.query.filters import Filters
from sistermap.sources import SOURCES
from sistermap.tour.facts import city_named, clip, parse_step
from sistermap.tour.model import (
    BASE_FILTERS,
    COLORS,
    FILTER_FIELDS,
    MAX_BYTES,
    MAX_FACT_LINE,
    MAX_FACTS,
    MAX_HIGHLIGHT,
    MAX_STEPS,
    MAX_TEXT,
    MAX_TITLE,
    REGIONS,
    STEP_FIELDS,
    TOUR_FIELDS,
    Bounds,
    Step,
    Tour,
    problem,
)

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
        return Tour("", problems=(problem(None, "", f"cannot read the file: "
                                          f"{exc.strerror or exc}"),), source=name)
    name = name or file_name
    if len(raw.encode("utf-8", "replace")) > MAX_BYTES:
        return Tour("", problems=(problem(None, "", f"the file is larger than "
                                          f"{MAX_BYTES // 1000} kB"),), source=name)
    depth = nesting(raw)
    if depth > MAX_NESTING:
        return Tour("", problems=(problem(None, "", f"lists or tables nested {depth} levels "
                                          f"deep; a tour needs at most {MAX_NESTING}"),),
                    source=name)
    try:
        doc = tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return Tour("", problems=(problem(None, "", f"not valid TOML: {clip(exc, 200)}"),),
                    source=name)
    return _validate(doc, partnerships, cities, name)


#: A tour's deepest value is a list of two [lat, lon] pairs; parsers recurse per level.
MAX_NESTING = 8


def nesting(text: str) -> int:
    """How deep ``[`` and ``{`` nest in TOML text, strings and comments left out (a quick
    scan, so a 1 kB file nested 500 levels is refused before a parser recurses into it)."""
    depth = deepest = 0
    quote = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
        elif ch == "\n" and depth == 0:
            quote = ""
        i += 1
    return deepest


def _validate(doc: dict, partnerships: pd.DataFrame, cities: pd.DataFrame,
              name: str) -> Tour:
    problems: list[schema.Problem] = []
    for key in doc:
        if key not in TOUR_FIELDS:
            problems.append(problem(None, clip(key, 40), "unknown field" + _close_field(
                key, TOUR_FIELDS) + f" (a tour has: {', '.join(TOUR_FIELDS)})"))
    title = _string(doc.get("title", ""), MAX_TITLE, (None, "title"), problems)
    if not title:
        problems.append(problem(None, "title", "the tour needs a title"))
    intro = _string(doc.get("intro", ""), MAX_TEXT, (None, "intro"), problems)
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append(problem(None, "defaults", "must be a table ([defaults])"))
        defaults = {}
    for key in defaults:
        if key not in (*FILTER_FIELDS, "color", "region"):
            problems.append(problem(None, f"defaults.{clip(key, 40)}", "unknown field (defaults "
                                    f"may set: {', '.join((*FILTER_FIELDS, 'color', 'region'))})"))
    raw_steps = doc.get("steps", [])
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        problems.append(problem(None, "steps", "write each step as a [[steps]] table"))
        raw_steps = []
    if not raw_steps:
        problems.append(problem(None, "steps", "the tour has no steps ([[steps]])"))
    if len(raw_steps) > MAX_STEPS:
        problems.append(problem(None, "steps", f"at most {MAX_STEPS} steps "
                                f"(this file has {len(raw_steps)})"))
        raw_steps = raw_steps[:MAX_STEPS]
    steps = []
    for i, raw in enumerate(raw_steps, start=1):
        merged = {**{k: v for k, v in defaults.items()}, **raw}
        steps.append(_step(i, merged, set(raw), partnerships, cities, problems))
    return Tour(title, intro, tuple(steps), tuple(problems), name)


def _close_field(key: str, known) -> str:

    near = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _string(value: object, limit: int, where: tuple[int | None, str],
            problems: list[schema.Problem]) -> str:
    if not isinstance(value, str):
        problems.append(problem(*where, "must be text in quotes"))
        return ""
    if len(value) > limit:
        problems.append(problem(*where, f"longer than {limit} characters ({len(value)})"))
        return value[:limit]
    return value


def _list(value: object) -> list | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    return None


def _step(i: int, raw: dict, own: set[str], partnerships: pd.DataFrame,
          cities: pd.DataFrame, problems: list[schema.Problem]) -> Step:
    for key in own:
        if key not in STEP_FIELDS:
            problems.append(problem(i, clip(key, 40), "unknown field" + _close_field(
                key, STEP_FIELDS) + f" (a step has: {', '.join(STEP_FIELDS)})"))
    title = _string(raw.get("title", ""), MAX_TITLE, (i, "title"), problems)
    if not title.strip():
        problems.append(problem(i, "title", "every step needs a title"))
    body = _string(raw.get("text", ""), MAX_TEXT, (i, "text"), problems)
    facts = _list(raw.get("facts", []))
    if facts is None or not all(isinstance(f, str) for f in facts):
        problems.append(problem(i, "facts", "must be a list of texts, e.g. "
                                "[\"{links} partnerships\"]"))
        facts = []
    if len(facts) > MAX_FACTS:
        problems.append(problem(i, "facts", f"at most {MAX_FACTS} lines"))
        facts = facts[:MAX_FACTS]
    for f in facts:
        if len(f) > MAX_FACT_LINE:
            problems.append(problem(i, "facts", f"a line is longer than {MAX_FACT_LINE} "
                                    "characters"))
    year = None
    if "year" in raw:
        value = raw["year"]
        if isinstance(value, bool) or not isinstance(value, int) \
                or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
            problems.append(problem(i, "year", f"{clip(repr(value), 20)} is not a year between "
                                    f"{schema.MIN_YEAR} and {schema.MAX_YEAR} (write it "
                                    "without quotes: year = 1956)"))
        else:
            year = value
    color = raw.get("color", "era")
    if color not in COLORS:
        problems.append(problem(i, "color", f"{clip(color, 20)!r}: one of {', '.join(COLORS)}"))
        color = "era"
    f = _filters(i, raw, cities, problems)
    highlight = _highlight(i, raw.get("highlight", []), cities, problems)
    region, bounds = _framing(i, raw, own, cities, highlight, problems)
    step = Step(title, body, tuple(facts), f, year, region, bounds, highlight, color)
    # Parsed once, here, so every unknown fact is reported with its step and field.
    return replace(step, parsed=parse_step(step, cities, i, problems))


def _filters(i: int, raw: dict, cities: pd.DataFrame, problems: list[schema.Problem]) -> Filters:
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
            problems.append(problem(i, key, "must be a text or a list of texts"))
            continue
        if values == ["all"]:
            f = replace(f, **{key: ()})
            continue
        good = []
        for v in values:
            if key == "countries":
                code = regions.country_code(v)
                if code is None:
                    problems.append(problem(i, key, f"unknown country {clip(v)!r} (an ISO code "
                                            "such as DE, or a name)"))
                else:
                    good.append(code)
            elif v in vocab[key]:
                good.append(v)
            else:
                problems.append(problem(i, key, f"unknown value {clip(v)!r} (one of "
                                        f"{clip(', '.join(vocab[key]), 300)}, or \"all\")"))
        f = replace(f, **{key: tuple(dict.fromkeys(good))})
    if "city" in raw:
        value = raw["city"]
        if not isinstance(value, str):
            problems.append(problem(i, "city", "must be a city's name or id in quotes"))
        elif value:
            cid, error = city_named(cities, value)
            if error:
                problems.append(problem(i, "city", error))
            else:
                f = replace(f, city=cid)
    return f


def _highlight(i: int, value: object, cities: pd.DataFrame,
               problems: list[schema.Problem]) -> tuple[str, ...]:
    names = _list(value)
    if names is None or not all(isinstance(n, str) for n in names):
        problems.append(problem(i, "highlight", "must be a list of city names or ids"))
        return ()
    if len(names) > MAX_HIGHLIGHT:
        problems.append(problem(i, "highlight", f"at most {MAX_HIGHLIGHT} cities"))
        names = names[:MAX_HIGHLIGHT]
    ids = []
    for n in names:
        cid, error = city_named(cities, n)
        if error:
            problems.append(problem(i, "highlight", error))
        else:
            ids.append(cid)
    return tuple(dict.fromkeys(ids))


def _framing(i: int, raw: dict, own: set[str], cities: pd.DataFrame, highlight: tuple[str, ...],
             problems: list[schema.Problem]) -> tuple[str, Bounds | None]:
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
            problems.append(problem(i, "bounds", "write [[south, west], [north, east]] in "
                                    "degrees, south < north and west < east, e.g. "
                                    "[[35, -12], [62, 42]]"))
            return "", None
        return "", box
    region = raw.get("region", "")
    if region:
        if not isinstance(region, str) or region not in REGIONS:
            problems.append(problem(i, "region", f"unknown region {clip(region, 40)!r} (one of "
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


