"""Benchmark the offline geocoder on a real Wikidata sister-city list (issue 4, item 6).

    python bench/bench_geocode.py [TSV]

Default input: ../shared/data/dev/wikidata-sistercities-6-countries.tsv (not part of the
repo). Two passes, reported side by side:

* name + country only: the list's own coordinates are used only to score the answers;
* with the list's coordinates as evidence (what the import does with such a list): a place
  is resolved to a same-named gazetteer place within 25 km of them, or placed at the list's
  own coordinates ("list_coordinates"). Those are 0 km off by construction, so their count
  is shown and the within-25-km share is also given for gazetteer matches alone (which,
  with coordinates, are accepted only within 25 km: that share is 100% by construction
  too; the name + country figures are the ones that measure the geocoder).

Measures cold time (fresh cache dir, so the gazetteer index is built), warm time (index
from the disk cache), resolution rates, distance errors, the worst failure categories, and
a naive linear-scan baseline timed on a sample in the same run.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sistermap.geo import haversine_km
from sistermap.names import match_key as fold  # noqa: E402
from sistermap.places import gazetteer  # noqa: E402
from sistermap.places.geocode import Geocoder, Match  # noqa: E402
from sistermap.regions import country_code  # noqa: E402

DEFAULT_TSV = ROOT.parent / "shared" / "data" / "dev" / "wikidata-sistercities-6-countries.tsv"
WITHIN_KM = 25.0
BASELINE_SAMPLE = 40


def read_places(path: Path) -> tuple[int, dict[tuple[str, str], tuple[float, float]]]:
    """Pairs count and distinct (name, country) -> true (lat, lon) from both sides."""
    places: dict[tuple[str, str], tuple[float, float]] = {}
    pairs = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            pairs += 1
            for name, cc, la, lo in (
                ("origincityLabel", "origincountry", "originlat", "originlong"),
                ("sistercityLabel", "destination_countryLabel", "destinationlat",
                 "destinationlong"),
            ):
                try:
                    places.setdefault((row[name], row[cc]), (float(row[la]), float(row[lo])))
                except (TypeError, ValueError):
                    continue
    return pairs, places


def timed_run(cache_dir: Path, queries: list[tuple[str, str]],
              coords: dict | None = None) -> tuple[float, list[Match]]:
    """Load the gazetteer from cache_dir (building it if absent) and resolve everything.

    With ``coords`` ((name, country) -> (lat, lon)) each query carries the list's position.
    """
    gazetteer._LOADED.clear()
    start = time.perf_counter()
    geo = Geocoder(gazetteer.load(cache_dir))
    if coords is None:
        matches = geo.resolve_many(queries)
    else:
        matches = [geo.resolve(n, c, None, *coords[(n, c)]) for n, c in queries]
    return time.perf_counter() - start, matches


def naive_baseline(queries: list[tuple[str, str]]) -> float:
    """Seconds per query for a linear scan over every gazetteer entry (primary + alternates).

    The folded names are precomputed (not timed) so that only the per-query scan is measured.
    """
    gz = gazetteer.load()
    d = gz._d
    folded = [(fold(n), cc, alts) for n, cc, alts in zip(d["name"], d["cc"], d["alts"])]
    sample = random.Random(4).sample(queries, min(BASELINE_SAMPLE, len(queries)))
    start = time.perf_counter()
    for name, country in sample:
        key, cc = fold(name), country_code(country)
        best = None
        for row, (primary, row_cc, alts) in enumerate(folded):
            if row_cc != cc:
                continue
            if primary == key or (alts and key in (fold(a) for a in alts.split("\x1f"))):
                best = row
                break
        del best
    return (time.perf_counter() - start) / len(sample)


def categorise(m: Match, err: float | None) -> str:
    """A short failure label for grouping."""
    if m.status != "resolved":
        head = m.reason.split(";")[0]
        if "near misses" in m.reason:
            return f"{m.status}: near misses only"
        if "exists in" in m.reason:
            return f"{m.status}: name only in another country"
        if "similar populations" in head:
            return f"{m.status}: homonyms, similar populations"
        return f"{m.status}: not in gazetteer"
    return f"resolved > {WITHIN_KM:.0f} km (method {m.method})"


def score(queries, truth, matches) -> tuple[dict, dict]:
    """Figures for one pass, and its failures grouped by category."""
    status = Counter(m.status for m in matches)
    errors, gz_errors, fails = [], [], defaultdict(list)
    for (name, country), m in zip(queries, matches):
        err = None
        if m.place is not None:
            err = haversine_km(*truth[(name, country)], m.place.lat, m.place.lon)
            errors.append(err)
            if m.method != "list_coordinates":
                gz_errors.append(err)
        if m.status != "resolved" or (err is not None and err > WITHIN_KM):
            fails[categorise(m, err)].append((name, country, m, err))
    n = len(queries)
    within = sum(e <= WITHIN_KM for e in errors)
    gz_within = sum(e <= WITHIN_KM for e in gz_errors)
    methods = Counter(m.method for m in matches)
    second = [e for (q, m), e in zip(((q, m) for q, m in zip(queries, matches)
                                      if m.place is not None), errors)
              if m.method in ("admin_area", "second_gazetteer", "district_of")]
    return {
        "added by areas, districts, 2nd gazetteer":
            f"{len(second):,} ({len(second) / n:.2%}), "
            f"{sum(e <= WITHIN_KM for e in second) / max(1, len(second)):.0%} within "
            f"{WITHIN_KM:.0f} km",
        "resolved": f"{status['resolved'] / n:.2%} ({status['resolved']:,})",
        "ambiguous": f"{status['ambiguous'] / n:.2%} ({status['ambiguous']:,})",
        "unresolved": f"{status['unresolved'] / n:.2%} ({status['unresolved']:,})",
        "placed at list coordinates": f"{methods['list_coordinates']:,} "
                                      f"({methods['list_coordinates'] / n:.2%}, 0 km by "
                                      "construction)",
        f"resolved within {WITHIN_KM:.0f} km": f"{within / max(1, len(errors)):.2%}",
        f"gazetteer matches within {WITHIN_KM:.0f} km":
            f"{gz_within / max(1, len(gz_errors)):.2%} of {len(gz_errors):,}",
        "median error of resolved": f"{statistics.median(errors) if errors else 0:.2f} km",
        "methods": ", ".join(f"{k} {v}" for k, v in methods.most_common()),
    }, fails


_BASELINE_SNIPPET = """
import csv, json, sys
from sistermap.geo import haversine_km
from sistermap.places.geocode import Geocoder
truth = {}
with open(sys.argv[1], encoding="utf-8-sig", newline="") as fh:
    for row in csv.DictReader(fh, delimiter="\\t"):
        for n, c, la, lo in (("origincityLabel", "origincountry", "originlat", "originlong"),
                             ("sistercityLabel", "destination_countryLabel", "destinationlat",
                              "destinationlong")):
            try:
                truth.setdefault((row[n], row[c]), (float(row[la]), float(row[lo])))
            except (TypeError, ValueError):
                pass
