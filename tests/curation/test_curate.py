"""Building data/ from the curation files: which alternate names a city keeps."""

from __future__ import annotations

from types import SimpleNamespace

from sistermap.places import altnames


def test_a_long_name_list_keeps_the_names_people_write_before_index_forms():
    # GeoNames lists A to Z: lower-case romanised forms come first and used to push
    # "Peking" past the cut.
    romanised = [f"bei jing {i}" for i in range(80)]
    place = SimpleNamespace(name="Beijing", alt_names=tuple(romanised + ["Pechino", "Peking"]))
    kept = altnames.alt_names(place).split("|")
    assert kept[:2] == ["Pechino", "Peking"] and len(kept) == altnames.MAX_ALT_NAMES


def test_a_short_name_list_keeps_the_gazetteer_order_and_leaves_out_codes():
    place = SimpleNamespace(name="Saint Petersburg", alt_names=("LED", "leningrad", "Petrograd",
                                                                 "Санкт-Петербург"))
    assert altnames.alt_names(place) == "leningrad|Petrograd"
