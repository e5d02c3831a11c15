"""Bring-your-own-list importers: every input shape becomes the same :class:`PairRecord`.

Readers (``pairs``, ``nodes_links``, ``wikidata``) only turn text into records and row-level
errors; they never geocode and never raise on bad content, because a person fixing a list
needs every problem at once. ``pipeline`` geocodes the records, merges duplicates and builds
the dataset tables. The value normalisers here (kind, status, years, focus areas) are shared
so that a German council list and a Wikidata export mean the same thing by "ended 2022".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from sistermap import schema
from sistermap.names import fold
from sistermap.schema import Problem

__all__ = [
    "Defaults", "PairRecord", "PlaceRef", "ReadResult", "Years",
    "clean_cell", "parse_focus", "parse_kind_status", "parse_years",
]

#: Longest city name accepted; longer cells are junk or pasted paragraphs, not places.
MAX_NAME_LEN = 200
#: Longest note kept from an input row.
MAX_NOTE_LEN = 1000
#: Columns a list may have: real lists have under 30, and finding the columns' roles grows
#: with the square of their number (10,000 columns held a core for 41 s).
MAX_COLUMNS = 300


def too_wide(name: str, widths) -> Problem | None:
    """A file-level problem when a list has more columns than :data:`MAX_COLUMNS`."""
    widest = max(widths, default=0)
    if widest <= MAX_COLUMNS:
        return None
    return Problem(name, 0, "", f"{widest:,} columns: a list of partnerships has at most "
                   f"{MAX_COLUMNS} (is this the right file, or is the delimiter wrong?)")

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """One end of a partnership as the input wrote it (nothing resolved yet)."""

    name: str
    country: str = ""  # as written: "Deutschland", "England, United Kingdom", "DE"
    region: str = ""  # admin1 hint as written ("Virginia", "Bayern")
    lat: float | None = None
    lon: float | None = None
    qid: str = ""  # Wikidata QID when the input carries one (then it is the city_id)
    population: int | None = None

    def key(self) -> tuple:
        """Distinct-place key: the same text with the same hints is geocoded once."""
        lat = None if self.lat is None else round(self.lat, 3)
        lon = None if self.lon is None else round(self.lon, 3)
        return (self.name, self.country, self.region, lat, lon, self.qid)


@dataclass(slots=True)  # one per input row: slots keep a million-row import small
class PairRecord:
    """One partnership row from any input, with every dataset field already normalised."""

    file: str
    row: int  # 1-based data row in its file (the header is row 0)
    a: PlaceRef
    b: PlaceRef
    kind: str = "sister_city"
    status: str = "unknown"
    established: int | None = None
    established_date: str = ""
    ended: int | None = None
    focus_areas: str = ""  # none stated: "not classified"
    source: str = ""
    note: str = ""
    #: Fields the input stated explicitly (the others are documented defaults).
    stated: frozenset[str] = frozenset()


@dataclass
class ReadResult:
    """What a reader got out of one file."""

    file: str
    format: str
    records: list[PairRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    encoding: str = ""
    delimiter: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # role -> header as written


@dataclass(frozen=True)
class Defaults:
    """What a field gets when the input does not say; documented in docs/importing.md.

    ``status`` defaults to "unknown": an imported list rarely says whether a link is still
    alive, and "active" would be a claim the list did not make. Pass ``status="active"`` for
    a current register (a council's own list of its partners today).
    """

    kind: str = "sister_city"
    status: str = "unknown"
    #: No focus area unless the user asks for one: a guessed "culture" would be invented.
    focus: str = ""


def clean_cell(value: object) -> str:
    """A cell as stripped text; None becomes empty. Content is kept verbatim otherwise."""
    if value is None:
        return ""
    return str(value).replace("\u00a0", " ").strip()


def has_control_chars(text: str) -> bool:
    """NUL and other control characters mean binary junk, not a place name."""
    return bool(_CONTROL_RE.search(text))


# --- kind and status --------------------------------------------------------------------

# Checked in order on the folded cell; the first matching stem wins, so the more specific
# words ("Städtefreundschaft", "cooperation") come before the generic "partner".
_KIND_STEMS: tuple[tuple[str, str], ...] = (
    ("freundschaft", "friendship_city"), ("friendship", "friendship_city"),
    ("amitie", "friendship_city"), ("amistad", "friendship_city"),
    ("amicizia", "friendship_city"), ("friendly", "friendship_city"),
    ("projektpartner", "project_partnership"), ("klimapartner", "project_partnership"),
    ("project partner", "project_partnership"), ("programme partner", "project_partnership"),
    ("climate partner", "project_partnership"), ("kontakt", "contact"),
    ("kooperation", "cooperation_agreement"), ("cooperation", "cooperation_agreement"),
    ("cooperacion", "cooperation_agreement"), ("zusammenarbeit", "cooperation_agreement"),
    ("memorandum", "cooperation_agreement"),
    ("collaboration", "cooperation_agreement"), ("cooperazione", "cooperation_agreement"),
    ("jumel", "twin_town"), ("twin", "twin_town"), ("hermanamiento", "twin_town"),
    ("gemellaggio", "twin_town"), ("gemellat", "twin_town"),
    ("sister", "sister_city"), ("ciudad hermana", "sister_city"), ("hermana", "sister_city"),
    ("hermanad", "sister_city"), ("ville soeur", "sister_city"),
    ("schwesterstadt", "sister_city"),
    ("partnerstadt", "partner_city"), ("partnerschaft", "partner_city"),
    ("partner", "partner_city"), ("partenaire", "partner_city"), ("partenariat", "partner_city"),
    ("socia", "partner_city"),
)
_STATUS_STEMS: tuple[tuple[str, str], ...] = (
    ("ruht", "suspended"), ("suspend", "suspended"), ("ausgesetzt", "suspended"),
    ("eingefroren", "suspended"), ("frozen", "suspended"), ("=gele", "suspended"),
    ("beendet", "ended"), ("aufgeloest", "ended"), ("aufgelost", "ended"), ("ended", "ended"),
    ("terminated", "ended"), ("former", "ended"), ("ehemalig", "ended"), ("dissolved", "ended"),
    ("termine", "ended"), ("rompu", "ended"), ("ancien", "ended"), ("finaliz", "ended"),
    ("terminad", "ended"), ("inactive", "unknown"), ("unknown", "unknown"),
    ("unbekannt", "unknown"), ("inconnu", "unknown"), ("desconocido", "unknown"),
    ("active", "active"), ("aktiv", "active"), ("actif", "active"), ("activ", "active"),
    ("vigente", "active"), ("current", "active"), ("bestehend", "active"), ("en cours", "active"),
)


def _stem_lookup(text: str, stems: tuple[tuple[str, str], ...]) -> str | None:
    key = fold(text)
    if not key:
        return None
    words = key.split()
    for stem, value in stems:
        if " " in stem:
            if stem in key:
                return value
        elif stem.startswith("="):
            if stem[1:] in words:  # "=gele" (gelé) only as a whole word, not in "angelegt"
                return value
        elif stem in key:
            return value
    return None


def parse_kind_status(*cells: str) -> tuple[str | None, str | None]:
    """Kind and status read from status/form/type cells, each None when not stated.

    A cell like "Partnerschaft ruht" gives both (partner_city, suspended); a cell that is
    exactly a vocabulary key ("twin_town", "ended") is taken as is.
    """
    kind = status = None
    for cell in cells:
        cell = clean_cell(cell)
        if not cell:
            continue
        raw = cell.strip().lower().replace(" ", "_")
        if raw in schema.KINDS:
            kind = kind or raw
            continue
        if raw in schema.STATUSES:
            status = status or raw
            continue
        status = status or _stem_lookup(cell, _STATUS_STEMS)
        kind = kind or _stem_lookup(cell, _KIND_STEMS)
    return kind, status


# --- focus areas ------------------------------------------------------------------------

_FOCUS_STEMS: tuple[tuple[str, str], ...] = (
    ("peace", "peace"), ("frieden", "peace"), ("versohn", "peace"), ("reconcil", "peace"),
    ("paix", "peace"), ("paz", "peace"), ("pace", "peace"),
    ("cultur", "culture"), ("kultur", "culture"), ("culture", "culture"), ("sport", "culture"),
    ("music", "culture"), ("musik", "culture"), ("art", "culture"), ("kunst", "culture"),
    ("educat", "education"), ("bildung", "education"), ("schul", "education"),
    ("school", "education"), ("jugend", "education"), ("youth", "education"),
    ("jeunesse", "education"), ("ecole", "education"), ("juventud", "education"),
    ("student", "education"), ("universit", "education"),
    ("econom", "economy"), ("wirtschaft", "economy"), ("trade", "economy"),
    ("handel", "economy"), ("commerce", "economy"), ("business", "economy"),
    ("tourism", "economy"), ("tourismus", "economy"),
    ("governance", "governance"), ("verwaltung", "governance"), ("administration", "governance"),
    ("gobierno", "governance"), ("kommunal", "governance"),
    ("climat", "climate"), ("klima", "climate"), ("clima", "climate"), ("umwelt", "climate"),
    ("environment", "climate"), ("sustainab", "climate"), ("nachhaltig", "climate"),
    ("durable", "climate"), ("energy", "climate"), ("energie", "climate"),
    ("develop", "development"), ("entwicklung", "development"), ("developpement", "development"),
    ("desarrollo", "development"), ("humanit", "development"), ("aid", "development"),
)


def parse_focus(cell: str) -> tuple[list[str], list[str]]:
    """Focus vocabulary terms found in a free-text cell, and the pieces not understood."""
    found: list[str] = []
    unknown: list[str] = []
    for piece in re.split(r"[|,;/+]|\bund\b|\band\b|\bet\b|\by\b", clean_cell(cell)):
        piece = piece.strip()
        if not piece:
            continue
        if piece.lower() in schema.FOCUS_AREAS:
            term = piece.lower()
        else:
            words = fold(piece).split()
            term = None
            for stem, value in _FOCUS_STEMS:
                if (len(stem) <= 4 and stem in words) or (len(stem) > 4 and any(
                        w.startswith(stem) or stem in w for w in words)):
                    term = value
                    break
        if term:
            if term not in found:
                found.append(term)
        else:
            unknown.append(piece)
    return found, unknown


# --- years and dates --------------------------------------------------------------------

@dataclass(frozen=True)
class Years:
    """Establishment and end as the dataset stores them, plus what could not be used."""

    established: int | None = None
    established_date: str = ""
    ended: int | None = None
    problem: str = ""


_MONTHS: dict[str, int] = {}
for _num, _names in enumerate((
    "january jan januar janvier enero gennaio janeiro styczen",
    "february feb februar fevrier febrero febbraio fevereiro luty",
    "march mar maerz marz mars marzo marco",
    "april apr avril abril aprile",
    "may mai mayo maggio maio",
    "june jun juni juin junio giugno junho",
    "july jul juli juillet julio luglio julho",
    "august aug aout agosto",
    "september sep sept septembre septiembre settembre setembro",
    "october oct oktober octobre octubre ottobre outubro okt",
    "november nov novembre noviembre novembro",
    "december dec dezember decembre diciembre dicembre dezembro dez",
), start=1):
    for _n in _names.split():
        _MONTHS[_n] = _num

_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][0-9:.]+Z?)?$")
_DMY_RE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_YMD_SLASH_RE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_RANGE_RE = re.compile(
    r"^(?:from|von|de|desde|since|seit|depuis)?\s*(.+?)\s*"
    r"(?:[–—-]|\bto\b|\bbis\b|\buntil\b|\bau\b|\bà\b|\ba\b|\bhasta\b|\bjusqu'?en\b)\s*(.+)$",
    re.IGNORECASE,
)
_PRESENT = {"heute", "present", "today", "now", "aujourd hui", "hoy", "actualidad", "presente",
            "jetzt", "ongoing", ""}
_PREFIX_RE = re.compile(
    r"^(?:since|seit|depuis|desde|from|von|dal|dès|des|ab|established|est\.?|circa|ca\.?|c\.|"
    r"about|around|vers|hacia|um|in|en|im)\s+", re.IGNORECASE)


def _valid_year(year: int) -> bool:
    return schema.MIN_YEAR <= year <= schema.MAX_YEAR


def _parse_one(text: str) -> tuple[int | None, str, str]:
    """(year, ISO date or "", problem) for one date expression."""
    text = text.strip().strip(".,;()[]").strip()
    while True:
        stripped = _PREFIX_RE.sub("", text)
        if stripped == text:
            break
        text = stripped.strip()
    if not text:
        return None, "", ""
    if re.fullmatch(r"\d{4}(?:\.0+)?", text):
        return int(text[:4]), "", ""
    m = _ISO_RE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        return _date(y, mo, int(d) if d else None, text)
    m = _YMD_SLASH_RE.match(text)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _DMY_RE.match(text)
    if m:
        first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if sep == "." or sep == "-":
            return _date(year, second, first, text)  # 12.05.1957 is always day.month.year
        if first > 12 >= second:
            return _date(year, second, first, text)
        if second > 12 >= first:
            return _date(year, first, second, text)
        if first == second:
            return _date(year, first, first, text)
        return year, "", ""  # 12/05/1957: day/month or month/day? keep only the year
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", text) or re.fullmatch(r"(\d{1,2})\.(\d{4})", text)
    if m:
        return _date(int(m.group(2)), int(m.group(1)), None, text)
    words = re.findall(r"[^\W\d_]+|\d+", fold(text))
    nums = [w for w in words if w.isdigit()]
    months = [_MONTHS[w] for w in words if w in _MONTHS]
    years = [int(n) for n in nums if len(n) == 4]
    if len(years) == 1 and len(months) <= 1:
        days = [int(n) for n in nums if len(n) <= 2]
        if months:
            return _date(years[0], months[0], days[0] if len(days) == 1 else None, text)
        leftover = [w for w in words if not w.isdigit()]
        if not leftover:
            return years[0], "", ""
        # "1957 (Vertrag)" or "approx. 1957": the year is clear, the rest is commentary.
        return years[0], "", ""
    return None, "", f"not a year or date: {text[:40]!r}"


def _date(year: int, month: int, day: int | None, text: str) -> tuple[int | None, str, str]:

    if not 1 <= month <= 12:
        return year, "", ""
    if day is None:
        return year, f"{year:04d}-{month:02d}", ""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None, "", f"not a valid date: {text[:40]!r}"
    return year, f"{year:04d}-{month:02d}-{day:02d}", ""


def parse_years(start_cell: str = "", end_cell: str = "") -> Years:
    """Years from the many ways lists write them.

    Accepts 1957, 1957.0, 1957-05, 1957-05-12, 12.05.1957, 12/05/1957 (the day only when
    unambiguous), "since 1957", "seit 1957", "12 May 1957", "1957–2022" (ended 2022),
    "1957 bis heute". Years outside the schema's range are dropped with a problem message
    rather than guessed.
    """
    start_text, end_text = clean_cell(start_cell), clean_cell(end_cell)
    problems: list[str] = []
    start = end = None
    date = ""
    if start_text:
        m = _RANGE_RE.match(start_text)
        if m and not _ISO_RE.match(start_text) and not _DMY_RE.match(start_text):
            first, second = m.group(1), m.group(2)
            start, date, p1 = _parse_one(first)
            if fold(second) in _PRESENT:
                p2, end_year = "", None
            else:
                end_year, _, p2 = _parse_one(second)
            if start is not None and (end_year is not None or fold(second) in _PRESENT):
                problems += [p for p in (p1, p2) if p]
                if end_year is not None and not end_text:
                    end = end_year
            else:
                start, date, p = _parse_one(start_text)
                problems += [p] if p else []
        else:
            start, date, p = _parse_one(start_text)
            problems += [p] if p else []
    if end_text and fold(end_text) not in _PRESENT:
        end, _, p = _parse_one(end_text)
        problems += [p] if p else []
    if start is not None and not _valid_year(start):
        problems.append(f"year {start} outside {schema.MIN_YEAR}–{schema.MAX_YEAR}; dropped")
        start, date = None, ""
    if end is not None and not _valid_year(end):
        problems.append(f"end year {end} outside {schema.MIN_YEAR}–{schema.MAX_YEAR}; dropped")
        end = None
    if start is not None and end is not None and end < start:
        problems.append(f"end year {end} before start {start}; end dropped")
        end = None
    return Years(start, date, end, "; ".join(problems))
