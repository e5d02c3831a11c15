"""Map benchmark: SisterMap's builder against the naive Folium way, same data, same run.

For each dataset (synthetic N = 1k, 10k, 25k, 100k drawn from the gazetteer, and the real
Wikidata list in ../shared/data/dev/ when present) it times each stage — load, filter,
Python arcs, map build, HTML size, an app rerun's server time and the browser's time to
drawn lines — and the naive approach (one folium.PolyLine with a folium.Tooltip per
partnership along pyproj great-circle points, one folium.CircleMarker with a tooltip per
city). The naive build grows linearly and takes minutes at 100k: there it is extrapolated
from the 25k run per link and per city, and the table says so.

    python bench/bench_map.py [--sizes 1000,10000,25000,100000] [--no-browser] [--no-app]
"""

from __future__ import annotations

import argparse
import html as html_mod
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synth import write_synthetic  # noqa: E402
from sistermap import geo, palette
from sistermap.query import filters, stats
from sistermap.store import dataset
from sistermap.webmap import elements, plan  # noqa: E402

WORK = Path(tempfile.gettempdir()) / "sistermap-bench"
REAL = ROOT.parent / "shared" / "data" / "dev"
NAIVE_POINTS = 30  # intermediate great-circle points per link, a common choice
NAIVE_MAX_LINKS = 25_000  # beyond this the naive build is extrapolated


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def naive_map(partnerships, cities) -> str:
    """The straightforward Folium map: one object per link and per city."""
    import folium
    import pyproj

    geod = pyproj.Geod(ellps="WGS84")
    m = folium.Map(location=(30, 10), zoom_start=2, prefer_canvas=True)
    colors = palette.ERA_COLORS
    for row in partnerships.itertuples(index=False):
        pts = geod.npts(row.lon_a, row.lat_a, row.lon_b, row.lat_b, NAIVE_POINTS)
        line = [(row.lat_a, row.lon_a)] + [(lat, lon) for lon, lat in pts] + [
            (row.lat_b, row.lon_b)]
        tip = html_mod.escape(f"{row.city_a} – {row.city_b} ({row.established})")
        folium.PolyLine(line, color=colors.get(row.era, "#999"), weight=1.6, opacity=0.75,
                        tooltip=folium.Tooltip(tip)).add_to(m)
    counts = stats.partner_counts(partnerships)
    for cid, n in counts.items():
        c = cities.loc[cid]
        folium.CircleMarker((c["lat"], c["lon"]), radius=3 + n ** 0.5, color="#fff",
                            fill=True, fill_color="#333", fill_opacity=0.85,
                            tooltip=folium.Tooltip(html_mod.escape(
                                f"{c['name']}, {c['country_name']} — {n} partners"))).add_to(m)
    return m.get_root().render()


def build_html(partnerships, cities) -> str:
    """Our build: plan (serialise), assemble (Folium objects) and render (HTML)."""
    return elements.to_html(elements.build_map(partnerships, cities, plan.MapOptions(),
                                               inline=True))


def st_folium_server_path(m) -> None:
    """What streamlit-folium does on the server for every rerun, minus the websocket."""
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    sf._get_html(m)
    sf._get_header(m)
    leaflet = sf._get_map_string(m)
    sf.generate_js_hash(leaflet, "worldmap", False)


def rerun_time(ds, chosen) -> float:
    """Server time of a rerun after selecting a city, caches warm (plan base cached)."""
    st_folium_server_path(elements.build_map(chosen, ds.cities))  # imports and cache warm
    hub = stats.partner_counts(chosen).index[0]
    t = time.perf_counter()
    spec = plan.plan(chosen, ds.cities, plan.MapOptions(selected=hub))
    st_folium_server_path(elements.assemble(spec))
    return time.perf_counter() - t


