"""Geocoding the messy names real partnership lists contain (issue 4, item 3)."""

from __future__ import annotations

import pytest

from sistermap.geo import haversine_km
from sistermap.places import gazetteer
from sistermap.places.geocode import Geocoder, Match, unplaced_cause


@pytest.fixture(scope="session")
def geo() -> Geocoder:
    return Geocoder(gazetteer.load())


def resolved(m: Match, name: str, country: str) -> None:
    """Assert a confident resolution to the named place."""
    assert m.status == "resolved", m.reason
    assert m.place is not None
    assert (m.place.name, m.place.country) == (name, country)
    assert 0.0 < m.confidence <= 1.0


@pytest.mark.parametrize(
    ("name", "country", "expected", "cc"),
    [("Kraków", "Poland", "Kraków", "PL"), ("Krakow", "Poland", "Kraków", "PL"),
     ("Ürümqi", "China", "Ürümqi", "CN"), ("Urumqi", "China", "Ürümqi", "CN"),
     ("Düsseldorf", "Germany", "Düsseldorf", "DE"), ("Duesseldorf", "Germany", "Düsseldorf", "DE"),
     ("Malmö", "Sweden", "Malmö", "SE"), ("Malmo", "Sweden", "Malmö", "SE"),
     ("ST. ÉTIENNE", "France", "Saint-Étienne", "FR"), ("Aquila", "Italy", "L'Aquila", "IT")],
)
def test_accents_and_transliterations(geo, name, country, expected, cc) -> None:
    resolved(geo.resolve(name, country), expected, cc)


@pytest.mark.parametrize(
    ("name", "country", "expected", "cc"),
    [("Wolgograd", "Russland", "Volgograd", "RU"), ("Peking", "China", "Beijing", "CN"),
     ("Kapstadt", "Südafrika", "Cape Town", "ZA"), ("Moskau", "Russia", "Moscow", "RU"),
     ("Lissabon", "Portugal", "Lisbon", "PT"), ("München", "Germany", "Munich", "DE"),
     ("Munich", "Germany", "Munich", "DE"), ("Cologne", "Germany", "Köln", "DE"),
     ("Köln", "Deutschland", "Köln", "DE"), ("Firenze", "Italy", "Florence", "IT"),
     ("Florence", "Italia", "Florence", "IT"), ("Warschau", "Polen", "Warsaw", "PL")],
)
def test_exonyms(geo, name, country, expected, cc) -> None:
    m = geo.resolve(name, country)
    resolved(m, expected, cc)
    assert m.method in {"exact", "alternate"}


@pytest.mark.parametrize(
    ("name", "country", "expected", "cc"),
    [("Stalingrad", "Russia", "Volgograd", "RU"), ("Leningrad", "Russia", "Saint Petersburg", "RU"),
     ("Königsberg", "Russia", "Kaliningrad", "RU"), ("Bombay", "India", "Mumbai", "IN"),
     ("Madras", "India", "Chennai", "IN"), ("Saigon", "Vietnam", "Ho Chi Minh City", "VN")],
)
def test_historic_names(geo, name, country, expected, cc) -> None:
    resolved(geo.resolve(name, country), expected, cc)


def test_historic_country_is_searched_everywhere_with_lower_confidence(geo) -> None:
    m = geo.resolve("Stalingrad", "USSR")
    resolved(m, "Volgograd", "RU")
    assert m.confidence < 0.9 and "USSR" in m.reason


def test_country_given_in_a_comma_qualifier(geo) -> None:
    m = geo.resolve("Tyre, Lebanon")
    resolved(m, "Tyre", "LB")
    assert m.method == "qualifier"


@pytest.mark.parametrize("country", ["USA", None, "U.S.", "United States of America"])
def test_state_qualifier_settles_homonyms(geo, country) -> None:
    m = geo.resolve("Arlington, Virginia", country)
    resolved(m, "Arlington", "US")
    assert m.place.admin1_name == "Virginia" and m.method == "region_hint"


