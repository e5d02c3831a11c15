"""Places placed by name on a names-only list of public shapes (issue 18, item 4).

    python bench/bench_places.py [--seed N] [--no-baseline] [--no-dev]

``--no-dev`` leaves the dev list out (the list is then the shipped snapshot alone, as on
a machine without ``../shared``).

The list is built by ``bench/names_list.py`` (the shipped Wikidata snapshot and, when
present, the dev list; countries written "England, United Kingdom", "Bavaria, Germany",
"Korea, Republic of"; councils, districts with their city in brackets, accents dropped,
"St." for "Saint"). Each place is geocoded by the name and country as written, nothing
else; the truth is used only to score:

* placed: the share of distinct places resolved;
* within 25 km: the share of the placed that lie within 25 km of the true point;
* outside the named country: the share of the placed filed in another country than the
  one the list names (a territory of it counts as inside; target at most 1%);
* unplaced by cause (``geocode.unplaced_cause``), and the figures by shape.

The same list is geocoded in the same run by *today's code path* (where this branch left
``main``, extracted with ``git archive``), so both columns come from one machine state.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import names_list  # noqa: E402
from sistermap import regions  # noqa: E402
from sistermap.geo import haversine_km  # noqa: E402
from sistermap.places.geocode import Geocoder, unplaced_cause  # noqa: E402

WITHIN_KM = 25.0

_SNIPPET = """
import csv, json, sys, time
from sistermap.places.geocode import Geocoder
geo = Geocoder()
geo.gazetteer
out = []
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8", newline="") as fh:
    for row in csv.DictReader(fh, delimiter="\\t"):
        m = geo.resolve(row["name"], row["country"])
        p = m.place if m.status == "resolved" else None
        out.append([m.status, m.reason, len(m.candidates), p and p.country, p and p.lat,
                    p and p.lon, m.method])
print(json.dumps({"seconds": time.perf_counter() - start, "results": out}))
"""


def run_current(path: Path) -> dict:
    """The same snippet with this branch's code, in this process."""
    import csv

    geo = Geocoder()
    geo.gazetteer  # noqa: B018 - load before timing, as the baseline does
    out = []
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = geo.resolve(row["name"], row["country"])
            p = m.place if m.status == "resolved" else None
            out.append([m.status, m.reason, len(m.candidates), p and p.country,
                        p and p.lat, p and p.lon, m.method])
    return {"seconds": time.perf_counter() - start, "results": out}


def run_baseline(path: Path) -> dict | None:
    """The snippet with the sistermap package where this branch left main."""
    from bench.bench_import import baseline_tree, run_with

    with tempfile.TemporaryDirectory(prefix="sistermap-baseline-") as tmp:
        tree = baseline_tree(Path(tmp))
        return None if tree is None else run_with(tree, _SNIPPET, str(path))


def _inside(got: str, named: str) -> bool:
    return got == named or got in regions.related_countries(named)


def score(rows: list[dict], run: dict) -> dict:
    """Figures of one run over the list."""
    n = len(rows)
    placed = within = outside = 0
    causes: Counter = Counter()
    by_shape: dict[str, list[int]] = {}
    outside_examples, cause_examples = [], {}
    for row, (status, reason, _n_cand, cc, lat, lon, method) in zip(rows, run["results"]):
        named = regions.country_code(row["country"]) or row["true_country"]
        shape = by_shape.setdefault(row["shape"].split("+")[0], [0, 0])
        shape[0] += 1
        if status == "resolved" and cc:
            placed += 1
            shape[1] += 1
            within += haversine_km(float(row["lat"]), float(row["lon"]), lat, lon) <= WITHIN_KM
            if not _inside(cc, named):
                outside += 1
                outside_examples.append(f"{row['name']!r} [{row['country']}] -> {cc} "
                                        f"({method})")
            continue
        cause = unplaced_cause(status, reason)
        causes[cause] += 1
        cause_examples.setdefault(cause, []).append(f"{row['name']!r} [{row['country']}]: "
                                                    f"{reason[:90]}")
    return {"n": n, "placed": placed, "within": within, "outside": outside,
            "seconds": run["seconds"], "causes": causes, "by_shape": by_shape,
            "outside_examples": outside_examples, "cause_examples": cause_examples}


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / max(1, b):.2f}%"


def main(argv: list[str]) -> int:
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 18
    started = time.perf_counter()
    rows, note = names_list.build(seed, None if "--no-dev" in argv else names_list.DEV_LIST)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="sistermap-places-") as tmp:
        path = Path(tmp) / "names_list.tsv"
        names_list.write(rows, path)
        now = score(rows, run_current(path))
        base_run = None if "--no-baseline" in argv else run_baseline(path)
    base = score(rows, base_run) if base_run else None
    print(f"\nPlaces by name: {len(rows):,} distinct places, seed {seed} ({note}; list built "
          f"in {built:.0f} s)\n")
    print("| measure | this branch | baseline (branch point with main) |")
    print("|---|---|---|")
    for label, fn in (
        ("distinct places placed", lambda s: f"{_pct(s['placed'], s['n'])} "
                                             f"({s['placed']:,} of {s['n']:,})"),
        (f"placed within {WITHIN_KM:.0f} km of the truth",
         lambda s: _pct(s["within"], s["placed"])),
        ("placed outside the named country", lambda s: f"{_pct(s['outside'], s['placed'])} "
                                                       f"({s['outside']})"),
        ("geocoding time (warm index)", lambda s: f"{s['seconds']:.1f} s"),
    ):
        print(f"| {label} | {fn(now)} | {fn(base) if base else 'not run'} |")
    print("\nPlaced by shape of the name (this branch | baseline):")
    for shape, (n, ok) in sorted(now["by_shape"].items(), key=lambda kv: -kv[1][0]):
        b = base["by_shape"].get(shape, [0, 0]) if base else [0, 0]
        print(f"  {shape:<22} {n:6,}  {_pct(ok, n):>8} | {_pct(b[1], b[0]) if base else '-':>8}")
    print("\nUnplaced by cause (this branch | baseline):")
    for cause in sorted(set(now["causes"]) | set(base["causes"] if base else ()),
                        key=lambda c: -now["causes"].get(c, 0)):
        then = base["causes"].get(cause, 0) if base else "-"
        print(f"  {now['causes'].get(cause, 0):6,} | {then:>6}  {cause}")
        for ex in now["cause_examples"].get(cause, [])[:4]:
            print(f"           {ex}")
    print(f"\nPlaced outside the named country (this branch, {now['outside']}):")
    for ex in now["outside_examples"][:15]:
        print(f"  {ex}")
    if "--json" in argv:
        print(json.dumps({k: v for k, v in now.items() if k != "cause_examples"}, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
