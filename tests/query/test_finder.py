"""The partner finder on the hand-made network: Aton (GB, 100,000 people) has Bville and
Cstadt as partners."""

from __future__ import annotations

import numpy as np
import pytest

from sistermap.query import finder


def ranked(net, **weights):
    p = net.partnerships
    return finder.suggest(p, p, net.cities, "gn:1", finder.Weights(**weights)).set_index(
        "city_id")


def test_partners_and_the_city_itself_are_never_suggested(net):
    table = ranked(net)
    assert not {"gn:1", "gn:2", "gn:3"} & set(table.index)
    assert set(table.index) == {"gn:4", "gn:5", "gn:6", "gn:7", "gn:8", "gn:9"}


def test_scores_of_one_candidate_are_explained(net):
    d = ranked(net).loc["gn:4"]  # Dmachi: same size, partners B and C in common, Japan, Asia
    assert d["size"] == pytest.approx(1.0)
    assert d["common"] == pytest.approx(2 / 3)
    assert (d["new_country"], d["new_continent"]) == (1.0, 1.0)
    # Aton: peace, culture, economy; Dmachi: culture, education -> 1 of 4
    assert d["focus"] == pytest.approx(0.25)
    assert "2 partners in common (Bville, Cstadt)" in d["why"]
    assert "no link with Japan yet" in d["why"] and "a first link with Asia" in d["why"]
    assert ranked(net).index[0] == "gn:4"


def test_weights_change_the_ranking(net):
    by_size = ranked(net, size=1, focus=0, common=0, new_country=0, new_continent=0)
    assert by_size.index[0] == "gn:4"  # exactly 100,000 people
    assert "gn:9" in by_size.index and by_size.at["gn:9", "new_country"] == 0  # Germany
    only_new = ranked(net, size=0, focus=0, common=0, new_country=1, new_continent=0)
    assert only_new.at["gn:9", "score"] == 0 and only_new.at["gn:7", "score"] == 100


def test_size_similarity():
    sim = finder.size_similarity(1000.0, np.array([1000.0, 10000.0, 100000.0, 0.0]))
    assert sim.tolist() == pytest.approx([1.0, 0.5, 0.0, 0.0])
    assert finder.size_similarity(float("nan"), np.array([5.0])).tolist() == [0.0]


def test_an_unknown_or_fully_linked_city_gets_no_suggestion(net):
    p = net.partnerships
    assert finder.suggest(p, p, net.cities, "gn:none").empty
    assert finder.suggest(p.iloc[7:8], p, net.cities, "gn:7").empty  # only its partner
