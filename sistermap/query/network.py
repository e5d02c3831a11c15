"""The partnership network's answers: chains, families, who holds it together, and time.

Cities are nodes and partnerships are edges (``query.graph.build``, one graph per dataset and
filters). These are the questions people bring to it: how is our town connected to Kyoto (a
*chain*), which cities hang together (*families*: connected components, and communities
found by a seeded Louvain so the answer is the same on every run), which cities hold the
network together (rankings, with betweenness sampled on large graphs), and how all of this
looked in an earlier year (the map's playback rule, ``timeline.shown_in``, so the network
"in 1960" is exactly the map in 1960).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from sistermap import timeline
from sistermap.query import graph

if TYPE_CHECKING:
    import networkx as nx

#: Seed of every randomised answer (Louvain, sampled betweenness): stable run to run.
SEED = 19
#: Equal-length chains listed at most (there can be thousands between two hubs).
MAX_ALTERNATIVES = 50
#: Above this many cities, betweenness is estimated from sampled source cities: at most
#: this many, fewer on larger networks so the work (sources x links) stays near the budget,
#: never fewer than the minimum.
EXACT_BETWEENNESS_UP_TO = 1_000
BETWEENNESS_SAMPLES = 100
BETWEENNESS_MIN_SAMPLES = 30
BETWEENNESS_BUDGET = 1_000_000


# --- chains ------------------------------------------------------------------------------


def chain_links(partnerships: pd.DataFrame, active_only: bool = False,
                reviewed_only: bool = False) -> pd.DataFrame:
    """The links a chain may run through.

    "Active only" leaves out links known to have ended or been suspended (the map's rule,
    ``timeline.ENDING``; most links have no recorded status and stay). "Reviewed only"
    keeps links the curated dataset lists, whatever else lists them.
    """
    mask = pd.Series(True, index=partnerships.index)
    if active_only:
        mask &= ~partnerships["status"].isin(timeline.ENDING)
    if reviewed_only and "sources" in partnerships:
        mask &= partnerships["sources"].map(lambda s: "reviewed" in s)
    return partnerships[mask]


@dataclass(frozen=True)
class Chain:
    """The shortest chains of partnerships from ``source`` to ``target``."""

    source: str
    target: str
    paths: tuple[tuple[str, ...], ...]  # all of equal length; () when there is none
    capped: bool = False  # more equal-length chains exist than are listed

    @property
    def found(self) -> bool:
        return bool(self.paths)

    @property
    def hops(self) -> int:
        """Partnerships on one chain (0 from a city to itself; -1 when there is no chain)."""
        return len(self.paths[0]) - 1 if self.paths else -1


def chains(g: nx.Graph, source: str, target: str,
           limit: int = MAX_ALTERNATIVES) -> Chain:
    """Every shortest chain between two cities (at most ``limit``), in a stable order."""
    import networkx as nx

    if source == target and source in g:
        return Chain(source, target, ((source,),))
    try:
        found = list(itertools.islice(nx.all_shortest_paths(g, source, target), limit + 1))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return Chain(source, target, ())
    return Chain(source, target, tuple(tuple(p) for p in found[:limit]), len(found) > limit)


def chain(g: nx.Graph, source: str, target: str) -> list[str]:
    """One shortest chain of partnerships between two cities; empty when not connected."""
    found = chains(g, source, target, limit=1)
    return list(found.paths[0]) if found.found else []


def hops(g: nx.Graph, partnerships: pd.DataFrame, path: tuple[str, ...] | list[str]
         ) -> pd.DataFrame:
    """One row per partnership of the chain, in order: the link's own row (year, status,
    sources…) with ``step`` (1, 2, …) and ``from_id``/``to_id`` in the chain's direction."""
    pairs = list(zip(path[:-1], path[1:]))
    rows = partnerships.loc[[g.edges[a, b]["link"] for a, b in pairs]].copy()
    rows.insert(0, "step", range(1, len(pairs) + 1))
    rows["from_id"] = [a for a, _ in pairs]
    rows["to_id"] = [b for _, b in pairs]
    return rows


# --- families ----------------------------------------------------------------------------


def _ordered(groups) -> list[frozenset[str]]:
    """Largest first; ties by their smallest id, so the order never depends on a hash."""
    return sorted((frozenset(c) for c in groups), key=lambda c: (-len(c), min(c)))


def components(g: nx.Graph) -> list[frozenset[str]]:
    """Families of cities joined by some chain (connected components), largest first."""
    import networkx as nx

    return _ordered(nx.connected_components(g))


def communities(g: nx.Graph, seed: int = SEED) -> list[frozenset[str]]:
    """Closer-knit families inside the components (Louvain, seeded: the same every run)."""
    import networkx as nx

    if g.number_of_edges() == 0:
        return _ordered({n} for n in g)
    return _ordered(nx.community.louvain_communities(g, seed=seed))


def family_of(families: list[frozenset[str]]) -> dict[str, int]:
    """City id -> its family's number (0 = the largest)."""
    return {city: i for i, family in enumerate(families) for city in family}


def family_table(g: nx.Graph, families: list[frozenset[str]], cities: pd.DataFrame,
                 limit: int | None = None, best: int = 3) -> pd.DataFrame:
    """Each family (largest first): its cities, links, countries and best-connected cities.

    "Best-connected" is the most partners inside the network these filters draw.
    """
    rows = []
    for i, family in enumerate(families[:limit] if limit else families):
        members = sorted(family)
        countries = Counter(cities.loc[members, "country_name"])
        ranked = sorted(members, key=lambda c: (-g.degree(c), cities.at[c, "name"]))
        rows.append({"family": i + 1, "cities": len(family),
                     "links": g.subgraph(members).number_of_edges(),
                     "countries": len(countries),
                     "country_names": ", ".join(n for n, _ in countries.most_common(5)),
                     "best_connected": ", ".join(str(cities.at[c, "name"])
                                                 for c in ranked[:best])})
    return pd.DataFrame(rows, columns=["family", "cities", "links", "countries",
                                       "country_names", "best_connected"])


