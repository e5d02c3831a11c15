"""Many readers at once: the live app on 1 and on 3 replicas behind HAProxy, and the static page.

Each simulated reader is a websocket client that speaks Streamlit's own protocol (the
``BackMsg``/``ForwardMsg`` protobufs shipped with Streamlit) on ``/_stcore/stream`` through
the load balancer, as a browser tab does: it asks for the page, then changes the Continent
filter (a rerun with the widget's new value) a few times, waiting a moment between changes.
Measured, per replica count and number of readers:

- sessions held: readers whose every filter change brought the updated map back within
  ``--change-timeout``;
- filter change -> updated map: from sending the rerun to receiving the map element (the
  streamlit-folium component, built for the new filter), p50 and p95;
- memory per session: the replicas' resident memory after the readers connected minus
  before, divided by the readers;
- losing a replica (``--kill``, on the largest replica count): mid-test one replica is killed;
  its readers see the websocket close, reconnect through the balancer (their cookie names the
  dead replica: HAProxy redispatches them) and ask again with their filter, as Streamlit's
  page does. Reported: readers cut, reconnected, time to the map again, and whether their map
  is the same as before the loss (the dataset files are hashed before and after too).

The ceiling: the same number of readers fetching the static page (``python -m sistermap
publish`` when it exists, else the standalone map of ``python -m sistermap render``) from
``python -m http.server``; a filter change there costs the server nothing (the page filters
in the browser), so its figure is the time to fetch the page.

    python bench/bench_load.py                        # 1 and 3 replicas, 10 and 20 readers
    python bench/bench_load.py --replicas 1,3 --sessions 10,20,40 --changes 3 --kill
    python bench/bench_load.py --time-limit 300       # stop starting new steps after 300 s

Bounded: readers per step, changes per reader and the wall time are flags; a step stops
waiting after ``--change-timeout`` per change.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from sistermap import deploy  # noqa: E402
from tests.deploy.cluster import Cluster, free_port, haproxy_available, wait_http  # noqa: E402

FILTER_LABEL = "Continent"
MAP_COMPONENT = "streamlit_folium"


def map_digest(json_args: str) -> str:
    """The map's content, without the random element ids Folium gives each build (so the
    same filter's map from two replicas compares equal)."""
    return hashlib.sha1(re.sub(r"[0-9a-f]{32}", "", json_args).encode()).hexdigest()


