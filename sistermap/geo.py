"""Map geometry: great-circle arcs (vectorised, split at the antimeridian) and framing.

A partnership is drawn along the shortest path on the globe, so Tokyo–San Francisco crosses
the Pacific. Arcs are computed for a whole dataset at once with numpy (spherical linear
interpolation, grouped by vertex count) instead of one pyproj call per link, rounded to
about 100 m, and given fewer vertices when short: that is most of the map's speed. The
result is a ready-to-embed JSON fragment per link (MultiLineString coordinates).

The map itself draws arcs in the browser (``webmap/js/geometry.js``) with exactly this maths
and level of detail, which the tests check against this module and against pyproj; this
module stays the reference, and serves exports and anything else that needs the geometry in
Python.

Framing ("show this box") is one rule, here: :func:`fit_view` is the Web Mercator centre and
zoom of a box, as Leaflet's ``fitBounds`` computes them (the browser's ``framing.js fitView``
is its copy, tested against it; the embedded map uses it through ``kit/share.py``);
:func:`pad_box` and :func:`fit_aspect` are the padding and the grow-to-the-frame's-shape
steps, which the still maps (``kit/stillmaps.py``, another projection) share.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

#: The offline basemap: Natural Earth's country outlines at 1:110m, shipped in data/.
BASEMAP_FILE = (Path(__file__).resolve().parent.parent / "data" / "basemap"
                / "countries-110m.geojson")

EARTH_RADIUS_KM = 6371.0088
#: One vertex per this many km of arc; short links become straight two-point lines.
KM_PER_VERTEX = 250.0
MAX_SEGMENTS = 48
DECIMALS = 3


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lam, phi = np.radians(lon), np.radians(lat)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], -1)


def central_angle(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Angle between points (radians), stable for tiny and near-antipodal distances."""
    a, b = _unit_vectors(np.asarray(lon1), np.asarray(lat1)), _unit_vectors(
        np.asarray(lon2), np.asarray(lat2))
    cross = np.linalg.norm(np.cross(a, b), axis=-1)
    return np.arctan2(cross, np.sum(a * b, axis=-1))


def distance_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    return central_angle(lon1, lat1, lon2, lat2) * EARTH_RADIUS_KM


def segments_for(dist_km: np.ndarray) -> np.ndarray:
    """Level of detail: vertices grow with length, capped; short links stay straight."""
    return np.clip(np.ceil(dist_km / KM_PER_VERTEX), 1, MAX_SEGMENTS).astype(int)


def interpolate(lon1, lat1, lon2, lat2, n_segments: int) -> tuple[np.ndarray, np.ndarray]:
    """Points along the great circles of many links with the same vertex count.

    Returns (lon, lat) arrays of shape (links, n_segments + 1); longitudes are unwrapped
    (continuous, may leave -180..180) so the antimeridian can be found afterwards.
    """
    a = _unit_vectors(np.asarray(lon1, float), np.asarray(lat1, float))
    b = _unit_vectors(np.asarray(lon2, float), np.asarray(lat2, float))
    omega = np.arctan2(np.linalg.norm(np.cross(a, b), axis=-1), np.sum(a * b, axis=-1))
    t = np.linspace(0.0, 1.0, n_segments + 1)
    sin_omega = np.sin(omega)[:, None]
    safe = sin_omega > 1e-9  # identical or antipodal ends: fall back to a straight blend
    wa = np.where(safe, np.sin((1 - t)[None, :] * omega[:, None]) / np.where(safe, sin_omega, 1),
                  1 - t[None, :])
    wb = np.where(safe, np.sin(t[None, :] * omega[:, None]) / np.where(safe, sin_omega, 1),
                  t[None, :])
    p = wa[..., None] * a[:, None, :] + wb[..., None] * b[:, None, :]
    lat = np.degrees(np.arctan2(p[..., 2], np.hypot(p[..., 0], p[..., 1])))
    lon = np.degrees(np.arctan2(p[..., 1], p[..., 0]))
    lon[:, 0] = np.asarray(lon1, float)
    lat[:, 0], lat[:, -1] = np.asarray(lat1, float), np.asarray(lat2, float)
    lon = np.unwrap(lon, period=360.0, axis=1)
    return lon, lat


def split_antimeridian(lon: np.ndarray, lat: np.ndarray) -> list[list[tuple[float, float]]]:
    """One unwrapped line as parts that each stay within -180..180.

    Where the line crosses ±180 it is cut, the crossing latitude interpolated, and the rest
    shifted by 360°, so both ends sit on their cities and nothing wraps across the map.
    """
    parts: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    shift = 0.0
    for i in range(len(lon)):
        x, y = lon[i] + shift, lat[i]
        if current and abs(x) > 180.0:
            px, py = current[-1]
            edge = math.copysign(180.0, x)
            frac = (edge - px) / (x - px) if x != px else 0.0
            ycross = py + frac * (y - py)
            current.append((edge, ycross))
            parts.append(current)
            shift -= math.copysign(360.0, x)
            x = lon[i] + shift
            current = [(-edge, ycross)]
        current.append((x, y))
    parts.append(current)
    return parts


