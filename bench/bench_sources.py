"""Sources benchmark: figures for the shipped data, reviewed records and Wikidata layer.

Prints partnerships and cities per source and combined, the overlap between sources, and the
time to build the layer (``build-sources``), to load everything (``dataset.load``), to filter
and to plan the world map (``plan.plan``) for the default view (reviewed only) and for all
known links. Median of ``--repeat`` runs, after one warm-up run (imports, caches).

    python bench/bench_sources.py [--repeat 5] [DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sistermap import sources  # noqa: E402
from sistermap.curation import wikidata_layer
from sistermap.query import filters, provenance
from sistermap.store import dataset
from sistermap.webmap import elements, plan


def median_time(fn, repeat: int) -> tuple[object, float]:
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(ROOT / "data"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    root = Path(args.dir)

    layer, t_build = median_time(lambda: wikidata_layer.build_wikidata(root),
                                 max(1, args.repeat // 2))
    ds, t_load = median_time(lambda: dataset.load(root), args.repeat)
    reviewed_only, t_reviewed = median_time(
        lambda: dataset.from_rows(*dataset.read_tables(root)[:2], root=root), args.repeat)
    p = ds.partnerships
    o = provenance.overlap(p)

    print(f"dataset: {root}")
    print(f"combined: {len(p):,} partnerships between "
          f"{int(ds.cities['degree'].gt(0).sum()):,} cities")
    for key, n in o.get("by_source", {}).items():
        print(f"  {sources.SOURCES[key].mark:<10} {n['partnerships']:>7,} partnerships "
              f"{n['cities']:>6,} cities  ({n['only_this_source']:,} listed by it alone)")
    for line in provenance.overlap_lines(o)[2 + len(o.get("by_source", {})):]:
        print(line)
    print(f"  Wikidata cities matched to reviewed cities: {len(layer.matches):,} "
          f"(method: {', '.join(sorted(set(layer.matches['method'])))})")

    print(f"\ntimes (median of {args.repeat} runs)")
    print(f"  build-sources (match + restate the layer)   {t_build * 1000:8.0f} ms")
    print(f"  dataset.load, reviewed records only          {t_reviewed * 1000:8.0f} ms")
    print(f"  dataset.load, everything shipped             {t_load * 1000:8.0f} ms")
    views = {"default view (reviewed only, active/unknown)": filters.APP_DEFAULT,
             "all known (active/unknown)": replace(filters.APP_DEFAULT, sources=())}
    for label, f in views.items():
        chosen, t_filter = median_time(lambda f=f: filters.apply(p, ds.cities, f), args.repeat)
        # the plan caches per table object: plan a fresh copy each time (kept alive so that
        # no copy reuses an id), as the app does for a new filter value.
        copies = [chosen.copy() for _ in range(args.repeat + 1)]
        spec, t_plan = median_time(lambda c=copies: plan.plan(c.pop(), ds.cities),
                                   args.repeat)
        html = elements.assemble(spec).get_root().render()
        print(f"  {label}: {len(chosen):,} links")
        print(f"    filters.apply {t_filter * 1000:6.0f} ms   plan.plan "
              f"{t_plan * 1000:6.0f} ms   map HTML {len(html) / 1e6:.1f} MB")
    del reviewed_only
    return 0


if __name__ == "__main__":
    sys.exit(main())
