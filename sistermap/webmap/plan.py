"""The map's plan: the filtered data as one compact table for the browser, and the layers.

The expensive, pure half of drawing a map (no Folium here; ``elements`` turns a plan into a
page). Speed at world scale comes from shipping data, not drawing instructions. The page
gets one compact, columnar JSON table of the shown cities (rounded coordinates, escaped
names) and of the links (two city indices, a style, a year and a status each), and the
browser script (``js/``, see ``webassets.JS_FILES``) builds Leaflet layers from it:
great-circle arcs are computed in the browser with the same maths as ``geo.py``, so a link
costs ~20 bytes of HTML instead of kilobytes of vertices and Folium objects. Every key of
that table is documented in ``contract.py`` (and the tests hold both sides to it).

Above ``LOD_LINKS`` links the map switches to levels of detail: zoomed out it draws every
link as a thin translucent line on one canvas (overlap reads as density, between the real
cities) and the best-connected cities as small markers; zoomed in it builds only the links
and cities in view as layers with tooltips, so Leaflet never holds 100,000 layers at once.
Filtered or small maps keep one layer per link.

The world is centred where the fewest links cross its far side (:func:`world_centre`);
links and cities near the edge are drawn again one world over, so the Pacific links show
whole.

Safety: every text that reaches the page goes through ``html.escape`` (:func:`esc`) and is
embedded with ``<``, ``>`` and ``&`` as JSON escapes (:func:`safe_json`), so a city named
``<img src=x onerror=alert(1)>`` shows as text and runs nothing, and ``</script>`` in data
cannot end the script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistermap import palette as pal
from sistermap import regions, schema, timeline
from sistermap.i18n import _, language, n_, number
from sistermap.palette import city_radius, palette, style_key
from sistermap.query import stats
from sistermap.safe_text import esc, safe_json

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
#: Statuses whose links are drawn dashed (and the legend says so).
DASHED = ("ended", "suspended")
#: Coordinates are sent as integers of this many units per degree (~11 m).
COORD_SCALE = 10_000


@dataclass(frozen=True)
class MapOptions:
    #: "era", "focus" (a link's first focus area), "reach" or "continent" (palette.COLOR_BY);
    #: "era" on a list with (nearly) no years draws "reach" (palette.choose_color_by).
    color_by: str = "era"
    #: "plain" (offline country outlines), "dark" (the same outlines, dark, for projectors)
    #: or "osm" (tiles, need internet).
    basemap: str = "plain"
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
    #: The box of the "bounds" frame (``MapOptions.view``); None for the other framings.
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    #: The world view: ((south, west), (north, east)), west/east around the world's centre.
    world: tuple[tuple[float, float], tuple[float, float]] = ((-47.0, -180.0), (68.0, 180.0))
    labels: bool = True
    #: "selection" (fit the selected city and its partners), "view" (center/zoom),
    #: "bounds" (exactly ``bounds``) or "world".
    frame: str = "world"
    timeline: dict | None = None  # the year control's data (timeline.Timeline.as_json)
    year: int | None = None  # the year the map opens at (None: every link)
    highlight: tuple[int, ...] = ()  # rows of the shared table labelled whatever the zoom


def map_texts() -> dict[str, str]:
    """The words the browser script writes (controls, tooltips, notices), in the reader's
    language: the script has none of its own (``d.tx``, ``SM.t`` in js/data.js). ``{n}``
    is filled in by the script. Plain text from the catalog (no markup, no data): the script
    sets it as text, or puts it beside the escaped names of a tooltip."""
    return {
        "fullscreen": _("Full screen"), "allYears": _("All years"), "play": _("Play"),
        "pause": _("Pause"), "prev": _("Previous year"), "next": _("Next year"),
        "speed": _("Speed"), "showAll": _("Show every link"), "all": _("All"),
        "year": _("Year"),
        "tiles": _("Map tiles could not be loaded (no internet?): showing the plain map."),
        "lod": _("{n} links: zoom in for each one's details."),
        "partner1": n_("{n} partner", "{n} partners", 1),
        "partnerN": n_("{n} partner", "{n} partners", 2),
        "shownOf": _("shown ({all} in all)"),
        "undated1": n_("{n} link with no known year is not played",
                       "{n} links with no known year are not played", 1),
        "undatedN": n_("{n} link with no known year is not played",
                       "{n} links with no known year are not played", 2),
        "endless1": n_("{n} ended link with no known end year stays",
                       "{n} ended links with no known end year stay", 1),
        "endlessN": n_("{n} ended link with no known end year stays",
                       "{n} ended links with no known end year stay", 2),
    }


def _ints(values: np.ndarray) -> list[int]:
    return np.asarray(values).astype(np.int64).tolist()


def _city_table(partnerships: pd.DataFrame, cities: pd.DataFrame) -> dict:
    """Columnar table of the cities that have a shown link, best-connected first."""
    counts = stats.partner_counts(partnerships)
    shown = cities.loc[counts.index]
    names = shown["country_name"].where(shown["country_name"].notna(), shown["country"])
    if language() != "en":  # the reader's language (pycountry's names, regions.country_name)
        names = shown["country"].astype(str).map(regions.country_name).where(
            shown["country"].notna(), names)
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
        # The radius for k partners, k = 0…the most: the live map counts the partners its
        # filters keep (data.js recount) and sizes the dots by palette.city_radius still.
        "rk": _ints(np.round(city_radius(np.arange(int(counts.max() if len(counts) else 0)
                                                   + 1)) * 10)),
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
        "stl": [""] + [esc(_(schema.STATUSES[s])) for s in statuses],
        # Drawn dashed, so "ended" never rests on colour alone (WCAG 1.4.1): 1 per status.
        "std": [0] + [int(s in DASHED) for s in statuses],
    }
    if "source_mark" in partnerships and partnerships["source_mark"].nunique() > 1:
        # Who lists each link ("reviewed + Wikidata", "community contributed, reviewed"),
        # in its tooltip, when the map shows links of more than one source.
        marks, mark_idx = np.unique(partnerships["source_mark"].astype(str).to_numpy(),
                                    return_inverse=True)
        table["lm"], table["mk"] = _ints(mark_idx), [esc(m) for m in marks]
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


#: (id(partnerships), id(cities), color_by, lod_links, focus_first, theme, language)
#: -> (partnerships, cities, base).
#: Selecting a city must not re-serialise the whole map: the app's filtered tables are
#: cached objects, so their identity is a safe key while we hold a reference to them.
_BASES: dict[tuple, tuple[pd.DataFrame, pd.DataFrame, _Base]] = {}
_MAX_BASES = 8


def _base(partnerships: pd.DataFrame, cities: pd.DataFrame, color_by: str,
          lod_links: int, focus_first: tuple[str, ...] = (), theme: str = "light") -> _Base:
    key = (id(partnerships), id(cities), color_by, lod_links, focus_first, theme, language())
    hit = _BASES.get(key)
    if hit is not None and hit[0] is partnerships and hit[1] is cities:
        return hit[2]
    colors = palette(color_by, theme)
    keys = style_key(partnerships, color_by, focus_first)
    labels = pal.labels(color_by)
    key_counts = keys.value_counts()
    present = tuple(k for k in colors if k in key_counts.index)
    styles = list(colors)
    table = _city_table(partnerships, cities)
    lod = len(partnerships) > lod_links or len(table["ci"]) > LOD_CITIES
    table.update(_link_table(partnerships, pd.Index(table["ci"]), keys, styles))
    table["styles"], table["colors"] = styles, colors
    centre = world_centre(partnerships)
    table["c0"] = centre
    table["tx"] = map_texts()
    layers: list[LayerSpec] = []
    note = ""
    if lod:
        table["lod"] = {"zoom": DETAIL_ZOOM, "links": DETAIL_MAX_LINKS,
                        "cities": DETAIL_MAX_CITIES, "top": OVERVIEW_CITIES}
        table["rs"] = 0.6  # smaller markers, so dense regions stay legible
        layers += [LayerSpec(_("All partnerships ({n})").format(n=number(len(partnerships))),
                             "density"),
                   LayerSpec(_("Each partnership, zoomed in"), "detail")]
        note = _("Zoom in to see each link; filter to see fewer.")
    else:
        table["lod"] = None
        layers += [LayerSpec(f"{labels[k]} ({number(int(key_counts[k]))})", "links", k)
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
    (geo.py has the same maths) and, for a selection, the frame that holds them.
    """
    center, zoom, bounds = options.center, options.zoom, None
    color_by, why = pal.choose_color_by(partnerships, options.color_by)
    theme = theme_of(options.basemap)
    base = _base(partnerships, cities, color_by, options.lod_links, options.focus_first, theme)
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
            frame = "selection"  # the browser fits the selected city's drawn links
    layers = list(base.layers)
    if sel >= 0:
        layers.append(LayerSpec(_("Selected city's partnerships"), "sel"))
    layers.append(LayerSpec(_("Cities ({n})").format(n=number(len(base.city_index))), "cities"))
    colors, labels = palette(color_by, theme), pal.labels(color_by)
    # The legend names only the colours drawn (base.present: keys with at least one link).
    return MapSpec(center, zoom, options.basemap, tuple(layers),
                   pal.title(color_by, options.focus_first),
                   tuple((colors[k], labels[k]) for k in base.present), options.fullscreen,
                   base.data_json, " ".join(n for n in (why, base.note) if n), base.lod, sel,
                   bounds, base.world,
                   options.labels, frame, base.timeline if options.timeline else None,
                   options.year,
                   tuple(base.city_index[c] for c in options.highlight if c in base.city_index))


