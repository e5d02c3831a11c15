"""The council kit for one city: which links it holds, what its files are called, its map.

One place decides what each file of the kit is called and holds, so the app's "Share &
export" panel and the ``sheet`` and ``image`` commands (``cli/cmd_kit.py``) give the same
files.
"""

from __future__ import annotations

import pandas as pd

from sistermap.kit import share, sheets, stillmaps
from sistermap.query import lookup, partners
from sistermap.query.filters import Filters

#: ``--size`` values, with the aliases people type.
SIZE_ALIASES = {"slide": "slide", "1920x1080": "slide", "16:9": "slide", "square": "square",
                "1080x1080": "square", "a4": "a4", "print": "a4"}


def city_links(partnerships: pd.DataFrame, cities: pd.DataFrame, city_id: str,
               f: Filters = Filters()) -> pd.DataFrame:
    """The city's partnerships that pass the filters (what its page shows:
    ``query.partners``)."""
    return partners.partners(partnerships, cities, city_id, f).links


def file_name(cities: pd.DataFrame, city_id: str, what: str) -> str:
    """``coventry-partners.xlsx``, ``coventry-sheet.pdf``, ``coventry-map-slide.png``…"""
    return f"{file_stem(cities, city_id)}-{what}"


def file_stem(cities: pd.DataFrame, city_id: str) -> str:
    """The start of every file name of a city: its permalink, so homonyms get their own
    (``coventry``, ``cambridge-gb``, ``naumburg-q641014``; ``lookup.file_stem``)."""
    if city_id not in cities.index:
        return share.file_stem("", fallback=city_id)
    return lookup.file_stem(cities, city_id)


def image(links: pd.DataFrame, cities: pd.DataFrame, city_id: str, size: str = "slide",
          color_by: str = "era", credit: str = stillmaps.DEFAULT_CREDIT) -> bytes:
    """The city's map: PNG for "slide" and "square", PDF for "a4"."""
    title, subtitle = stillmaps.city_titles(links, cities, city_id)
    options = stillmaps.StillOptions(size=size, color_by=color_by, title=title,
                                     subtitle=subtitle, credit=credit)
    return stillmaps.render(links, cities, city_id, options,
                            fmt="pdf" if size == "a4" else "png")


def filters_note(f: Filters) -> str:
    """A line for the sheet when the status filter hides ended or suspended links."""
    hidden = [s for s in ("ended", "suspended") if f.statuses and s not in f.statuses]
    if not hidden:
        return ""
    text = " and ".join(hidden) + " partnerships are not shown."
    return text[0].upper() + text[1:]


def linked_cities_of(country: str, cities: pd.DataFrame, partnerships: pd.DataFrame
                     ) -> list[str]:
    """Ids of the country's cities that have a partnership, by name (one sheet each)."""
    linked = set(partnerships["city_a_id"]) | set(partnerships["city_b_id"])
    found = cities[(cities["country"] == country) & cities.index.isin(linked)]
    return sorted(found.index, key=lambda c: str(cities.at[c, "name"]))


def make(kind: str, links: pd.DataFrame, cities: pd.DataFrame, city_id: str, size: str,
         color_by: str, info: sheets.SheetInfo) -> bytes:
    """The file of one kit item: "sheet" (A4 PDF) or "image" (a map at ``size``)."""
    if kind == "sheet":
        return sheets.city_sheet(links, cities, city_id, info)
    return image(links, cities, city_id, size, color_by, info.credit)
