"""The SisterMap data model: columns, controlled vocabularies, eras, and validation.

Everything that decides whether a dataset is *correct* lives here, so the validator, the
loader, the importers and the app agree on one definition. Validation never raises on bad
data: it returns a list of :class:`Problem`, each naming the file, the row and the reason,
because a person fixing a spreadsheet needs all the problems at once, not the first one.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sistermap.i18n import _

CITY_COLUMNS: tuple[str, ...] = (
    "city_id",
    "name",
    "alt_names",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
)

PARTNERSHIP_COLUMNS: tuple[str, ...] = (
    "city_a_id",
    "city_b_id",
    "kind",
    "established",
    "established_date",
    "ended",
    "status",
    "focus_areas",
    "source",
    "note",
)

#: Multi-valued cells (alternate names, focus areas) are joined with this separator.
LIST_SEP = "|"

#: Kinds of partnership, with the label shown to people. What the sources distinguish: a
#: formal twinning (called sister city, twin town or partner city by country custom), an
#: informal friendship link, a contact without an agreement, a project or programme
#: partnership (the municipal climate partnerships among them) and a cooperation agreement.
#: A link may be of several kinds (``twin_town|project_partnership``: a twinning that also
#: runs a climate partnership), written like focus areas, the formal kind first.
KINDS: dict[str, str] = {
    "sister_city": "Sister city",
    "twin_town": "Twin town",
    "partner_city": "Partner city",
    "friendship_city": "Friendship city (informal)",
    "contact": "Contact (no formal agreement)",
    "project_partnership": "Project or programme partnership",
    "cooperation_agreement": "Cooperation agreement",
}
#: The kinds that are a formal twinning: the German municipal register's "Partnerschaft".
TWINNING_KINDS: frozenset[str] = frozenset({"sister_city", "twin_town", "partner_city"})
#: The German municipal register's four categories (Rat der Gemeinden und Regionen Europas,
#: Deutsche Sektion) and the kind each maps onto, so a list in its words imports as ours.
REGISTER_CATEGORIES: dict[str, str] = {
    "Partnerschaft": "partner_city",
    "Freundschaft": "friendship_city",
    "Kontakt": "contact",
    "Projektpartnerschaft": "project_partnership",
}

STATUSES: dict[str, str] = {
    "active": "Active",
    "suspended": "Suspended",
    "ended": "Ended",
    "unknown": "Unknown",
}

#: Focus areas: an editorial classification unless the source says otherwise.
FOCUS_AREAS: dict[str, str] = {
    "peace": "Peace & reconciliation",
    "culture": "Culture",
    "education": "Education & youth",
    "economy": "Economy & trade",
    "governance": "Municipal governance",
    "climate": "Climate & sustainability",
    "development": "Development cooperation",
}

#: The value of its own for a link no source classified (no focus area, no kind): filters
#: offer it like any other value, and the app shows its label instead of guessing.
UNCLASSIFIED = "unclassified"
NOT_CLASSIFIED = "Not classified"
FOCUS_LABELS: dict[str, str] = {**FOCUS_AREAS, UNCLASSIFIED: NOT_CLASSIFIED}
KIND_LABELS: dict[str, str] = {**KINDS, UNCLASSIFIED: NOT_CLASSIFIED}

#: What one source states about one partnership, in a source layer's ``links.csv``
#: (``data/sources/<source>/``): the pair, and the years only when the source gives them.
STATEMENT_COLUMNS: tuple[str, ...] = ("city_a_id", "city_b_id", "established", "ended",
                                      "reference")

MIN_YEAR = 1900
#: Latest year a record may carry; a later year is a typo, not news.
MAX_YEAR = 2026


@dataclass(frozen=True)
class Era:
    """One period of the movement, derived only from the establishment year."""

    key: str
    label: str
    start: int | None
    end: int | None
    summary: str

    def contains(self, year: int) -> bool:
        after_start = self.start is None or year >= self.start
        before_end = self.end is None or year <= self.end
        return after_start and before_end


#: The one documented table that turns a year into an era (see data/README.md).
#: Every label, key and year range shown anywhere (sidebar, legends, charts, About, docs, tour)
#: is read from here; nothing else spells an era out.
ERAS: tuple[Era, ...] = (
    Era(
        "early",
        "Early and wartime links",
        None,
        1944,
        "The first links between towns, interwar and wartime, e.g. Coventry–Stalingrad (1944).",
    ),
    Era(
        "postwar",
        "Post-war reconciliation",
        1945,
        1955,
        "Links of peace and reconciliation after the Second World War, e.g. the first "
        "Anglo-German and Franco-German twinnings.",
    ),
    Era(
        "cold_war",
        "Sister Cities International and the Cold War",
        1956,
        1991,
        "Eisenhower's People-to-People programme (1956), US–Japan links, East–West twinning.",
    ),
    Era(
        "post_cold_war",
        "Post-Cold War expansion",
        1992,
        2007,
        "New links across the former Iron Curtain, with China, and across the Global South.",
    ),
    Era(
        "global",
        "Global challenges and climate",
        2008,
        None,
        "Partnerships on climate adaptation, sustainability and shared municipal practice.",
    ),
)
UNKNOWN_ERA = Era("unknown", "Year unknown", None, None,
                  "No establishment year is recorded; never dropped.")
ERA_KEYS: tuple[str, ...] = tuple(e.key for e in ERAS) + (UNKNOWN_ERA.key,)
ERA_LABELS: dict[str, str] = {e.key: e.label for e in (*ERAS, UNKNOWN_ERA)}


def era_of(year: int | float | None) -> str:
    """Era key for an establishment year; a missing year is ``"unknown"``, never dropped."""
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return UNKNOWN_ERA.key
    for era in ERAS:
        if era.contains(int(year)):
            return era.key
    return UNKNOWN_ERA.key


def split_list(cell: object) -> list[str]:
    """Split a multi-valued cell; empty and missing cells give an empty list."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [part.strip() for part in str(cell).split(LIST_SEP) if part.strip()]