def test_us_state_named_like_a_country(geo) -> None:
    m = geo.resolve("Atlanta, Georgia")
    resolved(m, "Atlanta", "US")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Kalisz (rural gmina)", "Kalisz"), ("Halle (Saale)", "Halle (Saale)"),
     ("Frankfurt (Oder)", "Frankfurt (Oder)"), ("Frankfurt/Oder", "Frankfurt (Oder)"),
     ("Frankfurt am Main", "Frankfurt am Main")],
)
def test_bracket_qualifiers(geo, name, expected) -> None:
    cc = "PL" if "Kalisz" in name else "DE"
    resolved(geo.resolve(name, cc), expected, cc)


def test_frankfurt_and_halle_are_far_apart_variants(geo) -> None:
    oder = geo.resolve("Frankfurt (Oder)", "Germany").place
    main = geo.resolve("Frankfurt am Main", "Germany").place
    assert haversine_km(oder.lat, oder.lon, main.lat, main.lon) > 400


def test_several_places_in_one_cell_resolve_first_and_report_the_rest(geo) -> None:
    m = geo.resolve("Loreto/Ancona", "Italy")
    resolved(m, "Loreto", "IT")
    assert m.place.admin1_name == "Marche"
    assert "Ancona" in m.reason
    assert "Ancona" in {p.name for p in m.candidates}
    assert m.confidence < geo.resolve("Loreto, Marche", "Italy").confidence


@pytest.mark.parametrize(
    ("name", "country", "expected", "cc"),
    [("Landkreis Bautzen", "Germany", "Bautzen", "DE"), ("Bautzen District", "DE", "Bautzen", "DE"),
     ("Municipality of Kalamata", "Greece", "Kalamata", "GR"),
     ("City of Coventry", "England", "Coventry", "GB"), ("Gmina Żukowo", "Poland", "Żukowo", "PL"),
     ("Toyama Prefecture", "Japan", "Toyama", "JP"), ("Ville de Lyon", "France", "Lyon", "FR"),
     ("18th district of Budapest", "Hungary", "Budapest", "HU")],
)
def test_administrative_labels(geo, name, country, expected, cc) -> None:
    m = geo.resolve(name, country)
    resolved(m, expected, cc)
    assert m.method == "qualifier"


@pytest.mark.parametrize(
    "country",
    ["Czech Republic", "Czechia", "CZ", "CZE", "Tschechien", "Ceska republika", "Czech Rpublic"],
)
def test_country_in_every_form(geo, country) -> None:
    resolved(geo.resolve("Brno", country), "Brno", "CZ")


@pytest.mark.parametrize(
    ("name", "region", "state"),
    [("Portland", "Oregon", "Oregon"), ("Portland", "Maine", "Maine"), ("Portland", "ME", "Maine"),
     ("Arlington", "Texas", "Texas"), ("Arlington", "Virginia", "Virginia")],
)
def test_region_argument_settles_homonyms(geo, name, region, state) -> None:
    m = geo.resolve(name, "US", region=region)
    resolved(m, name, "US")
    assert m.place.admin1_name == state and m.method == "region_hint"


def test_region_hints_in_the_cell(geo) -> None:
    assert geo.resolve("Portland, Maine", "USA").place.admin1_name == "Maine"
    assert geo.resolve("Portland, Oregon", "USA").place.admin1_name == "Oregon"
    nsw = geo.resolve("Newcastle, New South Wales", "Australia")
    resolved(nsw, "Newcastle", "AU")
    assert nsw.place.admin1_name == "New South Wales"
    resolved(geo.resolve("Newcastle upon Tyne", "UK"), "Newcastle upon Tyne", "GB")


def test_nearby_town_as_hint(geo) -> None:
    """Wikidata writes 'Bernsdorf, Bautzen': the Bernsdorf near Bautzen, not the others."""
    m = geo.resolve("Bernsdorf, Bautzen", "Germany")
    resolved(m, "Bernsdorf", "DE")
    bautzen = geo.resolve("Bautzen", "Germany").place
    assert haversine_km(m.place.lat, m.place.lon, bautzen.lat, bautzen.lon) < 60


def test_much_larger_homonym_wins_with_lower_confidence(geo) -> None:
    m = geo.resolve("Frankfurt", "Germany")
    resolved(m, "Frankfurt am Main", "DE")
    assert m.method == "population" and m.confidence < 0.9
    assert "Frankfurt (Oder)" in m.reason
    assert len(m.candidates) >= 2