def app_rerun_times(data_dir: Path) -> tuple[float, float]:
    """(filter change, city selection) rerun times of the real app under AppTest, warm."""
    from streamlit.testing.v1 import AppTest

    os.environ[dataset.DATA_ENV] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    eras = at.multiselect(key="sm_w_eras")
    eras.set_value(["cold_war"]).run()  # warm both filter states
    at.multiselect(key="sm_w_eras").set_value([]).run()
    t = time.perf_counter()
    at.multiselect(key="sm_w_eras").set_value(["cold_war"]).run()
    t_filter = time.perf_counter() - t
    at.multiselect(key="sm_w_eras").set_value([]).run()
    act_cities = dataset.load(data_dir, strict=False).cities
    hub = act_cities["degree"].idxmax()
    at.session_state["sm_selected"] = hub
    at.run()  # the first selection builds its (cheap) plan
    at.session_state["sm_selected"] = ""
    at.run()
    at.session_state["sm_selected"] = hub
    t = time.perf_counter()
    at.run()
    t_select = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    return t_filter, t_select


def browser_times(files: list[Path], timeout_s: float = 60.0) -> dict[Path, float | None]:
    """Milliseconds from navigation start until the map has drawn lines, per file."""
    from playwright.sync_api import sync_playwright

    from sistermap.webmap import webassets
    from tests.browser import offline
    from tests.browser.conftest import COUNT_JS

    if not offline.available():
        return {f: None for f in files}
    shipped = {"leaflet.js": webassets.files("js")[0], "leaflet.css": webassets.files("css")[0]}

    def route(r) -> None:
        """Our files carry Leaflet inside; the naive ones ask a CDN for it: answer those with
        the same shipped copy (and refuse the rest), so both draw with no network."""
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
            return
        name = url.rsplit("/", 1)[-1]
        if name in shipped:
            r.fulfill(status=200, body=shipped[name].read_bytes(),
                      content_type="text/css" if name.endswith(".css") else "text/javascript")
        else:
            r.abort()

    out: dict[Path, float | None] = {}
    # Drawn: lines on screen, or (a big map) the density canvas painted and labels placed.
    ready = ("() => { const c = (" + COUNT_JS + ")(); const s = window.map && window.map.sistermap;"
             " return c && (c.drawn > 0 || (s && s.density && s.labels)) ? c : null; }")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=offline.CHROMIUM,
                                    args=offline.CHROMIUM_ARGS)
        for f in files:
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            ctx.route("**/*", route)
            page = ctx.new_page()
            try:
                page.goto(f.as_uri(), timeout=timeout_s * 1000, wait_until="commit")
                page.wait_for_function(ready, timeout=timeout_s * 1000, polling=50)
                out[f] = page.evaluate("performance.now()")
            except Exception as exc:  # a crash or a time-out is a result too
                print(f"  browser: {f.name}: {type(exc).__name__}", file=sys.stderr)
                out[f] = None
            ctx.close()
        browser.close()
    return out


