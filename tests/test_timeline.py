"""What playback plays: links appear in their year, ended ones leave, undated ones are counted."""

from __future__ import annotations

import pandas as pd

from sistermap import timeline


def links(rows):
    return pd.DataFrame(rows, columns=["established", "ended", "status"])


def test_links_appear_in_their_year_and_stay():
    p = links([(1944, None, "active"), (1956, None, "active"), (1990, None, "unknown")])
    assert timeline.shown_in(p, 1943).tolist() == [False, False, False]
    assert timeline.shown_in(p, 1944).tolist() == [True, False, False]
    assert timeline.shown_in(p, 1956).tolist() == [True, True, False]
    assert timeline.shown_in(p, 2020).tolist() == [True, True, True]


def test_ended_and_suspended_links_leave_in_their_end_year():
    p = links([(1960, 1995, "ended"), (1962, 2022, "suspended"), (1970, 1980, "active")])
    assert timeline.shown_in(p, 1994).tolist() == [True, True, True]
    assert timeline.shown_in(p, 1995).tolist() == [False, True, True]
    # An active link keeps its place whatever an end column says (its status rules).
    assert timeline.shown_in(p, 2022).tolist() == [False, False, True]


def test_undated_links_are_counted_not_played():
    p = links([(None, None, "active"), (1950, None, "active"), (1952, None, "ended"),
               (1951, None, "active")])
    tl = timeline.build(p)
    assert (tl.first, tl.last) == (1950, 1952)
    assert tl.counts == (1, 1, 1)
    assert tl.undated == 1  # said on the map, not silently dropped
    assert tl.ending_undated == 1  # ended when? not known: it stays on the map
    assert not timeline.shown_in(p, 2000).iloc[0]


def test_no_dated_link_means_no_playback():
    assert timeline.build(links([(None, None, "active")])) is None


def test_the_control_runs_to_the_last_end_year(mini_dataset):
    tl = timeline.build(mini_dataset.partnerships)
    years = mini_dataset.partnerships["established"].dropna()
    assert tl.first == int(years.min()) and tl.last >= int(years.max())
    assert sum(tl.counts) == len(years)
    assert len(tl.counts) == tl.last - tl.first + 1