@pytest.mark.parametrize("name", ["Arlington", "Springfield"])
def test_near_equal_homonyms_are_ambiguous_not_guessed(geo, name) -> None:
    m = geo.resolve(name, "United States")
    assert m.status == "ambiguous" and m.place is None
    assert 2 <= len(m.candidates) <= 5
    assert "similar populations" in m.reason


def test_coordinates_pick_the_nearest_homonym(geo) -> None:
    m = geo.resolve("Arlington", "USA", lat=38.88, lon=-77.10)
    resolved(m, "Arlington", "US")
    assert m.place.admin1_name == "Virginia" and m.method == "coordinates"
    m = geo.resolve("Portland", "USA", lat=43.66, lon=-70.26)
    assert m.place.admin1_name == "Maine"


def test_unknown_place_is_unresolved_with_near_misses(geo) -> None:
    m = geo.resolve("Nürnbreg", "Germany")
    assert m.status == "unresolved" and m.place is None
    assert "near misses" in m.reason
    assert "Nuremberg" in {p.name for p in m.candidates}


def test_nonsense_is_unresolved_without_candidates(geo) -> None:
    m = geo.resolve("Xyzzyqville", "Germany")
    assert (m.status, m.place, m.candidates) == ("unresolved", None, ())
    assert "Xyzzyqville" in m.reason


def test_wrong_country_is_not_silently_moved(geo) -> None:
    m = geo.resolve("Kalamata", "Germany")
    assert m.status == "unresolved" and m.place is None
    assert "GR" in m.reason
    assert m.candidates and m.candidates[0].country == "GR"


def test_overseas_department_filed_under_france(geo) -> None:
    resolved(geo.resolve("Pointe-à-Pitre", "France"), "Pointe-à-Pitre", "GP")


@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_name(geo, name) -> None:
    m = geo.resolve(name, "Germany")
    assert m.status == "unresolved" and "empty" in m.reason


def test_match_keeps_the_input_as_written(geo) -> None:
    m = geo.resolve("  Köln ", "Deutschland")
    assert (m.input_name, m.input_country) == ("  Köln ", "Deutschland")


def test_resolve_many_memoises_distinct_queries(geo) -> None:
    fresh = Geocoder(geo.gazetteer)
    out = fresh.resolve_many([("Kraków", "Poland"), ("Malmö", "Sweden"), ("Kraków", "Poland")])
    assert [m.place.name for m in out] == ["Kraków", "Malmö", "Kraków"]
    assert out[0] is out[2]


def test_geocoder_loads_gazetteer_lazily() -> None:
    g = Geocoder()
    assert g._gz is None
    assert g.resolve("Coventry", "UK").place.name == "Coventry"


@pytest.mark.parametrize(
    ("name", "country", "state"),
    [("Springfield, IL", "USA", "Illinois"), ("Sydney, NSW", "Australia", "New South Wales"),
     ("Toronto, ON", "Canada", "Ontario"), ("Cardiff", "Wales", "Wales")],
)
def test_abbreviated_regions_and_admin1_names(geo, name, country, state) -> None:
    m = geo.resolve(name, country)
    assert m.status == "resolved" and m.place.admin1_name == state


def test_html_wrapped_name_is_cleaned(geo) -> None:
    resolved(geo.resolve("<b>Paris</b>", "France"), "Paris", "FR")


@pytest.mark.parametrize(
    ("name", "country"),
    [('=HYPERLINK("http://evil","x")', "France"), ("\x00\x01\xff", "DE"), ("Paris" * 400, "FR"),
     ("(((", ")))"), ("/", None), (",", ","), (float("nan"), float("nan")), (12345, 678)],
)
def test_hostile_content_never_crashes(geo, name, country) -> None:
    m = geo.resolve(name, country)
    assert m.status == "unresolved" and m.place is None and m.reason


def test_empty_country_cell_from_pandas_searches_everywhere(geo) -> None:
    m = geo.resolve("Kraków", float("nan"))
    resolved(m, "Kraków", "PL")
    assert m.input_country == ""


