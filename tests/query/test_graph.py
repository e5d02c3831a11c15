"""Partners' partners, as the city page shows them (chains: test_network.py)."""

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

