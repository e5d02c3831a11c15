"""The moderators' work: the queue, what each suggestion is beside, and the decisions.

Every function here that reads the queue or changes anything takes the moderator's session
token and calls ``accounts.require`` first, so no action is reachable without a valid
session (the moderation page is only a caller of these). Every decision is one transaction
that records the review history and the audit log with the change, and then rebuilds the
contributed layer (``layer.rebuild``); ``undo`` returns a decision to the queue the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from sistermap import schema
from sistermap.contrib import accounts, layer, upstream
from sistermap.contrib.db import (
    AuditEntry,
    ContribError,
    Database,
    Review,
    Submission,
    audit,
    now,
)
from sistermap.contrib.submit import Suggestion, SuggestionInvalid, check, suggestion_of
from sistermap.geo import distance_km
from sistermap.i18n import _
from sistermap.places import citymatch

MAX_REASON = 1000
DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True)
class Item:
    """One submission as a moderator sees it."""

    id: int
    created: dt.datetime
    action: str
    status: str
    suggestion: Suggestion
    contact: str
    reviewer: str
    reason: str


@dataclass(frozen=True)
class Context:
    """What a suggestion is beside: the record it would change, neighbours, duplicates."""

    current: list[dict]  # the partnership of this pair in the data (empty when none)
    nearest: dict[str, list[tuple[str, str, float]]]  # end → [(city_id, name, km)]
    same_city: dict[str, str]  # end typed and placed → a city of the data it probably is
    same_pair: list[int]  # other submissions about this pair


def _item(row: Submission) -> Item:
    return Item(row.id, row.created, row.action, row.status, suggestion_of(row.payload),
                row.contact, row.reviewer, row.reason)


def queue(db: Database, token: str | None, status: str = "pending", limit: int = 50,
          offset: int = 0) -> list[Item]:
    """Submissions in a state (pending first-come first-served; decided newest first)."""
    accounts.require(db, token)
    with db.transaction() as s:
        order = (Submission.id,) if status == "pending" else (Submission.reviewed.desc(),
                                                             Submission.id.desc())
        rows = s.scalars(select(Submission).where(Submission.status == status)
                         .order_by(*order).limit(max(1, min(limit, 500))).offset(offset)).all()
        return [_item(r) for r in rows]


def counts(db: Database, token: str | None) -> dict[str, int]:
    """How many submissions are in each state."""
    accounts.require(db, token)
    with db.transaction() as s:
        return dict(s.execute(select(Submission.status, func.count())
                              .group_by(Submission.status)).all())


def history(db: Database, token: str | None, submission_id: int) -> list[dict]:
    """A submission's review history, oldest first."""
    accounts.require(db, token)
    with db.transaction() as s:
        rows = s.scalars(select(Review).where(Review.submission_id == submission_id)
                         .order_by(Review.id)).all()
        return [{"at": r.at, "moderator": r.moderator, "decision": r.decision,
                 "reason": r.reason} for r in rows]


def audit_log(db: Database, token: str | None, limit: int = 200) -> list[dict]:
    """The newest entries of the audit log."""
    accounts.require(db, token)
    with db.transaction() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
        return [{"at": r.at, "actor": r.actor, "action": r.action,
                 "submission": r.submission_id, "detail": r.detail} for r in rows]


def nearest_cities(cities: pd.DataFrame, lat: float, lon: float, n: int = 5,
                   exclude: str = "") -> list[tuple[str, str, float]]:
    """The ``n`` cities of the data nearest a point: is a typed town one we already have?"""
    if cities.empty:
        return []
    km = distance_km(cities["lon"].to_numpy(float), cities["lat"].to_numpy(float),
                     np.full(len(cities), lon), np.full(len(cities), lat))
    order = np.argsort(km, kind="stable")
    out = []
    for i in order[: n + 1]:
        cid = str(cities.index[i])
        if cid != exclude:
            out.append((cid, str(cities["name"].iloc[i]), round(float(km[i]), 1)))
    return out[:n]