def real_dataset() -> Path | None:
    """The real Wikidata list, imported into a temp dir; None when the file is absent."""
    files = sorted(REAL.glob("*.tsv")) + sorted(REAL.glob("*.csv")) if REAL.exists() else []
    if not files:
        return None
    target = WORK / "real"
    if not (target / dataset.PARTNERSHIPS_FILE).exists():
        subprocess.run([sys.executable, "-m", "sistermap", "import", *map(str, files),
                        "--out", str(target), "--quiet"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return target


def fmt_s(x: float | None, est: bool = False) -> str:
    return "—" if x is None else f"{x:.2f}{'*' if est else ''}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,25000,100000")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-app", action="store_true", help="skip the AppTest rerun timing")
    ap.add_argument("--no-real", action="store_true")
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    sets: list[tuple[str, Path]] = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        sets.append((f"synthetic {n // 1000}k", write_synthetic(n, WORK / f"synth-{n}")))
    if not args.no_real:
        real = real_dataset()
        if real is None:
            print(f"note: no real list in {REAL}; skipped", file=sys.stderr)
        else:
            sets.append(("real (Wikidata dev)", real))
    rows = []
    per_link = (0.0, 0.0)
    for label, path in sets:
        ds, t_load = timed(dataset.load, path, strict=False)
        chosen, t_filter = timed(filters.apply, ds.partnerships, ds.cities, filters.Filters())
        _, t_arcs = timed(geo.arc_fragments, chosen["lon_a"], chosen["lat_a"],
                          chosen["lon_b"], chosen["lat_b"])
        plan._BASES.clear()
        text, t_build = timed(build_html, chosen, ds.cities)
        n_cities = len(stats.partner_counts(chosen))
        ours = WORK / f"ours-{path.name}.html"
        ours.write_text(text, encoding="utf-8")
        t_rerun = rerun_time(ds, chosen)
        est = len(chosen) > NAIVE_MAX_LINKS
        naive_file = None
        if not est:
            naive_text, t_naive = timed(naive_map, chosen, ds.cities)
            naive_size = len(naive_text.encode())
            naive_file = WORK / f"naive-{path.name}.html"
            naive_file.write_text(naive_text, encoding="utf-8")
            per_link = (t_naive / (len(chosen) + n_cities), naive_size / (len(chosen) + n_cities))
            del naive_text
        else:
            t_naive = per_link[0] * (len(chosen) + n_cities)
            naive_size = per_link[1] * (len(chosen) + n_cities)
        rows.append(dict(label=label, links=len(chosen), cities=n_cities, load=t_load,
                         filter=t_filter, arcs=t_arcs, build=t_build, naive=t_naive,
                         est=est, size=len(text.encode()), naive_size=naive_size,
                         rerun=t_rerun, ours=ours, naive_file=naive_file, lod=(
                             len(chosen) > plan.LOD_LINKS), path=path))
        print(f"  {label}: build {t_build:.2f}s vs naive {t_naive:.1f}s", file=sys.stderr)
    if not args.no_browser:
        files = [r["ours"] for r in rows] + [r["naive_file"] for r in rows
                                             if r["naive_file"] and r["links"] <= 10_000]
        times = browser_times(files)
        for r in rows:
            r["browser"] = times.get(r["ours"])
            r["naive_browser"] = times.get(r["naive_file"]) if r["naive_file"] else None
    if not args.no_app:
        for r in rows:
            if r["links"] >= 25_000 and r["links"] <= 30_000:
                r["app_filter"], r["app_select"] = app_rerun_times(r["path"])
    print()
    print("| dataset | links | cities | load s | filter s | arcs (py) s | build s | naive "
          "build s | build × faster | HTML MB | naive MB | × smaller | rerun s | browser "
          "ms (naive) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        nb = r.get("naive_browser")
        b = r.get("browser")
        print(f"| {r['label']}{' (LOD)' if r['lod'] else ''} | {r['links']:,} | "
              f"{r['cities']:,} | {r['load']:.2f} | {r['filter']:.3f} | {r['arcs']:.2f} | "
              f"{r['build']:.2f} | {fmt_s(r['naive'], r['est'])} | "
              f"{r['naive'] / r['build']:.0f}× | {r['size'] / 1e6:.2f} | "
              f"{r['naive_size'] / 1e6:.1f}{'*' if r['est'] else ''} | "
              f"{r['naive_size'] / r['size']:.0f}× | {r['rerun']:.3f} | "
              f"{'—' if b is None else f'{b:.0f}'}"
              f"{'' if nb is None else f' ({nb:.0f})'} |")
    print("\n* extrapolated from the 25k naive run (per link and city): the naive build "
          "would take minutes.")
    for r in rows:
        if "app_filter" in r:
            print(f"\nApp (AppTest, {r['label']}, caches warm): filter change rerun "
                  f"{r['app_filter']:.3f} s, city selection rerun {r['app_select']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