def kind_label(kinds: Iterable[str]) -> str:
    """What people read for a link's kinds: "Twin town + Project or programme partnership".

    One label for a link of several kinds, so the city page, the sheet and the export say
    the same; no kind at all is "Not classified", never a guessed "Sister city".
    """
    labels = [_(KINDS.get(k, k)) for k in kinds]
    return " + ".join(labels) if labels else _(NOT_CLASSIFIED)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Order-free key: A–B and B–A are one partnership."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Problem:
    """One finding in a file, addressed the way a person edits it: file, row or step, field.

    The one problem type of the project: a dataset's rows (``file:row [column]``), an import's
    rejected rows (no column) and a tour file's steps (``step 3 [highlight]``) all report
    with it, so the app and the commands show every kind the same way.
    """

    file: str
    row: int  # 1-based data row; the header (or the whole file) is row 0
    column: str  # the column or field; "" for the whole row
    reason: str
    step: int | None = None  # 1-based step of a tour file; None elsewhere

    def __str__(self) -> str:
        if self.step is not None:
            where = f"step {self.step}"
        else:
            where = f"{self.file}:{self.row}" if self.row else self.file
        col = f" [{self.column}]" if self.column else ""
        return f"{where}{col}: {self.reason}"


_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_CITY_ID_RE = re.compile(r"^(Q\d+|gn:\d+|loc:[a-z0-9.-]+)$")
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$")
#: A URL scheme such as javascript: or data:, which must never become a link.
_SCHEME_RE = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]{1,20}:(?!\s)")


def date_precision(value: str) -> str | None:
    """``"year"``, ``"month"`` or ``"day"`` for a partial ISO date, None if it is not one."""
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day:

        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            return None
        return "day"
    return "month" if month else "year"


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return str(value).strip() == ""


