"""Untrusted text on the page through elements that do not interpret it (#23).

Streamlit renders titles, headers, captions, ``st.markdown``, notices and ``st.table`` cells
as GitHub-flavoured Markdown, which turns a bare ``https://…`` into a live link after any
escape is read. Text from data, an address, an upload or a tour file is drawn here instead,
as HTML built with escaping (``safe_text``: ``table_html``, ``heading_html``,
``paragraph_html``, ``list_html``): no Markdown, no autolink, nothing a stranger can make live,
and no anchor link built from a heading's text. Their look is Streamlit's own (``text.css``,
``table.css`` beside this module), so the page reads the same.

Where a Markdown surface stays, the value is made inert by ``safe_text.md`` (every
punctuation mark escaped, autolink literals broken by an invisible word joiner; tested with
remark-gfm, the visitor's dialect, in ``tests/gfm.py``):

- **notices** (``st.warning``/``info``/``error`` quoting an address's value, such as
  "No single city matches {name}…"): Streamlit's alert carries the theme's colours on the
  light and the dark theme, its icon and the ``alert`` role a screen reader announces; a copy
  in HTML would duplicate that styling and drift from it. The quoted value is short (cut at
  60–300 characters) and goes through ``safe_text.md``;
- **labels** of widgets, expanders, tabs, metrics and ``st.page_link`` (Streamlit offers no
  plain-text label), also through ``safe_text.md``.

``tests/app/test_markdown_rule.py`` keeps it so: a page passing data to a Markdown element,
or calling ``st.table``, fails it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

from sistermap import safe_text
from sistermap.safe_text import Run


@cache
def _css(name: str) -> str:
    """A style from the .css file beside this module, as a ``<style>`` element."""
    return f"<style>{Path(__file__).with_name(name).read_text(encoding='utf-8')}</style>"


def _draw(body: str, where=st) -> None:
    where.html(_css("text.css") + body)


def _runs(template: str, strong: tuple[str, ...], values: dict[str, object]) -> list[Run]:
    """The catalog's sentence filled (``safe_text.fill``), or, without values, the text
    itself: a city's name holding "{x}" is not a template."""
    return safe_text.fill(template, strong, **values) if values else [(template, False)]


def table(frame: pd.DataFrame, label: str = "", max_height: int | None = None) -> None:
    """Show ``frame`` (headers and cells as text) as an escaped HTML table; with
    ``max_height`` it scrolls in a region named ``label`` for screen readers."""
    rows = frame.astype(object).where(frame.notna(), "").to_numpy().tolist()
    st.html(_css("table.css") + safe_text.table_html(
        [str(c) for c in frame.columns], rows, label, max_height))


def heading(text: object, level: int = 1, where=st) -> None:
    """A heading made of data (a city's name, a chain "A and B are 3 partnerships apart"):
    level 1 looks like ``st.title``, 2 like ``st.header``, 3 like ``st.subheader``."""
    _draw(safe_text.heading_html(text, level), where)


def caption(template: str, *, strong: tuple[str, ...] = (), where=st, **values: object) -> None:
    """Small text like ``st.caption``: ``template`` is the catalog's sentence (or the data's
    text itself, without ``values``), each ``{placeholder}`` filled with a value as text."""
    _draw(safe_text.paragraph_html(_runs(template, strong, values), "caption"),
          where)


def text(template: str, *, strong: tuple[str, ...] = (), where=st, **values: object) -> None:
    """A paragraph like ``st.markdown``'s: as ``caption``, in the body's size; values named
    in ``strong`` are bold (``strong=("name",)``)."""
    _draw(safe_text.paragraph_html(_runs(template, strong, values)), where)


def paragraphs(paras: list[list[Run]] | tuple[tuple[Run, ...], ...], where=st) -> None:
    """Paragraphs of runs (a tour step's text with its facts bold), in one element."""
    _draw("".join(safe_text.paragraph_html(p) for p in paras), where)


def items(lines: list[list[Run]] | tuple[tuple[Run, ...], ...], ordered: bool = False,
          where=st) -> None:
    """A bulleted (or numbered) list whose lines are runs: ``[(text, False)]`` for text."""
    _draw(safe_text.list_html(lines, ordered), where)
