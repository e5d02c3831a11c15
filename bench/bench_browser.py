"""What drawing the world map costs in a real browser, at the sizes people use.

For each dataset it writes the standalone map (``render``), opens it in headless Chromium
at 1920×1080 with no network, and prints: time to load and draw, one redraw of the
density canvas (every pan or zoom of a big map), one step of playback, and — as the
baseline measured in the same run — the same links drawn the naive way, one Leaflet
polyline each, on the same page.

    python bench/bench_browser.py              # shipped data + 25,000 synthetic links
    python bench/bench_browser.py --links 50000

Needs /usr/bin/chromium; reads nothing from outside the project (the Wikidata snapshot is
shipped in data/ is part of the default data).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

MEASURE = """() => {
  const m = window.map, s = m.sistermap, d = Object.values(window).find(
      v => v && v.la && v.cx);
  const out = {links: d.la.length, lod: !!d.lod};
  if (s.density) {
    let t = performance.now();
    for (let i = 0; i < 5; i++) s.density._draw();
    out.density_redraw_ms = (performance.now() - t) / 5;
  }
  if (s.timeline) {
    let t = performance.now();
    for (let y = 1950; y < 1960; y++) s.timeline.go(y);
    out.year_step_ms = (performance.now() - t) / 10;
    s.timeline.go(null);
  }
  // Baseline: every link as its own Leaflet polyline (what a plain Folium map draws).
  let t = performance.now();
  const g = L.featureGroup();
  for (let i = 0; i < d.la.length; i++) {
    const a = d.la[i], b = d.lb[i];
    g.addLayer(L.polyline(SisterMap.arcw(d, d.x[a], d.y[a], d.x[b], d.y[b]),
                          {weight: 0.8, opacity: 0.35}));
  }
  g.addTo(m);
  out.baseline_draw_ms = performance.now() - t;
  t = performance.now();
  m.panBy([200, 0], {animate: false}); m.panBy([-200, 0], {animate: false});
  out.baseline_redraw_ms = (performance.now() - t) / 2;
  return out;
}"""


def measure(page_file: Path, label: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        started = time.perf_counter()
        page.goto(page_file.as_uri())
        page.wait_for_function("() => window.map && window.map.sistermap "
                               "&& window.map.sistermap.labels", timeout=120000)
        load = time.perf_counter() - started
        out = page.evaluate(MEASURE)
        browser.close()
    redraw = out.get("density_redraw_ms")
    line = (f"{label:<28} links {out['links']:>7,}  load+draw {load:6.2f} s"
            + (f"  density redraw {redraw:7.1f} ms" if redraw is not None else "")
            + (f"  year step {out['year_step_ms']:6.1f} ms" if "year_step_ms" in out else "")
            + f"  | baseline polylines: draw {out['baseline_draw_ms']:7.0f} ms,"
            f" redraw {out['baseline_redraw_ms']:7.0f} ms")
    if redraw:
        line += f"  (redraw ratio {out['baseline_redraw_ms'] / redraw:5.1f}x)"
    print(line, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=int, default=25_000, help="synthetic links to add")
    args = ap.parse_args()
    if not Path("/usr/bin/chromium").exists():
        print("chromium is not installed (apt-get install chromium): nothing measured")
        return 0
    from bench import synth

    with tempfile.TemporaryDirectory() as tmp:
        sets = [("shipped, reviewed only", None), ("shipped, every source", None)]
        synth_dir = synth.write_synthetic(args.links, Path(tmp) / "synth")
        sets.append((f"synthetic {args.links:,}", synth_dir))
        for label, data in sets:
            out = Path(tmp) / f"{len(label)}.html"
            cmd = [sys.executable, "-m", "sistermap", "render", "--out", str(out)]
            if data is not None:
                cmd += ["--data", str(data)]
            if label == "shipped, reviewed only":
                cmd += ["--source", "reviewed"]
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                print(f"{label}: render failed: {done.stderr.strip()[:200]}")
                continue
            measure(out, label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
