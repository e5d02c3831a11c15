"""Read the tables ``sistermap.app.show.table`` draws (escaped HTML in ``st.html``) back as
DataFrames, with the text a browser would show (entities decoded), for AppTest tests."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    """Collect each ``<table class="sm-data">``'s header and body cells as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.tags: list[str] = []  # every tag seen inside a table (none but the table's own)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif self.tables:
            self.tags.append(tag)
            if tag == "tr":
                self.row = []
            elif tag in ("td", "th"):
                self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            head, body = self.tables[-1]
            (head.extend(self.row) if not head else body.append(self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(body: str) -> tuple[list[pd.DataFrame], set[str]]:
    """The tables in an HTML body, and the set of tags found inside them."""
    p = _Tables()
    p.feed(body)
    return [pd.DataFrame(rows, columns=head) for head, rows in p.tables], set(p.tags)


def tables(at) -> list[pd.DataFrame]:
    """Every table an AppTest run drew with ``show.table``, in page order."""
    found: list[pd.DataFrame] = []
    for element in at.get("html"):
        if "sm-data" in element.proto.body:
            found.extend(parse(element.proto.body)[0])
    return found
