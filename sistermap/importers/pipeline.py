"""read -> records -> geocode -> dedupe -> dataset tables + report; merge into a dataset.

One pipeline serves the command line (files on disk, a progress bar, a report written next
to the output) and the app (bytes from an upload, nothing written, a size limit checked
before parsing). The output always passes ``sistermap validate``: every row that could not
be made valid is listed in the report with its file, row and reason instead.

Merging into an existing dataset keeps what is there: A–B and B–A are one partnership,
existing fields win unless ``overwrite_fields``, nothing is written when nothing changes
(so a second run leaves the same bytes), and files are replaced atomically by
``dataset.write``, so an interrupted merge leaves the previous data valid.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import pandas as pd

from sistermap import regions, schema
from sistermap.i18n import _
from sistermap.importers import (
    Defaults,
    PairRecord,
    PlaceRef,
    ReadResult,
    detect,
    nodes_links,
    pairs,
    textrows,
    wikidata,
)
from sistermap.places import altnames, citymatch
from sistermap.places.geocode import Geocoder, country_at, infer_country, unplaced_cause
from sistermap.safe_text import formula_safe
from sistermap.schema import Problem
from sistermap.store import dataset

#: Upload limits for the app (the command line has none). Bytes and rows are checked
#: before parsing; distinct places and CPU seconds bound the geocoding of one upload.
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # = Streamlit's server.maxUploadSize (MiB)
MAX_UPLOAD_ROWS = 100_000
MAX_UPLOAD_PLACES = 20_000
MAX_UPLOAD_SECONDS = 30.0
#: The command line reads a list of at most this many bytes per file (the largest real lists
#: are ~3 MB): an endless pipe or device such as /dev/zero ends with one clear line.
MAX_FILE_MB = 256
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
#: Rejected rows and warnings listed one by one in a report; beyond, counts by reason.
MAX_REPORT_ROWS = 1000
FORMATS = ("pairs", "nodes-links", "wikidata")
PLACES_COLUMNS = ("input_name", "input_country", "status", "city_id", "name", "country_code",
                  "lat", "lon", "method", "confidence", "reason", "candidates",
                  "input_region", "rows", "cause")
REPORT_JSON, REPORT_TXT, PLACES_CSV = "import-report.json", "import-report.txt", "places.csv"
_ATTRS = ("kind", "status", "established", "established_date", "ended", "focus_areas",
          "source", "note")

Progress = Callable[[str, int, int], None]


class ImportFailed(ValueError):
    """The import cannot start (bad options, too large); the message is for the user."""


class TooLarge(ImportFailed):
    """Upload over the documented limit."""


@dataclass(frozen=True)
class Limits:
    """Bounds on one import's work; ``None`` means unbounded (the command line)."""

    bytes: int | None = MAX_UPLOAD_BYTES
    rows: int | None = MAX_UPLOAD_ROWS
    places: int | None = MAX_UPLOAD_PLACES  # distinct places geocoded
    seconds: float | None = MAX_UPLOAD_SECONDS  # CPU time of this thread spent geocoding


@dataclass
class Budget:
    """What geocoding may spend, and why it stopped early (empty: it did not)."""

    places: int | None = None
    seconds: float | None = None
    stopped: str = ""
    tried: int = 0


@dataclass
class ImportOptions:
    """Everything that changes how a list is read; defaults suit an unknown list."""

    format: str | None = None  # None = detect from content
    mapping: dict[str, str] | str | None = None  # role -> header, e.g. city_a=Stadt
    home_city: str = ""
    home_country: str = ""
    defaults: Defaults = field(default_factory=Defaults)
    use_coordinates: bool = True  # pass input coordinates to the geocoder as evidence
    progress: Progress | None = None
    limits: Limits | None = None  # None: unbounded (the command line); uploads: Limits()


@dataclass
class PlaceOutcome:
    """The geocoding result for one distinct input place, as places.csv shows it."""

    ref: PlaceRef
    status: str
    city_id: str = ""
    name: str = ""
    country: str = ""
    admin1: str = ""
    alt_names: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    method: str = ""
    confidence: float = 0.0
    reason: str = ""
    candidates: str = ""
    rows: int = 0


