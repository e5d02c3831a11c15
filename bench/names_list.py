"""A names-only list of places in the shapes real sister-city lists write them (issue 18.4).

    python bench/names_list.py [OUT.tsv] [--seed N]

The held-out list the geocoder is judged on is not here, and tuning to one file would not
help the next one; so this builds a list from *public shapes* instead, over places whose
true position and country are known:

* the project's own Wikidata snapshot, ``data/sources/wikidata-twin-cities/cities.csv``
  (5,470 cities, shipped), and
* when present, the dev list ``../shared/data/dev/wikidata-sistercities-6-countries.tsv``
  (both sides: towns and villages of six countries and their partners worldwide; read by
  benchmarks only, never by tests; the builder says so when it is absent).

Each distinct (name, country) is written once, with a seeded random generator keyed by the
place (the same seed gives the same list, whatever else changes), in one of the shapes such
lists use:

* the country as its common name ("Germany"), its ISO 3166 name ("Korea, Republic of"), a
  constituent country with the state ("England, United Kingdom", "Scotland, UK") or a
  first-level region with the country ("Bavaria, Germany");
* the name as it is, with its accents dropped ("Gottingen"), "Saint" written "St." or the
  other way round, wrapped as a council in the country's language ("Leeds City Council",
  "Comune di Udine", "Ville de Lyon", "Gemeente Delft", "Landkreis Gießen", "Mid Devon
  District Council"), or with the large city it lies in or beside in brackets ("Mitte
  (Berlin)", "Nerima (Tokyo)").

The true coordinates and country are kept for scoring (``bench/bench_places.py``).
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from anyascii import anyascii  # noqa: E402

from sistermap import regions  # noqa: E402
from sistermap.geo import haversine_km  # noqa: E402
from sistermap.names import match_key  # noqa: E402
from sistermap.places import gazetteer  # noqa: E402

SNAPSHOT = ROOT / "data" / "sources" / "wikidata-twin-cities" / "cities.csv"
DEV_LIST = ROOT.parent / "shared" / "data" / "dev" / "wikidata-sistercities-6-countries.tsv"
COLUMNS = ("name", "country", "true_country", "lat", "lon", "shape", "source")

#: Share of places given each shape (the rest are written as they are).
P_ACCENTS = 0.10
P_COUNCIL = 0.10
P_BRACKET_CITY = 0.08
P_REGION = 0.25
P_ISO = 0.15
P_CONSTITUENT = 0.7  # of places in the United Kingdom
#: A place this close to a city of at least BRACKET_CITY_POP (another name) may be written
#: with that city in brackets, the way lists write city districts.
BRACKET_KM = 15.0
BRACKET_CITY_POP = 300_000

#: Councils as lists write them, by country; "{}" is the place's name.
COUNCILS: dict[str, tuple[str, ...]] = {
    "GB": ("{} City Council", "{} Borough Council", "{} District Council", "{} Council",
           "City of {}"),
    "IE": ("{} County Council", "{} City Council", "{} Town Council"),
    "DE": ("Stadt {}", "Gemeinde {}", "Landkreis {}", "Stadtverwaltung {}", "Markt {}"),
    "AT": ("Stadtgemeinde {}", "Marktgemeinde {}", "Gemeinde {}", "Stadt {}"),
    "CH": ("Gemeinde {}", "Stadt {}", "Commune de {}"),
    "FR": ("Ville de {}", "Commune de {}", "Mairie de {}"),
    "BE": ("Ville de {}", "Commune de {}", "Gemeente {}", "Stad {}"),
    "IT": ("Comune di {}", "Città di {}"),
    "ES": ("Ayuntamiento de {}", "Concello de {}", "Ajuntament de {}"),
    "PT": ("Câmara Municipal de {}", "Município de {}"),
    "NL": ("Gemeente {}",),
    "PL": ("Gmina {}", "Miasto {}", "Urząd Miasta {}"),
    "CZ": ("Město {}", "Obec {}"),
    "SK": ("Mesto {}", "Obec {}"),
    "HU": ("{} Önkormányzata", "{} Város"),
    "US": ("City of {}", "Town of {}", "{} City Council", "Village of {}"),
    "CA": ("City of {}", "Town of {}", "Ville de {}"),
    "AU": ("City of {}", "{} City Council", "{} Shire Council"),
    "JP": ("{} City", "{}-shi"),
    "SE": ("{} kommun", "{} Municipality"),
    "NO": ("{} kommune", "{} Municipality"),
    "DK": ("{} Kommune", "{} Municipality"),
    "FI": ("City of {}", "{} Municipality"),
}
GENERIC_COUNCILS = ("{} Municipality", "City of {}", "Municipality of {}")
_GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


@dataclass(frozen=True)
class Source:
    """One place whose truth is known: its name as the source writes it."""

    name: str
    country: str  # ISO alpha-2
    lat: float
    lon: float
    source: str


def read_sources(dev: Path | None = DEV_LIST) -> tuple[list[Source], str]:
    """Distinct (name, country) places of the snapshot and, when present, the dev list."""
    out: dict[tuple[str, str], Source] = {}
    with SNAPSHOT.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):  # read as text: "NA" is Namibia
            cc = "TW" if row["countrycd"] == "CN-TW" else row["countrycd"]
            try:
                la, lo = float(row["lat"]), float(row["lng"])
            except ValueError:
                continue
            out.setdefault((row["name"], cc), Source(row["name"], cc, la, lo, "snapshot"))
    note = "dev list read"
    if dev is None:
        note = "dev list left out; snapshot only"
    elif not dev.exists():
        note = f"dev list absent ({dev}); snapshot only"
    else:
        with dev.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                for n, c, la, lo in (("origincityLabel", "origincountry", "originlat",
                                      "originlong"),
                                     ("sistercityLabel", "destination_countryLabel",
                                      "destinationlat", "destinationlong")):
                    cc = regions.country_code(row[c])
                    try:
                        point = float(row[la]), float(row[lo])
                    except (TypeError, ValueError):
                        continue
                    if cc and row[n].strip():
                        out.setdefault((row[n], cc), Source(row[n], cc, *point, "dev"))
    return sorted(out.values(), key=lambda s: (s.country, s.name)), note


def _iso_name(cc: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc)
    return c.name if c is not None else regions.country_name(cc)


def _saint_swap(name: str) -> str:
    for a, b in (("Saint ", "St. "), ("Saint-", "St-"), ("St. ", "Saint "), ("Sankt ", "St. ")):
        if name.startswith(a):
            return b + name[len(a):]
    return name


def render(src: Source, gz: gazetteer.Gazetteer, seed: int = 18) -> tuple[str, str, str]:
    """(name as written, country as written, shape) for one place."""
    rng = random.Random(f"{seed}:{src.country}:{src.name}")
    shapes = []
    name = src.name
    near = gz.nearest(src.lat, src.lon, 25.0)
    if rng.random() < P_ACCENTS and not name.isascii():
        name, _ = anyascii(name), shapes.append("accents dropped")
    swapped = _saint_swap(name)
    if swapped != name and rng.random() < 0.5:
        name, _ = swapped, shapes.append("saint/st")
    r = rng.random()
    if r < P_COUNCIL:
        form = rng.choice(COUNCILS.get(src.country, GENERIC_COUNCILS))
        name, _ = form.format(name), shapes.append("council")
    elif r < P_COUNCIL + P_BRACKET_CITY:
        city = _bracket_city(src, gz)
        if city:
            name, _ = f"{name} ({city})", shapes.append("city in brackets")
    common = regions.country_name(src.country)
    r = rng.random()
    if src.country == "GB" and near is not None and near.admin1 in _GB_NATIONS and (
            r < P_CONSTITUENT):
        state = rng.choice(("United Kingdom", "UK", "United Kingdom", "Great Britain"))
        country, _ = f"{_GB_NATIONS[near.admin1]}, {state}", shapes.append("constituent")
    elif r < P_REGION and near is not None and near.admin1_name and near.country == src.country:
        country, _ = f"{near.admin1_name}, {common}", shapes.append("region, country")
    elif r < P_REGION + P_ISO:
        country, _ = _iso_name(src.country), shapes.append("ISO country name")
    else:
        country = common
    return name, country, "+".join(shapes) or "plain"


def _bracket_city(src: Source, gz: gazetteer.Gazetteer) -> str:
    """A large city of another name within BRACKET_KM, as lists write a district's city."""
    best = None
    for p in _large_cities(gz):
        if p.country != src.country or match_key(p.name) == match_key(src.name):
            continue
        if abs(p.lat - src.lat) > 0.3:
            continue
        d = haversine_km(src.lat, src.lon, p.lat, p.lon)
        if d <= BRACKET_KM and (best is None or d < best[0]):
            best = (d, p.name)
    return best[1] if best else ""


