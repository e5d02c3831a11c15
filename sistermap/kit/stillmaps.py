"""Still maps drawn on the server: a city's links (or a filtered world) as PNG or PDF.

For slides (1920×1080 and square PNG) and print (A4 PDF): the same partnerships, great-circle
maths (``geo.py``), country outlines (``data/basemap``) and colours (``palette.ERA_COLORS`` /
``FOCUS_COLORS``) as the interactive map, with a title, labelled partner cities, a legend, the
date and a data credit. Drawn with matplotlib's Agg and PDF backends, so no browser and
nothing from the internet is needed; fonts are matplotlib's own DejaVu (Latin, Greek,
Cyrillic and more), with any CJK or Arabic font installed on the machine as a fallback.

The drawing is split so an animation can reuse it: :func:`view_for` fixes the frame once
(extent and central meridian) for a set of links, and :func:`draw_frame` draws any subset of
them into an axes, e.g. the links formed up to each year, one frame per year.

Text from data is drawn with ``parse_math=False``, so a name like ``$x^2$`` stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from sistermap import geo, regions
from sistermap.geo import BASEMAP_FILE
from sistermap.i18n import N_, _, n_, number
from sistermap.i18n import date as local_date
from sistermap.palette import CITY_COLOR, SELECTED_COLOR, choose_color_by, palette, style_key
from sistermap.palette import labels as palette_labels
from sistermap.palette import title as palette_title
from sistermap.query import lookup, stats

#: Output sizes: pixels for PNG (at :data:`DPI`), A4 landscape in inches for PDF.
SIZES: dict[str, tuple[float, float]] = {
    "slide": (1920, 1080), "square": (1080, 1080), "a4": (297 / 25.4 * 100, 210 / 25.4 * 100),
}
DPI = 100
OCEAN, LAND, BORDER = "#dbe7f1", "#f4f1ea", "#9aa9b5"
DEFAULT_CREDIT = N_("Data: SisterMap curated dataset, a source for every partnership · "
                     "Country outlines: Natural Earth")  # translated where it is drawn
#: Fonts tried in order; missing ones are skipped. DejaVu ships with matplotlib.
FONT_CANDIDATES = ("DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans JP",
                   "IPAexGothic", "IPAGothic", "WenQuanYi Zen Hei", "Droid Sans Fallback",
                   "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Hebrew")


def _mpl():

    import matplotlib

    # "no bold weight for IPAexGothic": it draws the regular weight, which is fine.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt  # noqa: F401  (registers the backends)

    return matplotlib


#: Fonts that come with Python packages: (package, file inside it).
PACKAGED_FONTS = (("matplotlib_fontja", "fonts/ipaexg.ttf"),)  # IPAex Gothic: Japanese


def packaged_font_files() -> list[str]:
    """Font files shipped by installed packages (none is fetched at run time)."""
    import importlib.resources
    import importlib.util

    found = []
    for package, name in PACKAGED_FONTS:
        if importlib.util.find_spec(package) is None:
            continue
        path = importlib.resources.files(package).joinpath(name)
        if path.is_file():
            found.append(str(path))
    return found


@lru_cache(maxsize=1)
def font_family() -> tuple[str, ...]:
    """DejaVu Sans plus the fallback fonts packages ship or this machine has (matplotlib
    falls back glyph by glyph, so a Japanese name in a Latin list still draws)."""
    from matplotlib import font_manager

    for path in packaged_font_files():
        font_manager.fontManager.addfont(path)
    names = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(n for n in FONT_CANDIDATES if n in names) or ("DejaVu Sans",)


def _rc() -> dict:
    return {"font.family": list(font_family()), "pdf.fonttype": 42, "svg.fonttype": "none",
            "axes.unicode_minus": False}


@lru_cache(maxsize=1)
def country_rings() -> tuple[np.ndarray, ...]:
    """Outer rings of the shipped country outlines, as (n, 2) lon/lat arrays."""
    data = json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))
    rings: list[np.ndarray] = []
    for feature in data.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        for poly in polys:
            if poly and len(poly[0]) >= 3:
                rings.append(np.asarray(poly[0], float)[:, :2])
    return tuple(rings)


@dataclass(frozen=True)
class View:
    """What a frame shows: a lon/lat box (lon may leave -180..180 around ``lon0``)."""

    x0: float
    x1: float
    y0: float
    y1: float
    lon0: float = 0.0  # longitudes are unwrapped into lon0 ± 180
    aspect: float = 1.0  # data aspect (1/cos of the middle latitude)


@dataclass
class Links:
    """Lines, ends and keys of the links to draw, in the view's unwrapped longitudes."""

    lines: list[np.ndarray]
    keys: list[str]
    status: list[str]
    established: list[float]
    partner_ids: list[str]
    partner_names: list[str]
    partner_xy: np.ndarray  # (n, 2) one per link: the far end (selected) or both ends
    city_xy: tuple[float, float] | None = None
    city_name: str = ""
    extra_points: list[tuple[str, str, float, float]] = field(default_factory=list)