@dataclass
class ImportResult:
    """Dataset tables (dataset column format, all strings), places table and report."""

    cities: pd.DataFrame
    partnerships: pd.DataFrame
    places: pd.DataFrame
    report: dict
    #: Fields each pair's input stated explicitly (not defaulted), by order-free key.
    stated: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        """The short summary printed at the end of an import."""
        r = self.report
        p = r["places"]
        lines = [
            f"files: {len(r['files'])}, rows read: {r['rows_read']}",
            f"partnerships imported: {r['partnerships_imported']} "
            f"(duplicates merged: {r['duplicates_merged']})",
            f"rows rejected: {r['rows_rejected']}",
            f"places: {p['distinct']} distinct, {p['resolved']} resolved, "
            f"{p['ambiguous']} ambiguous, {p['unresolved']} unresolved "
            f"({p['resolved_pct']}% resolved)",
            f"cities in output: {len(self.cities)}",
        ]
        causes = p.get("unplaced_by_cause") or {}
        if causes:
            lines.insert(4, _("places not placed, by cause: {causes}").format(
                causes="; ".join(f"{n} {cause}" for cause, n in causes.items())))
        if r.get("geocoding_stopped"):
            lines.append(f"geocoding {r['geocoding_stopped']}; rows with places not tried "
                         "were rejected: split the list, or import it with the command line")
        if "merge" in r:
            m = r["merge"]
            lines.append(f"merge into {m['target']}: {m['added']} added, "
                         f"{m['already_present']} already present, {m['updated']} updated, "
                         f"{m['cities_added']} cities added"
                         + ("" if m["written"] else " (nothing changed, not rewritten)"))
        return lines


@dataclass(frozen=True)
class UploadSummary:
    """What the import page keeps of an upload in the session: the report, not the bulk.

    The dataset itself is kept once (as the session's dataset); the raw bytes, the
    records and the import tables are dropped, so a session holds about what it shows.
    """

    summary: tuple[str, ...]
    places: pd.DataFrame
    rejected: tuple[dict, ...]
    rows_rejected: int
    geocoding_stopped: str = ""

    @classmethod
    def of(cls, result: ImportResult) -> UploadSummary:
        r = result.report
        return cls(tuple(result.summary_lines()), result.places, tuple(r["rejected"]),
                   r["rows_rejected"], r.get("geocoding_stopped", ""))


# --- reading ----------------------------------------------------------------------------

def count_rows(data: bytes) -> int:
    """Lines as a CSV reader counts them (CR LF, LF and a bare CR), in 8- or 16-bit text."""
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    breaks -= data.count(b"\r\x00\n")  # UTF-16 CR LF (LE: 0d 00 0a 00, BE: 00 0d 00 0a)
    return breaks + (1 if data.rstrip(b"\x00") and not data.rstrip(b"\x00").endswith(
        (b"\n", b"\r")) else 0)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def check_limits(files: list[tuple[str, bytes]], max_bytes: int | None = MAX_UPLOAD_BYTES,
                 max_rows: int | None = MAX_UPLOAD_ROWS) -> None:
    """Refuse oversized uploads before parsing: total bytes, then rows (every line break)."""
    total = sum(len(data) for _, data in files)
    if max_bytes is not None and total > max_bytes:
        raise TooLarge(f"upload is {_mb(total)} MB; the limit is {max_bytes // (1024 * 1024)} "
                       "MB (use the command line, python -m sistermap import, for more)")
    if max_rows is None:
        return
    rows = sum(max(0, count_rows(data) - 1) for _, data in files)  # minus each header
    if rows > max_rows:
        raise TooLarge(f"upload has {rows:,} rows; the limit is {max_rows:,} rows (use the "
                       "command line, python -m sistermap import, for more)")


@dataclass
class Decoded:
    """A file's text, its encoding and the lines that needed the fallback encoding."""

    text: str | None
    encoding: str = ""
    error: Problem | None = None
    recoded: set[int] = field(default_factory=set)


def _decode(name: str, data: bytes) -> Decoded:
    """Decode by the bytes; a mostly-UTF-8 file keeps its UTF-8 lines (see textrows)."""
    try:
        text, enc = detect.decode(data)
    except detect.NotText as exc:
        return Decoded(None, "", Problem(name, 0, "", str(exc)))
    if enc in ("cp1252", "latin-1"):
        mixed = textrows.decode_by_line(data)
        if mixed is not None:
            text, recoded = mixed
            return Decoded(text, f"utf-8 ({len(recoded)} line(s) cp1252)", None, recoded)
    return Decoded(text, enc)


