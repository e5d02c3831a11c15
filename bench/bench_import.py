"""Benchmark the whole import (issue 4, item 6) on a real list, cold and warm.

    python bench/bench_import.py [TSV] [--json]

Input: ../shared/data/dev/wikidata-sistercities-6-countries.tsv (13,081 pairs; not part of
the repo: when it is absent the benchmark says so and exits 0). Two inputs are timed:

* the list as it is (13,081 rows), and
* the list doubled with origins and destinations swapped (26,162 rows), the size the issue
  targets; every swapped row is a duplicate that the import must fold (A–B = B–A).

Each run is a fresh ``python -m sistermap import``-equivalent child process, timed by stage
(read, geocode, build, write) and end to end including interpreter start-up:
*cold* with an empty gazetteer cache directory (the index is built from cities500.json),
*warm* with the cache on disk. Targets: cold <= 30 s, warm <= 10 s.

Then, in this process: the share of distinct places resolved and, for the resolved, the
share within 25 km of the list's own coordinates, both with the list's coordinates as
evidence (what the import does) and by name + country only (what a list without
coordinates gets); and a naive baseline on a sample (row by row, both sides, a fresh
geocoder per query so nothing is memoised), extrapolated to the doubled list.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_TSV = ROOT.parent / "shared" / "data" / "dev" / "wikidata-sistercities-6-countries.tsv"
WITHIN_KM = 25.0
BASELINE_SAMPLE = 150
SWAP = {"origincityLabel": "sistercityLabel", "origincountry": "destination_countryLabel",
        "originlat": "destinationlat", "originlong": "destinationlong",
        "originpopulation": "destinationpopulation"}


def doubled(src: Path, dst: Path) -> int:
    """The list plus every row with its two sides swapped; returns the row count."""
    with src.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        header = list(reader.fieldnames or [])
        rows = list(reader)
    swap = {**SWAP, **{v: k for k, v in SWAP.items()}}
    with dst.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        writer.writerows({k: row.get(swap.get(k, k), "") for k in header} for row in rows)
    return 2 * len(rows)


def child(path: str, out: str) -> None:
    """One import, as the command runs it, printing stage timings as JSON."""
    t0 = time.perf_counter()
    from sistermap.importers import pipeline

    result = pipeline.import_paths([path], pipeline.ImportOptions())
    t1 = time.perf_counter()
    pipeline.write_outputs(out, result)
    write = time.perf_counter() - t1
    r = result.report
    print(json.dumps({
        **r["timings_s"], "write": round(write, 3), "in_process": round(time.perf_counter()
                                                                        - t0, 3),
        "rows": r["rows_read"], "imported": r["partnerships_imported"],
        "duplicates": r["duplicates_merged"], "rejected": r["rows_rejected"],
        "places": r["places"],
    }))


def run_child(path: Path, out: Path, cache: Path) -> dict:
    env = {**os.environ, "SISTERMAP_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", str(path), str(out)],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-2000:]}")
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    stats["wall"] = round(wall, 2)
    return stats


def accuracy(path: Path) -> dict:
    """Resolved share and distance to the list's coordinates, with and without them."""
    from sistermap.geo import haversine_km
    from sistermap.importers import pipeline
    from sistermap.places.geocode import Geocoder

    files = [(str(path), path.read_bytes())]
    opts = pipeline.ImportOptions()
    records = [r for res in pipeline.read_inputs(files, opts) for r in res.records]
    refs = [ref for rec in records for ref in (rec.a, rec.b)]
    out = {}
    for label, use in (("with_coordinates", True), ("name_country_only", False)):
        start = time.perf_counter()
        outcomes = pipeline.geocode_places(refs, Geocoder(), use_coordinates=use)
        took = time.perf_counter() - start
        resolved = [o for o in outcomes.values() if o.status == "resolved"]
        scored = [o for o in resolved if o.ref.lat is not None]
        near = [o for o in scored
                if haversine_km(o.lat, o.lon, o.ref.lat, o.ref.lon) <= WITHIN_KM]
        # Places placed at the list's own coordinates are 0 km off by construction: counted
        # separately so that the within-25-km share of gazetteer matches is not inflated.
        listed = sum(o.method == "list_coordinates" for o in resolved)
        gz_scored = [o for o in scored if o.method != "list_coordinates"]
        gz_near = sum(o.method != "list_coordinates" for o in near)
        out[label] = {
            "distinct": len(outcomes), "resolved": len(resolved),
            "resolved_pct": round(100 * len(resolved) / len(outcomes), 2),
            "ambiguous": sum(o.status == "ambiguous" for o in outcomes.values()),
            "within_25km_pct": round(100 * len(near) / max(1, len(scored)), 2),
            "list_coordinates": listed,
            "gazetteer_within_25km_pct": round(100 * gz_near / max(1, len(gz_scored)), 2),
            "geocode_s": round(took, 2),
        }
    return out


