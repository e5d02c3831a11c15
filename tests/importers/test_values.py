"""Value normalisation shared by every importer: years, kinds, statuses, focus areas."""

from __future__ import annotations

import pytest

from sistermap.importers import parse_focus, parse_kind_status, parse_years


@pytest.mark.parametrize("cell, year, date", [
    ("1957", 1957, ""),
    ("1957.0", 1957, ""),  # a year cell Excel turned into a float
    ("1957-05", 1957, "1957-05"),
    ("1957-05-12", 1957, "1957-05-12"),
    ("1957-05-12T00:00:00Z", 1957, "1957-05-12"),
    ("12.05.1957", 1957, "1957-05-12"),  # German day.month.year
    ("30/01/1956", 1956, "1956-01-30"),  # day > 12: unambiguous day/month
    ("01/30/1956", 1956, "1956-01-30"),  # month/day, equally unambiguous
    ("12/05/1957", 1957, ""),  # day/month or month/day? only the year is certain
    ("05/05/1957", 1957, "1957-05-05"),
    ("since 1957", 1957, ""),
    ("seit 1957", 1957, ""),
    ("depuis 1962", 1962, ""),
    ("desde 1979", 1979, ""),
    ("12 May 1957", 1957, "1957-05-12"),
    ("12. Mai 1957", 1957, "1957-05-12"),
    ("mars 1960", 1960, "1960-03"),
    ("1957 (Vertrag)", 1957, ""),
    ("", None, ""),
])
def test_establishment_year_and_date_forms(cell, year, date):
    got = parse_years(cell)
    assert (got.established, got.established_date) == (year, date)
    assert got.ended is None


@pytest.mark.parametrize("cell, start, end", [
    ("1957–2022", 1957, 2022),
    ("1957-2022", 1957, 2022),
    ("1957 - 2022", 1957, 2022),
    ("1957 bis 2022", 1957, 2022),
    ("from 1957 to 2022", 1957, 2022),
    ("de 1983 a 1999", 1983, 1999),
    ("1957 bis heute", 1957, None),
    ("1991–present", 1991, None),
])
def test_ranges_give_an_end_year(cell, start, end):
    got = parse_years(cell)
    assert (got.established, got.ended) == (start, end)


def test_separate_end_column_and_impossible_values():
    assert parse_years("1960", "2014").ended == 2014
    assert parse_years("1960", "heute").ended is None
    out_of_range = parse_years("1859")
    assert out_of_range.established is None and "1859" in out_of_range.problem
    backwards = parse_years("2000", "1990")
    assert backwards.established == 2000 and backwards.ended is None and backwards.problem
    assert parse_years("31.02.1990").established is None  # not a date
    assert parse_years("soon").problem.startswith("not a year")


@pytest.mark.parametrize("cell, kind", [
    ("twin town", "twin_town"), ("Twinning", "twin_town"), ("jumelage", "twin_town"),
    ("hermanamiento", "twin_town"), ("sister city", "sister_city"),
    ("ciudad hermana", "sister_city"), ("Partnerstadt", "partner_city"),
    ("Städtepartnerschaft", "partner_city"), ("Freundschaft", "friendship_city"),
    ("Städtefreundschaft", "friendship_city"), ("pacte d'amitié", "friendship_city"),
    ("acuerdo de cooperación", "cooperation_agreement"),
    ("Projektpartnerschaft", "project_partnership"), ("Kontakt", "contact"),
    ("Kommunale Klimapartnerschaft", "project_partnership"),
    ("friendship_city", "friendship_city"),
])
def test_kind_words_in_several_languages(cell, kind):
    assert parse_kind_status(cell)[0] == kind


@pytest.mark.parametrize("cell, status", [
    ("active", "active"), ("aktiv", "active"), ("Partnerschaft ruht", "suspended"),
    ("suspended", "suspended"), ("beendet", "ended"), ("former twin town", "ended"),
    ("", None),
])
def test_status_words(cell, status):
    assert parse_kind_status("", cell)[1] == status


def test_a_form_cell_can_state_kind_and_status_at_once():
    assert parse_kind_status("Partnerschaft ruht") == ("partner_city", "suspended")


def test_focus_cells_map_to_the_vocabulary_and_report_the_rest():
    assert parse_focus("économie, jeunesse") == (["economy", "education"], [])
    assert parse_focus("Kultur und Sport") == (["culture"], [])
    assert parse_focus("climate|peace") == (["climate", "peace"], [])
    found, unknown = parse_focus("Feuerwehr")
    assert found == [] and unknown == ["Feuerwehr"]
