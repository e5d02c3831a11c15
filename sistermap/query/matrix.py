"""Partnerships between countries, continents and UN subregions: who is linked to whom.

At 190 countries a full grid is unreadable, so the answer is first a list of pairs, the
most linked first, that can be searched; the grid is kept for the places with most links.
A pair's links are ``filters.between``: the same rule as the country-pair filter
(``?pair=DE,FR``), so a cell, the filter and an export hold the same links.
"""

from __future__ import annotations

import pandas as pd

from sistermap.names import fold
from sistermap.query import filters

#: The levels a pair may be read at, and the column (``<column>_a``/``_b``) each reads.
LEVELS = ("country", "continent", "subregion")
PAIR_COLUMNS = ["a", "b", "a_name", "b_name", "links"]


def _names(partnerships: pd.DataFrame, level: str, side: str) -> pd.Series:
    return partnerships[f"country_name_{side}" if level == "country" else f"{level}_{side}"]


def pairs(partnerships: pd.DataFrame, level: str = "country") -> pd.DataFrame:
    """One row per pair of places with links between them (``a`` ≤ ``b``; a place with
    itself is its domestic links), most links first, then by name."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if partnerships.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    x, y = partnerships[f"{level}_a"].astype(str), partnerships[f"{level}_b"].astype(str)
    nx_, ny = _names(partnerships, level, "a").astype(str), _names(partnerships, level, "b")
    swap = (x > y).to_numpy()
    frame = pd.DataFrame({"a": x.where(~swap, y), "b": y.where(~swap, x),
                          "a_name": nx_.where(~swap, ny.astype(str)),
                          "b_name": ny.astype(str).where(~swap, nx_)})
    out = frame.groupby(["a", "b", "a_name", "b_name"]).size().rename("links").reset_index()
    return out.sort_values(["links", "a_name", "b_name"], ascending=[False, True, True],
                           ignore_index=True)[PAIR_COLUMNS]


def search(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """The pairs naming a place that contains ``text`` (accents and case ignored); several
    words must all match ("germany france" finds Germany–France)."""
    words = fold(text).split()
    if not words:
        return table
    names = [fold(f"{a} {b} {ca} {cb}") for a, b, ca, cb in
             zip(table["a_name"], table["b_name"], table["a"], table["b"])]
    keep = [all(w in n for w in words) for n in names]
    return table[keep]


def totals(table: pd.DataFrame) -> pd.Series:
    """Links per place (a domestic link counts once), most first: the grid's order."""
    both = pd.concat([table[["a_name", "links"]].rename(columns={"a_name": "place"}),
                      table.loc[table["a"] != table["b"], ["b_name", "links"]]
                      .rename(columns={"b_name": "place"})])
    summed = both.groupby("place")["links"].sum()
    return summed.sort_values(ascending=False, kind="stable")


def grid(table: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """A symmetric grid of the ``top`` places with most links (rows and columns in that
    order; 0 where two have no link)."""
    places = list(totals(table).index[:top])
    out = pd.DataFrame(0, index=places, columns=places, dtype=int)
    chosen = table[table["a_name"].isin(places) & table["b_name"].isin(places)]
    for a, b, n in zip(chosen["a_name"], chosen["b_name"], chosen["links"]):
        out.at[a, b] = out.at[b, a] = int(n)
    return out


def links_between(partnerships: pd.DataFrame, level: str, a: str, b: str) -> pd.DataFrame:
    """The links of one pair (codes for countries, names for continents and subregions)."""
    return partnerships[filters.between(partnerships, level, a, b).to_numpy()]


def oriented(links: pd.DataFrame, level: str, a: str) -> pd.DataFrame:
    """The links of a pair with the end in ``a`` first (``here``, ``there``), so a table of
    Germany–France lists the German city, then the French one."""
    first = links[f"{level}_a"].eq(a).to_numpy()
    return links.assign(here=links["city_a"].where(first, links["city_b"]),
                        there=links["city_b"].where(first, links["city_a"]))