def outside_largest(families: list[frozenset[str]], cities: pd.DataFrame) -> pd.DataFrame:
    """Countries none of whose cities is in the largest family: the answer to "is every
    country connected to every other through some chain?" (yes when this is empty)."""
    columns = ["country", "country_name", "cities"]
    if not families:
        return pd.DataFrame(columns=columns)
    ids = [c for family in families for c in family]
    table = cities.loc[ids, ["country", "country_name"]].assign(
        largest=[c in families[0] for c in ids])
    grouped = table.groupby(["country", "country_name"]).agg(
        cities=("largest", "size"), inside=("largest", "any")).reset_index()
    out = grouped[~grouped["inside"]].sort_values(["cities", "country_name"],
                                                  ascending=[False, True])
    return out[columns].reset_index(drop=True)


# --- who holds the network together -------------------------------------------------------


@dataclass(frozen=True)
class Betweenness:
    values: dict[str, float]
    sampled: int  # 0: exact; else the number of sampled source cities


def sample_size(links: int, samples: int = BETWEENNESS_SAMPLES) -> int:
    """Source cities to sample on a network of ``links``: ``samples``, fewer when the links
    are many (the time grows with sources x links; bench/bench_network.py)."""
    return max(BETWEENNESS_MIN_SAMPLES, min(samples, BETWEENNESS_BUDGET // max(links, 1)))


def betweenness(g: nx.Graph, exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
                samples: int | None = None, seed: int = SEED) -> Betweenness:
    """How often each city lies on the shortest chains between two others (0 to 1).

    Exact up to ``exact_up_to`` cities: minutes at 5,000. Above, estimated from seeded
    source cities (networkx's ``k``; ``sample_size`` unless ``samples`` is given): the
    leading cities stand out the same way at a fraction of the time.
    """
    import networkx as nx

    n = g.number_of_nodes()
    k = sample_size(g.number_of_edges()) if samples is None else samples
    if n <= exact_up_to or k >= n:
        return Betweenness(nx.betweenness_centrality(g), 0)
    return Betweenness(nx.betweenness_centrality(g, k=k, seed=seed), k)


def rankings(g: nx.Graph, cities: pd.DataFrame,
             between: Betweenness | None = None) -> pd.DataFrame:
    """Every city of the network with its partners, the other countries its partners are
    in, and (when given) its betweenness; most partners first."""
    ids = list(g.nodes)
    country = cities["country"]
    reached = [len({country.at[p] for p in g.neighbors(c)} - {country.at[c]}) for c in ids]
    table = pd.DataFrame({
        "city_id": ids, "name": cities.loc[ids, "name"].to_numpy(),
        "country_name": cities.loc[ids, "country_name"].to_numpy(),
        "partners": [g.degree(c) for c in ids], "countries_reached": reached})
    if between is not None:
        table["betweenness"] = [between.values.get(c, 0.0) for c in ids]
    return table.sort_values(["partners", "name"], ascending=[False, True], ignore_index=True)


def ranked_by(table: pd.DataFrame, column: str, n: int = 20) -> pd.DataFrame:
    """The ``n`` cities ranked highest by ``column`` (ties by name), numbered from 1."""
    top = table.sort_values([column, "name"], ascending=[False, True]).head(n)
    top = top.reset_index(drop=True)
    top.index = top.index + 1
    return top


# --- through time ------------------------------------------------------------------------


def as_of(partnerships: pd.DataFrame, year: int) -> pd.DataFrame:
    """The links of ``year``: formed by then and not yet ended (the map's playback rule)."""
    return partnerships[timeline.shown_in(partnerships, year).to_numpy()]


@dataclass(frozen=True)
class Measures:
    links: int
    cities: int
    families: int
    largest: int  # cities in the largest family
    countries: int
    countries_in_largest: int

    @property
    def largest_share(self) -> float:
        return self.largest / self.cities if self.cities else 0.0


def measures(partnerships: pd.DataFrame, cities: pd.DataFrame) -> Measures:
    """Size, families and reach of a network (of a year: ``as_of``)."""
    g = graph.build(partnerships)
    families = components(g)
    in_graph = cities.loc[list(g.nodes), "country"] if len(g) else pd.Series(dtype=str)
    largest = families[0] if families else frozenset()
    return Measures(g.number_of_edges(), g.number_of_nodes(), len(families), len(largest),
                    in_graph.nunique(), cities.loc[list(largest), "country"].nunique()
                    if largest else 0)


def through_time(partnerships: pd.DataFrame, cities: pd.DataFrame,
                 years: list[int]) -> pd.DataFrame:
    """The measures as of each year: one row per year."""
    rows = []
    for year in years:
        m = measures(as_of(partnerships, year), cities)
        rows.append({"year": year, "links": m.links, "cities": m.cities,
                     "families": m.families, "largest": m.largest,
                     "largest_share": round(m.largest_share, 3), "countries": m.countries,
                     "countries_in_largest": m.countries_in_largest})
    return pd.DataFrame(rows)


def milestone_years(partnerships: pd.DataFrame) -> list[int]:
    """1960, 1990 and the latest year, those the links' years reach."""
    played = timeline.build(partnerships)
    if played is None:
        return []
    return [y for y in (1960, 1990) if played.first <= y < played.last] + [played.last]
