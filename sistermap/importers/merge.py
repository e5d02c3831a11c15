"""Merge an import into an existing dataset: idempotent, order-free, atomic.

``python -m sistermap import … --merge-into DIR`` lands here. The target must be valid
first; A–B and B–A are one partnership; existing records keep their fields unless the caller
asks to overwrite them with values the list actually stated; an imported city that is an
existing city under another id (Wikidata's Q64, the dataset's gn:2950159) takes the existing
id, by the one "same city" rule of ``places.citymatch``. Nothing is written when
nothing changed, so a second identical merge leaves the files byte for byte as they were,
and what is written goes through ``dataset.write`` (both tables swapped in as one change).
The target's exclusive lock is held from reading it to writing it, so concurrent merges
are applied one after the other and none is lost.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from sistermap import schema
from sistermap.importers.pipeline import (
    _ATTRS,
    ImportFailed,
    ImportResult,
    _sorted_cities,
    _sorted_links,
)
from sistermap.places import citymatch
from sistermap.store import dataset


def _existing(target: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    problems = dataset.validate(target)
    if problems:
        raise ImportFailed(f"{target} is not a valid dataset ({len(problems)} problem(s), the "
                           f"first: {problems[0]}); fix it before merging into it "
                           f"('python -m sistermap validate {target}' lists them all)")
    cities, links, _ = dataset.read_tables(target)
    return (pd.DataFrame(cities, columns=list(schema.CITY_COLUMNS), dtype=object).fillna(""),
            pd.DataFrame(links, columns=list(schema.PARTNERSHIP_COLUMNS),
                         dtype=object).fillna(""))


def merge_into(target_dir: str | os.PathLike[str], result: ImportResult,
               overwrite_fields: bool = False) -> dict:
    """Merge imported tables into an existing dataset; returns what happened.

    Idempotent: a pair already present (in either order) is left alone unless
    ``overwrite_fields``, in which case only the fields the import stated replace existing
    ones (defaults never overwrite). Nothing is written when nothing changed.
    """
    target = Path(target_dir)
    # The whole read-modify-write holds the target's lock: a second merge waits, then
    # re-reads the target and applies its list on top of the first one's result.
    with dataset.locked(target):
        return _merge_locked(target, result, overwrite_fields)


def _merge_locked(target: Path, result: ImportResult, overwrite_fields: bool) -> dict:
    if (target / dataset.CITIES_FILE).exists() or (target / dataset.PARTNERSHIPS_FILE).exists():
        old_cities, old_links = _existing(target)
    else:
        old_cities = pd.DataFrame(columns=list(schema.CITY_COLUMNS), dtype=object)
        old_links = pd.DataFrame(columns=list(schema.PARTNERSHIP_COLUMNS), dtype=object)
    remap = citymatch.crosswalk(old_cities, result.cities)
    stated = {schema.pair_key(remap.get(k[0], k[0]), remap.get(k[1], k[1])): v
              for k, v in result.stated.items()}
    new_cities = result.cities.copy()
    new_links = result.partnerships.copy()
    if remap:
        new_cities = new_cities[~new_cities["city_id"].isin(remap)]
        for col in ("city_a_id", "city_b_id"):
            new_links[col] = new_links[col].map(lambda c: remap.get(c, c))
    cities_by_id = {r["city_id"]: r for r in old_cities.to_dict("records")}
    cities_added = 0
    for row in new_cities.to_dict("records"):
        if row["city_id"] not in cities_by_id:
            cities_by_id[row["city_id"]] = row
            cities_added += 1
        elif overwrite_fields:
            cities_by_id[row["city_id"]].update({k: v for k, v in row.items() if v})
    links_by_key = {schema.pair_key(r["city_a_id"], r["city_b_id"]): r
                    for r in old_links.to_dict("records")}
    added = present = updated = 0
    for row in new_links.to_dict("records"):
        if row["city_a_id"] == row["city_b_id"]:
            continue
        key = schema.pair_key(row["city_a_id"], row["city_b_id"])
        old = links_by_key.get(key)
        if old is None:
            links_by_key[key] = row
            added += 1
            continue
        present += 1
        if overwrite_fields:
            fields = set(stated.get(key, set()))
            if row["note"]:
                fields.add("note")
            candidate = dict(old)
            for col in fields:
                if col in _ATTRS and row.get(col, "") != "":
                    candidate[col] = row[col]
                    if col == "established":
                        candidate["established_date"] = row["established_date"]
            if candidate != old and not schema.validate_partnerships(
                    [candidate], {candidate["city_a_id"], candidate["city_b_id"]}):
                links_by_key[key] = candidate
                updated += 1
    cities = _sorted_cities(pd.DataFrame(list(cities_by_id.values()),
                                         columns=list(schema.CITY_COLUMNS), dtype=object))
    links = _sorted_links(pd.DataFrame(list(links_by_key.values()),
                                       columns=list(schema.PARTNERSHIP_COLUMNS), dtype=object))
    written = bool(added or updated or cities_added)
    if overwrite_fields and not written:
        written = not cities.equals(_sorted_cities(old_cities))
    if written:
        dataset.write(target, cities, links)
    return {"target": str(target), "existing": len(old_links), "added": added,
            "already_present": present, "updated": updated, "cities_added": cities_added,
            "ids_matched_to_existing": len(remap), "written": written}


# --- progress ---------------------------------------------------------------------------

