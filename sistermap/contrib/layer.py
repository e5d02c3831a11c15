"""Accepted contributions as a source of their own: the dataset's ``sources/contributed/``.

The database is the record; the layer is what the map reads, rebuilt from the accepted
contributions after every decision (accept, edit, undo). It is a layer like Wikidata's
(``store/layers.py`` merges it on load), so a contributed link carries its own source mark
("community contributed, reviewed") everywhere a link's sources show, the sources filter
covers it, and the dataset's own reviewed fields win where they disagree (a contributed end
year shows beside them in ``source_notes``, never silently over them).

Written the way the importer's merge writes (``importers/merge.py``): under the dataset's
exclusive lock, each file through an atomic rename, and nothing written when nothing changed
— a rebuild of an unchanged queue leaves the files byte for byte as they were (idempotent),
and rebuilding from the database after an undo is the undo.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from sistermap import schema
from sistermap.contrib.db import Database, Submission
from sistermap.contrib.submit import EVIDENCE_KINDS, URL, Suggestion, suggestion_of
from sistermap.sources import LAYER_CITIES, LAYER_DETAILS, LAYER_LINKS, LAYERS_DIR
from sistermap.store import files

KEY = "contributed"
#: A contributed statement carries ``sources.LAYER_DETAILS`` beyond the statement columns
#: (``store/layers.py`` reads them for links no other source lists).
LINK_COLUMNS = (*schema.STATEMENT_COLUMNS, *LAYER_DETAILS)
#: The actions that state a link (a dispute states that one never existed: a curator's call).
STATING = ("new", "correction")


def layer_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LAYERS_DIR / KEY


def accepted(db: Database) -> list[tuple[int, Suggestion]]:
    """Accepted suggestions that state a link, oldest decision first (a later one wins)."""
    with db.transaction() as s:
        rows = s.execute(select(Submission.id, Submission.payload).where(
            Submission.status == "accepted", Submission.action.in_(STATING)).order_by(
            Submission.reviewed, Submission.id)).all()
    return [(sid, suggestion_of(payload)) for sid, payload in rows]


def _reference(s: Suggestion) -> str:
    url = s.evidence_url.strip()
    return url if URL.match(url) else ""


def evidence_note(s: Suggestion) -> str:
    """The link's note: the kind of evidence first (shown wherever the note shows), then
    the contributor's note as sent (shown through ``safe_text`` like every note)."""
    kind = EVIDENCE_KINDS.get(s.evidence_kind, "")
    head = f"Community contributed, reviewed; evidence: {kind.lower()}." if kind else ""
    return " ".join(p for p in (head, s.note.strip()) if p)


def tables(items: list[tuple[int, Suggestion]], own_ids: set[str]
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The layer's cities (those the dataset's own tables lack) and its statements."""
    cities: dict[str, dict] = {}
    links: dict[tuple[str, str], dict] = {}
    for _sid, s in items:
        for c in (s.city_a, s.city_b):
            if c.city_id not in own_ids:
                cities[c.city_id] = {
                    "city_id": c.city_id, "name": c.name, "alt_names": "",
                    "country": c.country, "admin1": c.admin1, "lat": c.lat, "lon": c.lon,
                    "population": "" if c.population is None else int(c.population)}
        a, b = schema.pair_key(s.city_a.city_id, s.city_b.city_id)
        status = s.status or ("ended" if s.ended.strip() else "")
        links[(a, b)] = {
            "city_a_id": a, "city_b_id": b, "established": s.established.strip(),
            "ended": s.ended.strip(), "reference": _reference(s), "kind": s.kind,
            "status": status, "focus_areas": schema.LIST_SEP.join(s.focus),
            "note": evidence_note(s)}
    city_frame = pd.DataFrame(sorted(cities.values(), key=lambda r: r["city_id"]),
                              columns=list(schema.CITY_COLUMNS))
    link_frame = pd.DataFrame([links[k] for k in sorted(links)], columns=list(LINK_COLUMNS))
    return city_frame, link_frame


def _csv(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    return frame.reindex(columns=list(columns)).to_csv(
        index=False, lineterminator="\n").encode("utf-8")


def rebuild(db: Database, data_dir: Path) -> bool:
    """Write the layer from the database; returns whether a file changed.

    With no accepted contribution the layer's files are removed, so the dataset looks as it
    did before any (an undo of the last one restores it exactly).
    """
    data_dir = Path(data_dir)
    with files.locked(data_dir):
        own = {r["city_id"] for r in files.read_csv_rows(data_dir / files.CITIES_FILE)} \
            if (data_dir / files.CITIES_FILE).exists() else set()
        target = layer_dir(data_dir)
        items = accepted(db)
        if not items:
            changed = False
            for name in (LAYER_LINKS, LAYER_CITIES):
                if (target / name).exists():
                    (target / name).unlink()
                    changed = True
            return changed
        city_frame, link_frame = tables(items, own)
        target.mkdir(parents=True, exist_ok=True)
        changed = False
        # Cities first: a links file never names a city its cities file lacks.
        for name, frame, columns in ((LAYER_CITIES, city_frame, schema.CITY_COLUMNS),
                                     (LAYER_LINKS, link_frame, LINK_COLUMNS)):
            data = _csv(frame, columns)
            path = target / name
            if path.exists() and path.read_bytes() == data:
                continue
            files.atomic_write_bytes(path, data, 0o644)
            changed = True
        return changed
