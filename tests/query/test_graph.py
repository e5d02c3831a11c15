"""Partners' partners and chains, as the city page shows them."""

from __future__ import annotations

from sistermap.query import graph


def test_second_degree_lists_cities_through_shared_partners(mini_dataset):
    g = graph.build(mini_dataset.partnerships)
    table = graph.second_degree(g, mini_dataset.cities, "gn:2988507")  # Paris
    # Paris - Kyoto - (Boston, Kraków); Paris - Rome has no other partners
    assert set(table.name) == {"Boston", "Kraków"}
    assert set(table.via) == {"Kyoto"}
    assert "Rome" not in set(table.name) and "Paris" not in set(table.name)


def test_second_degree_of_an_isolated_city_is_empty(mini_dataset):
    g = graph.build(mini_dataset.partnerships.iloc[:0])
    assert graph.second_degree(g, mini_dataset.cities, "gn:2988507").empty


def test_chain_between_cities(mini_dataset):
    g = graph.build(mini_dataset.partnerships)
    assert graph.chain(g, "gn:3169070", "gn:4930956") == [
        "gn:3169070", "gn:2988507", "gn:1857910", "gn:4930956"]  # Rome-Paris-Kyoto-Boston
    assert graph.chain(g, "gn:3169070", "gn:2652221") == []  # Rome and Coventry: no chain
