"""Pair lists: one row per partnership, in the column names people actually use.

A national association's register has both sides ("Stadt; Land; Partnerstadt; Land; seit"),
a council's own list only the partner side ("Partnerstadt; Land; seit") and needs
``--home-city``/``--home-country``; a research extract says "origin"/"destination" and has
coordinates. Columns are recognised by their folded names in English, German, French and
Spanish; generic columns ("Land", "country", "lat") belong to the city column before them.
``--map role=Header`` overrides any guess.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field

from sistermap.importers import (
    MAX_NAME_LEN,
    MAX_NOTE_LEN,
    Defaults,
    PairRecord,
    PlaceRef,
    ReadResult,
    clean_cell,
    detect,
    has_control_chars,
    parse_focus,
    parse_kind_status,
    parse_years,
    textrows,
    too_wide,
)
from sistermap.importers.detect import sniff_delimiter
from sistermap.regions import country_code
from sistermap.schema import Problem

#: Roles a column can play; ``--map`` accepts exactly these names (see detect.infer_roles).
SIDE_ROLES, PAIR_ROLES, ROLES = detect.SIDE_ROLES, detect.PAIR_ROLES, detect.ROLES


class ColumnError(ValueError):
    """The header does not say where the cities are; the message says how to fix it."""


@dataclass
class Layout:
    """Which column index plays which role (``None`` = absent)."""

    index: dict[str, int]
    header: list[str]
    alternates: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def get(self, cells: list[str], role: str) -> str:
        i = self.index.get(role)
        return clean_cell(cells[i]) if i is not None and i < len(cells) else ""


def parse_mapping(spec: str | dict[str, str] | None) -> dict[str, str]:
    """``"city_a=Stadt,country_a=Land"`` -> {role: header}; unknown roles are an error."""
    if not spec:
        return {}
    items = spec.items() if isinstance(spec, dict) else (
        part.split("=", 1) for part in str(spec).split(",") if part.strip())
    mapping = {}
    for item in items:
        if len(item) != 2:
            raise ColumnError(f"--map expects role=Header pairs, got {item!r}")
        role, header = item[0].strip(), item[1].strip()
        role = {"established": "year", "city1": "city_a", "city2": "city_b",
                "country1": "country_a", "country2": "country_b"}.get(role, role)
        if role not in ROLES:
            raise ColumnError(f"--map: unknown role {role!r} (roles: {', '.join(ROLES)})")
        mapping[role] = header
    return mapping


def detect_layout(header: list[str], mapping: dict[str, str] | None = None,
                  rows: list[list[str]] | None = None) -> Layout:
    """Assign roles to header columns (detect.infer_roles); explicit ``mapping`` entries win.

    ``rows``, a sample of data rows, settles headers that only the values can (two country
    columns in one block: one country in two languages, or the two sides' countries).
    """
    try:
        roles = detect.infer_roles(header, rows, mapping)
    except ValueError as exc:
        raise ColumnError(str(exc)) from None
    return Layout(roles.index, header, roles.alternates, roles.notes)


def _float(text: str) -> float | None:
    text = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str) -> int | None:
    value = _float(text.replace(" ", "").replace("'", "")) if text else None
    return int(value) if value is not None and value >= 0 else None


_POINT_RE = re.compile(r"Point\(\s*([-+0-9.eE]+)[\s,]+([-+0-9.eE]+)\s*\)", re.IGNORECASE)
_PAIR_RE = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[,; ]\s*([-+]?\d+(?:\.\d+)?)\s*$")


def parse_coord(text: str) -> tuple[float | None, float | None]:
    """(lat, lon) from "Point(lon lat)" (WKT, as Wikidata writes it) or "lat, lon"."""
    if not text:
        return None, None
    m = _POINT_RE.search(text)
    if m:
        return float(m.group(2)), float(m.group(1))
    m = _PAIR_RE.match(text)
    if m:
        return float(m.group(1)), float(m.group(2))
    return None, None


#: Wikipedia footnote markers pasted with the name: "Oxford[3]", "Paris[note 1]", "Rome[a]".
_FOOTNOTE_RE = re.compile(r"\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed)\]", re.IGNORECASE)
_QID_RE = re.compile(r"(?:^|/)(Q\d+)$")


def qid_of(text: str) -> str:
    """"Q64" or "http://www.wikidata.org/entity/Q64" -> "Q64"; anything else -> ""."""
    m = _QID_RE.search(text.strip())
    return m.group(1) if m else ""


def place_ref(layout: Layout, cells: list[str], side: str,
              home_city: str = "", home_country: str = "") -> tuple[PlaceRef | None, str]:
    """One side's PlaceRef, or None and the reason it cannot be used."""
    name = _FOOTNOTE_RE.sub("", layout.get(cells, f"city_{side}")).strip()
    country = _FOOTNOTE_RE.sub("", layout.get(cells, f"country_{side}")).strip()
    country = _country_or_alternate(layout, cells, side, country)
    if side == "a":
        name = name or (home_city if "city_a" not in layout.index else "")
        country = country or home_country
    label = "city" if side == "a" else "partner city"
    if not name:
        return None, f"missing {label}"
    if has_control_chars(name) or has_control_chars(country):
        return None, f"{label} contains control characters or NUL bytes (binary data?)"
    if len(name) > MAX_NAME_LEN:
        return None, f"{label} is {len(name)} characters long; not a place name"
    if len(country) > MAX_NAME_LEN:
        return None, f"country is {len(country)} characters long; not a country"
    lat = _float(layout.get(cells, f"lat_{side}"))
    lon = _float(layout.get(cells, f"lon_{side}"))
    if lat is None or lon is None:
        lat, lon = parse_coord(layout.get(cells, f"coord_{side}"))
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    if lat is None or lon is None:
        lat = lon = None
    return PlaceRef(
        name=name, country=country, region=layout.get(cells, f"region_{side}")[:MAX_NAME_LEN],
        lat=lat, lon=lon, qid=qid_of(layout.get(cells, f"qid_{side}")),
        population=_int(layout.get(cells, f"population_{side}")),
    ), ""


def _country_or_alternate(layout: Layout, cells: list[str], side: str, country: str) -> str:
    """The side's country cell, or the same country in another column (a second language)
    when the first is empty or not a country name."""
    alts = layout.alternates.get(f"country_{side}")
    if not alts:
        return country

    if country and country_code(country):
        return country
    for i in alts:
        other = _FOOTNOTE_RE.sub("", clean_cell(cells[i]) if i < len(cells) else "").strip()
        if other and country_code(other):
            return other
    return country


def attributes(layout: Layout, cells: list[str], defaults: Defaults,
               warn: list[str]) -> dict:
    """kind, status, years, focus, note and source of one row (defaults where not stated)."""
    stated = set()
    kind, status = parse_kind_status(layout.get(cells, "kind"), layout.get(cells, "status"))
    if kind:
        stated.add("kind")
    if status:
        stated.add("status")
    date_cell, year_cell = layout.get(cells, "date"), layout.get(cells, "year")
    years = parse_years(date_cell or year_cell, layout.get(cells, "ended"))
    if date_cell and year_cell:
        by_year = parse_years(year_cell)
        if by_year.established is not None and by_year.established != years.established:
            warn.append(f"year {year_cell!r} and date {date_cell!r} disagree; kept the year")
            years = parse_years(year_cell, layout.get(cells, "ended"))
    if years.problem:
        warn.append(years.problem)
    if years.established is not None:
        stated.add("established")
    if years.ended is not None:
        stated.add("ended")
        if status in (None, "active", "unknown"):
            status = "ended"
    focus_cell = layout.get(cells, "focus")
    focus, unknown = parse_focus(focus_cell) if focus_cell else ([], [])
    if unknown:
        warn.append(f"focus {', '.join(unknown)!r} not in the vocabulary; ignored")
    if focus:
        stated.add("focus_areas")
    note = layout.get(cells, "note")
    if len(note) > MAX_NOTE_LEN:
        warn.append(f"note cut to {MAX_NOTE_LEN} characters")
        note = note[:MAX_NOTE_LEN]
    if has_control_chars(note):
        warn.append("control characters removed from note")
        note = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", note)
    source = layout.get(cells, "source")
    if source and (has_control_chars(source) or len(source) > 500 or (
            source.lower().startswith(("http:", "https:")) and re.search(r"[\s<>\"']", source))
            or (_SCHEME_RE.match(source) and not source.lower().startswith(("http:", "https:")))):
        warn.append("source cell is not a usable URL or reference; the file name is used")
        source = ""
    return {
        "kind": kind or defaults.kind,
        "status": status or defaults.status,
        "established": years.established,
        "established_date": years.established_date,
        "ended": years.ended,
        "focus_areas": "|".join(focus) if focus else defaults.focus,
        "note": note,
        "source": source,
        "stated": frozenset(stated),
    }


#: A URL scheme other than http(s) (javascript:, data:, file:) must never become a link.
_SCHEME_RE = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]{1,20}:(?!\s)")


