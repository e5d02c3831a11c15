"""Browser test fixtures: headless Chromium (Debian's), the app served on localhost, no network.

Every request that leaves the machine is refused, and a test that attempted one fails
(``offline.Network``; OpenStreetMap's optional tiles aside). Browser tests are skipped when
Chromium is missing, except where SISTERMAP_REQUIRE_BROWSER=1 (CI), where that is a failure.
Screenshots of each page are saved to ``artifacts/screenshots/`` (git-ignored) for a person
to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import offline
from tests.conftest import MINI, ROOT

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
HOSTILE_NAME = '<img src=x onerror="window.top.__pwned=1;alert(1)">'
HOSTILE_ID = "gn:9990001"

#: Counts the map's drawn layers inside the streamlit-folium iframe (or a standalone page).
COUNT_JS = """() => {
  // window.map, or the L.Map a standalone page names itself (reading every property of
  // window one by one: in a frame without storage, localStorage's getter throws)
  const m = window.map || (() => {
    for (const k of Object.keys(window)) {
      try { if (window.L && window[k] instanceof L.Map) return window[k]; } catch (e) { }
    }
    return null;
  })();
  if (!window.L || !m) return null;
  let lines = 0, drawn = 0, points = 0;
  m.eachLayer(l => {
    if (l instanceof L.CircleMarker) points++;
    else if (l instanceof L.Polyline && !(l instanceof L.Polygon)) {
      lines++;
      if (l._parts && l._parts.length) drawn++;  // projected and on screen: really drawn
    }
  });
  return {lines, drawn, points};
}"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _need_browser():
    if not offline.available():
        message = "Chromium (/usr/bin/chromium) is missing (apt-get install chromium)"
        if os.environ.get("SISTERMAP_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def hostile_dataset(target: Path, name: str = HOSTILE_NAME, city_id: str = HOSTILE_ID) -> Path:
    """The mini dataset plus a city whose name is an XSS payload (or ``name``), partnered
    with Coventry."""
    shutil.copytree(MINI, target)
    with (target / "cities.csv").open("a", encoding="utf-8") as f:
        quoted = name.replace('"', '""')
        f.write(f'{city_id},"{quoted}",,IS,,64.0,-20.0,1000\n')
    with (target / "partnerships.csv").open("a", encoding="utf-8") as f:
        f.write(f"gn:2652221,{city_id},twin_town,1990,,,active,culture,"
                "https://example.org/list,\"<script>window.top.__pwned=2</script>\"\n")
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free port, for one dataset directory."""

    def __init__(self, data: Path):
        port = _free_port()
        env = {**os.environ, "SISTERMAP_DATA": str(data)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail("streamlit did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def browser_data(tmp_path_factory) -> Path:
    return hostile_dataset(tmp_path_factory.mktemp("browser") / "data")


@pytest.fixture(scope="session")
def app_url(browser_data):
    """A real Streamlit server on the hostile test dataset, stopped after the session."""
    server = Server(browser_data)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def shipped_url():
    """A real Streamlit server on the shipped dataset (data/: hundreds of cities, where dots
    crowd and labels compete with them), stopped after the session."""
    server = Server(ROOT / "data")
    yield server.url
    server.stop()


@pytest.fixture()
def fresh_server(browser_data):
    """A server nobody has visited yet (for what happens on a process's first request)."""
    server = Server(browser_data)
    yield server.url
    server.stop()


def open_page(browser, request, width: int = 1400, height: int = 950):
    """A fresh page with no network beyond the machine; dialogs and outside requests kept."""
    context = browser.new_context(viewport={"width": width, "height": height})
    net = offline.Network()
    context.route("**/*", net.handle)
    pg = context.new_page()
    pg.net, pg.dialogs, pg.errors = net, [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


def close_page(context, pg, request, suffix: str = "") -> None:
    """Save a screenshot for a person to look at; fail if anything left the machine."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name + suffix).strip("_")
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
    assert pg.net.outside == [], f"requests left the machine: {pg.net.outside[:5]}"


@pytest.fixture()
def page(browser, request):
    """A fresh 1400×950 page; the test fails if it tried to reach outside the machine."""
    context, pg = open_page(browser, request)
    yield pg
    close_page(context, pg, request)


def map_frame(pg, min_lines: int = 1, timeout: float = 30.0):
    """The iframe holding the Leaflet map, once it has drawn at least ``min_lines`` lines."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in pg.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                counts = frame.evaluate(COUNT_JS)
            except Exception:  # frame still loading
                counts = None
            if counts and counts["lines"] >= min_lines and counts["drawn"] >= 1:
                return frame, counts
        pg.wait_for_timeout(250)
    raise AssertionError("the map never drew its lines (did Leaflet load?)")


def in_map(pg, js: str, arg=None, min_lines: int = 1, timeout: float = 30.0):
    """Evaluate ``js`` in the map's frame, finding the frame again if the app reran and
    replaced it (Playwright's "Frame was detached")."""
    deadline = time.time() + timeout
    while True:
        map_frame(pg, min_lines=min_lines, timeout=max(1.0, deadline - time.time()))
        error = None
        for frame in pg.frames:  # during a rerun the old frame and the new one may both be there
            if "streamlit_folium" not in frame.url:
                continue
            try:
                return frame.evaluate(js, arg)
            except Exception as e:  # detached, still loading, or not the map asked for
                error = e
        if time.time() > deadline:
            raise error or AssertionError("no map frame")
        pg.wait_for_timeout(250)


#: For each city id asked, a point (in the map's pixels) of its dot where a click or a hover
#: reaches that dot and nothing else: the topmost interactive layer there by Leaflet's own
#: canvas hit test (the last drawn that contains the point) is this dot, 1.5 px all around
#: (the pointer lands on whole pixels), and the element at that point is the map's canvas
#: (no legend, control or label in between). Cities with no such point are left out.
DOT_POINTS_JS = """(ids) => {
  const m = window.map, size = m.getSize(), want = new Set(ids), out = {};
  const doc = document, cities = m.sistermap.cities;
  cities.eachLayer(l => {
    const id = l.feature.properties.id;
    if (!want.has(id) || out[id] || !l._map || !l._renderer) return;
    const c = l._point, r = l._radius, canvas = l._renderer._container;
    const tries = [[0, 0]];
    for (const f of [0.45, 0.75]) for (let a = 0; a < 12; a++)
      tries.push([f * r * Math.cos(a * Math.PI / 6), f * r * Math.sin(a * Math.PI / 6)]);
    const topmost = (lp) => {
      let top = null;
      for (let o = l._renderer._drawFirst; o; o = o.next)
        if (o.layer.options.interactive && o.layer._containsPoint(lp)) top = o.layer;
      return top;
    };
    for (const [dx, dy] of tries) {
      const lp = L.point(c.x + dx, c.y + dy);
      // The pointer lands on whole pixels: the dot must be on top all around the point.
      const near = [[0, 0], [-1.5, 0], [1.5, 0], [0, -1.5], [0, 1.5], [-1.5, -1.5], [1.5, 1.5],
                    [-1.5, 1.5], [1.5, -1.5]].map(([a, b]) => L.point(lp.x + a, lp.y + b));
      if (near.some(q => q.distanceTo(c) > r) || near.some(q => topmost(q) !== l)) continue;
      const cp = m.layerPointToContainerPoint(lp);
      if (cp.x < 1 || cp.y < 1 || cp.x > size.x - 1 || cp.y > size.y - 1) continue;
      const rect = m.getContainer().getBoundingClientRect();
      if (doc.elementFromPoint(rect.left + cp.x, rect.top + cp.y) !== canvas) continue;
      out[id] = {x: cp.x, y: cp.y, name: l.feature.properties.t.split(",")[0]};
      return;
    }
  });
  return out;
}"""


def click_latlng(pg, frame, lat: float, lon: float) -> None:
    """Click the map at a place, once the map has stopped moving (fitBounds animates)."""
    where = f"() => window.map.latLngToContainerPoint([{lat}, {lon}])"
    point, previous = in_map(pg, where), None  # the frame found again after a rerun
    while point != previous:
        pg.wait_for_timeout(400)
        previous, point = point, in_map(pg, where)
    box = pg.locator("iframe[title*='streamlit_folium']").first.bounding_box()
    pg.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def hover_latlng(pg, frame, lat: float, lon: float) -> None:
    """Move the mouse over a place on the map (shows its tooltip)."""
    point = frame.evaluate(f"() => window.map.latLngToContainerPoint([{lat}, {lon}])")
    box = pg.locator("iframe[title*='streamlit_folium']").first.bounding_box()
    pg.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
