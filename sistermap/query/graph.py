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
    ids = list(via)
    names = cities["name"].loc[list(direct)].to_dict()  # the partners' names, for "via"
    ends = cities.loc[ids, ["name", "country_name"]]
    table = pd.DataFrame({"city_id": ids, "name": ends["name"].to_numpy(),
                          "country_name": ends["country_name"].to_numpy(),
                          "shared_partners": [len(via[q]) for q in ids],
                          "via": [", ".join(sorted(names[p] for p in via[q])) for q in ids]},
                         columns=columns)
    return table.sort_values(["shared_partners", "name"], ascending=[False, True],
                             ignore_index=True)

