"""Static site benchmark: a full ``publish`` of the largest shipped dataset, then a second
publish with nothing changed, and the sizes of what it wrote.

The largest dataset that ships is ``data/`` with its Wikidata layer (every source: the
reviewed records and the layer, ~10,800 partnerships, ~5,500 cities). The baseline, in the
same run: the one-file world map ``python -m sistermap render`` writes (the same map, with
Leaflet and the data inside). Figures, not asserts (the machine is shared).

    python bench/bench_publish.py [--data DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sistermap.publish import build, write  # noqa: E402
from sistermap.query.filters import Filters  # noqa: E402
from sistermap.store import dataset  # noqa: E402
from sistermap.webmap.standalone import render_html  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=None)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="sm-site-")) / "site"

    started = time.perf_counter()
    ds = dataset.load(args.data, strict=False)
    load_s = time.perf_counter() - started
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"dataset: {len(ds.partnerships):,} partnerships, {len(ds.cities):,} cities "
          f"(load {load_s:.1f} s)")

    started = time.perf_counter()
    html, links, _cities = render_html(ds.partnerships, ds.cities, Filters())
    print(f"baseline, the one-file world map (render): {time.perf_counter() - started:.1f} s, "
          f"{len(html.encode()) / 1e6:.2f} MB")

    started, cpu = time.perf_counter(), time.process_time()
    site = build.build(ds.partnerships, ds.cities)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    done = write.write_site(site.files, out)
    write_s = time.perf_counter() - started
    print(f"full publish: {time.process_time() - cpu:.0f} s of CPU; wall: build {build_s:.1f} s"
          f" + write (the spreadsheet made here) {write_s:.1f} s = "
          f"{build_s + write_s:.1f} s ({(build_s + write_s) / max(site.cities, 1) * 1e3:.0f} ms "
          f"a city); {site.pages:,} pages ({site.cities:,} city pages and as many maps), "
          f"{len(site.files):,} files, {done.size / 1e6:.1f} MB")

    def size(path: str) -> float:
        return (out / path).stat().st_size / 1e3

    city_pages = [p.stat().st_size / 1e3 for p in (out / "city").glob("*.html")]
    map_pages = [p.stat().st_size / 1e3 for p in (out / "embed").glob("*.html")]
    print(f"  shared: data/links.js {size(build.LINKS):.0f} kB, data/basemap.js "
          f"{size(build.BASEMAP):.0f} kB, assets/sistermap.js {size(build.MAP_SCRIPT):.0f} kB, "
          f"data/search.js {size('data/search.js'):.0f} kB")
    print(f"  a city page: median {statistics.median(city_pages):.1f} kB, largest "
          f"{max(city_pages):.1f} kB; a map page: median {statistics.median(map_pages):.1f} kB")
    print(f"  index.html {size('index.html'):.0f} kB, cities.html {size('cities.html'):.0f} kB")

    started, cpu = time.perf_counter(), time.process_time()
    again = write.write_site(build.build(ds.partnerships, ds.cities).files, out)
    print(f"second publish, nothing changed: {time.perf_counter() - started:.1f} s "
          f"({time.process_time() - cpu:.0f} s of CPU), "
          f"{len(again.written)} files written, {len(again.unchanged):,} unchanged")
    print(f"site in {out}")


if __name__ == "__main__":
    main()
