"""Animation benchmark: time and size of the growth GIF and MP4 (the share panel's files).

On the shipped data: the reviewed partnerships of every status (what the tour and the
``animate`` command draw by default), one frame per year at 1280×720; then Japan only.
Figures, not asserts (the machine is shared): run it idle and under load.

    python bench/bench_animation.py [--out DIR]   # DIR keeps the files to look at
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sistermap.kit import animation
from sistermap.query import filters  # noqa: E402
from sistermap.query.filters import Filters  # noqa: E402
from sistermap.store import dataset


def bench(label: str, links, cities, out: Path | None) -> None:
    years = animation.years(links)
    print(f"{label}: {len(links):,} partnerships, {len(years)} frames "
          f"({years[0]}–{years[-1]}), {animation.SIZE[0]}×{animation.SIZE[1]}")
    started = time.perf_counter()
    n = sum(1 for _ in animation.frames(links, cities))
    took = time.perf_counter() - started
    print(f"  frames only   {took:6.2f} s  ({1000 * took / n:.0f} ms a frame)")
    for fmt in ("gif", "mp4"):
        started = time.perf_counter()
        data = animation.make(fmt, links, cities)
        print(f"  {fmt:<12}  {time.perf_counter() - started:6.2f} s  {len(data) / 1e6:6.2f} MB")
        if out is not None:
            (out / f"{label.lower().replace(' ', '-')}.{fmt}").write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="", help="keep the files in this directory")
    args = parser.parse_args()
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ds = dataset.load()
    animation.stillmaps._mpl()  # import matplotlib before timing (once per process)
    reviewed = filters.apply(ds.partnerships, ds.cities, Filters(sources=("reviewed",)))
    bench("World", reviewed, ds.cities, out)
    japan = filters.apply(ds.partnerships, ds.cities,
                          Filters(sources=("reviewed",), countries=("JP",)))
    bench("Japan", japan, ds.cities, out)


if __name__ == "__main__":
    main()
