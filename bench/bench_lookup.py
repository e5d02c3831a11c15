"""Finding a city and spelling its link, and what a rerun with a city selected costs.

    python bench/bench_lookup.py [--repeat 5]

Prints, for the shipped data: the first ``permalink`` call (it builds the slug index), a
``permalink`` and a ``find_city`` after that, and the median time of a rerun of the map page
and of the city page with ``?city=coventry`` (Streamlit's AppTest, warm caches). Figures, not
asserts: run it on two checkouts to compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

try:  # the package's layout before and after the split into concept folders
    from sistermap.query import lookup  # noqa: E402
    from sistermap.store import dataset  # noqa: E402
except ImportError:  # pragma: no cover - an older checkout, for a same-run baseline
    from sistermap import dataset, lookup  # type: ignore[no-redef]  # noqa: E402

QUERIES = ("Coventry", "Stalingrad", "cambridge-gb", "Frankfurt", "Krakow", "Saint Paul")


def per_call(fn, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - started) / n


def rerun(page: str, repeat: int) -> float:
    """Median seconds of a rerun of ``page`` with Coventry selected (after one warm-up run)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["city"] = "coventry"
    at.run()
    at.switch_page(page).run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    assert not at.exception, at.exception
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cities = dataset.load().cities
    first = per_call(lambda: lookup.permalink(cities, cities.index[0]), 1)
    ids = list(cities.index)
    link = per_call(lambda: [lookup.permalink(cities, c) for c in ids[:50]], 3) / 50
    find = per_call(lambda: [lookup.find_city(cities, q) for q in QUERIES], 3) / len(QUERIES)
    print(f"cities: {len(cities)}")
    print(f"permalink, first call: {first * 1e3:.1f} ms")
    print(f"permalink: {link * 1e3:.3f} ms")
    print(f"find_city: {find * 1e3:.3f} ms")
    print(f"rerun, map page with a city selected: {rerun('pages/map.py', args.repeat):.2f} s")
    print(f"rerun, city page: {rerun('pages/city.py', args.repeat):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