def naive_baseline(path: Path, rows_total: int) -> dict:
    """Row by row, both sides, nothing memoised; timed on a sample and extrapolated."""
    from sistermap.importers import pipeline
    from sistermap.places.geocode import Geocoder

    files = [(str(path), path.read_bytes())]
    records = [r for res in pipeline.read_inputs(files, pipeline.ImportOptions())
               for r in res.records]
    sample = random.Random(4).sample(records, min(BASELINE_SAMPLE, len(records)))
    Geocoder().gazetteer  # noqa: B018 - load once; the baseline is about the lookups
    start = time.perf_counter()
    for rec in sample:
        for ref in (rec.a, rec.b):
            Geocoder().resolve(ref.name, ref.country, None, ref.lat, ref.lon)
    per_row = (time.perf_counter() - start) / len(sample)
    return {"sample_rows": len(sample), "per_row_ms": round(1000 * per_row, 2),
            "extrapolated_s": round(per_row * rows_total, 1)}


# --- the baseline: today's code path (the branch point with main), measured in this run ---

def baseline_tree(dst: Path, ref: str = "") -> Path | None:
    """The sistermap package as it is at ``ref`` (default: where this branch left main),
    extracted into dst, so that the old code path runs on the same input in the same run."""
    try:
        ref = ref or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT,
                                    capture_output=True, text=True, check=True).stdout.strip()
        tar = subprocess.run(["git", "archive", ref, "sistermap"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(dst, filter="data")
    return dst


def run_with(tree: Path, code: str, *args: str) -> dict:
    """Run a snippet with ``tree`` first on sys.path; it prints one JSON line."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, cwd=tree)
    if done.returncode != 0:
        raise SystemExit(f"baseline run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


_REGISTER_HEADER = ("Gemeinde;PLZ;Bundesland;Partnergemeinde;Staat;Country;Kontinent;seit;"
                    "Form;latitude;longitude;partner_latitude;partner_longitude")


def register_shaped(src: Path, dst: Path) -> int:
    """The dev list's German rows as a national municipal register lays them out: home
    name, postcode and state (empty here), the partner, its country in German and English,
    the continent, year and form (the dev list has none), both sides' coordinates with
    decimal commas. No home-country column: that is the point."""
    from sistermap import regions

    german = _german_country_names()
    out = [_REGISTER_HEADER]
    with src.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["origincountry"] != "Germany":
                continue
            cc = regions.country_code(row["destination_countryLabel"]) or ""
            cells = [row["origincityLabel"], "", "", row["sistercityLabel"],
                     german.get(cc, row["destination_countryLabel"]),
                     row["destination_countryLabel"], regions.continent(cc) if cc else "", "",
                     "Städtepartnerschaft"]
            cells += [row[k].replace(".", ",") for k in ("originlat", "originlong",
                                                         "destinationlat", "destinationlong")]
            out.append(";".join(c.replace(";", ",") for c in cells))
    dst.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out) - 1


def _german_country_names() -> dict[str, str]:
    """ISO2 -> German country name from pycountry's translations (empty if unavailable)."""
    try:
        import gettext

        import pycountry

        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
        return {c.alpha_2: de.gettext(c.name) for c in pycountry.countries}
    except Exception:  # noqa: BLE001 - English names then, still a two-language layout
        return {}


_IMPORT_SNIPPET = """
import json, sys
from sistermap.importers import pipeline
opts = pipeline.ImportOptions(home_country=sys.argv[2])
r = pipeline.import_paths([sys.argv[1]], opts).report
print(json.dumps({"rows": r["rows_read"], "imported": r["partnerships_imported"],
                  "rejected": r["rows_rejected"]}))
"""


_WARM_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from sistermap.importers import pipeline
r = pipeline.import_paths([sys.argv[1]], pipeline.ImportOptions())
pipeline.write_outputs(sys.argv[2], r)
print(json.dumps({"in_process": round(time.perf_counter() - t0, 2), **r.report["timings_s"],
                  "rejected": r.report["rows_rejected"]}))
"""


def baseline_warm(big: Path, tmpdir: Path, cache: Path) -> dict | None:
    """The warm import of the doubled list by today's code path, in this run (same cache)."""
    tree = baseline_tree(tmpdir / "baseline-warm")
    if tree is None:
        return None
    os.environ["SISTERMAP_CACHE"] = str(cache)
    start = time.perf_counter()
    stats = run_with(tree, _WARM_SNIPPET, str(big), str(tmpdir / "out-baseline"))
    stats["wall"] = round(time.perf_counter() - start, 2)
    return stats


def register_bench(tsv: Path, tmpdir: Path) -> dict | None:
    """Rows imported from the register-shaped list: now with no option, now and at the
    baseline with --home-country DE."""
    path = tmpdir / "register.csv"
    n = register_shaped(tsv, path)
    out = {"rows": n}
    out["now_no_option"] = run_with(ROOT, _IMPORT_SNIPPET, str(path), "")
    out["now_home_country"] = run_with(ROOT, _IMPORT_SNIPPET, str(path), "DE")
    tree = baseline_tree(tmpdir / "baseline")
    if tree is not None:
        out["baseline_no_option"] = run_with(tree, _IMPORT_SNIPPET, str(path), "")
        out["baseline_home_country"] = run_with(tree, _IMPORT_SNIPPET, str(path), "DE")
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(argv[1], argv[2])
        return 0
    as_json = "--json" in argv
    args = [a for a in argv if not a.startswith("--")]
    tsv = Path(args[0]) if args else DEFAULT_TSV
    if not tsv.exists():
        print(f"{tsv} not found: this benchmark needs the shared dev list; skipped.")
        return 0
    results: dict = {"input": str(tsv)}
    with tempfile.TemporaryDirectory(prefix="sistermap-bench-") as tmp:
        tmpdir = Path(tmp)
        big = tmpdir / "doubled-swapped.tsv"
        results["doubled_rows"] = doubled(tsv, big)
        cache = tmpdir / "cache"
        runs = {}
        runs["doubled_cold"] = run_child(big, tmpdir / "out1", cache)  # builds the index
        runs["doubled_warm"] = run_child(big, tmpdir / "out2", cache)
        runs["original_warm"] = run_child(tsv, tmpdir / "out3", cache)
        results["baseline_doubled_warm"] = baseline_warm(big, tmpdir, cache)
        results["runs"] = runs
        os.environ["SISTERMAP_CACHE"] = str(cache)
        results["accuracy"] = accuracy(tsv)
        results["naive_baseline"] = naive_baseline(tsv, results["doubled_rows"])
        results["register"] = register_bench(tsv, tmpdir)
    if as_json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"input: {tsv} (doubled with sides swapped: {results['doubled_rows']} rows)")
    print(f"{'run':<15} {'rows':>6} {'imported':>8} {'dups':>6} {'rejected':>8} "
          f"{'read':>6} {'geocode':>8} {'build':>6} {'write':>6} {'wall':>6}")
    for name, r in runs.items():
        print(f"{name:<15} {r['rows']:>6} {r['imported']:>8} {r['duplicates']:>6} "
              f"{r['rejected']:>8} {r['read']:>6.2f} {r['geocode']:>8.2f} {r['build']:>6.2f} "
              f"{r['write']:>6.2f} {r['wall']:>6.2f}")
    p = runs["doubled_warm"]["places"]
    print(f"places: {p['distinct']} distinct, {p['resolved_pct']}% resolved "
          f"({p['ambiguous']} ambiguous, {p['unresolved']} unresolved)")
    for label, a in results["accuracy"].items():
        print(f"accuracy {label}: {a['resolved_pct']}% of {a['distinct']} places resolved, "
              f"{a['within_25km_pct']}% of resolved within {WITHIN_KM:.0f} km "
              f"(geocode {a['geocode_s']} s); {a['list_coordinates']} placed at the list's "
              f"own coordinates (0 km by construction), gazetteer matches "
              f"{a['gazetteer_within_25km_pct']}% within {WITHIN_KM:.0f} km")
    b = results["naive_baseline"]
    print(f"naive baseline (row by row, no memo): {b['per_row_ms']} ms/row on "
          f"{b['sample_rows']} rows -> ~{b['extrapolated_s']} s for "
          f"{results['doubled_rows']} rows, vs {runs['doubled_warm']['geocode']:.1f} s "
          "geocoding in the warm import")
    reg = results["register"]
    print(f"register-shaped list (the dev list's {reg['rows']} German rows, no home-country "
          "column, partner country in German and English, coordinates for both sides):")
    for key in ("now_no_option", "now_home_country", "baseline_no_option",
                "baseline_home_country"):
        if key in reg:
            r = reg[key]
            ok = r["rows"] - r["rejected"]
            print(f"  {key:<22} {ok:>6} of {r['rows']} rows imported "
                  f"({100 * ok / max(1, r['rows']):.1f}%; {r['rejected']} rejected, "
                  f"{r['imported']} partnerships after merging duplicates)")
    bw = results.get("baseline_doubled_warm")
    if bw:
        print(f"baseline (today's code path) warm import of the doubled list: wall {bw['wall']} s "
              f"(read {bw['read']}, geocode {bw['geocode']}, build {bw['build']}), "
              f"{bw['rejected']} rejected")
    cold, warm = runs["doubled_cold"]["wall"], runs["doubled_warm"]["wall"]
    print(f"targets: cold {cold:.1f} s (<= 30: {'ok' if cold <= 30 else 'MISSED'}), "
          f"warm {warm:.1f} s (<= 10: {'ok' if warm <= 10 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
