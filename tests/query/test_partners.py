"""query/partners.py: one answer to "this city's partners under these filters"."""

from __future__ import annotations

from dataclasses import replace

from sistermap.query import filters, lookup, partners
from sistermap.query.filters import APP_DEFAULT, Filters


def test_partners_count_what_the_filters_keep_and_say_what_they_hide(layered):
    from sistermap.store import dataset

    ds = dataset.load(layered)
    coventry = "gn:2652221"
    everything = partners.partners(ds.partnerships, ds.cities, coventry)
    reviewed = partners.partners(ds.partnerships, ds.cities, coventry, APP_DEFAULT)
    assert everything.hidden == 0 and everything.count == everything.total
    assert reviewed.count == len(reviewed.table) == len(reviewed.links)
    assert reviewed.count + reviewed.hidden == everything.total
    assert set(reviewed.table["partner_id"]) <= set(everything.table["partner_id"])


def test_search_and_click_select_the_same_links(layered):
    """#17: Saint Paul searched and Saint Paul clicked, under the same filters."""
    from sistermap.store import dataset

    ds = dataset.load(layered)
    saint_paul = lookup.find_city(ds.cities, "Saint Paul").city_id
    for f in (APP_DEFAULT, Filters(), replace(APP_DEFAULT, sources=("wikidata",))):
        searched = filters.apply(ds.partnerships, ds.cities, replace(f, search="Saint Paul"))
        clicked = partners.partners(ds.partnerships, ds.cities, saint_paul, f).links
        assert sorted(searched.index) == sorted(clicked.index)
    # A search left in the filters does not narrow the chosen city's partners.
    assert partners.scope(replace(APP_DEFAULT, search="Kum"), saint_paul).search == ""


def test_count_line_says_what_is_hidden():
    import pandas as pd

    empty = pd.DataFrame()
    assert partners.Partners("x", empty, pd.DataFrame({"a": [1]}), 1).count_line() == \
        "1 partner"
    assert partners.Partners("x", empty, pd.DataFrame({"a": [1, 2]}), 5).count_line() == \
        "2 partners (3 more hidden by the filters)"