# --- coordinates carried by the list --------------------------------------------------------

def test_a_same_named_place_near_the_list_coordinates_is_used(geo) -> None:
    m = geo.resolve("Bonn", "Germany", lat=50.73, lon=7.10)
    resolved(m, "Bonn", "DE")
    assert m.method == "coordinates" and m.place.city_id.startswith("gn:")


def test_a_place_missing_from_the_gazetteer_is_placed_at_the_list_coordinates(geo) -> None:
    # Beuel is a district of Bonn, 2 km from its centre: it must not become Bonn.
    m = geo.resolve("Beuel", "Germany", lat=50.7366, lon=7.1357)
    assert m.status == "resolved" and m.method == "list_coordinates"
    assert (m.place.name, m.place.country) == ("Beuel", "DE")
    assert (m.place.lat, m.place.lon) == (50.7366, 7.1357)
    assert m.place.city_id == "loc:de-beuel-50.74-7.14"
    assert m.confidence == pytest.approx(0.7)
    assert "placed at the list's own coordinates" in m.reason


def test_a_far_same_named_place_is_not_taken_when_the_list_says_otherwise(geo) -> None:
    # Sainte-Eulalie exists in the gazetteer, but nowhere near these coordinates.
    m = geo.resolve("Sainte-Eulalie", "France", lat=45.0, lon=2.0)
    assert m.method == "list_coordinates"
    assert "km from the list's coordinates" in m.reason
    assert m.place.city_id == "loc:fr-sainte-eulalie-45.00-2.00"


def test_a_city_district_with_coordinates_is_placed_itself_not_at_the_city(geo) -> None:
    m = geo.resolve("18th district of Budapest", "Hungary", lat=47.43, lon=19.17)
    assert m.method == "list_coordinates" and m.place.name == "18th district of Budapest"
    without = geo.resolve("18th district of Budapest", "Hungary")
    assert without.place is not None and without.place.name == "Budapest"


@pytest.mark.parametrize(
    ("lat", "lon", "why"),
    [(0, 0, "placeholder"), (7.1357, 50.7366, "swapped?"), (95.0, 7.0, "not a position"),
     (-33.9, 18.4, "outside DE"), ("north", "7", "not a position")],
)
def test_bad_list_coordinates_are_ignored_with_a_note(geo, lat, lon, why) -> None:
    m = geo.resolve("Beuel", "Germany", lat=lat, lon=lon)
    assert m.status == "unresolved" and m.place is None
    assert why in m.reason


def test_bad_coordinates_do_not_block_a_name_match(geo) -> None:
    m = geo.resolve("Bonn", "Germany", lat=0.0, lon=0.0)
    resolved(m, "Bonn", "DE")
    assert m.method == "exact" and "ignored" in m.reason


def test_coordinates_in_an_overseas_territory_are_near_the_stated_country(geo) -> None:
    m = geo.resolve("Nowhere-sur-Mer", "France", lat=-21.0, lon=55.5)  # Réunion
    assert m.method == "list_coordinates" and m.place.country == "RE"


def test_no_country_means_no_local_place(geo) -> None:
    m = geo.resolve("Beuel", "Narnia", lat=50.7366, lon=7.1357)
    assert m.status == "unresolved"


def test_local_city_ids_are_stable_ascii_and_valid() -> None:
    from sistermap import schema
    from sistermap.places.geocode import local_city_id

    cid = local_city_id("TR", "Sarıyer", 41.1667, 29.05)
    assert cid == "loc:tr-sariyer-41.17-29.05"
    assert local_city_id("CL", "Ñuñoa", -33.4569, -70.5978) == "loc:cl-nunoa--33.46--70.60"
    assert local_city_id("XX", "北京", 39.9, 116.4).startswith("loc:xx-")
    assert local_city_id("GB", "???", -0.001, 0.0) == "loc:gb-place-0.00-0.00"
    row = {"city_id": cid, "name": "Sarıyer", "country": "TR", "lat": "41.1667",
           "lon": "29.05"}
    assert schema.validate_cities([row]) == []
    assert schema.validate_cities([{**row, "city_id": "loc:TR Sarıyer"}]) != []


