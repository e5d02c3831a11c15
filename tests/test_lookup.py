"""Deep links find the right city, or suggest instead of failing."""

from __future__ import annotations

from sistermap.lookup import find_city


def test_by_id_name_and_historic_name(mini_dataset):
    cities = mini_dataset.cities
    assert find_city(cities, "gn:2652221").city_id == "gn:2652221"
    assert find_city(cities, "coventry").city_id == "gn:2652221"
    assert find_city(cities, "Stalingrad").city_id == "gn:472757"
    assert find_city(cities, "Krakow").city_id == "gn:3094802"


def test_misspelling_gives_suggestions_not_a_match(mini_dataset):
    result = find_city(mini_dataset.cities, "Coventri")
    assert result.city_id is None and result.suggestions == ("gn:2652221",)


def test_unknown_and_hostile_input_give_nothing(mini_dataset):
    for query in ("", "<script>alert(1)</script>", "Atlantis"):
        result = find_city(mini_dataset.cities, query)
        assert result.city_id is None and result.matches == ()


def test_shown_alt_names_keep_names_in_use():
    cell = "Köln|Colonia Agrippina|kao wen chui|keulun|Cologne-sur-Rhin|Kolonia|Colonia|Kelen"
    assert find_city.__module__ == "sistermap.lookup"
    from sistermap.lookup import shown_alt_names

    assert shown_alt_names(cell) == ["Köln", "Colonia Agrippina", "Cologne-sur-Rhin", "Kolonia",
                                     "Colonia", "Kelen"]
    assert shown_alt_names("") == []
