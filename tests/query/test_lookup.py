"""Deep links and the search box find the right city, or offer a choice instead of failing."""

from __future__ import annotations

import pytest

from sistermap.names import slug
from sistermap.query import filters
from sistermap.query.lookup import find_city, permalink, shown_alt_names
from sistermap.store import dataset
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def shipped_cities():
    return dataset.load(SHIPPED).cities


def by_name(cities, name, country):
    return cities.index[(cities["name"] == name) & (cities["country"] == country)][0]


def test_by_id_name_and_historic_name(mini_dataset):
    cities = mini_dataset.cities
    assert find_city(cities, "gn:2652221").city_id == "gn:2652221"
    assert find_city(cities, "coventry").city_id == "gn:2652221"
    assert find_city(cities, "Stalingrad").city_id == "gn:472757"
    assert find_city(cities, "Krakow").city_id == "gn:3094802"
    assert find_city(cities, "Peking").city_id == "gn:1816670"


def test_misspelling_gives_suggestions_not_a_match(mini_dataset):
    result = find_city(mini_dataset.cities, "Coventri")
    assert result.city_id is None and result.suggestions == ("gn:2652221",)


def test_unknown_and_hostile_input_give_nothing(mini_dataset):
    for query in ("", "<script>alert(1)</script>", "Atlantis", "x" * 100_000, "\x00", "²"):
        result = find_city(mini_dataset.cities, query)
        assert result.city_id is None and result.matches == () and not result.found


def test_an_exact_name_wins_over_another_citys_old_name(shipped_cities):
    saint_paul = by_name(shipped_cities, "Saint Paul", "US")
    assert find_city(shipped_cities, "Saint Paul").city_id == saint_paul
    # the search box agrees: only Saint Paul, not Luanda ("Saint Paul de Loanda")
    hits = shipped_cities.index[filters.city_matches(shipped_cities, "saint paul").to_numpy()]
    assert list(hits) == [saint_paul]


def test_homonyms_give_a_choice_and_readable_permalinks(shipped_cities):
    gb, us = by_name(shipped_cities, "Cambridge", "GB"), by_name(shipped_cities, "Cambridge", "US")
    result = find_city(shipped_cities, "Cambridge")
    assert result.city_id is None and set(result.matches) == {gb, us}
    assert permalink(shipped_cities, gb) == "cambridge-gb"
    assert find_city(shipped_cities, "cambridge-gb").city_id == gb
    assert find_city(shipped_cities, permalink(shipped_cities, us)).city_id == us


def test_permalinks_are_slugs_of_the_name_and_find_their_city(shipped_cities):
    coventry = by_name(shipped_cities, "Coventry", "GB")
    assert permalink(shipped_cities, coventry) == "coventry"
    assert slug("Saint-Étienne") == "saint-etienne"
    for city_id in shipped_cities.index:
        assert find_city(shipped_cities, permalink(shipped_cities, city_id)).city_id == city_id


def test_a_name_without_letters_links_by_its_id(mini_dataset):
    cities = mini_dataset.cities.copy()
    cities.loc["gn:2652221", "name"] = "<<>>"
    assert permalink(cities, "gn:2652221") == "gn:2652221"


def test_shown_alt_names_keep_names_in_use():
    cell = "Köln|Colonia Agrippina|kao wen chui|keulun|Cologne-sur-Rhin|Kolonia|Colonia|Kelen"
    shown = shown_alt_names(cell, name="Cologne")
    assert "Köln" in shown and "Colonia Agrippina" in shown
    assert "kao wen chui" not in shown and "Cologne-sur-Rhin" not in shown  # index form; own name
    assert shown_alt_names("") == []


