"""Read a dataset directory into GeoDataFrames, and write one atomically.

A dataset directory holds ``cities.csv`` and ``partnerships.csv`` (see data/README.md). The
loader validates before it builds anything, so the app and every command see either a clean
dataset or a list of row-level problems; with ``strict=False`` invalid rows are dropped and
the problems are kept on the dataset for the app to show, so one bad row never hides the map.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sistermap import regions, schema
from sistermap.text import fold

#: Environment variable that points the app and the commands at another dataset directory.
DATA_ENV = "SISTERMAP_DATA"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data"
CITIES_FILE = "cities.csv"
PARTNERSHIPS_FILE = "partnerships.csv"


class DatasetError(Exception):
    """The dataset cannot be used; ``problems`` says where and why, row by row."""

    def __init__(self, problems: list[schema.Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in dataset:\n{shown}{more}")


@dataclass(frozen=True)
class Dataset:
    """Cities as points and partnerships as lines (EPSG:4326), plus what was rejected."""

    cities: pd.DataFrame  # a GeoDataFrame indexed by city_id
    partnerships: pd.DataFrame  # a GeoDataFrame, one row per partnership
    path: Path | None = None
    problems: list[schema.Problem] = field(default_factory=list)


def resolve_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The directory to load: the argument, else $SISTERMAP_DATA, else the shipped data/."""
    if path:
        return Path(path)
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env) if env else DEFAULT_DIR


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """All rows as strings; nothing is parsed as NaN (``NA`` is Namibia)."""
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_tables(path: str | os.PathLike[str] | None = None) -> tuple[list[dict], list[dict], Path]:
    """Raw rows of both tables, or DatasetError when a file is missing or unreadable."""
    root = resolve_dir(path)
    tables = []
    for name, columns in ((CITIES_FILE, schema.CITY_COLUMNS),
                          (PARTNERSHIPS_FILE, schema.PARTNERSHIP_COLUMNS)):
        file = root / name
        try:
            rows = read_csv_rows(file)
        except FileNotFoundError:
            raise DatasetError([schema.Problem(str(file), 0, "", "file not found")]) from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise DatasetError([schema.Problem(str(file), 0, "", f"unreadable: {exc}")]) from None
        header = set(rows[0]) if rows else _header(file)
        missing = [c for c in columns if c not in header]
        if missing:
            raise DatasetError(
                [schema.Problem(str(file), 0, "", f"missing column(s): {', '.join(missing)}")]
            )
        tables.append(rows)
    return tables[0], tables[1], root


def _header(file: Path) -> set[str]:
    first = file.read_text(encoding="utf-8-sig").splitlines()[:1]
    return set(next(csv.reader(first), [])) if first else set()


def validate(path: str | os.PathLike[str] | None = None) -> list[schema.Problem]:
    """Every problem in a dataset directory, with file and row; empty means valid."""
    try:
        cities, partnerships, root = read_tables(path)
    except DatasetError as exc:
        return exc.problems
    problems = schema.validate_cities(cities, str(root / CITIES_FILE))
    city_ids = {str(r.get("city_id", "")).strip() for r in cities}
    problems += schema.validate_partnerships(partnerships, city_ids, str(root / PARTNERSHIPS_FILE))
    from sistermap import sources

    return problems + sources.validate_layers(root, city_ids)


def load(path: str | os.PathLike[str] | None = None, strict: bool = True) -> Dataset:
    """Load and validate a dataset directory into GeoDataFrames.

    strict=True raises DatasetError on any problem (for commands and tests); strict=False
    drops the offending rows and keeps the problems (for the app, which must still draw).
    """
    from sistermap import sources

    cities_rows, link_rows, root = read_tables(path)
    return sources.attach_layers(from_rows(cities_rows, link_rows, root, strict), strict)


