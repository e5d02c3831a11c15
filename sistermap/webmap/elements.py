"""The map as a Folium page: a plan (``plan.py``) turned into elements, HTML and basemaps.

Only string handling, fast at any size: everything large is added to the page as
pre-rendered text, never compiled as a Jinja template (Folium compiles each element's
script, which made rendering scale with the data's size on every app rerun).

Nothing is loaded from outside: Leaflet is shipped in ``assets/`` (see ``webassets``), and
the legend, fullscreen button, labels, framing and the map's height are drawn by the
browser script (``js/``, joined by ``webassets.map_js``; no Folium plugin, so no CDN).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.map import Layer
from jinja2 import Template

from sistermap import safe_text
from sistermap.geo import BASEMAP_FILE
from sistermap.i18n import _
from sistermap.palette import city_styles
from sistermap.safe_text import esc, safe_json
from sistermap.webmap import webassets
from sistermap.webmap.plan import TABLE_ROWS, MapOptions, MapSpec, plan, theme_of


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
            || {})[{{ this.slot }}] = {{ this.get_name() }};
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """)

    def __init__(self, features_json: str, name: str, base_style: Mapping[str, object],
                 show: bool = True, overlay: bool = True, control: bool = True,
                 slot: str = "basemap"):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "GeoJsonFast"
        self.slot = safe_json(json.dumps(slot))  # its name in map.sistermap (the script's)
        # "window.SisterMapBasemap": loaded as a file beforehand (a live map's live_files)
        self.data = (features_json if features_json == "window.SisterMapBasemap"
                     else safe_json(features_json))
        self.base_style = safe_json(dict(base_style))


class MapData(_RawScript, MacroElement):
    """The shared data table and the map script; the layers below read from it.

    ``external``: both were loaded before the page's script, as files the app serves
    (:func:`live_files`), so the page itself stays small and the same across reruns.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.js }}
        var {{ this.get_name() }} = {{ this.data }};
        {% endmacro %}
        """)

    def __init__(self, data_json: str, external: bool = False):
        super().__init__()
        self._name = "SisterMapData"
        self.data = "window.SisterMapData" if external else data_json
        self.js = "" if external else webassets.map_js()


def live_files(spec: MapSpec) -> tuple[str, str, str]:
    """(map script, basemap, data): the files a live map loads by URL (``assemble(...,
    links=...)``), which set ``window.SisterMap``, ``window.SisterMapBasemap`` and
    ``window.SisterMapData``."""
    return (webassets.map_js(), "window.SisterMapBasemap = " + safe_json(basemap_json()) + ";\n",
            "window.SisterMapData = " + spec.data_json + ";\n")


class LiveUpdate(folium.FeatureGroup):
    """What the app sends a live map on a rerun instead of a new page: the selected row and
    the links its filters keep (``SisterMap.live``; streamlit-folium runs it in the map
    that is already drawn, through ``feature_group_to_add``).

    ``on``: a base64 bitmap of the links kept (bit i of byte i // 8 is link i), or None for
    every link.
    """

    def __init__(self, sel: int, on: str | None):
        super().__init__(name="live", control=False)
        self.add_child(_LiveCall({"sel": int(sel), "on": on, "fit": True}))


