"""Pair-list reading: column names people use, one-sided lists, mapping, row errors.

These tests stop before geocoding: they check what the reader understood from the file.
"""

from __future__ import annotations

import pytest

from sistermap.importers import Defaults, pairs


def _read(text: str, **kw):
    return pairs.read("list.csv", text, **kw)


@pytest.mark.parametrize("header", [
    "city1,country1,city2,country2",
    "city_a,country_a,city_b,country_b",
    "City,Country,Sister city,Sister country",
    "city,country,sister,country",
    "origin,origin country,destination,destination country",
    "Municipality,Country,Partner,Country",
    "Town,Country,Twin,Country",
    "Stadt,Land,Partnerstadt,Land",
    "Gemeinde,Staat,Partnergemeinde,Staat",
    "Ville,Pays,Ville jumelée,Pays",
    "Commune,Pays,Ville partenaire,Pays partenaire",
    "Ciudad,País,Ciudad hermana,País",
    "Municipio,País,Ciudad hermanada,País",
])
def test_two_sided_headers(header):
    text = header + "\nKiel,Germany,Coventry,United Kingdom\n"
    result = _read(text)
    assert not result.errors, result.errors
    (rec,) = result.records
    assert (rec.a.name, rec.a.country) == ("Kiel", "Germany")
    assert (rec.b.name, rec.b.country) == ("Coventry", "United Kingdom")


@pytest.mark.parametrize("header, year", [
    ("Stadt;Land;Partnerstadt;Land;seit", "seit"),
    ("Stadt;Land;Partnerstadt;Land;Jahr", "Jahr"),
    ("Ville;Pays;Ville jumelée;Pays;depuis", "depuis"),
    ("Ville;Pays;Ville jumelée;Pays;année", "année"),
    ("Ciudad;País;Ciudad hermana;País;desde", "desde"),
    ("Ciudad;País;Ciudad hermana;País;año", "año"),
    ("city1;country1;city2;country2;established", "established"),
])
def test_year_columns_in_four_languages(header, year):
    result = _read(header + "\nKiel;Deutschland;Coventry;England;1947\n")
    assert result.columns["year"] == year
    assert result.records[0].established == 1947


def test_generic_country_columns_belong_to_the_city_before_them():
    text = "Stadt;Partnerstadt;Land;seit\nKiel;Coventry;Großbritannien;1947\n"
    result = _read(text, home_country="DE")
    rec = result.records[0]
    assert rec.a == pairs.PlaceRef("Kiel", "DE")
    assert rec.b.country == "Großbritannien"


def test_coordinates_per_side():
    text = ("origincityLabel\torigincountry\toriginlat\toriginlong\tsistercityLabel\t"
            "destinationlat\tdestinationlong\tdestination_countryLabel\n"
            "Hamburg\tGermany\t53.55\t10.0\tPortland\t43.66\t-70.26\tUnited States\n")
    rec = _read(text).records[0]
    assert (rec.a.lat, rec.a.lon, rec.b.lat, rec.b.lon) == (53.55, 10.0, 43.66, -70.26)
    assert rec.b.country == "United States"


def test_lat_lon_suffix_columns_and_decimal_commas():
    text = "city_a;lat_a;lon_a;city_b;lat_b;lon_b\nKiel;54,32;10,13;Vaasa;63,1;21,6\n"
    rec = _read(text).records[0]
    assert (rec.a.lat, rec.b.lon) == (54.32, 21.6)


def test_one_sided_list_needs_a_home_city():
    text = "Partnerstadt;Land;seit\nOxford;Großbritannien;1947\n"
    refused = _read(text)
    assert not refused.records
    assert "--home-city" in refused.errors[0].reason and refused.errors[0].row == 0
    ok = _read(text, home_city="Bonn", home_country="DE")
    assert ok.records[0].a == pairs.PlaceRef("Bonn", "DE")
    assert ok.records[0].b.name == "Oxford"


def test_title_rows_before_the_header_are_skipped():
    text = ("Partnerstädte der Stadt Kiel;;\n;;\nStadt;Partnerstadt;Land\n"
            "Kiel;Coventry;England\n")
    result = _read(text)
    assert [r.b.name for r in result.records] == ["Coventry"]
    assert result.records[0].row == 1


