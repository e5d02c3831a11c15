"""Build the Wikidata layer (``data/sources/wikidata/``) from the shipped snapshot or a fetch.

The source's places are matched onto the dataset's cities by the one "same city" rule
(``places/citymatch.py``); its links are restated on the matched ids; what it does not state
(kind, focus, status) stays empty. ``store/layers.py`` merges the written layer on load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sistermap import schema
from sistermap.places import citymatch
from sistermap.sources import (
    LAYER_CITIES,
    LAYER_LINKS,
    LAYER_MATCHES,
    LAYER_REPORT,
    LAYERS_DIR,
    SNAPSHOT_DIR,
    WIKIDATA_ITEM,
)
from sistermap.store import dataset
from sistermap.store.dataset import atomic_write_csv, read_csv_rows


@dataclass
class Layer:
    """A source layer ready to write: its own cities, its statements, the matches."""

    key: str
    cities: pd.DataFrame  # schema.CITY_COLUMNS
    links: pd.DataFrame  # schema.STATEMENT_COLUMNS
    matches: pd.DataFrame  # citymatch.MATCH_COLUMNS
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
    matches = citymatch.match_cities(places, cities)
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
    target = Path(root) / LAYERS_DIR / layer.key
    target.mkdir(parents=True, exist_ok=True)
    atomic_write_csv(target / LAYER_CITIES, layer.cities, schema.CITY_COLUMNS)
    atomic_write_csv(target / LAYER_MATCHES, layer.matches, citymatch.MATCH_COLUMNS)
    atomic_write_csv(target / LAYER_LINKS, layer.links, schema.STATEMENT_COLUMNS)
    (target / LAYER_REPORT).write_text("\n".join(layer.report) + "\n", encoding="utf-8")
    return target


def build_wikidata(root: Path, fetched: Path | None = None) -> Layer:
    """The Wikidata layer of a dataset directory, from its snapshot or a fetch-wikidata run."""
    base = dataset.from_rows(*dataset.read_tables(root)[:2], root=Path(root))
    if fetched is not None:
        places, links = read_fetched(Path(fetched))
        origin = f"fetch-wikidata output in {fetched}"
    else:
        places, links = read_snapshot(Path(root) / LAYERS_DIR / SNAPSHOT_DIR)
        origin = (f"{LAYERS_DIR}/{SNAPSHOT_DIR}/ (Wikidata, via bothness/twin-cities and "
                  "TidyTuesday 2026-05-12)")
    return build_layer("wikidata", places, links, base.cities, origin)
