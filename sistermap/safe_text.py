"""How untrusted text is shown: on the page, in a spreadsheet, in a script.

Text from a URL, a data file or an upload reaches the page as HTML built with escaping
(``heading_html``, ``paragraph_html``, ``list_html``, ``table_html``, drawn by
``app/show.py``), the few Markdown surfaces Streamlit leaves no choice about (notices,
labels) through ``md``, a plain-text surface through ``plain``, spreadsheet cells through
``formula_safe``, HTML through ``esc`` and inline scripts through ``safe_json``: this module is
the one escaping rule of the project.
"""

from __future__ import annotations

import html
import json
import math
import re
import string

#: A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def formula_safe(value: object) -> object:
    """Neutralise spreadsheet formulas (CSV injection) by prefixing a quote.

    A plain number such as a longitude of "-77.1" is left alone: it cannot run, and a
    quote would turn a coordinate into text.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
            and not _NUMBER.match(value)):
        return "'" + value
    return value


# --- Untrusted text on the page -------------------------------------------------------------
# Streamlit renders titles, captions, notices, labels and page links as Markdown (with
# Streamlit's own :color[...] directives, emoji shortcodes and $math$). Text from a URL or a
# data file is drawn as escaped HTML where it can be (below, and app/show.py); where a
# Markdown surface stays (notices, labels), it goes through ``md`` (or a plain-text surface,
# such as a selectbox option, through ``plain``).

#: Line and paragraph breaks of every kind, which would start new Markdown blocks.
_BREAKS = re.compile("[\r\n\t\v\f\x85\u2028\u2029]+")
#: Control characters and the bidirectional overrides/isolates that reorder what is shown.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
#: Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and escaping
#: all of them leaves no link, image, autolink, code span, emphasis, HTML, directive or math.
_MD_ACTIVE = re.compile(r"([!-/:-@\[-`{-~])")
#: Where GitHub-flavoured Markdown (Streamlit's dialect, remark-gfm) starts an *autolink
#: literal*: a scheme before ":", "www" before ".", an e-mail's "@". It finds them in the text
#: after escapes are read, so escaping cannot stop it; an invisible WORD JOINER (U+2060) there
#: does: the text looks the same and is no link.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=[:.])|(?<=[\w.+-])(?=@)")
WORD_JOINER = "\u2060"


def plain(value: object, limit: int = 200) -> str:
    """Untrusted text as one bounded line, without control or direction-override characters.

    For surfaces that show text as text (selectbox options, st.text, table cells).
    """
    text = "" if value is None else str(value)
    text = _INVISIBLE.sub("", _BREAKS.sub(" ", text[: limit * 4]))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md(value: object, limit: int = 200) -> str:
    """Untrusted text for a Markdown surface: shown exactly as written, never as Markdown.

    Escapes every punctuation mark, and breaks GFM's autolink literals (bare ``https://…``,
    ``www.…``, ``name@host``) with an invisible word joiner, so a stranger's address is
    never a live link in the visitor's browser.
    """
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, plain(value, limit))
    return _MD_ACTIVE.sub(r"\\\1", text)


# --- HTML and inline scripts (the web map) -------------------------------------------------


def _missing(value: object) -> bool:
    """pandas' NA or a float NaN: an empty cell, shown as nothing."""
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ == "NAType"


def safe_json(value: object) -> str:
    """JSON that is also safe inside a <script> element (no tag can be closed from data)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def esc(value: object) -> str:
    """Text for a tooltip or label: HTML-escaped, so markup in data stays text."""
    if value is None or _missing(value):
        return ""
    return html.escape(str(value), quote=True)


# --- Tables: HTML built with escaping, never Markdown ----------------------------------------

#: Cells beyond this length are cut (a table is for reading, not for storing a stranger's essay).
CELL_LIMIT = 300


def table_html(headers: list[str], rows: list[list[object]], label: str = "",
               max_height: int | None = None, caption: str = "") -> str:
    """A table of untrusted text as HTML that no renderer interprets: every header and cell
    escaped (``esc`` after ``plain``), so a bare URL, ``**bold**`` or ``<img>`` in a city's
    name is shown as the characters it is. Column headers carry ``scope="col"`` so a screen
    reader announces them with each cell (WCAG 1.3.1); ``caption`` says what the table
    holds. With ``max_height`` the table scrolls inside a region a keyboard can reach
    (``tabindex=0``) and a screen reader names (``label``). The one table of the project:
    the app's (``app.show.table``) and the standalone map's (``webmap.elements``)."""
    head = "".join(f'<th scope="col">{esc(plain(h, 80))}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(plain('' if _missing(c) else c, CELL_LIMIT))}</td>"
                         for c in row) + "</tr>" for row in rows)
    cap = f"<caption>{esc(plain(caption, 300))}</caption>" if caption else ""
    table = (f'<table class="sm-data">{cap}<thead><tr>{head}</tr></thead>'
             f"<tbody>{body}</tbody></table>")
    if max_height is None:
        return table
    return (f'<div class="sm-data-scroll" role="region" tabindex="0" '
            f'aria-label="{esc(plain(label, 120))}" style="max-height:{int(max_height)}px">'
            f"{table}</div>")


# --- Headings, captions and sentences: HTML built with escaping, never Markdown --------------

#: A run of text and whether it is shown strong (a tour's fact, the embed's city name).
Run = tuple[object, bool]


def _inline(runs: list[Run] | tuple[Run, ...], limit: int) -> str:
    """Runs as escaped inline HTML: ``<strong>`` for strong runs, nothing else."""
    return "".join(f"<strong>{esc(plain(t, limit))}</strong>" if strong
                   else esc(plain(t, limit)) for t, strong in runs)


def fill(template: str, strong: tuple[str, ...] = (), /, **values: object) -> list[Run]:
    """A catalog sentence (``_("{name} · {n} partner cities")``) as runs, each placeholder
    filled with its value (its format spec honoured) and shown strong when named in
    ``strong``. Nothing is parsed as Markdown or HTML: the sentence stays whole for the
    translator, and a value is only ever text."""
    runs: list[Run] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if literal:
            runs.append((literal, False))
        if field is not None:
            value = values[field]
            if conversion:
                value = repr(value) if conversion == "r" else str(value)
            runs.append((format(value, spec or ""), field in strong))
    return runs


def heading_html(text: object, level: int = 1) -> str:
    """A heading of untrusted text (a city's name): escaped, and with no anchor link, which
    Streamlit's own headings build from their text."""
    n = min(max(int(level), 1), 3)
    return f'<h{n} class="sm-h{n}">{esc(plain(text, 300))}</h{n}>'


def paragraph_html(runs: list[Run] | tuple[Run, ...], kind: str = "text",
                   limit: int = 2000) -> str:
    """One paragraph of runs: ``kind`` "text" reads like body text, "caption" like
    ``st.caption``."""
    return f'<p class="sm-{"caption" if kind == "caption" else "text"}">{_inline(runs, limit)}</p>'


def list_html(items: list[list[Run]] | tuple[tuple[Run, ...], ...], ordered: bool = False,
              limit: int = 2000) -> str:
    """A bulleted (or numbered) list whose items are runs."""
    tag = "ol" if ordered else "ul"
    body = "".join(f"<li>{_inline(item, limit)}</li>" for item in items)
    return f'<{tag} class="sm-list">{body}</{tag}>'