def test_mapping_overrides_detection():
    text = "A;B;C;D;E\nKiel;Deutschland;Vaasa;Finnland;1967\n"
    assert _read(text).errors  # nothing recognisable
    mapping = pairs.parse_mapping("city_a=A,country_a=B,city_b=C,country_b=D,year=E")
    rec = _read(text, mapping=mapping).records[0]
    assert (rec.a.name, rec.b.country, rec.established) == ("Kiel", "Finnland", 1967)
    with pytest.raises(pairs.ColumnError):
        pairs.parse_mapping("town=A")
    with pytest.raises(pairs.ColumnError):
        pairs.detect_layout(["A", "B"], {"city_a": "Nope"})


def test_kind_status_focus_note_and_defaults():
    text = ("city1,country1,city2,country2,type,status,themes,notes,year\n"
            "Kiel,DE,Vaasa,FI,Freundschaft,,Kultur,informal,1967\n"
            "Kiel,DE,Coventry,GB,,,,,1947–2015\n"
            "Kiel,DE,Sovetsk,RU,Partnerschaft ruht,,,,\n")
    recs = _read(text, defaults=Defaults(status="active", focus="peace")).records
    assert (recs[0].kind, recs[0].status, recs[0].focus_areas, recs[0].note) == (
        "friendship_city", "active", "culture", "informal")
    assert {"kind", "focus_areas", "established"} <= recs[0].stated
    assert (recs[1].kind, recs[1].status, recs[1].ended, recs[1].focus_areas) == (
        "sister_city", "ended", 2015, "peace")
    assert (recs[2].kind, recs[2].status) == ("partner_city", "suspended")


def test_row_errors_carry_row_numbers_and_reasons():
    text = ("city1,country1,city2,country2\n"
            "Kiel,DE,Vaasa,FI\n"
            "Kiel,DE,,\n"
            "Kiel,DE,Vaasa,FI,extra,cells\n"
            "\n"
            "Kiel\x00,DE,Vaasa,FI\n"
            + "Y" * 300 + ",DE,Vaasa,FI\n")
    result = _read(text)
    assert len(result.records) == 1
    # Rows count from the header (row 0), blank rows included, as a spreadsheet shows them.
    assert [(e.row, e.reason.split()[0]) for e in result.errors] == [
        (2, "missing"), (3, "row"), (5, "city"), (6, "city")]
    assert result.rows_read == 5


def test_empty_and_header_only():
    assert _read("").errors[0].reason == "empty file"
    assert "header only" in _read("city1,country1,city2,country2\n").errors[0].reason


def test_wikidata_csv_export_uses_item_uris_as_ids_and_wkt_points():
    text = ("city,cityLabel,twin,twinLabel,twinCoord,start\n"
            "http://www.wikidata.org/entity/Q64,Berlin,http://www.wikidata.org/entity/Q90,"
            "Paris,Point(2.35 48.85),1987-01-01T00:00:00Z\n")
    result = _read(text)
    assert result.columns["qid_a"] == "city" and result.columns["city_a"] == "cityLabel"
    rec = result.records[0]
    assert (rec.a.qid, rec.a.name, rec.b.qid, rec.b.lat, rec.b.lon) == (
        "Q64", "Berlin", "Q90", 48.85, 2.35)


def test_region_column_footnotes_and_a_coordinates_cell():
    text = ('State,City,Sister City,Country,Coordinates\n'
            'Virginia,Arlington[1],Aachen[note 2],Germany,"50.77, 6.08"\n')
    rec = _read(text, home_country="US").records[0]
    assert rec.a == pairs.PlaceRef("Arlington", "US", "Virginia")
    assert (rec.b.name, rec.b.lat, rec.b.lon) == ("Aachen", 50.77, 6.08)


def test_no_focus_column_means_no_focus_areas_unless_asked():
    text = "city1,country1,city2,country2\nKiel,DE,Vaasa,FI\n"
    assert _read(text).records[0].focus_areas == ""  # not classified, never "culture"
    assert _read(text, defaults=Defaults(focus="climate")).records[0].focus_areas == "climate"
