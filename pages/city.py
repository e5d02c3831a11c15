"""City page (deep link ``?city=<id or name>``): the city's links, partners and history."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from sistermap import appdata, charts, exports, graph, lookup, mapview, sidebar, sources, stats

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
cities = act.data.cities
f = sidebar.render()

wanted = st.query_params.get("city", "") or st.session_state.get("sm_selected", "")
result = lookup.find_city(cities, wanted)

if result.city_id is None:
    st.title("Find a city")
    if wanted:
        st.info(f"No single city matches {wanted[:60]!r}.")
    choices = list(result.matches or result.suggestions)
    if choices:
        st.markdown("Did you mean:")
        for cid in choices:
            c = cities.loc[cid]
            st.page_link("pages/city.py", label=f"{c['name']}, {c['country_name']} "
                         f"({int(c['degree'])} partners)", query_params={"city": cid})
    pick = st.selectbox("Choose a city", [""] + sorted(cities.index, key=cities["name"].get),
                        format_func=lambda c: "" if not c else
                        f"{cities.at[c, 'name']}, {cities.at[c, 'country_name']}")
    if pick:
        st.query_params["city"] = pick
        st.rerun()
    st.stop()

city_id = result.city_id
city = cities.loc[city_id]
st.session_state["sm_selected"] = city_id
if st.query_params.get("city") != city_id:
    st.query_params["city"] = city_id

st.title(city["name"])
alt_names = lookup.shown_alt_names(city["alt_names"])
st.caption(" · ".join(x for x in [city["admin1"], city["country_name"], city["subregion"]] if x)
           + (f" — also known as {', '.join(alt_names)}" if alt_names else ""))

# A city's page covers every source: the sidebar's source choice does not apply to it.
shown = appdata.filtered(act, replace(f, city=city_id))
everything = stats.partner_table(act.data.partnerships, city_id)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Partners (all)", len(everything))
m2.metric("Shown with filters", len(shown))
years = everything["established"].dropna()
m3.metric("First link", int(years.min()) if len(years) else "—")
m4.metric("Ended or suspended", int(everything["status"].isin(["Ended", "Suspended"]).sum()))
st.markdown(sources.city_sentence(everything))
if len(shown) < len(everything):
    st.caption("Some partners are hidden by the sidebar filters (by default, ended and "
               "suspended links are not shown).")

left, right = st.columns([3, 2], gap="medium")
with left:
    options = mapview.MapOptions(color_by="era", basemap=st.session_state.get("sm_basemap",
                                 "plain"), selected=city_id, zoom=2, frame="links")
    m = mapview.build_map(shown, cities, options=options)
    st_folium(m, key=f"citymap-{city_id}", height=480, use_container_width=True,
              returned_objects=[])
with right:
    st.subheader("When the links were formed")
    chart = charts.city_years(everything)
    if chart is None:
        st.info("No establishment year is recorded for this city's partnerships.")
    else:
        st.altair_chart(chart, width="stretch")

st.subheader("Partners")
table = stats.partner_table(shown, city_id)
st.dataframe(
    table.drop(columns=["partner_id"]), hide_index=True, width="stretch",
    column_config={"partner": "Partner", "country": "Country", "continent": "Continent",
                   "era": "Era", "focus": "Focus", "status": "Status", "kind": "Kind",
                   "note": "Note", "source": st.column_config.LinkColumn("Source"),
                   "sources": "Listed by",
                   "n_sources": st.column_config.NumberColumn(
                       "Sources", help="How many independent sources list this link"),
                   "source_notes": "Other sources say",
                   "established": st.column_config.NumberColumn("Established", format="%d"),
                   "ended": st.column_config.NumberColumn("Ended", format="%d")})
st.download_button("Download these partners (CSV)", data=exports.to_csv(shown),
                   file_name=f"{city_id}-partners.csv", mime="text/csv")

st.subheader("Partners' partners")
st.caption("Cities two steps away: potential new partners that already share a friend.")
second = graph.second_degree(act.graph, cities, city_id)
if second.empty:
    st.info("No second-degree partners in this dataset.")
else:
    st.dataframe(second.drop(columns=["city_id"]).head(50), hide_index=True,
                 width="stretch")