geo = Geocoder()
ok = near = 0
for (n, c), (la, lo) in truth.items():
    m = geo.resolve(n, c)
    if m.status == "resolved" and m.place is not None:
        ok += 1
        near += haversine_km(la, lo, m.place.lat, m.place.lon) <= 25
print(json.dumps({"distinct": len(truth), "resolved": ok, "within": near}))
"""


def baseline(path: Path) -> dict | None:
    """Names-only figures of today's code path (where this branch left main), same input."""
    from bench.bench_import import baseline_tree, run_with

    with tempfile.TemporaryDirectory(prefix="sistermap-baseline-") as tmp:
        tree = baseline_tree(Path(tmp))
        return None if tree is None else run_with(tree, _BASELINE_SNIPPET, str(path))


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_TSV
    if not path.exists():
        print(f"bench_geocode: {path} not found; nothing to measure (the dev list lives in "
              "shared/data/dev/, outside the repo).")
        return 0
    pairs, truth = read_places(path)
    queries = list(truth)
    with tempfile.TemporaryDirectory(prefix="sistermap-bench-") as tmp:
        cold, _ = timed_run(Path(tmp), queries)
        warm, matches = timed_run(Path(tmp), queries)
        warm_xy, matches_xy = timed_run(Path(tmp), queries, truth)
    per_query = naive_baseline(queries)
    naive_total = per_query * len(queries)
    n = len(queries)
    by_name, fails = score(queries, truth, matches)
    by_xy, fails_xy = score(queries, truth, matches_xy)
    rows = [
        ("pairs read", f"{pairs:,}", ""),
        ("distinct places (name, country)", f"{n:,}", ""),
        ("cold: build index + geocode all", f"{cold:.1f} s", ""),
        ("warm: cached index + geocode all", f"{warm:.1f} s", f"{warm_xy:.1f} s"),
        ("naive linear scan, extrapolated", f"{naive_total:.0f} s "
         f"({per_query * 1000:.0f} ms/query x {n:,})", ""),
        ("speed-up of warm run over naive", f"{naive_total / warm:.0f}x", ""),
        *((k, v, by_xy[k]) for k, v in by_name.items()),
    ]
    width = max(len(k) for k, _, _ in rows)
    w2 = max(len(v) for _, v, _ in rows if len(v) < 60)
    print(f"\nGeocoding benchmark: {path.name}\n")
    print(f"| {'measure':<{width}} | {'name + country only':<{w2}} | with list coordinates")
    print(f"|-{'-' * width}-|-{'-' * w2}-|----------------------")
    for k, v, v2 in rows:
        if k == "methods":
            print(f"\nmethods, name + country only: {v}\nmethods, with list coordinates: {v2}")
            continue
        print(f"| {k:<{width}} | {v:<{w2}} | {v2}")
    base = baseline(path)
    if base:
        print(f"\nbaseline (today's code path, name + country only): "
              f"{base['resolved'] / base['distinct']:.2%} of {base['distinct']:,} resolved, "
              f"{base['within'] / max(1, base['resolved']):.2%} of them within "
              f"{WITHIN_KM:.0f} km")
    for label, groups in (("name + country only", fails), ("with list coordinates", fails_xy)):
        print(f"\nWorst failure categories, {label} (count, examples):")
        for cat, items in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:8]:
            print(f"  {len(items):5d}  {cat}")
            for name, country, m, err in items[:4]:
                got = f" -> {m.place.name} {err:.0f} km off" if m.place else ""
                print(f"         {name!r} [{country}]{got}  {m.reason[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
