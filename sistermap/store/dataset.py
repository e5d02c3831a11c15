"""Load a dataset directory (or rows in memory) into GeoDataFrames: the store's public face.

The loader validates before it builds anything, so the app and every command see either a
clean dataset or a list of row-level problems; with ``strict=False`` invalid rows are dropped
and the problems are kept on the dataset for the app to show, so one bad row never hides the
map. Reading and writing files is ``store/files.py``, the typed tables ``store/frames.py``,
other sources' layers ``store/layers.py``; their public names are imported here so callers
write ``dataset.load``, ``dataset.write``, ``dataset.DatasetError``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from sistermap import schema
from sistermap.sources import base_source
from sistermap.store import frames, layers
from sistermap.store.files import (  # noqa: F401  (the store's public names)
    CITIES_FILE,
    DATA_ENV,
    DEFAULT_DIR,
    PARTNERSHIPS_FILE,
    TABLE_FILES,
    DatasetBusy,
    DatasetError,
    atomic_write_bytes,
    atomic_write_csv,
    locked,
    mode_for,
    read_csv_rows,
    read_tables,
    resolve_dir,
    write,
)
from sistermap.store.frames import (  # noqa: F401
    Dataset,
    build_cities,
    build_partnerships,
    with_degree,
)


def validate(path: str | os.PathLike[str] | None = None) -> list[schema.Problem]:
    """Every problem in a dataset directory, with file and row; empty means valid."""
    try:
        cities, partnerships, root = read_tables(path)
    except DatasetError as exc:
        return exc.problems
    problems = schema.validate_cities(cities, str(root / CITIES_FILE))
    city_ids = {str(r.get("city_id", "")).strip() for r in cities}
    problems += schema.validate_partnerships(partnerships, city_ids, str(root / PARTNERSHIPS_FILE))
    return problems + layers.validate_layers(root, city_ids)


def load(path: str | os.PathLike[str] | None = None, strict: bool = True) -> Dataset:
    """Load and validate a dataset directory into GeoDataFrames.

    strict=True raises DatasetError on any problem (for commands and tests); strict=False
    drops the offending rows and keeps the problems (for the app, which must still draw).
    """
    cities_rows, link_rows, root = read_tables(path)
    return layers.attach_layers(from_rows(cities_rows, link_rows, root, strict), strict)


def from_rows(cities_rows: list[dict], link_rows: list[dict], root: Path | None = None,
              strict: bool = True, source: str | None = None) -> Dataset:
    """Validate and build a dataset from rows already in memory (e.g. an upload).

    ``source`` names where the rows come from (``sources.SOURCES``); by default the
    directory's own source (reviewed, or imported for what ``import`` wrote).
    """
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
    partnerships = frames.mark_base(partnerships, source or base_source(root))
    cities = with_degree(cities, partnerships)
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
    cities = pd.concat([first.cities, second.cities[~second.cities.index.isin(
        first.cities.index)]])
    keys = {schema.pair_key(a, b) for a, b in zip(first.partnerships["city_a_id"],
                                                   first.partnerships["city_b_id"])}
    extra = second.partnerships[[schema.pair_key(a, b) not in keys for a, b in zip(
        second.partnerships["city_a_id"], second.partnerships["city_b_id"])]]
    links = pd.concat([frames.with_sources_of(first.partnerships, second.partnerships), extra],
                      ignore_index=True)
    return Dataset(with_degree(cities, links), links, None, first.problems + second.problems)
