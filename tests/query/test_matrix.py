"""Pairs of countries, continents and subregions on the hand-made network."""

from __future__ import annotations

import pytest

from sistermap.query import filters, matrix


def test_country_pairs_most_linked_first_either_way_round(net):
    table = matrix.pairs(net.partnerships)
    top = table.iloc[0]
    assert (top["a"], top["b"], top["links"]) == ("DE", "FR", 2)  # B-C and B-I
    assert table["links"].sum() == len(net.partnerships)
    assert ((table["a"] == "JP") & (table["b"] == "JP")).sum() == 1  # domestic, once


def test_continent_pairs(net):
    table = matrix.pairs(net.partnerships, "continent").set_index(["a", "b"])["links"]
    assert table[("Europe", "Europe")] == 4
    assert table[("Asia", "Europe")] == 2


def test_unknown_level_is_refused(net):
    with pytest.raises(ValueError):
        matrix.pairs(net.partnerships, "planet")


def test_search_needs_every_word(net):
    table = matrix.pairs(net.partnerships)
    assert len(matrix.search(table, "germany france")) == 1
    assert len(matrix.search(table, "JAPAN")) == 4  # DE-JP, FR-JP, JP-JP, JP-US
    assert len(matrix.search(table, "")) == len(table)


def test_grid_is_symmetric_over_the_places_with_most_links(net):
    table = matrix.pairs(net.partnerships)
    grid = matrix.grid(table, top=3)
    assert list(grid.index) == ["France", "Germany", "Japan"]  # 4, 4 and 4 links
    assert grid.at["France", "Germany"] == grid.at["Germany", "France"] == 2
    assert grid.at["Japan", "Japan"] == 1


def test_a_cell_holds_the_links_the_pair_filter_keeps(net):
    p, c = net.partnerships, net.cities
    cell = matrix.links_between(p, "country", "FR", "DE")
    kept = filters.apply(p, c, filters.Filters(pair=("DE", "FR")))
    assert set(cell.index) == set(kept.index) and len(cell) == 2


def test_a_pair_s_links_list_the_first_place_s_city_first(net):
    links = matrix.links_between(net.partnerships, "country", "DE", "FR")
    table = matrix.oriented(links, "country", "DE")
    assert set(table["here"]) == {"Cstadt", "Idorf"} and set(table["there"]) == {"Bville"}
