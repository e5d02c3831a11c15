"""Lists that carry coordinates: places missing from the gazetteer are placed by the list.

A place the gazetteer lacks (a district such as Beuel, a small commune) but whose row gives
valid coordinates is imported at those coordinates with a ``loc:`` id, never snapped to a
nearby place of another name; the output still validates and merges idempotently.
"""

from __future__ import annotations

import pytest

from sistermap.importers import merge, pipeline
from sistermap.store import dataset

LIST = (
    "city,country,lat,lon,population,partner,partner country,partner lat,partner lon\n"
    "Beuel,Germany,50.7366,7.1357,68000,Mirecourt,France,48.3,6.1333\n"
    "Bonn,Germany,50.7333,7.1,300000,Oxford,United Kingdom,51.75,-1.25\n"
    "Beuel,Germany,50.7366,7.1357,,Bonn,Germany,50.7333,7.1\n"
    "Brigachtal,Germany,48.0,8.45,,Beuel,Germany,7.1357,50.7366\n"
)


@pytest.fixture(scope="module")
def geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


def _run(geocoder, text: str = LIST, **options):
    return pipeline.run([("list.csv", text.encode())], pipeline.ImportOptions(**options),
                        geocoder)


def test_missing_places_are_placed_at_the_list_coordinates(geocoder, tmp_path):
    result = _run(geocoder)
    places = result.places
    beuel = places[(places["input_name"] == "Beuel") & (places["lat"] == "50.7366")].iloc[0]
    assert beuel["status"] == "resolved" and beuel["method"] == "list_coordinates"
    assert beuel["city_id"] == "loc:de-beuel-50.74-7.14"
    assert beuel["confidence"] == "0.70"
    assert "placed at the list's own coordinates" in beuel["reason"]
    cities = result.cities.set_index("city_id")
    assert cities.loc["loc:de-beuel-50.74-7.14", "name"] == "Beuel"
    assert cities.loc["loc:de-beuel-50.74-7.14", "population"] == "68000"  # the list's own
    # Beuel and Bonn stay two cities: the Beuel–Bonn row is a partnership, not a self-link.
    ids = set(result.partnerships["city_a_id"]) | set(result.partnerships["city_b_id"])
    assert {"loc:de-beuel-50.74-7.14", "gn:2946447"} <= ids
    out = pipeline.write_outputs(tmp_path / "out", result)
    assert dataset.validate(out) == []


def test_coordinates_outside_the_country_are_reported_not_used(geocoder):
    result = _run(geocoder)
    places = result.places
    swapped = places[(places["input_name"] == "Beuel") & (places["status"] != "resolved")]
    assert len(swapped) == 1
    assert "swapped?" in swapped.iloc[0]["reason"]
    assert result.report["rows_rejected"] == 1  # Brigachtal–Beuel with swapped coordinates


def test_without_coordinates_nothing_is_placed_by_the_list(geocoder):
    result = _run(geocoder, use_coordinates=False)
    assert "list_coordinates" not in set(result.places["method"])
    assert not any(cid.startswith("loc:") for cid in result.cities["city_id"])


def test_a_qid_wins_over_the_local_id(geocoder):
    text = ("city,qid,country,lat,lon,partner,partner country,partner lat,partner lon\n"
            "Beuel,Q315544,Germany,50.7366,7.1357,Brigachtal,Germany,48.0,8.45\n")
    result = _run(geocoder, text)
    assert "Q315544" in set(result.cities["city_id"])
    assert "loc:de-brigachtal-48.00-8.45" in set(result.cities["city_id"])


def test_merging_local_places_twice_changes_nothing(geocoder, tmp_path):
    result = _run(geocoder)
    target = tmp_path / "target"
    first = merge.merge_into(target, result)
    assert first["written"] and dataset.validate(target) == []
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    second = merge.merge_into(target, _run(geocoder))
    assert not second["written"] and second["added"] == 0
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
