"""Synthetic partnership datasets of any size, drawn from the GeoNames gazetteer.

Real data at world scale (Wikidata, Wikipedia lists) has ~25,000 partnerships between
~17,000 cities; the shipped dataset has ~1,000. To measure the map at the sizes users
will import, this draws real cities (weighted by population, as real partnerships are)
with a fixed seed, so every run and every machine benchmarks the same data.

    python bench/synth.py 25000 /tmp/synth25k
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sistermap import schema  # noqa: E402
from sistermap.places import gazetteer
from sistermap.store import dataset

#: Cities per partnership in the real lists (~17k cities for ~25k links).
CITIES_PER_LINK = 0.72
FOCUS = list(schema.FOCUS_AREAS)
STATUSES = ["active"] * 8 + ["ended", "suspended"]
KINDS = list(schema.KINDS)


def synthesize(n_links: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cities, partnerships) tables in the dataset schema, deterministic for a seed.

    Every pool city is used at least once (so the city count is what was asked for); the
    remaining ends are drawn by population, giving hubs with hundreds of partners as in
    the real lists. Self-links and duplicate pairs are dropped and redrawn.
    """
    rng = np.random.default_rng(seed)
    d = gazetteer.load()._d
    pop = np.asarray(d["pop"], dtype=float)
    eligible = np.flatnonzero(pop >= 1000)
    n_cities = min(len(eligible), max(2, int(n_links * CITIES_PER_LINK)))
    weights = np.sqrt(pop[eligible])
    pool = rng.choice(eligible, size=n_cities, replace=False, p=weights / weights.sum())
    pool_w = pop[pool] ** 0.8
    pool_w /= pool_w.sum()
    pairs: set[tuple[int, int]] = set()
    ends = np.concatenate([rng.permutation(pool),
                           rng.choice(pool, size=max(0, 2 * n_links - n_cities), p=pool_w)])
    rng.shuffle(ends)
    for a, b in zip(ends[0::2].tolist(), ends[1::2].tolist()):
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    while len(pairs) < n_links:
        a, b = rng.choice(pool, size=2, p=pool_w).tolist()
        if a != b and (a, b) not in pairs and (b, a) not in pairs:
            pairs.add((a, b))
    links = sorted(pairs)[:n_links]
    used = sorted({i for pair in links for i in pair})
    cities = pd.DataFrame({
        "city_id": [f"gn:{d['gid'][i]}" for i in used],
        "name": [d["name"][i] for i in used],
        "alt_names": "",
        "country": [d["cc"][i] for i in used],
        "admin1": [d["a1"][i] for i in used],
        "lat": [round(float(d["lat"][i]), 5) for i in used],
        "lon": [round(float(d["lon"][i]), 5) for i in used],
        "population": [int(d["pop"][i]) for i in used],
    })
    years = rng.integers(1947, 2025, size=len(links))
    focus = ["|".join(rng.choice(FOCUS, size=int(k), replace=False))
             for k in rng.integers(1, 3, size=len(links))]
    partnerships = pd.DataFrame({
        "city_a_id": [f"gn:{d['gid'][a]}" for a, _ in links],
        "city_b_id": [f"gn:{d['gid'][b]}" for _, b in links],
        "kind": rng.choice(KINDS, size=len(links)),
        "established": years,
        "established_date": "",
        "ended": "",
        "status": rng.choice(STATUSES, size=len(links)),
        "focus_areas": focus,
        "source": "https://example.org/synthetic",
        "note": "",
    })
    return cities, partnerships


def write_synthetic(n_links: int, target: str | Path, seed: int = 7) -> Path:
    """Write a synthetic dataset directory (skipped when already there with this size)."""
    target = Path(target)
    marker = target / f".synth-{n_links}-{seed}"
    if marker.exists():
        return target
    cities, partnerships = synthesize(n_links, seed)
    dataset.write(target, cities, partnerships)
    marker.touch()
    return target


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
    out = write_synthetic(n, sys.argv[2] if len(sys.argv) > 2 else f"/tmp/sistermap-synth-{n}")
    ds = dataset.load(out)
    print(f"{out}: {len(ds.partnerships)} partnerships, {len(ds.cities)} cities")
