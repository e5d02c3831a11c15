"""Insights: how the movement grew, who links with whom, and what lapsed — for the filters."""

from __future__ import annotations

import streamlit as st

from sistermap import schema
from sistermap.app import appdata, sidebar
from sistermap.i18n import N_, _, n_, number
from sistermap.kit import charts
from sistermap.query import provenance, stats

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
f = sidebar.render()
chosen = appdata.filtered(act, f)


def show(chart, empty: str = N_("Nothing to show for these filters.")) -> None:
    """A chart, or a short notice when the filters leave nothing to draw."""
    if chart is None:
        st.info(_(empty))
    else:
        st.altair_chart(chart, width="stretch")


st.title(_("Insights"))
if chosen.empty:
    st.info(_("No partnership matches these filters."))
    st.stop()
summary = stats.summary(chosen)
c = st.columns(4)
c[0].metric(_("Partnerships"), number(summary['partnerships']))
c[1].metric(_("Cities"), number(summary['cities']))
c[2].metric(_("Countries"), number(summary["countries"]))
c[3].metric(_("With a known year"), f"{number(summary['with_year_pct'])}%")
st.caption(provenance.counting_caption(chosen) + " " + _(
    "Choose the sources in the sidebar (Partnerships); links only Wikidata lists have no year "
    "and no focus area."))
no_year = summary["partnerships"] - summary["with_year"]
no_year_note = n_("{n} partnership with no known year is not in this chart.",
                  "{n} partnerships with no known year are not in this chart.",
                  no_year).format(n=number(no_year))

st.subheader(_("How the movement grew"))
show(charts.growth(stats.growth(chosen)), N_("None of these partnerships has a known year."))
st.caption(_("Ended and suspended links count only while they lasted; add them in the sidebar "
             "(Status) to see the gap between the two lines.") + " "
           + (no_year_note if no_year else ""))

st.subheader(_("Partnerships formed per year"))
split = st.radio(_("Stack by"), ["era", "focus"], horizontal=True,
                 format_func={"era": _("Era"), "focus": _("Focus area")}.get)
show(charts.per_year(stats.per_year(chosen, by=split), split),
     N_("None of these partnerships has a known year."))
if split == "focus":
    st.caption(_("A partnership with several focus areas counts once in each."))

left, right = st.columns(2, gap="large")
with left:
    st.subheader(_("Links between continents"))
    show(charts.continent_matrix(stats.continent_matrix(chosen)))
with right:
    st.subheader(_("Most-connected cities"))
    show(charts.top_cities(stats.top_cities(chosen, act.data.cities, n=15)))

st.subheader(_("What the links were for, era by era"))
by_era = stats.focus_by_era(chosen)
theme = st.selectbox(_("Focus area"), list(schema.FOCUS_LABELS),
                     format_func=lambda k: _(schema.FOCUS_LABELS[k]),
                     index=list(schema.FOCUS_LABELS).index("climate"), key="sm_focus_era")
show(charts.focus_by_era(by_era, theme), _("None of these partnerships has a known year."))
st.caption(_("The share of each era's dated links with this focus area (a link with several "
             "counts in each). Climate partnerships are the newest chapter, and the thinnest "
             "in the public lists: only pairs whose programme or city page could be read are "
             "here, and links only Wikidata lists carry no focus area at all.") + " " +
           (no_year_note if no_year else ""))

st.subheader(_("Active, ended or suspended — by era"))
st.caption(_("Add ended and suspended links in the sidebar (Status) to see what lapsed."))
show(charts.status_by_era(stats.status_breakdown(chosen)))
