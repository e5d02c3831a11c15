"""Insights: how the movement grew, who links with whom, and what lapsed — for the filters."""

from __future__ import annotations

import altair as alt
import streamlit as st

from sistermap import appdata, mapview, schema, sidebar, stats

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
f = sidebar.render()
chosen = appdata.filtered(act, f)

st.title("Insights")
if chosen.empty:
    st.info("No partnership matches these filters.")
    st.stop()
summary = stats.summary(chosen)
c = st.columns(4)
c[0].metric("Partnerships", f"{summary['partnerships']:,}")
c[1].metric("Cities", f"{summary['cities']:,}")
c[2].metric("Countries", summary["countries"])
c[3].metric("With a known year", f"{summary['with_year_pct']}%")

st.subheader("How the movement grew")
growth = stats.growth(chosen)
growth = growth.melt(id_vars="year", value_vars=["formed_so_far", "in_force"],
                                   var_name="measure", value_name="partnerships")
growth["measure"] = growth["measure"].map({"formed_so_far": "Formed so far",
                                           "in_force": "Still in force (minus ended or suspended)"})
st.altair_chart(alt.Chart(growth).mark_line(strokeWidth=3).encode(
    x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"),
            scale=alt.Scale(domain=[int(growth.year.min()), int(growth.year.max())], nice=False)),
    y=alt.Y("partnerships:Q", title="Partnerships"),
    color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=0),
                    scale=alt.Scale(range=["#0072B2", "#D55E00"])),
    strokeDash=alt.StrokeDash("measure:N", legend=None),
    tooltip=["year", "measure", "partnerships"]), width="stretch")
st.caption("Ended and suspended links count only while they lasted; add them in the sidebar "
           "(Status) to see the gap between the two lines.")

st.subheader("Partnerships formed per year")
split = st.radio("Stack by", ["era", "focus"], horizontal=True,
                 format_func={"era": "Era", "focus": "Focus area"}.get)
per_year = stats.per_year(chosen, by=split)
labels = schema.ERA_LABELS if split == "era" else schema.FOCUS_AREAS
colors = mapview.ERA_COLORS if split == "era" else mapview.FOCUS_COLORS
per_year["label"] = per_year[split].map(labels)
order = [labels[k] for k in colors if k in set(per_year[split])]
scale = alt.Scale(domain=order, range=[colors[k] for k in colors if labels[k] in order])
st.altair_chart(alt.Chart(per_year).mark_bar(width={"band": 0.9}).encode(
    # A real time axis: years without links show as gaps, not squeezed out.
    x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"),
            scale=alt.Scale(domain=[int(per_year.year.min()) - 1, int(per_year.year.max()) + 1])),
    y=alt.Y("sum(partnerships):Q", title="Partnerships formed"),
    color=alt.Color("label:N", title=None, scale=scale,
                    legend=alt.Legend(orient="bottom", labelLimit=0)),
    tooltip=["year", "label", "partnerships"]), width="stretch")
if split == "focus":
    st.caption("A partnership with several focus areas counts once in each.")
st.caption(f"{summary['partnerships'] - summary['with_year']} partnership(s) with no known "
           "year are not in this chart.")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Links between continents")
    matrix = stats.continent_matrix(chosen)
    long = matrix.reset_index(names="from").melt(id_vars="from", var_name="to",
                                                  value_name="partnerships")
    base = alt.Chart(long).encode(x=alt.X("to:N", title=None), y=alt.Y("from:N", title=None))
    heat = base.mark_rect().encode(
        color=alt.Color("partnerships:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["from", "to", "partnerships"])
    text = base.mark_text(fontSize=12).encode(
        text="partnerships:Q",
        color=alt.condition(alt.datum.partnerships > long["partnerships"].max() / 2,
                            alt.value("white"), alt.value("black")))
    st.altair_chart(heat + text, width="stretch")
with right:
    st.subheader("Most-connected cities")
    top = stats.top_cities(chosen, act.data.cities, n=15)
    top["label"] = top["name"] + " (" + top["country_name"] + ")"
    st.altair_chart(alt.Chart(top).mark_bar(color="#0072B2").encode(
        x=alt.X("partners:Q", title="Partners"), y=alt.Y("label:N", sort="-x", title=None),
        tooltip=["name", "country_name", "partners"]), width="stretch")

st.subheader("Active, ended or suspended — by era")
st.caption("Add ended and suspended links in the sidebar (Status) to see what lapsed.")
status = stats.status_breakdown(chosen).reset_index().melt(
    id_vars="era", var_name="status", value_name="partnerships")
status["era"] = status["era"].map(schema.ERA_LABELS)
status["status"] = status["status"].map(schema.STATUSES)
st.altair_chart(alt.Chart(status).mark_bar().encode(
    x=alt.X("partnerships:Q", stack="normalize", title="Share"),
    y=alt.Y("era:N", title=None, sort=[schema.ERA_LABELS[k] for k in schema.ERA_KEYS]),
    color=alt.Color("status:N", title=None,
                    scale=alt.Scale(domain=list(schema.STATUSES.values()),
                                    range=["#009E73", "#E69F00", "#D55E00", "#999999"])),
    tooltip=["era", "status", "partnerships"]), width="stretch")