def link_geometry(partnerships: pd.DataFrame, cities: pd.DataFrame, selected: str = "",
                  color_by: str = "era", focus_first: tuple[str, ...] = ()) -> Links:
    """Great-circle lines for the links, oriented from ``selected`` when there is one.

    Oriented lines start at the selected city and are unwrapped from its longitude, so a
    Tokyo–San Francisco arc runs east across the Pacific in one piece; the frame is then
    centred on the city. Without a selection, lines keep lon in -180..180 of their first
    city and the view draws them again ±360° (see :func:`draw_frame`).
    """
    p = partnerships
    keys = style_key(p, color_by, focus_first).astype(str).tolist() if len(p) else []
    lon_a, lat_a = p["lon_a"].to_numpy(float), p["lat_a"].to_numpy(float)
    lon_b, lat_b = p["lon_b"].to_numpy(float), p["lat_b"].to_numpy(float)
    names_a, names_b = p["city_a"].astype(str).tolist(), p["city_b"].astype(str).tolist()
    ids_a, ids_b = p["city_a_id"].astype(str).tolist(), p["city_b_id"].astype(str).tolist()
    city_xy, city_name = None, ""
    if selected:
        flip = (p["city_b_id"] == selected).to_numpy()
        lon_a, lon_b = np.where(flip, lon_b, lon_a), np.where(flip, lon_a, lon_b)
        lat_a, lat_b = np.where(flip, lat_b, lat_a), np.where(flip, lat_a, lat_b)
        names_b = [a if f else b for a, b, f in zip(names_a, names_b, flip)]
        ids_b = [a if f else b for a, b, f in zip(ids_a, ids_b, flip)]
        if selected in cities.index:
            c = cities.loc[selected]
            city_xy, city_name = (float(c["lon"]), float(c["lat"])), str(c["name"])
    lines: list[np.ndarray] = []
    if len(p):
        segs = geo.segments_for(geo.distance_km(lon_a, lat_a, lon_b, lat_b))
        segs = np.maximum(segs, 8)  # smooth curves at slide size, even for short links
        out: list[np.ndarray | None] = [None] * len(p)
        for n in np.unique(segs):
            idx = np.flatnonzero(segs == n)
            lons, lats = geo.interpolate(lon_a[idx], lat_a[idx], lon_b[idx], lat_b[idx],
                                          int(n))
            for row, i in enumerate(idx):
                out[i] = np.column_stack([lons[row], lats[row]])
        lines = [x for x in out if x is not None]
    far = np.column_stack([[ln[-1, 0] for ln in lines], [ln[-1, 1] for ln in lines]]) \
        if lines else np.zeros((0, 2))
    return Links(lines=lines, keys=keys, status=p["status"].astype(str).tolist(),
                 established=p["established"].astype("Float64").fillna(np.nan)
                 .to_numpy(float).tolist(),
                 partner_ids=ids_b, partner_names=names_b, partner_xy=far,
                 city_xy=city_xy, city_name=city_name)


