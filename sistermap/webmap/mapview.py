"""Build the Folium map from a filtered dataset; the app and ``render`` share it.

Speed at world scale comes from shipping data, not drawing instructions. The page gets one
compact, columnar JSON table of the shown cities (rounded coordinates, escaped names) and
of the links (two city indices, a style, a year and a status each), and a small script
(``mapview.js``) builds Leaflet layers from it: great-circle arcs are computed in the
browser with the same maths as ``arcs.py``, so a link costs ~20 bytes of HTML instead of
kilobytes of vertices and Folium objects. Everything large is added to the page as
pre-rendered text, never compiled as a Jinja template (Folium compiles each element's
script, which made rendering scale with the data's size on every app rerun).

Above ``LOD_LINKS`` links the map switches to levels of detail: zoomed out it draws every
link as a thin translucent line on one canvas (overlap reads as density, between the real
cities) and the best-connected cities as small markers; zoomed in it builds only the links
and cities in view as layers with tooltips, so Leaflet never holds 100,000 layers at once.
Filtered or small maps keep one layer per link.

Nothing is loaded from outside: Leaflet is shipped in ``assets/`` (see ``webassets``), and
the legend, fullscreen button, labels, framing and the map's height are drawn by
``mapview.js`` (no Folium plugin, so no CDN). The world is centred where the fewest links
cross its far side (:func:`world_centre`); links and cities near the edge are drawn again
one world over, so the Pacific links show whole.

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
from jinja2 import Template

from sistermap import geo, schema, timeline
from sistermap.geo import BASEMAP_FILE
from sistermap.palette import (  # noqa: F401  (the map's colours, shown in its legend)
    CITY_COLOR,
    CITY_STYLES,
    ERA_COLORS,
    FOCUS_COLORS,
    SELECTED_COLOR,
    city_radius,
    palette,
    style_key,
)
from sistermap.query import stats
from sistermap.webmap import webassets

JS_FILE = Path(__file__).resolve().parent / "mapview.js"

#: The world view's latitudes: every inhabited continent, Antarctica left out.
WORLD_LATS = (-47.0, 68.0)
#: Degrees shown beyond each side of the world's 360°, so links at the edge show whole.
WORLD_MARGIN = 12.0

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
#: Coordinates are sent as integers of this many units per degree (~11 m).
COORD_SCALE = 10_000

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
            .replace("__EARTH__", repr(geo.EARTH_RADIUS_KM))
            .replace("__KMV__", repr(geo.KM_PER_VERTEX))
            .replace("__MAXSEG__", str(geo.MAX_SEGMENTS)))


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
    """The offline basemap: GeoJSON embedded from a pre-serialised string, drawn 3 times."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (data, style) {
            var g = L.featureGroup();  /* three copies: the world repeats at either edge */
            [-360, 0, 360].forEach(function (shift) {
                g.addLayer(L.geoJSON(data, {
                    style: function () { return Object.assign({}, style); },
                    coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + shift); }
                }));
            });
            return g;
        })({{ this.data }}, {{ this.base_style }});
        ({{ this._parent.get_name() }}.sistermap = {{ this._parent.get_name() }}.sistermap
            || {}).basemap = {{ this.get_name() }};
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
    """One named layer (links of a style, the selection, cities, density, detail).

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


class Finish(_RawScript, MacroElement):
    """Everything that is not a layer (legend, labels, fullscreen, framing, height), last."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        SisterMap.finish({{ this._parent.get_name() }}, {{ this.data_name }}, {{ this.opt }});
        {% endmacro %}
        """)

    def __init__(self, data: MapData, opt: Mapping[str, object]):
        super().__init__()
        self._name = "SisterMapFinish"
        self.data_name = data.get_name()
        self.opt = safe_json(dict(opt))


class SisterFoliumMap(folium.Map):
    """A Folium map that needs only the shipped Leaflet (none of Folium's CDN assets).

    ``inline``: the library is written into the page (standalone files); otherwise the page
    names the copy the app serves (see ``webassets``).
    """

    def __init__(self, *args, inline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [] if inline else webassets.app_links("js")
        self.default_css = [] if inline else webassets.app_links("css")
        if inline:
            self.get_root().header.add_child(_Raw(webassets.inline_head()), name="sm_assets")


@dataclass(frozen=True)
class MapOptions:
    color_by: str = "era"  # "era" or "focus" (a link's first focus area)
    basemap: str = "plain"  # "plain" (offline country outlines) or "osm"
    selected: str = ""  # city id whose links are highlighted
    center: tuple[float, float] | None = None
    zoom: int | None = None
    fullscreen: bool = True
    lod_links: int = LOD_LINKS  # level of detail above this many links (see module doc)
    labels: bool = True  # city names on the map (selected city, partners, best-connected)
    #: Focus areas the user filtered on: a link is coloured by the first of these it has,
    #: so "climate" links show in the climate colour even when culture is listed first.
    focus_first: tuple[str, ...] = ()
    #: With a selected city: "world" keeps the world view (the map page, so a click does not
    #: jump), "links" fits the city and its partners (the city page), "city" zooms on it.
    frame: str = "city"
    #: Playback: the year control on the map, and the year the map opens at (paused).
    timeline: bool = False
    year: int | None = None
    #: Cities (ids) labelled and emphasised whatever the zoom (a tour step's cities).
    highlight: tuple[str, ...] = ()
    #: Frame exactly this box: ((south, west), (north, east)); wins over the other framings.
    view: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the map: what the browser builds from the shared table."""

    name: str
    role: str  # "links" (one style), "sel", "cities", "density" or "detail"
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
    #: The world view: ((south, west), (north, east)), west/east around the world's centre.
    world: tuple[tuple[float, float], tuple[float, float]] = ((-47.0, -180.0), (68.0, 180.0))
    labels: bool = True
    #: "selection" (fit the selected city and its partners), "view" (center/zoom),
    #: "bounds" (exactly ``bounds``) or "world".
    frame: str = "world"
    timeline: dict | None = None  # the year control's data (timeline.Timeline.as_json)
    year: int | None = None  # the year the map opens at (None: every link)
    highlight: tuple[int, ...] = ()  # rows of the shared table labelled whatever the zoom


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
        "le": _ints(timeline.end_years(partnerships)),  # left the map that year (0: never)
        "ls": _ints(status_idx.fillna(0).to_numpy()),
        "stl": [""] + [esc(schema.STATUSES[s]) for s in statuses],
    }
    derived = partnerships["city_a_id"].astype(str) + "~" + partnerships["city_b_id"].astype(str)
    if not (derived == partnerships["pair_id"]).all():
        table["pid"] = partnerships["pair_id"].astype(str).tolist()
    return table


