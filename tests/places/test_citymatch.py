"""One city, one id across sources: same QID, else same name + country within 25 km."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sistermap.importers import PlaceRef, pipeline
from sistermap.places import citymatch
from sistermap.store import dataset

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _place(city_id: str, name: str, country: str, lat: float, lon: float,
           alt_names: str = "") -> pipeline.PlaceOutcome:
    return pipeline.PlaceOutcome(ref=PlaceRef(name, country), status="resolved",
                                 city_id=city_id, name=name, country=country,
                                 alt_names=alt_names, lat=lat, lon=lon)


def _unify(*places: pipeline.PlaceOutcome) -> set[str]:
    citymatch.unify((p, p.ref.name) for p in places)
    return {p.city_id for p in places}


def test_a_wikidata_city_and_the_gazetteer_city_of_the_same_name_nearby_are_one():
    wd = _place("Q900001", "Coventry", "GB", 52.4081, -1.5106)
    gn = _place("gn:900002", "Coventry", "GB", 52.4066, -1.5122, "Coventria|Koventri")
    assert _unify(wd, gn) == {"Q900001"}
    assert gn.name == "Coventry" and (gn.lat, gn.lon) == (52.4081, -1.5106)
    assert "Koventri" in wd.alt_names  # what the gazetteer knew is kept
    assert "same city as Q900001" in gn.reason


def test_an_alternate_name_matches_too():
    wd = _place("Q900003", "Wolgograd", "RU", 48.708, 44.513)
    gn = _place("gn:900004", "Volgograd", "RU", 48.7138, 44.4976, "Stalingrad|Wolgograd")
    assert _unify(wd, gn) == {"Q900003"}


def test_homonyms_in_different_countries_stay_two_cities():
    assert len(_unify(_place("Q900005", "Cambridge", "GB", 52.2053, 0.1218),
                      _place("gn:900006", "Cambridge", "US", 42.3736, -71.1097))) == 2


def test_the_same_name_far_apart_in_one_country_stays_two_cities():
    assert len(_unify(_place("Q900007", "Frankfurt", "DE", 50.1109, 8.6821),
                      _place("gn:900008", "Frankfurt", "DE", 52.3471, 14.5506))) == 2


def test_near_neighbours_with_different_names_stay_two_cities():
    assert len(_unify(_place("Q900009", "Bonn", "DE", 50.7374, 7.0982),
                      _place("gn:900010", "Königswinter", "DE", 50.6835, 7.1929))) == 2


@pytest.mark.parametrize("a, b", [("Q900011", "Q900012"), ("gn:900011", "gn:900012")])
def test_two_ids_of_the_same_source_are_never_merged(a, b):
    assert len(_unify(_place(a, "Esch", "LU", 49.50, 5.98),
                      _place(b, "Esch", "LU", 49.51, 5.99))) == 2


def test_a_list_place_joins_the_gazetteer_city_and_that_the_wikidata_one():
    loc = _place("loc:gb-coventry-52.41-1.51", "Coventry", "GB", 52.41, -1.51)
    gn = _place("gn:900013", "Coventry", "GB", 52.4066, -1.5122)
    wd = _place("Q900014", "Coventry", "GB", 52.4081, -1.5106)
    assert _unify(loc, gn, wd) == {"Q900014"}


@pytest.fixture(scope="module")
def geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


def test_wikidata_json_and_a_csv_of_the_same_partnerships_give_one_city_each(geocoder,
                                                                           tmp_path):
    wd = (FIX / "wikidata_p190.json").read_bytes()
    csv_ = b"city1,country1,city2,country2,year\nBerlin,DE,Paris,FR,1987\n" \
           b"Berlin,Germany,Madrid,Spain,1988\n"
    result = pipeline.run([("wd.json", wd), ("list.csv", csv_)], pipeline.ImportOptions(),
                          geocoder)
    cities = result.cities
    assert list(cities[cities["name"] == "Berlin"]["city_id"]) == ["Q64"]
    assert list(cities[cities["name"] == "Paris"]["city_id"]) == ["Q90"]
    pairs = {tuple(sorted(p)) for p in zip(result.partnerships["city_a_id"],
                                           result.partnerships["city_b_id"])}
    assert ("Q64", "Q90") in pairs and len(pairs) == len(result.partnerships)
    (madrid,) = cities[cities["name"] == "Madrid"]["city_id"]
    assert tuple(sorted(("Q64", madrid))) in pairs  # the CSV's Berlin is Q64 too
    out = pipeline.write_outputs(tmp_path / "out", result)
    assert dataset.validate(out) == []


# --- import --merge-into: the same rule onto an existing dataset's cities -----------------

def _cities(*rows) -> pd.DataFrame:
    """city_id, name, alt_names, country, lat, lon as a dataset's files read them (text)."""
    return pd.DataFrame([{"city_id": cid, "name": name, "alt_names": alts, "country": cc,
                          "admin1": "", "lat": str(lat), "lon": str(lon), "population": ""}
                         for cid, name, alts, cc, lat, lon in rows], dtype=object)


