"""Every filter narrows the map the way a user expects, and survives a round trip via the URL."""

from __future__ import annotations

import pytest

from sistermap.query import filters
from sistermap.query.filters import Filters


def names(ds, f: Filters) -> set[str]:
    chosen = filters.apply(ds.partnerships, ds.cities, f)
    return {f"{a}–{b}" for a, b in zip(chosen.city_a, chosen.city_b)}


def test_no_filter_keeps_everything(mini_dataset):
    assert len(names(mini_dataset, Filters())) == 12


def test_era(mini_dataset):
    assert names(mini_dataset, Filters(eras=("postwar",))) == {
        "Coventry–Kiel", "Saint Paul–Nagasaki"}
    assert names(mini_dataset, Filters(eras=("early",))) == {"Coventry–Volgograd"}
    assert names(mini_dataset, Filters(eras=("unknown",))) == {"Kraków–Kyoto"}


def test_focus_matches_any_of_the_chosen_areas(mini_dataset):
    assert names(mini_dataset, Filters(focus=("governance", "climate"))) == {
        "Prague–Taipei", "Kraków–Kyoto"}


def test_region_matches_either_end(mini_dataset):
    north_america = names(mini_dataset, Filters(continents=("North America",)))
    assert north_america == {"Kyoto–Boston", "Saint Paul–Nagasaki", "San Francisco–Osaka"}
    assert names(mini_dataset, Filters(countries=("CZ",))) == {"Prague–Beijing", "Prague–Taipei"}
    assert "Tokyo–Beijing" in names(mini_dataset, Filters(subregions=("Eastern Asia",)))
    assert "Coventry–Volgograd" not in names(mini_dataset, Filters(subregions=("Eastern Asia",)))


def test_status_and_kind(mini_dataset):
    assert names(mini_dataset, Filters(statuses=("ended",))) == {"Prague–Beijing"}
    assert names(mini_dataset, Filters(kinds=("friendship_city",))) == {"Tokyo–Beijing"}
    active = names(mini_dataset, filters.APP_DEFAULT)
    assert "Prague–Beijing" not in active and "Kraków–Kyoto" in active  # unknown status shown


def test_year_range_is_inclusive_and_drops_unknown_years(mini_dataset):
    got = names(mini_dataset, Filters(year_min=1956, year_max=1958))
    assert got == {"Paris–Rome", "Kyoto–Paris", "San Francisco–Osaka"}
    assert "Kraków–Kyoto" not in names(mini_dataset, Filters(year_min=1900))


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Stalingrad", {"Coventry–Volgograd"}),
     ("krakow", {"Kraków–Kyoto"}),
     ("KRAKÓW", {"Kraków–Kyoto"}),
     ("Peking", {"Prague–Beijing", "Tokyo–Beijing"}),
     ("st paul", {"Saint Paul–Nagasaki"}),
     ("francisco", {"San Francisco–Osaka"}),
     ("zzzz", set())],
)
def test_search_knows_alternate_names_and_accents(mini_dataset, query, expected):
    assert names(mini_dataset, Filters(search=query)) == expected


def test_selected_city(mini_dataset):
    assert names(mini_dataset, Filters(city="gn:2652221")) == {
        "Coventry–Volgograd", "Coventry–Dresden", "Coventry–Kiel"}


def test_filters_combine(mini_dataset):
    f = Filters(continents=("Asia",), eras=("cold_war",), focus=("economy",))
    assert names(mini_dataset, f) == {"San Francisco–Osaka", "Tokyo–Beijing"}


def test_cities_in(mini_dataset):
    chosen = filters.apply(mini_dataset.partnerships, mini_dataset.cities,
                           Filters(city="gn:2652221"))
    assert set(filters.cities_in(chosen, mini_dataset.cities).name) == {
        "Coventry", "Volgograd", "Dresden", "Kiel"}


def test_query_string_round_trip():
    f = Filters(eras=("cold_war",), focus=("climate", "peace"), countries=("JP",),
                statuses=(), year_min=1950, year_max=2000, search="Kyoto", city="gn:1857910")
    query = filters.to_query(f)
    assert query["statuses"] == "all" and query["focus"] == "climate,peace"
    back, notices = filters.from_query(query, vocab={"countries": {"JP"}, "city": {"gn:1857910"}})
    assert back == f and notices == []


def test_default_filters_make_an_empty_query():
    assert filters.to_query(filters.APP_DEFAULT) == {}
    assert filters.from_query({}) == (filters.APP_DEFAULT, [])


