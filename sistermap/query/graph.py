"""The partnership graph: who is connected to whom, directly and through a partner.

Cities are nodes and partnerships are edges. The city page uses it for "partners'
partners" (second degree) and the shortest chain of partnerships between two cities.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd


def build(partnerships: pd.DataFrame) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from(zip(partnerships["city_a_id"], partnerships["city_b_id"]))
    return g


def partners(g: nx.Graph, city_id: str) -> set[str]:
    return set(g.neighbors(city_id)) if city_id in g else set()


def second_degree(g: nx.Graph, cities: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """Cities two steps away (not direct partners), with the partners that link them.

    Sorted by how many of the city's partners they share, which is the useful signal for a
    council looking for its next partner.
    """
    direct = partners(g, city_id)
    via: dict[str, list[str]] = {}
    for p in direct:
        for q in g.neighbors(p):
            if q != city_id and q not in direct:
                via.setdefault(q, []).append(p)
    columns = ["city_id", "name", "country_name", "shared_partners", "via"]
    if not via:
        return pd.DataFrame(columns=columns)
    rows = [{"city_id": q, "name": cities.at[q, "name"],
             "country_name": cities.at[q, "country_name"], "shared_partners": len(ps),
             "via": ", ".join(sorted(cities.at[p, "name"] for p in ps))}
            for q, ps in via.items()]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["shared_partners", "name"], ascending=[False, True],
                             ignore_index=True)


def chain(g: nx.Graph, source: str, target: str) -> list[str]:
    """Shortest chain of partnerships between two cities; empty when not connected."""
    try:
        return nx.shortest_path(g, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