EXISTING = _cities(("gn:2950159", "Berlin", "", "DE", 52.52437, 13.41053),
                   ("gn:5045360", "Saint Paul", "", "US", 44.9444, -93.0933),
                   ("gn:2925533", "Frankfurt am Main", "Frankfurt", "DE", 50.11552, 8.68417))


def test_merge_maps_an_imported_city_onto_the_existing_one():
    new = _cities(("Q64", "Berlin", "", "DE", 52.5167, 13.3833),
                  ("Q28848", "St. Paul", "", "US", 44.95, -93.09))         # Saint table
    assert citymatch.crosswalk(EXISTING, new) == {"Q64": "gn:2950159",
                                                 "Q28848": "gn:5045360"}
    # The same id is already the same city; it also keeps another place from claiming it
    # (the import kept Q64 apart from gn:2950159, so they are two places).
    same = _cities(("gn:2950159", "Berlin", "", "DE", 52.52437, 13.41053),
                   ("Q64", "Berlin", "", "DE", 52.5167, 13.3833))
    assert citymatch.crosswalk(EXISTING, same) == {}


def test_merge_matches_within_25_km_not_only_10():
    # 15 km from the existing Berlin: 10 km (the old merge rule) missed it, 25 km is one city.
    new = _cities(("Q900101", "Berlin", "", "DE", 52.52437, 13.63))
    assert citymatch.crosswalk(EXISTING, new) == {"Q900101": "gn:2950159"}
    far = _cities(("Q900102", "Berlin", "", "DE", 52.52437, 13.90))  # 33 km
    assert citymatch.crosswalk(EXISTING, far) == {}


def test_merge_takes_the_nearest_city_not_the_first():
    existing = _cities(("gn:900201", "Esch", "", "LU", 49.60, 6.00),   # 11 km away, first
                       ("gn:900202", "Esch", "", "LU", 49.51, 5.99))   # 1 km away
    new = _cities(("Q900203", "Esch", "", "LU", 49.50, 5.98))
    assert citymatch.crosswalk(existing, new) == {"Q900203": "gn:900202"}


def test_merge_never_takes_a_different_id_of_the_same_source():
    gn = _cities(("gn:900301", "Esch", "", "LU", 49.50, 5.98))
    wd = _cities(("Q900302", "Esch", "", "LU", 49.50, 5.98))
    # Another GeoNames place, another Wikidata item 1 km away: their sources say two places.
    assert citymatch.crosswalk(gn, _cities(("gn:900303", "Esch", "", "LU", 49.51, 5.99))) == {}
    assert citymatch.crosswalk(wd, _cities(("Q900304", "Esch", "", "LU", 49.51, 5.99))) == {}
    # Across sources the name and distance decide.
    assert citymatch.crosswalk(gn, _cities(("Q900304", "Esch", "", "LU", 49.51, 5.99))) == {
        "Q900304": "gn:900301"}


def test_merge_gives_an_existing_city_to_one_imported_city_only():
    new = _cities(("Q900401", "Berlin", "", "DE", 52.60, 13.50),
                  ("loc:de-berlin-52.52-13.41", "Berlin", "", "DE", 52.52, 13.41))
    assert citymatch.crosswalk(EXISTING, new) == {"loc:de-berlin-52.52-13.41": "gn:2950159"}


def test_merge_uses_the_qualifier_rule_and_distance_together():
    new = _cities(("Q4024", "Frankfurt (Oder)", "", "DE", 52.35, 14.55),  # 450 km away
                  ("Q1794", "Frankfurt", "", "DE", 50.1136, 8.6797))
    assert citymatch.crosswalk(EXISTING, new) == {"Q1794": "gn:2925533"}


def test_merge_into_an_empty_dataset_maps_nothing():
    empty = pd.DataFrame(columns=list(EXISTING.columns), dtype=object)
    assert citymatch.crosswalk(empty, _cities(("Q64", "Berlin", "", "DE", 52.5, 13.4))) == {}


