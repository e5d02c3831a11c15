"""Build the shipped dataset from the hand-curated files in data/curation/.

Curators write city names with GeoNames ids; this module looks every id up in the offline
gazetteer, so coordinates, populations and alternate names are never typed by hand. Pairs
listed in more than one regional file are merged; when two curators disagree on a year the
year is dropped rather than guessed, and every such conflict is reported.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sistermap import schema, sources
from sistermap.curation import wikidata_layer
from sistermap.places import gazetteer as gz
from sistermap.places.altnames import alt_names
from sistermap.store import dataset

CURATION_COLUMNS = (
    "city_a", "country_a", "geonameid_a", "city_b", "country_b", "geonameid_b", "kind",
    "established", "established_date", "ended", "status", "focus_areas", "source", "note",
)


@dataclass
class BuildReport:
    files: int = 0
    rows: int = 0
    merged: int = 0
    conflicts: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # source layers rebuilt after the build

    def lines(self) -> list[str]:
        head = [f"files read: {self.files}", f"rows read: {self.rows}",
                f"duplicates merged: {self.merged}", f"conflicts: {len(self.conflicts)}",
                f"rows rejected: {len(self.rejected)}"]
        return head + [f"  conflict: {c}" for c in self.conflicts] + [
            f"  rejected: {r}" for r in self.rejected] + self.layers


def read_curation(directory: Path, report: BuildReport) -> list[tuple[str, int, dict]]:
    rows = []
    for path in sorted(directory.glob("*.csv")):
        report.files += 1
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for i, row in enumerate(csv.DictReader(handle), start=1):
                rows.append((path.name, i, row))
    report.rows = len(rows)
    return rows


def _merge(kept: dict, new: dict, where: str, report: BuildReport) -> None:
    """Fold a second record of the same pair into the first, conservatively."""
    label = f"{kept['city_a']}–{kept['city_b']} ({where})"
    cleared = kept.setdefault("_cleared", set())
    for col in ("established", "ended"):
        a, b = kept[col], new[col]
        if col in cleared:
            continue
        if a and b and a != b:
            report.conflicts.append(f"{label}: {col} {a} vs {b}; left empty")
            kept[col] = ""
            cleared.add(col)
            if col == "established":
                kept["established_date"] = ""
        elif not a and b:
            kept[col] = b
            if col == "established":
                kept["established_date"] = new["established_date"]
    if kept["kind"] != new["kind"]:
        report.conflicts.append(f"{label}: kind {kept['kind']} vs {new['kind']}; kept the first")
    if kept["status"] != new["status"]:
        report.conflicts.append(f"{label}: status {kept['status']} vs {new['status']}; "
                                "set to unknown, end year dropped")
        kept["status"], kept["ended"] = "unknown", ""
        cleared.add("ended")
    focus = schema.split_list(kept["focus_areas"]) + schema.split_list(new["focus_areas"])
    kept["focus_areas"] = schema.LIST_SEP.join(dict.fromkeys(focus))
    notes = [n for n in (kept["note"].strip(), new["note"].strip()) if n]
    kept["note"] = " ".join(dict.fromkeys(notes))


def build(curation_dir: Path, gazetteer=None) -> tuple[pd.DataFrame, pd.DataFrame, BuildReport]:
    """Cities and partnerships tables from the curation files, plus what happened."""

    gaz = gazetteer or gz.load()
    report = BuildReport()
    pairs: dict[tuple[str, str], dict] = {}
    places = {}
    for file, i, row in read_curation(curation_dir, report):
        row = {k: (row.get(k) or "").strip() for k in CURATION_COLUMNS}
        ends = []
        for side in ("a", "b"):
            gid = row[f"geonameid_{side}"]
            place = gaz.by_id(int(gid)) if gid.isdigit() else None
            if place is None:
                report.rejected.append(f"{file}:{i}: GeoNames id {gid!r} for "
                                       f"{row[f'city_{side}']!r} not in the gazetteer")
                break
            if place.country != row[f"country_{side}"].upper():
                report.rejected.append(f"{file}:{i}: {row[f'city_{side}']} is in "
                                       f"{place.country}, not {row[f'country_{side}']}")
                break
            places.setdefault(place.city_id, (place, row[f"city_{side}"] or place.name))
            ends.append(place.city_id)
        if len(ends) < 2:
            continue
        key = schema.pair_key(*ends)
        if key in pairs:
            report.merged += 1
            _merge(pairs[key], row, f"{file}:{i}", report)
        else:
            pairs[key] = {**row, "city_a_id": ends[0], "city_b_id": ends[1]}
    cities = pd.DataFrame([
        {"city_id": p.city_id, "name": name, "alt_names": alt_names(p, display=name),
         "country": p.country, "admin1": p.admin1_name, "lat": round(p.lat, 5),
         "lon": round(p.lon, 5), "population": p.population or ""}
        for p, name in sorted(places.values(), key=lambda v: (v[0].country, v[1]))
    ], columns=list(schema.CITY_COLUMNS))
    links = pd.DataFrame(list(pairs.values())).reindex(columns=list(schema.PARTNERSHIP_COLUMNS))
    links = links.sort_values(["city_a_id", "city_b_id"]).reset_index(drop=True)
    return cities, links, report


def build_into(curation_dir: Path, out_dir: Path) -> BuildReport:
    """Build and write atomically; the caller validates the result.

    When the directory ships the Wikidata snapshot, its layer is rebuilt too: the layer's
    cities are matched onto the reviewed cities, so it must follow them.
    """
    cities, links, report = build(curation_dir)
    dataset.write(out_dir, cities, links)
    if (Path(out_dir) / sources.LAYERS_DIR / sources.SNAPSHOT_DIR).is_dir():
        layer = wikidata_layer.build_wikidata(Path(out_dir))
        wikidata_layer.write_layer(Path(out_dir), layer)
        report.layers += layer.report
    return report
