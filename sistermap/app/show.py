"""Untrusted text on the page through elements that do not interpret it (#23).

Streamlit renders ``st.table`` cells, titles, captions and notices as GitHub-flavoured
Markdown. Tables of names from data, an address or an upload are drawn here instead as HTML
built with escaping (``safe_text.table_html``): no Markdown, no autolink, nothing a stranger
can make live. It is also lighter than ``st.dataframe``, whose grid the browser would download
(~800 KiB) on the first selection of the map page (#17).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

from sistermap import safe_text


@cache
def _css() -> str:
    """The tables' style, from the .css file beside this module."""
    return (Path(__file__).with_name("table.css")).read_text(encoding="utf-8")


def table(frame: pd.DataFrame, label: str = "", max_height: int | None = None) -> None:
    """Show ``frame`` (headers and cells as text) as an escaped HTML table; with
    ``max_height`` it scrolls in a region named ``label`` for screen readers."""
    rows = frame.astype(object).where(frame.notna(), "").to_numpy().tolist()
    st.html(f"<style>{_css()}</style>" + safe_text.table_html(
        [str(c) for c in frame.columns], rows, label, max_height))
