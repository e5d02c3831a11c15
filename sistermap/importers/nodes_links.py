"""Node and link lists: a cities file (id, name, country, coordinates) and a links file.

This is how graph tools and Wikidata-derived exports are shaped (Gephi, networkx, Kumu):
``nodes.csv`` with ``id,label,country,lat,lon`` and ``edges.csv`` with ``source,target``
plus optional year/kind columns. Node ids that are Wikidata QIDs (or entity URIs) become
the dataset's city ids; other ids are only join keys and the places are geocoded.
"""

from __future__ import annotations

from sistermap.importers import (
    MAX_NAME_LEN,
    Defaults,
    PairRecord,
    PlaceRef,
    ReadResult,
    clean_cell,
    has_control_chars,
    pairs,
    textrows,
    too_wide,
)
from sistermap.importers.detect import sniff_delimiter
from sistermap.names import fold
from sistermap.schema import Problem

_ID = {"id", "node id", "nodeid", "city id", "cityid", "node", "key", "qid", "item", "uri"}
_NAME = {"name", "label", "city", "citylabel", "city label", "itemlabel", "item label",
         "place", "town", "stadt", "ville", "ciudad", "city name", "node label", "title"}
_LINK_ENDS = (("source", "target"), ("from", "to"), ("source id", "target id"),
              ("id1", "id2"), ("id 1", "id 2"), ("city a id", "city b id"),
              ("node1", "node2"), ("node 1", "node 2"), ("src", "dst"),
              ("from id", "to id"), ("origin id", "destination id"), ("id a", "id b"))


def _rows(text: str) -> tuple[list[str], list[list[str] | str], str]:
    """Header and data rows (blank ones dropped); an unreadable row is its reason (a str)."""
    delim = sniff_delimiter(text)
    parsed = textrows.split_rows(text, delim)
    rows: list[list[str] | str] = [
        parsed.broken[i] if i in parsed.broken else r for i, r in enumerate(parsed.rows)
        if i in parsed.broken or any(c.strip() for c in r)]
    while rows and isinstance(rows[0], str):
        rows.pop(0)  # a broken line above the header is not a row
    if not rows:
        return [], [], delim
    return [clean_cell(c) for c in rows[0]], rows[1:], delim


def read_nodes(name: str, text: str) -> tuple[dict[str, PlaceRef], ReadResult]:
    """Places by node id; bad node rows are row errors (links to them fail later)."""
    result = ReadResult(file=name, format="nodes")
    header, rows, result.delimiter = _rows(text)
    nodes: dict[str, PlaceRef] = {}
    if not header:
        result.errors.append(Problem(name, 0, "", "empty file"))
        return nodes, result
    wide = too_wide(name, [len(header)])
    if wide:
        result.errors.append(wide)
        return nodes, result
    keys = [fold(h) for h in header]
    id_col = next((i for i, k in enumerate(keys) if k in _ID), None)
    name_col = next((i for i, k in enumerate(keys) if k in _NAME and i != id_col), None)
    if id_col is None or name_col is None:
        result.errors.append(Problem(name, 0, "", "a nodes file needs an id column and a name "
                                      f"column; found {', '.join(header)}"))
        return nodes, result
    # The other columns (country, lat, lon, region, population) are read as one side.
    renamed = list(header)
    renamed[name_col] = "city"
    renamed[id_col] = "__id__"
    layout = pairs.detect_layout(renamed)
    layout.index.pop("city_a", None)
    if "city_b" in layout.index:  # a single city column is treated as side b: rename
        layout.index = {k.replace("_b", "_a") if k.endswith("_b") else k: v
                        for k, v in layout.index.items()}
    layout.index["city_a"] = name_col
    result.columns = {role: header[i] for role, i in layout.index.items()}
    result.columns["id"] = header[id_col]
    for n, cells in enumerate(rows, start=1):
        result.rows_read += 1
        if isinstance(cells, str):
            result.errors.append(Problem(name, n, "", cells))
            continue
        node_id = clean_cell(cells[id_col]) if id_col < len(cells) else ""
        if not node_id:
            result.errors.append(Problem(name, n, "", "node without id"))
            continue
        if has_control_chars(node_id) or len(node_id) > MAX_NAME_LEN:
            result.errors.append(Problem(name, n, "", "node id is not text"))
            continue
        ref, why = pairs.place_ref(layout, cells, "a")
        if ref is None:
            result.errors.append(Problem(name, n, "", f"node {node_id[:40]!r}: {why}"))
            continue
        qid = ref.qid or pairs.qid_of(node_id)
        ref = PlaceRef(ref.name, ref.country, ref.region, ref.lat, ref.lon, qid, ref.population)
        if node_id in nodes:
            result.warnings.append(Problem(name, n, "", f"node id {node_id!r} repeated; "
                                            "the first row is used"))
            continue
        nodes[node_id] = ref
    return nodes, result


def read_links(name: str, text: str, nodes: dict[str, PlaceRef], *,
               defaults: Defaults = Defaults()) -> ReadResult:
    """Partnership records for id pairs; unknown ids are row errors."""
    result = ReadResult(file=name, format="links")
    header, rows, result.delimiter = _rows(text)
    if not header:
        result.errors.append(Problem(name, 0, "", "empty file"))
        return result
    wide = too_wide(name, [len(header)])
    if wide:
        result.errors.append(wide)
        return result
    keys = [fold(h) for h in header]
    ends = None
    for a_name, b_name in _LINK_ENDS:
        if a_name in keys and b_name in keys:
            ends = keys.index(a_name), keys.index(b_name)
            break
    if ends is None:
        result.errors.append(Problem(name, 0, "", "a links file needs two id columns such as "
                                      f"source,target; found {', '.join(header)}"))
        return result
    masked = ["" if i in ends else h for i, h in enumerate(header)]
    layout = pairs.detect_layout(masked)
    for role in list(layout.index):
        if role[:-2] in pairs.SIDE_ROLES and role[-2:] in ("_a", "_b"):
            del layout.index[role]
    result.columns = {"source": header[ends[0]], "target": header[ends[1]]}
    result.columns.update({role: header[i] for role, i in layout.index.items()})
    source_name = pairs.source_name(name)
    for n, cells in enumerate(rows, start=1):
        result.rows_read += 1
        if isinstance(cells, str):
            result.errors.append(Problem(name, n, "", cells))
            continue
        ids = [clean_cell(cells[i]) if i < len(cells) else "" for i in ends]
        missing = [i for i in ids if i not in nodes]
        if not all(ids):
            result.errors.append(Problem(name, n, "", "link without both ids"))
            continue
        if missing:
            shown = ", ".join(repr(m[:40]) for m in missing)
            result.errors.append(Problem(name, n, "", f"id {shown} not in the nodes file"))
            continue
        warn: list[str] = []
        attrs = pairs.attributes(layout, cells, defaults, warn)
        attrs["source"] = attrs["source"] or source_name
        result.warnings += [Problem(name, n, "", w) for w in warn]
        result.records.append(PairRecord(file=name, row=n, a=nodes[ids[0]], b=nodes[ids[1]],
                                         **attrs))
    if result.rows_read == 0:
        result.errors.append(Problem(name, 0, "", "header only: no data rows"))
    return result
