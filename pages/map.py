"""World map page: arcs and cities for the current filters; click a city to select it."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from sistermap import appdata, filters, mapview, sidebar, stats
from sistermap.lookup import find_city
from sistermap.sharepanel import share_panel

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
f = sidebar.render()
cities = act.data.cities

st.title("Sister cities of the world")
st.caption("Each line is a partnership between two cities, drawn along the shortest path "
           "on the globe. Click a city to see its partners.")

c1, c2, c3 = st.columns([2, 2, 3])
color_by = c1.radio("Colour links by", ["era", "focus"], horizontal=True, key="sm_color",
                    format_func={"era": "Era", "focus": "Focus area"}.get)
basemap = c2.radio("Basemap", ["plain", "osm"], horizontal=True, key="sm_basemap",
                   format_func={"plain": "Plain (offline)", "osm": "OpenStreetMap"}.get)

# The selected city: from a click, or from ?city= in a shared link.
if "sm_selected" not in st.session_state:
    wanted = st.query_params.get("city", "")
    hit = find_city(cities, wanted).city_id if wanted else None
    st.session_state["sm_selected"] = hit or ""
    if wanted and not hit:
        st.warning("The city in the link was not found; showing the whole map.", icon="⚠️")
selected = st.session_state["sm_selected"]
if selected and selected not in cities.index:
    selected = st.session_state["sm_selected"] = ""

chosen = appdata.filtered(act, f)
if f.search and not selected:
    # One city matches the search: select it, as a click would.
    matches = cities.index[filters.city_matches(cities, f.search).to_numpy()]
    if len(matches) == 1:
        selected = matches[0]

options = mapview.MapOptions(color_by=color_by, basemap=basemap, selected=selected,
                             focus_first=f.focus, frame="world")
left, right = st.columns([5, 2], gap="medium")
with left:
    if chosen.empty:
        st.info("No partnership matches these filters. Try widening them in the sidebar.")
    m = appdata.world_map(act, f, options)
    # Only a click is sent back: panning and zooming do not rerun the app.
    event = st_folium(m, key="worldmap", height=620, use_container_width=True,
                      returned_objects=["last_active_drawing"])
clicked = ((event or {}).get("last_active_drawing") or {}).get("properties") or {}
clicked_id = str(clicked.get("id", ""))
if clicked_id in cities.index and clicked_id != selected:
    st.session_state["sm_selected"] = clicked_id
    st.query_params["city"] = clicked_id
    st.rerun()

with right:
    if selected:
        city = cities.loc[selected]
        st.subheader(f"{city['name']}")
        st.caption(f"{city['country_name']} · {city['continent']}")
        mine = stats.partner_table(chosen, selected)
        st.markdown(f"**{len(mine)}** partner{'s' if len(mine) != 1 else ''} shown "
                    f"({int(city['degree'])} in all)")
        st.page_link("pages/city.py", label=f"Open the {city['name']} page", icon="🏙️",
                     query_params={"city": selected})
        st.dataframe(mine[["partner", "country", "established"]], hide_index=True,
                     width="stretch", height=min(38 + 35 * len(mine), 420),
                     column_config={
                         "partner": "Partner", "country": "Country",
                         "established": st.column_config.NumberColumn("Since", format="%d")})
        if st.button("Clear selection"):
            st.session_state["sm_selected"] = ""
            st.query_params.pop("city", None)
            st.rerun()
    else:
        st.subheader("Explore")
        st.markdown("Click a city on the map, or search in the sidebar. Shared links keep "
                    "your filters: copy the address bar.")
        top = stats.top_cities(chosen, cities, n=8)
        if len(top):
            st.markdown("**Most connected here**")
            st.dataframe(top[["name", "country_name", "partners"]], hide_index=True,
                         width="stretch", column_config={
                             "name": "City", "country_name": "Country",
                             "partners": st.column_config.NumberColumn("Partners", width=70)})

share_panel(act, f)