def source_name(path: str) -> str:
    """The input file name as a plain citation ("partners.csv"), never a URL scheme."""
    name = os.path.basename(path) or "import"
    return name.replace(":", "_") if _SCHEME_RE.match(name) else name


def split_rows(text: str, delimiter: str) -> list[list[str]]:
    """All rows as lists of cells; a broken quote costs its own row (see textrows)."""
    return textrows.split_rows(text, delimiter).rows


def find_header(rows: list[list[str]], mapping: dict[str, str]) -> int:
    """Index of the header row: the row among the first ten with most recognised columns.

    Spreadsheet exports often start with a title ("Partnerstädte der Stadt Bonn") and an
    empty line before the real header.
    """
    best, best_score = 0, -1
    for i, row in enumerate(rows[:10]):
        if not any(c.strip() for c in row):
            continue
        try:
            layout = detect_layout(row, mapping)
        except ColumnError:
            continue
        score = len(layout.index) + (3 if "city_b" in layout.index else 0)
        if score > best_score:
            best, best_score = i, score
    return best


def read(name: str, text: str, *, mapping: dict[str, str] | None = None,
         defaults: Defaults = Defaults(), home_city: str = "", home_country: str = "",
         encoding: str = "", delimiter: str | None = None,
         recoded: set[int] | None = None) -> ReadResult:
    """Read a pair list from decoded text; never raises on content.

    ``recoded``: physical lines (0-based) that were not UTF-8 and were decoded as
    Windows-1252; their rows are imported with a warning.
    """
    result = ReadResult(file=name, format="pairs", encoding=encoding)
    mapping = mapping or {}
    if not text.strip():
        result.errors.append(Problem(name, 0, "", "empty file"))
        return result
    delim = delimiter or sniff_delimiter(text)
    result.delimiter = delim
    parsed = textrows.split_rows(text, delim)
    rows = parsed.rows
    if not any(any(c.strip() for c in r) for r in rows):
        result.errors.append(Problem(name, 0, "", "not a readable table: every line is broken "
                                      f"({next(iter(parsed.broken.values()), '')})"))
        return result
    wide = too_wide(name, (len(r) for r in rows[:200]))
    if wide:
        result.errors.append(wide)
        return result
    h = find_header(rows, mapping)
    header = [clean_cell(c) for c in rows[h]]
    try:
        layout = detect_layout(header, mapping, rows[h + 1:h + 201])
    except ColumnError as exc:
        result.errors.append(Problem(name, 0, "", str(exc)))
        return result
    result.columns = {role: header[i] for role, i in sorted(layout.index.items())}
    result.warnings += [Problem(name, 0, "", f"columns: {note}") for note in layout.notes]
    if "city_b" not in layout.index:
        result.errors.append(Problem(
            name, 0, "", "no city column recognised in header "
            f"{', '.join(repr(c) for c in header[:12])}; name them with --map, "
            "e.g. --map city_a=Stadt,city_b=Partner,country_b=Land"))
        return result
    if "city_a" not in layout.index and not home_city:
        result.errors.append(Problem(
            name, 0, "", f"only one city column ({header[layout.index['city_b']]!r}): this looks "
            "like one council's own list; say whose partners they are with --home-city NAME "
            "(and --home-country CC)"))
        return result
    source = source_name(name)
    width = len(header)
    recoded = recoded or set()
    same: dict[PlaceRef, PlaceRef] = {}  # one object per distinct place, not per row
    for n in range(1, len(rows) - h):
        idx = h + n
        cells, rows[idx] = rows[idx], []  # let each row go once it is a record
        if idx in parsed.broken:
            result.rows_read += 1
            result.errors.append(Problem(name, n, "", parsed.broken[idx]))
            continue
        if not any(c.strip() for c in cells):
            continue
        result.rows_read += 1
        start = parsed.starts[idx]
        if recoded and any(j in recoded for j in range(start, start + parsed.spans[idx])):
            result.warnings.append(Problem(name, n, "", textrows.RECODED))
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            result.errors.append(Problem(
                name, n, "", f"row has {len(cells)} cells but the header has {width} "
                "(a stray delimiter or an unquoted comma?)"))
            continue
        a, why_a = place_ref(layout, cells, "a", home_city, home_country)
        b, why_b = place_ref(layout, cells, "b")
        if a is None or b is None:
            result.errors.append(Problem(name, n, "", why_a or why_b))
            continue
        warn: list[str] = []
        attrs = attributes(layout, cells, defaults, warn)
        attrs["source"] = attrs["source"] or source
        result.warnings += [Problem(name, n, "", w) for w in warn]
        a, b = same.setdefault(a, a), same.setdefault(b, b)
        result.records.append(PairRecord(file=name, row=n, a=a, b=b, **attrs))
    if result.rows_read == 0:
        result.errors.append(Problem(name, 0, "", "header only: no data rows"))
    return result
