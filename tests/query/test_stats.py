"""The figures behind the summary and the charts."""

from __future__ import annotations

from sistermap.query import filters, stats
from sistermap.query.filters import Filters


def test_summary_counts(mini_dataset):
    s = stats.summary(mini_dataset.partnerships)
    assert (s["partnerships"], s["cities"]) == (12, 17)
    assert s["countries"] == 11  # GB RU DE FR IT JP US CZ CN TW PL
    assert s["with_year"] == 11 and s["with_year_pct"] == 91.7
    assert (s["earliest_year"], s["latest_year"]) == (1944, 2020)
    assert s["by_era"] == {"early": 1, "postwar": 2, "cold_war": 6, "post_cold_war": 0, "global": 2,
                           "unknown": 1}
    assert s["by_status"] == {"active": 10, "suspended": 0, "ended": 1, "unknown": 1}
    assert s["by_kind"]["friendship_city"] == 1
    assert s["by_focus"]["culture"] == 10 and s["by_focus"]["climate"] == 1


def test_partnership_between_continents_counts_once_for_each(mini_dataset):
    s = stats.summary(mini_dataset.partnerships)
    # Europe: 3 Coventry + Paris-Rome + Kyoto-Paris + 2 Prague + Krakow-Kyoto
    assert s["by_continent"]["Europe"] == 8
    assert s["by_continent"]["Asia"] == 8
    assert s["by_continent"]["North America"] == 3


def test_summary_of_nothing_is_zero(mini_dataset):
    empty = filters.apply(mini_dataset.partnerships, mini_dataset.cities, Filters(search="zz"))
    s = stats.summary(empty)
    assert s["partnerships"] == 0 and s["earliest_year"] is None and s["with_year_pct"] == 0


def test_per_year_by_era_and_focus(mini_dataset):
    by_era = stats.per_year(mini_dataset.partnerships, by="era")
    assert by_era["partnerships"].sum() == 11
    row = by_era[(by_era.year == 1959)]
    assert list(row.era) == ["cold_war"] and list(row.partnerships) == [2]
    by_focus = stats.per_year(mini_dataset.partnerships, by="focus")
    assert set(by_focus[by_focus.year == 1944].focus) == {"peace", "culture"}


def test_continent_matrix_is_symmetric(mini_dataset):
    m = stats.continent_matrix(mini_dataset.partnerships)
    assert m.loc["Asia", "North America"] == m.loc["North America", "Asia"] == 3
    assert m.loc["Europe", "Europe"] == 4
    assert (m.to_numpy() == m.to_numpy().T).all()


def test_top_cities(mini_dataset):
    top = stats.top_cities(mini_dataset.partnerships, mini_dataset.cities, n=3)
    assert list(top.name[:2]) in (["Coventry", "Kyoto"], ["Kyoto", "Coventry"])
    assert list(top.partners[:2]) == [3, 3]


def test_status_breakdown(mini_dataset):
    table = stats.status_breakdown(mini_dataset.partnerships)
    assert table.loc["global", "ended"] == 1 and table.loc["postwar", "active"] == 2


def test_partner_table_is_seen_from_the_city(mini_dataset):
    table = stats.partner_table(mini_dataset.partnerships, "gn:1857910")  # Kyoto
    assert list(table.partner) == ["Paris", "Boston", "Kraków"]  # by year, unknown last
    assert list(table.country) == ["France", "United States", "Poland"]
    assert table.loc[2, "era"] == "Year unknown" and table.loc[0, "kind"] == "Sister city"


def test_growth_counts_formed_and_in_force(mini_dataset):
    table = stats.growth(mini_dataset.partnerships).set_index("year")
    assert table.index.min() == 1944 and table.index.max() == 2020
    assert table.loc[1944, "formed_so_far"] == 1 and table.loc[1959, "formed_so_far"] == 8
    assert table.loc[2016, "in_force"] == table.loc[2016, "formed_so_far"] == 10
    # Prague–Beijing ended in 2019: formed so far keeps it, in force drops it.
    assert table.loc[2019, "formed_so_far"] == 10 and table.loc[2019, "in_force"] == 9
    assert table["formed"].sum() == 11  # Kraków–Kyoto has no year


def test_readable_tables_have_human_headers_and_blanks_for_unknowns(mini_dataset):
    from sistermap.query import graph

    table = stats.readable(stats.partner_table(mini_dataset.partnerships, "gn:3094802"))
    assert list(table.columns)[:6] == ["Partner id", "Partner", "Country", "Continent", "Since",
                                       "Ended"]
    kyoto = table[table["Partner"] == "Kyoto"].iloc[0]
    assert kyoto["Since"] == "" and kyoto["Ended"] == ""  # Kraków–Kyoto: no known year
    assert "None" not in table.astype(str).to_numpy() and "nan" not in table.astype(str).to_numpy()
    second = stats.readable(graph.second_degree(graph.build(mini_dataset.partnerships),
                                                mini_dataset.cities, "gn:2988507"),
                            ["name", "country_name", "shared_partners", "via"])
    assert list(second.columns) == ["City", "Country", "Shared partners", "Through"]


def test_readable_keeps_only_web_links_as_sources():
    import pandas as pd

    t = stats.readable(pd.DataFrame({"source": ["https://en.wikipedia.org/wiki/X",
                                                "City archive, 1957", None]}))
    assert list(t["Source"]) == ["https://en.wikipedia.org/wiki/X", "", ""]
    assert list(t["Cited from"]) == ["", "City archive, 1957", ""]


def test_focus_by_era_is_a_share_of_each_eras_dated_links(mini_dataset):
    t = stats.focus_by_era(mini_dataset.partnerships).set_index(["era", "focus"])
    # Cold War era (1956–1991) of the mini data: 6 dated links, every one with culture,
    # 2 with economy; the one climate link has no year, so no era shows climate.
    assert t.loc[("cold_war", "culture"), "share"] == 1.0
    assert t.loc[("cold_war", "economy"), "partnerships"] == 2
    assert t.loc[("cold_war", "economy"), "era_total"] == 6
    assert "climate" not in t.index.get_level_values("focus")
    assert "post_cold_war" not in t.index.get_level_values("era")
    assert t.loc[("postwar", "peace"), "share"] == 1.0  # 1947 and 1955: both peace
