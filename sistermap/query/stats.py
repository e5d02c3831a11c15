"""Counts and tables behind the summary, the charts and ``sistermap stats``.

All functions take an already-filtered partnerships table, so every chart respects the
sidebar filters by construction.
"""

from __future__ import annotations

import pandas as pd

from sistermap import regions, schema
from sistermap.i18n import N_, _, language
from sistermap.sources import SOURCES, mark_label
from sistermap.store.frames import endpoint_cities, partner_counts  # noqa: F401


def _ordered_counts(values: pd.Series, order: list[str]) -> dict[str, int]:
    counts = values.value_counts()
    ordered = {k: int(counts.get(k, 0)) for k in order}
    extra = {str(k): int(v) for k, v in counts.items() if k not in ordered}
    return {**ordered, **extra}


def focus_counts(partnerships: pd.DataFrame) -> dict[str, int]:
    """Partnerships per focus area; a partnership with two focus areas counts in both, one
    with none counts as "unclassified"."""
    exploded = partnerships["focus"].explode().fillna(schema.UNCLASSIFIED)
    return _ordered_counts(exploded, list(schema.FOCUS_AREAS))


def kind_counts(partnerships: pd.DataFrame) -> dict[str, int]:
    """Partnerships per kind, the way focus areas count: a twinning that also runs a project
    partnership counts in both, a link no source classified as "unclassified"."""
    exploded = partnerships["kinds"].explode().fillna(schema.UNCLASSIFIED)
    return _ordered_counts(exploded, list(schema.KINDS))


def summary(partnerships: pd.DataFrame) -> dict:
    """Headline figures and the per-dimension counts, as plain JSON-ready data."""
    p = partnerships
    countries = pd.concat([p["country_a"], p["country_b"]])
    continents_touched = pd.concat([p["continent_a"], p["continent_b"]])
    with_year = int(p["established"].notna().sum())
    return {
        "partnerships": int(len(p)),
        "cities": int(endpoint_cities(p).nunique()),
        "countries": int(countries.nunique()),
        "with_year": with_year,
        "with_year_pct": round(100 * with_year / len(p), 1) if len(p) else 0.0,
        "earliest_year": None if not with_year else int(p["established"].min()),
        "latest_year": None if not with_year else int(p["established"].max()),
        "by_era": _ordered_counts(p["era"], list(schema.ERA_KEYS)),
        "by_focus": focus_counts(p),
        "by_status": _ordered_counts(p["status"], list(schema.STATUSES)),
        "by_kind": kind_counts(p),
        "by_source": source_counts(p),
        # A partnership touching two continents counts once for each.
        "by_continent": _ordered_counts(
            continents_touched.groupby(level=0).unique().explode()
            if len(p) else continents_touched,
            list(regions.CONTINENTS),
        ),
    }


def per_year(partnerships: pd.DataFrame, by: str = "era") -> pd.DataFrame:
    """Partnerships formed per year, split by ``era``, ``status``, ``kind`` or ``focus``."""
    p = partnerships[partnerships["established"].notna()]
    if by == "focus":
        p = p.explode("focus")
    column = "focus" if by == "focus" else by
    table = p.groupby([p["established"].astype(int), column]).size().rename("partnerships")
    return table.reset_index().rename(columns={"established": "year", column: by})


