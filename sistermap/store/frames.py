"""The dataset in memory: typed tables of cities (points) and partnerships (lines).

Every derived column is added here, once: regions from the country code, folded search
names, era and date precision, both ends' names and places, each city's partner count, and
the provenance columns (``sources``, ``n_sources``, ``source_mark``, ``source_notes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sistermap import regions, schema
from sistermap.names import fold
from sistermap.sources import MARKS, mark


@dataclass(frozen=True)
class Dataset:
    """Cities as points and partnerships as lines (EPSG:4326), plus what was rejected."""

    cities: pd.DataFrame  # a GeoDataFrame indexed by city_id
    partnerships: pd.DataFrame  # a GeoDataFrame, one row per partnership
    path: Path | None = None
    problems: list[schema.Problem] = field(default_factory=list)


def build_cities(frame: pd.DataFrame):
    """Typed city table with derived region columns and a folded search key."""
    import geopandas as gpd

    df = frame.copy()
    for col in ("city_id", "name", "alt_names", "country", "admin1"):
        df[col] = df[col].fillna("").astype(str).str.strip()
    df["lat"] = pd.to_numeric(df["lat"]).astype(float)
    df["lon"] = pd.to_numeric(df["lon"]).astype(float)
    df["population"] = pd.to_numeric(df["population"].replace("", None)).astype("Int64")
    df["country_name"] = df["country"].map(regions.country_name)
    df["continent"] = df["country"].map(regions.continent)
    df["subregion"] = df["country"].map(regions.subregion)
    df["search_names"] = [
        tuple(dict.fromkeys(fold(n) for n in [name, *schema.split_list(alts)] if fold(n)))
        for name, alts in zip(df["name"], df["alt_names"])
    ]
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326").set_index(
        "city_id", drop=False
    )


def build_partnerships(frame: pd.DataFrame, cities: pd.DataFrame):
    """One row per partnership with both ends' names, places and regions joined in."""
    import geopandas as gpd
    from shapely import linestrings

    df = frame.copy()
    for col in ("city_a_id", "city_b_id", "kind", "status", "established_date", "source", "note"):
        df[col] = df[col].fillna("").astype(str).str.strip()
    for col in ("established", "ended"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    df["focus"] = [tuple(schema.split_list(v)) for v in df["focus_areas"]]
    df["focus_areas"] = [schema.LIST_SEP.join(v) for v in df["focus"]]
    df["kinds"] = [tuple(schema.split_list(v)) for v in df["kind"]]
    df["kind"] = [schema.LIST_SEP.join(v) for v in df["kinds"]]
    df["era"] = [schema.era_of(None if pd.isna(y) else int(y)) for y in df["established"]]
    df["date_precision"] = [schema.date_precision(d) or "" for d in df["established_date"]]
    df.loc[df["date_precision"].eq("") & df["established"].notna(), "date_precision"] = "year"
    for side in ("a", "b"):
        ends = cities.loc[df[f"city_{side}_id"]]
        for col, src in (("city", "name"), ("country", "country"), ("lat", "lat"),
                         ("lon", "lon"), ("continent", "continent"), ("subregion", "subregion"),
                         ("country_name", "country_name")):
            df[f"{col}_{side}"] = ends[src].to_numpy()
    df.insert(0, "pair_id", [f"{a}~{b}" for a, b in zip(df["city_a_id"], df["city_b_id"])])
    coords = [[(la, pa), (lb, pb)] for la, pa, lb, pb in
              zip(df["lon_a"], df["lat_a"], df["lon_b"], df["lat_b"])]
    geometry = linestrings(coords) if coords else []
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326").reset_index(drop=True)


def with_degree(cities: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Partner count per city, used to size markers and rank cities."""
    cities = cities.copy()
    counts = partner_counts(partnerships)
    cities["degree"] = counts.reindex(cities.index).fillna(0).astype(int)
    return cities


def endpoint_cities(partnerships: pd.DataFrame) -> pd.Series:
    """Every end of every link: a city appears once per partnership it is in."""
    return pd.concat([partnerships["city_a_id"], partnerships["city_b_id"]], ignore_index=True)


def partner_counts(partnerships: pd.DataFrame) -> pd.Series:
    """Partners per city id: the one count behind marker sizes, rankings and "N partners"."""
    return endpoint_cities(partnerships).value_counts()


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
