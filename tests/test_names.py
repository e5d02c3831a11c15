"""Every rule for "the same name", once: search form, matching keys, name keys, slugs."""

from __future__ import annotations

import pytest

from sistermap.names import (
    ABBREVIATIONS,
    fold,
    match_key,
    match_keys,
    name_keys,
    slug,
    transliteration_keys,
    words,
)


def test_search_form_keeps_words_and_abbreviations_as_written() -> None:
    assert fold("Kraków") == fold("KRAKOW") == "krakow"
    assert fold("Łódź") == "lodz" and fold("Москва") == "moskva"
    assert fold("St. Petersburg") == "st petersburg"  # a half-typed "st" still finds Stuttgart
    assert fold("Frankfurt (Oder)") == "frankfurt oder"
    assert fold("L'Aquila") == "l aquila"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kraków", "krakow"), ("St. Louis", "Saint Louis"), ("Saint-Étienne", "st etienne"),
     ("L'Aquila", "laquila"), ("Newcastle-upon-Tyne", "Newcastle upon Tyne"),
     ("Sankt Augustin", "St. Augustin"), ("Łódź", "lodz"), ("Straße", "strasse"),
     ("Mt Gambier", "Mount Gambier"), ("Ft. Worth", "Fort Worth"), ("Ste-Foy", "Sainte Foy")],
)
def test_match_key_ignores_case_accents_punctuation_and_abbreviations(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_one_saint_table() -> None:
    spellings = ("St. Petersburg", "Sankt Petersburg", "Saint Petersburg", "ST PETERSBURG",
                 "Sankt-Petersburg")
    assert {match_key(s) for s in spellings} == {"saintpetersburg"}
    assert set().union(*(name_keys(s) for s in spellings)) == {"saintpetersburg"}
    assert match_key("Ste-Foy") == match_key("Sainte-Foy") == "saintefoy"
    assert match_key("Sainte-Foy") != match_key("Saint-Foy")  # Sainte is its own word
    assert name_keys("Ste-Foy") == name_keys("Sainte-Foy")
    assert ABBREVIATIONS["st"] == ABBREVIATIONS["sankt"] == "saint"


def test_san_stays_san() -> None:
    assert name_keys("San Jose") == {"sanjose"}
    assert match_key("San José") == "sanjose" != match_key("Saint Jose")
    assert match_key("Santa Fe") == "santafe"


def test_only_whole_words_are_abbreviations() -> None:
    assert match_key("Stuttgart") == "stuttgart"
    assert match_key("Steyr") == "steyr" and match_key("Mtskheta") == "mtskheta"
    assert words("Port St. Lucie") == ["port", "st", "lucie"]
    assert match_key("Port St. Lucie") == match_key("Port Saint Lucie")


def test_qualifiers_city_of_and_municipality() -> None:
    assert name_keys("Frankfurt (Oder)") == {"frankfurtoder", "frankfurt"}
    assert name_keys("Frankfurt am Main") == {"frankfurtammain"}
    assert not name_keys("Frankfurt (Oder)") & name_keys("Frankfurt am Main") - {"frankfurt"}
    assert "brussels" in name_keys("City of Brussels")
    assert "odda" in name_keys("Odda Municipality")
    assert "portland" in name_keys("Portland, Oregon")
    assert name_keys("Municipality") == set() and name_keys("") == set()


def test_umlaut_spelling_variant() -> None:
    assert match_key("Duesseldorf") in match_keys("Düsseldorf")
    assert match_key("Dusseldorf") in match_keys("Düsseldorf")
    assert "duesseldorf" in name_keys("Düsseldorf")
    assert match_keys("!!!") == set()


def test_transliteration_keys_fold_russian_adjective_endings_alike() -> None:
    assert "lyuberetsky" in (transliteration_keys("Lyuberetskiy")
                             & transliteration_keys("Lyuberetsky"))
    assert "lyuberetsky" in transliteration_keys("Lyuberetskii")
    assert "lyuberetskyrayon" in transliteration_keys("Люберецкий район")


def test_slug() -> None:
    assert slug("Saint Paul") == "saint-paul"
    assert slug("Saint-Étienne") == "saint-etienne"
    assert slug("St. Petersburg") == "st-petersburg"  # a link spells the name as written
    assert slug("Москва") == "moskva"
    assert slug("<img src=x>") == "img-src-x"
    assert slug("!!!") == ""
    long = slug("Llanfairpwllgwyngyll " * 5, 60)
    assert len(long) <= 60 and not long.endswith("-")


def test_bare_and_long_forms_of_qualified_names():
    from sistermap.names import bare_keys, long_key

    assert bare_keys("Frankfurt (Oder)") == bare_keys("Frankfurt am Main") == {"frankfurt"}
    assert bare_keys("Stratford-upon-Avon") == {"stratford"}
    assert bare_keys("Frankfurt") == bare_keys("La Paz") == frozenset()
    assert long_key("Frankfurt an der Oder") == long_key("Frankfurt (Oder)") == "frankfurtoder"
    assert long_key("Frankfurt am Main") == "frankfurtmain"
    assert long_key("Le Havre") == ""
