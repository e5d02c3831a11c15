"""Choose the place a (name, country as written) pair means, or say why it can't.

Order of evidence, strongest first: coordinates carried by the input; the whole name as
written; qualifiers in the cell ("Arlington, Virginia", "Halle (Saale)", "Bernsdorf,
Bautzen") or a separate region argument; administrative labels stripped ("Landkreis X",
"Gmina X", "X Prefecture"); a unit named after two nearby places ("Heusden-Zolder", placed
at the larger, method "joined_name"); then population, but only when one candidate is
clearly larger.
Near-equal homonyms are reported as "ambiguous" with their candidates, never guessed, and a
name found only in another country is not moved there silently.

Coordinates carried by a list (Wikidata exports have them) are checked first: in range,
not 0,0, and inside or within a degree of the stated country's box (from the gazetteer's own
places), else ignored with a note. Valid coordinates accept a same-named gazetteer place only
within COORD_MATCH_KM of them; when no place of that name is that close, the list itself has
placed the place: it is resolved as a new local place at the list's coordinates (method
"list_coordinates", city id ``loc:<iso2>-<slug>-<lat>-<lon>``), never snapped to a nearby
place of another name (Beuel is not Bonn).

Cells naming several places ("Loreto/Ancona") resolve to the FIRST place when every part is
a place of its own; the others are listed in `reason` and in `candidates`, and confidence
is lowered. A slash that is really a qualifier ("Frankfurt/Oder") is read as one.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sistermap import regions
from sistermap.geo import haversine_km
from sistermap.names import match_key, match_keys, slug
from sistermap.places import gazetteer
from sistermap.places.gazetteer import Gazetteer, Place

# A candidate this many times more populous than the runner-up wins on population alone.
POPULATION_RATIO = 3.0
# Candidates this close together are one place for a map (city vs its own centre, etc.).
SAME_PLACE_KM = 20.0
# A hint place ("Bautzen" in "Bernsdorf, Bautzen") must be this near the chosen candidate.
HINT_PLACE_KM = 60.0
# An alternate-name match must be this many times bigger to beat a primary-name match.
ALTERNATE_PENALTY = 100.0
# GeoNames population 0 means "unknown", often for the very seat a list means; it is
# compared as this many inhabitants rather than as nothing.
UNKNOWN_POPULATION = 1000
# "A-B" named after two places is placed at the larger when they are this close together.
JOINED_KM = 12.0
# A same-named gazetteer place must lie this close to coordinates given by the list.
COORD_MATCH_KM = 25.0
# Coordinates may lie this many degrees outside the box around the stated country's places.
COUNTRY_MARGIN_DEG = 1.0
# Confidence of a place placed only by the list's own coordinates.
LIST_COORD_CONFIDENCE = 0.7
LIST_COORD_REASON = "not in the gazetteer; placed at the list's own coordinates"

_LABEL_WORDS = {
    match_key(w)
    for w in (
        "rural gmina", "urban gmina", "urban-rural gmina", "gmina", "town", "city", "village",
        "municipality", "commune", "district", "county", "borough", "township", "parish",
        "country", "state", "province", "region", "prefecture", "rural district", "hamlet",
        "community", "kreisfreie stadt", "stadt", "gemeinde", "landkreis", "ville",
        "municipio", "comune", "suburb", "neighbourhood", "neighborhood", "capital",
    )
}
_PREFIX_RE = re.compile(
    r"^(?:landkreis|kreis|stadtkreis|gmina(?: miejska| wiejska)?|miasto|powiat|"
    r"municipality of|city of|town of|village of|borough of|county of|district of|"
    r"commune de|ville de|ville d'|comune di|citt[aà] di|municipio de|municipio|"
    r"stadt|gemeinde|markt|bezirk|obec|m[eě]sto|city and county of|metropolitan borough of|"
    r"royal borough of|london borough of|gmina miasto|urban municipality of|bad|"
    r"canton of|canton de|canton d'|arrondissement of|arrondissement de|"
    # councils as lists write them: "Stadtgemeinde Enns", "Gemeente Delft", "Ayuntamiento
    # de Getafe", "Câmara Municipal de Braga", "Mairie de Lyon", "Urząd Miasta Kraków"
    r"stadtgemeinde|marktgemeinde|ortsgemeinde|samtgemeinde|verbandsgemeinde|"
    r"stadtverwaltung|gemeindeverwaltung|gemeente|stad|ayuntamiento de|ajuntament de|"
    r"ajuntament d'|concello de|c[aâ]mara municipal d[eoa]|munic[ií]pio d[eoa]|"
    r"prefeitura municipal de|prefeitura de|mairie de|mairie d'|commune d'|"
    r"urz[aą]d (?:miasta|gminy|miasta i gminy)|mesto|town council of|county council of|"
    r"shire of|district council of|borough council of)(?:\s+|(?<=')\s*)",
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(
    r"(?:\s+(?:district|prefecture|municipality|city|town|county|township|borough|"
    r"regional council|rural district|urban district|city council|council|province|"
    r"commune|village|municipal district|local council|region|subprefecture|"
    r"metropolitan borough|district council|urban-type settlement|gmina|raion|rayon|"
    r"okrug|oblast|megye|járás|jaras|department|département|departamento|county borough|"
    r"kommun|kommune|borough council|shire council|shire|county council|town council|"
    r"city council|önkormányzata|onkormanyzata|város|varos|község|kozseg|belediyesi|"
    r"municipal council|municipal corporation|city corporation)|"
    r"-(?:shi|si|gun|ku|machi|cho|mura|shi|eup|myeon|dong|gu))$",
    re.IGNORECASE,
)
_REGION_WORD_RE = re.compile(
    r"\s*\b(?:voivodeship|province|region|state|county|department|d[ée]partement|oblast|"
    r"prefecture|canton|land|bundesland|autonomous community|metropolitan city of|"
    r"province of|region of|state of)\b\s*",
    re.IGNORECASE,
)
# "18th district of Budapest", "Budapest District XXIII": a city district, placed at the city.
_CITY_DISTRICT_RE = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)?\s+district of\s+(?P<a>.+)|(?P<b>.+?)\s+district\s+"
    r"(?:[ivxlc]+|\d+)|(?P<c>.+?)\s+(?:[ivxlc]+|\d+)\.?\s*(?:district|arrondissement|"
    r"bezirk|ker[üu]let))$",
    re.IGNORECASE,
)
# A qualifier that is a place this large anchors the name near it ("Wuzhong (Suzhou)").
ANCHOR_POPULATION = 100_000
ANCHOR_FAR_KM = 150.0
# A qualifier that names both a region and a city means the city only if the city is this
# large (Tokyo, Seoul, Berlin, Vienna are regions too; Quebec or Chinandega are not meant).
CITY_REGION_POPULATION = 1_000_000
# A territory this small named as a partner is placed at its capital ("Guernsey", "Jersey").
TERRITORY_KM2 = 5000.0
# A hint naming a division keeps candidates this near its point; none this far is a miss.
AREA_HINT_KM = 80.0
AREA_FAR_KM = 300.0
#: Methods whose place comes from the second gazetteer (no cities500 row).
SECOND_METHODS = ("admin_area", "second_gazetteer")
_TAG_RE = re.compile(r"<[^>]{0,200}>")
#: "X am Main", "X an der Donau", "X im Breisgau", "X bei Berlin", "X aan de Lek": German,
#: Austrian, Swiss and Dutch names whose second half says where the town is.
_RIVER_QUAL_RE = re.compile(
    r"^(.{3,}?)\s+(?:an der|am|im|in der|ob der|bei|aan de|aan den|an den)\s+(.{3,})$",
    re.IGNORECASE)
_MULTI_RE = re.compile(r"\s*(?:/|;|\s&\s|\s\+\s)\s*")


@dataclass(frozen=True)
class Match:
    """The outcome for one input place; `reason` says why in words a curator can act on."""

    input_name: str
    input_country: str
    status: str
    place: Place | None
    method: str
    confidence: float
    reason: str
    candidates: tuple[Place, ...]


@dataclass
class _Pick:
    """Internal result of choosing among candidate rows."""

    status: str
    row: int | None
    method: str
    confidence: float
    reason: str
    rows: list[int]
    place: Place | None = None  # a place made from the list's coordinates (row is None)
    anchor: int | None = None  # a qualifier that is a place no candidate lies near
    near: tuple[float, float] | None = None  # ... or an area no candidate lies in


def _describe(p: Place) -> str:
    region = f", {p.admin1_name}" if p.admin1_name else ""
    return f"{p.name}{region} ({p.country}, pop. {p.population:,})"


class Geocoder:
    """Resolves place names against the offline gazetteer; results are memoised."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gz = gazetteer
        self._memo: dict[tuple, Match] = {}
        self._fuzzy_buckets: dict[str, dict[str, list[str]]] = {}
        self._second = None

    @property
    def gazetteer(self) -> Gazetteer:
        """Loaded lazily so that constructing a Geocoder is free."""
        if self._gz is None:
            self._gz = gazetteer.load()
        return self._gz

    # ------------------------------------------------------------------ public API
    def resolve(
        self,
        name: str,
        country: str | None = None,
        region: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> Match:
        """Resolve one place; `country` is as written and normalised here."""
        key = (name, country, region, lat, lon)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._resolve(name, country, region, lat, lon)
            self._memo[key] = hit
        return hit

    def resolve_many(self, queries: Iterable[tuple[str, str | None]]) -> list[Match]:
        """Resolve (name, country) pairs; each distinct pair is computed once."""
        return [self.resolve(name, country) for name, country in queries]

    @property
    def second(self):
        """The second gazetteer (countrystatecity-countries), loaded on first need."""
        if self._second is None:
            self._second = gazetteer.load_second(_strip_labels, self.gazetteer.cache_dir)
        return self._second

    def has_name(self, name: str, country: str) -> bool:
        """Whether the country has a place of that name (qualifiers in brackets ignored)."""
        base, _ = _split_qualifiers(_as_text(name))
        return bool(self._rows(base or name, country))

    # ------------------------------------------------------------------ top level
    def _resolve(self, name, country, region, lat, lon) -> Match:
        raw_name, raw_country = _as_text(name), _as_text(country)
        text = " ".join(_TAG_RE.sub(" ", raw_name).split())

        def out(pick: _Pick, cc_note: str = "") -> Match:
            gz = self.gazetteer
            place = gz.place(pick.row) if pick.row is not None else pick.place
            cands = tuple(gz.place(r) for r in _dedupe(pick.rows)[:5])
            reason = "; ".join(x for x in (pick.reason, cc_note) if x)
            return Match(raw_name, raw_country, pick.status, place, pick.method,
                         round(pick.confidence, 3), reason, cands)

        if not text:
            return out(_Pick("unresolved", None, "none", 0.0, "empty place name", []))
        cc, written_regions = (regions.country_and_regions(raw_country) if raw_country.strip()
                               else (None, ()))
        cc_note = ""
        limited = regions.limited_recognition(raw_country)
        if limited:
            cc_note = (f"{raw_country.strip()} (limited recognition) searched as {limited}, "
                       "where the gazetteer files its places")
        if raw_country.strip() and cc is None:
            cc_note = f"country {raw_country!r} not recognised, searched all countries"
        coords, coord_note = self._checked_coords(lat, lon, cc)
        # "Bavaria, Germany": the region written with the country narrows the place down
        hints = [region] if region and region.strip() else []
        hints += [r for r in written_regions if r not in hints]
        pick = self._resolve_text(text, cc, hints, coords)
        if (written_regions and pick.status == "unresolved" and not region and cc
                and not any(self.gazetteer.admin1_matching(r, cc) for r in written_regions)):
            # A region in the country cell known only by a point (the second gazetteer's)
            # narrows but does not veto: when every candidate is far from that point (a
            # large region: Siberia, Tatarstan) the name and country alone decide. A region
            # the gazetteer files its places under (Bavaria, England) keeps its veto.
            plain = self._resolve_text(text, cc, [], coords)
            if plain.status == "resolved":
                pick = plain
        if coords is not None:
            pick = self._confirm_by_coordinates(pick, text, cc, coords)
        if cc_note and pick.status == "resolved" and not limited:
            pick.confidence *= 0.8
        return out(pick, "; ".join(x for x in (cc_note, coord_note) if x))

    # ------------------------------------------------------------------ list coordinates
    def _checked_coords(self, lat, lon, cc) -> tuple[tuple[float, float] | None, str]:
        """The list's coordinates when usable as evidence, else None and why not."""
        if _missing(lat) or _missing(lon):
            return None, ""
        if not _valid_coords(lat, lon):
            return None, f"the list's coordinates ({lat}, {lon}) ignored: not a position"
        la, lo = float(lat), float(lon)
        if la == 0 and lo == 0:
            return None, "the list's coordinates (0, 0) ignored: a placeholder, not a place"
        if cc and self._home_country(cc, la, lo) is None:
            swapped = (-90 <= lo <= 90 and self._home_country(cc, lo, la) is not None)
            hint = " (latitude and longitude swapped?)" if swapped else ""
            return None, (f"the list's coordinates ({la:g}, {lo:g}) ignored: outside "
                          f"{cc}{hint}")
        return (la, lo), ""

    def _home_country(self, cc: str, lat: float, lon: float) -> str | None:
        """cc when (lat, lon) is in or near it, else a territory of it that has the point."""
        gz = self.gazetteer
        for code in (cc, *regions.related_countries(cc)):
            if gz.near_country(code, lat, lon, COUNTRY_MARGIN_DEG):
                return code
        return None

    def _confirm_by_coordinates(self, pick: _Pick, text: str, cc, coords) -> _Pick:
        """Keep a gazetteer place only near the list's coordinates; else place it there."""
        gz = self.gazetteer
        lat, lon = coords
        if pick.status == "resolved" and (pick.row is not None or pick.method in SECOND_METHODS):
            p = gz.place(pick.row) if pick.row is not None else pick.place
            dist = haversine_km(lat, lon, p.lat, p.lon)
            if dist <= COORD_MATCH_KM:
                return pick
            note = (f"{p.name} ({p.country}), the gazetteer's match for the name, is "
                    f"{dist:.0f} km from the list's coordinates")
            rows = pick.rows
        elif pick.status == "resolved":
            return pick
        else:
            note, rows = pick.reason, pick.rows
        home = self._home_country(cc, lat, lon) if cc else None
        if home is None:  # no country to file it under: leave the failure as it was
            return pick if pick.status != "resolved" else _Pick(
                "unresolved", None, "none", 0.0, note, rows)
        base, _ = _split_qualifiers(text)
        name = base or text
        place = Place(city_id=local_city_id(home, name, lat, lon), geonameid=0, name=name,
                      country=home, admin1="", admin1_name="", lat=lat, lon=lon,
                      population=0, alt_names=())
        reason = LIST_COORD_REASON + (f" ({note})" if note else "")
        return _Pick("resolved", None, "list_coordinates", LIST_COORD_CONFIDENCE, reason,
                     rows, place)

    def _resolve_text(self, text, cc, hints, coords) -> _Pick:
        pick = self._resolve_single(text, cc, hints, coords)
        if pick.status == "resolved" or not _MULTI_RE.search(text):
            return pick
        multi = self._resolve_multi(text, cc, hints, coords)
        return multi if multi is not None else pick

    def _resolve_multi(self, text, cc, hints, coords) -> _Pick | None:
        """'A/B': qualifier if B narrows A down, else several places (first one wins)."""
        parts = [p for p in _MULTI_RE.split(text) if p.strip()]
        if len(parts) < 2:
            return None
        picks = [self._resolve_single(p, cc, hints, coords) for p in parts]
        if all(p.status == "resolved" for p in picks):
            first = picks[0]
            others = ", ".join(parts[1:])
            rows = [first.row] + [p.row for p in picks[1:]]
            return _Pick("resolved", first.row, first.method, first.confidence * 0.8,
                         f"cell names {len(parts)} places; used the first, also: {others}",
                         rows)
        as_qualifier = self._resolve_single(parts[0], cc, hints + parts[1:], coords)
        if as_qualifier.status == "resolved":
            as_qualifier.method = "qualifier"
            return as_qualifier
        return None

    def _resolve_single(self, text, cc, hints, coords) -> _Pick:
        """Whole name, then qualifiers, then stripped admin labels, then near misses."""
        # (text, hints, kind): the whole name, name + qualifiers, labels stripped, "X am Y"
        attempts: list[tuple[str, list[str], str]] = [(text, hints, "whole")]
        base, quals = _split_qualifiers(text)
        if quals or base != text:
            attempts.append((base, hints + quals, "qual"))
        for candidate_text, extra, _kind in list(attempts):
            for stripped in _label_stages(candidate_text):
                attempts.append((stripped, extra, "strip"))
        river = _RIVER_QUAL_RE.match(base or text)
        if river:  # "Neuenhagen bei Berlin": the rest is a qualifier, used only if it fits
            attempts.append((river.group(1), hints + quals + [river.group(2)], "river"))
        first_fail: _Pick | None = None
        for attempt_text, attempt_hints, kind in attempts:
            if kind == "strip" and first_fail is not None:
                continue  # "Bay City" has homonyms: "Bay" is another place, not a way out
            attempt_cc, narrowed_hints = _country_from_hints(cc, attempt_hints)
            rows = self._rows(attempt_text, attempt_cc)
            if rows:
                attempt_hints = narrowed_hints
            elif attempt_cc != cc:  # "Atlanta, Georgia": the hint was a region after all
                rows = self._rows(attempt_text, cc)
            if not rows:
                continue
            pick = self._choose(attempt_text, rows, attempt_hints, coords)
            if kind == "river" and pick.method != "region_hint":
                continue  # "Weissach im Tal" is not Weissach: only a qualifier that fits
            if kind != "whole" and pick.method in ("exact", "alternate", "folded"):
                pick.method = "qualifier"
            if pick.status == "resolved":
                return pick
            first_fail = first_fail or pick
        if first_fail is not None and first_fail.anchor is None and first_fail.near is None:
            return first_fail
        anchor = first_fail.anchor if first_fail is not None else None
        near = first_fail.near if first_fail is not None else None
        # With the list's coordinates a district is placed there, never at its city.
        fallbacks = (self._second_gazetteer,) if coords is not None else (
            self._second_gazetteer, self._council_name, self._district_of,
            self._territory_itself)
        for fallback in fallbacks:
            pick = fallback(text, base or text, quals, cc, hints, anchor, near)
            if pick is not None:
                return pick
        if first_fail is not None:
            return first_fail
        district = _CITY_DISTRICT_RE.match(text)
        if district and coords is not None:  # the list places the district itself
            city = next(g for g in district.groups() if g)
            return _Pick("unresolved", None, "none", 0.0,
                         f"a district of {city}, not in the gazetteer by that name", [])
        if district:
            city = next(g for g in district.groups() if g)
            pick = self._resolve_single(city, cc, hints, coords)
            if pick.status == "resolved":
                pick.method, pick.confidence = "qualifier", min(pick.confidence, 0.7)
                pick.reason = f"a district of {city}, placed at the city"
                return pick
        if coords is None and cc:
            joined = self._joined_name(base or text, cc)
            if joined is not None:
                return joined
        return self._not_found(base or text, cc, coords)

    def _joined_name(self, text: str, cc: str) -> _Pick | None:
        """'Heusden-Zolder', 'Steglitz-Zehlendorf': a unit named after two places.

        Accepted only when the name splits at one hyphen into two names that are each a
        place in the country and a pair of them lies within JOINED_KM of each other; the
        larger is used. Anything looser (one part only, parts far apart) is not placed.
        """
        if "-" not in text or len(text) > 80:
            return None
        parts = text.split("-")
        gz = self.gazetteer
        found = []
        for i in range(1, len(parts)):
            left, right = "-".join(parts[:i]).strip(), "-".join(parts[i:]).strip()
            if len(match_key(left)) < 3 or len(match_key(right)) < 3:
                continue
            rows_l, rows_r = self._rows(left, cc), self._rows(right, cc)
            pairs = [(haversine_km(gz.place(a).lat, gz.place(a).lon,
                                   gz.place(b).lat, gz.place(b).lon), a, b)
                     for a in rows_l[:10] for b in rows_r[:10] if a != b]
            near = sorted(x for x in pairs if x[0] <= JOINED_KM)
            if near:
                found.append((left, right, near))
        if len(found) != 1 or len({(a, b) for _, a, b in found[0][2]}) != 1:
            return None  # no split, or several readings: not placed
        left, right, [(dist, a, b)] = found[0]
        row = a if gz.place(a).population >= gz.place(b).population else b
        return _Pick("resolved", row, "joined_name", 0.6,
                     f"no place called {text!r}; {left!r} and {right!r} are places "
                     f"{dist:.0f} km apart, placed at {gz.place(row).name}", [row, a, b])

    # ------------------------------------------------------------------ candidates
    def _rows(self, text: str, cc: str | None) -> list[int]:
        """Rows named text in cc, else in cc's territories (France -> Guadeloupe...)."""
        gz = self.gazetteer
        keys = _keys(text)
        rows: set[int] = set()
        for key in keys:
            rows.update(gz.rows_for_key(key, cc))
        if not rows and cc:
            for other in regions.related_countries(cc):
                for key in keys:
                    rows.update(gz.rows_for_key(key, other))
        return sorted(rows)  # row order is population order

    def _choose(self, text, rows, hints, coords) -> _Pick:
        """Pick among rows matching the name: coordinates, hints, tiers, population."""
        gz = self.gazetteer
        keys = _keys(text)
        if coords is not None:
            return _by_coordinates(gz, text, rows, coords)
        hinted = False
        for hint in hints:
            narrowed = self._apply_hint(rows, hint)
            if narrowed:
                rows, hinted = narrowed, True
        if hints and not hinted:
            anchor = self._far_from_anchor(rows, hints)
            if anchor is not None:
                a = gz.place(anchor)
                return _Pick("unresolved", None, "none", 0.0,
                             f"no place called {text!r} near {a.name} ({a.country}), the "
                             "place its qualifier names", rows, anchor=anchor)
            area = self._far_from_areas(rows, hints)
            if area is not None:
                return _Pick("unresolved", None, "none", 0.0,
                             f"no place called {text!r} in or near {area.name} "
                             f"({area.country}), the area its qualifier names", rows,
                             near=(area.lat, area.lon))
            kept = _not_contradicted(gz, text, rows, hints)
            if not kept:
                listed = "; ".join(_describe(gz.place(r)) for r in rows[:3])
                return _Pick("unresolved", None, "none", 0.0,
                             f"the places called {text!r} carry other qualifiers than "
                             f"{', '.join(hints)!r}: {listed}", rows)
            if kept != rows:
                rows, hinted = kept, True
        plain = _plain(text)
        tiers = (
            [r for r in rows if _plain(gz.place(r).name) == plain],
            [r for r in rows if any(gz.is_primary(r, k) for k in keys)],
        )
        for tier in tiers:
            if tier and tier != rows:
                rest_top = max(gz.place(r).population for r in rows if r not in tier)
                if rest_top < ALTERNATE_PENALTY * max(1, gz.place(tier[0]).population):
                    rows = tier
                    break
        method = "region_hint" if hinted else self._name_method(text, rows[0])
        if len(rows) == 1 or _all_near(gz, rows):
            conf = {"exact": 0.99, "alternate": 0.95, "folded": 0.92}.get(method, 0.9)
            return _Pick("resolved", rows[0], method, conf, "", rows)
        return self._by_population(text, rows, hinted)

    def _by_population(self, text, rows, hinted) -> _Pick:
        gz = self.gazetteer
        top, second = gz.place(rows[0]), gz.place(rows[1])
        ratio = top.population / (second.population or UNKNOWN_POPULATION)
        if top.population > 0 and ratio >= POPULATION_RATIO:
            conf = 0.55 + 0.3 * (1 - POPULATION_RATIO / ratio)
            reason = (f"{len(rows)} places called {text!r}; chose the largest, "
                      f"{ratio:.0f}x the next ({_describe(second)})")
            return _Pick("resolved", rows[0], "population", conf, reason, rows)
        listed = "; ".join(_describe(gz.place(r)) for r in rows[:3])
        where = " matching the region hint" if hinted else ""
        reason = (f"{len(rows)} places called {text!r}{where} with similar populations: "
                  f"{listed}; give a region or coordinates")
        return _Pick("ambiguous", None, "population", 0.3, reason, rows)

    def _name_method(self, text: str, row: int) -> str:
        place = self.gazetteer.place(row)
        plain = text.casefold()
        if place.name.casefold() == plain:
            return "exact"
        if any(a.casefold() == plain for a in place.alt_names):
            return "alternate"
        return "folded"

    def _apply_hint(self, rows: list[int], hint: str) -> list[int]:
        """Rows consistent with a region hint: admin1 name/code, own name, nearby place."""
        gz = self.gazetteer
        key = match_key(hint)
        if not key or key in _LABEL_WORDS:
            return []
        places = [gz.place(r) for r in rows]
        admin = gz.admin1_matching(hint) or gz.admin1_matching(_REGION_WORD_RE.sub("", hint))
        by_admin = [r for r, p in zip(rows, places)
                    if (p.country, p.admin1) in admin or p.admin1.casefold() == hint.casefold()]
        if by_admin:
            return by_admin
        by_name = [r for r, p in zip(rows, places) if key in match_key(p.name)]
        if by_name:
            return by_name
        countries = {p.country for p in places}
        anchors = [r for r in self._rows(hint, None) if gz.place(r).country in countries][:5]
        for anchor in anchors:
            a = gz.place(anchor)
            near = [(haversine_km(a.lat, a.lon, p.lat, p.lon), r)
                    for r, p in zip(rows, places) if p.country == a.country and r != anchor]
            near = sorted(x for x in near if x[0] <= HINT_PLACE_KM)
            if near:
                return [near[0][1]]
        # a division the main gazetteer has no table for ("Saône-et-Loire", "Nottinghamshire")
        areas = self._hint_areas(hint, countries)
        if areas:
            close = sorted((min(haversine_km(x.lat, x.lon, p.lat, p.lon) for x in areas), r)
                           for r, p in zip(rows, places))
            return [r for d, r in close if d <= AREA_HINT_KM]
        return []

    def _hint_areas(self, hint: str, countries: set[str]) -> list:
        """Divisions of the second gazetteer named like a hint, in the given countries."""
        if len(match_key(hint)) < 4 or match_key(hint) in _LABEL_WORDS:
            return []
        sg = self.second
        return [a for cc in sorted(countries) for a in sg.lookup(hint, cc)
                if a.level == "state"]

    def _far_from_areas(self, rows: list[int], hints: list[str]):
        """A hint naming a division while every candidate lies far outside it: the list
        means a place the gazetteer lacks ("L'Hôpital, Moselle" is not in Brittany)."""
        gz = self.gazetteer
        places = [gz.place(r) for r in rows]
        countries = {p.country for p in places}
        for hint in hints:
            areas = self._hint_areas(hint, countries)
            if areas and all(haversine_km(x.lat, x.lon, p.lat, p.lon) > AREA_FAR_KM
                             for x in areas for p in places):
                return areas[0]
        return None

    def _far_from_anchor(self, rows: list[int], hints: list[str]) -> int | None:
        """A qualifier that is a sizeable place in the candidates' country while no
        candidate lies near it ("Wuzhong (Suzhou)": Wuzhong in Ningxia is 1,500 km away)."""
        gz = self.gazetteer
        countries = {gz.place(r).country for r in rows}
        for hint in hints:
            if not match_key(hint) or match_key(hint) in _LABEL_WORDS or gz.admin1_matching(hint):
                continue
            anchors = [r for r in self._rows(hint, None)
                       if gz.place(r).country in countries
                       and gz.place(r).population >= ANCHOR_POPULATION][:3]
            if not anchors:
                continue
            if all(haversine_km(gz.place(a).lat, gz.place(a).lon, gz.place(r).lat,
                                gz.place(r).lon) > ANCHOR_FAR_KM for a in anchors for r in rows):
                return anchors[0]
        return None

    def _second_gazetteer(self, text, base, quals, cc, hints, anchor, near=None) -> _Pick | None:
        """Names cities500 lacks, from the second gazetteer: divisions, districts, towns.

        Only within the stated country; homonyms are settled by a qualifier naming their
        division or a place near them, else left ambiguous.
        """
        if not cc:
            return None
        sg = self.second
        names = [n for n in dict.fromkeys((text, base, _strip_labels(base))) if n]
        areas = []
        for n in names:
            areas = [a for a in sg.lookup(n, cc)]
            if areas:
                break
        if not areas:
            return None
        gz = self.gazetteer
        if anchor is not None:
            a = gz.place(anchor)
            areas = [x for x in areas if haversine_km(a.lat, a.lon, x.lat, x.lon) <= HINT_PLACE_KM]
        elif near is not None:
            areas = [x for x in areas
                     if haversine_km(near[0], near[1], x.lat, x.lon) <= AREA_HINT_KM]
        else:
            for hint in hints + quals:
                named = [x for x in areas if match_key(x.state) == match_key(hint)
                         or _REGION_WORD_RE.sub("", match_key(x.state)) == match_key(hint)]
                if named:
                    areas = named
        if not areas:
            return None
        top = areas[0]
        if any(haversine_km(top.lat, top.lon, x.lat, x.lon) > SAME_PLACE_KM for x in areas):
            listed = "; ".join(f"{x.name}, {x.state or x.country}" for x in areas[:3])
            return _Pick("ambiguous", None, "none", 0.3,
                         f"{len(areas)} areas called {base!r} in the second gazetteer: "
                         f"{listed}; give a region", [])
        admin = top.level == "state" or _strip_labels(top.name) != top.name or (
            _strip_labels(text) != text)
        method = "admin_area" if admin else "second_gazetteer"
        what = ("an administrative area" if top.level == "state" or admin
                else "a place")
        where = f" in {top.state}" if top.state else ""
        place = Place(city_id=top.qid or local_city_id(cc, top.name, top.lat, top.lon),
                      geonameid=0, name=top.name, country=cc, admin1="",
                      admin1_name=top.state, lat=top.lat, lon=top.lon, population=0,
                      alt_names=())
        reason = (f"not in cities500; {what}{where} placed at its point in the second "
                  "gazetteer (countrystatecity)")
        return _Pick("resolved", None, method, 0.75 if method == "admin_area" else 0.8,
                     reason, [], place)

    def _council_name(self, text, base, quals, cc, hints, anchor, near=None) -> _Pick | None:
        """'Basingstoke and Deane', 'Tonbridge and Malling': a council named after its towns,
        placed at the first when it is a place in the country."""
        m = re.match(r"^(.+?)\s+(?:and|&|und|et|y|e)\s+(.+)$", base)
        if not m or not cc or anchor is not None or near is not None:
            return None
        rows = self._rows(m.group(1), cc)
        if not rows:
            return None
        pick = self._choose(m.group(1), rows, hints, None)
        if pick.status != "resolved":
            return None
        p = self.gazetteer.place(pick.row)
        return _Pick("resolved", None, "admin_area", 0.6,
                     f"no place called {base!r}: an area named after its towns, placed at "
                     f"{p.name}", pick.rows, _area_at(base, cc, p))

    def _territory_itself(self, text, base, quals, cc, hints, anchor, near=None
                          ) -> _Pick | None:
        """'Guernsey' in Guernsey: a small territory itself (an island, a city state),
        placed at its capital. A large country named as a partner is left unplaced."""
        if not cc or regions.country_code(base) != cc or not (
                0 < regions.area_km2(cc) <= TERRITORY_KM2):
            return None
        rows = self._rows(regions.capital(cc), cc) if regions.capital(cc) else []
        if not rows:
            return None
        p = self.gazetteer.place(rows[0])
        return _Pick("resolved", None, "admin_area", 0.6,
                     f"{base!r} is the country or territory itself; placed at its capital, "
                     f"{p.name}", rows[:1], _area_at(base, cc, p))

    def _district_of(self, text, base, quals, cc, hints, anchor, near=None) -> _Pick | None:
        """'Nerima (Tokyo)', 'Dongdaemun (Seoul)': a district the gazetteers lack, written
        with its city, is placed at the city and said so."""
        gz = self.gazetteer
        row = anchor
        if row is None and cc:
            for q in re.findall(r"[(\[]([^)\]]*)[)\]]", text):  # "Nerima (Tokyo)" only
                rows = [r for r in self._rows(q, cc)
                        if gz.place(r).population >= ANCHOR_POPULATION]
                if not rows:
                    continue
                region = gz.admin1_matching(q, cc) or self._hint_areas(q, {cc})
                if region and gz.place(rows[0]).population < CITY_REGION_POPULATION:
                    continue  # "X (Quebec)" names the province, not Quebec City
                row = rows[0]
                break
        if row is None:
            return None
        p = gz.place(row)
        return _Pick("resolved", row, "district_of", 0.6,
                     f"{base!r} is not in the gazetteers; placed at {p.name}, the city "
                     "written with it", [row])

    # ------------------------------------------------------------------ failures
    def _not_found(self, text: str, cc: str | None, coords) -> _Pick:
        gz = self.gazetteer
        if cc and regions.country_code(text) == cc:
            return _Pick("unresolved", None, "none", 0.0,
                         f"{text!r} is the country itself, not a town: a partnership with a "
                         "country is not placed at a point", [])
        if cc:
            elsewhere = self._rows(text, None)
            for stripped in _label_stages(text):  # "Stadt Passau" named under Austria
                elsewhere = elsewhere or self._rows(stripped, None)
            if elsewhere:
                found = ", ".join(sorted({gz.place(r).country for r in elsewhere[:10]}))
                return _Pick("unresolved", None, "none", 0.0,
                             f"no place called {text!r} in {cc}; the name exists in {found} "
                             "(not moved: check the country)", elsewhere)
            # With coordinates a near-miss spelling is not needed (and could be the next
            # village): the list's own position places the place instead.
            fuzzy = self._fuzzy(text, cc) if coords is None else None
            # "Bad Friedrichshall" is a spa town's name, not a council's label
            labelled = [] if _NAME_PREFIX_RE.match(text) else _label_stages(text)
            if fuzzy is not None and (fuzzy.status == "resolved" or not labelled):
                return fuzzy
            if labelled:
                return _Pick("unresolved", None, "none", 0.0,
                             f"no place called {labelled[-1]!r} in {cc}: {text!r} is written "
                             "as a council or administrative area, and neither gazetteer has "
                             "it", fuzzy.rows if fuzzy is not None else [])
        where = f" in {cc}" if cc else ""
        return _Pick("unresolved", None, "none", 0.0,
                     f"no place called {text!r}{where} in the gazetteer", [])

    def _fuzzy(self, text: str, cc: str) -> _Pick | None:
        """Near misses in the country, accepted only when long, very close and unanimous.

        On the dev list most near misses are different villages missing from cities500,
        so a spelling is accepted only at >= 0.95 similarity, or >= 0.9 when several
        spellings of one single place agree ("Mogilyov" ~ Mogilev, Mogiljov, Mogilov).
        """
        gz = self.gazetteer
        key = match_key(_strip_labels(text) or text)
        if len(key) < 4:
            return None
        bucket = [k for k in self._bucket(cc).get(key[:1], []) if abs(len(k) - len(key)) <= 3]
        close = difflib.get_close_matches(key, bucket, n=5, cutoff=0.8)
        if not close:
            return None
        scores = [difflib.SequenceMatcher(None, key, k).ratio() for k in close]
        rows = _dedupe([r for k in close for r in gz.rows_for_key(k, cc)])
        strong = {r for k, sc in zip(close, scores) if sc >= 0.85 for r in gz.rows_for_key(k, cc)}
        agreeing = sum(1 for sc in scores if sc >= 0.85)
        if len(key) >= 6 and len(strong) == 1 and (
            scores[0] >= 0.95 or (agreeing >= 2 and scores[0] >= 0.9 and len(key) >= 8)
        ):
            row = strong.pop()
            return _Pick("resolved", row, "fuzzy", 0.5 * scores[0],
                         f"no exact match for {text!r}; spelling close to "
                         f"{gz.place(row).name!r}", [row] + rows)
        near = ", ".join(gz.place(r).name for r in rows[:3])
        return _Pick("unresolved", None, "none", 0.0,
                     f"no place called {text!r} in {cc}; near misses: {near}", rows)

    def _bucket(self, cc: str) -> dict[str, list[str]]:
        buckets = self._fuzzy_buckets.get(cc)
        if buckets is None:
            buckets = {}
            for k in self.gazetteer.country_keys(cc):
                buckets.setdefault(k[:1], []).append(k)
            self._fuzzy_buckets[cc] = buckets
        return buckets


# ---------------------------------------------------------------------- helpers
def _keys(text: str) -> set[str]:
    return match_keys(text)


def _as_text(value) -> str:
    """Cell value as text; None and NaN (pandas' empty cell) become ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _plain(text: str) -> str:
    """Case-insensitive but accent- and hyphen-sensitive form ("Moûtiers" != "Moutiers")."""
    return " ".join(text.casefold().replace("-", " ").split())


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _valid_coords(lat, lon) -> bool:
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(la) or math.isnan(lo)) and -90 <= la <= 90 and -180 <= lo <= 180


def _split_qualifiers(text: str) -> tuple[str, list[str]]:
    """'X (Y)' and 'X, Y, Z' -> ('X', ['Y', 'Z'])."""
    quals = [q.strip() for q in re.findall(r"[(\[]([^)\]]*)[)\]]", text) if q.strip()]
    base = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*", " ", text).strip()
    if "," in base:
        head, *rest = [p.strip() for p in base.split(",")]
        base, quals = head, [p for p in rest if p] + quals
    return base, quals


def _strip_labels(text: str) -> str:
    """'Landkreis X', 'Gmina X', 'X District', 'Fukui-shi' -> 'X'."""
    stages = _label_stages(text)
    return stages[-1] if stages else text.strip()


def _label_stages(text: str) -> list[str]:
    """The name with one label more stripped at each step, label on label ("Mid Devon
    District Council" -> "Mid Devon District" -> "Mid Devon"; "Stadtgemeinde Bad Vöslau"
    -> "Bad Vöslau" -> "Vöslau"): each is tried in turn, the least stripped first."""
    out, stages = text.strip(), []
    for _ in range(3):
        stripped = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", out)).strip(" ,-")
        if not stripped or stripped == out:
            break
        stages.append(stripped)
        out = stripped
    return stages


def _country_from_hints(cc: str | None, hints: list[str]) -> tuple[str | None, list[str]]:
    """A hint that is a country ('Tyre, Lebanon') sets the country when none was given."""
    rest = []
    for hint in hints:
        code = regions.country_code(hint) if match_key(hint) not in _LABEL_WORDS else None
        if code and code == cc and regions.is_constituent(hint):
            rest.append(hint)  # "Newport, Wales": a region of the United Kingdom too
            continue
        if code and (cc is None or code == cc) and not _looks_like_region(hint, cc):
            cc = code
        else:
            rest.append(hint)
    return cc, rest


def _looks_like_region(hint: str, cc: str | None) -> bool:
    """'Georgia' after a US town is the state, not the country."""
    return cc == "US" and match_key(hint) in {"georgia"}


#: Prefixes that _PREFIX_RE strips but that are part of a town's name, not a council's.
_NAME_PREFIX_RE = re.compile(r"^(?:bad|markt)\s", re.IGNORECASE)

_QUAL_JOIN = re.compile(
    r"^(?:an der|an den|aan de|aan den|in der|ob der|am|an|im|in|ob|bei|auf|sur|sous|upon|on|"
    r"de|del)\s+", re.IGNORECASE)


def _area_at(name: str, cc: str, centre: Place) -> Place:
    """An administrative area as a place of its own at its centre's point: the map shows
    the area ("Basingstoke and Deane"), never its centre town under the area's links."""
    return Place(city_id=local_city_id(cc, name, centre.lat, centre.lon), geonameid=0,
                 name=name, country=cc, admin1=centre.admin1,
                 admin1_name=centre.admin1_name, lat=centre.lat, lon=centre.lon,
                 population=0, alt_names=())


def _own_qualifiers(p: Place, base: str) -> set[str]:
    """Qualifiers a place's own names carry after the name asked for: "Stolberg
    (Rheinland)" -> rheinland, "Krimpen aan den IJssel" for "Krimpen" -> ijssel."""
    fb = match_key(base)
    out = set()
    for n in (p.name, *p.alt_names):
        if len(n) <= len(base) + 3 or match_key(n[:len(base)]) != fb:
            continue
        rest = n[len(base):]
        if rest[:1] not in (" ", "(", "/", ","):
            continue
        q = match_key(_QUAL_JOIN.sub("", rest.strip(" (),/-").lower()))
        if len(q) >= 3:
            out.add(q)
    return out


def _not_contradicted(gz: Gazetteer, base: str, rows: list[int], hints: list[str]) -> list[int]:
    """Drop homonyms whose own names carry another qualifier than the one given:
    "Stolberg (Südharz)" is not the Stolberg known as "Stolberg (Rheinland)"."""
    keys = [match_key(h) for h in hints if match_key(h) and match_key(h) not in _LABEL_WORDS]
    if not keys:
        return rows
    kept = []
    for r in rows:
        quals = _own_qualifiers(gz.place(r), base)
        if quals and not any(q in k or k in q for q in quals for k in keys):
            continue
        kept.append(r)
    return kept


def _by_coordinates(gz: Gazetteer, text: str, rows: list[int], coords) -> _Pick:
    """The same-named place nearest the list's coordinates, if within COORD_MATCH_KM."""
    lat, lon = coords
    dist, row = min((haversine_km(lat, lon, gz.place(r).lat, gz.place(r).lon), r) for r in rows)
    if dist > COORD_MATCH_KM:
        p = gz.place(row)
        return _Pick("unresolved", None, "none", 0.0,
                     f"nearest place called {text!r} is {p.name} ({p.country}), {dist:.0f} km "
                     "from the list's coordinates", [row] + rows)
    conf = 0.97 if dist <= 10 else 0.9
    return _Pick("resolved", row, "coordinates", conf, "", [row] + rows)


def _coord2(value: float) -> str:
    text = f"{round(value, 2):.2f}"
    return "0.00" if text == "-0.00" else text


def local_city_id(country: str, name: str, lat: float, lon: float) -> str:
    """Stable id for a place only the list itself locates: loc:<iso2>-<slug>-<lat>-<lon>.

    >>> local_city_id("DE", "Beuel", 50.7366, 7.1357)
    'loc:de-beuel-50.74-7.14'
    """
    return f"loc:{country.lower()}-{slug(name, 60) or 'place'}-{_coord2(lat)}-{_coord2(lon)}"


def _all_near(gz: Gazetteer, rows: list[int]) -> bool:
    top = gz.place(rows[0])
    return all(haversine_km(top.lat, top.lon, gz.place(r).lat, gz.place(r).lon) <= SAME_PLACE_KM
               for r in rows[1:])


def _dedupe(rows: list[int]) -> list[int]:
    seen: set[int] = set()
    out = []
    for r in rows:
        if r is not None and r not in seen:
            seen.add(r)
            out.append(r)
    return out



# ---------------------------------------------------------------------- a side's country
#: Share of a side's places that must point to one country for it to be taken as theirs.
INFER_COORD_SHARE = 0.9
INFER_NAME_SHARE = 0.8
INFER_SAMPLE = 400


@dataclass(frozen=True)
class CountryGuess:
    """The country a list's side is in, read from its data, and how that was decided."""

    country: str | None
    evidence: str
    source: str = ""  # "coordinates" or "names"


def infer_country(geocoder: Geocoder, places: Iterable[tuple[str, float | None, float | None]]
                  ) -> CountryGuess:
    """Which country a side without a country column is in: from its coordinates (the
    nearest gazetteer place within 30 km of each), else from its names (the country where
    most of them exist). Only a clear majority counts; otherwise the side stays without a
    country and every name is looked up worldwide, as before.
    """
    gz = geocoder.gazetteer
    by_xy: dict[str, int] = {}
    by_name: dict[str, int] = {}
    n_xy = n_name = 0
    seen: set = set()
    for name, lat, lon in places:
        if (name, lat, lon) in seen or len(seen) >= INFER_SAMPLE:
            continue
        seen.add((name, lat, lon))
        if lat is not None and lon is not None and _valid_coords(lat, lon):
            near = gz.nearest(float(lat), float(lon), 30.0)
            n_xy += 1
            if near is not None:
                by_xy[near.country] = by_xy.get(near.country, 0) + 1
            continue
        base, _ = _split_qualifiers(name)
        rows = geocoder._rows(base or name, None)
        if rows:  # the largest place of the name: "Paris" is in France, not Texas
            n_name += 1
            cc = gz.place(rows[0]).country
            by_name[cc] = by_name.get(cc, 0) + 1
    for votes, total, share, how in ((by_xy, n_xy, INFER_COORD_SHARE, "coordinates"),
                                     (by_name, n_name, INFER_NAME_SHARE, "names")):
        if not votes or total < 3:
            continue
        cc, top = max(votes.items(), key=lambda kv: kv[1])
        if top >= share * total or (top >= 3 and total - top <= 1):  # one stray in a few
            what = "lie in" if how == "coordinates" else "are place names in"
            return CountryGuess(cc, f"{top} of {total} sampled places {what} {cc} "
                                    f"(from their {how})", how)
    return CountryGuess(None, f"no single country for {n_xy + n_name} sampled places")


def country_at(geocoder: Geocoder, lat: float, lon: float, km: float = 30.0) -> str | None:
    """The country of the nearest gazetteer place within km of (lat, lon)."""
    if not _valid_coords(lat, lon):
        return None
    near = geocoder.gazetteer.nearest(float(lat), float(lon), km)
    return None if near is None else near.country


# ---------------------------------------------------------------------- causes
#: Why a place was left unplaced, in a few words a report can count by: (cause, words
#: that the reasons written above carry for it), first match wins.
UNPLACED_CAUSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("not tried: geocoding stopped at the upload limit", ("not tried",)),
    ("empty place name", ("empty place name",)),
    ("country unknown", ("not recognised",)),
    ("a country or region, not a town", ("not a town",)),
    ("not in the gazetteers (written as a council or administrative area)",
     ("as a council or administrative area",)),
    ("the name exists only in another country (not moved)", ("the name exists in",)),
    ("a qualifier rules every candidate out", ("qualifier names", "carry other qualifiers")),
    ("not in the gazetteers (near-miss spellings only)", ("near misses",)),
    ("not in the gazetteers", ("in the gazetteer", "not in the gazetteers")),
    ("the list's coordinates are far from every place of the name", ("nearest place called",)),
)


def unplaced_cause(status: str, reason: str) -> str:
    """The cause a place was not placed, as counted in reports: "ambiguous between several
    candidates", "not in the gazetteers", "country unknown", "a country or region, not a
    town"... ("" for a placed one). Read from the status and the reason this module wrote,
    so the one wording of each reason stays here."""
    if status == "resolved":
        return ""
    if status == "ambiguous":
        return "ambiguous between several candidates"
    for cause, marks in UNPLACED_CAUSES:
        if any(mark in reason for mark in marks):
            return cause
    return "other"