@dataclass
class Reader:
    """One simulated browser tab: its widget values are kept by the client, as a page does."""

    ws_url: str
    cookie: str = ""
    replica: str = ""
    page_hash: str = ""
    query: str = ""  # the page's URL query: the app writes the filters there
    filter_id: str = ""
    options: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)
    map_digest: str = ""
    first_map: float = 0.0
    changes: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)  # the whole rerun, for each change
    failed: str = ""
    ws: object = None
    last_run: float = 0.0

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"],
                                           additional_headers=headers, max_size=2 ** 28,
                                           open_timeout=30, ping_interval=None)
        for value in self.ws.response.headers.get_all("Set-Cookie"):
            if value.startswith(deploy.AFFINITY_COOKIE + "="):
                self.cookie = value.split(";")[0]
                self.replica = self.cookie.split("=", 1)[1]

    async def rerun(self, timeout: float) -> float:
        """Send a rerun with this reader's widget values; seconds until the map arrives
        (the script's end is awaited too, so the next change starts from a quiet session)."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        if self.filter_id:
            w = msg.rerun_script.widget_states.widgets.add()
            w.id = self.filter_id
            w.string_array_value.data.extend(self.value)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        took = None

        async def read() -> None:
            nonlocal took
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "page_info_changed":
                    self.query = fwd.page_info_changed.query_string
                elif kind == "new_session":
                    self.page_hash = fwd.new_session.page_script_hash
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    what = el.WhichOneof("type")
                    if what == "multiselect" and el.multiselect.label == FILTER_LABEL:
                        self.filter_id = el.multiselect.id
                        self.options = list(el.multiselect.options)
                    elif (what == "component_instance"
                          and MAP_COMPONENT in el.component_instance.component_name):
                        took = time.perf_counter() - t0
                        self.map_digest = map_digest(el.component_instance.json_args)
                elif kind == "script_finished":
                    return

        await asyncio.wait_for(read(), timeout)
        if took is None:
            raise RuntimeError("the script finished without a map")
        self.last_run = time.perf_counter() - t0
        return took


async def run_reader(r: Reader, changes: int, think: float, timeout: float,
                     killed: asyncio.Event | None, log: dict) -> None:
    """Open the page, then change the filter ``changes`` times; reconnect if cut off."""
    rng = random.Random(id(r))
    last_ok: tuple[list[str], str, str] = ([], "", "")  # filter, map, the page's URL query
    try:
        await r.connect()
        r.first_map = await r.rerun(timeout)
        last_ok = ([], r.map_digest, r.query)
        for _ in range(changes):
            await asyncio.sleep(think * (0.5 + rng.random()))
            r.value = [rng.choice(r.options)] if r.options else []
            t0 = time.perf_counter()
            try:
                r.changes.append(await r.rerun(timeout))
                r.finished.append(r.last_run)
                last_ok = (list(r.value), r.map_digest, r.query)
                continue
            except websockets.ConnectionClosed:
                if killed is None or not killed.is_set():
                    raise
            # Cut off by the lost replica: reconnect as the page does (the cookie names the
            # dead replica; HAProxy sends the reader to a live one) and rerun with the widget
            # values the page keeps. First the filter of the last map seen, which must give
            # the same map; then the change that was cut off, timed from the cut.
            log["cut"] += 1
            for _attempt in range(20):
                try:
                    await r.connect()
                    break
                except (OSError, websockets.InvalidHandshake):
                    await asyncio.sleep(0.5)
            # (A cut rerun may already have put its filter in the URL: the page shows the
            # address of its last map.)
            wanted, r.value, r.query = r.value, last_ok[0], last_ok[2]
            await r.rerun(timeout)
            log["same"] += int(r.map_digest == last_ok[1])
            r.value = wanted
            await r.rerun(timeout)
            took = time.perf_counter() - t0
            log["again"].append(took)
            r.changes.append(took)
        log["done"] += 1
        if "hold" in log:  # stay connected until the memory of all sessions is measured
            await log["hold"].wait()
    except Exception as e:  # a reader that fails is counted, not fatal to the bench
        r.failed = f"{type(e).__name__}: {e}"[:120]
    finally:
        if r.ws is not None:
            await r.ws.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def load_step(cluster: Cluster, sessions: int, args, kill: bool) -> dict:
    ws_url = cluster.url.replace("http://", "ws://") + deploy.STREAM_PATH
    readers = [Reader(ws_url) for _ in range(sessions)]
    killed = asyncio.Event() if kill else None
    log = {"cut": 0, "again": [], "same": 0, "done": 0}
    # Each replica draws the page once first (its data and caches loaded, as in service).
    for port in cluster.ports:
        warm = Reader(f"ws://127.0.0.1:{port}{deploy.STREAM_PATH}")
        await run_reader(warm, 0, 0, args.change_timeout, None, log)
    rss0 = sum(cluster.memory_kb())
    log["done"], log["hold"] = 0, asyncio.Event()
    tasks = []
    for r in readers:  # readers arrive over a second, not in one instant
        tasks.append(asyncio.create_task(
            run_reader(r, args.changes, args.think, args.change_timeout, killed, log)))
        await asyncio.sleep(1.0 / sessions)
    if kill:  # once every reader has its page, during the filter changes
        while any(not r.first_map and not r.failed for r in readers):
            await asyncio.sleep(0.05)
        await asyncio.sleep(args.think * 0.75)
        cluster.kill(0)
        killed.set()
    # Every session open and done: the replicas' memory now, then the readers leave.
    while log["done"] + sum(1 for r in readers if r.failed) < sessions:
        await asyncio.sleep(0.1)
    rss1 = sum(cluster.memory_kb())
    log["hold"].set()
    await asyncio.gather(*tasks)
    held = [r for r in readers if not r.failed and len(r.changes) == args.changes]
    changes = [c for r in held for c in r.changes]
    result = {
        "sessions": sessions, "held": len(held),
        "first_p50": pct([r.first_map for r in held], 0.5),
        "p50": pct(changes, 0.5), "p95": pct(changes, 0.95),
        "run_p95": pct([f for r in held for f in r.finished], 0.95),
        "mb_per_session": (rss1 - rss0) / 1024 / sessions,
        "replica_mb": rss0 / 1024 / len(cluster.ports),
        "replicas_used": sorted({r.replica for r in readers if r.replica}),
        "failures": sorted({r.failed for r in readers if r.failed})[:3],
    }
    if kill:
        result.update(cut=log["cut"], again_p50=pct(log["again"], 0.5),
                      again_max=max(log["again"], default=float("nan")), same=log["same"])
    return result


def static_page(out: Path, data: Path) -> tuple[Path, str]:
    """The static site (``publish``) if this checkout has it, else the standalone map."""
    python = sys.executable
    site = out / "site"
    done = subprocess.run([python, "-m", "sistermap", "publish", "--data", str(data),
                           "--out", str(site)], cwd=ROOT, capture_output=True)
    if done.returncode == 0 and (site / "index.html").is_file():
        return site, "index.html"
    site.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "sistermap", "render", "--data", str(data),
                    "--out", str(site / "map.html")], cwd=ROOT, check=True, capture_output=True)
    return site, "map.html"


def static_load(site: Path, page: str, sessions: int, fetches: int) -> dict:
    """``sessions`` readers each fetching the page ``fetches`` times, at once."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        wait_http(url, server, timeout=20)

        def one(_i: int) -> list[float]:
            times = []
            for _ in range(fetches):
                t0 = time.perf_counter()
                with urllib.request.urlopen(url, timeout=60) as r:
                    r.read()
                times.append(time.perf_counter() - t0)
            return times

        from concurrent.futures import ThreadPoolExecutor

        t0 = time.perf_counter()
        with ThreadPoolExecutor(sessions) as pool:
            times = [t for ts in pool.map(one, range(sessions)) for t in ts]
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    return {"sessions": sessions, "p50": pct(times, 0.5), "p95": pct(times, 0.95),
            "per_s": len(times) / wall, "bytes": (site / page).stat().st_size}


