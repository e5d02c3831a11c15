"""The partner finder: cities a city has no link with, ranked on what a council weighs.

Four things, each a score from 0 to 1, weighed as the user chooses: a similar size
(population), shared focus areas (of the two cities' links), partners in common (second
degree, ``query.graph.second_degree``), and a country or continent the city has no link
with yet. Every suggestion says why it ranks where it does. A suggestion is not a
partnership: it is never drawn or exported as one (the page shows it as a table only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sistermap import schema
from sistermap.i18n import _, n_
from sistermap.query import graph

if TYPE_CHECKING:
    import networkx as nx

#: Population ratio at which "similar size" reaches 0 (a city 100 times larger or smaller).
SIZE_SPAN = 2.0
#: Partners in common at which that score is full.
COMMON_FULL = 3


@dataclass(frozen=True)
class Weights:
    """How much each reason counts (0 switches it off)."""

    size: float = 1.0
    focus: float = 1.0
    common: float = 1.0
    new_country: float = 1.0
    new_continent: float = 0.5

    @property
    def total(self) -> float:
        return self.size + self.focus + self.common + self.new_country + self.new_continent


def focus_profiles(partnerships: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Each city's focus areas: those of any of its links."""
    out: dict[str, set[str]] = {}
    for a, b, focus in zip(partnerships["city_a_id"], partnerships["city_b_id"],
                           partnerships["focus"]):
        if focus:
            out.setdefault(a, set()).update(focus)
            out.setdefault(b, set()).update(focus)
    return {c: frozenset(v) for c, v in out.items()}


