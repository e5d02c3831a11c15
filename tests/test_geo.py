"""Great-circle arcs (the antimeridian, agreement with pyproj, level of detail) and the one
framing rule (fit_view, pad_box, fit_aspect). The browser's copies of both (webmap/js, run
under node) are compared with these in tests/webmap/test_js_units.py."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sistermap import geo

TOKYO, SAN_FRANCISCO = (139.6917, 35.6895), (-122.4194, 37.7749)
PARIS, LONDON, BERLIN = (2.3522, 48.8566), (-0.1276, 51.5072), (13.405, 52.52)
SYDNEY, SANTIAGO = (151.2093, -33.8688), (-70.6693, -33.4489)


def parts_of(a, b) -> list[list[list[float]]]:
    return json.loads(geo.arc_fragments([a[0]], [a[1]], [b[0]], [b[1]])[0])


def test_tokyo_san_francisco_crosses_the_pacific_split_at_180():
    parts = parts_of(TOKYO, SAN_FRANCISCO)
    assert len(parts) == 2
    first, second = parts
    assert first[0] == [pytest.approx(TOKYO[0], abs=1e-3), pytest.approx(TOKYO[1], abs=1e-3)]
    assert first[-1][0] == 180.0 and second[0][0] == -180.0
    assert first[-1][1] == pytest.approx(second[0][1])  # same crossing latitude
    assert second[-1][0] == pytest.approx(SAN_FRANCISCO[0], abs=1e-3)
    lons = [x for part in parts for x, _ in part]
    assert all(abs(x) <= 180 for x in lons)
    # Over the Pacific: never over Asia's or America's interior, never across the map.
    assert all(x >= TOKYO[0] - 1e-3 or x <= SAN_FRANCISCO[0] + 1e-3 for x in lons)
    # The great circle bows north of both cities.
    assert max(y for part in parts for _, y in part) > 47


def test_links_that_do_not_cross_stay_in_one_part():
    assert len(parts_of(PARIS, BERLIN)) == 1
    assert len(parts_of(SYDNEY, SANTIAGO)) == 2  # over the South Pacific


@pytest.mark.parametrize("ellps, tol_deg", [("sphere", 2e-3), ("WGS84", 0.5)])
def test_vertices_agree_with_pyproj_geod(ellps, tol_deg):
    pyproj = pytest.importorskip("pyproj")
    geod = (pyproj.Geod(a=geo.EARTH_RADIUS_KM * 1000, b=geo.EARTH_RADIUS_KM * 1000)
            if ellps == "sphere" else pyproj.Geod(ellps="WGS84"))
    for a, b in [(PARIS, BERLIN), (LONDON, TOKYO), (SYDNEY, SANTIAGO),
                 ((-74.006, 40.7128), (28.9784, 41.0082))]:
        n = int(geo.segments_for(geo.distance_km(a[0], a[1], b[0], b[1])))
        lon, lat = geo.interpolate([a[0]], [a[1]], [b[0]], [b[1]], n)
        ref = geod.npts(a[0], a[1], b[0], b[1], n - 1)
        for (rx, ry), x, y in zip(ref, lon[0, 1:-1], lat[0, 1:-1]):
            assert y == pytest.approx(ry, abs=tol_deg)
            assert ((x - rx + 180) % 360) - 180 == pytest.approx(0, abs=tol_deg)


def test_level_of_detail_vertex_counts():
    near = parts_of((0.0, 0.0), (1.0, 0.0))  # ~111 km: a straight two-point line
    assert len(near[0]) == 2
    mid = parts_of(PARIS, BERLIN)  # ~880 km: ceil(880 / 250) = 4 segments
    assert len(mid[0]) == 5
    far = parts_of((0.0, 0.0), (179.0, 0.0))  # ~19,900 km: capped
    assert sum(len(p) for p in far) == geo.MAX_SEGMENTS + 1
    assert list(geo.segments_for(np.array([10.0, 250.0, 251.0, 1e6]))) == [
        1, 1, 2, geo.MAX_SEGMENTS]


def test_identical_ends_do_not_fail():
    parts = parts_of(PARIS, PARIS)
    assert parts[0][0] == parts[0][-1]


def test_fit_view_fits_the_box_as_leaflet_does():
    (lat, lon), zoom = geo.fit_view(((40.0, -90.0), (60.0, 50.0)), 800, 480)
    assert lon == -20.0 and 40 < lat < 60 and lat > 50  # the Mercator middle, north of 50
    assert zoom == 3.0  # 140° of longitude: 796 px at zoom 3
    # Within 1% of a step below one counts as it (Leaflet's tolerance), else rounded down.
    width = 256 * 2 ** 4 * 100 / 360
    assert geo.fit_view(((0.0, 0.0), (1.0, 100.0)), width * 0.9995, 4000)[1] == 4.0
    assert geo.fit_view(((0.0, 0.0), (1.0, 100.0)), width * 0.99, 4000)[1] == 3.75
    # Padding (a fraction of the box, then pixels) only ever zooms out; limits hold.
    plain = geo.fit_view(((50.0, 0.0), (52.0, 4.0)), 800, 600)[1]
    padded = geo.fit_view(((50.0, 0.0), (52.0, 4.0)), 800, 600, pad=0.08, pad_px=24)[1]
    assert padded < plain
    assert geo.fit_view(((51.0, 0.0), (51.0, 0.0)), 800, 600, max_zoom=9)[1] == 9.0
    assert geo.fit_view(((-80.0, -180.0), (80.0, 180.0)), 100, 100, min_zoom=0.5)[1] == 0.5


def test_pad_box_and_fit_aspect():
    assert geo.pad_box(((0.0, 0.0), (10.0, 20.0)), 0.1) == ((-1.0, -2.0), (11.0, 22.0))
    assert geo.pad_box(((0.0, 0.0), (1.0, 2.0)), 0.1, min_pad=1.0) == \
        ((-1.0, -1.0), (2.0, 3.0))
    assert geo.pad_box(((0.0, 0.0), (0.0, 0.0)), 0.0, min_span=(12.0, 24.0)) == \
        ((-6.0, -12.0), (6.0, 12.0))
    (s, w), (n, e) = geo.fit_aspect(((0.0, 0.0), (10.0, 10.0)), 1600, 800)
    assert (s, n) == (0.0, 10.0) and e - w == 20.0 and (w + e) / 2 == 5.0
    (s, w), (n, e) = geo.fit_aspect(((0.0, 0.0), (10.0, 10.0)), 800, 800, aspect=2.0)
    assert (w, e) == (0.0, 20.0) or (n - s) * 2 == (e - w)