def test_country_box_handles_the_antimeridian() -> None:
    gz = gazetteer.load()
    assert gz.near_country("FJ", -17.8, 178.4) and gz.near_country("FJ", -16.5, -179.9)
    assert gz.near_country("RU", 64.7, 177.5) and not gz.near_country("RU", -33.9, 18.4)
    assert not gz.near_country("DE", 7.1, 50.7)
    assert gz.country_bbox("ZZ") is None


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Steglitz-Zehlendorf", "Germany", "Steglitz"), ("Heusden-Zolder", "Belgium", "Heusden"),
    ("Sittard-Geleen", "Netherlands", "Sittard"),
])
def test_a_unit_named_after_two_nearby_places_is_placed_at_the_larger(geo, name, country,
                                                                      expected) -> None:
    m = geo.resolve(name, country)
    assert m.status == "resolved" and m.method == "joined_name", m.reason
    assert m.place.name == expected and m.confidence == pytest.approx(0.6)
    assert "km apart" in m.reason


def test_a_joined_name_whose_parts_are_far_apart_is_not_placed(geo) -> None:
    m = geo.resolve("Hamburg-München", "Germany")  # both exist, 600 km apart
    assert m.status == "unresolved" and m.place is None


# ---------------------------------------------------------------------- issue 13: more places
def _near(m, lat: float, lon: float, km: float = 25.0) -> bool:
    return m.place is not None and haversine_km(m.place.lat, m.place.lon, lat, lon) <= km


@pytest.mark.parametrize(("name", "country", "lat", "lon", "method"), [
    ("Nerima (Tokyo)", "Japan", 35.74, 139.65, "admin_area"),
    ("Dongdaemun (Seoul)", "South Korea", 37.57, 127.04, "admin_area"),
    ("Southwark", "United Kingdom", 51.50, -0.09, "admin_area"),
    ("Tower Hamlets", "United Kingdom", 51.52, -0.03, "admin_area"),  # the source says Dover
    ("South Tyneside", "United Kingdom", 54.98, -1.43, "admin_area"),
    ("Lyuberetsky District", "Russia", 55.68, 37.89, "admin_area"),
    ("Lockyer Valley", "Australia", -27.55, 152.27, "second_gazetteer"),
    ("Basingstoke and Deane", "United Kingdom", 51.26, -1.09, "admin_area"),
    ("Bavaria", "Germany", 48.95, 11.40, "admin_area"),
])
def test_districts_and_administrative_units_are_placed_and_say_how(geo, name, country, lat,
                                                                  lon, method) -> None:
    m = geo.resolve(name, country)
    assert m.status == "resolved" and m.method == method, m.reason
    assert _near(m, lat, lon), (m.place, m.reason)
    assert m.reason  # the report says it is an area or a district, and from which source
    assert m.place.city_id.startswith(("loc:", "Q", "gn:"))


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Stolberg (Südharz)", 51.57, 10.96),  # not Stolberg (Rheinland) near Aachen
    ("Halle (Saale)", 51.48, 11.97),
    ("Frankfurt (Oder)", 52.34, 14.55),
])
def test_qualifiers_settle_german_homonyms(geo, name, lat, lon) -> None:
    m = geo.resolve(name, "Germany")
    assert m.status == "resolved" and _near(m, lat, lon), (m.place, m.reason)


def test_a_qualifier_naming_a_city_rules_out_a_far_homonym(geo) -> None:
    m = geo.resolve("Wuzhong (Suzhou)", "China")  # the district of Suzhou, not Ningxia
    assert m.status == "resolved" and _near(m, 31.27, 120.63), (m.place, m.reason)


def test_a_district_the_gazetteers_lack_falls_back_to_its_city(geo) -> None:
    m = geo.resolve("Nowhereville (Suzhou)", "China")
    assert m.status == "resolved" and m.method == "district_of"
    assert _near(m, 31.30, 120.60) and "placed at Suzhou" in m.reason


def test_states_with_limited_recognition_are_searched_where_their_places_are_filed(geo):
    m = geo.resolve("Kyrenia", "Northern Cyprus")
    assert m.status == "resolved" and m.place.country == "CY"
    assert "limited recognition" in m.reason and m.confidence > 0.9


