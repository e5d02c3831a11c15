"""How much one visitor's heavy work slows everyone else's pages, before and after offloading.

Streamlit runs every visitor's page in a thread of one process. This bench does the same:
a "page" thread repeats the work a filter change does on the shipped data (the filters, a
city's partners, the headline counts) while another visitor's heavy job runs

- in a thread of the same process (how the app made animations and images before), and
- through ``sistermap.app.offload`` (a low-priority worker process, as it does now),

and reports the page's median and 95th-percentile time against the same page with nothing
else running, measured in the same run.

    python bench/bench_heavy.py [--job animation|sheet|still] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("SISTERMAP_OFFLOAD", "1")

from sistermap.app import offload  # noqa: E402
from sistermap.kit import animation, sheets, stillmaps  # noqa: E402
from sistermap.query import filters, partners, stats  # noqa: E402
from sistermap.store import dataset  # noqa: E402

COVENTRY = "gn:2652221"


def page(data) -> None:
    """What a filter change computes before the map is sent (the map itself is cached)."""
    f = filters.Filters(continents=("Europe",), statuses=("active", "unknown"))
    chosen = filters.apply(data.partnerships, data.cities, f)
    stats.summary(chosen)
    stats.top_cities(chosen, data.cities, n=8)
    partners.partners(data.partnerships, data.cities, COVENTRY, f)


def job(kind: str, data):
    """The heavy job: a module-level function and its arguments (offload needs both)."""
    p, c = data.partnerships, data.cities
    if kind == "animation":
        return animation.make, ("gif", p, c, animation.AnimationOptions())
    if kind == "sheet":
        info = sheets.SheetInfo(link="https://example.org/city?city=coventry", credit="bench")
        return sheets.city_sheet, (p, c, COVENTRY, info)
    return stillmaps.render, (p, c, "", stillmaps.StillOptions(size="slide"))


def pages_while(data, seconds: float, busy: threading.Event | None = None) -> list[float]:
    """Page times (ms) for ``seconds``, or while ``busy`` is set."""
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end and (busy is None or busy.is_set()):
        t = time.perf_counter()
        page(data)
        times.append((time.perf_counter() - t) * 1000)
    return times


def with_heavy(data, kind: str, seconds: float, offloaded: bool) -> tuple[list[float], float]:
    """Page times while the heavy job repeats for ``seconds``; and the job's mean time (s)."""
    fn, args = job(kind, data)
    busy, runs = threading.Event(), []
    busy.set()

    def heavy() -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t = time.perf_counter()
            offload.run(fn, *args) if offloaded else fn(*args)
            runs.append(time.perf_counter() - t)
        busy.clear()

    worker = threading.Thread(target=heavy)
    worker.start()
    time.sleep(0.5)  # the job under way
    times = pages_while(data, seconds * 10, busy)
    worker.join()
    return times, statistics.mean(runs)


def row(name: str, times: list[float], base: float) -> str:
    med = statistics.median(times)
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    return (f"{name:38s} {med:8.1f} ms {p95:8.1f} ms {med / base:6.2f}×  "
            f"({len(times)} pages)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--job", choices=["animation", "sheet", "still"], default="animation")
    ap.add_argument("--seconds", type=float, default=20.0)
    a = ap.parse_args(argv)
    data = dataset.load(ROOT / "data")
    page(data)  # warm
    offload.run(os.getpid)  # the worker started before measuring
    idle = pages_while(data, a.seconds / 2)
    base = statistics.median(idle)
    in_thread, t_thread = with_heavy(data, a.job, a.seconds, offloaded=False)
    idle_again = pages_while(data, a.seconds / 2)
    offloaded, t_off = with_heavy(data, a.job, a.seconds, offloaded=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; shipped data, {len(data.partnerships):,} links; "
          f"heavy job: {a.job}")
    print(f"{'':38s} {'median':>11s} {'p95':>11s} {'factor':>7s}")
    print(row("page, nothing else running", idle, base))
    print(row(f"page, {a.job} in the same process", in_thread, base))
    print(row(f"page, {a.job} offloaded (worker, nice)", offloaded, base))
    print(row("page, nothing else running (again)", idle_again, base))
    print(f"{a.job}: {t_thread:.1f} s each in a thread, {t_off:.1f} s offloaded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
