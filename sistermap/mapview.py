"""Build the Folium map from a filtered dataset; the app and ``render`` share it.

Speed at world scale comes from shipping data, not drawing instructions. The page gets one
compact, columnar JSON table of the shown cities (rounded coordinates, escaped names) and
of the links (two city indices, a style, a year and a status each), and a small script
(``mapview.js``) builds Leaflet layers from it: great-circle arcs are computed in the
browser with the same maths as ``arcs.py``, so a link costs ~20 bytes of HTML instead of
kilobytes of vertices and Folium objects. Everything large is added to the page as
pre-rendered text, never compiled as a Jinja template (Folium compiles each element's
script, which made rendering scale with the data's size on every app rerun).

Above ``LOD_LINKS`` links the map switches to levels of detail: zoomed out it draws links
grouped by country pair (width by count, tooltip "N partnerships between X and Y") and the
best-connected cities; zoomed in it builds only the links and cities in view, so Leaflet
never holds 100,000 layers at once. Filtered or small maps keep one layer per link.

Safety: every text that reaches the page goes through ``html.escape`` and is embedded with
``<``, ``>`` and ``&`` as JSON escapes, so a city named ``<img src=x onerror=alert(1)>``
shows as text and runs nothing, and ``</script>`` in data cannot end the script.
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

from sistermap import arcs as arcs_mod
from sistermap import schema, stats

BASEMAP_FILE = (Path(__file__).resolve().parent.parent / "data" / "basemap"
                / "countries-110m.geojson")
JS_FILE = Path(__file__).resolve().parent / "mapview.js"

#: Okabe–Ito colours: distinguishable with colour-blindness and on a projector.
ERA_COLORS = {"postwar": "#D55E00", "cold_war": "#0072B2", "post_cold_war": "#009E73",
              "global": "#CC79A7", "unknown": "#999999"}
FOCUS_COLORS = {"peace": "#D55E00", "culture": "#0072B2", "education": "#E69F00",
                "economy": "#56B4E9", "governance": "#000000", "climate": "#009E73",
                "development": "#CC79A7"}
SELECTED_COLOR = "#F0E442"
WORLD_BOUNDS = [[-47.0, -150.0], [68.0, 165.0]]
CITY_COLOR = "#333333"

#: Above this many links (or cities) the map uses levels of detail (see the module doc).
LOD_LINKS = 8_000
LOD_CITIES = 8_000
#: Zoom level from which individual links are drawn in level-of-detail mode.
DETAIL_ZOOM = 5
#: At most this many links / cities are built at once when zoomed in (nearest first).
DETAIL_MAX_LINKS = 6_000
DETAIL_MAX_CITIES = 6_000
#: Best-connected cities drawn when zoomed out in level-of-detail mode.
OVERVIEW_CITIES = 2_500
#: Domestic links are grouped between grid cells of this size (degrees) in the overview.
OVERVIEW_CELL_DEG = 5.0
#: Coordinates are sent as integers of this many units per degree (~11 m).
COORD_SCALE = 10_000

CITY_STYLES = {"city": {"color": "#ffffff", "weight": 1, "fillColor": CITY_COLOR,
                        "fillOpacity": 0.85},
               "sel": {"color": "#000000", "weight": 3, "fillColor": SELECTED_COLOR,
                       "fillOpacity": 1}}


def safe_json(value: object) -> str:
    """JSON that is also safe inside a <script> element (no tag can be closed from data)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def esc(value: object) -> str:
    """Text for a tooltip or label: HTML-escaped, so markup in data stays text."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1)
def map_js() -> str:
    """The browser half of the map, with the arc parameters of arcs.py filled in."""
    return (JS_FILE.read_text(encoding="utf-8")
            .replace("__EARTH__", repr(arcs_mod.EARTH_RADIUS_KM))
            .replace("__KMV__", repr(arcs_mod.KM_PER_VERTEX))
            .replace("__MAXSEG__", str(arcs_mod.MAX_SEGMENTS)))


class _Raw(Element):
    """Text that is already the final script: rendered as is, never compiled by Jinja."""

    _template = Template("")

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _RawScript:
    """Mixin: put this element's script on the page without compiling it as a template.

    Folium wraps every rendered script in ``Element(text)``, which compiles the text as a
    Jinja template: with megabytes of data that cost seconds on every render (st_folium
    renders on every app rerun). The script macro itself is cheap, so it is kept.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        figure.script.add_child(_Raw(self._template.module.script(self, kwargs)),
                                name=self.get_name())