class _LiveCall(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.SisterMap && window.map) SisterMap.live(window.map, {{ this.update }});
        {% endmacro %}
        """)

    def __init__(self, update: Mapping[str, object]):
        super().__init__()
        self._name = "SisterMapLive"
        self.update = safe_json(dict(update))


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
                 selected: int = -1, theme: str = "light"):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "SisterLayer"
        self.data_name = data.get_name()
        self.role, self.key = safe_json(json.dumps(role)), safe_json(json.dumps(key))
        self.opt = safe_json({"cityStyles": city_styles(theme), "sel": int(selected)})


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


#: Folium's viewport (no zoom) and the one the map's pages use instead.
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


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

    def render(self, **kwargs) -> None:
        """Folium's page, except that it lets the reader zoom: Folium's viewport forbids
        pinch-zoom (``user-scalable=no``), which a reader with low vision needs (WCAG 1.4.4;
        axe's meta-viewport rule)."""
        super().render(**kwargs)
        header, name = self.get_root().header, self.get_name()
        element = header._children.get(name)
        if element is not None and not isinstance(element, _Raw):
            header._children[name] = _Raw(_VIEWPORT.sub(ZOOMABLE, element.render()))


def assemble(spec: MapSpec, inline: bool = False, links: tuple[str, ...] = (),
             overlays: tuple = ()) -> folium.Map:
    """A fresh Folium map from a plan: only string handling, fast at any size.

    ``inline`` writes Leaflet into the page (a standalone file); the app's pages name the
    copy its server serves. ``links``: URLs of the files of :func:`live_files` (in that
    order), loaded by the page instead of writing the script and data into it.
    ``overlays``: Folium elements drawn over the links (``netmap``: a chain's hops, families).
    """
    m = SisterFoliumMap(location=spec.center or (30, 10), zoom_start=spec.zoom or 2,
                        tiles=None, prefer_canvas=True, control_scale=True, min_zoom=0.5,
                        world_copy_jump=False, zoom_snap=0.25, inline=inline)
    if links:
        m.default_js = list(m.default_js) + [(f"sistermap_{i}", u) for i, u in enumerate(links)]
    _add_basemaps(m, spec.basemap, external=bool(links))
    theme = theme_of(spec.basemap)
    data = MapData(spec.data_json, external=bool(links))
    m.add_child(data)
    for layer in spec.layers:
        SisterLayer(data, layer.name, layer.role, layer.key, layer.show,
                    spec.selected_index, theme).add_to(m)
    for overlay in overlays:
        overlay.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    legend = {"title": esc(spec.legend_title),
              "items": [[c, esc(label)] for c, label in spec.legend_items],
              "note": esc(spec.legend_note),
              "sel": esc(_("Selected city\u2019s links")) if spec.selected_index >= 0 else "",
              "dash": esc(_("Dashed: ended or suspended"))}
    frame = {"mode": spec.frame, "world": [list(spec.world[0]), list(spec.world[1])],
             "center": list(spec.center) if spec.center else None, "zoom": spec.zoom,
             "bounds": [list(spec.bounds[0]), list(spec.bounds[1])] if spec.bounds else None}
    # Added last: streamlit-folium renames variables by child position.
    m.add_child(Finish(data, {"legend": legend, "fullscreen": spec.fullscreen,
                              "cityStyles": city_styles(theme), "theme": theme,
                              "labels": spec.labels, "frame": frame,
                              "timeline": spec.timeline, "year": spec.year,
                              "highlight": list(spec.highlight),
                              "a11y": a11y_texts()}))
    return m


def a11y_texts() -> dict[str, str]:
    """What a screen reader is told about the map (a11y.js): its name and keys, in the
    reader's language. The map's own script says the rest (a city's name, country and
    partners, from the shared table)."""
    return {"name": _("Map of sister-city partnerships"), "role": _("map"),
            "help": _("Arrow down and arrow up move from city to city, best-connected first "
                      "(Home and End: the first and the last); Enter selects the city. Arrow "
                      "left and right pan, plus and minus zoom."),
            "none": _("No city is drawn on the map."),
            "selected": _("Selected: {city}")}


def build_map(partnerships: pd.DataFrame, cities: pd.DataFrame,
              options: MapOptions = MapOptions(), inline: bool = False) -> folium.Map:
    """The world map of the given (already filtered) partnerships."""
    return assemble(plan(partnerships, cities, options), inline=inline)


#: The offline basemaps' country style by theme (the sea is the page's background: map.css).
BASEMAP_STYLES = {
    "light": {"color": "#9aa9b5", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1,
              "interactive": False},
    "dark": {"color": "#3d5066", "weight": 0.6, "fillColor": "#1e2b3a", "fillOpacity": 1,
             "interactive": False},
}


def _add_basemaps(m: folium.Map, default: str, external: bool = False) -> None:
    """Plain outlines work offline and read well on a projector; so does the dark map (the
    same outlines, dark land on a darker sea, where dense corridors glow); OSM tiles need
    internet."""
    outlines = "window.SisterMapBasemap" if external else basemap_json()  # a file, when live
    GeoJsonFast(outlines, "Plain map (offline)", BASEMAP_STYLES["light"],
                show=default not in ("osm", "dark"), overlay=False).add_to(m)
    GeoJsonFast(outlines, "Dark map (offline)", BASEMAP_STYLES["dark"],
                show=default == "dark", overlay=False, slot="dark").add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False,
                     show=default == "osm").add_to(m)


def table_html(rows: pd.DataFrame, limit: int = TABLE_ROWS) -> str:
    """The map's text alternative for a standalone page: its links as a real ``<table>``
    (``safe_text.table_html``: every cell escaped, headers a screen reader announces with
    each cell) in a ``<details>`` under the map, closed until asked for."""
    shown = rows.head(limit)
    caption = (_("The first {shown} of {total} links; filter to see the others.").format(
        shown=f"{len(shown):,}", total=f"{len(rows):,}") if len(rows) > len(shown)
        else _("{total} links.").format(total=f"{len(rows):,}"))
    table = safe_text.table_html([str(c) for c in shown.columns],
                                 shown.astype(object).to_numpy().tolist(), caption=caption)
    return (f'<details class="sm-table"><summary>{esc(_("The links on this map, as a table"))}'
            f"</summary>{table}</details>")


def to_html(m: folium.Map, title: str = "", lang: str = "en", table: str = "") -> str:
    """Standalone HTML for the map (opens in any browser, offline from ``file://`` too).

    Build the map with ``assemble(spec, inline=True)`` (``build_map(..., inline=True)``) so
    Leaflet is inside the file. The page has a title and says its language: a screen reader
    announces the one and reads with the other's voice (WCAG 2.4.2, 3.1.1).
    """
    root = m.get_root()
    root.title = esc(title or _("Sister cities of the world — SisterMap"))
    if table:  # after the map (table_html: already escaped)
        root.html.add_child(_Raw(table), name="sm_table")
    return root.render().replace("<html>", f'<html lang="{esc(lang)}">', 1)
