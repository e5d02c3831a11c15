"""City page (deep link ``?city=coventry``, ``?city=cambridge-gb``, ``?city=Stalingrad``).

The city is the one the whole app has selected (a link, the sidebar's search, a click on the
map): ``sidebar.selected_city``. Without one, the page offers a choice.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from sistermap import regions, safe_text
from sistermap.app import a11y, appdata, sidebar
from sistermap.app.sharepanel import share_panel
from sistermap.app.suggest import suggest_form
from sistermap.kit import charts, citykit, exports
from sistermap.query import graph, lookup, provenance, stats
from sistermap.webmap import elements, plan

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
cities = act.data.cities
f = sidebar.render()
city_id = sidebar.selected_city()

if not city_id:
    st.title("Find a city")
    wanted, result = sidebar.asked() or ("", lookup.CityLookup(None, (), ()))
    if wanted and result.matches:
        st.info(f"Several cities are called {safe_text.md(wanted, 60)}: which one?")
    elif wanted:
        st.info(f"{safe_text.md(wanted, 60)} is not in this dataset.")
        st.page_link("pages/import_list.py", label="Bring your own list to add it",
                     icon=":material/upload_file:")
    choices = list(result.matches or result.suggestions)
    if choices:
        st.markdown("Did you mean:" if not result.matches else "Choose:")
        for cid in choices:
            st.page_link("pages/city.py", label=f"{safe_text.md(lookup.label(cities, cid), 120)} "
                         f"({int(cities.at[cid, 'degree'])} partners)",
                         query_params={"city": lookup.permalink(cities, cid)})
    pick = st.selectbox("Choose a city", [""] + sorted(cities.index, key=cities["name"].get),
                        format_func=lambda c: "" if not c
                        else safe_text.plain(lookup.label(cities, c)))
    if pick:
        sidebar.select(pick)
        st.query_params["city"] = lookup.permalink(cities, pick)
        st.rerun()
    st.stop()

city = cities.loc[city_id]

st.title(safe_text.md(city["name"]), anchor=False)  # no anchor built from data
alt_names = lookup.shown_alt_names(city["alt_names"], name=city["name"])
st.caption(safe_text.md(regions.place_line(city)
                   + (f" — also known as {', '.join(alt_names)}" if alt_names else ""), 400))

# The one answer (query.partners): the count, table, map, CSV and every file of the share
# panel are these rows; the sidebar's filters, sources included, apply here as on the map.
mine = appdata.partners(act, f, city_id)
shown, table = mine.links, mine.table
everything = stats.partner_table(act.data.partnerships, city_id)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Partners", mine.count, help="With the sidebar's filters: what the table, the map, "
          "the CSV and every file of Share & export hold.")
m2.metric("Hidden by the filters", mine.hidden,
          help=f"{mine.total} partnerships of this city in the data, from every source and "
               "of any status.")
years = table["established"].dropna()
m3.metric("First link", int(years.min()) if len(years) else "—")
m4.metric("Ended or suspended", int(table["status"].isin(["Ended", "Suspended"]).sum()))
st.markdown(provenance.city_sentence(everything))
if mine.hidden:
    st.caption(f"{mine.hidden} more partner{'s are' if mine.hidden != 1 else ' is'} hidden by "
               "the sidebar filters (by default, links only Wikidata lists and ended or "
               "suspended links are not shown; choose *All known* and any status to see them).")

left, right = st.columns([3, 2], gap="medium")
with left:
    options = plan.MapOptions(color_by="era", basemap=st.session_state.get("sm_basemap",
                              "plain"), selected=city_id, zoom=2, frame="links")
    m = elements.build_map(shown, cities, options=options)
    st_folium(m, key=f"citymap-{city_id}", height=480, use_container_width=True,
              returned_objects=[])
    a11y.links_table(shown, "era", selected=city_id)
with right:
    st.subheader("When the links were formed")
    chart = charts.city_years(table)
    if chart is None:
        st.info("No establishment year is recorded for this city's partnerships.")
    else:
        st.altair_chart(chart, width="stretch")

st.subheader("Partners")
st.dataframe(
    stats.readable(table, ["partner", "country", "established", "ended", "status", "kind",
                           "era", "focus", "continent", "sources", "n_sources", "source_notes",
                           "note", "source"]),
    hide_index=True, width="stretch",
    column_config={"Partner": st.column_config.TextColumn(width="medium"),
                   "Since": st.column_config.TextColumn(width="small"),
                   "Ended": st.column_config.TextColumn(width="small"),
                   "Focus": st.column_config.TextColumn(width="medium"),
                   "How many sources": st.column_config.NumberColumn(
                       width="small", help="How many independent sources list this link"),
                   "Note": st.column_config.TextColumn(width="large"),
                   "Source": st.column_config.LinkColumn(width="small", display_text="link")})
st.download_button("Download these partners (CSV)", data=exports.to_csv(shown),
                   file_name=citykit.file_name(cities, city_id, "partners.csv"),
                   mime="text/csv")
share_panel(act, f, city_id)
suggest_form(act, city_id)  # a missing link or a correction, for the moderators

# The network page, preset for this city: a chain from it, and the partner finder.
n1, n2 = st.columns(2)
n1.page_link("pages/network.py", icon=":material/conversion_path:",
             label=f"How is {safe_text.md(city['name'], 80)} connected to…",
             query_params={"net": "chain", "from": lookup.permalink(cities, city_id)})
n2.page_link("pages/network.py", icon=":material/person_search:",
             label=f"Find partners like {safe_text.md(city['name'], 80)}",
             query_params={"net": "finder", "city": lookup.permalink(cities, city_id)})

st.subheader("Partners' partners")
st.caption("Cities two steps away: potential new partners that already share a friend.")
second = graph.second_degree(act.graph, cities, city_id)
if second.empty:
    st.info("No second-degree partners in this dataset.")
else:
    st.dataframe(stats.readable(second.head(50), ["name", "country_name", "shared_partners",
                                                  "via"]),
                 hide_index=True, width="stretch",
                 column_config={"Shared partners": st.column_config.NumberColumn(width="small"),
                                "Through": st.column_config.TextColumn(width="large")})