def test_unknown_areas_stay_unplaced_with_a_cause(geo) -> None:
    m = geo.resolve("West Cork", "Ireland")  # a region in speech, not a unit with a centre
    assert m.status == "unresolved" and m.place is None and "West Cork" in m.reason
    far = geo.resolve("Stolberg", "Germany", lat=54.0, lon=10.0)  # the list means elsewhere
    assert far.method == "list_coordinates"


def test_second_gazetteer_places_are_checked_against_the_list_coordinates(geo) -> None:
    m = geo.resolve("South Tyneside", "United Kingdom", lat=51.5, lon=-0.1)  # London
    assert m.method == "list_coordinates"
    assert "km from the list's coordinates" in m.reason


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Bussières, Saône-et-Loire", "France", 46.34, 4.71),  # not the one in the Loire
    ("L'Hôpital, Moselle", "France", 49.16, 6.73),  # not Hôpital-Camfrout in Brittany
    ("Collingham, Nottinghamshire", "United Kingdom", 53.14, -0.76),  # not West Yorkshire
    ("Sarre, Aosta Valley", "Italy", 45.72, 7.26),
])
def test_a_qualifier_naming_a_division_settles_homonyms(geo, name, country, lat, lon):
    m = geo.resolve(name, country)
    assert m.status == "resolved" and _near(m, lat, lon), (m.place, m.reason)


def test_a_district_with_the_list_coordinates_is_placed_there_not_at_its_city(geo) -> None:
    m = geo.resolve("Nowhereville (Suzhou)", "China", lat=31.32, lon=120.75)
    assert m.method == "list_coordinates" and m.place.name == "Nowhereville"


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Neuenhagen bei Berlin", "Germany", 52.53, 13.69),  # Berlin is near: the qualifier fits
    ("canton of Yvetot", "France", 49.62, 0.76),
    ("Cauca Department", "Colombia", 2.5, -76.6),
])
def test_long_official_names_and_unit_labels(geo, name, country, lat, lon) -> None:
    m = geo.resolve(name, country)
    assert m.status == "resolved" and _near(m, lat, lon, 60), (m.place, m.reason)


def test_a_homonym_whose_own_name_carries_another_qualifier_is_not_taken(geo) -> None:
    m = geo.resolve("Krimpen aan de Lek", "Netherlands")  # not Krimpen aan den IJssel
    assert m.status != "resolved" and m.place is None


@pytest.mark.parametrize("name", ["Weissach im Tal", "Hattersheim am Main", "Bay City",
                                  "Laterrière (Quebec)"])
def test_a_shorter_name_is_not_taken_for_a_longer_one_without_proof(geo, name) -> None:
    # Weissach im Tal is a municipality of its own, 40 km from Weissach; "am Main" cannot be
    # checked; "Bay City" has homonyms, and "Bay" (Arkansas) is another place.
    # "(Quebec)" names the province: Laterrière is not a district of Quebec City.
    country = {"Bay City": "United States", "Laterrière (Quebec)": "Canada"}.get(name, "Germany")
    m = geo.resolve(name, country)
    assert m.status != "resolved", (m.place, m.reason)


def test_areas_are_places_of_their_own_not_their_centre_town(geo) -> None:
    council = geo.resolve("Basingstoke and Deane", "United Kingdom")
    town = geo.resolve("Basingstoke", "United Kingdom")
    assert council.place.name == "Basingstoke and Deane"
    assert council.place.city_id != town.place.city_id
    island = geo.resolve("Guernsey", "Guernsey")
    assert island.status == "resolved" and island.method == "admin_area"
    assert island.place.name == "Guernsey" and _near(island, 49.46, -2.54)
    assert "capital" in island.reason


def test_a_large_country_named_as_a_partner_is_not_placed(geo) -> None:
    m = geo.resolve("Germany", "Germany")
    assert m.status == "unresolved" and m.place is None


