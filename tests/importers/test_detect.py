"""Encoding, delimiter and format detection: the bytes decide, not the file name."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sistermap.importers import detect

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"
TEXT = "Stadt;Partnerstadt;Land\nMünchen;Kiew;Ukraine\nKöln;Lüttich;Belgien\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its NUL pattern
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1252"), "cp1252"),
])
def test_every_encoding_decodes_to_the_same_text(data, encoding):
    text, found = detect.decode(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_cp1252_specials_and_latin1_fallback():
    text, enc = detect.decode("Zürich – “Partner” €".encode("cp1252"))
    assert text == "Zürich – “Partner” €" and enc == "cp1252"
    # 0x81 is undefined in cp1252: Latin-1 still decodes, nothing crashes.
    text, enc = detect.decode(b"Malm\xf6\x81;Sverige\n")
    assert enc == "latin-1" and text.startswith("Malmö")


@pytest.mark.parametrize("name", ["binary_junk.bin", "fake_workbook.xlsx"])
def test_binary_files_are_refused_with_a_reason(name):
    with pytest.raises(detect.NotText) as exc:
        detect.decode((FIX / name).read_bytes())
    assert str(exc.value)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    rows = [["city1", "country1", "city2", "country2"], ["Paris", "France", "Rome", "Italy"],
            ["Kiel", "Germany", "Coventry", "United Kingdom"]]
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    assert detect.sniff_delimiter(text) == delimiter


def test_semicolon_list_with_commas_inside_cells():
    text = ("Stadt;Partnerstadt;Bemerkung\n"
            "Bonn;Oxford;erste, älteste, wichtigste\n"
            "Bonn;Potsdam;seit 1988, deutsch-deutsch\n")
    assert detect.sniff_delimiter(text) == ";"


def test_table_kinds():
    assert detect.table_kind(["id", "label", "country", "lat", "lon"]) == "nodes"
    assert detect.table_kind(["source", "target", "year"]) == "links"
    assert detect.table_kind(["city1", "country1", "city2", "country2"]) == "pairs"
    assert detect.is_sparql_json((FIX / "wikidata_p190.json").read_text(encoding="utf-8"))
    assert not detect.is_sparql_json('{"a": 1}')


# ---------------------------------------------------------------------- column roles
LAYOUTS = FIX / "layouts"


def _roles(path: Path) -> dict[str, str]:
    from sistermap.importers import pairs

    text = path.read_text(encoding="utf-8")
    rows = pairs.split_rows(text, detect.sniff_delimiter(text))
    roles = detect.infer_roles(rows[0], rows[1:])
    return {role: rows[0][i] for role, i in roles.index.items()}


@pytest.mark.parametrize("name, expected", [
    ("kreis_partnerschaften.csv", {"city_a": "Kommune", "region_a": "Landkreis",
                                   "city_b": "Partnerkommune", "country_b": "Staat",
                                   "year": "Partnerschaft seit"}),
    ("jumelages_departements.csv", {"city_a": "Ville", "region_a": "Département",
                                    "city_b": "Ville jumelée", "country_b": "Pays",
                                    "year": "Date du jumelage"}),
    ("sister_cities_us.csv", {"city_a": "City", "region_a": "State", "city_b": "Sister City",
                              "country_b": "Country", "year": "Year Established"}),
    ("gemellaggi.csv", {"city_a": "Comune", "region_a": "Provincia",
                        "city_b": "Città gemellata", "country_b": "Stato", "year": "Anno"}),
    ("miasta_partnerskie.csv", {"city_a": "Miasto", "region_a": "Województwo",
                                "city_b": "Miasto partnerskie", "country_b": "Kraj",
                                "year": "Rok podpisania"}),
    ("stedenbanden.csv", {"city_a": "Gemeente", "region_a": "Provincie",
                          "city_b": "Partnerstad", "country_b": "Land", "year": "Sinds"}),
    ("shimai_toshi.csv", {"region_a": "Todofuken", "city_a": "Jichitai mei",
                          "city_b": "Teikeisaki", "country_b": "Kuni",
                          "date": "Teikei nengappi"}),
    ("municipios_hermanados.csv", {"city_a": "Municipio", "region_a": "Provincia",
                                   "city_b": "Ciudad hermanada", "country_b": "País",
                                   "year": "Año"}),
    ("numbered_coordinates.csv", {"city_a": "city1", "country_a": "country1", "lat_a": "lat1",
                                  "lon_a": "lon1", "city_b": "city2", "country_b": "country2",
                                  "lat_b": "lat2", "lon_b": "lon2", "year": "year"}),
    ("snake_prefixes.csv", {"city_a": "home_city", "country_a": "home_country",
                            "lat_a": "home_lat", "lon_a": "home_lon", "city_b": "partner_city",
                            "country_b": "partner_country", "lat_b": "partner_lat",
                            "lon_b": "partner_lon", "year": "since"}),
    ("camel_case.csv", {"city_a": "cityName", "country_a": "countryName",
                        "city_b": "partnerCityName", "country_b": "partnerCountryName",
                        "lat_b": "partnerLatitude", "lon_b": "partnerLongitude",
                        "year": "startYear"}),
    ("partner_first.csv", {"city_b": "Sister city", "country_b": "Country", "city_a": "City",
                           "region_a": "State", "year": "Year"}),
    ("association_partnerland.csv", {"city_a": "Name", "region_a": "Bundesland",
                                     "city_b": "Partner", "country_b": "Partnerland",
                                     "year": "Jahr", "kind": "Art"}),
])
def test_header_layouts_of_public_registers_and_exports(name, expected):
    assert _roles(LAYOUTS / name) == expected


def test_the_municipal_register_gives_both_country_columns_to_the_partner():
    roles = _roles(FIX / "gemeinden_register.csv")
    assert roles == {
        "city_a": "Gemeinde", "region_a": "Bundesland", "lat_a": "latitude",
        "lon_a": "longitude", "city_b": "Partnergemeinde", "country_b": "Staat",
        "lat_b": "partner_latitude", "lon_b": "partner_longitude", "year": "seit",
        "kind": "Form",
    }  # PLZ and Kontinent are no role; "Country" is the partner's country in English


def test_two_country_columns_in_one_block_are_settled_by_their_values():
    header = ["Stadt", "Partnerstadt", "Land", "Land"]
    same = detect.infer_roles(header, [["Kiel", "Vaasa", "Finnland", "Finland"]] * 3)
    assert same.index["country_b"] == 2 and same.alternates["country_b"] == [3]
    assert "country_a" not in same.index and "--map country_a=Land" in same.notes[0]
    differ = _roles(LAYOUTS / "two_countries_after_names.csv")
    assert (differ["country_a"], differ["country_b"]) == ("Land", "Land")
    roles = detect.infer_roles(header, [["Kiel", "Vaasa", "Deutschland", "Finnland"]] * 3)
    assert (roles.index["country_a"], roles.index["country_b"]) == (2, 3)


@pytest.mark.parametrize("cell, words", [
    ("partner_latitude", ["partner", "latitude"]),
    ("originlat", ["origin", "lat"]),
    ("destinationlong", ["destination", "long"]),
    ("Partnergemeinde", ["partner", "gemeinde"]),
    ("partnerCityName", ["partner", "city", "name"]),
    ("city2", ["city", "2"]),
])
def test_header_words(cell, words):
    assert detect.header_words(cell) == words


def test_an_explicit_map_wins_and_unknown_columns_are_an_error():
    header = ["Gemeinde", "Partnergemeinde", "Staat", "Country"]
    roles = detect.infer_roles(header, mapping={"country_a": "Country"})
    assert roles.index["country_a"] == 3 and roles.index["country_b"] == 2
    with pytest.raises(ValueError):
        detect.infer_roles(header, mapping={"city_a": "Ort"})


# ---------------------------------------------------------------------- whole imports
@pytest.fixture(scope="module")
def geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


def _import(geocoder, path: Path, **options):
    from sistermap.importers import pipeline

    return pipeline.run([(path.name, path.read_bytes())], pipeline.ImportOptions(**options),
                        geocoder)


def test_the_municipal_register_imports_in_one_command(geocoder):
    result = _import(geocoder, FIX / "gemeinden_register.csv")
    report = result.report
    assert report["rows_read"] == 40
    assert report["partnerships_imported"] >= 0.95 * 40, report["rejected"]
    messages = [w["message"] for w in report["warnings"] if w["row"] == 0]
    assert any("DE inferred" in m and "coordinates" in m for m in messages), messages
    links = result.partnerships
    assert (links["established"] != "").sum() == 39  # every stated year kept
    bonn = result.cities[result.cities["name"] == "Bonn"].iloc[0]
    assert bonn["country"] == "DE"
    # the same with --home-country, and the list's coordinates were evidence for both sides
    same = _import(geocoder, FIX / "gemeinden_register.csv", home_country="DE")
    assert same.report["partnerships_imported"] == report["partnerships_imported"]
    methods = set(result.places["method"])
    assert methods <= {"coordinates", "list_coordinates"}, methods


def test_a_side_without_countries_is_inferred_from_its_names(geocoder):
    result = _import(geocoder, LAYOUTS / "sister_cities_us.csv")
    messages = [w["message"] for w in result.report["warnings"] if w["row"] == 0]
    assert any("US inferred" in m and "names" in m for m in messages), messages
    places = result.places.set_index("input_name")
    assert places.loc["Portland", "country_code"] == "US"
    assert places.loc["Portland", "lat"].startswith("45.5")  # Oregon (the State column)
    assert result.report["partnerships_imported"] == 6


def test_mixed_sides_are_not_forced_into_one_country(geocoder):
    from sistermap.places.geocode import infer_country

    guess = infer_country(geocoder, [("Paris", None, None), ("Kyoto", None, None),
                                     ("Chicago", None, None), ("Oxford", None, None)])
    assert guess.country is None


def test_coordinates_per_side_in_cells_with_the_usual_checks(geocoder):
    path = LAYOUTS / "coordinate_cells.csv"
    assert _roles(path) == {"city_a": "Stadt", "coord_a": "Koordinaten",
                            "city_b": "Partnerstadt", "country_b": "Partnerland",
                            "coord_b": "Partner-Koordinaten", "year": "seit"}
    result = _import(geocoder, path)
    places = result.places.set_index("input_name")
    assert places.loc["Beuel", "method"] == "list_coordinates"  # not snapped to Bonn
    assert places.loc["Beuel", "country_code"] == "DE"
    assert places.loc["Oxford", "method"] == "coordinates"
    # Dresden's cell has latitude and longitude swapped: ignored, placed by name in DE
    assert places.loc["Dresden", "status"] == "resolved"
    assert places.loc["Dresden", "lat"].startswith("51.0")
    assert result.report["partnerships_imported"] == 4
