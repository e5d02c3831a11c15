"""One answer to "this city's partners under these filters", for every surface.

The city page (its counts, table, map and CSV), the map page's panel, the share panel, the
embed and every file made for a city (slide, square and A4 image, sheet, spreadsheet, CSV)
ask :func:`partners`, so they all give the same number and the same rows.

The rule: a city's partners are its partnerships that pass *every* filter, sources
included (``filters.apply``). Searching a city, clicking it on the map and opening its page
therefore select the same links. What the filters hide is counted, never silently dropped:
``total`` is every partnership of the city in the data and ``hidden`` the difference.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from sistermap.i18n import n_, number
from sistermap.query import filters, stats
from sistermap.query.filters import Filters


@dataclass(frozen=True)
class Partners:
    """A city's partnerships that pass the filters, with what they leave out."""

    city_id: str
    links: pd.DataFrame  # the partnerships (rows of the partnerships table)
    table: pd.DataFrame  # one row per partnership, seen from the city (stats.partner_table)
    total: int  # the city's partnerships in the data, whatever the filters

    @property
    def count(self) -> int:
        """How many partners are shown: the rows of the table, the CSV and the sheet."""
        return len(self.table)

    @property
    def hidden(self) -> int:
        """How many of the city's partnerships the filters hide."""
        return self.total - self.count

    def count_line(self) -> str:
        """"16 partners (5 more hidden by the filters)", the one wording of every surface."""
        n = self.count
        if self.hidden:
            return n_("{n} partner ({hidden} more hidden by the filters)",
                      "{n} partners ({hidden} more hidden by the filters)", n).format(
                n=number(n), hidden=number(self.hidden))
        return n_("{n} partner", "{n} partners", n).format(n=number(n))


def partners(partnerships: pd.DataFrame, cities: pd.DataFrame, city_id: str,
             f: Filters = Filters(), filtered: pd.DataFrame | None = None) -> Partners:
    """The partners of ``city_id`` under ``f`` (any ``f.city`` or ``f.search`` is replaced
    by the city itself: the city is the question).

    ``filtered`` may pass ``filters.apply(partnerships, cities, replace(f, city=city_id))``
    when the caller has it cached; it must be exactly that.
    """
    if filtered is None:
        filtered = filters.apply(partnerships, cities, scope(f, city_id))
    mine = filtered[(filtered["city_a_id"] == city_id) | (filtered["city_b_id"] == city_id)]
    total = int(((partnerships["city_a_id"] == city_id)
                 | (partnerships["city_b_id"] == city_id)).sum())
    return Partners(city_id, mine, stats.partner_table(mine, city_id), total)


def scope(f: Filters, city_id: str) -> Filters:
    """The filters that select a city's partners: ``f`` with the city, without a search."""
    return replace(f, city=city_id, search="")