def continent_matrix(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Links between continents, symmetric: cell (X, Y) counts partnerships joining X and Y."""
    names = list(regions.CONTINENTS)
    a, b = partnerships["continent_a"], partnerships["continent_b"]
    both = pd.concat([pd.DataFrame({"from": a, "to": b}),
                      pd.DataFrame({"from": b, "to": a})[a.to_numpy() != b.to_numpy()]])
    matrix = pd.crosstab(both["from"], both["to"]).reindex(index=names, columns=names,
                                                            fill_value=0)
    return matrix.loc[(matrix.sum(axis=1) > 0), (matrix.sum(axis=0) > 0)]


def top_cities(partnerships: pd.DataFrame, cities: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The most-connected cities within the given partnerships."""
    counts = partner_counts(partnerships).head(n)
    top = cities.loc[counts.index, ["name", "country_name", "continent"]].copy()
    top.insert(0, "city_id", counts.index)
    top["partners"] = counts.to_numpy()
    return pd.DataFrame(top).reset_index(drop=True)


def status_breakdown(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Active versus ended or suspended, by era: how many links lapsed in each period."""
    table = pd.crosstab(partnerships["era"], partnerships["status"])
    order = [e for e in schema.ERA_KEYS if e in table.index]
    return table.reindex(order)


def focus_by_era(partnerships: pd.DataFrame) -> pd.DataFrame:
    """For each era with dated links, the share of its links with each focus area.

    The shift a teacher asks about (climate since 2008) is a share, not a count: eras differ
    tenfold in size. A link with two focus areas counts in both, so shares of one era can
    add up to more than 100%; links no source classified are a focus of their own. Columns:
    era, focus, partnerships, era_total, share (0–1). Links with no year are left out.
    """
    dated = partnerships[partnerships["era"] != "unknown"]
    rows = []
    for era in [e for e in schema.ERA_KEYS if e != "unknown"]:
        links = dated[dated["era"] == era]
        if links.empty:
            continue
        for focus, n in focus_counts(links).items():
            if n:
                rows.append({"era": era, "focus": focus, "partnerships": n,
                             "era_total": len(links), "share": n / len(links)})
    return pd.DataFrame(rows, columns=["era", "focus", "partnerships", "era_total", "share"])


def partner_table(partnerships: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """One row per partner of a city, seen from that city, oldest first."""
    p = partnerships[(partnerships["city_a_id"] == city_id)
                     | (partnerships["city_b_id"] == city_id)]
    a_side = (p["city_a_id"] == city_id).to_numpy()

    def other(col: str) -> list:
        return [b if mine else a for a, b, mine in zip(p[f"{col}_a"], p[f"{col}_b"], a_side)]

    table = pd.DataFrame({
        "partner_id": [b if mine else a for a, b, mine in
                       zip(p["city_a_id"], p["city_b_id"], a_side)],
        "partner": other("city"),
        "country": ([regions.country_name(c) for c in other("country")]
                    if language() != "en" else other("country_name")),
        "continent": [_(c) for c in other("continent")],
        "established": p["established"].to_numpy(), "ended": p["ended"].to_numpy(),
        "era": [_(schema.ERA_LABELS[e]) for e in p["era"]],
        "focus": [", ".join(_(schema.FOCUS_AREAS[x]) for x in f) or _(schema.NOT_CLASSIFIED)
                  for f in p["focus"]],
        "status": [_(schema.STATUSES[s]) for s in p["status"]],
        "kind": [schema.kind_label(k) for k in p["kinds"]],
        "source": p["source"].to_numpy(), "note": p["note"].to_numpy(),
    })
    table = _with_provenance(table, p)
    return table.sort_values(["established", "partner"], na_position="last", ignore_index=True)


def _with_provenance(table: pd.DataFrame, p: pd.DataFrame) -> pd.DataFrame:
    """The sources listing each link, and what another source states differently."""
    if "source_mark" in p:
        table["sources"] = p["source_mark"].to_numpy()
        table["n_sources"] = p["n_sources"].to_numpy()
        table["source_notes"] = p["source_notes"].to_numpy()
    return table


def source_counts(partnerships: pd.DataFrame) -> dict[str, int]:
    """Partnerships per source (a link listed by two sources counts in both)."""
    if "sources" not in partnerships:
        return {}
    counts = _ordered_counts(partnerships["sources"].explode().dropna(), list(SOURCES))
    return {k: n for k, n in counts.items() if n}


def growth(partnerships: pd.DataFrame) -> pd.DataFrame:
    """How the movement grew: links formed each year, formed so far, and in force that year.

    "In force" subtracts links after the year they ended or were suspended, so a teacher can
    show both the growth since the 1940s and the lapses. Links with no known year are left
    out (the caller says how many).
    """
    p = partnerships[partnerships["established"].notna()]
    if p.empty:
        return pd.DataFrame(columns=["year", "formed", "formed_so_far", "in_force"])
    start = p["established"].astype(int)
    end = p["ended"].where(p["status"].isin(["ended", "suspended"]))
    years = pd.RangeIndex(int(start.min()), int(max(start.max(), end.max(skipna=True)
                                                    if end.notna().any() else 0)) + 1)
    formed = start.value_counts().reindex(years, fill_value=0)
    ended = end.dropna().astype(int).value_counts().reindex(years, fill_value=0)
    table = pd.DataFrame({"year": years, "formed": formed.to_numpy(),
                          "formed_so_far": formed.cumsum().to_numpy(),
                          "in_force": (formed.cumsum() - ended.cumsum()).to_numpy()})
    return table


#: Column headers people read, for every table the app shows.
HEADERS = {
    "partner": N_("Partner"), "name": N_("City"), "country": N_("Country"),
    "country_name": N_("Country"), "continent": N_("Continent"), "established": N_("Since"),
    "ended": N_("Ended"), "era": N_("Era"), "focus": N_("Focus"), "status": N_("Status"),
    "kind": N_("Kind"), "note": N_("Note"), "source": N_("Source"),
    "citation": N_("Cited from"), "partners": N_("Partners"),
    "shared_partners": N_("Shared partners"), "via": N_("Through"), "admin1": N_("Region"),
    "subregion": N_("UN subregion"), "sources": N_("Listed by"),
    "n_sources": N_("How many sources"), "source_notes": N_("Other sources say"),
}
_YEARS = ("established", "ended", "year")


def readable(table: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A table for people: human headers, whole years, and blanks (not "None") for unknowns.

    Text cells stay text (``st.dataframe`` shows them as text); sources that are http(s)
    links stay in "Source", plain citations move to "Cited from" so no text becomes a link.
    """
    t = table[list(columns)] if columns is not None else table
    out = pd.DataFrame(index=range(len(t)))
    for col in t.columns:
        values = t[col].to_numpy()
        if col in _YEARS:
            cells = ["" if pd.isna(v) else str(int(v)) for v in values]
        elif col == "source":
            links = [str(v) if str(v).lower().startswith(("http://", "https://")) else ""
                     for v in values]
            out[_(HEADERS["source"])] = links
            cited = ["" if link or _blank(v) else str(v) for v, link in zip(values, links)]
            if any(cited):
                out[_(HEADERS["citation"])] = cited
            continue
        elif col == "sources":  # "reviewed + Wikidata", in the reader's language
            cells = [mark_label(v) for v in values]
        else:
            cells = ["" if _blank(v) else v for v in values]
        out[_(HEADERS.get(col, col.replace("_", " ").capitalize()))] = cells
    return out


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)) or (
        isinstance(value, str) and value.strip().lower() in ("", "none", "nan", "<na>"))
