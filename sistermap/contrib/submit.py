"""A suggestion: checked field by field, limited per session and per address, then stored.

Nothing a visitor sends is trusted: every field has a size limit, text is stored as sent and
shown only through ``safe_text`` (so HTML, scripts, Markdown, formulas and bare URLs stay
inert), an evidence URL must be http(s), and a submission waits in the queue until a
moderator accepts it; nothing unreviewed reaches the map. Rate limits count the rows of the
database itself, so they hold across the app's processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field

import pandas as pd
from sqlalchemy import func, or_, select, text

from sistermap import schema
from sistermap.contrib.db import ContribError, Database, Submission, audit, now, open_db
from sistermap.i18n import N_, _

ACTIONS: dict[str, str] = {
    "new": N_("A partnership the map does not show"),
    "correction": N_("A correction to a partnership (a wrong year, an end, a status)"),
    "dispute": N_("A partnership that never existed"),
}
EVIDENCE_KINDS: dict[str, str] = {
    "signed_agreement": N_("Signed agreement"),
    "council_decision": N_("Council decision"),
    "press_report": N_("Press report"),
    "personal_knowledge": N_("Personal knowledge"),
}
#: Field size limits (characters): enough for a citation, too little for a flood.
LIMITS: dict[str, int] = {"name": 120, "country": 2, "note": 2000, "evidence_url": 500,
                          "evidence_ref": 300, "evidence_text": 2000, "contact": 200,
                          "focus": 8}
#: Per browser session and per address: at most so many in the window.
SESSION_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = dt.timedelta(hours=1)
URL = re.compile(r"^https?://[^\s<>\"']{3,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class SuggestionInvalid(ContribError):
    """A suggestion with problems: ``problems`` lists each as (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(m for _f, m in problems))
        self.problems = problems

    def __reduce__(self):  # raised in the app's worker process, read in the page's
        return (type(self), (self.problems,))


class RateLimited(ContribError):
    """Too many suggestions from one session or address in the window."""


@dataclass(frozen=True)
class CityRef:
    """One end of the link: a city of the data (``city_id``), or one the geocoder placed."""

    city_id: str
    name: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    population: int | None = None
    placed_by: str = "search"  # search (a city of the data) / geocoder (typed and placed)


@dataclass(frozen=True)
class Suggestion:
    """What a visitor suggests; years are text as typed, checked by ``check``."""

    action: str
    city_a: CityRef
    city_b: CityRef
    kind: str = ""
    established: str = ""
    ended: str = ""
    status: str = ""
    focus: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    evidence_kind: str = ""
    evidence_url: str = ""
    evidence_ref: str = ""
    evidence_text: str = ""
    contact: str = ""


def _year(text: str, label: str, problems: list[tuple[str, str]]) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not (schema.MIN_YEAR <= int(text) <= schema.MAX_YEAR):
        problems.append((label, _("{field}: a year between {lo} and {hi}, or empty").format(
            field=label, lo=schema.MIN_YEAR, hi=schema.MAX_YEAR)))
        return None
    return int(text)


def _too_long(name: str, value: str, problems: list[tuple[str, str]]) -> None:
    limit = LIMITS["name" if name.startswith("city") else name]
    if len(value) > limit:
        problems.append((name, _("{field}: at most {n} characters").format(field=name,
                                                                           n=limit)))


def check(s: Suggestion) -> list[tuple[str, str]]:
    """Every problem of a suggestion, as (field, message); empty when it may be stored."""
    problems: list[tuple[str, str]] = []
    if s.action not in ACTIONS:
        problems.append(("action", _("choose what you suggest")))
    for label, city in (("city_a", s.city_a), ("city_b", s.city_b)):
        _too_long(label, city.name, problems)
        if not city.city_id or not city.name.strip():
            problems.append((label, _("{field}: choose a city or type one the geocoder can "
                                      "place").format(field=label)))
        elif not _COUNTRY.match(city.country or "") or not (
                -90 <= city.lat <= 90 and -180 <= city.lon <= 180):
            problems.append((label, _("{field}: the city has no country or place").format(
                field=label)))
    if s.city_a.city_id and s.city_a.city_id == s.city_b.city_id:
        problems.append(("city_b", _("a city cannot be its own partner")))
    if s.kind and s.kind not in schema.KINDS:
        problems.append(("kind", _("unknown kind of partnership")))
    if s.status and s.status not in schema.STATUSES:
        problems.append(("status", _("unknown status")))
    if len(s.focus) > LIMITS["focus"] or any(f not in schema.FOCUS_AREAS for f in s.focus):
        problems.append(("focus", _("unknown focus area")))
    start = _year(s.established, "established", problems)
    end = _year(s.ended, "ended", problems)
    if start and end and end < start:
        problems.append(("ended", _("the end year is before the year it was formed")))
    for name in ("note", "evidence_url", "evidence_ref", "evidence_text", "contact"):
        _too_long(name, getattr(s, name), problems)
    if s.evidence_kind not in EVIDENCE_KINDS:
        problems.append(("evidence_kind", _("say what kind of evidence you have")))
    url = s.evidence_url.strip()
    if url and not URL.match(url):
        problems.append(("evidence_url", _("the evidence link must start with http:// or "
                                           "https://")))
    if not (url or s.evidence_ref.strip() or s.evidence_text.strip()):
        problems.append(("evidence", _("give evidence: a link, a document reference or a "
                                       "description")))
    return problems


