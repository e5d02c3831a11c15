"""Contributions benchmark: a flood of suggestions, and a public page's work beside it.

Inserts ``--n`` suggestions (default 10,000) from ``--threads`` threads, each as its own
visitor (distinct session and address, so no rate limit stops them), into a fresh SQLite
file (or ``--db URL``), checks that every one was stored, and times what a public page
does — load the shipped dataset's partners of a city and filter the world map's links
(``query.filters`` / ``query.partners``) — before the flood (the baseline, in the same run)
and while it runs. Public pages read no contributions database (accepted contributions
reach them as the ``sources/contributed/`` layer), so what the flood can take from them is
CPU time only.

    python bench/bench_contrib.py [--n 10000] [--threads 8] [--db URL] [--via both] [DIR]

``--via process`` stores each suggestion in the flooding thread (what the app did first),
``--via worker`` through the app's worker process (``app.offload``, lane "contributions":
what the suggestion form does now); ``both`` (default) runs one flood of each, each on a
fresh database, against the same baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from sistermap.app import offload  # noqa: E402
from sistermap.contrib import db, submit  # noqa: E402
from sistermap.query import filters, partners  # noqa: E402
from sistermap.store import dataset  # noqa: E402

SUGGESTION = submit.Suggestion(
    action="new",
    city_a=submit.CityRef("gn:2652221", "Coventry", "GB", 52.4066, -1.5122),
    city_b=submit.CityRef("gn:2935022", "Dresden", "DE", 51.0509, 13.7383),
    established="1959", evidence_kind="press_report", evidence_url="https://example.org/x",
    note="bench")


def public_page(ds) -> None:
    """What the city page and the map page compute for every visitor."""
    f = filters.APP_DEFAULT
    filters.apply(ds.partnerships, ds.cities, f)
    partners.partners(ds.partnerships, ds.cities, "gn:2652221", f)


def timings(ds, limit: int) -> list[float]:
    out = []
    while len(out) < limit:
        t = time.perf_counter()
        public_page(ds)
        out.append(time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(ROOT / "data"))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--db", default=None)
    parser.add_argument("--via", choices=["process", "worker", "both"], default="both")
    args = parser.parse_args(argv)
    ds = dataset.load(args.dir)
    public_page(ds)  # warm-up
    base = timings(ds, 30)
    print(f"public page (partners of Coventry under the default filters), median of "
          f"{len(base)} runs before any flood: {statistics.median(base) * 1000:.1f} ms")
    ok = True
    for via in (["process", "worker"] if args.via == "both" else [args.via]):
        ok &= flood_once(ds, args, via)
    return 0 if ok else 1


def flood_once(ds, args, via: str) -> bool:
    """One flood of ``args.n`` suggestions stored ``via`` the thread or the worker."""
    tmp = tempfile.TemporaryDirectory()
    url = (args.db if args.db and via == "process" else
           args.db or f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}")
    store = db.open_db(url)
    if via == "worker":
        offload.run(submit.submit_to, url, SUGGESTION, "warm", "10.255.0.1",
                    lane="contributions")  # the worker started and the database opened
    per = args.n // args.threads
    errors: list[BaseException] = []

    def one(t: int, i: int) -> None:
        sid, address = f"bench-{via}-{t}-{i}", f"10.{t}.{i // 250}.{i % 250}"
        if via == "worker":
            offload.run(submit.submit_to, url, SUGGESTION, sid, address, lane="contributions")
        else:
            submit.submit(store, SUGGESTION, sid, address)

    def flood(t: int) -> None:
        try:
            for i in range(per):
                one(t, i)
        except BaseException as exc:  # noqa: BLE001 - counted below
            errors.append(exc)

    pool = [threading.Thread(target=flood, args=(t,)) for t in range(args.threads)]
    start = time.perf_counter()
    for th in pool:
        th.start()
    during = []
    while any(th.is_alive() for th in pool):
        during += timings(ds, 1)
    for th in pool:
        th.join()
    elapsed = time.perf_counter() - start
    with store.transaction() as s:
        stored = s.scalar(select(func.count()).select_from(db.Submission))
    stored -= 1 if via == "worker" else 0  # the warm-up
    print(f"via {via}: database {store.engine.dialect.name}; {args.threads} threads x {per} "
          f"suggestions; stored {stored} of {per * args.threads} in {elapsed:.1f} s "
          f"({stored / elapsed:.0f}/s); errors: {len(errors)}; public page median of "
          f"{len(during)} runs during the flood: {statistics.median(during) * 1000:.1f} ms")
    db.close_db(url)
    tmp.cleanup()
    return stored == per * args.threads and not errors


if __name__ == "__main__":
    raise SystemExit(main())
