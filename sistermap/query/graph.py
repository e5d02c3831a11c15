"""The partnership graph: who is connected to whom, directly and through a partner.

Cities are nodes and partnerships are edges; each edge keeps the label of its link's row
(``link``), so a chain can show each hop's year, status and sources. The city page uses it
for "partners' partners" (second degree) and the partner finder for partners in common;
chains, families and rankings are ``query.network``.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd


def build(partnerships: pd.DataFrame) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from((a, b, {"link": i}) for a, b, i in
                     zip(partnerships["city_a_id"], partnerships["city_b_id"],
                         partnerships.index))
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

