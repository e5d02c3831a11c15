"""The world map as one standalone HTML file.

Made by the same builder as the app (plan.plan + elements.assemble), so a council's website, an
offline demo or a slide shows exactly what the app shows, at any size: big datasets get
the same levels of detail. The file needs no server and no network: Leaflet is inlined
(see webassets), so it draws from a USB stick on a machine with no internet.
"""

from __future__ import annotations

import pandas as pd

from sistermap.errors import UnknownCity
from sistermap.query import filters, partners, stats
from sistermap.query.filters import Filters
from sistermap.query.lookup import find_city
from sistermap.webmap import elements, plan


def render_html(partnerships: pd.DataFrame, cities: pd.DataFrame, f: Filters,
                color_by: str = "era", basemap: str = "plain", city: str = "",
                year: int | None = None) -> tuple[str, int, int]:
    """(html, partnerships shown, cities shown) for a dataset's tables and filters.

    ``city`` (an id or a name) both filters to its partnerships, as in ``export``, and
    selects it: its links are highlighted and the map is centred on it. An unknown or
    ambiguous name raises :class:`UnknownCity`.
    """
    selected = ""
    if city:
        selected = city if city in cities.index else (find_city(cities, city).city_id or "")
        if not selected:
            raise UnknownCity(city)
        f = partners.scope(f, selected)  # the city's partners, as every surface shows
    chosen = filters.apply(partnerships, cities, f)
    # The world map plays its history (a year control); a city's map shows its links.
    options = plan.MapOptions(color_by=color_by, basemap=basemap, selected=selected,
                              frame="links", timeline=not selected, year=year)
    m = elements.build_map(chosen, cities, options, inline=True)
    shown = len(stats.partner_counts(chosen))
    table = elements.table_html(plan.link_rows(chosen, color_by, selected=selected))
    return elements.to_html(m, table=table), len(chosen), shown