def read_inputs(files: list[tuple[str, bytes]], options: ImportOptions) -> list[ReadResult]:
    """Decode and read every file; node and link files are paired up across the inputs."""
    fmt = options.format
    if fmt and fmt not in FORMATS:
        raise ImportFailed(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    try:
        mapping = pairs.parse_mapping(options.mapping) if options.mapping else {}
    except pairs.ColumnError as exc:
        raise ImportFailed(str(exc)) from None
    results: list[ReadResult] = []
    node_files: list[tuple[str, str, str]] = []
    link_files: list[tuple[str, str, str]] = []
    for name, data in files:
        decoded = _decode(name, data)
        text, enc = decoded.text, decoded.encoding
        if decoded.error is not None or text is None:
            results.append(ReadResult(file=name, format="unreadable",
                                      errors=[decoded.error or Problem(name, 0, "", "unreadable")]))
            continue
        if not text.strip():
            results.append(ReadResult(file=name, format=fmt or "empty", encoding=enc,
                                      errors=[Problem(name, 0, "", "empty file")]))
            continue
        kind = fmt
        if kind is None:
            if textrows.looks_like_json(text):
                kind = "wikidata"  # the wikidata reader says what is wrong with other JSON
            else:
                first = next((ln for ln in text.splitlines() if ln.strip()), "")
                delim = detect.sniff_delimiter(text)
                header = next(iter(pairs.split_rows(first, delim)), [])
                table = detect.table_kind(header)
                kind = "nodes-links" if table in ("nodes", "links") else "pairs"
        if kind == "wikidata":
            results.append(wikidata.read(name, text, defaults=options.defaults, encoding=enc))
        elif kind == "nodes-links":
            first = next((ln for ln in text.splitlines() if ln.strip()), "")
            header = next(iter(pairs.split_rows(first, detect.sniff_delimiter(text))), [])
            target = link_files if detect.table_kind(header) == "links" else node_files
            target.append((name, text, enc))
        else:
            results.append(pairs.read(
                name, text, mapping=mapping, defaults=options.defaults,
                home_city=options.home_city, home_country=options.home_country, encoding=enc,
                recoded=decoded.recoded))
    if node_files or link_files:
        nodes: dict[str, PlaceRef] = {}
        for name, text, enc in node_files:
            found, res = nodes_links.read_nodes(name, text)
            res.encoding = enc
            for key, ref in found.items():
                nodes.setdefault(key, ref)
            results.append(res)
        if not link_files:
            results.append(ReadResult(file=node_files[0][0], format="nodes", errors=[
                Problem(node_files[0][0], 0, "", "a nodes file needs a links file "
                         "(source,target) in the same import")]))
        if link_files and not node_files:
            for name, _, _ in link_files:
                results.append(ReadResult(file=name, format="links", errors=[
                    Problem(name, 0, "", "a links file needs a nodes file (id,name,country,"
                             "lat,lon) in the same import")]))
        else:
            for name, text, enc in link_files:
                res = nodes_links.read_links(name, text, nodes, defaults=options.defaults)
                res.encoding = enc
                results.append(res)
    return results


# --- geocoding --------------------------------------------------------------------------

def _describe(place) -> str:
    region = f", {place.admin1_name}" if getattr(place, "admin1_name", "") else ""
    return f"{place.name}{region} ({place.country}, pop. {place.population}) {place.city_id}"


def geocode_places(refs: Iterable[PlaceRef], geocoder, use_coordinates: bool = True,
                   progress: Progress | None = None,
                   budget: Budget | None = None) -> dict[tuple, PlaceOutcome]:
    """One outcome per distinct PlaceRef key; the geocoder memoises repeated queries.

    With a ``budget``, geocoding stops after that many distinct places or CPU seconds;
    the places not tried are unresolved with the reason, and ``budget.stopped`` says why.
    """
    counts: dict[tuple, int] = {}
    first: dict[tuple, PlaceRef] = {}
    for ref in refs:
        key = ref.key()
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, ref)
    outcomes: dict[tuple, PlaceOutcome] = {}
    total = len(first)
    started = time.thread_time()
    for i, (key, ref) in enumerate(first.items(), start=1):
        if progress and (i % 250 == 0 or i == total):
            progress("geocode", i, total)
        lat = ref.lat if use_coordinates else None
        lon = ref.lon if use_coordinates else None
        out = PlaceOutcome(ref=ref, status="unresolved", rows=counts[key])
        if budget is not None and not budget.stopped:
            spent = time.thread_time() - started
            if budget.places is not None and i > budget.places:
                budget.stopped = (f"stopped after {budget.places:,} distinct places (the "
                                  f"upload limit), {total - budget.places:,} not tried")
            elif budget.seconds is not None and spent > budget.seconds:
                budget.stopped = (f"stopped after {spent:.0f} s of geocoding (the upload "
                                  f"limit) at {i - 1:,} of {total:,} distinct places")
        if budget is not None and budget.stopped:
            out.reason = f"not tried: geocoding {budget.stopped}"
            outcomes[key] = out
            continue
        if budget is not None:
            budget.tried = i
        cc = regions.country_code(ref.country) if ref.country else None
        if ref.qid and ref.lat is not None and ref.lon is not None and cc:
            out.status, out.city_id, out.name, out.country = "resolved", ref.qid, ref.name, cc
            out.lat, out.lon, out.population = ref.lat, ref.lon, ref.population
            out.method, out.confidence = "wikidata", 1.0
            outcomes[key] = out
            continue
        match = geocoder.resolve(ref.name, ref.country or None, ref.region or None, lat, lon)
        out.status, out.method = match.status, match.method
        out.confidence, out.reason = float(match.confidence or 0.0), match.reason or ""
        out.candidates = "; ".join(_describe(p) for p in (match.candidates or ())[:5])
        place = match.place if match.status == "resolved" else None
        if place is not None:
            out.city_id = ref.qid or place.city_id
            out.name, out.country = place.name, place.country
            out.admin1 = place.admin1_name or place.admin1
            out.alt_names = altnames.alt_names(place)
            out.lat, out.lon = place.lat, place.lon
            out.population = place.population or None
            if match.method == "list_coordinates":
                out.population = ref.population or None  # the list's own figure, if any
            if ref.qid and ref.lat is not None and ref.lon is not None:
                out.lat, out.lon = ref.lat, ref.lon  # the item's own coordinates
        elif match.status == "resolved":
            out.status = "unresolved"
            out.reason = out.reason or "geocoder returned no place"
        outcomes[key] = out
    return outcomes