#: ASCII digits only, everywhere a number is read from a file or an address: Python's own
#: ``int``/``float`` also accept "１９５６", "١٩٥٠" and "1_0", which pandas then refuses, and
#: ``"²⁰⁰⁰".isdigit()`` is true but ``int("²⁰⁰⁰")`` raises.
YEAR_TEXT = re.compile(r"[0-9]{1,4}")
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
#: A key a reader puts in a row it could not read (an unclosed quote): the reason, reported at
#: the row by the validators, which skip the row's other checks.
BROKEN_ROW = "__broken__"


def strict_year(text: object) -> int | None:
    """A year written in ASCII digits (1 to 4 of them), else None; never raises."""
    text = "" if text is None else str(text).strip()
    return int(text) if YEAR_TEXT.fullmatch(text) else None


def strict_number(text: object) -> float | None:
    """A finite number written the plain way (``-77.1``, ``1e3``), else None; never raises."""
    text = "" if text is None else str(text).strip()
    if not NUMBER_TEXT.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _parse_year(value: object) -> int | None | str:
    """The year as an int, None when blank, or an error message."""
    if _blank(value):
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    year = strict_year(text)
    if year is None:
        return f"not a year: {text!r}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} out of range {MIN_YEAR}–{MAX_YEAR}"
    return year