class GeoJsonFast(_RawScript, Layer):
    """A GeoJSON layer embedded from a pre-serialised string (the offline basemap)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            style: function(f) { return Object.assign({}, {{ this.base_style }}); }
        });
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """)

    def __init__(self, features_json: str, name: str, base_style: Mapping[str, object],
                 show: bool = True, overlay: bool = True, control: bool = True):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "GeoJsonFast"
        self.data = safe_json(features_json)
        self.base_style = safe_json(dict(base_style))


class MapData(_RawScript, MacroElement):
    """The shared data table and the map script; the layers below read from it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.js }}
        var {{ this.get_name() }} = {{ this.data }};
        {% endmacro %}
        """)

    def __init__(self, data_json: str):
        super().__init__()
        self._name = "SisterMapData"
        self.data = data_json
        self.js = map_js()


class SisterLayer(_RawScript, Layer):
    """One named layer (links of a style, the selection, cities, overview, detail).

    Built in the browser by ``SisterMap.build`` from the shared table. Features carry the
    properties ``id`` (returned on click: a city id or a pair id), ``t`` (tooltip, already
    escaped), ``s`` (style key) and, for cities, ``r`` (radius in pixels).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = SisterMap.build({{ this._parent.get_name() }},
            {{ this.data_name }}, {{ this.role }}, {{ this.key }}, {{ this.opt }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """)

    def __init__(self, data: MapData, name: str, role: str, key: str = "", show: bool = True,
                 selected: int = -1):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "SisterLayer"
        self.data_name = data.get_name()
        self.role, self.key = safe_json(json.dumps(role)), safe_json(json.dumps(key))
        self.opt = safe_json({"cityStyles": CITY_STYLES, "sel": int(selected)})


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
          {% if this.note %}<i>{{ this.note }}</i>{% endif %}
        </div>
        {% endmacro %}
        """)

    def __init__(self, title: str, items: list[tuple[str, str]], note: str = ""):
        super().__init__()
        self._name = "Legend"
        self.title = esc(title)
        self.items = [(c, esc(label)) for c, label in items]
        self.note = esc(note)


@dataclass(frozen=True)
class MapOptions:
    color_by: str = "era"  # "era" or "focus" (a link's first focus area)
    basemap: str = "plain"  # "plain" (offline country outlines) or "osm"
    selected: str = ""  # city id whose links are highlighted
    center: tuple[float, float] | None = None
    zoom: int | None = None
    fullscreen: bool = True
    lod_links: int = LOD_LINKS  # level of detail above this many links (see module doc)
    #: Focus areas the user filtered on: a link is coloured by the first of these it has,
    #: so "climate" links show in the climate colour even when culture is listed first.
    focus_first: tuple[str, ...] = ()
    #: With a selected city: "world" keeps the world view (the map page, so a click does not
    #: jump), "links" fits the city and its partners (the city page), "city" zooms on it.
    frame: str = "city"


def style_key(partnerships: pd.DataFrame, color_by: str,
              focus_first: tuple[str, ...] = ()) -> pd.Series:
    if color_by == "focus":
        def pick(focus: tuple[str, ...]) -> str:
            preferred = [x for x in focus_first if x in focus]
            return preferred[0] if preferred else (focus[0] if focus else "culture")

        return pd.Series([pick(f) for f in partnerships["focus"]], index=partnerships.index)
    return partnerships["era"]


def palette(color_by: str) -> dict[str, str]:
    return FOCUS_COLORS if color_by == "focus" else ERA_COLORS


def city_radius(partners: np.ndarray) -> np.ndarray:
    """Marker size grows with the square root of partner count, so hubs stand out gently."""
    return np.round(3 + 2.2 * np.sqrt(np.maximum(partners, 1) - 1), 1)


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the map: what the browser builds from the shared table."""

    name: str
    role: str  # "links" (one style), "sel", "cities", "overview" or "detail"
    key: str = ""  # the style key of a "links" layer
    show: bool = True


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
    data_json: str = "{}"  # the shared table, already safe to embed in a <script>
    legend_note: str = ""
    lod: bool = False
    selected_index: int = -1  # the selected city's row in the shared table, or -1
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None  # fit to these


def _ints(values: np.ndarray) -> list[int]:
    return np.asarray(values).astype(np.int64).tolist()


