"""Other sources beside a dataset's own tables: the layers in ``sources/<key>/``, merged on load.

A dataset directory's own tables are one source: the curated review for ``data/``, an
imported list for a directory written by ``import``. Other sources live beside them as
*layers* (today: ``sources/wikidata/``), built by ``python -m sistermap build-sources``
(``curation/wikidata_layer.py``):

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

from pathlib import Path

import numpy as np
import pandas as pd

from sistermap import schema
from sistermap.sources import (
    LAYER_CITIES,
    LAYER_DETAILS,
    LAYER_KEYS,
    LAYER_LINKS,
    LAYERS_DIR,
    MARKS,
    mark,
)
from sistermap.store import files, frames


def layer_dirs(root: Path | None) -> list[tuple[str, Path]]:
    if root is None:
        return []
    found = [(k, Path(root) / LAYERS_DIR / k) for k in LAYER_KEYS]
    return [(k, d) for k, d in found if (d / LAYER_LINKS).exists()]


def validate_layers(root: Path, city_ids: set[str]) -> list[schema.Problem]:
    """Every problem in the layers of a dataset directory (its own cities are ``city_ids``)."""
    problems: list[schema.Problem] = []
    for _key, d in layer_dirs(root):
        cities = files.read_csv_rows(d / LAYER_CITIES)
        problems += schema.validate_cities(cities, str(d / LAYER_CITIES))
        ids = city_ids | {r.get("city_id", "").strip() for r in cities}
        problems += schema.validate_statements(files.read_csv_rows(d / LAYER_LINKS), ids,
                                               str(d / LAYER_LINKS))
    return problems


def attach_layers(ds, strict: bool = True):
    """The dataset with every layer of its directory merged in (see the module docstring)."""
    layers = layer_dirs(ds.path)
    if not layers:
        return ds
    cities, links, problems = ds.cities.drop(columns="degree"), ds.partnerships, list(ds.problems)
    for key, d in layers:
        city_rows = files.read_csv_rows(d / LAYER_CITIES)
        city_problems = schema.validate_cities(city_rows, str(d / LAYER_CITIES))
        bad = {p.row for p in city_problems}
        new = [r for i, r in enumerate(city_rows, 1)
               if i not in bad and r["city_id"].strip() not in cities.index]
        layer_cities = frames.build_cities(pd.DataFrame(new, columns=list(schema.CITY_COLUMNS)))
        cities = pd.concat([cities, layer_cities])
        link_rows = files.read_csv_rows(d / LAYER_LINKS)
        link_problems = schema.validate_statements(link_rows, set(cities.index),
                                                   str(d / LAYER_LINKS))
        problems += city_problems + link_problems
        if problems and strict:
            raise files.DatasetError(problems)
        bad = {p.row for p in link_problems}
        good = [r for i, r in enumerate(link_rows, 1) if i not in bad]
        details = [c for c in LAYER_DETAILS if link_rows and c in link_rows[0]]
        links = merge_statements(links, pd.DataFrame(good, columns=[
            *schema.STATEMENT_COLUMNS, *details]), key, cities)
    return frames.Dataset(frames.with_degree(cities, links), links, ds.path, problems)


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
    links = links.copy()
    row_of = {schema.pair_key(a, b): i for i, (a, b) in
              enumerate(zip(links["city_a_id"].tolist(), links["city_b_id"].tolist()))}
    sources, notes = links["sources"].tolist(), links["source_notes"].tolist()
    disagrees = links["year_disagrees"].to_numpy().copy()
    established, ended = links["established"].tolist(), links["ended"].tolist()
    label = MARKS.get(key, key)
    fresh, fresh_rows = [], []
    for n, (a, b, est, end, ref) in enumerate(zip(*(statements[c].tolist()
                                                    for c in schema.STATEMENT_COLUMNS))):
        i = row_of.get(schema.pair_key(a, b))
        if i is None:
            fresh.append((a, b, est, end, ref))
            fresh_rows.append(n)
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
    # A layer that states more about a link (the contributed one: kind, status, focus,
    # note) gives it to links no other source lists; values outside the vocabularies drop.
    for col, allowed in (("kind", schema.KINDS), ("status", schema.STATUSES),
                         ("focus_areas", None), ("note", None)):
        if col in statements:
            stated = statements[col].iloc[fresh_rows].fillna("").astype(str).str.strip()
            stated = stated.reset_index(drop=True)
            if allowed is not None:
                stated = stated.where(stated.isin(list(allowed)), "")
            elif col == "focus_areas":
                stated = stated.map(lambda v: schema.LIST_SEP.join(
                    f for f in schema.split_list(v) if f in schema.FOCUS_AREAS))
            frame[col] = stated.where(stated != "", frame[col])
    frame["source"] = frame["source"].where(frame["source"] != "", label)
    added = frames.mark_base(frames.build_partnerships(
        frame.reindex(columns=list(schema.PARTNERSHIP_COLUMNS)), cities), key)
    return pd.concat([links, added], ignore_index=True)