def test_hostile_query_values_are_ignored_with_a_notice():
    params = {"eras": "cold_war,<script>alert(1)</script>", "year_min": "19x5",
              "focus": "gardening", "city": "gn:0", "page": "ignored"}
    f, notices = filters.from_query(params, vocab={"city": {"gn:1"}})
    assert f.eras == ("cold_war",)
    assert f.focus == filters.APP_DEFAULT.focus and f.year_min is None and f.city == ""
    assert len(notices) == 4
    assert all(len(n) < 200 for n in notices)


def test_inverted_year_range_is_dropped():
    f, notices = filters.from_query({"year_min": "2000", "year_max": "1990"})
    assert (f.year_min, f.year_max) == (None, None) and notices


@pytest.mark.parametrize("raw", ["²", "³", "1" * 5000, "１９５０", "٢٠٠٠", "1950\x00", "-1950",
                                 "19.5", "", "1e3", "0x7b2", " "])
def test_a_year_from_a_link_never_raises(raw):
    f, notices = filters.from_query({"year_min": raw, "year_max": raw})
    assert (f.year_min, f.year_max) == (None, None)
    assert len(notices) == 2 and all(len(n) < 200 for n in notices)


def test_years_in_a_link_are_read_when_plain():
    assert filters.parse_year(" 1956 ") == 1956 and filters.parse_year(["1900", "1944"]) == 1944
    assert filters.parse_year("1066") is None  # before the schema's first year


def test_page_choice_from_a_link():
    notices: list[str] = []
    assert filters.choice({"color": "focus"}, "color", ("era", "focus")) == "focus"
    assert filters.choice({}, "color", ("era", "focus")) == "era"
    assert filters.choice({"color": "<b>x"}, "color", ("era", "focus"), notices) == "era"
    assert notices and "color" in notices[0]


def test_search_in_an_empty_dataset_finds_nothing_without_failing(mini_dataset):
    empty = mini_dataset.cities.iloc[0:0]
    assert filters.city_matches(empty, "Coventry").dtype == bool
    assert filters.apply(mini_dataset.partnerships.iloc[0:0], empty,
                         Filters(search="Coventry")).empty


def test_a_country_pair_keeps_the_links_between_the_two_and_round_trips(mini_dataset):
    from sistermap.query.filters import Filters, apply, from_query, to_query

    p, c = mini_dataset.partnerships, mini_dataset.cities
    kept = apply(p, c, Filters(pair=("JP", "FR")))
    assert len(kept) == 1 and set(kept["city_a"]) | set(kept["city_b"]) == {"Kyoto", "Paris"}
    assert to_query(Filters(pair=("DE", "FR")), Filters()) == {"pair": "DE,FR"}
    f, notices = from_query({"pair": "de-fr"}, {"countries": {"DE", "FR"}})
    assert f.pair == ("DE", "FR") and not notices
    f, notices = from_query({"pair": "DE,XX"}, {"countries": {"DE", "FR"}})
    assert f.pair == () and notices and "pair" in notices[0]
    f, notices = from_query({"pair": "<script>"})
    assert f.pair == () and notices


def test_a_link_of_two_kinds_passes_for_either_and_counts_in_both(mini_copy):
    from sistermap.query import stats
    from sistermap.store import dataset

    path = mini_copy / "partnerships.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    at = header.index("kind")
    first = rows[1].split(",")
    first[at] = "twin_town|project_partnership"
    path.write_text("\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n", encoding="utf-8")
    data = dataset.load(mini_copy)
    p = data.partnerships
    both = filters.apply(p, data.cities, Filters(kinds=("project_partnership",)))
    assert len(both) == 1 and both.iloc[0]["kinds"] == ("twin_town", "project_partnership")
    assert len(filters.apply(p, data.cities, Filters(kinds=("twin_town",)))) == \
        int(p["kinds"].map(lambda k: "twin_town" in k).sum())
    counts = stats.summary(p)["by_kind"]
    assert counts["project_partnership"] == 1
    assert sum(counts.values()) == len(p) + 1  # the link of two kinds counts in both
    table = stats.partner_table(p, both.iloc[0]["city_a_id"])
    mine = table[table["partner_id"] == both.iloc[0]["city_b_id"]]
    assert mine["kind"].tolist() == ["Twin town + Project or programme partnership"]


def test_choices_are_what_the_sidebar_offers_for_a_dataset(mini_dataset):
    """The mini data: 12 reviewed links, one with no year and the climate focus only."""
    c = filters.choices(mini_dataset.partnerships, mini_dataset.cities)
    assert c.source_counts == {"reviewed": 12}
    assert not c.unclassified_focus and not c.unclassified_kind
    assert c.year_bounds == (1944, 2020)
    assert c.countries_by_continent["Europe"] >= {"GB", "DE", "FR", "IT", "CZ", "PL", "RU"}
    assert c.countries_by_continent["Asia"] == {"JP", "CN", "TW"}
    assert "Eastern Asia" in c.subregions and c.continents >= {"Europe", "Asia"}