def fill_side_countries(res: ReadResult, geocoder) -> None:
    """A side with no country column and no --home-country gets one from its data.

    geocode.infer_country decides from the side's coordinates or names; a row whose own
    coordinates lie outside the inferred country is given the country they lie in. The
    choice is reported as a file-level warning, so it can be overridden (--home-country,
    --map country_a=...).
    """


    if res.format != "pairs" or not res.records:
        return
    for side in "ab":
        if f"country_{side}" in res.columns or any(getattr(r, side).country
                                                    for r in res.records):
            continue
        refs = [getattr(r, side) for r in res.records]
        guess = infer_country(geocoder, ((p.name, p.lat, p.lon) for p in refs))
        who = "listing side" if side == "a" else "partner"
        gz = geocoder.gazetteer
        filled = 0
        for rec in res.records:
            ref = getattr(rec, side)
            cc = guess.country
            if cc and guess.source == "names" and not geocoder.has_name(ref.name, cc):
                cc = None  # a name that is no place there is looked up worldwide, as before
            if ref.lat is not None and ref.lon is not None and (
                    cc is None or not gz.near_country(cc, ref.lat, ref.lon)):
                cc = country_at(geocoder, ref.lat, ref.lon) or cc
            if cc:
                setattr(rec, side, dataclasses.replace(ref, country=cc))
                filled += 1
        if guess.country:
            msg = (f"columns: no country column for the {who}; {guess.country} inferred "
                   f"({guess.evidence}); say --home-country or --map country_{side}=... "
                   "if that is wrong")
        elif filled:
            msg = (f"columns: no country column for the {who}; each place's country read "
                   f"from its coordinates ({filled} of {len(refs)} rows)")
        else:
            msg = (f"columns: no country column for the {who} and none could be inferred "
                   f"({guess.evidence}); names are looked up worldwide")
        res.warnings.append(Problem(res.file, 0, "", msg))


# --- building ---------------------------------------------------------------------------

