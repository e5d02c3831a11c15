"""Which sources list the shown links: the figures and the filters over sources."""

from __future__ import annotations

from sistermap.query import filters, provenance, stats
from sistermap.store import dataset


def test_overlap_counts(layered):
    o = provenance.overlap(dataset.load(layered).partnerships)
    assert o["by_source"]["reviewed"] == {"partnerships": 12, "cities": 17,
                                          "only_this_source": 10}
    assert o["by_source"]["wikidata"]["partnerships"] == 3
    assert o["reviewed_vs_wikidata"]["confirmed_by_wikidata"] == 2
    assert o["reviewed_vs_wikidata"]["not_in_wikidata"] == 10
    assert o["reviewed_vs_wikidata"]["wikidata_only"] == 1
    assert o["by_corroboration"] == {1: 11, 2: 2}

def test_source_filter_applies_to_search_and_city_alike(layered):
    ds = dataset.load(layered)
    reviewed = filters.Filters(sources=("reviewed",))
    assert len(filters.apply(ds.partnerships, ds.cities, reviewed)) == 12
    assert len(filters.apply(ds.partnerships, ds.cities, filters.Filters(
        sources=("wikidata",)))) == 3
    # #17: the source filter applies to a search and a chosen city as to the map, so
    # searching a city and clicking it select the same links.
    for f in (filters.Filters(sources=("reviewed",), search="Kumasi"),
              filters.Filters(sources=("reviewed",), city=ds.cities.index[
                  ds.cities["name"].eq("Kumasi")][0])):
        assert filters.apply(ds.partnerships, ds.cities, f).empty
    found = filters.apply(ds.partnerships, ds.cities, filters.Filters(search="Kumasi"))
    assert found["source_mark"].tolist() == ["Wikidata"]
    unclassified = filters.apply(ds.partnerships, ds.cities,
                                 filters.Filters(focus=("unclassified",)))
    assert len(unclassified) == 1

def test_partner_table_says_what_is_known(layered):
    ds = dataset.load(layered)
    table = stats.partner_table(ds.partnerships, "gn:5045360").set_index("partner")
    assert table.loc["Kumasi", "sources"] == "Wikidata"
    assert table.loc["Kumasi", "focus"] == "Not classified"
    assert table.loc["Kumasi", "kind"] == "Not classified"
    assert table.loc["Nagasaki", "sources"] == "reviewed"

def test_source_choice_in_the_url():
    all_known = filters.Filters(statuses=("active", "unknown"))
    assert filters.to_query(all_known) == {"sources": "all"}
    assert filters.to_query(filters.APP_DEFAULT) == {}
    f, notices = filters.from_query({"sources": "wikidata", "focus": "unclassified"})
    assert (f.sources, f.focus, notices) == (("wikidata",), ("unclassified",), [])
    f, notices = filters.from_query({"sources": "gossip"})
    assert f.sources == ("reviewed",) and "gossip" in notices[0]
