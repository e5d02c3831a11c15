"""Where a partnership comes from: the registry of sources and the layer files' names.

Each link lists the sources that state it (reviewed, Wikidata, imported); ``mark`` is how a
link shows them. How layers are built is ``curation/wikidata_layer.py``, how they are merged
on load ``store/layers.py``, and the figures about them ``query/provenance.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sistermap.i18n import N_, _


@dataclass(frozen=True)
class Source:
    key: str
    mark: str  # shown on each link it lists
    description: str


SOURCES: dict[str, Source] = {
    "reviewed": Source("reviewed", N_("reviewed"),
                       "the curated review: each record checked by a curator and cited"),
    "wikidata": Source("wikidata", N_("Wikidata"),
                       "Wikidata's twinned administrative body (P190); the shipped snapshot "
                       "states pairs only, no dates, kind or focus"),
    "imported": Source("imported", N_("imported"), "a list imported or uploaded by a user"),
    "contributed": Source("contributed", N_("community contributed, reviewed"),
                          "suggested by a visitor with evidence and accepted by a moderator "
                          "(sistermap/contrib/)"),
}
MARKS: dict[str, str] = {k: s.mark for k, s in SOURCES.items()}
_KNOWN_MARKS = frozenset(MARKS.values())

LAYERS_DIR = "sources"
#: Built layers a dataset directory may carry, in ``sources/<key>/``, in merge order.
LAYER_KEYS: tuple[str, ...] = ("wikidata", "contributed")
LAYER_CITIES, LAYER_LINKS, LAYER_MATCHES = "cities.csv", "links.csv", "matches.csv"
#: Optional columns of a layer's ``links.csv`` beyond the statement (the contributed layer's).
LAYER_DETAILS: tuple[str, ...] = ("kind", "status", "focus_areas", "note")
LAYER_REPORT = "build-report.txt"
#: The shipped Wikidata snapshot (verbatim copy) inside ``sources/``.
SNAPSHOT_DIR = "wikidata-twin-cities"
#: A file the import command writes: a directory holding it is an imported list.
IMPORT_MARKER = "import-report.json"
WIKIDATA_ITEM = "https://www.wikidata.org/wiki/{}"


def base_source(root: Path | None) -> str:
    """The source of a directory's own tables: imported when ``import`` wrote it."""
    return "imported" if root is not None and (Path(root) / IMPORT_MARKER).exists() \
        else "reviewed"


def mark(keys: Iterable[str]) -> str:
    """The mark of a link: "reviewed", "Wikidata", "reviewed + Wikidata" (stored in English,
    like every value of the data; ``mark_label`` shows it in the reader's language)."""
    return " + ".join(MARKS.get(k, k) for k in keys)


def mark_label(mark_text: object) -> str:
    """A link's mark in the reader's language ("geprüft + Wikidata"): each source's own
    word translated, anything else (an unknown source) left as it is. A link's own keys
    (``("reviewed", "wikidata")``, the partnerships table's ``sources``) are marked first."""
    if isinstance(mark_text, (tuple, list)):
        mark_text = mark(mark_text)
    if not isinstance(mark_text, str) or not mark_text:
        return ""
    return " + ".join(_(part) if part in _KNOWN_MARKS else part
                      for part in mark_text.split(" + "))
