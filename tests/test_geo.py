"""Great-circle arcs: the antimeridian, agreement with pyproj, level of detail, and the
browser's copy of the same maths (mapview.js, run under node) agreeing with Python's."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from sistermap import geo
from sistermap.webmap import mapview

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


def test_arcs_for_is_lazy_and_complete():
    frame = pd.DataFrame({"pair_id": ["a~b", "c~d"], "lon_a": [TOKYO[0], 0.0],
                          "lat_a": [TOKYO[1], 0.0], "lon_b": [SAN_FRANCISCO[0], 1.0],
                          "lat_b": [SAN_FRANCISCO[1], 0.0]})
    lazy = geo.arcs_for(frame)
    assert len(lazy) == 2 and list(lazy) == ["a~b", "c~d"]
    assert lazy._arcs is None  # nothing computed until asked
    assert json.loads(lazy["c~d"]) == [[[0.0, 0.0], [1.0, 0.0]]]
    assert len(json.loads(lazy["a~b"])) == 2


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_arc_code_matches_python():
    rng = np.random.default_rng(3)
    lon1, lon2 = rng.uniform(-180, 180, 300), rng.uniform(-180, 180, 300)
    lat1, lat2 = rng.uniform(-70, 75, 300), rng.uniform(-70, 75, 300)
    lon1[:2], lat1[:2], lon2[:2], lat2[:2] = [TOKYO[0], 0.0], [TOKYO[1], 0], \
        [SAN_FRANCISCO[0], 0.5], [SAN_FRANCISCO[1], 0.2]
    pairs = np.stack([lon1, lat1, lon2, lat2], 1).tolist()
    script = ("global.window = {};\n" + mapview.map_js() + "\nconst pairs = " +
              json.dumps(pairs) + ";\nprocess.stdout.write(JSON.stringify(pairs.map(p => "
              "window.SisterMap.arc(p[0], p[1], p[2], p[3]))));")
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30,
                         check=True).stdout
    js = json.loads(out)
    py = [json.loads(f) for f in geo.arc_fragments(lon1, lat1, lon2, lat2)]
    for js_parts, py_parts in zip(js, py):
        assert [len(p) for p in js_parts] == [len(p) for p in py_parts]
        for jp, pp in zip(js_parts, py_parts):
            np.testing.assert_allclose(np.array(jp)[:, ::-1], np.array(pp), atol=2e-3)
