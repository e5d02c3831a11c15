"""The pure parts of the map script, tested under node (``tests/js/*.test.js``, node's own
``node:test``, no npm packages) against the Python references computed here: the arcs
(geo.arc_fragments), the playback rule (timeline.shown_in) and framing (geo.fit_view).

Skipped when node is missing, except where SISTERMAP_REQUIRE_BROWSER=1 (CI), where that is a
failure, as for the browser tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from sistermap import geo, schema, timeline
from sistermap.webmap import plan, webassets
from tests.conftest import ROOT

TOKYO, SAN_FRANCISCO = (139.6917, 35.6895), (-122.4194, 37.7749)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("SISTERMAP_REQUIRE_BROWSER") == "1":
            pytest.fail("node is missing")
        pytest.skip("node is not installed")
    return node


def _arcs() -> dict:
    rng = np.random.default_rng(3)
    lon1, lon2 = rng.uniform(-180, 180, 300), rng.uniform(-180, 180, 300)
    lat1, lat2 = rng.uniform(-70, 75, 300), rng.uniform(-70, 75, 300)
    lon1[:2], lat1[:2], lon2[:2], lat2[:2] = [TOKYO[0], 0.0], [TOKYO[1], 0], \
        [SAN_FRANCISCO[0], 0.5], [SAN_FRANCISCO[1], 0.2]
    # Edge cases: identical ends, antipodes, a pole, the antimeridian itself.
    extra = [(2.35, 48.86, 2.35, 48.86), (0.0, 0.0, 180.0, 0.0), (10.0, 89.9, -170.0, 60.0),
             (179.9, 10.0, -179.9, -10.0), (-180.0, 5.0, 180.0, 6.0)]
    pairs = np.stack([lon1, lat1, lon2, lat2], 1).tolist() + [list(e) for e in extra]
    a = np.array(pairs)
    parts = [json.loads(f) for f in geo.arc_fragments(a[:, 0], a[:, 1], a[:, 2], a[:, 3])]
    segments = geo.segments_for(geo.distance_km(a[:, 0], a[:, 1], a[:, 2], a[:, 3]))
    return {"pairs": pairs, "parts": parts, "segments": segments.tolist()}


def _playback_case(partnerships: pd.DataFrame, table: dict) -> dict:
    formed = timeline.formed_years(partnerships)
    ends = timeline.end_years(partnerships)
    known = sorted(set(formed[formed > 0].tolist()) | set(ends[ends > 0].tolist()))
    years = sorted({y + k for y in known for k in (-1, 0, 1)} | {1000, 3000})
    shown = [timeline.shown_in(partnerships, y).tolist() for y in years]
    return {"table": table, "years": years, "shown": shown}


def _synthetic(seed: int, n: int = 400) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    est = rng.integers(1940, 2025, n).astype(float)
    est[rng.random(n) < 0.1] = np.nan
    ended = est + rng.integers(0, 30, n)
    ended[rng.random(n) < 0.4] = np.nan
    status = rng.choice(list(schema.STATUSES), n)
    p = pd.DataFrame({"established": est, "ended": ended, "status": status})
    # The columns as the plan sends them (plan._link_table).
    years = pd.to_numeric(p["established"], errors="coerce").fillna(0).astype(int)
    table = {"ly": years.tolist(), "le": timeline.end_years(p).tolist(),
             "la": [0] * n, "lb": [1] * n, "cx": [0, 0]}
    return p, table


def _playback(mini) -> dict:
    chosen = mini.partnerships
    spec = plan.plan(chosen, mini.cities)
    table = json.loads(spec.data_json)
    cases = {"mini": _playback_case(chosen, table)}
    for seed in (1, 2):
        p, t = _synthetic(seed)
        cases[f"synthetic{seed}"] = _playback_case(p, t)
    return cases


def _recount(mini) -> list[dict]:
    """The live map's counts under a filter mask, as a map built for the filters counts:
    partners per city row (0 when the filters keep none of its links) and dot sizes."""
    from sistermap import palette
    from sistermap.query import filters, stats

    everything = mini.partnerships
    table = json.loads(plan.plan(everything, mini.cities).data_json)
    cases = []
    for f in (filters.Filters(continents=("Europe",)), filters.Filters(eras=("cold_war",)),
              filters.Filters(statuses=("ended",)), filters.Filters()):
        kept = filters.apply(everything, mini.cities, f)
        on = everything.index.isin(kept.index).astype(int).tolist()
        counts = stats.partner_counts(kept)
        ck = [int(counts.get(c, 0)) for c in table["ci"]]
        cr = [int(round(float(palette.city_radius(np.array([k]))[0]) * 10)) for k in ck]
        cases.append({"table": table, "on": on, "ck": ck, "cr": cr, "name": repr(f)})
    return cases


def _framing() -> list[dict]:
    rng = np.random.default_rng(11)
    cases = []
    for k in range(400):
        s = float(rng.uniform(-80, 80))
        n = s + float(rng.choice([0.0, rng.uniform(0.01, 1), rng.uniform(1, 60)]))
        w = float(rng.uniform(-200, 200))
        e = w + float(rng.choice([0.0, rng.uniform(0.01, 2), rng.uniform(2, 384)]))
        width, height = int(rng.integers(200, 2400)), int(rng.integers(200, 1400))
        # The browser's framings: world / bounds (no padding), selection (8% and 24 px, at
        # most zoom 9), snapped to quarter zooms (or whole ones), within the map's limits.
        opt = [{"pad": 0, "padPx": 0, "step": 0.25, "min": 0.5, "max": 18},
               {"pad": 0.08, "padPx": 24, "step": 0.25, "min": 0.5, "max": 9},
               {"pad": 0, "padPx": 0, "step": 1, "min": 0, "max": 18},
               {"pad": 0.1, "padPx": 0, "step": 0.25, "min": 1, "max": 10}][k % 4]
        if n == s and e == w:
            opt = {**opt, "max": 9}  # a point: the limit decides
        center, zoom = geo.fit_view(((s, w), (n, e)), width, height, pad=opt["pad"],
                                    pad_px=opt["padPx"], zoom_step=opt["step"],
                                    min_zoom=opt["min"], max_zoom=opt["max"])
        cases.append({"bounds": [[s, w], [n, e]], "width": width, "height": height,
                      "opt": opt, "center": list(center), "zoom": zoom})
    return cases


JS_TESTS = sorted(p.name for p in (ROOT / "tests" / "js").glob("*.test.js"))


@pytest.fixture(scope="module")
def fixture_file(mini_dataset, tmp_path_factory):
    """The Python references the node tests compare with, as one JSON file."""
    fixture = {"constants": {k: float(v) for k, v in webassets.JS_CONSTANTS.items()},
               "arcs": _arcs(), "playback": _playback(mini_dataset), "framing": _framing(),
               "recount": _recount(mini_dataset)}
    path = tmp_path_factory.mktemp("js") / "fixture.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    return path


def test_every_pure_part_has_node_tests():
    assert {"geometry.test.js", "playback.test.js", "labels.test.js",
            "framing.test.js"} <= set(JS_TESTS)


@pytest.mark.parametrize("name", JS_TESTS)
def test_the_pure_js_passes_its_node_tests(name, fixture_file):
    node = _node()
    seed = os.environ.get("SISTERMAP_SEED") or str(int.from_bytes(os.urandom(2), "big"))
    print(f"seed: SISTERMAP_SEED={seed}")
    env = {**os.environ, "SISTERMAP_JS_FIXTURE": str(fixture_file), "SISTERMAP_SEED": seed}
    proc = subprocess.run([node, "--test", f"tests/js/{name}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-6000:]
    assert "# skipped 0" in report and "# fail 0" in report, report[-3000:]
    ran = [line for line in report.splitlines() if line.startswith("# tests")]
    assert ran and int(ran[0].split()[-1]) >= 1, report[-3000:]