def _key(value: str) -> str:
    """A rate-limit key: the address or session hashed, so the table holds no address."""
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:64]


def submit_to(url: str, s: Suggestion, session_id: str, address: str) -> int:
    """:func:`submit` to the database at ``url``: what the app's worker process runs, so a
    flood of suggestions takes processor time from that process, not from the pages."""
    return submit(open_db(url), s, session_id, address)


def submit(db: Database, s: Suggestion, session_id: str, address: str,
           at: dt.datetime | None = None) -> int:
    """Store a suggestion for review; returns its number.

    Raises ``SuggestionInvalid`` (with every problem) or ``RateLimited``; nothing is stored
    then.
    """
    problems = check(s)
    if problems:
        raise SuggestionInvalid(problems)
    at = at or now()
    skey, akey = _key("s:" + (session_id or "")), _key("a:" + (address or "unknown"))
    since = at - WINDOW
    with db.transaction() as t:
        if db.engine.dialect.name == "postgresql":
            # SQLite's transactions here are IMMEDIATE (one writer); PostgreSQL's are not,
            # so two requests of one visitor take a lock on their keys before counting.
            for key in sorted((skey, akey)):
                t.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                          {"k": int(key[:15], 16)})

        mine, here = t.execute(select(
            func.count().filter(Submission.session_key == skey),
            func.count().filter(Submission.address == akey)).where(
            or_(Submission.session_key == skey, Submission.address == akey),
            Submission.created > since)).one()
        if mine >= SESSION_LIMIT:
            raise RateLimited(_("you have sent {n} suggestions in the last hour; please wait "
                                "before sending more").format(n=SESSION_LIMIT))
        if here >= ADDRESS_LIMIT:
            raise RateLimited(_("too many suggestions from your network in the last hour; "
                                "please wait before sending more"))
        payload = asdict(s)
        payload["focus"] = list(s.focus)
        contact = payload.pop("contact").strip()
        row = Submission(created=at, action=s.action, status="pending",
                         pair_key="|".join(schema.pair_key(s.city_a.city_id, s.city_b.city_id)),
                         payload=payload, session_key=skey, address=akey, contact=contact,
                         reviewed=None, reviewer="", reason="")
        t.add(row)
        t.flush()
        audit(t, "visitor", "submitted", row.id, kind=s.action)
        return row.id


def city_ref(payload: dict) -> CityRef:
    return CityRef(**payload)


def suggestion_of(payload: dict) -> Suggestion:
    """The stored payload back as a ``Suggestion`` (the contact is not in it)."""
    data = dict(payload)
    data["city_a"], data["city_b"] = city_ref(data["city_a"]), city_ref(data["city_b"])
    data["focus"] = tuple(data.get("focus") or ())
    return Suggestion(**data)


def city_from_data(cities, city_id: str) -> CityRef:
    """A city of the loaded data (``cities`` indexed by id) as one end of a suggestion."""
    row = cities.loc[city_id]
    pop, admin1 = row.get("population"), row.get("admin1")
    return CityRef(str(city_id), str(row["name"]), str(row["country"]), float(row["lat"]),
                   float(row["lon"]), "" if pd.isna(admin1) else str(admin1),
                   None if pd.isna(pop) else int(pop), "search")


def city_from_match(match) -> CityRef | None:
    """A typed city the offline geocoder placed (``places.geocode.Match``), or None."""
    place = getattr(match, "place", None)
    if match is None or match.status != "resolved" or place is None:
        return None
    return CityRef(place.city_id, place.name, place.country, float(place.lat),
                   float(place.lon), place.admin1_name or place.admin1 or "",
                   int(place.population) if place.population else None, "geocoder")


def client_address(headers: dict | None, remote_ip: str | None) -> str:
    """The address a rate limit counts: the first X-Forwarded-For hop behind a proxy, else
    the peer's address, else "unknown" (all unknown visitors share one limit)."""
    forwarded = ""
    for key, value in (headers or {}).items():
        if str(key).lower() == "x-forwarded-for" and isinstance(value, str):
            forwarded = value.split(",")[0].strip()
    remote = remote_ip if isinstance(remote_ip, str) else ""
    return (forwarded or remote or "unknown")[:64]