@dataclass(frozen=True)
class _Base:
    """The part of a plan that does not depend on the selected city (the big part)."""

    data_json: str
    city_index: Mapping[str, int]
    layers: tuple[LayerSpec, ...]
    present: tuple[str, ...]
    note: str
    lod: bool
    world: tuple[tuple[float, float], tuple[float, float]]
    timeline: dict | None


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
    labels = schema.FOCUS_LABELS if color_by == "focus" else schema.ERA_LABELS
    key_counts = keys.value_counts()
    present = tuple(k for k in colors if k in key_counts.index)
    styles = list(colors)
    table = _city_table(partnerships, cities)
    lod = len(partnerships) > lod_links or len(table["ci"]) > LOD_CITIES
    table.update(_link_table(partnerships, pd.Index(table["ci"]), keys, styles))
    table["styles"], table["colors"] = styles, colors
    centre = world_centre(partnerships)
    table["c0"] = centre
    layers: list[LayerSpec] = []
    note = ""
    if lod:
        table["lod"] = {"zoom": DETAIL_ZOOM, "links": DETAIL_MAX_LINKS,
                        "cities": DETAIL_MAX_CITIES, "top": OVERVIEW_CITIES}
        table["rs"] = 0.6  # smaller markers, so dense regions stay legible
        layers += [LayerSpec(f"All partnerships ({len(partnerships):,})", "density"),
                   LayerSpec("Each partnership, zoomed in", "detail")]
        note = "Zoom in to see each link; filter to see fewer."
    else:
        table["lod"] = None
        layers += [LayerSpec(f"{labels[k]} ({int(key_counts[k])})", "links", k)
                   for k in present]
    played = timeline.build(partnerships)
    base = _Base(safe_json(table), {c: i for i, c in enumerate(table["ci"])}, tuple(layers),
                 present, note, lod, world_bounds(partnerships, centre),
                 played.as_json() if played else None)
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
    base = _base(partnerships, cities, options.color_by, options.lod_links,
                 options.focus_first)
    sel = base.city_index.get(options.selected, -1) if options.selected else -1
    frame = "view" if center is not None else "world"
    if options.view is not None:
        frame, bounds = "bounds", options.view
    if options.selected and options.selected in cities.index and center is None:
        city = cities.loc[options.selected]
        if frame == "bounds":
            pass
        elif options.frame == "city" or sel < 0:
            center, zoom, frame = (float(city["lat"]), float(city["lon"])), zoom or 5, "view"
        elif options.frame in ("links", "selection") and frame != "bounds":
            frame = "selection"
            bounds = selection_bounds(partnerships, options.selected)
    layers = list(base.layers)
    if sel >= 0:
        layers.append(LayerSpec("Selected city's partnerships", "sel"))
    layers.append(LayerSpec(f"Cities ({len(base.city_index)})", "cities"))
    colors = palette(options.color_by)
    labels = schema.FOCUS_LABELS if options.color_by == "focus" else schema.ERA_LABELS
    title = ("Focus area (first listed)" if not options.focus_first else "Focus area") \
        if options.color_by == "focus" else "Era established"
    return MapSpec(center, zoom, options.basemap, tuple(layers), title,
                   tuple((colors[k], labels[k]) for k in base.present), options.fullscreen,
                   base.data_json, base.note, base.lod, sel, bounds, base.world,
                   options.labels, frame, base.timeline if options.timeline else None,
                   options.year,
                   tuple(base.city_index[c] for c in options.highlight if c in base.city_index))


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