def _parse_float(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    return strict_number(value)


def validate_cities(
    rows: Iterable[Mapping[str, object]], file: str = "cities.csv"
) -> list[Problem]:
    """Check every city row: id format, uniqueness, name, country code, coordinates."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        def add(column: str, reason: str, _i: int = i) -> None:
            problems.append(Problem(file, _i, column, reason))

        if row.get(BROKEN_ROW):
            add("", str(row[BROKEN_ROW]))
            continue
        cid = "" if _blank(row.get("city_id")) else str(row.get("city_id")).strip()
        if not cid:
            add("city_id", "missing city id")
        elif not _CITY_ID_RE.match(cid):
            add("city_id", f"city id {cid!r} is not a Wikidata QID (Q123), gn:<GeoNames id> "
                "or loc:<place>")
        elif cid in seen:
            add("city_id", f"duplicate city id {cid} (first on row {seen[cid]})")
        else:
            seen[cid] = i
        if _blank(row.get("name")):
            add("name", "missing name")
        country = "" if _blank(row.get("country")) else str(row.get("country")).strip()
        if not re.fullmatch(r"[A-Z]{2}", country):
            add("country", f"country {country!r} is not an ISO 3166-1 alpha-2 code")
        lat, lon = _parse_float(row.get("lat")), _parse_float(row.get("lon"))
        if lat is None or not -90 <= lat <= 90:
            add("lat", f"latitude {row.get('lat')!r} out of range -90..90")
        if lon is None or not -180 <= lon <= 180:
            add("lon", f"longitude {row.get('lon')!r} out of range -180..180")
        pop = row.get("population")
        if not _blank(pop):
            value = _parse_float(pop)
            if value is None or value < 0 or not value.is_integer():
                add("population", f"population {pop!r} is not a non-negative whole number")
    return problems


def validate_partnerships(
    rows: Iterable[Mapping[str, object]],
    city_ids: set[str],
    file: str = "partnerships.csv",
) -> list[Problem]:
    """Check every partnership row against the rules in data/README.md."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, row, add in _reporting(rows, file, problems):
        _check_pair(row, city_ids, seen, i, add)
        _check_kinds(row, add)
        _check_vocab(row, "status", STATUSES, add)
        _check_years(row, add)
        # No focus area is allowed: it means "not classified", never a guessed "culture".
        focus = split_list(row.get("focus_areas"))
        for term in focus:
            if term not in FOCUS_AREAS:
                allowed = ", ".join(FOCUS_AREAS)
                add("focus_areas", f"unknown focus term {term!r} (allowed: {allowed})")
        source = "" if _blank(row.get("source")) else str(row.get("source")).strip()
        if not source:
            add("source", "missing source")
        elif source.lower().startswith(("http:", "https:")) and not _URL_RE.match(source):
            add("source", f"malformed source URL {source!r}")
        elif _SCHEME_RE.match(source) and not source.lower().startswith(("http:", "https:")):
            add("source", f"unsafe source {source[:40]!r}: only http(s) links or plain citations")
    return problems


def _reporting(rows: Iterable[Mapping[str, object]], file: str, problems: list[Problem]):
    """Each row with its 1-based number and a function adding a problem at that row."""
    for i, row in enumerate(rows, start=1):
        def add(column: str, reason: str, _i: int = i) -> None:
            problems.append(Problem(file, _i, column, reason))

        if row.get(BROKEN_ROW):
            add("", str(row[BROKEN_ROW]))
            continue
        yield i, row, add


def _check_pair(row: Mapping[str, object], city_ids: set[str],
                seen: dict[tuple[str, str], int], i: int, add) -> None:
    """Both ids known, not a self-link, not a pair already seen (in either order)."""
    a = "" if _blank(row.get("city_a_id")) else str(row.get("city_a_id")).strip()
    b = "" if _blank(row.get("city_b_id")) else str(row.get("city_b_id")).strip()
    for column, cid in (("city_a_id", a), ("city_b_id", b)):
        if not cid:
            add(column, "missing city id")
        elif cid not in city_ids:
            add(column, f"unknown city id {cid} (not in cities.csv)")
    if a and a == b:
        add("city_b_id", f"self-link: {a} is partnered with itself")
    elif a and b:
        key = pair_key(a, b)
        if key in seen:
            add("city_b_id", f"duplicate pair {a}–{b} (either order; first on row {seen[key]})")
        else:
            seen[key] = i


def _check_vocab(row: Mapping[str, object], column: str, vocab: Mapping[str, str], add) -> None:
    value = "" if _blank(row.get(column)) else str(row.get(column)).strip()
    if value not in vocab:
        add(column, f"unknown {column} {value!r} (allowed: {', '.join(vocab)})")


def _check_kinds(row: Mapping[str, object], add) -> None:
    """One or more kinds from the vocabulary, none twice; at least one (a reviewed link's
    kind is always stated)."""
    kinds = split_list(row.get("kind"))
    if not kinds:
        add("kind", f"missing kind (allowed: {', '.join(KINDS)})")
    for kind in kinds:
        if kind not in KINDS:
            add("kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    if len(set(kinds)) < len(kinds):
        add("kind", "a kind is listed twice")


def _check_years(row: Mapping[str, object], add) -> None:
    """Year range, end before start, date/year agreement, and status/end consistency."""
    start = _parse_year(row.get("established"))
    end = _parse_year(row.get("ended"))
    if isinstance(start, str):
        add("established", start)
    if isinstance(end, str):
        add("ended", end)
    if isinstance(start, int) and isinstance(end, int) and end < start:
        add("ended", f"ended {end} before established {start}")
    date = "" if _blank(row.get("established_date")) else str(row.get("established_date")).strip()
    if date:
        if date_precision(date) is None:
            add("established_date", f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        elif isinstance(start, int) and int(date[:4]) != start:
            add("established_date", f"date {date} disagrees with established year {start}")
        elif start is None:
            add("established", f"established is empty but established_date is {date}")
    status = "" if _blank(row.get("status")) else str(row.get("status")).strip()
    if isinstance(end, int) and status == "active":
        add("status", f"status is active but the link ended in {end}")


def validate_statements(
    rows: Iterable[Mapping[str, object]],
    city_ids: set[str],
    file: str = "links.csv",
) -> list[Problem]:
    """Check a source layer's statements: known ids, no self-link or duplicate, sane years."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, row, add in _reporting(rows, file, problems):
        _check_pair(row, city_ids, seen, i, add)
        start, end = _parse_year(row.get("established")), _parse_year(row.get("ended"))
        for column, value in (("established", start), ("ended", end)):
            if isinstance(value, str):
                add(column, value)
        if isinstance(start, int) and isinstance(end, int) and end < start:
            add("ended", f"ended {end} before established {start}")
        ref = "" if _blank(row.get("reference")) else str(row.get("reference")).strip()
        if ref and not _URL_RE.match(ref):
            add("reference", f"reference {ref[:40]!r} is not an http(s) URL")
    return problems
