"""Build the Folium map from a filtered dataset; the app and ``render`` share it.

Speed at world scale comes from drawing whole layers, not objects: all cities are one
GeoJSON layer of canvas circle markers and the links of one style are one GeoJSON layer of
pre-computed arc fragments (see arcs.py), embedded as a JSON string rather than thousands of
Folium objects. Safety comes from the same place: every text that reaches the page goes
through ``html.escape`` and is embedded with ``<``, ``>`` and ``&`` as JSON escapes, so a
city named ``<img src=x onerror=alert(1)>`` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.plugins import Fullscreen
from jinja2 import Template

from sistermap import schema

BASEMAP_FILE = (Path(__file__).resolve().parent.parent / "data" / "basemap"
                / "countries-110m.geojson")

#: Okabe–Ito colours: distinguishable with colour-blindness and on a projector.
ERA_COLORS = {"postwar": "#D55E00", "cold_war": "#0072B2", "post_cold_war": "#009E73",
              "global": "#CC79A7", "unknown": "#999999"}
FOCUS_COLORS = {"peace": "#D55E00", "culture": "#0072B2", "education": "#E69F00",
                "economy": "#56B4E9", "governance": "#000000", "climate": "#009E73",
                "development": "#CC79A7"}
SELECTED_COLOR = "#F0E442"
WORLD_BOUNDS = [[-47.0, -150.0], [68.0, 165.0]]
CITY_COLOR = "#333333"


def safe_json(value: object) -> str:
    """JSON that is also safe inside a <script> element (no tag can be closed from data)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def esc(value: object) -> str:
    """Text for a tooltip or label: HTML-escaped, so markup in data stays text."""
    return html.escape("" if value is None or value is pd.NA else str(value), quote=True)


class GeoJsonFast(Layer):
    """A GeoJSON layer embedded from a pre-serialised string, styled by a property.

    Features carry short properties: ``id`` (returned on click), ``t`` (tooltip, already
    escaped), ``s`` (style key into ``styles``) and, for points, ``r`` (radius in pixels).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            style: function(f) {
                var s = {{ this.styles }}[f.properties.s] || {};
                return Object.assign({{ this.base_style }}, s);
            },
            pointToLayer: function(f, latlng) {
                var s = {{ this.styles }}[f.properties.s] || {};
                return L.circleMarker(latlng, Object.assign({{ this.base_style }}, s,
                                      {radius: f.properties.r || 4}));
            },
            onEachFeature: function(f, layer) {
                if (f.properties.t) {
                    layer.bindTooltip(f.properties.t, {sticky: {{ this.sticky }}});
                }
            }
        });
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """)

    def __init__(self, features_json: str, name: str, styles: Mapping[str, dict],
                 base_style: Mapping[str, object], sticky: bool = True, show: bool = True,
                 overlay: bool = True, control: bool = True):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "GeoJsonFast"
        self.data = safe_json(features_json)
        self.styles = safe_json(dict(styles))
        self.base_style = safe_json(dict(base_style))
        self.sticky = "true" if sticky else "false"


