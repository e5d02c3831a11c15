"""The network page's maps on the hand-made network (tests/query/conftest.py's, rebuilt
here from its rows): a chain's numbered hops with their years, and families' colours."""

from __future__ import annotations

import pytest

from sistermap.query import graph, network
from sistermap.webmap import elements, netmap
from tests.query.conftest import net  # noqa: F401  (the hand-made network)


@pytest.fixture()
def hops(net):  # noqa: F811
    g = graph.build(net.partnerships)
    return network.hops(g, net.partnerships, ("gn:1", "gn:2", "gn:4", "gn:5"))


def test_each_hop_is_numbered_with_its_year(hops, net):  # noqa: F811
    html = elements.to_html(netmap.chain_map(hops, net.cities))
    for step, year in ((1, 1950), (2, 1975), (3, 1990)):
        assert f"{step} · {year}" in html or f"{step} \\u00b7 {year}" in html
    assert html.count('class=\\"sm-hop\\"') + html.count('class="sm-hop"') == 3
    # drawn under the cities' names (Leaflet's zIndexOffset), never over them
    assert html.count(f'"zIndexOffset": {netmap.HOP_Z}') == 3


def test_a_hop_label_from_data_is_escaped(hops, net):  # noqa: F811
    cities = net.cities.copy()
    cities.loc["gn:1", "name"] = "<img src=x onerror=alert(1)>"
    hostile = hops.assign(city_a=["<img src=x onerror=alert(1)>"] + list(hops["city_a"][1:]))
    html = elements.to_html(netmap.chain_map(hostile, cities))
    assert "<img src=x" not in html


def test_a_chain_across_the_pacific_is_one_box(net):  # noqa: F811
    links = net.partnerships
    pacific = links[(links["city_a_id"] == "gn:6") | (links["city_b_id"] == "gn:6")]  # US-JP
    (south, west), (north, east) = netmap.links_bounds(pacific)
    assert 120 < east - west < 180  # 75° W to 139° E across the Pacific, not the world
    assert north > 40  # the great circle bulges north of both ends (36° N, 40° N)


def test_the_family_map_colours_cities_and_leaves_links_off(net):  # noqa: F811
    g = graph.build(net.partnerships)
    family = network.family_of(network.components(g))
    html = elements.to_html(netmap.family_map(net.partnerships, net.cities, family))
    assert netmap.family_color(0) in html and netmap.family_color(1) in html
    assert netmap.family_color(99) == netmap.OTHER_FAMILY
