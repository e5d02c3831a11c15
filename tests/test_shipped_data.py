"""The dataset that ships with the app: the reviewed records (valid, broad, sourced, with
their landmarks) and the Wikidata layer beside them (nothing invented for its links)."""

from __future__ import annotations

import pytest

from sistermap import schema
from sistermap.query import filters, lookup, stats
from sistermap.store import dataset
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def everything():
    return dataset.load(SHIPPED)


@pytest.fixture(scope="module")
def shipped(everything):
    """The reviewed records only, as the app shows them first."""
    reviewed = filters.apply(everything.partnerships, everything.cities,
                             filters.Filters(sources=("reviewed",)))
    return dataset.Dataset(everything.cities, reviewed, SHIPPED)


def test_shipped_dataset_validates():
    assert dataset.validate(SHIPPED) == []


def test_size_and_breadth(shipped):
    s = stats.summary(shipped.partnerships)
    assert s["partnerships"] >= 800
    assert s["countries"] >= 90
    inhabited = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America")
    assert all(s["by_continent"][c] > 0 for c in inhabited)
    # Programme pairings often have no year on their page (an empty year is the truth then):
    # the floor of 90% holds for the formal twinnings, 85% for every reviewed link.
    assert s["with_year_pct"] >= 85
    links = shipped.partnerships
    twinnings = links[links["kinds"].map(lambda k: bool(schema.TWINNING_KINDS.intersection(k)))]
    assert twinnings["established"].notna().mean() >= 0.9
    assert s["earliest_year"] < 1950


def test_the_climate_chapter_is_in_the_data(shipped):
    """Issue #18: the climate partnerships entered the reviewed data as project partnerships."""
    links = shipped.partnerships
    climate = links[links["focus"].map(lambda f: "climate" in f)]
    assert len(climate) >= 60
    project = climate["kinds"].map(lambda k: "project_partnership" in k)
    assert project.sum() >= 50
    assert climate.loc[project, "source"].str.startswith("http").all()


def test_every_record_has_a_source_and_focus(shipped):
    links = shipped.partnerships
    assert links["source"].str.startswith("http").all()
    assert links["focus"].map(len).gt(0).all()


def pair(shipped, a: str, b: str):
    links = shipped.partnerships
    hit = links[((links.city_a == a) & (links.city_b == b))
                | ((links.city_a == b) & (links.city_b == a))]
    assert len(hit) == 1, f"{a}–{b} missing"
    return hit.iloc[0]


def test_landmark_partnerships(shipped):
    coventry = pair(shipped, "Coventry", "Volgograd")
    assert coventry.established == 1944 and "peace" in coventry.focus
    assert pair(shipped, "Paris", "Rome").established == 1956
    assert pair(shipped, "Saint Paul", "Nagasaki").established == 1955
    assert pair(shipped, "Coventry", "Dresden").established == 1959


def test_lapsed_and_informal_links_say_so(shipped):
    links = shipped.partnerships
    prague_beijing = pair(shipped, "Prague", "Beijing")
    assert (prague_beijing.status, prague_beijing.ended) == ("ended", 2019)
    assert links.status.isin(["suspended"]).sum() >= 3
    assert (links.kind == "friendship_city").sum() >= 10


def test_search_finds_historic_and_unaccented_names(shipped):
    from sistermap.query.lookup import find_city

    assert shipped.cities.loc[find_city(shipped.cities, "Stalingrad").city_id, "name"] == \
        "Volgograd"
    assert shipped.cities.loc[find_city(shipped.cities, "Krakow").city_id, "name"] == "Kraków"


def test_reviewed_records_are_all_reviewed_and_all_there(everything, shipped):
    assert len(shipped.partnerships) == len(dataset.read_tables(SHIPPED)[1])
    assert set(shipped.partnerships["sources"].map(lambda s: s[0])) == {"reviewed"}


def test_wikidata_links_state_only_what_wikidata_states(everything):
    p = everything.partnerships
    only = p[p["sources"].map(lambda s: s == ("wikidata",))]
    assert len(only) > 9000
    assert only["kind"].eq("").all() and only["focus"].map(len).eq(0).all()
    assert only["established"].isna().all() and only["status"].eq("unknown").all()
    assert only["source"].str.startswith("https://www.wikidata.org/wiki/Q").all()
    assert (SHIPPED / "sources/wikidata-twin-cities/README.md").read_text().count("CC0")


@pytest.mark.parametrize(("name", "country", "at_least"),
                         [("Saint Paul", "US", 6), ("Leeds", "GB", 7), ("Kumasi", "GH", 8)])
def test_cities_wikidata_twins_have_their_full_partner_list(everything, name, country,
                                                            at_least):
    found = lookup.find_city(everything.cities, name)
    ids = [found.city_id] if found.city_id else list(found.matches)
    city = [c for c in ids if everything.cities.at[c, "country"] == country][0]
    table = stats.partner_table(everything.partnerships, city)
    assert len(table) >= at_least
    assert set(table["sources"]) <= {"reviewed", "Wikidata", "reviewed + Wikidata"}
