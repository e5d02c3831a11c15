"""What a town knows, back to the commons: accepted contributions as QuickStatements.

QuickStatements v1 text (tab-separated) that a Wikidata editor reviews and runs themselves:
"twinned administrative body" (P190) both ways, start time (P580) and end time (P582) as
year-precision qualifiers, and the evidence URL as the reference (S854). A statement needs
both cities' Wikidata items and a reference URL; a contribution without them is listed as
needing one, never guessed. Nothing is sent anywhere: the text is a file or a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sistermap.contrib.submit import URL, Suggestion
from sistermap.sources import LAYER_MATCHES, LAYERS_DIR
from sistermap.store import files

TWINNED = "P190"
START, END, REFERENCE_URL = "P580", "P582", "S854"


@dataclass(frozen=True)
class Batch:
    text: str  # the QuickStatements, one statement a line
    exported: list[int]  # submission numbers in the batch
    needs: list[tuple[int, str]]  # (submission, why it is not in the batch)


def wikidata_ids(data_dir: Path) -> dict[str, str]:
    """City id → Wikidata item: the matches the Wikidata layer recorded (and Q-ids as such)."""
    path = Path(data_dir) / LAYERS_DIR / "wikidata" / LAYER_MATCHES
    if not path.exists():
        return {}
    return {r["city_id"]: r["source_id"] for r in files.read_csv_rows(path)
            if r.get("source_id", "").startswith("Q")}


def _qid(city_id: str, qids: dict[str, str]) -> str | None:
    if city_id.startswith("Q") and city_id[1:].isdigit():
        return city_id
    return qids.get(city_id)


def _year(text: str) -> str:
    return f"+{int(text):04d}-00-00T00:00:00Z/9"


def _quoted(url: str) -> str:
    # A QuickStatements string is in double quotes; the URL pattern admits no quote,
    # no whitespace and no tab, so it cannot break out of its column or line.
    return f'"{url}"'


def quickstatements(items: list[tuple[int, Suggestion]], qids: dict[str, str]) -> Batch:
    """The batch for ``items`` (accepted contributions that state a link)."""
    lines: list[str] = []
    exported: list[int] = []
    needs: list[tuple[int, str]] = []
    for sid, s in items:
        a, b = _qid(s.city_a.city_id, qids), _qid(s.city_b.city_id, qids)
        missing = [c.name for c, q in ((s.city_a, a), (s.city_b, b)) if q is None]
        url = s.evidence_url.strip()
        if missing:
            needs.append((sid, "no Wikidata item for " + " and ".join(missing)))
            continue
        if not URL.match(url):
            needs.append((sid, "no reference URL (the evidence is a document or a "
                               "description)"))
            continue
        quals = []
        if s.established.strip().isdigit():
            quals += [START, _year(s.established.strip())]
        if s.ended.strip().isdigit():
            quals += [END, _year(s.ended.strip())]
        for one, other in ((a, b), (b, a)):
            lines.append("\t".join([one, TWINNED, other, *quals, REFERENCE_URL, _quoted(url)]))
        exported.append(sid)
    return Batch("".join(line + "\n" for line in lines), exported, needs)