def from_rows(cities_rows: list[dict], link_rows: list[dict], root: Path | None = None,
              strict: bool = True, source: str | None = None) -> Dataset:
    """Validate and build a dataset from rows already in memory (e.g. an upload).

    ``source`` names where the rows come from (``sources.SOURCES``); by default the
    directory's own source (reviewed, or imported for what ``import`` wrote).
    """
    from sistermap import sources

    where = root or Path("<memory>")
    city_problems = schema.validate_cities(cities_rows, str(where / CITIES_FILE))
    bad_city_rows = {p.row for p in city_problems}
    good_cities = [r for i, r in enumerate(cities_rows, 1) if i not in bad_city_rows]
    city_ids = {str(r["city_id"]).strip() for r in good_cities}
    link_problems = schema.validate_partnerships(
        link_rows, city_ids, str(where / PARTNERSHIPS_FILE)
    )
    problems = city_problems + link_problems
    if problems and strict:
        raise DatasetError(problems)
    bad_link_rows = {p.row for p in link_problems}
    good_links = [r for i, r in enumerate(link_rows, 1) if i not in bad_link_rows]
    cities = build_cities(pd.DataFrame(good_cities, columns=list(schema.CITY_COLUMNS)))
    partnerships = build_partnerships(
        pd.DataFrame(good_links, columns=list(schema.PARTNERSHIP_COLUMNS)), cities
    )
    partnerships = sources.mark_base(partnerships, source or sources.base_source(root))
    cities = _with_degree(cities, partnerships)
    return Dataset(cities, partnerships, root, problems)


def from_frames(cities: pd.DataFrame, partnerships: pd.DataFrame, strict: bool = False
                ) -> Dataset:
    """A dataset from two tables in the file format (all strings), e.g. an import result."""
    def rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
        table = frame.reindex(columns=list(columns)).fillna("").astype(str)
        return table.to_dict(orient="records")

    return from_rows(rows(cities, schema.CITY_COLUMNS),
                     rows(partnerships, schema.PARTNERSHIP_COLUMNS), None, strict, "imported")


def combine(first: Dataset, second: Dataset) -> Dataset:
    """Both datasets in one view; a partnership in both is shown once (the first's record),
    listing the sources of both."""
    from sistermap import sources

    cities = pd.concat([first.cities, second.cities[~second.cities.index.isin(
        first.cities.index)]])
    keys = {schema.pair_key(a, b) for a, b in zip(first.partnerships["city_a_id"],
                                                   first.partnerships["city_b_id"])}
    extra = second.partnerships[[schema.pair_key(a, b) not in keys for a, b in zip(
        second.partnerships["city_a_id"], second.partnerships["city_b_id"])]]
    links = pd.concat([sources.with_sources_of(first.partnerships, second.partnerships), extra],
                      ignore_index=True)
    return Dataset(_with_degree(cities, links), links, None, first.problems + second.problems)


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


def _with_degree(cities: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Partner count per city, used to size markers and rank cities."""
    from sistermap.stats import partner_counts

    cities = cities.copy()
    counts = partner_counts(partnerships)
    cities["degree"] = counts.reindex(cities.index).fillna(0).astype(int)
    return cities


def write(path: str | os.PathLike[str], cities: pd.DataFrame, partnerships: pd.DataFrame) -> None:
    """Write both tables atomically: each file is replaced whole or not at all.

    Files are written to temporary names in the target directory, flushed to disk, then
    renamed over the old ones, so a crash or Ctrl-C leaves the previous version readable.
    Partnerships are written last, after the cities they refer to exist.
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    atomic_write_csv(root / CITIES_FILE, cities, schema.CITY_COLUMNS)
    atomic_write_csv(root / PARTNERSHIPS_FILE, partnerships, schema.PARTNERSHIP_COLUMNS)


def atomic_write_csv(target: Path, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Write one CSV via a temporary file and an atomic rename."""
    out = pd.DataFrame(frame).reset_index(drop=True)
    out = out.reindex(columns=list(columns))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            out.to_csv(handle, index=False, lineterminator="\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
