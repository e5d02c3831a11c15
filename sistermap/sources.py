"""Where a partnership comes from: several sources per link, cities matched across sources.

A dataset directory's own tables (``cities.csv``, ``partnerships.csv``) are one source: the
curated review for ``data/``, an imported list for a directory written by ``import``. Other
sources live beside them as *layers* in ``sources/<key>/`` (today: ``sources/wikidata/``),
built by ``python -m sistermap build-sources`` from a snapshot or a ``fetch-wikidata`` run:

- ``cities.csv``  the layer's cities that no city of the dataset matched (dataset format)
- ``links.csv``   what the source states about each pair (``schema.STATEMENT_COLUMNS``), with
  the ids already mapped onto the dataset's cities where matched
- ``matches.csv`` which of the source's cities were matched to which dataset city, and how

On load every partnership carries ``sources`` (the keys of the sources listing it),
``n_sources`` (independent sources: corroboration), ``source_mark`` ("reviewed + Wikidata")
and ``source_notes`` (what another source states differently). The dataset's own fields win
where sources disagree; a disagreement stays visible in ``source_notes``, never silently
overwritten, and nothing a source does not state is filled in: a link only Wikidata lists has
no kind, no focus area and status "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sistermap import schema
from sistermap.gazetteer import haversine_km
from sistermap.text import fold


@dataclass(frozen=True)
class Source:
    key: str
    mark: str  # shown on each link it lists
    description: str


SOURCES: dict[str, Source] = {
    "reviewed": Source("reviewed", "reviewed",
                       "the curated review: each record checked by a curator and cited"),
    "wikidata": Source("wikidata", "Wikidata",
                       "Wikidata's twinned administrative body (P190); the shipped snapshot "
                       "states pairs only, no dates, kind or focus"),
    "imported": Source("imported", "imported", "a list imported or uploaded by a user"),
}
MARKS: dict[str, str] = {k: s.mark for k, s in SOURCES.items()}

LAYERS_DIR = "sources"
#: Built layers a dataset directory may carry, in ``sources/<key>/``, in merge order.
LAYER_KEYS: tuple[str, ...] = ("wikidata",)
LAYER_CITIES, LAYER_LINKS, LAYER_MATCHES = "cities.csv", "links.csv", "matches.csv"
LAYER_REPORT = "build-report.txt"
#: The shipped Wikidata snapshot (verbatim copy) inside ``sources/``.
SNAPSHOT_DIR = "wikidata-twin-cities"
#: A file the import command writes: a directory holding it is an imported list.
IMPORT_MARKER = "import-report.json"
MATCH_COLUMNS: tuple[str, ...] = ("source_id", "source_name", "city_id", "city_name",
                                  "method", "km")
#: Two places with the same name in the same country further apart than this are two places.
MATCH_KM = 25.0
WIKIDATA_ITEM = "https://www.wikidata.org/wiki/{}"


def base_source(root: Path | None) -> str:
    """The source of a directory's own tables: imported when ``import`` wrote it."""
    return "imported" if root is not None and (Path(root) / IMPORT_MARKER).exists() \
        else "reviewed"


def mark(keys: Iterable[str]) -> str:
    """The mark of a link: "reviewed", "Wikidata", "reviewed + Wikidata"."""
    return " + ".join(MARKS.get(k, k) for k in keys)


def mark_base(partnerships: pd.DataFrame, key: str) -> pd.DataFrame:
    """Give every partnership of one source the provenance columns."""
    p = partnerships
    p["sources"] = [(key,)] * len(p)
    p["n_sources"] = np.ones(len(p), dtype=int)
    p["source_mark"] = MARKS.get(key, key)
    p["source_notes"] = ""
    p["year_disagrees"] = False
    return p