def world_centre(partnerships: pd.DataFrame, step: float = 5.0) -> float:
    """The longitude to centre the world on: opposite the meridian fewest links cross.

    A world map cuts the globe somewhere; cutting where fewest partnerships run keeps the
    most of them whole (for the curated data this is a Pacific-centred cut over western
    North America's coast, so Japan–US links show whole). Ties go to the usual 0° centre.
    """
    if partnerships.empty:
        return 0.0
    a = partnerships["lon_a"].to_numpy(float)
    b = partnerships["lon_b"].to_numpy(float)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    wraps = (hi - lo) > 180  # the shorter way round crosses ±180
    seams = np.arange(-180.0, 180.0, step)
    inside = (lo[None, :] < seams[:, None]) & (seams[:, None] < hi[None, :])
    crossing = np.where(wraps[None, :], ~inside, inside).sum(axis=1)
    # Prefer the seam nearest 180° among the best (a familiar map when it costs nothing).
    best = np.flatnonzero(crossing == crossing.min())
    seam = seams[best[np.argmin(np.abs(np.abs(seams[best]) - 180))]]
    centre = seam + 180.0
    return float(centre - 360.0 if centre >= 180 else centre)


def world_bounds(partnerships: pd.DataFrame, centre: float
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The world view: 360° around the centre plus a margin, the inhabited latitudes."""
    south, north = WORLD_LATS
    if not partnerships.empty:
        lats = np.concatenate([partnerships["lat_a"].to_numpy(float),
                               partnerships["lat_b"].to_numpy(float)])
        south = float(max(-58.0, min(south, lats.min() - 3)))
        north = float(min(75.0, max(north, lats.max() + 3)))
    return ((south, centre - 180 - WORLD_MARGIN), (north, centre + 180 + WORLD_MARGIN))


def assemble(spec: MapSpec, inline: bool = False) -> folium.Map:
    """A fresh Folium map from a plan: only string handling, fast at any size.

    ``inline`` writes Leaflet into the page (a standalone file); the app's pages name the
    copy its server serves.
    """
    m = SisterFoliumMap(location=spec.center or (30, 10), zoom_start=spec.zoom or 2,
                        tiles=None, prefer_canvas=True, control_scale=True, min_zoom=0.5,
                        world_copy_jump=False, zoom_snap=0.25, inline=inline)
    _add_basemaps(m, spec.basemap)
    data = MapData(spec.data_json)
    m.add_child(data)
    for layer in spec.layers:
        SisterLayer(data, layer.name, layer.role, layer.key, layer.show,
                    spec.selected_index).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    legend = {"title": esc(spec.legend_title),
              "items": [[c, esc(label)] for c, label in spec.legend_items],
              "note": esc(spec.legend_note),
              "sel": "Selected city\u2019s links" if spec.selected_index >= 0 else ""}
    frame = {"mode": spec.frame, "world": [list(spec.world[0]), list(spec.world[1])],
             "center": list(spec.center) if spec.center else None, "zoom": spec.zoom,
             "bounds": [list(spec.bounds[0]), list(spec.bounds[1])] if spec.bounds else None}
    # Added last: streamlit-folium renames variables by child position.
    m.add_child(Finish(data, {"legend": legend, "fullscreen": spec.fullscreen,
                              "cityStyles": CITY_STYLES,
                              "labels": spec.labels, "frame": frame,
                              "timeline": spec.timeline, "year": spec.year,
                              "highlight": list(spec.highlight)}))
    return m


def build_map(partnerships: pd.DataFrame, cities: pd.DataFrame,
              options: MapOptions = MapOptions(), inline: bool = False) -> folium.Map:
    """The world map of the given (already filtered) partnerships."""
    return assemble(plan(partnerships, cities, options), inline=inline)


def _add_basemaps(m: folium.Map, default: str) -> None:
    """Plain outlines work offline and read well on a projector; OSM tiles need internet."""
    GeoJsonFast(basemap_json(), "Plain map (offline)",
                {"color": "#9aa9b5", "weight": 0.6, "fillColor": "#f4f1ea",
                 "fillOpacity": 1, "interactive": False},
                show=default != "osm", overlay=False).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False,
                     show=default == "osm").add_to(m)


def to_html(m: folium.Map) -> str:
    """Standalone HTML for the map (opens in any browser, offline from ``file://`` too).

    Build the map with ``assemble(spec, inline=True)`` (``build_map(..., inline=True)``) so
    Leaflet is inside the file.
    """
    return m.get_root().render()