def _city_table(partnerships: pd.DataFrame, cities: pd.DataFrame) -> dict:
    """Columnar table of the cities that have a shown link, best-connected first."""
    counts = stats.partner_counts(partnerships)
    shown = cities.loc[counts.index]
    names = shown["country_name"].where(shown["country_name"].notna(), shown["country"])
    countries, country_idx = np.unique(names.astype(str).to_numpy(), return_inverse=True)
    degree = (shown["degree"].fillna(0).to_numpy() if "degree" in shown
              else counts.to_numpy())
    degree = np.where(degree > 0, degree, counts.to_numpy())
    ids = shown.index.astype(str).tolist()
    return {
        "ci": ids,
        "cn": [esc(n) for n in shown["name"].tolist()],
        "cc": _ints(country_idx),
        "co": [esc(c) for c in countries.tolist()],
        "cx": _ints(np.round(shown["lon"].to_numpy(float) * COORD_SCALE)),
        "cy": _ints(np.round(shown["lat"].to_numpy(float) * COORD_SCALE)),
        "ck": _ints(counts.to_numpy()),
        "cd": _ints(degree),
        "cr": _ints(np.round(city_radius(counts.to_numpy()) * 10)),
    }


def _link_table(partnerships: pd.DataFrame, city_index: pd.Index, keys: pd.Series,
                styles: list[str]) -> dict:
    """Columnar table of links: city indices, style, year and status per link."""
    a = city_index.get_indexer(partnerships["city_a_id"])
    b = city_index.get_indexer(partnerships["city_b_id"])
    statuses = [s for s in schema.STATUSES if s != "active"]
    status_idx = partnerships["status"].map({s: i + 1 for i, s in enumerate(statuses)})
    years = pd.to_numeric(partnerships["established"], errors="coerce").fillna(0)
    table = {
        "la": _ints(a), "lb": _ints(b),
        "lk": _ints(pd.Index(styles).get_indexer(keys)),
        "ly": _ints(years.to_numpy()),
        "ls": _ints(status_idx.fillna(0).to_numpy()),
        "stl": [""] + [esc(schema.STATUSES[s]) for s in statuses],
    }
    derived = partnerships["city_a_id"].astype(str) + "~" + partnerships["city_b_id"].astype(str)
    if not (derived == partnerships["pair_id"]).all():
        table["pid"] = partnerships["pair_id"].astype(str).tolist()
    return table


def overview(partnerships: pd.DataFrame, keys: pd.Series, styles: list[str]) -> dict:
    """Links grouped by country pair (domestic ones by grid cell), for the zoomed-out map.

    Each group is drawn once, between the partner-weighted centres of its two sides (means
    of unit vectors, so countries across the antimeridian stay whole), coloured by its most
    common style and as wide as its count.
    """
    p = partnerships
    inter = (p["country_a"] != p["country_b"]).to_numpy()

    def region(side: str) -> np.ndarray:
        cell = (np.floor(p[f"lat_{side}"].to_numpy(float) / OVERVIEW_CELL_DEG).astype(int)
                .astype(str).astype(object) + "/"
                + np.floor(p[f"lon_{side}"].to_numpy(float) / OVERVIEW_CELL_DEG).astype(int)
                .astype(str).astype(object))
        country = p[f"country_{side}"].astype(str).to_numpy(object)
        return np.where(inter, country, country + ":" + cell)

    ra, rb = region("a"), region("b")
    ends = pd.DataFrame({
        "region": np.concatenate([ra, rb]),
        "label": np.concatenate([p["country_name_a"].fillna(p["country_a"]).astype(str),
                                 p["country_name_b"].fillna(p["country_b"]).astype(str)]),
        "lon": np.concatenate([p["lon_a"].to_numpy(float), p["lon_b"].to_numpy(float)]),
        "lat": np.concatenate([p["lat_a"].to_numpy(float), p["lat_b"].to_numpy(float)]),
    })
    lam, phi = np.radians(ends["lon"]), np.radians(ends["lat"])
    ends["ux"], ends["uy"], ends["uz"] = np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), \
        np.sin(phi)
    centres = ends.groupby("region").agg(ux=("ux", "mean"), uy=("uy", "mean"),
                                         uz=("uz", "mean"), label=("label", "first"))
    lon = np.degrees(np.arctan2(centres["uy"], centres["ux"]))
    lat = np.degrees(np.arctan2(centres["uz"], np.hypot(centres["ux"], centres["uy"])))
    swap = ra > rb
    lo, hi = np.where(swap, rb, ra), np.where(swap, ra, rb)
    groups = pd.DataFrame({"lo": lo, "hi": hi, "k": pd.Index(styles).get_indexer(keys)})
    groups = groups[groups["lo"] != groups["hi"]]
    by_style = groups.groupby(["lo", "hi", "k"]).size().rename("n").reset_index()
    total = by_style.groupby(["lo", "hi"])["n"].transform("sum")
    top = by_style.assign(total=total).sort_values("n", ascending=False).drop_duplicates(
        ["lo", "hi"]).sort_values("total")  # small groups first: big ones drawn on top
    index = centres.index
    return {
        "x": np.round(lon.to_numpy(), 3).tolist(), "y": np.round(lat.to_numpy(), 3).tolist(),
        "lab": [esc(s) for s in centres["label"].tolist()],
        "a": _ints(index.get_indexer(top["lo"])), "b": _ints(index.get_indexer(top["hi"])),
        "n": _ints(top["total"].to_numpy()), "k": _ints(top["k"].to_numpy()),
    }


