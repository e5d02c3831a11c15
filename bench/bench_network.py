"""The network page's answers: how long each takes on the largest shipped dataset and at 25k.

    python bench/bench_network.py [--repeat 5] [--links 25000] [--exact]

For the shipped data with every source ("All known", the largest shipped view) and a
synthetic dataset of ``--links`` partnerships (``bench/synth.py``, seed 7), prints the time
of: building the graph; a chain (``network.chains``, every equal-length chain up to 50,
median over 20 seeded pairs of cities) beside one shortest path (networkx's
``shortest_path``, what ``graph.chain`` did: the baseline of the same run); the country
matrix; the partner finder (for the best-connected city and a median one); families
(components and seeded Louvain); betweenness as the app computes it (sampled above
``network.EXACT_BETWEENNESS_UP_TO`` cities) and, with ``--exact``, exactly (minutes).
Figures, not asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from bench.synth import write_synthetic  # noqa: E402
from sistermap.query import finder, graph, matrix, network  # noqa: E402
from sistermap.store import dataset  # noqa: E402

WORK = Path("/tmp/sistermap-bench")


def timed(fn, repeat: int = 1) -> tuple[float, float]:
    """Median (wall-clock, CPU) seconds of ``repeat`` calls. The CPU time of this process
    is the steadier figure on a shared machine, where waiting for a core inflates the
    wall-clock time."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))


def measure(label: str, ds: dataset.Dataset, repeat: int, exact: bool) -> None:
    p, cities = ds.partnerships, ds.cities
    t_graph = timed(lambda: graph.build(p), repeat)
    g = graph.build(p)
    print(f"\n{label}: {len(p):,} partnerships, {g.number_of_nodes():,} cities in the "
          f"network (load average {os.getloadavg()[0]:.1f})")
    rng = random.Random(19)
    nodes = sorted(g.nodes)
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(20)]
    chain_t = median_of([timed(lambda a=a, b=b: network.chains(g, a, b)) for a, b in pairs])

    def one_path(a: str, b: str) -> None:
        try:
            nx.shortest_path(g, a, b)
        except nx.NetworkXNoPath:
            pass
    base_t = median_of([timed(lambda a=a, b=b: one_path(a, b)) for a, b in pairs])
    path = next(q for q in (network.chain(g, a, b) for a, b in pairs) if len(q) > 2)
    profiles = finder.focus_profiles(p)
    degree = sorted(nodes, key=g.degree)
    hub, middle = degree[-1], degree[len(degree) // 2]
    rows = [
        ("graph (once per dataset and filters)", t_graph),
        ("chain: every shortest chain, up to 50 (median of 20 pairs)", chain_t),
        ("  baseline: one shortest path (networkx, the old graph.chain)", base_t),
        ("hops of a chain (years, status, sources)",
         timed(lambda: network.hops(g, p, path), repeat)),
        ("country matrix (pairs)", timed(lambda: matrix.pairs(p, "country"), repeat)),
        ("continent matrix (pairs)", timed(lambda: matrix.pairs(p, "continent"), repeat)),
        (f"partner finder: {cities.at[hub, 'name']} ({g.degree(hub)} partners)",
         timed(lambda: finder.suggest(p, p, cities, hub, g=g, profiles=profiles), repeat)),
        (f"partner finder: {cities.at[middle, 'name']} ({g.degree(middle)} partners)",
         timed(lambda: finder.suggest(p, p, cities, middle, g=g, profiles=profiles),
               repeat)),
        ("  focus profiles (once per dataset and filters)",
         timed(lambda: finder.focus_profiles(p), repeat)),
        ("families: components", timed(lambda: network.components(g), repeat)),
        ("families: communities (Louvain, seeded)", timed(lambda: network.communities(g))),
    ]
    between: list[network.Betweenness] = []
    t_between = timed(lambda: between.append(network.betweenness(g)))
    how = (f"sampled, {between[0].sampled} sources" if between[0].sampled else "exact")
    rows.append((f"betweenness as the app computes it ({how})", t_between))
    if exact and between[0].sampled:
        rows.append(("betweenness, exact", timed(
            lambda: network.betweenness(g, exact_up_to=10**9))))
    rows.append(("through time (measures in 1960, 1990 and the last year)", timed(
        lambda: network.through_time(p, cities, network.milestone_years(p)))))
    print(f"  {'':<64} {'wall':>10}    {'CPU':>10}")
    for name, (wall, cpu) in rows:
        print(f"  {name:<64} {wall * 1000:>10.2f} ms {cpu * 1000:>10.2f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--links", type=int, default=25_000)
    ap.add_argument("--exact", action="store_true", help="also exact betweenness (minutes)")
    args = ap.parse_args(argv)
    shipped = dataset.load(dataset.DEFAULT_DIR, strict=False)
    measure("shipped data, every source (All known)", shipped, args.repeat, args.exact)
    synth = dataset.load(write_synthetic(args.links, WORK / f"synth-{args.links}"))
    measure(f"synthetic {args.links:,}", synth, args.repeat, args.exact)
    return 0


if __name__ == "__main__":
    sys.exit(main())
