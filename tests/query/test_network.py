"""Chains, families, rankings and the network through time, on the hand-made network
(tests/query/conftest.py) whose answers are worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from sistermap.query import graph, network


@pytest.fixture()
def g(net):
    return graph.build(net.partnerships)


def test_every_equal_length_chain_is_offered(g):
    found = network.chains(g, "gn:1", "gn:5")
    assert found.hops == 3 and not found.capped
    assert set(found.paths) == {("gn:1", "gn:2", "gn:4", "gn:5"),
                                ("gn:1", "gn:3", "gn:4", "gn:5")}


def test_alternatives_are_capped_and_say_so(g):
    found = network.chains(g, "gn:1", "gn:5", limit=1)
    assert len(found.paths) == 1 and found.capped


def test_no_chain_between_two_families(g):
    found = network.chains(g, "gn:1", "gn:7")
    assert not found.found and found.hops == -1
    assert network.chain(g, "gn:1", "gn:7") == []
    assert not network.chains(g, "gn:1", "gn:nowhere").found


def test_a_city_to_itself_is_a_chain_of_no_hops(g):
    assert network.chains(g, "gn:4", "gn:4").hops == 0


def test_active_only_avoids_the_ended_link(net):
    active = graph.build(network.chain_links(net.partnerships, active_only=True))
    assert network.chains(active, "gn:1", "gn:5").paths == (("gn:1", "gn:2", "gn:4", "gn:5"),)


def test_reviewed_only_keeps_links_the_reviewed_source_lists(net):
    links = net.partnerships.copy()
    links["sources"] = [("wikidata",) if (a, b) == ("gn:1", "gn:2") else ("reviewed",)
                        for a, b in zip(links["city_a_id"], links["city_b_id"])]
    reviewed = graph.build(network.chain_links(links, reviewed_only=True))
    assert network.chains(reviewed, "gn:1", "gn:5").paths == (
        ("gn:1", "gn:3", "gn:4", "gn:5"),)


def test_hops_give_each_link_in_the_chain_s_direction(g, net):
    table = network.hops(g, net.partnerships, ("gn:1", "gn:2", "gn:4", "gn:5"))
    assert list(table["step"]) == [1, 2, 3]
    assert list(table["established"]) == [1950, 1975, 1990]
    assert list(table["from_id"]) == ["gn:1", "gn:2", "gn:4"]
    assert list(table["to_id"]) == ["gn:2", "gn:4", "gn:5"]
    assert list(table["status"]) == ["active"] * 3


def test_components_largest_first_and_countries_outside_it(g, net):
    families = network.components(g)
    assert [len(f) for f in families] == [7, 2]
    assert families[1] == {"gn:7", "gn:8"}
    outside = network.outside_largest(families, net.cities)
    assert set(outside["country"]) == {"AR", "BR"}
    assert network.family_of(families)["gn:8"] == 1


def test_family_table_counts_links_countries_and_best_connected(g, net):
    table = network.family_table(g, network.components(g), net.cities)
    first = table.iloc[0]
    assert (first["cities"], first["links"], first["countries"]) == (7, 8, 5)
    assert first["best_connected"].split(", ")[0] == "Bville"  # 4 partners
    assert table.iloc[1]["links"] == 1


def test_communities_are_stable_and_cover_every_city(g):
    once, again = network.communities(g), network.communities(g)
    assert once == again
    assert set().union(*once) == set(g.nodes)
    assert {"gn:7", "gn:8"} in once  # a component of its own is a community of its own


def test_betweenness_exact_on_a_star_and_sampled_when_large():
    star = nx.star_graph(4)  # 0 in the middle: on every chain between two others
    exact = network.betweenness(star)
    assert exact.sampled == 0 and exact.values[0] == pytest.approx(1.0)
    assert exact.values[1] == 0
    sampled = network.betweenness(star, exact_up_to=2, samples=3)
    assert sampled.sampled == 3
    assert sampled == network.betweenness(star, exact_up_to=2, samples=3)  # seeded


def test_fewer_sources_are_sampled_on_larger_networks():
    assert network.sample_size(1_000) == network.BETWEENNESS_SAMPLES
    assert network.sample_size(25_000) == 40
    assert network.sample_size(10**7) == network.BETWEENNESS_MIN_SAMPLES


def test_rankings_count_partners_and_other_countries_reached(g, net):
    table = network.rankings(g, net.cities, network.betweenness(g)).set_index("city_id")
    assert table.at["gn:4", "partners"] == 3
    assert table.at["gn:4", "countries_reached"] == 2  # DE and FR; Eshi is in Japan too
    assert network.ranked_by(table.reset_index(), "betweenness", 1)["name"].tolist() == \
        ["Dmachi"]  # every chain from Europe to Eshi and Fton runs through it
    assert network.ranked_by(table.reset_index(), "partners", 2).index.tolist() == [1, 2]


def test_the_network_as_of_a_year_follows_the_playback_rule(net):
    p, c = net.partnerships, net.cities
    assert len(network.as_of(p, 1960)) == 2
    assert ("gn:1", "gn:3") in set(zip(*[network.as_of(p, 1975)[k]
                                         for k in ("city_a_id", "city_b_id")]))
    in_1985 = network.as_of(p, 1985)
    assert ("gn:1", "gn:3") not in set(zip(in_1985["city_a_id"], in_1985["city_b_id"]))
    m = network.measures(in_1985, c)
    # A-B, B-C, C-D, B-D, B-I, G-H: {A,B,C,D,I} and {G,H}
    assert (m.links, m.cities, m.families, m.largest) == (6, 7, 2, 5)
    assert m.countries == 6 and m.countries_in_largest == 4
    rows = network.through_time(p, c, [1960, 2000])
    assert rows["largest"].tolist() == [3, 7]


def test_milestone_years_are_those_the_links_reach(net):
    assert network.milestone_years(net.partnerships) == [1960, 1990, 2000]
    assert network.milestone_years(net.partnerships.iloc[:0]) == []