# ---------------------------------------------------------------------- lists in general (#18)
@pytest.mark.parametrize(
    ("name", "country", "expected", "cc"),
    [("Gemeente Delft", "Netherlands", "Delft", "NL"),
     ("Ayuntamiento de Getafe", "Spain", "Getafe", "ES"),
     ("Câmara Municipal de Braga", "Portugal", "Braga", "PT"),
     ("Stadtgemeinde Bad Vöslau", "Austria", "Bad Vöslau", "AT"),
     ("Leeds City Council", "England, United Kingdom", "Leeds", "GB"),
     ("Comune di Udine", "Italy", "Udine", "IT"),
     ("Ville de Lyon", "France", "Lyon", "FR")],
)
def test_council_wrappers_are_stripped(geo, name, country, expected, cc) -> None:
    resolved(geo.resolve(name, country), expected, cc)


def test_labels_are_stripped_one_at_a_time_and_only_as_whole_words() -> None:
    from sistermap.places.geocode import _label_stages

    assert _label_stages("Stadtgemeinde Bad Vöslau") == ["Bad Vöslau", "Vöslau"]
    assert _label_stages("Mid Devon District Council") == ["Mid Devon"]
    assert _label_stages("Gemeinde Markt Indersdorf") == ["Markt Indersdorf", "Indersdorf"]
    assert _label_stages("Stadthagen") == [] and _label_stages("Badajoz") == []


@pytest.mark.parametrize(("country", "admin1"), [("Lower Austria, Austria", "Lower Austria"),
                                                  ("Carinthia, Austria", "Carinthia")])
def test_the_region_written_with_the_country_settles_homonyms(geo, country, admin1) -> None:
    m = geo.resolve("Gmünd", country)
    resolved(m, "Gmünd", "AT")
    assert m.place.admin1_name == admin1
    assert geo.resolve("Gmünd", "Austria").status == "ambiguous"  # the country alone does not


def test_a_constituent_country_is_a_region_too(geo) -> None:
    """'Newport, England, UK' is not the larger Newport in Wales; with 'Wales' it is."""
    assert geo.resolve("Newport", "Wales, United Kingdom").place.admin1_name == "Wales"
    england = geo.resolve("Newport", "England, UK")
    assert england.place is None or england.place.admin1_name == "England"


@pytest.mark.parametrize(("name", "country"), [("Passau", "Austria"), ("Paris", "Styria, Austria"),
                                               ("Nerima (Tokyo)", "Korea, Republic of"),
                                               ("Stadt Passau", "Austria")])
def test_a_place_is_never_put_outside_the_country_named(geo, name, country) -> None:
    """Passau is in Germany and Nerima in Tokyo: named under another country they stay
    unplaced, with the cause, rather than be moved to where the name is."""
    m = geo.resolve(name, country)
    assert m.place is None, (m.place, m.method)
    assert unplaced_cause(m.status, m.reason) in {
        "the name exists only in another country (not moved)", "not in the gazetteers"}


@pytest.mark.parametrize(
    ("name", "country", "cause"),
    [("Germany", "Germany", "a country or region, not a town"),
     ("Xyzzyville", "Narnia", "country unknown"),
     ("Gmünd", "Austria", "ambiguous between several candidates"),
     ("Qqxvillezz", "Germany", "not in the gazetteers"),
     ("Gemeinde Qqxvillezz", "Germany",
      "not in the gazetteers (written as a council or administrative area)")],
)
def test_every_unplaced_place_has_a_cause(geo, name, country, cause) -> None:
    m = geo.resolve(name, country)
    assert m.status != "resolved"
    assert unplaced_cause(m.status, m.reason) == cause


@pytest.mark.parametrize(("name", "country", "expected", "cc"),
                         [("Mitte (Berlin)", "Berlin, Germany", "Mitte", "DE"),
                          ("Nerima (Tokyo)", "Tokyo, Japan", "Nerima-ku", "JP"),
                          ("Leeds City Council", "Yorkshire, England, UK", "Leeds", "GB"),
                          ("Comune di Udine", "Friuli-Venezia Giulia, Italy", "Udine", "IT")])
def test_shapes_combine(geo, name, country, expected, cc) -> None:
    """A district with its city, or a council, under a country written with its region."""
    m = geo.resolve(name, country)
    assert m.status == "resolved", m.reason
    assert (m.place.name, m.place.country) == (expected, cc)
