"""Maps of the network page: a chain drawn hop by hop, and cities coloured by family.

The links are drawn as on every map (``plan`` and ``elements.assemble``); the network adds
what only it knows, over them: a numbered label with the year on each hop of a chain, and
each city's dot in its family's colour. Labels and tooltips come from data, so they are
escaped (``safe_text.esc``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import numpy as np
import pandas as pd

from sistermap import geo
from sistermap.safe_text import esc
from sistermap.webmap import elements
from sistermap.webmap.plan import MapOptions, plan

#: Families beyond this many share the last, grey colour (a dozen colours cannot be told
#: apart; the page lists every family).
FAMILY_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                 "#F0E442", "#000000")
OTHER_FAMILY = "#9a9a9a"
#: The colours' names, for the page's table (its legend).
FAMILY_NAMES = ("blue", "vermilion", "green", "pink", "orange", "sky blue", "yellow", "black")
OTHER_NAME = "grey"


def family_color(rank: int) -> str:
    """The colour of family ``rank`` (0 = the largest)."""
    return FAMILY_COLORS[rank] if 0 <= rank < len(FAMILY_COLORS) else OTHER_FAMILY


def route_bounds(cities: pd.DataFrame, stops: Sequence[str], pad: float = 4.0
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box that holds every city of a chain, with a margin in degrees."""
    lat, lon = cities.loc[list(stops), "lat"], cities.loc[list(stops), "lon"]
    return ((max(float(lat.min()) - pad, -80.0), max(float(lon.min()) - pad, -180.0)),
            (min(float(lat.max()) + pad, 84.0), min(float(lon.max()) + pad, 180.0)))


def _hop_labels(hops: pd.DataFrame, cities: pd.DataFrame) -> list[folium.Marker]:
    """A label half-way along each hop (on its great circle): "1 · 1959"."""
    a, b = cities.loc[hops["from_id"]], cities.loc[hops["to_id"]]
    lon, lat = geo.interpolate(a["lon"].to_numpy(), a["lat"].to_numpy(),
                               b["lon"].to_numpy(), b["lat"].to_numpy(), 2)
    marks = []
    for i, (step, year) in enumerate(zip(hops["step"], hops["established"])):
        text = f"{int(step)} · {int(year)}" if pd.notna(year) else f"{int(step)} · ?"
        mid_lon = (float(lon[i, 1]) + 180.0) % 360.0 - 180.0
        html = (f'<div class="sm-hop" style="background:#fff;border:2px solid #222;'
                f'border-radius:10px;padding:1px 6px;font:600 13px sans-serif;color:#111;'
                f'white-space:nowrap;display:inline-block">{esc(text)}</div>')
        marks.append(folium.Marker((float(lat[i, 1]), mid_lon),
                                   icon=folium.DivIcon(html=html, icon_size=(80, 22),
                                                       icon_anchor=(20, 11)),
                                   tooltip=esc(f"{hops['city_a'].iloc[i]} – "
                                               f"{hops['city_b'].iloc[i]}")))
    return marks


def _family_dots(cities: pd.DataFrame, family: Mapping[str, int]) -> folium.FeatureGroup:
    """Every city of the network as a dot in its family's colour (largest drawn last)."""
    group = folium.FeatureGroup(name="Families", overlay=True, control=True)
    ids = sorted(family, key=lambda c: -family[c])
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [float(cities.at[c, "lon"]),
                                                               float(cities.at[c, "lat"])]},
                 "properties": {"c": family_color(family[c]),
                                "t": esc(f"{cities.at[c, 'name']} · family {family[c] + 1}")}}
                for c in ids]
    folium.GeoJson({"type": "FeatureCollection", "features": features},
                   marker=folium.CircleMarker(radius=4, weight=0.5, fill_opacity=0.9,
                                              color="#ffffff"),
                   style_function=lambda f: {"fillColor": f["properties"]["c"]},
                   tooltip=folium.GeoJsonTooltip(fields=["t"], labels=False),
                   ).add_to(group)
    return group


def chain_map(hops: pd.DataFrame, cities: pd.DataFrame, basemap: str = "plain"
              ) -> folium.Map:
    """A chain of partnerships (``query.network.hops``): its links coloured by era, its
    cities labelled, each hop numbered with its year, framed on the chain."""
    stops = list(dict.fromkeys([*hops["from_id"], hops["to_id"].iloc[-1]]))
    options = MapOptions(color_by="era", basemap=basemap, highlight=tuple(stops),
                         view=route_bounds(cities, stops), fullscreen=True)
    return elements.assemble(plan(hops, cities, options), overlays=tuple(
        _hop_labels(hops, cities)))


def family_map(partnerships: pd.DataFrame, cities: pd.DataFrame, family: Mapping[str, int],
               basemap: str = "plain", options: MapOptions | None = None) -> folium.Map:
    """The network's links with every city coloured by its family (``family``: city id ->
    rank, 0 = the largest)."""
    opts = options or MapOptions(color_by="reach", basemap=basemap, labels=False)
    known = {c: r for c, r in family.items() if c in cities.index}
    return elements.assemble(plan(partnerships, cities, opts),
                             overlays=(_family_dots(cities, known),))


def pair_map(links: pd.DataFrame, cities: pd.DataFrame, basemap: str = "plain") -> folium.Map:
    """The links of one pair of places (a matrix cell), framed on them."""
    lat = np.concatenate([links["lat_a"].to_numpy(), links["lat_b"].to_numpy()])
    lon = np.concatenate([links["lon_a"].to_numpy(), links["lon_b"].to_numpy()])
    view = ((max(float(lat.min()) - 3, -80.0), max(float(lon.min()) - 3, -180.0)),
            (min(float(lat.max()) + 3, 84.0), min(float(lon.max()) + 3, 180.0)))
    return elements.build_map(links, cities, MapOptions(color_by="era", basemap=basemap,
                                                        view=view))