def test_shown_alt_names_leave_out_respellings_and_show_each_other_name_once():
    assert shown_alt_names("Coventria|Koventri|Koventrija", name="Coventry") == []
    shown = shown_alt_names("Caricin|Estalingrado|Stalingrad|Stalingrado|Stalinhrad|Tsaritsyn|"
                            "Wolgograd", name="Volgograd")
    assert shown[0] == "Stalingrad"  # the most widely spelt other name first, typically spelt
    assert "Estalingrado" not in shown and "Wolgograd" not in shown
    assert shown_alt_names("City of Saint Paul|San Pablo", name="Saint Paul") == ["San Pablo"]


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Coventry", "GB", set()), ("Kaliningrad", "RU", {"Königsberg"}),
    ("Saint Petersburg", "RU", {"Leningrad", "Petrograd"}), ("Ho Chi Minh City", "VN", {"Saigon"}),
    ("Volgograd", "RU", {"Stalingrad"}),
])
def test_city_pages_show_the_names_people_know(shipped_cities, name, country, expected):
    matches = (shipped_cities["name"] == name) & (shipped_cities["country"] == country)
    if not matches.any():
        pytest.skip(f"{name} is not in the shipped data")
    city = shipped_cities[matches].iloc[0]
    shown = shown_alt_names(city["alt_names"], name=name)
    assert expected <= set(shown) and (expected or shown == [])


@pytest.mark.parametrize(("query", "name"), [("Peking", "Beijing"), ("Stalingrad", "Volgograd"),
                                             ("Krakow", "Kraków"), ("Koeln", "Cologne")])
def test_the_names_the_readme_promises_find_their_city(shipped_cities, query, name):
    found = find_city(shipped_cities, query)
    assert found.city_id and shipped_cities.at[found.city_id, "name"] == name


def test_a_very_long_name_links_by_its_id_and_fits_a_qr_code(mini_dataset):
    from sistermap.kit import share

    cities = mini_dataset.cities.copy()
    cities.loc["gn:2652221", "name"] = "Coventry " * 260  # ~2,300 characters
    link = permalink(cities, "gn:2652221")
    assert link == "gn:2652221"
    assert find_city(cities, link).city_id == "gn:2652221"
    url = share.permalink(share.DEFAULT_BASE, "gn:2652221", cities=cities)
    assert share.qr_png(url).startswith(b"\x89PNG")


def test_every_city_has_its_own_file_stem_and_homonyms_say_which(shipped_cities):
    """#17: batch outputs named by the permalink rule never overwrite one another."""
    from sistermap.query.lookup import file_stem, homonym_note

    stems = [file_stem(shipped_cities, c) for c in shipped_cities.index]
    assert len(set(stems)) == len(stems)
    assert file_stem(shipped_cities, by_name(shipped_cities, "Coventry", "GB")) == "coventry"
    assert file_stem(shipped_cities, "Q641014") == "naumburg-q641014"
    assert homonym_note(shipped_cities, "gn:2866906") == "Saxony-Anhalt"
    assert homonym_note(shipped_cities, "Q8693") == "51.13° N, 13.58° E"
    assert homonym_note(shipped_cities, by_name(shipped_cities, "Cambridge", "GB")) == "England"
    assert homonym_note(shipped_cities, by_name(shipped_cities, "Coventry", "GB")) == ""


def test_a_bare_name_offers_every_qualified_namesake(shipped_cities):
    """#17: "Frankfurt" is Frankfurt am Main or Frankfurt (Oder); the search box agrees."""
    main = by_name(shipped_cities, "Frankfurt am Main", "DE")
    oder = by_name(shipped_cities, "Frankfurt (Oder)", "DE")
    result = find_city(shipped_cities, "Frankfurt")
    assert result.city_id is None and set(result.matches) == {main, oder}
    hits = shipped_cities.index[filters.city_matches(shipped_cities, "Frankfurt").to_numpy()]
    assert set(hits) == {main, oder}
    assert find_city(shipped_cities, "Frankfurt am Main").city_id == main
    assert find_city(shipped_cities, "Frankfurt (Oder)").city_id == oder


@pytest.mark.parametrize("query", ["Frankfurt an der Oder", "frankfurt an der oder",
                                   "Frankfurt/Oder"])
def test_official_long_forms_find_the_qualified_name(shipped_cities, query):
    oder = by_name(shipped_cities, "Frankfurt (Oder)", "DE")
    assert find_city(shipped_cities, query).city_id == oder
    hits = shipped_cities.index[filters.city_matches(shipped_cities, query).to_numpy()]
    assert list(hits) == [oder]