def _fmt_year(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _record_row(rec: PairRecord, a_id: str, b_id: str) -> dict[str, str]:
    return {
        "city_a_id": a_id, "city_b_id": b_id, "kind": rec.kind, "status": rec.status,
        "established": _fmt_year(rec.established), "established_date": rec.established_date,
        "ended": _fmt_year(rec.ended), "focus_areas": rec.focus_areas, "source": rec.source,
        "note": rec.note,
    }


def _fold_duplicate(kept: dict, kept_stated: set, new: dict, new_stated: frozenset,
                    where: str, warnings: list[Problem], rec: PairRecord) -> None:
    """Second record of the same pair: fill what the first did not state; report conflicts."""
    for col in ("established", "ended"):
        if new[col] and not kept[col]:
            kept[col] = new[col]
            if col == "established":
                kept["established_date"] = new["established_date"]
            kept_stated.add(col)
        elif new[col] and kept[col] != new[col]:
            warnings.append(Problem(rec.file, rec.row, "", f"duplicate of {where}: {col} "
                                     f"{new[col]} vs {kept[col]}; kept {kept[col]}"))
    for col, tag in (("kind", "kind"), ("status", "status"), ("focus_areas", "focus_areas")):
        if tag in new_stated and tag not in kept_stated:
            kept[col] = new[col]
            kept_stated.add(tag)
        elif tag in new_stated and kept[col] != new[col]:
            warnings.append(Problem(rec.file, rec.row, "", f"duplicate of {where}: {col} "
                                     f"{new[col]} vs {kept[col]}; kept {kept[col]}"))
    if kept["ended"] and kept["status"] == "active":
        kept["status"] = "ended"
    if new["note"] and new["note"] not in kept["note"]:
        kept["note"] = (kept["note"] + " " + new["note"]).strip()[:1000]


@dataclass
class Built:
    """What build_tables made of the records."""

    cities: pd.DataFrame
    partnerships: pd.DataFrame
    rejected: list[Problem]
    warnings: list[Problem]
    merged: int
    stated: dict[tuple[str, str], set[str]]
    origin: dict[tuple[str, str], str]  # (city_a_id, city_b_id) -> "file:row"


def build_tables(records: list[PairRecord], outcomes: dict[tuple, PlaceOutcome]) -> Built:
    """Cities and partnerships from geocoded records; duplicates (either order) folded."""
    rejected: list[Problem] = []
    warnings: list[Problem] = []
    pairs_by_key: dict[tuple[str, str], tuple[dict, set, str]] = {}
    used: dict[str, PlaceOutcome] = {}
    merged = 0
    for rec in records:
        ends = []
        for side, ref in (("city", rec.a), ("partner", rec.b)):
            out = outcomes[ref.key()]
            if out.status != "resolved":
                what = f"{ref.name!r}" + (f" ({ref.country})" if ref.country else "")
                detail = f": {out.reason}" if out.reason else ""
                cands = f"; candidates: {out.candidates}" if out.candidates else ""
                rejected.append(Problem(rec.file, rec.row, "",
                                        f"{side} {what} {out.status}{detail}{cands}"))
                break
            ends.append(out)
        if len(ends) < 2:
            continue
        a, b = ends
        if a.city_id == b.city_id:
            rejected.append(Problem(rec.file, rec.row, "", f"self-link: {rec.a.name!r} and "
                                     f"{rec.b.name!r} are both {a.name} ({a.city_id})"))
            continue
        row = _record_row(rec, a.city_id, b.city_id)
        key = schema.pair_key(a.city_id, b.city_id)
        if key in pairs_by_key:
            merged += 1
            kept, kept_stated, where = pairs_by_key[key]
            _fold_duplicate(kept, kept_stated, row, rec.stated, where, warnings, rec)
            continue
        pairs_by_key[key] = (row, set(rec.stated), f"{rec.file}:{rec.row}")
        used.setdefault(a.city_id, a)
        used.setdefault(b.city_id, b)
    links = [row for row, _, _ in pairs_by_key.values()]
    return Built(
        cities_frame(used.values()), partnerships_frame(links), rejected, warnings, merged,
        {k: st for k, (_, st, _) in pairs_by_key.items()},
        {(row["city_a_id"], row["city_b_id"]): where for row, _, where in pairs_by_key.values()},
    )


def _num(value: float | None, digits: int = 5) -> str:
    if value is None:
        return ""
    text = f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cities_frame(outcomes: Iterable[PlaceOutcome]) -> pd.DataFrame:
    """City rows in the dataset's column format, as strings, sorted like curate's output."""
    rows = [{
        "city_id": o.city_id, "name": o.name, "alt_names": o.alt_names, "country": o.country,
        "admin1": o.admin1, "lat": _num(o.lat), "lon": _num(o.lon),
        "population": "" if not o.population else str(int(o.population)),
    } for o in outcomes]
    return _sorted_cities(pd.DataFrame(rows, columns=list(schema.CITY_COLUMNS), dtype=object))


def partnerships_frame(rows: list[dict]) -> pd.DataFrame:
    return _sorted_links(pd.DataFrame(rows, columns=list(schema.PARTNERSHIP_COLUMNS),
                                      dtype=object))


def _sorted_cities(df: pd.DataFrame) -> pd.DataFrame:
    df = df.fillna("").astype(str)
    return df.sort_values(["country", "name", "city_id"], kind="stable").reset_index(drop=True)


def _sorted_links(df: pd.DataFrame) -> pd.DataFrame:
    df = df.fillna("").astype(str)
    return df.sort_values(["city_a_id", "city_b_id"], kind="stable").reset_index(drop=True)


def places_frame(outcomes: dict[tuple, PlaceOutcome]) -> pd.DataFrame:
    """places.csv: one row per distinct input place, unplaced ones first."""
    order = {"unresolved": 0, "ambiguous": 1, "resolved": 2}
    rows = [{
        "input_name": o.ref.name, "input_country": o.ref.country, "status": o.status,
        "city_id": o.city_id, "name": o.name, "country_code": o.country,
        "lat": _num(o.lat), "lon": _num(o.lon), "method": o.method,
        "confidence": f"{o.confidence:.2f}", "reason": o.reason, "candidates": o.candidates,
        "input_region": o.ref.region, "rows": str(o.rows),
        "cause": unplaced_cause(o.status, o.reason),
    } for o in sorted(outcomes.values(), key=lambda o: (order.get(o.status, 0), o.ref.name))]
    return pd.DataFrame(rows, columns=list(PLACES_COLUMNS), dtype=object)


def _enforce_valid(cities: pd.DataFrame, links: pd.DataFrame, rejected: list[Problem],
                   origin: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Last line of defence: any row the schema still rejects is moved to the report."""
    city_ids = set(cities["city_id"])
    problems = schema.validate_partnerships(links.to_dict("records"), city_ids)
    if not problems:
        return links
    bad: dict[int, list[str]] = {}
    for p in problems:
        bad.setdefault(p.row, []).append(f"[{p.column}] {p.reason}")
    keep = []
    for i, row in enumerate(links.to_dict("records"), start=1):
        if i in bad:
            where = origin.get((row["city_a_id"], row["city_b_id"]), "")
            file, _, line = where.rpartition(":")
            rejected.append(Problem(file or "?", int(line) if line.isdigit() else 0, "",
                                    "; ".join(bad[i])))
        else:
            keep.append(row)
    return partnerships_frame(keep)


# --- the whole run ----------------------------------------------------------------------

def run(files: list[tuple[str, bytes]], options: ImportOptions | None = None,
        geocoder=None) -> ImportResult:
    """Import in memory: nothing is read from or written to disk besides the gazetteer."""
    options = options or ImportOptions()
    progress = options.progress
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if progress:
        progress("read", 0, len(files))
    results = read_inputs(files, options)
    limits = options.limits
    rows_in = sum(res.rows_read for res in results)
    if limits is not None and limits.rows is not None and rows_in > limits.rows:
        raise TooLarge(f"upload has {rows_in:,} rows; the limit is {limits.rows:,} rows")
    timings["read"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    if geocoder is None:
        geocoder = Geocoder()
    for res in results:
        fill_side_countries(res, geocoder)
    records = [r for res in results for r in res.records]
    refs = [ref for rec in records for ref in (rec.a, rec.b)]
    budget = None if limits is None else Budget(limits.places, limits.seconds)
    outcomes = geocode_places(refs, geocoder, options.use_coordinates, progress, budget)
    citymatch.unify((o, o.ref.name) for o in outcomes.values())  # one city, one id
    timings["geocode"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    built = build_tables(records, outcomes)
    cities, rejected, warnings, merged = built.cities, built.rejected, built.warnings, built.merged
    links = _enforce_valid(cities, built.partnerships, rejected, built.origin)
    used = set(links["city_a_id"]) | set(links["city_b_id"])
    cities = cities[cities["city_id"].isin(used)].reset_index(drop=True)
    places = places_frame(outcomes)
    timings["build"] = time.perf_counter() - t2
    file_errors = [e for res in results for e in res.errors]
    order = {name: i for i, (name, _) in enumerate(files)}
    all_rejected = sorted(file_errors + rejected, key=lambda e: (order.get(e.file, 0), e.row))
    all_warnings = [w for res in results for w in res.warnings] + warnings
    statuses = [o.status for o in outcomes.values()]
    distinct = len(statuses)
    resolved = statuses.count("resolved")
    report = {
        "files": [{
            "file": res.file, "format": res.format, "encoding": res.encoding,
            "delimiter": res.delimiter, "rows_read": res.rows_read,
            "records": len(res.records), "columns": res.columns,
            "errors": [str(e) for e in res.errors if e.row == 0],
        } for res in results],
        "rows_read": sum(res.rows_read for res in results if res.format != "nodes"),
        "partnerships_imported": len(links),
        "duplicates_merged": merged,
        "rows_rejected": len(all_rejected),
        # the first MAX_REPORT_ROWS in full, then counts by reason: a 1M-row list of bad
        # rows must not become a report bigger than the list
        "rejected": [{"file": e.file, "row": e.row, "reason": e.reason}
                     for e in all_rejected[:MAX_REPORT_ROWS]],
        "rejected_by_reason": _by_reason(e.reason for e in all_rejected),
        "warnings_total": len(all_warnings),
        "warnings": [{"file": w.file, "row": w.row, "message": w.reason}
                     for w in all_warnings[:MAX_REPORT_ROWS]],
        "places": {
            "distinct": distinct, "resolved": resolved,
            "ambiguous": statuses.count("ambiguous"),
            "unresolved": statuses.count("unresolved"),
            "resolved_pct": round(100.0 * resolved / distinct, 1) if distinct else 0.0,
            "unplaced_by_cause": _by_cause(outcomes.values()),
        },
        "defaults": {"kind": options.defaults.kind, "status": options.defaults.status,
                     "focus_areas": options.defaults.focus,
                     "home_city": options.home_city, "home_country": options.home_country},
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
    }
    if budget is not None and budget.stopped:
        report["geocoding_stopped"] = budget.stopped
    return ImportResult(cities, links, places, report, built.stated)


def import_bytes(files: list[tuple[str, bytes]], options: ImportOptions | None = None,
                 geocoder=None, max_bytes: int = MAX_UPLOAD_BYTES,
                 max_rows: int = MAX_UPLOAD_ROWS) -> ImportResult:
    """For the app: import uploaded files in memory, never touching disk, within limits.

    Raises TooLarge (before any parsing) when the upload exceeds ``max_bytes`` in total or
    has more than ``max_rows`` rows (every line break counts, bare CR too); geocoding stops
    after ``options.limits`` distinct places or CPU seconds (default ``Limits()``), with
    the reason in ``report["geocoding_stopped"]``; everything wrong inside the files is in
    the report. The returned tables are in the dataset's column format, ready for
    ``dataset.build_cities`` / ``dataset.build_partnerships`` or for download.
    """
    options = options or ImportOptions()
    limits = replace(options.limits or Limits(), bytes=max_bytes, rows=max_rows)
    check_limits(files, limits.bytes, limits.rows)
    return run(files, replace(options, limits=limits), geocoder)


def _by_cause(outcomes: Iterable[PlaceOutcome]) -> dict[str, int]:
    """Distinct places left unplaced, counted by cause (``geocode.unplaced_cause``), most
    frequent first: what to fix first (add a region column, check the country...)."""
    counts: dict[str, int] = {}
    for o in outcomes:
        cause = unplaced_cause(o.status, o.reason)
        if cause:
            counts[cause] = counts.get(cause, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _by_reason(reasons: Iterable[str]) -> dict[str, int]:
    """Counts of rejected rows by kind of reason, names and numbers left out."""
    counts: dict[str, int] = {}
    for reason in reasons:
        m = _PLACE_REASON.match(reason)
        key = f"{m.group(1)} {m.group(2)}" if m else re.sub(r"\d+", "N", reason.split(":")[0])
        key = key[:80]
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


_PLACE_REASON = re.compile(r"^(city|partner) .*? (ambiguous|unresolved)(?::|;|$)", re.DOTALL)


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, read in chunks up to ``limit``: a file, a pipe or a device alike.

    Raises ImportFailed beyond the limit, before memory grows with it.
    """
    chunks, size = [], 0
    with open(path, "rb") as handle:  # noqa: PTH123 - a device or a pipe too
        while chunk := handle.read(min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ImportFailed(f"{os.fspath(path)}: larger than {limit // (1024 * 1024)} MB; "
                                   "a list of partnerships is a few MB (split it, or check the "
                                   "file)")
    return b"".join(chunks)


def import_paths(paths: list[str | os.PathLike[str]], options: ImportOptions | None = None,
                 geocoder=None, limit: int = MAX_FILE_BYTES) -> ImportResult:
    """Import files from disk, each read up to ``limit`` bytes; unreadable files are
    file-level errors, a file beyond the limit stops the import (ImportFailed)."""
    files: list[tuple[str, bytes]] = []
    missing: list[Problem] = []
    for p in paths:
        try:
            files.append((os.fspath(p), read_bounded(p, limit)))
        except OSError as exc:
            missing.append(Problem(os.fspath(p), 0, "", f"cannot read: {exc.strerror or exc}"))
    result = run(files, options, geocoder)
    if missing:
        rep = result.report
        rep["rejected"][:0] = [{"file": e.file, "row": 0, "reason": e.reason} for e in missing]
        rep["rows_rejected"] += len(missing)
        rep["files"] += [{"file": e.file, "format": "unreadable", "errors": [e.reason]}
                         for e in missing]
    return result


# --- writing and merging ----------------------------------------------------------------

def _atomic_text(path: Path, text: str) -> None:
    """Replace a report file whole, keeping its mode (0644 when new)."""
    dataset.atomic_write_bytes(path, text.encode("utf-8"), dataset.mode_for(path))


def report_text(result: ImportResult) -> str:
    """The human-readable report: summary, rejected rows, places not placed, warnings."""
    r = result.report
    lines = ["SisterMap import report", "", *result.summary_lines(), ""]
    for f in r["files"]:
        cols = ", ".join(f"{k}={v}" for k, v in (f.get("columns") or {}).items())
        lines.append(f"file {f['file']}: {f.get('format', '')}, {f.get('encoding', '')}, "
                     f"{f.get('rows_read', 0)} rows" + (f"; columns: {cols}" if cols else ""))
        lines += [f"  error: {e}" for e in f.get("errors", [])]
    d = r["defaults"]
    lines += ["", f"defaults where the list did not say: kind={d['kind']}, "
              f"status={d['status']}, focus_areas={d['focus_areas']}", ""]
    lines.append(f"rejected rows ({r['rows_rejected']}):")
    lines += [f"  {e['file']}:{e['row']}: {e['reason']}" for e in r["rejected"]]
    if r["rows_rejected"] > len(r["rejected"]):
        lines.append(f"  … and {r['rows_rejected'] - len(r['rejected'])} more; by reason:")
        lines += [f"    {n:>8}  {k}" for k, n in r.get("rejected_by_reason", {}).items()]
    unplaced = result.places[result.places["status"] != "resolved"]
    lines += ["", f"places not placed ({len(unplaced)}"
              + (f", the first {MAX_REPORT_ROWS} listed; all are in {PLACES_CSV}"
                 if len(unplaced) > MAX_REPORT_ROWS else "") + "):"]
    for row in unplaced.head(MAX_REPORT_ROWS).to_dict("records"):
        lines.append(f"  {row['input_name']!r} ({row['input_country']}): {row['cause']}; "
                     f"{row['reason']}" + (f"; candidates: {row['candidates']}"
                                           if row["candidates"] else ""))
    if r["warnings"]:
        total = r.get("warnings_total", len(r["warnings"]))
        lines += ["", f"warnings ({total}" + (f", the first {len(r['warnings'])} listed"
                                              if total > len(r["warnings"]) else "") + "):"]
        lines += [f"  {w['file']}:{w['row']}: {w['message']}" for w in r["warnings"]]
    return "\n".join(lines) + "\n"


def write_outputs(out_dir: str | os.PathLike[str], result: ImportResult) -> Path:
    """Dataset (atomic, via dataset.write) then the report files, all in out_dir."""

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dataset.write(out, result.cities, result.partnerships)
    places = result.places.copy()
    for col in places.columns:
        places[col] = places[col].map(formula_safe)  # places.csv is opened in spreadsheets
    _atomic_text(out / PLACES_CSV, places.to_csv(index=False, lineterminator="\n"))
    _atomic_text(out / REPORT_JSON, json.dumps(result.report, indent=2, ensure_ascii=False))
    _atomic_text(out / REPORT_TXT, report_text(result))
    return out


class ProgressBar:
    """A plain text progress bar on stderr for large inputs (no dependencies).

    On a terminal the bar redraws in place; when stderr is a file or a pipe (CI logs) it
    writes one line per quarter instead of hundreds of carriage returns.
    """

    def __init__(self, stream: TextIO | None = None, min_total: int = 2000,
                 width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.min_total = min_total
        self.width = width
        self._last: tuple[str | None, int] = (None, -1)
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty and isatty())

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.min_total:
            return
        pct = int(100 * done / max(1, total))
        step = pct if self.tty else pct - pct % 25
        if (stage, step) == self._last:
            return
        self._last = (stage, step)
        filled = self.width * done // max(1, total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{stage:<8} [{bar}] {pct:3d}% {done}/{total}"
        if self.tty:
            self.stream.write(f"\r{line}" + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