def view_for(links: Links, width: float, height: float, pad: float = 0.10) -> View:
    """A frame that holds every line (and the city), padded, at the output's proportions.

    With a selected city the frame is centred on the city's side of the globe; a set of
    links that would need more than the whole world's width gets the whole world.
    """
    lon0 = links.city_xy[0] if links.city_xy else 0.0
    pts = [ln for ln in links.lines]
    if links.city_xy:
        pts.append(np.array([links.city_xy]))
    if not pts or not links.city_xy:
        if not pts:
            return _fit(-170, 190, -58, 80, 0.0, width, height)
        xs = np.concatenate([p[:, 0] for p in pts])
        ys = np.concatenate([p[:, 1] for p in pts])
        x0, x1 = float(xs.min()), float(xs.max())
        if x1 - x0 > 200:
            return _fit(-170, 190, max(-58, float(ys.min()) - 5), min(80, float(ys.max()) + 5),
                        0.0, width, height)
    else:
        xs = np.concatenate([p[:, 0] for p in pts])
        ys = np.concatenate([p[:, 1] for p in pts])
        x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    # At least a region's worth of map around a city with one near partner, then padded.
    (y0, x0), (y1, x1) = geo.pad_box(((y0, x0), (y1, x1)), pad, min_span=(12.0, 24.0))
    return _fit(x0, x1, y0, y1, lon0, width, height)


def _fit(x0: float, x1: float, y0: float, y1: float, lon0: float, width: float,
         height: float) -> View:
    """Grow the box to the output's proportions (``geo.fit_aspect``).

    The stills are drawn equirectangular, a degree of latitude 1/cos(middle latitude) as
    tall as one of longitude (not Web Mercator like the interactive map, whose zoom
    ``geo.fit_view`` computes), so they share the framing rule's padding (``geo.pad_box``)
    and its growing to the frame's shape, not its zoom.
    """
    y0, y1 = max(y0, -85.0), min(y1, 85.0)
    mid = (y0 + y1) / 2
    aspect = 1.0 / max(math.cos(math.radians(mid)), 0.35)
    if y1 - y0 > 90:
        aspect = 1.0
    (y0, x0), (y1, x1) = geo.fit_aspect(((y0, x0), (y1, x1)), width, height, aspect)
    if x1 - x0 > 360:
        c = (x0 + x1) / 2
        x0, x1 = c - 180, c + 180
    if y1 - y0 > 170:
        y0, y1 = -85.0, 85.0
    elif y0 < -85:
        y0, y1 = -85.0, -85.0 + (y1 - y0)
    elif y1 > 85:
        y0, y1 = 85.0 - (y1 - y0), 85.0
    return View(x0, x1, y0, y1, lon0, aspect)


def legend_items(keys: list[str], color_by: str) -> list[tuple[str, str]]:
    """(colour, label) for the styles present, in the interactive map's order."""
    colors, labels = palette(color_by), palette_labels(color_by)
    present = set(keys)
    return [(colors[k], labels.get(k, k)) for k in colors if k in present]


def draw_basemap(ax, view: View) -> None:
    """Country outlines, repeated ±360° so any central meridian shows whole continents."""
    from matplotlib.collections import PolyCollection

    ax.set_facecolor(OCEAN)
    rings = country_rings()
    polys = []
    for shift in (-360.0, 0.0, 360.0):
        lo, hi = view.x0 - shift, view.x1 - shift
        for r in rings:
            if r[:, 0].max() >= lo and r[:, 0].min() <= hi:
                polys.append(r + np.array([shift, 0.0]))
    ax.add_collection(PolyCollection(polys, facecolors=LAND, edgecolors=BORDER,
                                     linewidths=0.5, zorder=1))


