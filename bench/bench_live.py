"""The app's map against the best-known public sister-city map, on the same links, in one run.

The peer (Hekman/twincities, a React + SVG build; see /work/shared/peer/hekman-twincities/
README.md) and SisterMap's app are opened in the same headless Chromium, with no network
beyond the machine, on the same link list (the peer's ``make_list.py``, imported into
SisterMap with ``python -m sistermap import``). Measured for each:

- navigation -> drawn: from the start of navigation to the links drawn (ms), and the bytes
  received by then (HTTP bodies and WebSocket frames, as Chromium counts them); for the app
  also for the next visitor (the first after a start reads and plans the data);
- zoom step: one press of the zoom-in button until the map has settled (the last change
  painted), median of 3;
- click -> highlighted: a press on a city until its links are highlighted and painted; then
  the bytes the click made the app send (until the network is quiet);
- filter change (SisterMap only; the peer has no filters): choosing a continent in the
  sidebar until the map shows it, and the bytes sent.

    python bench/bench_live.py                    # 10,000 links (the peer's snapshot)
    python bench/bench_live.py --links 25000
    python bench/bench_live.py --app-root DIR     # another checkout of the app (before/after)

The peer is never copied into the project: its build is copied to a temporary directory and
served from there. Without it (``--peer`` missing), the bench says so and measures
SisterMap alone on the shipped data.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.offline import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PEER = Path("/work/shared/peer/hekman-twincities")
ATLAS_URL = "cdn.jsdelivr.net/npm/world-atlas@2/countries-110m.json"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

#: In a page: wait until cond() holds, then for the next painted frame; wall-clock ms.
WAIT_PAINT = """cond => new Promise(res => {
  const f = new Function('return (' + cond + ')');
  (function chk() {
    let ok = false; try { ok = f(); } catch (e) { ok = false; }
    if (ok) requestAnimationFrame(() => requestAnimationFrame(
      () => res(performance.timeOrigin + performance.now())));
    else setTimeout(chk, 5);
  })();
})"""
#: In a page: record the wall-clock time of the next pointer press (capture phase).
ARM_PRESS = """() => { window.__benchT0 = null; document.addEventListener('pointerdown',
  () => { if (window.__benchT0 === null) window.__benchT0 = performance.timeOrigin +
  performance.now(); }, {capture: true, once: true}); }"""
#: In a page: after a press, the time the last DOM change was painted, once quiet.
ARM_SETTLE = """() => { window.__benchLast = null;
  const mo = new MutationObserver(() => requestAnimationFrame(() => {
    window.__benchLast = performance.timeOrigin + performance.now(); }));
  mo.observe(document.body, {subtree: true, childList: true, attributes: true});
  window.__benchMo = mo; }"""


class Bytes:
    """Bytes Chromium received for a page (HTTP bodies + WebSocket frames), via CDP."""

    def __init__(self, context, page):
        self.total, self.last = 0, time.time()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._http)
        cdp.on("Network.webSocketFrameReceived", self._ws)

    def _http(self, e):
        self.total += int(e.get("encodedDataLength", 0))
        self.last = time.time()

    def _ws(self, e):
        r = e["response"]
        n = len(r.get("payloadData", ""))
        self.total += n * 3 // 4 if r.get("opcode") == 2 else n
        self.last = time.time()

    def quiet(self, page, idle: float = 1.5, limit: float = 40.0) -> int:
        """Wait until nothing arrived for ``idle`` s; the running total."""
        end = time.time() + limit
        while time.time() < end and time.time() - self.last < idle:
            page.wait_for_timeout(100)
        return self.total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc, timeout: float = 90) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


def start_app(app_root: Path, data: Path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app_root / "app.py"), "--server.port",
         str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=app_root, env={**os.environ, "SISTERMAP_DATA": str(data),
                           "PYTHONPATH": str(app_root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/_stcore/health", proc)
    return proc, url


def start_peer(tmp: Path, links_csv: Path):
    site = tmp / "peer-site"
    shutil.copytree(PEER / "build", site)
    shutil.copy(links_csv, site / "twin_cities.csv")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             str(port)], cwd=site, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    wait_http(url, proc)
    return proc, url


def new_page(browser, outside: list[str], reduced_motion: str = "no-preference"):
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  reduced_motion=reduced_motion)

    def route(r):
        url = r.request.url
        if ATLAS_URL in url:  # the peer's one CDN request, answered with the local copy
            r.fulfill(path=str(PEER / "world-atlas" / "countries-110m.json"),
                      content_type="application/json")
        elif url.startswith(LOCAL):
            r.continue_()
        else:
            outside.append(url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    return context, page, Bytes(context, page)


def settle(target, t0_js: str = "window.__benchT0", idle_ms: int = 700) -> float:
    """ms from the press to the last painted DOM change, once quiet for ``idle_ms``."""
    prev = None
    while True:
        target.wait_for_timeout(idle_ms)
        last = target.evaluate("() => window.__benchLast")
        if last == prev:
            break
        prev = last
    target.evaluate("() => window.__benchMo.disconnect()")
    return (last or 0) - target.evaluate(f"() => {t0_js}")


#: The peer has drawn: the links' one path is in the SVG (its "d" is long), and the cities.
PEER_DRAWN = ("[...document.querySelectorAll('path')].some(p => "
              "!p.classList.contains('rsm-geography') && "
              "(p.getAttribute('d') || '').length > 10000) && "
              "document.querySelectorAll('circle').length > 100")


def bench_peer(browser, url: str) -> dict:
    outside: list[str] = []
    context, page, net = new_page(browser, outside)
    out: dict = {}
    page.goto(url)
    drawn = page.evaluate(WAIT_PAINT, PEER_DRAWN)
    out["nav_ms"] = drawn - page.evaluate("() => performance.timeOrigin")
    out["nav_bytes"] = net.total
    page.click("button.modal-cta")  # the intro modal
    page.wait_for_timeout(800)
    zooms = []
    for _ in range(3):
        page.evaluate(ARM_PRESS)
        page.evaluate(ARM_SETTLE)
        page.click("button[title='Zoom in']")
        zooms.append(settle(page))
    out["zoom_ms"] = statistics.median(zooms)
    # Click the biggest city in view; highlighted: the first DOM change, painted.
    box = page.evaluate("""() => { const vw = innerWidth, vh = innerHeight; let best = null;
      document.querySelectorAll('circle').forEach(c => { const r = c.getBoundingClientRect();
        const x = r.x + r.width / 2, y = r.y + r.height / 2;
        if (x > 50 && y > 80 && x < vw - 50 && y < vh - 50 && (!best || r.width > best.w))
          best = {x: x, y: y, w: r.width}; }); return best; }""")
    page.evaluate(ARM_PRESS)
    page.evaluate("""() => { window.__benchHit = null; const mo = new MutationObserver(() => {
      if (window.__benchT0 !== null && window.__benchHit === null) requestAnimationFrame(
        () => requestAnimationFrame(() => { window.__benchHit = performance.timeOrigin +
        performance.now(); })); mo.disconnect(); });
      mo.observe(document.body, {subtree: true, childList: true, attributes: true}); }""")
    before = net.total
    page.mouse.click(box["x"], box["y"])
    page.evaluate(WAIT_PAINT, "window.__benchHit !== null")
    out["click_ms"] = page.evaluate("() => window.__benchHit - window.__benchT0")
    out["click_bytes"] = net.quiet(page) - before
    out["filter_ms"] = out["filter_bytes"] = None  # no filters (search only)
    out["outside"] = outside
    context.close()
    context, page, net = new_page(browser, outside)  # the next visitor, as for the app
    page.goto(url)
    drawn = page.evaluate(WAIT_PAINT, PEER_DRAWN)
    out["nav_warm_ms"] = drawn - page.evaluate("() => performance.timeOrigin")
    out["nav_warm_bytes"] = net.total
    context.close()
    return out


def map_frame(page, timeout: float = 120.0):
    end = time.time() + timeout
    while time.time() < end:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("() => !!(window.map && window.map.sistermap && "
                                      "(window.__smDrawnAt || !SisterMap.live))"):
                        return frame
                except Exception:
                    pass
        page.wait_for_timeout(50)
    raise RuntimeError("the app's map never drew")


def zoom_steps(frame) -> tuple[float, int]:
    """Three presses of the zoom-in button, each until the map has settled: the median ms,
    and the most density-canvas draws one step made."""
    zooms, draws = [], []
    frame.evaluate("""() => { window.__benchDraws = 0; const c = CanvasRenderingContext2D.prototype,
      f = c.clearRect; c.clearRect = function () { if (this.canvas.classList.contains(
        'sistermap-density')) window.__benchDraws++; return f.apply(this, arguments); }; }""")
    for _ in range(3):
        frame.evaluate(ARM_PRESS)
        frame.evaluate(ARM_SETTLE)
        frame.evaluate("""() => { window.__benchMoved = null; window.map.once('moveend', () =>
          requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchMoved =
          performance.timeOrigin + performance.now(); }))); window.__benchDraws = 0; }""")
        frame.locator(".leaflet-control-zoom-in").click()
        frame.evaluate(WAIT_PAINT, "window.__benchMoved !== null")
        settled = settle(frame)
        moved = frame.evaluate("() => window.__benchMoved - window.__benchT0")
        zooms.append(max(settled, moved))
        draws.append(frame.evaluate("() => window.__benchDraws"))
    return statistics.median(zooms), max(draws)


def bench_app(browser, url: str, continent: str) -> dict:
    outside: list[str] = []
    context, page, net = new_page(browser, outside)
    out: dict = {}
    page.goto(url + "/")
    frame = map_frame(page)
    live = frame.evaluate("() => !!SisterMap.live")
    drawn = frame.evaluate("() => Math.max(window.__smDrawnAt || performance.timeOrigin + "
                           "performance.now(), (window.__smLive && window.__smLive.at) || 0)")
    out["nav_ms"] = drawn - page.evaluate("() => performance.timeOrigin")
    out["nav_bytes"] = net.total
    net.quiet(page)
    iframe = page.locator("iframe[title*='streamlit_folium']").first
    # Zoom step: the zoom-in button until the last change painted (canvas redraws are not
    # DOM changes: moveend's handlers run before its labels change, which are).
    out["zoom_ms"], out["zoom_density_draws"] = zoom_steps(frame)
    # Click: the best-connected city in view.
    point = frame.evaluate("""() => { const m = window.map, s = m.sistermap, b = m.getBounds();
      let best = null; (s.cities ? s.cities.getLayers() : []).forEach(l => {
        if (l.getLatLng && b.pad(-0.1).contains(l.getLatLng()) &&
            (!best || l.options.radius > best.options.radius)) best = l; });
      if (!best) return null; const p = m.latLngToContainerPoint(best.getLatLng());
      return {x: p.x, y: p.y, name: best.feature.properties.t.split(',')[0]}; }""")
    box = iframe.bounding_box()
    frame.evaluate(ARM_PRESS)
    before, t_click = net.total, time.time()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    if live:
        frame.evaluate(WAIT_PAINT, "window.__smSelectedAt")
        out["click_ms"] = frame.evaluate("() => window.__smSelectedAt - window.__benchT0")
        out["select_ms"] = frame.evaluate("() => window.__smSelectMs")
    page.get_by_text("Clear selection").wait_for(timeout=60000)
    out["click_panel_ms"] = (time.time() - t_click) * 1000
    out["click_bytes"] = net.quiet(page) - before
    if not live:  # an app without the live map reloads it: no in-browser highlight
        frame = map_frame(page)
        out["click_ms"] = None
    # Filter change: one continent.
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has=page.get_by_text("Continent", exact=True)).locator("input").click()
    page.evaluate(ARM_PRESS)
    before, t_filter = net.total, time.time()
    page.get_by_role("option", name=continent, exact=True).click()
    if live:
        t0 = page.evaluate("() => window.__benchT0")
        done = frame.evaluate(WAIT_PAINT, f"window.__smLive && window.__smLive.at > {t0}")
        out["filter_ms"] = done - t0
        out["filter_browser_ms"] = frame.evaluate("() => window.__smLive.ms")
    else:
        out["filter_ms"] = None
    out["filter_bytes"] = net.quiet(page) - before
    out["filter_wall_ms"] = (time.time() - t_filter) * 1000 - 1500  # less the quiet wait
    if not live:
        out["filter_ms"] = out["filter_wall_ms"]
    out["outside"] = outside
    context.close()
    # A later visitor: the server has the dataset and the map's plan in memory (the first
    # visitor after a start pays for reading and planning them), the browser a new profile.
    context, page, net = new_page(browser, outside)
    page.goto(url + "/")
    frame = map_frame(page)
    drawn = frame.evaluate("() => Math.max(window.__smDrawnAt || performance.timeOrigin + "
                           "performance.now(), (window.__smLive && window.__smLive.at) || 0)")
    out["nav_warm_ms"] = drawn - page.evaluate("() => performance.timeOrigin")
    out["nav_warm_bytes"] = net.total
    context.close()
    # A reader who asked the system for reduced motion: Leaflet's zoom is not animated
    # (webmap/js/a11y.js), so the step settles when its redraw is done.
    context, page, net = new_page(browser, outside, reduced_motion="reduce")
    page.goto(url + "/")
    out["zoom_calm_ms"] = zoom_steps(map_frame(page))[0]
    context.close()
    return out


def fmt_ms(v) -> str:
    return "n/a" if v is None else f"{v:,.0f} ms"


def fmt_b(v) -> str:
    return "n/a" if v is None else f"{v / 1024:,.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    global PEER
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--links", type=int, default=10000)
    ap.add_argument("--peer", type=Path, default=PEER)
    ap.add_argument("--app-root", type=Path, default=ROOT,
                    help="the checkout whose app is measured (default: this one)")
    ap.add_argument("--continent", default="Europe", help="the filter change measured")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    PEER = a.peer
    have_peer = (PEER / "build" / "index.html").exists() and (PEER / "make_list.py").exists()
    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    procs = []
    try:
        if have_peer:
            links = tmp / "links.csv"
            subprocess.run([sys.executable, str(PEER / "make_list.py"), str(links), "--links",
                            str(a.links)], check=True, stdout=subprocess.DEVNULL)
            data = tmp / "data"
            subprocess.run([sys.executable, "-m", "sistermap", "import", str(links), "--out",
                            str(data), "--quiet"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            n_peer = sum(1 for _ in links.open(encoding="utf-8")) - 1
            n_ours = sum(1 for _ in (data / "partnerships.csv").open(encoding="utf-8")) - 1
            print(f"links: peer {n_peer:,}, SisterMap {n_ours:,} (imported from the same file)")
        else:
            print(f"peer absent ({PEER}): skipped; SisterMap alone on the shipped data")
            data = ROOT / "data"
        proc, app_url = start_app(a.app_root, data)
        procs.append(proc)
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if have_peer:
                pproc, peer_url = start_peer(tmp, links)
                procs.append(pproc)
                results["peer (React/SVG)"] = bench_peer(browser, peer_url)
            results["SisterMap app"] = bench_app(browser, app_url, a.continent)
            browser.close()
        print(f"\nmachine: {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores (shared), Python {platform.python_version()}, "
              f"headless Chromium ({CHROMIUM}), 1400x900\n")
        rows = [("navigation -> drawn", "nav_ms", fmt_ms), ("bytes by then", "nav_bytes", fmt_b),
                ("  the next visitor: -> drawn", "nav_warm_ms", fmt_ms),
                ("  bytes by then", "nav_warm_bytes", fmt_b),
                ("zoom step -> settled", "zoom_ms", fmt_ms),
                ("  with reduced motion", "zoom_calm_ms", fmt_ms),
                ("click -> highlighted", "click_ms", fmt_ms),
                ("bytes per click", "click_bytes", fmt_b),
                ("filter change -> map updated", "filter_ms", fmt_ms),
                ("bytes per filter change", "filter_bytes", fmt_b)]
        names = list(results)
        print(f"{'':32}" + "".join(f"{n:>22}" for n in names))
        for label, key, fmt in rows:
            print(f"{label:32}" + "".join(f"{fmt(results[n].get(key)):>22}" for n in names))
        ours = results["SisterMap app"]
        print(f"\nSisterMap: click -> panel updated {fmt_ms(ours.get('click_panel_ms'))} "
              f"(selecting in the browser took {fmt_ms(ours.get('select_ms'))}); "
              f"density canvas draws per zoom step: {ours.get('zoom_density_draws')}; filter "
              f"change applied in the browser in {fmt_ms(ours.get('filter_browser_ms'))}")
        for n, r in results.items():
            if r["outside"]:
                print(f"{n}: refused outside requests: {r['outside'][:3]}")
        return 0
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