@dataclass(frozen=True)
class _Base:
    """The part of a plan that does not depend on the selected city (the big part)."""

    data_json: str
    city_index: Mapping[str, int]
    layers: tuple[LayerSpec, ...]
    present: tuple[str, ...]
    note: str
    lod: bool


#: (id(partnerships), id(cities), color_by, lod_links) -> (partnerships, cities, base).
#: Selecting a city must not re-serialise the whole map: the app's filtered tables are
#: cached objects, so their identity is a safe key while we hold a reference to them.
_BASES: dict[tuple, tuple[pd.DataFrame, pd.DataFrame, _Base]] = {}
_MAX_BASES = 8


def _base(partnerships: pd.DataFrame, cities: pd.DataFrame, color_by: str,
          lod_links: int, focus_first: tuple[str, ...] = ()) -> _Base:
    key = (id(partnerships), id(cities), color_by, lod_links, focus_first)
    hit = _BASES.get(key)
    if hit is not None and hit[0] is partnerships and hit[1] is cities:
        return hit[2]
    colors = palette(color_by)
    keys = style_key(partnerships, color_by, focus_first)
    labels = schema.FOCUS_AREAS if color_by == "focus" else schema.ERA_LABELS
    key_counts = keys.value_counts()
    present = tuple(k for k in colors if k in key_counts.index)
    styles = list(colors)
    table = _city_table(partnerships, cities)
    lod = len(partnerships) > lod_links or len(table["ci"]) > LOD_CITIES
    table.update(_link_table(partnerships, pd.Index(table["ci"]), keys, styles))
    table["styles"], table["colors"] = styles, colors
    layers: list[LayerSpec] = []
    note = ""
    if lod:
        table["lod"] = {"zoom": DETAIL_ZOOM, "links": DETAIL_MAX_LINKS,
                        "cities": DETAIL_MAX_CITIES, "top": OVERVIEW_CITIES}
        table["ov"] = overview(partnerships, keys, styles)
        layers += [LayerSpec(f"Partnerships by country pair ({len(table['ov']['n'])})",
                             "overview"),
                   LayerSpec(f"Each partnership, zoomed in ({len(partnerships)})", "detail")]
        note = (f"{len(partnerships):,} links: grouped by country pair when zoomed out; "
                "zoom in or filter to see each one.")
    else:
        table["lod"] = None
        layers += [LayerSpec(f"{labels[k]} ({int(key_counts[k])})", "links", k)
                   for k in present]
    base = _Base(safe_json(table), {c: i for i, c in enumerate(table["ci"])}, tuple(layers),
                 present, note, lod)
    while len(_BASES) >= _MAX_BASES:
        _BASES.pop(next(iter(_BASES)))
    _BASES[key] = (partnerships, cities, base)
    return base