#: The text alternative lists at most this many links (the selected city's first): a
#: screen reader reads a table row by row, and a page of 10,000 rows helps nobody.
TABLE_ROWS = 500


def link_rows(partnerships: pd.DataFrame, color_by: str = "era",
              focus_first: tuple[str, ...] = (), selected: str = "") -> pd.DataFrame:
    """The links a map draws, as rows a screen reader can read (the map's text alternative,
    WCAG 1.1.1): each link's two cities and countries, year, status and what its colour
    means, named as the legend names it (the same colouring rule: ``choose_color_by`` and
    ``style_key``, as :func:`plan`). The selected city's links come first, the city named
    first in them; then the others in the table's order. Plain text cells (no Markdown).
    """
    color_by, _why = pal.choose_color_by(partnerships, color_by)
    p = partnerships
    mine = ((p["city_b_id"] == selected).to_numpy() if selected
            else np.zeros(len(p), dtype=bool))
    flip = lambda a, b: np.where(mine, p[b].to_numpy(object), p[a].to_numpy(object))  # noqa: E731
    keys = style_key(p, color_by, focus_first)
    meaning = pal.labels(color_by)
    years = pd.to_numeric(p["established"], errors="coerce")
    statuses = {k: _(v) for k, v in schema.STATUSES.items()}
    rows = pd.DataFrame({
        _("City"): flip("city_a", "city_b"),
        _("Country"): flip("country_name_a", "country_name_b"),
        _("Partner"): flip("city_b", "city_a"),
        _("Partner's country"): flip("country_name_b", "country_name_a"),
        _("Since"): ["" if pd.isna(y) else str(int(y)) for y in years],
        _("Status"): [statuses.get(s, str(s)) for s in p["status"]],
        _(pal.title(color_by, focus_first)): [_(meaning.get(k, str(k))) for k in keys],
    })
    rows = rows.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                    else str(v))
    first = mine | (p["city_a_id"] == selected).to_numpy() if selected else mine
    order = np.concatenate([np.flatnonzero(first), np.flatnonzero(~first)])
    return rows.iloc[order].reset_index(drop=True)


def theme_of(basemap: str) -> str:
    """The map's theme: "dark" on the dark basemap, else "light" (plain outlines, tiles)."""
    return "dark" if basemap == "dark" else "light"


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