def test_unify_reads_saint_and_qualifiers_like_the_other_callers():
    wd = _place("Q900501", "St. Paul", "US", 44.95, -93.09)
    gn = _place("gn:900502", "Saint Paul", "US", 44.9444, -93.0933)
    assert _unify(wd, gn) == {"Q900501"}
    wd = _place("Q900503", "Frankfurt (Oder)", "DE", 52.35, 14.55)
    gn = _place("gn:900504", "Frankfurt", "DE", 52.3471, 14.5506)
    assert _unify(wd, gn) == {"Q900503"}


def test_unify_joins_the_nearest_stronger_place():
    loc = _place("loc:lu-esch-49.50-5.98", "Esch", "LU", 49.50, 5.98)
    far = _place("gn:900601", "Esch", "LU", 49.60, 6.00)   # 11 km
    near = _place("gn:900602", "Esch", "LU", 49.51, 5.99)  # 1 km
    citymatch.unify((p, p.ref.name) for p in (loc, far, near))
    assert loc.city_id == "gn:900602" and far.city_id == "gn:900601"


# --- a source's places onto a dataset's cities (the Wikidata layer) ----------------------


def places(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "name", "country", "lat", "lon"])

def cities_table(*rows):
    frame = pd.DataFrame(
        [{"city_id": cid, "name": name, "alt_names": alts, "country": cc, "admin1": "",
          "lat": lat, "lon": lon, "population": ""} for cid, name, alts, cc, lat, lon in rows])
    return dataset.build_cities(frame)

REVIEWED = cities_table(
    ("gn:2653941", "Cambridge", "Cantabrigia", "GB", 52.2, 0.11667),
    ("gn:2925533", "Frankfurt am Main", "Frankfurt|Francfort", "DE", 50.11552, 8.68417),
    ("gn:5746545", "Portland", "", "US", 45.52345, -122.67621),
    ("gn:5045360", "Saint Paul", "St. Paul", "US", 44.9444, -93.0933),
    ("gn:2657896", "Zürich", "Zurich", "CH", 47.36667, 8.55),
    ("gn:2950159", "Berlin", "", "DE", 52.52437, 13.41053),
)

def matched(*rows) -> dict[str, str]:
    table = citymatch.match_cities(places(*rows), REVIEWED)
    return dict(zip(table["source_id"], table["city_id"]))

def test_homonyms_in_other_countries_or_far_apart_stay_apart():
    found = matched(
        ("Q350", "Cambridge", "GB", 52.205, 0.119),            # the reviewed one
        ("Q49111", "Cambridge", "US", 42.3736, -71.1097),      # Massachusetts
        ("Q1794", "Frankfurt", "DE", 50.1136, 8.6797),         # am Main
        ("Q4024", "Frankfurt (Oder)", "DE", 52.35, 14.55),     # 450 km away
        ("Q6106", "Portland", "US", 45.52, -122.68),           # Oregon
        ("Q49186", "Portland", "US", 43.6615, -70.2553),       # Maine
    )
    assert found == {"Q350": "gn:2653941", "Q1794": "gn:2925533", "Q6106": "gn:5746545"}

def test_near_neighbours_with_other_names_are_not_merged():
    # Potsdam and Teltow are a few km from Berlin's edge, Spandau-like neighbours: no merge.
    assert matched(("Q1711", "Potsdam", "DE", 52.4, 13.07),
                   ("Q1000", "Teltow", "DE", 52.40, 13.27),
                   ("Q64", "Berlin", "DE", 52.52, 13.405)) == {"Q64": "gn:2950159"}

def test_names_match_folded_with_saint_and_qualifiers():
    assert matched(("Q28848", "St. Paul", "US", 44.95, -93.09),
                   ("Q72", "Zurich", "CH", 47.37, 8.54)) == {"Q28848": "gn:5045360",
                                                             "Q72": "gn:2657896"}
    assert matched(("Q239", "City of Zurich", "CH", 47.37, 8.54)) == {"Q239": "gn:2657896"}

def test_a_city_is_claimed_by_the_nearest_place_only():
    found = matched(("Q1", "Berlin", "DE", 52.52, 13.40), ("Q2", "Berlin", "DE", 52.60, 13.5))
    assert found == {"Q1": "gn:2950159"}

def test_same_id_matches_without_a_name():
    table = cities_table(("Q64", "Berlin", "", "DE", 52.52, 13.40))
    found = citymatch.match_cities(places(("Q64", "Berlin (city)", "DE", 0.0, 0.0)), table)
    assert found["method"].tolist() == ["same id"]