def plan(partnerships: pd.DataFrame, cities: pd.DataFrame,
         options: MapOptions = MapOptions()) -> MapSpec:
    """Serialise the (already filtered) partnerships and their cities into map data.

    This is the expensive half of drawing a map; the app caches its result per filter and
    builds a fresh Folium map from it on every run (Folium objects are changed by
    streamlit-folium when drawn, so they are never reused). The serialised table does not
    depend on the selected city, so selecting one reuses it. The browser computes the arcs
    (arcs.py has the same maths).
    """
    center, zoom, bounds = options.center, options.zoom, None
    if (options.selected and options.selected in cities.index and center is None
            and options.frame != "world"):
        city = cities.loc[options.selected]
        center, zoom = (float(city["lat"]), float(city["lon"])), zoom or 4
        if options.frame == "links":
            bounds = selection_bounds(partnerships, options.selected)
    base = _base(partnerships, cities, options.color_by, options.lod_links,
                 options.focus_first)
    sel = base.city_index.get(options.selected, -1) if options.selected else -1
    layers = list(base.layers)
    if sel >= 0:
        layers.append(LayerSpec("Selected city's partnerships", "sel"))
    layers.append(LayerSpec(f"Cities ({len(base.city_index)})", "cities"))
    colors = palette(options.color_by)
    labels = schema.FOCUS_AREAS if options.color_by == "focus" else schema.ERA_LABELS
    title = ("Focus area (first listed)" if not options.focus_first else "Focus area") \
        if options.color_by == "focus" else "Era established"
    return MapSpec(center, zoom, options.basemap, tuple(layers), title,
                   tuple((colors[k], labels[k]) for k in base.present), options.fullscreen,
                   base.data_json, base.note, base.lod, sel, bounds)


def selection_bounds(partnerships: pd.DataFrame, city_id: str
                     ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Bounds of a city and its partners, or None when they span the globe's far side.

    A span of more than 180° of longitude would cross the antimeridian, where a lat/lon box
    shows the wrong half of the world; the caller then centres on the city instead.
    """
    mine = partnerships[(partnerships["city_a_id"] == city_id)
                        | (partnerships["city_b_id"] == city_id)]
    if mine.empty:
        return None
    lats = np.concatenate([mine["lat_a"].to_numpy(float), mine["lat_b"].to_numpy(float)])
    lons = np.concatenate([mine["lon_a"].to_numpy(float), mine["lon_b"].to_numpy(float)])
    if lons.max() - lons.min() > 180:
        return None
    pad_lat = max(1.0, 0.08 * (lats.max() - lats.min()))
    pad_lon = max(1.0, 0.08 * (lons.max() - lons.min()))
    return ((float(lats.min() - pad_lat), float(lons.min() - pad_lon)),
            (float(lats.max() + pad_lat), float(lons.max() + pad_lon)))


def assemble(spec: MapSpec) -> folium.Map:
    """A fresh Folium map from a plan: only string handling, fast at any size."""
    m = folium.Map(location=spec.center or (30, 10), zoom_start=spec.zoom or 2, tiles=None,
                   prefer_canvas=True, control_scale=True, min_zoom=1, world_copy_jump=False,
                   zoom_snap=0.25)
    m.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#dbe7f1 !important}</style>"))
    _add_basemaps(m, spec.basemap)
    data = MapData(spec.data_json)
    m.add_child(data)
    for layer in spec.layers:
        SisterLayer(data, layer.name, layer.role, layer.key, layer.show,
                    spec.selected_index).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if spec.fullscreen:
        Fullscreen(position="topleft").add_to(m)
    m.add_child(Legend(spec.legend_title, list(spec.legend_items), spec.legend_note))
    # Added last: streamlit-folium renames variables by child position, and an early
    # FitBounds shifts them.
    if spec.bounds is not None:
        m.fit_bounds([list(spec.bounds[0]), list(spec.bounds[1])])
    elif spec.center is None:
        m.fit_bounds(WORLD_BOUNDS)  # the inhabited world, whatever the screen's width
    return m


def build_map(partnerships: pd.DataFrame, cities: pd.DataFrame,
              options: MapOptions = MapOptions()) -> folium.Map:
    """The world map of the given (already filtered) partnerships."""
    return assemble(plan(partnerships, cities, options))


def _add_basemaps(m: folium.Map, default: str) -> None:
    """Plain outlines work offline and read well on a projector; OSM tiles need internet."""
    GeoJsonFast(basemap_json(), "Plain map (offline)",
                {"color": "#9aa9b5", "weight": 0.6, "fillColor": "#f4f1ea",
                 "fillOpacity": 1, "interactive": False},
                show=default != "osm", overlay=False).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False,
                     show=default == "osm").add_to(m)


def to_html(m: folium.Map) -> str:
    """Standalone HTML for the map (opens in any browser)."""
    return m.get_root().render()
