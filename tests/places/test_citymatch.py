"""One city, one id across sources: same QID, else same name + country within 25 km."""

from __future__ import annotations

from pathlib import Path

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