def with_sources_of(links: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """``links`` also listing the sources of the same pairs in ``other`` (their fields stay)."""
    theirs = {schema.pair_key(a, b): s for a, b, s in
              zip(other["city_a_id"], other["city_b_id"], other["sources"])}
    links = links.copy()
    links["sources"] = [tuple(dict.fromkeys((*s, *theirs.get(schema.pair_key(a, b), ()))))
                        for a, b, s in zip(links["city_a_id"], links["city_b_id"],
                                           links["sources"])]
    links["n_sources"] = links["sources"].map(len)
    links["source_mark"] = links["sources"].map(mark)
    return links


# --- matching cities across sources ------------------------------------------------------

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


# --- building a layer ---------------------------------------------------------------------

@dataclass
class Layer:
    """A source layer ready to write: its own cities, its statements, the matches."""

    key: str
    cities: pd.DataFrame  # schema.CITY_COLUMNS
    links: pd.DataFrame  # schema.STATEMENT_COLUMNS
    matches: pd.DataFrame  # MATCH_COLUMNS
    origin: str
    report: list[str] = field(default_factory=list)


def _country(code: str) -> str:
    """Country code as the dataset writes it: the snapshot writes Taiwan as ``CN-TW``."""
    code = code.strip().upper()
    return "TW" if code == "CN-TW" else code


def _places(c: pd.DataFrame, id_col: str, country_col: str, lon_col: str) -> pd.DataFrame:
    """A source's cities as ``id, name, country, lat, lon`` (coordinates numeric or NaN)."""
    return pd.DataFrame({"id": c[id_col].str.strip(), "name": c["name"].str.strip(),
                         "country": c[country_col].map(_country),
                         "lat": pd.to_numeric(c["lat"], errors="coerce"),
                         "lon": pd.to_numeric(c[lon_col], errors="coerce")})


def read_snapshot(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places and statements of the bothness/TidyTuesday snapshot (``cities.csv``, ``links.csv``).

    Read as text: ``NA`` is Namibia. The snapshot has no dates: no year is stated.
    """
    from sistermap.dataset import read_csv_rows

    places = _places(pd.DataFrame(read_csv_rows(directory / "cities.csv")),
                     "id", "countrycd", "lng")
    raw = pd.DataFrame(read_csv_rows(directory / "links.csv"))
    links = pd.DataFrame({"a": raw["source"].str.strip(), "b": raw["target"].str.strip(),
                          "established": "", "ended": ""})
    links["reference"] = [WIKIDATA_ITEM.format(q) for q in links["a"]]
    return places, links


def read_fetched(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places and statements from a ``fetch-wikidata --out DIR`` directory.

    Only what Wikidata states is kept: the pair, its start and end years (P580/P582) and the
    item; the importer's defaults (kind, status) are not statements and are dropped.
    """
    from sistermap.dataset import read_csv_rows

    places = _places(pd.DataFrame(read_csv_rows(directory / "cities.csv")),
                     "city_id", "country", "lon")
    raw = pd.DataFrame(read_csv_rows(directory / "partnerships.csv"))
    links = pd.DataFrame({"a": raw["city_a_id"].str.strip(), "b": raw["city_b_id"].str.strip(),
                          "established": raw["established"].str.strip(),
                          "ended": raw["ended"].str.strip(),
                          "reference": raw["source"].where(
                              raw["source"].str.startswith("https://"), "")})
    return places, links


def build_layer(key: str, places: pd.DataFrame, statements: pd.DataFrame,
                cities: pd.DataFrame, origin: str) -> Layer:
    """Match a source's places onto the dataset's cities and restate its links on them."""
    report = [f"source {key}: {origin}",
              f"{len(places)} places, {len(statements)} links read"]
    bad = places["lat"].isna() | places["lon"].isna() | ~places["country"].str.fullmatch(
        "[A-Z]{2}")
    if bad.any():
        report.append(f"{int(bad.sum())} places without coordinates or country left out: "
                      + ", ".join(places.loc[bad, "id"].head(10)))
    places = places[~bad].drop_duplicates("id")
    matches = match_cities(places, cities)
    to_city = dict(zip(matches["source_id"], matches["city_id"]))
    by_method = matches["method"].value_counts().to_dict()
    report.append(f"{len(matches)} places matched to dataset cities ("
                  + ", ".join(f"{n} by {m}" for m, n in by_method.items()) + ")")
    own = places[~places["id"].isin(to_city)]
    layer_cities = pd.DataFrame({
        "city_id": own["id"], "name": own["name"], "alt_names": "", "country": own["country"],
        "admin1": "", "lat": own["lat"].round(5), "lon": own["lon"].round(5), "population": "",
    }, columns=list(schema.CITY_COLUMNS)).sort_values(["country", "name", "city_id"])
    known = set(places["id"])
    rows, seen, dropped = [], set(), {"unknown place": 0, "self-link after matching": 0,
                                      "duplicate after matching": 0}
    for a, b, est, end, ref in zip(statements["a"], statements["b"], statements["established"],
                                   statements["ended"], statements["reference"]):
        if a not in known or b not in known:
            dropped["unknown place"] += 1
            continue
        a, b = to_city.get(a, a), to_city.get(b, b)
        if a == b:
            dropped["self-link after matching"] += 1
            continue
        pair = schema.pair_key(a, b)
        if pair in seen:
            dropped["duplicate after matching"] += 1
            continue
        seen.add(pair)
        rows.append((*pair, est, end, ref))
    links = pd.DataFrame(rows, columns=list(schema.STATEMENT_COLUMNS)).sort_values(
        ["city_a_id", "city_b_id"], ignore_index=True)
    report += [f"{n} links dropped: {why}" for why, n in dropped.items() if n]
    report.append(f"layer: {len(links)} links, {len(layer_cities)} cities of its own")
    return Layer(key, layer_cities.reset_index(drop=True), links, matches, origin, report)


def write_layer(root: Path, layer: Layer) -> Path:
    """Write a layer into ``root/sources/<key>/`` (each file atomically)."""
    from sistermap.dataset import atomic_write_csv

    target = Path(root) / LAYERS_DIR / layer.key
    target.mkdir(parents=True, exist_ok=True)
    atomic_write_csv(target / LAYER_CITIES, layer.cities, schema.CITY_COLUMNS)
    atomic_write_csv(target / LAYER_MATCHES, layer.matches, MATCH_COLUMNS)
    atomic_write_csv(target / LAYER_LINKS, layer.links, schema.STATEMENT_COLUMNS)
    (target / LAYER_REPORT).write_text("\n".join(layer.report) + "\n", encoding="utf-8")
    return target


def build_wikidata(root: Path, fetched: Path | None = None) -> Layer:
    """The Wikidata layer of a dataset directory, from its snapshot or a fetch-wikidata run."""
    from sistermap import dataset

    base = dataset.from_rows(*dataset.read_tables(root)[:2], root=Path(root))
    if fetched is not None:
        places, links = read_fetched(Path(fetched))
        origin = f"fetch-wikidata output in {fetched}"
    else:
        places, links = read_snapshot(Path(root) / LAYERS_DIR / SNAPSHOT_DIR)
        origin = (f"{LAYERS_DIR}/{SNAPSHOT_DIR}/ (Wikidata, via bothness/twin-cities and "
                  "TidyTuesday 2026-05-12)")
    return build_layer("wikidata", places, links, base.cities, origin)


# --- loading: layers onto a dataset -------------------------------------------------------

def layer_dirs(root: Path | None) -> list[tuple[str, Path]]:
    if root is None:
        return []
    found = [(k, Path(root) / LAYERS_DIR / k) for k in LAYER_KEYS]
    return [(k, d) for k, d in found if (d / LAYER_LINKS).exists()]


def validate_layers(root: Path, city_ids: set[str]) -> list[schema.Problem]:
    """Every problem in the layers of a dataset directory (its own cities are ``city_ids``)."""
    from sistermap.dataset import read_csv_rows

    problems: list[schema.Problem] = []
    for _key, d in layer_dirs(root):
        cities = read_csv_rows(d / LAYER_CITIES)
        problems += schema.validate_cities(cities, str(d / LAYER_CITIES))
        ids = city_ids | {r.get("city_id", "").strip() for r in cities}
        problems += schema.validate_statements(read_csv_rows(d / LAYER_LINKS), ids,
                                               str(d / LAYER_LINKS))
    return problems


def attach_layers(ds, strict: bool = True):
    """The dataset with every layer of its directory merged in (see the module docstring)."""
    from sistermap import dataset

    layers = layer_dirs(ds.path)
    if not layers:
        return ds
    cities, links, problems = ds.cities.drop(columns="degree"), ds.partnerships, list(ds.problems)
    for key, d in layers:
        city_rows = dataset.read_csv_rows(d / LAYER_CITIES)
        city_problems = schema.validate_cities(city_rows, str(d / LAYER_CITIES))
        bad = {p.row for p in city_problems}
        new = [r for i, r in enumerate(city_rows, 1)
               if i not in bad and r["city_id"].strip() not in cities.index]
        layer_cities = dataset.build_cities(pd.DataFrame(new, columns=list(schema.CITY_COLUMNS)))
        cities = pd.concat([cities, layer_cities])
        link_rows = dataset.read_csv_rows(d / LAYER_LINKS)
        link_problems = schema.validate_statements(link_rows, set(cities.index),
                                                   str(d / LAYER_LINKS))
        problems += city_problems + link_problems
        if problems and strict:
            raise dataset.DatasetError(problems)
        bad = {p.row for p in link_problems}
        good = [r for i, r in enumerate(link_rows, 1) if i not in bad]
        links = merge_statements(links, pd.DataFrame(good, columns=list(
            schema.STATEMENT_COLUMNS)), key, cities)
    return dataset.Dataset(dataset._with_degree(cities, links), links, ds.path, problems)


def _year(text: object) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() else None


def merge_statements(links: pd.DataFrame, statements: pd.DataFrame, key: str,
                     cities: pd.DataFrame) -> pd.DataFrame:
    """Add one source's statements: corroborate links already listed, add the others.

    A link already listed keeps its fields (the dataset's own source wins); a year the new
    source states differently, or states where the link has none, goes into
    ``source_notes``. A new link gets only what the source states.
    """
    from sistermap import dataset

    links = links.copy()
    row_of = {schema.pair_key(a, b): i for i, (a, b) in
              enumerate(zip(links["city_a_id"].tolist(), links["city_b_id"].tolist()))}
    sources, notes = links["sources"].tolist(), links["source_notes"].tolist()
    disagrees = links["year_disagrees"].to_numpy().copy()
    established, ended = links["established"].tolist(), links["ended"].tolist()
    label = MARKS.get(key, key)
    fresh = []
    for a, b, est, end, ref in zip(*(statements[c].tolist() for c in schema.STATEMENT_COLUMNS)):
        i = row_of.get(schema.pair_key(a, b))
        if i is None:
            fresh.append((a, b, est, end, ref))
            continue
        if key not in sources[i]:
            sources[i] = (*sources[i], key)
        said = []
        for name, value, mine in (("established", _year(est), established[i]),
                                  ("ended", _year(end), ended[i])):
            if value is None or (not pd.isna(mine) and int(mine) == value):
                continue
            shown = "unknown" if pd.isna(mine) else int(mine)
            said.append(f"{label} states {name} {value} (shown: {shown})")
            if name == "established" and not pd.isna(mine):
                disagrees[i] = True
        if said:
            notes[i] = "; ".join([n for n in (notes[i], *said) if n])
    links["sources"], links["source_notes"], links["year_disagrees"] = sources, notes, disagrees
    links["n_sources"] = [len(s) for s in sources]
    links["source_mark"] = [mark(s) for s in sources]
    if not fresh:
        return links
    frame = pd.DataFrame(fresh, columns=["city_a_id", "city_b_id", "established", "ended",
                                         "source"])
    frame["established_date"] = frame["established"]
    frame["status"] = np.where(frame["ended"].str.strip() != "", "ended", "unknown")
    frame["kind"] = frame["focus_areas"] = frame["note"] = ""
    frame["source"] = frame["source"].where(frame["source"] != "", label)
    added = mark_base(dataset.build_partnerships(
        frame.reindex(columns=list(schema.PARTNERSHIP_COLUMNS)), cities), key)
    return pd.concat([links, added], ignore_index=True)


# --- corroboration figures ----------------------------------------------------------------

def overlap(partnerships: pd.DataFrame) -> dict:
    """Per source and between sources: what ``stats`` reports and the note quotes."""
    p = partnerships
    if "sources" not in p:
        return {}
    keys = [k for k in SOURCES if any(k in s for s in p["sources"])]
    per_source = {}
    for k in keys:
        mine = p[[k in s for s in p["sources"]]]
        ends = pd.concat([mine["city_a_id"], mine["city_b_id"]])
        per_source[k] = {"partnerships": int(len(mine)), "cities": int(ends.nunique()),
                         "only_this_source": int((mine["n_sources"] == 1).sum())}
    out: dict = {"by_source": per_source,
                 "by_corroboration": {int(n): int(c) for n, c in
                                      p["n_sources"].value_counts().sort_index().items()}}
    if "reviewed" in keys and "wikidata" in keys:
        reviewed = p[["reviewed" in s for s in p["sources"]]]
        confirmed = reviewed[["wikidata" in s for s in reviewed["sources"]]]
        out["reviewed_vs_wikidata"] = {
            "reviewed": int(len(reviewed)),
            "confirmed_by_wikidata": int(len(confirmed)),
            "not_in_wikidata": int(len(reviewed) - len(confirmed)),
            "wikidata_only": int(sum(s == ("wikidata",) for s in p["sources"])),
            "years_disagree": int(confirmed["year_disagrees"].sum()),
            "wikidata_states_a_year": int(p["source_notes"].str.contains(
                "Wikidata states established").sum()
                + (p["established"].notna() & p["sources"].map(lambda s: s == ("wikidata",)))
                .sum()),
            "confirmed_pct": round(100 * len(confirmed) / len(reviewed), 1)
            if len(reviewed) else 0.0,
        }
    return out


def overlap_lines(o: dict) -> list[str]:
    """``overlap`` as the lines ``python -m sistermap stats`` prints."""
    if not o:
        return []
    lines = ["", "sources:"]
    for key, n in o["by_source"].items():
        lines.append(f"  {SOURCES[key].mark:<20} {n['partnerships']:>6} partnerships "
                     f"{n['cities']:>6} cities  ({n['only_this_source']} listed by it alone)")
    lines.append("  listed by " + ", ".join(f"{k} source(s): {n}"
                                            for k, n in o["by_corroboration"].items()))
    rw = o.get("reviewed_vs_wikidata")
    if rw:
        lines += [f"  reviewed links Wikidata confirms: {rw['confirmed_by_wikidata']} of "
                  f"{rw['reviewed']} ({rw['confirmed_pct']}%); not in Wikidata: "
                  f"{rw['not_in_wikidata']}; years that disagree: {rw['years_disagree']}"
                  + ("" if rw["wikidata_states_a_year"] else
                     " (this Wikidata source states no years)"),
                  f"  links only Wikidata lists: {rw['wikidata_only']}"]
    return lines


def city_sentence(table: pd.DataFrame) -> str:
    """What a city page says about where its partners come from (``stats.partner_table``)."""
    if "sources" not in table or table.empty:
        return ""
    marks = table["sources"].value_counts()
    both = int(table["n_sources"].gt(1).sum())
    parts = [f"**{len(table)} partner{'s' if len(table) != 1 else ''}**"]
    if both:
        parts.append(f"{both} listed by more than one source")
    for key, source in SOURCES.items():
        alone = int(marks.get(source.mark, 0))
        if not alone:
            continue
        if key == "wikidata":
            parts.append(f"{alone} listed by Wikidata only (no year, kind or focus known "
                         "unless Wikidata gives one)")
        elif key == "reviewed":
            others = " or ".join(MARKS[k] for k in SOURCES if k != "reviewed"
                                 and (table["sources"].str.contains(MARKS[k]).any()))
            elsewhere = f" (not in {others})" if others else ""
            parts.append(f"{alone} listed by the reviewed records only{elsewhere}")
        else:
            parts.append(f"{alone} listed by {source.mark} only")
    return parts[0] + (": " + "; ".join(parts[1:]) + "." if len(parts) > 1 else ".")


def counting_caption(partnerships: pd.DataFrame) -> str:
    """Which sources a chart counts, for the insights page."""
    if "sources" not in partnerships or partnerships.empty:
        return ""
    counts = partnerships["source_mark"].value_counts()
    listed = "; ".join(f"{n:,} {m if ' + ' in m else m + ' only'}" for m, n in counts.items())
    return f"These charts count {len(partnerships):,} partnerships by source: {listed}."
