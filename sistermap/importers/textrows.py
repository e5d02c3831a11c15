"""Text into rows without losing any: line breaks, quote breaks, mixed encodings, JSON.

A spreadsheet export breaks in a few typical ways, and each must cost one row, not a file:

* a stray ``"`` opens a quoted cell that never closes, and a plain CSV reader then swallows
  every line up to the next quote (or the end) into one giant cell. Here a record spanning
  several lines is kept only when it looks like a real multi-line cell; otherwise its first
  line is reported as a quote break and reading resumes on the next line;
* lines end in ``\\r\\n``, ``\\n`` or a bare ``\\r`` (old Mac exports): all three count;
* one file holds UTF-8 rows and a few rows pasted from a Windows-1252 source: each line is
  decoded as UTF-8 where it is valid, and only the other lines fall back (and are reported);
* a JSON file that is not SPARQL results, truncated, or nested absurdly deep is JSON with a
  problem, not a CSV with a strange header.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field

#: A record may span at most this many lines (a note with line breaks); more is a quote break.
MAX_CELL_LINES = 10
QUOTE_BREAK = ("unbalanced quote: a \" opens a cell that does not close on this line, so "
               "the row was not imported (the rows after it were); remove the stray quote "
               "or close it")
RECODED = ("not valid UTF-8: this row was decoded as Windows-1252 (the rest of the file is "
           "UTF-8); check its accents")

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINE_BYTES_RE = re.compile(rb"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    """Physical lines with their endings; only CR LF, LF and a bare CR end a line."""
    return _LINE_RE.findall(text)


def count_lines(text: str) -> int:
    """Lines as a CSV reader sees them: CR LF, LF and bare CR each end one."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and not text.endswith(("\n", "\r")) else 0)


@dataclass
class Rows:
    """Records of a delimited text, each with the physical line it starts on."""

    rows: list[list[str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # 0-based physical line of each record
    spans: list[int] = field(default_factory=list)  # physical lines each record covers
    broken: dict[int, str] = field(default_factory=dict)  # record index -> why unreadable


def _expected_width(head: list[str], delimiter: str) -> int:
    """The usual number of cells per line among the first lines (0 when unclear)."""
    counts = Counter()
    for line in head:
        if line.strip():
            cells = next(csv.reader([line], delimiter=delimiter), [])
            counts[len(cells)] += 1
    return counts.most_common(1)[0][0] if counts else 0


def _swallowed(block: list[str], cells: list[str], width: int, delimiter: str) -> bool:
    """Does a multi-line record look like a quote break rather than a multi-line cell?"""
    if len(block) > MAX_CELL_LINES:
        return True
    if width >= 2 and len(cells) != width:
        return True
    need = max(1, width - 1)
    return width >= 2 and any(line.count(delimiter) >= need for line in block[1:])


def split_rows(text: str, delimiter: str) -> Rows:
    """All records as lists of cells; a quote break costs its own line and nothing more."""
    ls = lines(text)
    n = len(ls)
    width = _expected_width(ls[:50], delimiter)
    out = Rows()
    i = 0
    while i < n:
        reader = csv.reader((ls[j] for j in range(i, n)), delimiter=delimiter)
        consumed = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                i = n
                break
            except csv.Error as exc:
                span = max(1, reader.line_num - consumed)
                out.rows.append([])
                out.starts.append(i)
                out.spans.append(span)
                out.broken[len(out.rows) - 1] = f"unreadable row: {exc}"
                i += span
                break
            span = reader.line_num - consumed
            consumed = reader.line_num
            block = ls[i:i + span]
            unclosed = i + span == n and "".join(block).count('"') % 2 == 1  # open at the end
            if unclosed or (span > 1 and _swallowed(block, cells, width, delimiter)):
                out.rows.append([])
                out.starts.append(i)
                out.spans.append(1)
                out.broken[len(out.rows) - 1] = QUOTE_BREAK
                i += 1
                break  # read again from the next line, as if the quote had closed
            out.rows.append(cells)
            out.starts.append(i)
            out.spans.append(span)
            i += span
    return out


# --- decoding ---------------------------------------------------------------------------

def decode_by_line(data: bytes) -> tuple[str, set[int]] | None:
    """UTF-8 where each line is valid, Windows-1252 (else Latin-1) for the other lines.

    Returns (text, indexes of the re-decoded lines), or None when no line is non-ASCII
    UTF-8: then the file is simply in a single-byte encoding and is decoded whole.
    """
    parts = _LINE_BYTES_RE.split(data)
    seps = _LINE_BYTES_RE.findall(data)
    out: list[str] = []
    recoded: set[int] = set()
    utf8_non_ascii = 0
    for idx, chunk in enumerate(parts):
        try:
            piece = chunk.decode("utf-8")
            if not chunk.isascii():
                utf8_non_ascii += 1
        except UnicodeDecodeError:
            try:
                piece = chunk.decode("cp1252")
            except UnicodeDecodeError:
                piece = chunk.decode("latin-1")
            recoded.add(idx)
        out.append(piece)
        if idx < len(seps):
            out.append(seps[idx].decode("ascii"))
    if not utf8_non_ascii:
        return None
    return "".join(out), recoded


# --- JSON -------------------------------------------------------------------------------

_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|\Z)|\[\s*(?:["{\[\]\-0-9]|true|false|null|\Z))')


def looks_like_json(text: str) -> bool:
    """Starts like a JSON object or array ("[Partnerstädte]" as a title row does not)."""
    return bool(_JSON_START.match(text.lstrip("\ufeff \t\r\n")))


def parse_json(text: str) -> tuple[object, str]:
    """(document, "") or (None, what is wrong), never raising on content."""
    try:
        return json.loads(text), ""
    except RecursionError:
        return None, ("JSON nested too deeply (over ~1,000 levels): not SPARQL results; "
                      "nothing was read from it")
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            truncated = exc.pos >= len(text.rstrip()) - 1
            where = f"line {exc.lineno}, column {exc.colno}"
            if truncated:
                return None, (f"broken JSON: it ends too early ({exc.msg} at {where}); the "
                              "file looks truncated: download or export it again")
            return None, f"broken JSON: {exc.msg} at {where}"
        return None, f"broken JSON: {exc}"


def describe_json(doc: object) -> str:
    """A short description of a JSON value, to say what was found instead of results."""
    if isinstance(doc, dict):
        keys = ", ".join(repr(str(k))[:40] for k in list(doc)[:6])
        return f"an object with keys {keys}" if doc else "an empty object"
    if isinstance(doc, list):
        kinds = sorted({type(v).__name__ for v in doc[:100]})
        names = {"int": "numbers", "float": "numbers", "str": "strings", "dict": "objects",
                 "list": "lists", "bool": "booleans", "NoneType": "nulls"}
        what = " and ".join(dict.fromkeys(names.get(k, k) for k in kinds)) or "nothing"
        return f"a list of {len(doc)} {what}" if doc else "an empty list"
    return f"a single {type(doc).__name__} value"