def feature_collection(features: list[str]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


@lru_cache(maxsize=1)
def basemap_json() -> str:
    """Country outlines (Natural Earth 1:110m via world-atlas), shipped for offline use."""
    return BASEMAP_FILE.read_text(encoding="utf-8")


class Legend(MacroElement):
    """A small fixed legend; labels come from the schema's vocabularies, escaped anyway."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="sistermap-legend" style="position:absolute; z-index:1000; bottom:24px;
             right:10px; background:rgba(255,255,255,.92); padding:6px 10px; border-radius:6px;
             font:12px/1.4 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.3); max-width:46%;">
          <b>{{ this.title }}</b><br>
          {% for color, label in this.items %}
          <span style="display:inline-block;width:18px;height:4px;background:{{ color }};
                vertical-align:middle;margin-right:6px"></span>{{ label }}<br>
          {% endfor %}
        </div>
        {% endmacro %}
        """)

    def __init__(self, title: str, items: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.title = esc(title)
        self.items = [(c, esc(label)) for c, label in items]


@dataclass(frozen=True)
class MapOptions:
    color_by: str = "era"  # "era" or "focus" (a link's first focus area)
    basemap: str = "plain"  # "plain" (offline country outlines) or "osm"
    selected: str = ""  # city id whose links are highlighted
    center: tuple[float, float] | None = None
    zoom: int | None = None
    fullscreen: bool = True


def style_key(partnerships: pd.DataFrame, color_by: str) -> pd.Series:
    if color_by == "focus":
        return pd.Series([f[0] if f else "culture" for f in partnerships["focus"]],
                         index=partnerships.index)
    return partnerships["era"]


def palette(color_by: str) -> dict[str, str]:
    return FOCUS_COLORS if color_by == "focus" else ERA_COLORS


def link_tooltip(row) -> str:
    year = "" if pd.isna(row.established) else f" ({int(row.established)})"
    status = "" if row.status == "active" else f" — {schema.STATUSES.get(row.status, row.status)}"
    return esc(f"{row.city_a} – {row.city_b}{year}{status}")


def link_features(partnerships: pd.DataFrame, arcs: Mapping[str, str],
                  keys: pd.Series) -> list[str]:
    """One GeoJSON feature string per partnership, geometry from the arc cache."""
    out = []
    for row, key in zip(partnerships.itertuples(index=False), keys):
        props = safe_json({"id": row.pair_id, "t": link_tooltip(row), "s": key})
        out.append('{"type":"Feature","properties":' + props +
                   ',"geometry":{"type":"MultiLineString","coordinates":' +
                   arcs[row.pair_id] + "}}")
    return out


def city_radius(partners: np.ndarray) -> np.ndarray:
    """Marker size grows with the square root of partner count, so hubs stand out gently."""
    return np.round(3 + 2.2 * np.sqrt(np.maximum(partners, 1) - 1), 1)


def city_features(cities: pd.DataFrame, counts: pd.Series, selected: str = "") -> list[str]:
    radius = city_radius(counts.to_numpy())
    out = []
    for (cid, city), n, r in zip(cities.iterrows(), counts.to_numpy(), radius):
        total = int(city.get("degree", n) or n)
        shown = f"{n} partner{'s' if n != 1 else ''}"
        if total != n:
            shown += f" shown ({total} in all)"
        tip = esc(f"{city['name']}, {city['country_name']} — {shown}")
        props = safe_json({"id": cid, "t": tip, "s": "sel" if cid == selected else "city",
                           "r": float(r)})
        out.append('{"type":"Feature","properties":' + props +
                   ',"geometry":{"type":"Point","coordinates":[' +
                   f"{city['lon']:.4f},{city['lat']:.4f}" + "]}}")
    return out


def partner_counts(partnerships: pd.DataFrame) -> pd.Series:
    ends = pd.concat([partnerships["city_a_id"], partnerships["city_b_id"]])
    return ends.value_counts()


@dataclass(frozen=True)
class LayerSpec:
    """One GeoJsonFast layer, fully serialised: cheap to turn into Folium again."""

    name: str
    features_json: str
    styles: tuple[tuple[str, tuple[tuple[str, object], ...]], ...]
    base_style: tuple[tuple[str, object], ...]
    sticky: bool = True


@dataclass(frozen=True)
class MapSpec:
    """Everything expensive about a map, as plain data (safe to cache and reuse)."""

    center: tuple[float, float] | None
    zoom: int | None
    basemap: str
    layers: tuple[LayerSpec, ...]
    legend_title: str
    legend_items: tuple[tuple[str, str], ...]
    fullscreen: bool = True


def _frozen(d: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(d.items())


def plan(partnerships: pd.DataFrame, cities: pd.DataFrame, arcs: Mapping[str, str],
         options: MapOptions = MapOptions()) -> MapSpec:
    """Serialise the (already filtered) partnerships and their cities into map layers.

    This is the expensive half of drawing a map; the app caches its result per filter and
    builds a fresh Folium map from it on every run (Folium objects are changed by
    streamlit-folium when drawn, so they are never reused).
    """
    center, zoom = options.center, options.zoom
    if options.selected and options.selected in cities.index and center is None:
        city = cities.loc[options.selected]
        center, zoom = (float(city["lat"]), float(city["lon"])), zoom or 4
    colors = palette(options.color_by)
    keys = style_key(partnerships, options.color_by)
    labels = schema.FOCUS_AREAS if options.color_by == "focus" else schema.ERA_LABELS
    styles = tuple((k, (("color", c),)) for k, c in colors.items())
    base = (("weight", 1.6), ("opacity", 0.75))
    present = [k for k in colors if (keys == k).any()]
    layers = []
    for key in present:
        chosen = partnerships[keys.to_numpy() == key]
        feats = link_features(chosen, arcs, keys[keys == key])
        layers.append(LayerSpec(f"{labels[key]} ({len(chosen)})", feature_collection(feats),
                                styles, base))
    if options.selected:
        mine = partnerships[(partnerships["city_a_id"] == options.selected)
                            | (partnerships["city_b_id"] == options.selected)]
        if len(mine):
            feats = link_features(mine, arcs, pd.Series("sel", index=mine.index))
            layers.append(LayerSpec(
                "Selected city's partnerships", feature_collection(feats),
                (("sel", (("color", "#222222"), ("weight", 3.5), ("opacity", 0.95))),), base))
    counts = partner_counts(partnerships)
    shown = cities.loc[counts.index]
    city_styles = (("city", (("color", "#ffffff"), ("weight", 1), ("fillColor", CITY_COLOR),
                             ("fillOpacity", 0.85))),
                   ("sel", (("color", "#000000"), ("weight", 3), ("fillColor", SELECTED_COLOR),
                            ("fillOpacity", 1))))
    layers.append(LayerSpec(f"Cities ({len(shown)})",
                            feature_collection(city_features(shown, counts, options.selected)),
                            city_styles, (), sticky=False))
    title = "Focus area (first listed)" if options.color_by == "focus" else "Era established"
    return MapSpec(center, zoom, options.basemap, tuple(layers), title,
                   tuple((colors[k], labels[k]) for k in present), options.fullscreen)


def assemble(spec: MapSpec) -> folium.Map:
    """A fresh Folium map from a plan: only string handling, fast at any size."""
    m = folium.Map(location=spec.center or (30, 10), zoom_start=spec.zoom or 2, tiles=None,
                   prefer_canvas=True, control_scale=True, min_zoom=1, world_copy_jump=False,
                   zoom_snap=0.25)
    m.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#dbe7f1 !important}</style>"))
    _add_basemaps(m, spec.basemap)
    for layer in spec.layers:
        GeoJsonFast(layer.features_json, layer.name,
                    {k: dict(v) for k, v in layer.styles}, dict(layer.base_style),
                    sticky=layer.sticky).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if spec.fullscreen:
        Fullscreen(position="topleft").add_to(m)
    m.add_child(Legend(spec.legend_title, list(spec.legend_items)))
    if spec.center is None:
        # The inhabited world, whatever the screen's width. Added last: streamlit-folium
        # renames variables by child position, and an early FitBounds shifts them.
        m.fit_bounds(WORLD_BOUNDS)
    return m


def build_map(partnerships: pd.DataFrame, cities: pd.DataFrame, arcs: Mapping[str, str],
              options: MapOptions = MapOptions()) -> folium.Map:
    """The world map of the given (already filtered) partnerships."""
    return assemble(plan(partnerships, cities, arcs, options))


def _add_basemaps(m: folium.Map, default: str) -> None:
    """Plain outlines work offline and read well on a projector; OSM tiles need internet."""
    GeoJsonFast(basemap_json(), "Plain map (offline)",
                {}, {"color": "#9aa9b5", "weight": 0.6, "fillColor": "#f4f1ea",
                     "fillOpacity": 1, "interactive": False},
                show=default != "osm", overlay=False).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False,
                     show=default == "osm").add_to(m)


def to_html(m: folium.Map) -> str:
    """Standalone HTML for the map (opens in any browser)."""
    return m.get_root().render()
