"""Maps of the network page: a chain drawn hop by hop, and cities coloured by family.

The links are drawn as on every map (``plan`` and ``elements.assemble``); the network adds
what only it knows, over them: a numbered label with the year on each hop of a chain, and
each city's dot in its family's colour. Labels and tooltips come from data, so they are
escaped (``safe_text.esc``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import folium
import pandas as pd

from sistermap import geo
from sistermap.safe_text import esc
from sistermap.webmap import elements
from sistermap.webmap.plan import MapOptions, plan, world_centre

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


def links_bounds(links: pd.DataFrame, pad: float = 3.0
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box that holds every arc of ``links`` as the map draws them: along their great
    circles (which bulge towards the poles), around the world's centre the map chooses
    (``plan.world_centre``), so a chain across the Pacific is one box, not the world."""
    centre = world_centre(links)
    lon, lat = geo.interpolate(links["lon_a"].to_numpy(float), links["lat_a"].to_numpy(float),
                               links["lon_b"].to_numpy(float), links["lat_b"].to_numpy(float),
                               16)
    lon = (lon - centre + 180.0) % 360.0 - 180.0 + centre
    return ((max(float(lat.min()) - pad, -80.0), float(lon.min()) - pad),
            (min(float(lat.max()) + pad, 84.0), float(lon.max()) + pad))


#: Leaflet's zIndexOffset for a hop's label: below every city name (markers of the same pane).
HOP_Z = -10000


def _hop_labels(hops: pd.DataFrame, cities: pd.DataFrame) -> list[folium.Marker]:
    """A label half-way along each hop (on its great circle): "1 · 1959"."""
    a, b = cities.loc[hops["from_id"]], cities.loc[hops["to_id"]]
    lon, lat = geo.interpolate(a["lon"].to_numpy(), a["lat"].to_numpy(),
                               b["lon"].to_numpy(), b["lat"].to_numpy(), 2)
    centre = world_centre(hops)  # where the map draws the arcs
    marks = []
    for i, (step, year) in enumerate(zip(hops["step"], hops["established"])):
        text = f"{int(step)} · {int(year)}" if pd.notna(year) else f"{int(step)} · ?"
        mid_lon = (float(lon[i, 1]) - centre + 180.0) % 360.0 - 180.0 + centre
        html = (f'<div class="sm-hop" style="background:#fff;border:2px solid #222;'
                f'border-radius:10px;padding:1px 6px;font:600 13px sans-serif;color:#111;'
                f'white-space:nowrap;display:inline-block">{esc(text)}</div>')
        marks.append(folium.Marker((float(lat[i, 1]), mid_lon),
                                   icon=folium.DivIcon(
                                       html=html, icon_size=(80, 22),
                                       # odd hops above the line, even ones below: short
                                       # hops side by side do not cover each other
                                       icon_anchor=(24, 28 if int(step) % 2 else -6)),
                                   tooltip=esc(f"{hops['city_a'].iloc[i]} – "
                                               f"{hops['city_b'].iloc[i]}"),
                                   # under the cities' names: on a short hop the label sits
                                   # near its ends, and a name matters more than its number
                                   z_index_offset=HOP_Z))
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
                   marker=folium.CircleMarker(radius=4, weight=0.5, fill=True, fill_opacity=0.9,
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
                         view=links_bounds(hops), fullscreen=True)
    return elements.assemble(plan(hops, cities, options), overlays=tuple(
        _hop_labels(hops, cities)))


def family_map(partnerships: pd.DataFrame, cities: pd.DataFrame, family: Mapping[str, int],
               basemap: str = "plain", options: MapOptions | None = None) -> folium.Map:
    """Every city of the network coloured by its family (``family``: city id -> rank, 0 =
    the largest); the links are a layer to switch on."""
    opts = options or MapOptions(color_by="reach", basemap=basemap, labels=False)
    known = {c: r for c, r in family.items() if c in cities.index}
    spec = plan(partnerships, cities, opts)
    # The links are there to switch on (the layer control); the families' colours are
    # what this map is for, and thousands of arcs would hide them.
    quiet = tuple(replace(layer, show=False) if layer.role in ("links", "density", "detail",
                                                               "cities")
                  else layer for layer in spec.layers)
    return elements.assemble(replace(spec, layers=quiet),
                             overlays=(_family_dots(cities, known),))


def pair_map(links: pd.DataFrame, cities: pd.DataFrame, basemap: str = "plain") -> folium.Map:
    """The links of one pair of places (a matrix cell), framed on them."""
    return elements.build_map(links, cities, MapOptions(color_by="era", basemap=basemap,
                                                        view=links_bounds(links)))