def _fragment(parts: list[list[tuple[float, float]]]) -> str:
    fmt = f"{{:.{DECIMALS}f}}"
    return "[" + ",".join(
        "[" + ",".join(f"[{fmt.format(x)},{fmt.format(y)}]" for x, y in part) + "]"
        for part in parts
    ) + "]"


def arc_fragments(lon1, lat1, lon2, lat2) -> list[str]:
    """MultiLineString coordinate JSON for each link, in input order."""
    lon1, lat1 = np.asarray(lon1, float), np.asarray(lat1, float)
    lon2, lat2 = np.asarray(lon2, float), np.asarray(lat2, float)
    out: list[str] = [""] * len(lon1)
    if not len(lon1):
        return out
    segs = segments_for(distance_km(lon1, lat1, lon2, lat2))
    for n in np.unique(segs):
        idx = np.flatnonzero(segs == n)
        lons, lats = interpolate(lon1[idx], lat1[idx], lon2[idx], lat2[idx], int(n))
        lons, lats = np.round(lons, DECIMALS), np.round(lats, DECIMALS)
        crosses = (np.abs(lons) > 180.0).any(axis=1)
        for row, i in enumerate(idx):
            if crosses[row]:
                out[i] = _fragment(split_antimeridian(lons[row], lats[row]))
            else:
                out[i] = _fragment([list(zip(lons[row].tolist(), lats[row].tolist()))])
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


#: Leaflet's Web Mercator limit (SphericalMercator.MAX_LATITUDE).
MAX_LATITUDE = 85.0511287798
Box = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def pad_box(bounds: Box, frac: float = 0.0, min_pad: float = 0.0,
            min_span: tuple[float, float] = (0.0, 0.0)) -> Box:
    """A box grown around its centre to at least ``min_span`` (degrees of latitude,
    longitude), then padded on each side by ``frac`` of its size (Leaflet's
    ``LatLngBounds.pad``), at least ``min_pad`` degrees."""
    (s, w), (n, e) = bounds
    cy, cx = (s + n) / 2, (w + e) / 2
    dy, dx = max(n - s, min_span[0]), max(e - w, min_span[1])
    py, px = max(min_pad, frac * dy), max(min_pad, frac * dx)
    return ((cy - dy / 2 - py, cx - dx / 2 - px), (cy + dy / 2 + py, cx + dx / 2 + px))


def mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, on the unit sphere (Leaflet's SphericalMercator)."""
    s = math.sin(math.radians(max(min(MAX_LATITUDE, lat), -MAX_LATITUDE)))
    return math.log((1 + s) / (1 - s)) / 2


def fit_view(bounds: Box, width_px: float, height_px: float, pad: float = 0.0,
             pad_px: float = 0.0, zoom_step: float = 0.25, min_zoom: float = 0.0,
             max_zoom: float = 18.0) -> tuple[tuple[float, float], float]:
    """The centre (lat, lon) and zoom that show a box in a ``width_px`` × ``height_px`` map.

    Web Mercator, as Leaflet's ``fitBounds`` computes it (the browser's ``fitView`` is a copy
    of this, compared with it by the tests): the box padded by ``pad`` of its size on each
    side and by ``pad_px`` pixels on each side; the largest zoom at which it fits, snapped
    down to ``zoom_step`` (a zoom within 1% of a step of one counts as it), kept within
    ``[min_zoom, max_zoom]``; the centre is the box's middle in Mercator.
    """
    (s, w), (n, e) = pad_box(bounds, pad) if pad else bounds
    bx = 256 * abs(e - w) / 360
    by = 256 * abs(mercator_y(n) - mercator_y(s)) / (2 * math.pi)
    sx = (width_px - 2 * pad_px) / bx if bx else math.inf
    sy = (height_px - 2 * pad_px) / by if by else math.inf
    scale = min(sx, sy)
    zoom = math.log2(scale) if 0 < scale < math.inf else (
        math.inf if scale == math.inf else -math.inf)
    if zoom_step and math.isfinite(zoom):
        tol = zoom_step / 100
        zoom = math.floor(zoom / tol + 0.5) * tol  # as JavaScript's Math.round
        zoom = math.floor(zoom / zoom_step) * zoom_step
    zoom = max(min_zoom, min(max_zoom, zoom))
    if math.isinf(zoom):
        lat = (s + n) / 2
    else:
        lat = math.degrees(2 * math.atan(math.exp((mercator_y(s) + mercator_y(n)) / 2))
                           - math.pi / 2)
    return (lat, (w + e) / 2), float(zoom)


def fit_aspect(bounds: Box, width: float, height: float, aspect: float = 1.0) -> Box:
    """A box grown (never shrunk) about its centre to a frame's proportions.

    ``aspect`` is how much taller a degree of latitude is drawn than one of longitude (1 in
    an equirectangular map, 1/cos(latitude) in the still maps' scaled one).
    """
    (y0, x0), (y1, x1) = bounds
    want = width / height  # = dx / (dy * aspect)
    dx, dy = x1 - x0, y1 - y0
    if dx / (dy * aspect) < want:
        grow = (dy * aspect * want - dx) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (dx / (aspect * want) - dy) / 2
        y0, y1 = y0 - grow, y1 + grow
    return ((y0, x0), (y1, x1))
