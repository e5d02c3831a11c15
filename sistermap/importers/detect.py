"""Encoding, delimiter and format detection for files people export from spreadsheets.

Excel on Windows writes "CSV" as cp1252 or (for "Unicode text") UTF-16 with a BOM and tabs;
LibreOffice and Google Sheets write UTF-8, sometimes with a BOM; German and French locales
use ``;`` because ``,`` is their decimal mark. Nothing here trusts a file name: the bytes
decide, and a file that is not text at all is reported, never parsed into garbage rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json

from sistermap.text import fold

DELIMITERS = ",;\t|"
#: Python's csv module stops a whole file at a cell over 128 KiB; a pasted paragraph should
#: be one rejected row instead, so the per-cell limit is raised once for the process.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
_SNIFF_LINE = 4000  # characters of each line looked at when guessing the delimiter


class NotText(ValueError):
    """The bytes are not a text table (binary junk, an image, an Excel .xlsx)."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text table.

    Order: BOMs (UTF-8, UTF-16 LE/BE, UTF-32), BOM-less UTF-16 recognised by its NUL byte
    pattern, strict UTF-8, then cp1252 (Excel's "ANSI"), then Latin-1 (which never fails).
    Raises NotText for ZIP containers (.xlsx), PDFs and byte soup.
    """
    if data.startswith(b"PK\x03\x04"):
        raise NotText("this is a ZIP container (an .xlsx workbook?); export it as CSV first")
    if data.startswith(b"%PDF"):
        raise NotText("this is a PDF, not a table; export the list as CSV")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise NotText(f"starts with a {enc} byte-order mark but is not {enc}: "
                              f"{exc}") from None
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return _try_utf16(data, "utf-16-le")
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return _try_utf16(data, "utf-16-be")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), "latin-1")


def _try_utf16(data: bytes, enc: str) -> tuple[str, str]:
    try:
        return _checked(data.decode(enc), enc)
    except UnicodeDecodeError as exc:
        raise NotText(f"looks like {enc} but does not decode: {exc}") from None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject byte soup: a text table is mostly printable characters."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
        if bad / len(sample) > 0.05:
            raise NotText(f"{bad} control characters in the first {len(sample)} "
                          "characters: binary data, not a text table")
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """The cell delimiter among , ; tab |.

    csv.Sniffer first (it understands quoting); when it fails or picks something odd, the
    delimiter that splits the first lines into the same, largest number of cells wins.
    """
    lines = [ln[:_SNIFF_LINE] for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines[:30])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    scores = {}
    for d in DELIMITERS:
        counts = []
        for row in csv.reader(io.StringIO("\n".join(lines[:30])), delimiter=d):
            counts.append(len(row))
        if not counts or max(counts) < 2:
            continue
        header = counts[0]
        consistent = sum(1 for c in counts if c == header) / len(counts)
        scores[d] = (consistent >= 0.6, header, consistent)
    if found in scores and scores[found][0]:
        best = max(scores.values())
        if scores[found][1] >= best[1] or not best[0]:
            return found
    if scores:
        return max(scores, key=lambda d: scores[d])
    return found or ","


def is_sparql_json(text: str) -> bool:
    """SPARQL 1.1 JSON results: {"head": {"vars": [...]}, "results": {"bindings": [...]}}."""
    head = text.lstrip()[:1]
    if head != "{":
        return False
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
        return False
    return isinstance(doc, dict) and "results" in doc and "head" in doc


#: Header words that mark a nodes file (cities with ids) and a links file (id pairs).
_NODE_ID = {"id", "node id", "nodeid", "city id", "cityid", "node", "key", "qid", "item"}
_LINK_ENDS = ({"source", "target"}, {"from", "to"}, {"source id", "target id"},
              {"id1", "id2"}, {"id 1", "id 2"}, {"city a id", "city b id"},
              {"node1", "node2"}, {"node 1", "node 2"}, {"src", "dst"},
              {"from id", "to id"}, {"origin id", "destination id"}, {"id a", "id b"})


def header_keys(header: list[str]) -> list[str]:
    """Folded header cells ("Ville jumelée" -> "ville jumelee")."""
    return [fold(h) for h in header]


def table_kind(header: list[str]) -> str:
    """"nodes", "links" or "pairs" from a header row."""
    keys = set(header_keys(header))
    for ends in _LINK_ENDS:
        if ends <= keys:
            return "links"
    if keys & _NODE_ID and ({"lat", "latitude"} & keys or {"name", "label", "city"} & keys):
        has_partner = any(k in keys for k in ("partner", "sister", "twin", "destination",
                                               "city2", "city 2", "partnerstadt"))
        if not has_partner:
            return "nodes"
    return "pairs"