def size_similarity(pop_a: float, pop_b: np.ndarray) -> np.ndarray:
    """1 for equal populations, falling to 0 at a ratio of 10**SIZE_SPAN; 0 when unknown."""
    if not pop_a or pop_a <= 0 or math.isnan(pop_a):
        return np.zeros(len(pop_b))
    b = np.asarray(pop_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = np.abs(np.log10(b) - math.log10(pop_a))
    return np.where(np.isfinite(diff) & (b > 0), np.clip(1 - diff / SIZE_SPAN, 0, 1), 0.0)


COLUMNS = ["city_id", "name", "country_name", "continent", "score", "size", "focus", "common",
           "new_country", "new_continent", "why"]


def suggest(partnerships: pd.DataFrame, known: pd.DataFrame, cities: pd.DataFrame,
            city_id: str, weights: Weights = Weights(), limit: int = 25,
            g: nx.Graph | None = None,
            profiles: dict[str, frozenset[str]] | None = None) -> pd.DataFrame:
    """Cities of ``partnerships`` (the network under the filters) that ``city_id`` has no
    link with in ``known`` (every link of the dataset, any source or status), best first,
    each with its four scores, its overall score (0-100) and the reasons in words.

    ``g`` (``graph.build(partnerships)``) and ``profiles`` (``focus_profiles`` of them)
    are the same for every city: the app passes them from its cache. A city's own focus
    areas are those of all its known links.
    """
    if city_id not in cities.index:
        return pd.DataFrame(columns=COLUMNS)
    me = cities.loc[city_id]
    mine = known[known["city_a_id"].eq(city_id) | known["city_b_id"].eq(city_id)]
    linked = set(mine["city_a_id"]) | set(mine["city_b_id"]) | {city_id}
    their_countries = set(mine["country_a"]) | set(mine["country_b"])
    their_continents = set(mine["continent_a"]) | set(mine["continent_b"])
    ids = pd.unique(np.concatenate([partnerships["city_a_id"].to_numpy(),
                                    partnerships["city_b_id"].to_numpy()]))
    ids = [c for c in ids if c not in linked]
    if not ids:
        return pd.DataFrame(columns=COLUMNS)
    cand = cities.loc[ids, ["name", "country", "country_name", "continent", "population"]]
    pop = float(me["population"]) if pd.notna(me["population"]) else float("nan")
    size = size_similarity(pop, cand["population"].astype("Float64").fillna(0).to_numpy())
    profiles = focus_profiles(partnerships) if profiles is None else profiles
    own_focus = focus_profiles(mine).get(city_id, frozenset())
    # Focus areas as bits (a handful of distinct sets), so overlap is array arithmetic.
    bit = {f: 1 << i for i, f in enumerate(dict.fromkeys([*schema.FOCUS_AREAS, *own_focus,
                                                          *{f for v in profiles.values()
                                                            for f in v}]))}
    masks: dict[frozenset[str], int] = {}
    empty: frozenset[str] = frozenset()
    theirs = np.array([masks.setdefault(v, sum(bit[f] for f in v)) for v in
                       (profiles.get(c, empty) for c in ids)], dtype=np.int64)
    mine_bits = sum(bit[f] for f in own_focus)
    popcount = np.vectorize(int.bit_count, otypes=[np.int64])
    both, either = popcount(theirs & mine_bits), popcount(theirs | mine_bits)
    focus = np.where(either > 0, both / np.maximum(either, 1), 0.0)
    second = graph.second_degree(graph.build(partnerships) if g is None else g, cities,
                                 city_id)
    via = dict(zip(second["city_id"], second["via"]))
    n_common = dict(zip(second["city_id"], second["shared_partners"]))
    common_n = np.array([n_common.get(c, 0) for c in ids])
    common = np.minimum(common_n, COMMON_FULL) / COMMON_FULL
    seen_countries = list(their_countries | {me["country"]})
    seen_continents = list(their_continents | {me["continent"]})
    new_country = (~np.isin(cand["country"].to_numpy(object), seen_countries)).astype(float)
    new_continent = (~np.isin(cand["continent"].to_numpy(object),
                              seen_continents)).astype(float)
    w = weights
    total = w.total or 1.0
    score = np.round((w.size * size + w.focus * focus + w.common * common
                      + w.new_country * new_country + w.new_continent * new_continent)
                     / total * 100, 1)
    # Only the best (and whoever ties with the last of them) are tabled and sorted by name:
    # a table of every city of a 25,000-link network costs more than the scores.
    best = np.arange(len(ids))
    if len(ids) > limit:
        best = np.flatnonzero(score >= np.partition(score, -limit)[-limit])
    table = pd.DataFrame({
        "city_id": [ids[i] for i in best], "name": cand["name"].to_numpy(object)[best],
        "country_name": cand["country_name"].to_numpy(object)[best],
        "continent": cand["continent"].to_numpy(object)[best], "score": score[best],
        "size": size[best], "focus": focus[best], "common": common[best],
        "new_country": new_country[best], "new_continent": new_continent[best]})
    table = table.sort_values(["score", "common", "name"], ascending=[False, False, True],
                              ignore_index=True).head(limit)
    where = {c: i for i, c in enumerate(ids)}
    table["why"] = [_reasons(me, cand.loc[c], size[where[c]],
                             sorted(own_focus & profiles.get(c, empty)),
                             int(common_n[where[c]]), via.get(c, ""),
                             bool(new_country[where[c]]), bool(new_continent[where[c]]), w)
                    for c in table["city_id"]]
    return table[COLUMNS]


def _reasons(me: pd.Series, other: pd.Series, size: float, focus: list[str], common: int,
             via: str, new_country: bool, new_continent: bool, w: Weights) -> str:
    """Why a suggestion ranks where it does, in words (only the reasons that count)."""
    out = []
    if w.size and size > 0:
        out.append(_("similar size ({a:,} and {b:,} people)").format(
            a=int(me["population"]), b=int(other["population"])))
    if w.focus and focus:
        out.append(_("shares {areas}").format(
            areas=", ".join(schema.FOCUS_AREAS.get(f, f).lower() for f in focus)))
    if w.common and common:
        out.append(n_("{n} partner in common ({via})", "{n} partners in common ({via})",
                      common).format(n=common, via=via))
    if w.new_country and new_country:
        out.append(_("no link with {country} yet").format(country=other["country_name"]))
    if w.new_continent and new_continent:
        out.append(_("a first link with {continent}").format(continent=other["continent"]))
    return "; ".join(out) or _("nothing in particular: ranked by name")