def context(db: Database, token: str | None, submission_id: int,
            cities: pd.DataFrame, partnerships: pd.DataFrame) -> Context:
    """The record a suggestion is about and what may make it a duplicate.

    ``cities`` / ``partnerships`` are a loaded dataset's tables (cities indexed by id).
    """
    accounts.require(db, token)
    with db.transaction() as s:
        row = s.get(Submission, submission_id)
        if row is None:
            raise ContribError(_("no submission number {n}").format(n=submission_id))
        sug = suggestion_of(row.payload)
        others = s.scalars(select(Submission.id).where(
            Submission.pair_key == row.pair_key, Submission.id != row.id)
            .order_by(Submission.id).limit(50)).all()
    a, b = schema.pair_key(sug.city_a.city_id, sug.city_b.city_id)
    mask = ((partnerships["city_a_id"] == a) & (partnerships["city_b_id"] == b)) | (
        (partnerships["city_a_id"] == b) & (partnerships["city_b_id"] == a))
    shown = [c for c in ("city_a_id", "city_b_id", "kind", "established", "ended", "status",
                         "focus_areas", "source", "note", "source_mark") if c in partnerships]
    current = partnerships.loc[mask, shown].astype(object).where(
        partnerships.loc[mask, shown].notna(), "").to_dict("records")
    nearest = {end: nearest_cities(cities, c.lat, c.lon, exclude=c.city_id)
               for end, c in (("city_a", sug.city_a), ("city_b", sug.city_b))}
    placed = [c for c in (sug.city_a, sug.city_b)
              if c.placed_by != "search" and c.city_id not in cities.index]
    same_city: dict[str, str] = {}
    if placed and not cities.empty:
        new = pd.DataFrame([{"city_id": c.city_id, "name": c.name, "alt_names": "",
                             "country": c.country, "lat": c.lat, "lon": c.lon}
                            for c in placed])
        existing = pd.DataFrame({"city_id": cities.index.astype(str),
                                 **{c: cities[c].to_numpy() for c in ("name", "alt_names",
                                                                      "country", "lat",
                                                                      "lon")}})
        existing["alt_names"] = existing["alt_names"].map(
            lambda v: v if isinstance(v, str) else schema.LIST_SEP.join(v or ()))
        same_city = citymatch.crosswalk(existing, new)
    return Context(current, nearest, same_city, list(others))


def _reason(reason: str, required: bool) -> str:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ContribError(_("a reason has at most {n} characters").format(n=MAX_REASON))
    if required and not reason:
        raise ContribError(_("give a reason"))
    return reason


def _decide(db: Database, token: str | None, submission_id: int, decision: str,
            reason: str, edited: Suggestion | None, data_dir: Path | None,
            allowed_from: tuple[str, ...], new_status: str) -> Item:
    who = accounts.require(db, token)
    if edited is not None:
        problems = check(edited)
        if problems:
            raise SuggestionInvalid(problems)
    with db.transaction() as s:
        row = s.get(Submission, submission_id, with_for_update=True)
        if row is None:
            raise ContribError(_("no submission number {n}").format(n=submission_id))
        if row.status not in allowed_from:
            raise ContribError(_("submission {n} is {status}: nothing to {decision}").format(
                n=submission_id, status=row.status, decision=decision))
        before = {"status": row.status, "payload": row.payload, "reason": row.reason}
        if decision == "undone":
            last = s.scalars(select(Review).where(Review.submission_id == row.id,
                                                  Review.decision != "undone")
                             .order_by(Review.id.desc()).limit(1)).first()
            if last is not None:  # an edit is undone too: the suggestion as it was sent
                row.payload = last.before["payload"]
                a, b = row.payload["city_a"]["city_id"], row.payload["city_b"]["city_id"]
                row.pair_key = "|".join(schema.pair_key(a, b))
        if edited is not None:
            payload = asdict(edited)
            payload["focus"] = list(edited.focus)
            payload.pop("contact", None)
            row.payload = payload
            row.pair_key = "|".join(schema.pair_key(edited.city_a.city_id,
                                                    edited.city_b.city_id))
        row.status, row.reason = new_status, reason
        row.reviewed, row.reviewer = now(), who.name
        after = {"status": row.status, "payload": row.payload, "reason": row.reason}
        s.add(Review(submission_id=row.id, at=row.reviewed, moderator=who.name,
                     decision=decision, reason=reason, before=before, after=after))
        audit(s, who.name, decision, row.id, reason=reason, edited=edited is not None,
              before_status=before["status"], after_status=new_status)
        item = _item(row)
    if data_dir is not None:
        layer.rebuild(db, data_dir)
    return item


def accept(db: Database, token: str | None, submission_id: int, data_dir: Path | None,
           reason: str = "", edited: Suggestion | None = None) -> Item:
    """Accept a pending suggestion (as sent, or as the moderator ``edited`` it).

    The contributed layer of ``data_dir`` is rebuilt; ``None`` leaves files alone (tests).
    """
    return _decide(db, token, submission_id, "edited" if edited else "accepted",
                   _reason(reason, False), edited, data_dir, ("pending",), "accepted")


def reject(db: Database, token: str | None, submission_id: int, reason: str) -> Item:
    """Reject a pending suggestion; a reason is required (it is the record of why)."""
    return _decide(db, token, submission_id, "rejected", _reason(reason, True), None, None,
                   ("pending",), "rejected")


def undo(db: Database, token: str | None, submission_id: int, data_dir: Path | None,
         reason: str = "") -> Item:
    """Return a decided submission to the queue; an accepted one leaves the map again."""
    return _decide(db, token, submission_id, "undone", _reason(reason, False), None,
                   data_dir, DECISIONS, "pending")


def export(db: Database, token: str | None, data_dir: Path) -> upstream.Batch:
    """The accepted contributions as QuickStatements (the moderation page's download)."""
    accounts.require(db, token)
    return upstream.quickstatements(layer.accepted(db), upstream.wikidata_ids(data_dir))