def data_digest(data: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(data.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(data)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--replicas", default="1,3", help="replica counts, e.g. 1,3")
    ap.add_argument("--sessions", default="10,20", help="readers per step, e.g. 10,20,40")
    ap.add_argument("--changes", type=int, default=3, help="filter changes per reader")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between changes (s)")
    ap.add_argument("--change-timeout", type=float, default=60.0)
    ap.add_argument("--time-limit", type=float, default=600.0,
                    help="no new step starts after this many seconds")
    ap.add_argument("--kill", action="store_true",
                    help="also: kill one replica mid-test (largest replica count and step)")
    ap.add_argument("--static-fetches", type=int, default=5, help="page fetches per reader")
    args = ap.parse_args()
    if not haproxy_available():
        print("haproxy is not installed (apt-get install haproxy): nothing measured")
        return 1
    counts = [int(x) for x in args.replicas.split(",")]
    steps = [int(x) for x in args.sessions.split(",")]
    start = time.time()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, data {args.data}", flush=True)
    print(f"# {args.changes} filter changes per reader, think {args.think} s", flush=True)
    print("replicas  readers  held  first-map p50  change p50  change p95  rerun p95  "
          "MB/session  MB/replica  used")
    digest0 = data_digest(args.data)
    results = {}
    for n in counts:
        cluster = Cluster(args.data, n)
        try:
            for s in steps:
                if time.time() - start > args.time_limit:
                    print(f"# time limit: step {n}x{s} not started")
                    continue
                res = asyncio.run(load_step(cluster, s, args, kill=False))
                results[(n, s)] = res
                print(f"{n:8d}  {s:7d}  {res['held']:4d}  {res['first_p50']:11.2f} s  "
                      f"{res['p50']:8.2f} s  {res['p95']:8.2f} s  {res['run_p95']:7.2f} s  "
                      f"{res['mb_per_session']:8.1f}  {res['replica_mb']:9.0f}"
                      f"  {','.join(res['replicas_used'])}  {' | '.join(res['failures'])}",
                      flush=True)
        finally:
            cluster.stop()
    if args.kill and counts and max(counts) > 1:
        n, s = max(counts), max(steps)
        cluster = Cluster(args.data, n)
        try:
            res = asyncio.run(load_step(cluster, s, args, kill=True))
            status = cluster.status()
        finally:
            cluster.stop()
        print(f"# kill app1 of {n} mid-test, {s} readers: {res['held']} held, {res['cut']} cut "
              f"off and reconnected, the map again in "
              f"p50 {res['again_p50']:.2f} s (max {res['again_max']:.2f} s), same map after "
              f"reconnecting: {res['same']}/{res['cut']}; HAProxy: {status}; change p95 "
              f"{res['p95']:.2f} s; failures: {res['failures']}", flush=True)
    print(f"# dataset unchanged by the test: {data_digest(args.data) == digest0}")
    tmp = Path(tempfile.mkdtemp(prefix="sistermap-static-"))
    try:
        site, page = static_page(tmp, args.data)
        for s in steps:
            res = static_load(site, page, s, args.static_fetches)
            live = results.get((1, s))
            ratio = f", {live['p95'] / res['p95']:.0f}x faster than 1 replica's change p95" \
                if live and res["p95"] else ""
            print(f"# static {page} ({res['bytes'] / 1e6:.1f} MB), {s} readers: fetch p50 "
                  f"{res['p50'] * 1000:.0f} ms, p95 {res['p95'] * 1000:.0f} ms, "
                  f"{res['per_s']:.0f} pages/s{ratio}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# wall time {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