def draw_frame(ax, links: Links, view: View, color_by: str = "era",
               scale: float = 1.0, show: np.ndarray | None = None,
               basemap: bool = True) -> None:
    """Basemap, arcs and city markers of ``links`` (those where ``show`` is true) in a view.

    The unit an animation repeats: same view, a growing ``show`` mask per year. With
    ``basemap=False`` only the links and cities are drawn, on a transparent axes, so an
    animation draws the countries once and lays each year's links over them.
    """
    from matplotlib.collections import LineCollection

    colors = palette(color_by)
    if basemap:
        draw_basemap(ax, view)
    else:
        ax.patch.set_visible(False)
    mask = np.ones(len(links.lines), bool) if show is None else np.asarray(show, bool)
    shifts = (0.0,) if links.city_xy else (-360.0, 0.0, 360.0)
    n = int(mask.sum())
    # Many links (a filtered world): thinner, lighter lines and markers, so it stays a map.
    thin = 1.0 if n <= 40 else max(0.3, math.sqrt(40 / n))
    alpha = 0.9 if n <= 40 else max(0.45, 0.9 * thin)
    dot = 7 * scale * (1.0 if n <= 40 else max(0.5, thin))
    # One collection per colour and line style, in the legend's order: fast at any size.
    groups: dict[tuple[str, bool], list[np.ndarray]] = {}
    for i, line in enumerate(links.lines):
        if mask[i]:
            lapsed = links.status[i] in ("ended", "suspended")
            lo, hi = float(line[:, 0].min()), float(line[:, 0].max())
            # Only the copies one world over that reach into the view (a third of the work).
            groups.setdefault((links.keys[i], lapsed), []).extend(
                line + np.array([s, 0.0]) for s in shifts
                if hi + s >= view.x0 and lo + s <= view.x1)
    order = {k: n for n, k in enumerate(colors)}
    for (key, lapsed), segments in sorted(groups.items(),
                                          key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
        lc = LineCollection(segments, colors=colors.get(key, "#999999"),
                            linewidths=2.4 * scale * thin, alpha=alpha, capstyle="round",
                            linestyles=(0, (4, 2)) if lapsed else "solid", zorder=3)
        lc.set_gid(key)
        ax.add_collection(lc)
    if len(links.partner_xy):
        xy = links.partner_xy[mask]
        for s in shifts:
            ax.scatter(xy[:, 0] + s, xy[:, 1], s=dot ** 2, c=CITY_COLOR,
                       edgecolors="white", linewidths=dot / 7, zorder=5)
        if not links.city_xy and len(links.lines):
            starts = np.array([ln[0] for ln, m in zip(links.lines, mask) if m]).reshape(-1, 2)
            for s in shifts:
                ax.scatter(starts[:, 0] + s, starts[:, 1], s=dot ** 2, c=CITY_COLOR,
                           edgecolors="white", linewidths=dot / 7, zorder=5)
    if links.city_xy:
        ax.scatter([links.city_xy[0]], [links.city_xy[1]], s=(13 * scale) ** 2,
                   c=SELECTED_COLOR, edgecolors="black", linewidths=2.0 * scale, zorder=6)
    ax.set_xlim(view.x0, view.x1)
    ax.set_ylim(view.y0, view.y1)
    ax.set_aspect(view.aspect, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#7a8a96")


_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def place_labels(ax, points: list[tuple[str, float, float, bool]], scale: float = 1.0,
                 avoid: list | None = None) -> list[str]:
    """Label points without overlaps where possible; returns the names left unlabelled.

    Greedy: each label tries eight positions beside its marker, then further out with a
    thin leader line, and takes the first that overlaps no marker, no other label, no
    ``avoid`` box (legend) and stays inside the map. Points are labelled in the given
    order, so the caller puts the most important first.
    """
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax_box = ax.get_window_extent(renderer)
    to_px = ax.transData.transform
    occupied: list = list(avoid or [])
    size_pt = 13 * scale
    px_per_pt = fig.dpi / 72
    for _name, x, y, main in points:
        px, py = to_px((x, y))
        r = (13 if main else 7) * scale * px_per_pt / 2 + 1
        occupied.append(Bbox([[px - r, py - r], [px + r, py + r]]))
    missing: list[str] = []
    candidates = [(dist, dx, dy) for dist in (9, 22, 38, 56, 78) for dx, dy in _DIRECTIONS]
    for name, x, y, main in points:
        fs = size_pt * (1.3 if main else 1.0)
        for dist, dx, dy in candidates:
            t = _label(ax, name, x, y, dist, dx, dy, fs, main, scale)
            t.get_window_extent(renderer)  # lays the annotation out
            # The text's own box: the annotation's would include its leader line.
            box = Text.get_window_extent(t).expanded(1.04, 1.08)
            inside = (box.x0 >= ax_box.x0 + 2 and box.x1 <= ax_box.x1 - 2
                      and box.y0 >= ax_box.y0 + 2 and box.y1 <= ax_box.y1 - 2)
            if inside and not any(box.overlaps(o) for o in occupied):
                occupied.append(box)
                break
            t.remove()
        else:
            if main:  # the city itself is always named, overlapping if it must
                t = _label(ax, name, x, y, *candidates[0], fs, main, scale)
                occupied.append(Text.get_window_extent(t, renderer))
            else:
                missing.append(name)
    return missing


def _label(ax, name: str, x: float, y: float, dist: float, dx: int, dy: int, fs: float,
           main: bool, scale: float):
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    leader = None if dist <= 9 else {"arrowstyle": "-", "color": "#555555", "lw": 0.7 * scale,
                                     "shrinkA": 0, "shrinkB": 4 * scale}
    t = ax.annotate(name, (x, y), xytext=(dx * dist * scale, dy * dist * scale * 0.8),
                    textcoords="offset points", ha=ha, va=va, fontsize=fs,
                    fontweight="bold" if main else "normal", color="#1a1a1a", zorder=8,
                    annotation_clip=True, arrowprops=leader,
                    bbox={"boxstyle": "round,pad=0.15", "fc": (1, 1, 1, 0.78), "ec": "none"})
    t.set_parse_math(False)
    return t


@dataclass(frozen=True)
class StillOptions:
    size: str = "slide"  # a key of SIZES
    color_by: str = "era"
    focus_first: tuple[str, ...] = ()
    title: str = ""
    subtitle: str = ""
    credit: str = DEFAULT_CREDIT
    date: dt.date | None = None
    max_labels: int = 60
    #: False: the map alone, filling the figure (for the printed sheet, which has its own
    #: title and credit).
    chrome: bool = True
    #: Text and line scale; default grows with the output (1 at 1080 pixels).
    scale: float | None = None
    #: Figure size in pixels at DPI, overriding ``size`` (the sheet's map at print size).
    pixels: tuple[float, float] | None = None


def _clip(text: object, limit: int = 120) -> str:
    # Soft hyphens (where a long German word may break on a phone) are for browsers only.
    s = " ".join(str(text or "").replace("\u00ad", "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def figure(partnerships: pd.DataFrame, cities: pd.DataFrame, selected: str = "",
           options: StillOptions = StillOptions()):
    """The finished map as a matplotlib Figure (title, map, labels, legend, footer)."""
    mpl = _mpl()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    w_px, h_px = options.pixels or SIZES.get(options.size, SIZES["slide"])
    with mpl.rc_context(_rc()):
        fig = Figure(figsize=(w_px / DPI, h_px / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(fig)
        scale = options.scale or min(w_px, h_px) / 1080
        top_h, foot_h = 118 * scale / h_px, 54 * scale / h_px
        margin = 28 * scale / w_px
        if not options.chrome:
            top_h = foot_h = margin = 0.002
        ax = fig.add_axes((margin, foot_h, 1 - 2 * margin, 1 - top_h - foot_h))
        # The map's rule: "era" on links with (nearly) no year colours by reach instead.
        color_by, _why = choose_color_by(partnerships, options.color_by)
        links = link_geometry(partnerships, cities, selected, color_by, options.focus_first)
        box = ax.get_position()
        view = view_for(links, box.width * w_px, box.height * h_px)
        draw_frame(ax, links, view, color_by, scale)

        if options.chrome:
            _chrome(fig, options, scale, margin, h_px)

        items = legend_items(links.keys, color_by)
        avoid = []
        if items:
            handles = [Line2D([], [], color=c, lw=4 * scale) for c, _label in items]
            if any(s in ("ended", "suspended") for s in links.status):
                handles.append(Line2D([], [], color="#555555", lw=2 * scale,
                                      linestyle=(0, (4, 2))))
                items = [*items, ("#555555", _("Ended or suspended"))]
            title = _("Focus area") if color_by == "focus" else palette_title(color_by)
            leg = ax.legend(handles, [label for _c, label in items], title=title,
                            loc="lower left", fontsize=12 * scale, title_fontsize=13 * scale,
                            framealpha=0.92, borderpad=0.6 * scale + 0.2)
            leg.set_zorder(9)
            avoid.append(leg.get_window_extent(fig.canvas.get_renderer()).expanded(1.05, 1.1))

        points: list[tuple[str, float, float, bool]] = []
        if links.city_xy:
            points.append((_clip(links.city_name, 60), *links.city_xy, True))
            order = sorted(range(len(links.lines)), key=lambda i: (
                math.isnan(links.established[i]), links.established[i]
                if not math.isnan(links.established[i]) else 0, links.partner_names[i]))
            seen: set[str] = set()
            for i in order:
                if links.partner_ids[i] in seen:
                    continue
                seen.add(links.partner_ids[i])
                points.append((_clip(links.partner_names[i], 50),
                               float(links.partner_xy[i, 0]), float(links.partner_xy[i, 1]),
                               False))
        else:
            points += _top_points(partnerships, cities, options.max_labels)
        if len(points) > options.max_labels + 1:
            points = points[: options.max_labels + 1]
        missing = place_labels(ax, points, scale, avoid)
        if missing and links.city_xy:
            note = ax.text(0.99, 0.015, _clip(_("Not labelled for lack of room: {names}")
                                              .format(names=", ".join(missing)), 160),
                           transform=ax.transAxes, ha="right", va="bottom",
                           fontsize=10.5 * scale, color="#333333", zorder=9, parse_math=False,
                           bbox={"boxstyle": "round,pad=0.3", "fc": (1, 1, 1, 0.85),
                                 "ec": "none"})
            note.set_wrap(True)
        fig._sistermap_unlabelled = missing  # for callers and tests
    return fig


def _chrome(fig, options: StillOptions, scale: float, margin: float, h_px: float) -> None:
    """Title, subtitle, credit and date around the map."""
    fig.text(margin, 1 - 22 * scale / h_px, _clip(options.title, 90), fontsize=30 * scale,
             fontweight="bold", va="top", ha="left", color="#111111", parse_math=False)
    if options.subtitle:
        fig.text(margin, 1 - 72 * scale / h_px, _clip(options.subtitle, 160),
                 fontsize=15 * scale, va="top", ha="left", color="#333333", parse_math=False)
    when = options.date or dt.date.today()
    fig.text(margin, 16 * scale / h_px, _clip(_(options.credit), 200), fontsize=10.5 * scale,
             va="bottom", ha="left", color="#444444", parse_math=False)
    fig.text(1 - margin, 16 * scale / h_px, _("Drawn {date}").format(date=local_date(when)),
             fontsize=10.5 * scale, va="bottom", ha="right", color="#444444", parse_math=False)


def _top_points(partnerships: pd.DataFrame, cities: pd.DataFrame, n: int
                ) -> list[tuple[str, float, float, bool]]:
    """The best-connected cities of a filtered world map, to label."""

    if partnerships.empty:
        return []
    top = stats.partner_counts(partnerships).head(min(n, 25))
    return [(_clip(cities.at[c, "name"], 40), float(cities.at[c, "lon"]),
             float(cities.at[c, "lat"]), False) for c in top.index if c in cities.index]


def render(partnerships: pd.DataFrame, cities: pd.DataFrame, selected: str = "",
           options: StillOptions = StillOptions(), fmt: str = "png", dpi: float = DPI
           ) -> bytes:
    """PNG or PDF bytes of :func:`figure`: PNG at the size's pixels (times ``dpi`` / 100),
    PDF as vector."""
    mpl = _mpl()
    fig = figure(partnerships, cities, selected, options)
    buf = io.BytesIO()
    with mpl.rc_context(_rc()):
        meta = ({"Title": _clip(options.title, 200), "Creator": "SisterMap"}
                if fmt == "pdf" else {"Software": "SisterMap"})
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return buf.getvalue()


def city_titles(partnerships: pd.DataFrame, cities: pd.DataFrame, city_id: str
                ) -> tuple[str, str]:
    """Title and subtitle of a city's map, computed from the data (nothing invented)."""
    c = cities.loc[city_id]
    n = int(((partnerships["city_a_id"] == city_id) | (partnerships["city_b_id"] == city_id))
            .sum())
    mine = partnerships[(partnerships["city_a_id"] == city_id)
                        | (partnerships["city_b_id"] == city_id)]
    years = mine["established"].dropna()
    other = np.where(mine["city_a_id"] == city_id, mine["country_b"], mine["country_a"])
    k = len(set(other))
    line = (n_("{n} partner city in {countries}", "{n} partner cities in {countries}", n)
            if k else n_("{n} partner city", "{n} partner cities", n)).format(
        n=number(n), countries=n_("{n} country", "{n} countries", k).format(n=number(k)))
    if len(years):
        y0, y1 = int(years.min()), int(years.max())
        line += (_(" · since {year}").format(year=y0) if y0 == y1 else
                 _(" · formed {first}–{last}").format(first=y0, last=y1))
    country = (regions.country_name(str(c.get("country") or "")) if c.get("country")
               else str(c.get("country_name") or ""))
    where = ", ".join(x for x in (country,) if x)
    note = lookup.homonym_note(cities, city_id)  # homonyms say which one
    name = f"{c['name']} ({note})" if note else str(c["name"])
    return (_("{city} and its partner cities").format(city=name),
            (f"{where} · {line}" if where else line))
