"""Insights: how the movement grew, who links with whom, and what lapsed — for the filters."""

from __future__ import annotations

import streamlit as st

from sistermap import schema
from sistermap.app import appdata, sidebar
from sistermap.kit import charts
from sistermap.query import provenance, stats

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
f = sidebar.render()
chosen = appdata.filtered(act, f)


def show(chart, empty: str = "Nothing to show for these filters.") -> None:
    """A chart, or a short notice when the filters leave nothing to draw."""
    if chart is None:
        st.info(empty)
    else:
        st.altair_chart(chart, width="stretch")


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
st.caption(provenance.counting_caption(chosen) + " Choose the sources in the sidebar "
           "(Partnerships); links only Wikidata lists have no year and no focus area.")
no_year = summary["partnerships"] - summary["with_year"]
no_year_note = f"{no_year} partnership(s) with no known year are not in this chart."

st.subheader("How the movement grew")
show(charts.growth(stats.growth(chosen)), "None of these partnerships has a known year.")
st.caption("Ended and suspended links count only while they lasted; add them in the sidebar "
           "(Status) to see the gap between the two lines. " + (no_year_note if no_year else ""))

st.subheader("Partnerships formed per year")
split = st.radio("Stack by", ["era", "focus"], horizontal=True,
                 format_func={"era": "Era", "focus": "Focus area"}.get)
show(charts.per_year(stats.per_year(chosen, by=split), split),
     "None of these partnerships has a known year.")
if split == "focus":
    st.caption("A partnership with several focus areas counts once in each.")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Links between continents")
    show(charts.continent_matrix(stats.continent_matrix(chosen)))
with right:
    st.subheader("Most-connected cities")
    show(charts.top_cities(stats.top_cities(chosen, act.data.cities, n=15)))

st.subheader("What the links were for, era by era")
by_era = stats.focus_by_era(chosen)
theme = st.selectbox("Focus area", list(schema.FOCUS_LABELS), format_func=schema.FOCUS_LABELS.get,
                     index=list(schema.FOCUS_LABELS).index("climate"), key="sm_focus_era")
show(charts.focus_by_era(by_era, theme), "None of these partnerships has a known year.")
st.caption("The share of each era's dated links with this focus area (a link with several "
           "counts in each). Climate partnerships are the newest chapter, and the thinnest in "
           "the public lists: only pairs whose programme or city page could be read are here, "
           "and links only Wikidata lists carry no focus area at all. " +
           (no_year_note if no_year else ""))

st.subheader("Active, ended or suspended — by era")
st.caption("Add ended and suspended links in the sidebar (Status) to see what lapsed.")
show(charts.status_by_era(stats.status_breakdown(chosen)))
