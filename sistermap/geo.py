"""Great-circle arcs for partnerships, vectorised, split at the antimeridian.

A partnership is drawn along the shortest path on the globe, so Tokyo–San Francisco crosses
the Pacific. Arcs are computed for a whole dataset at once with numpy (spherical linear
interpolation, grouped by vertex count) instead of one pyproj call per link, rounded to
about 100 m, and given fewer vertices when short: that is most of the map's speed. The
result is a ready-to-embed JSON fragment per link (MultiLineString coordinates).

The map itself draws arcs in the browser (mapview.js) with exactly this maths and level of
detail, which the tests check against this module and against pyproj; this module stays
the reference, and serves exports and anything else that needs the geometry in Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
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


class LazyArcs(Mapping):
    """pair_id -> arc fragment, computed on first use.

    The map no longer needs Python-side arcs (the browser computes them with the same
    maths, see mapview.js), so loading a 100,000-link dataset must not pay for them; code
    that does ask for a fragment gets all of them computed at once, vectorised.
    """

    def __init__(self, partnerships):
        self._ids = list(partnerships["pair_id"])
        self._ends = tuple(np.asarray(partnerships[c], float)
                           for c in ("lon_a", "lat_a", "lon_b", "lat_b"))
        self._arcs: dict[str, str] | None = None

    def _all(self) -> dict[str, str]:
        if self._arcs is None:
            self._arcs = dict(zip(self._ids, arc_fragments(*self._ends)))
        return self._arcs

    def __getitem__(self, pair_id: str) -> str:
        return self._all()[pair_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def arcs_for(partnerships) -> LazyArcs:
    """pair_id -> arc fragment for a partnerships table (computed lazily, once)."""
    return LazyArcs(partnerships)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