_LARGE: list = []


def _large_cities(gz: gazetteer.Gazetteer) -> list:
    if not _LARGE:
        row = 0
        while row < len(gz) and gz.place(row).population >= BRACKET_CITY_POP:
            _LARGE.append(gz.place(row))
            row += 1
    return _LARGE


def build(seed: int = 18, dev: Path | None = DEV_LIST) -> tuple[list[dict], str]:
    """The benchmark list: one row per distinct place, with its truth."""
    gz = gazetteer.load()
    sources, note = read_sources(dev)
    rows = []
    seen: set[tuple[str, str]] = set()
    for src in sources:
        if regions.country_name(src.country) == src.country:
            continue  # a code no country table knows (XC, XS): no country to write
        name, country, shape = render(src, gz, seed)
        if (name, country) in seen:
            continue
        seen.add((name, country))
        rows.append({"name": name, "country": country, "true_country": src.country,
                     "lat": src.lat, "lon": src.lon, "shape": shape, "source": src.source})
    return rows, note


def write(rows: list[dict], path: Path) -> None:
    """The list as TSV (name, country, and the truth columns a geocoder must not read)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str]) -> int:
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 18
    args = [a for i, a in enumerate(argv) if a != "--seed" and (i == 0 or argv[i - 1] != "--seed")]
    out = Path(args[0]) if args else Path("names_list.tsv")
    rows, note = build(seed)
    write(rows, out)
    print(f"{len(rows):,} places written to {out} ({note})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
