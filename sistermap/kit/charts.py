"""The Altair charts of the insights and city pages, built from the tables in stats.py.

Each function returns a chart, or None when there is nothing to draw, so a page only has to
say "no data" instead of crashing on an empty axis. Colours are the map's (colour-blind safe
Okabe–Ito), so an era looks the same on the map and in a chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sistermap import regions, schema
from sistermap.i18n import _
from sistermap.palette import ERA_COLORS, FOCUS_COLORS


def _labels(table: dict[str, str]) -> dict[str, str]:
    """A vocabulary's labels in the reader's language (keys unchanged)."""
    return {k: _(v) for k, v in table.items()}


STATUS_COLORS = {"active": "#009E73", "suspended": "#E69F00", "ended": "#D55E00",
                 "unknown": "#999999"}


def _year_axis(years: pd.Series, pad: int = 0) -> alt.X:
    """A real time axis: years without links show as gaps instead of being squeezed out."""
    return alt.X("year:Q", title=None, axis=alt.Axis(format="d"),
                 scale=alt.Scale(domain=[int(years.min()) - pad, int(years.max()) + pad],
                                 nice=False))


def _legend() -> alt.Legend:
    return alt.Legend(orient="bottom", labelLimit=0)


def growth(table: pd.DataFrame) -> alt.Chart | None:
    """Formed so far and still in force, per year (stats.growth)."""
    if table.empty:
        return None
    names = {"formed_so_far": _("Formed so far"),
             "in_force": _("Still in force (minus ended or suspended)")}
    long = table.melt(id_vars="year", value_vars=list(names), var_name="measure",
                      value_name="partnerships")
    long["measure"] = long["measure"].map(names)
    return alt.Chart(long).mark_line(strokeWidth=3).encode(
        x=_year_axis(long["year"]),
        y=alt.Y("partnerships:Q", title=_("Partnerships")),
        color=alt.Color("measure:N", title=None, legend=_legend(),
                        scale=alt.Scale(domain=list(names.values()),
                                        range=["#0072B2", "#D55E00"])),
        strokeDash=alt.StrokeDash("measure:N", legend=None),
        tooltip=["year", "measure", "partnerships"])


def per_year(table: pd.DataFrame, split: str) -> alt.Chart | None:
    """Partnerships formed per year, stacked by era or focus (stats.per_year)."""
    if table.empty:
        return None
    labels = _labels(schema.ERA_LABELS) if split == "era" else _labels(schema.FOCUS_AREAS)
    colors = ERA_COLORS if split == "era" else FOCUS_COLORS
    table = table.assign(label=table[split].map(labels))
    present = [k for k in colors if k in set(table[split])]
    scale = alt.Scale(domain=[labels[k] for k in present], range=[colors[k] for k in present])
    return alt.Chart(table).mark_bar(width={"band": 0.9}).encode(
        x=_year_axis(table["year"], pad=1),
        y=alt.Y("sum(partnerships):Q", title=_("Partnerships formed")),
        color=alt.Color("label:N", title=None, scale=scale, legend=_legend()),
        tooltip=["year", "label", "partnerships"])


def continent_matrix(matrix: pd.DataFrame) -> alt.Chart | None:
    """Links between continents as a labelled heat map (stats.continent_matrix)."""
    if matrix.empty:
        return None
    long = matrix.reset_index(names="from").melt(id_vars="from", var_name="to",
                                                  value_name="partnerships")
    long["from"], long["to"] = long["from"].map(regions.region_name), long["to"].map(
        regions.region_name)
    base = alt.Chart(long).encode(x=alt.X("to:N", title=None), y=alt.Y("from:N", title=None))
    heat = base.mark_rect().encode(
        color=alt.Color("partnerships:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["from", "to", "partnerships"])
    text = base.mark_text(fontSize=12).encode(
        text="partnerships:Q",
        color=alt.condition(alt.datum.partnerships > long["partnerships"].max() / 2,
                            alt.value("white"), alt.value("black")))
    return heat + text


def top_cities(top: pd.DataFrame) -> alt.Chart | None:
    """The most-connected cities as horizontal bars (stats.top_cities)."""
    if top.empty:
        return None
    top = top.assign(label=top["name"] + " (" + top["country_name"] + ")")
    return alt.Chart(top).mark_bar(color="#0072B2").encode(
        x=alt.X("partners:Q", title=_("Partners")), y=alt.Y("label:N", sort="-x", title=None),
        tooltip=["name", "country_name", "partners"])


def status_by_era(table: pd.DataFrame) -> alt.Chart | None:
    """Share of active, ended, suspended and unknown links per era (stats.status_breakdown)."""
    if table.empty:
        return None
    long = table.reset_index().melt(id_vars="era", var_name="status",
                                    value_name="partnerships")
    long["era"] = long["era"].map(_labels(schema.ERA_LABELS))
    long["status"] = long["status"].map(_labels(schema.STATUSES))
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("partnerships:Q", stack="normalize", title=_("Share")),
        y=alt.Y("era:N", title=None,
                sort=[_labels(schema.ERA_LABELS)[k] for k in schema.ERA_KEYS]),
        color=alt.Color("status:N", title=None, legend=_legend(),
                        scale=alt.Scale(domain=list(_labels(schema.STATUSES).values()),
                                        range=list(STATUS_COLORS.values()))),
        tooltip=["era", "status", "partnerships"])


def focus_by_era(table: pd.DataFrame, focus: str = "climate") -> alt.Chart | None:
    """The share of each era's links with one focus area, as bars (stats.focus_by_era):
    how a theme such as climate grew from era to era, whatever the eras' sizes."""
    if table.empty:
        return None
    eras = [k for k in schema.ERA_KEYS if k in set(table["era"])]
    mine = (table[table["focus"] == focus].set_index("era")
            .reindex(eras).reset_index())
    mine["partnerships"] = mine["partnerships"].fillna(0).astype(int)
    totals = table.drop_duplicates("era").set_index("era")["era_total"]
    mine["era_total"] = mine["era"].map(totals).astype(int)
    mine["share"] = mine["partnerships"] / mine["era_total"]
    mine["label"] = mine["era"].map(schema.ERA_LABELS)
    return alt.Chart(mine).mark_bar(color=FOCUS_COLORS.get(focus, "#0072B2")).encode(
        x=alt.X("share:Q", title=f"Share with the focus {schema.FOCUS_LABELS[focus]}",
                axis=alt.Axis(format="%")),
        y=alt.Y("label:N", title=None, sort=[schema.ERA_LABELS[k] for k in eras]),
        tooltip=[alt.Tooltip("label:N", title="Era"),
                 alt.Tooltip("partnerships:Q", title="With this focus"),
                 alt.Tooltip("era_total:Q", title="Formed in the era"),
                 alt.Tooltip("share:Q", format=".1%", title="Share")])


def city_years(partners: pd.DataFrame) -> alt.Chart | None:
    """When one city's links were formed, coloured by era (stats.partner_table)."""
    dated = partners.dropna(subset=["established"])
    if dated.empty:
        return None
    dated = dated.assign(year=dated["established"].astype(int))
    present = set(dated["era"])
    shown = [k for k in ERA_COLORS if _labels(schema.ERA_LABELS)[k] in present]
    eras = [_labels(schema.ERA_LABELS)[k] for k in shown]
    return alt.Chart(dated).mark_bar(size=8).encode(
        x=_year_axis(dated["year"], pad=2),
        y=alt.Y("count():Q", title=_("Partnerships"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("era:N", title=None, legend=_legend(),
                        scale=alt.Scale(domain=eras, range=[ERA_COLORS[k] for k in shown])),
        tooltip=["partner", "country", "year", "status"])
