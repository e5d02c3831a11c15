"""City page (deep link ``?city=coventry``, ``?city=cambridge-gb``, ``?city=Stalingrad``).

The city is the one the whole app has selected (a link, the sidebar's search, a click on the
map): ``sidebar.selected_city``. Without one, the page offers a choice.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from sistermap import regions, safe_text
from sistermap.app import a11y, appdata, show, sidebar
from sistermap.app.sharepanel import share_panel
from sistermap.app.suggest import suggest_form
from sistermap.i18n import _, n_, number
from sistermap.kit import charts, citykit, exports
from sistermap.query import graph, lookup, provenance, stats
from sistermap.webmap import elements, plan

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
cities = act.data.cities
f = sidebar.render()
city_id = sidebar.selected_city()

if not city_id:
    st.title(_("Find a city"))
    wanted, result = sidebar.asked() or ("", lookup.CityLookup(None, (), ()))
    if wanted and result.matches:
        st.info(_("Several cities are called {name}: which one?").format(
            name=safe_text.md(wanted, 60)))
    elif wanted:
        st.info(_("{name} is not in this dataset.").format(name=safe_text.md(wanted, 60)))
        st.page_link("pages/import_list.py", label=_("Bring your own list to add it"),
                     icon=":material/upload_file:")
    choices = list(result.matches or result.suggestions)
    if choices:
        st.markdown(_("Did you mean:") if not result.matches else _("Choose:"))
        for cid in choices:
            st.page_link("pages/city.py", label=n_(
                "{city} ({n} partner)", "{city} ({n} partners)",
                int(cities.at[cid, 'degree'])).format(
                city=safe_text.md(lookup.label(cities, cid), 120),
                n=number(int(cities.at[cid, 'degree']))),
                         query_params={"city": lookup.permalink(cities, cid)})
    pick = st.selectbox(_("Choose a city"), [""] + sorted(cities.index, key=cities["name"].get),
                        format_func=lambda c: "" if not c
                        else safe_text.plain(lookup.label(cities, c)))
    if pick:
        sidebar.select(pick)
        st.query_params["city"] = lookup.permalink(cities, pick)
        st.rerun()
    st.stop()

city = cities.loc[city_id]

show.heading(city["name"])  # as text: no Markdown, no anchor built from data
alt_names = lookup.shown_alt_names(city["alt_names"], name=city["name"])
show.caption(regions.place_line(city)
             + (_(" — also known as {names}").format(names=", ".join(alt_names))
                if alt_names else ""))

# The one answer (query.partners): the count, table, map, CSV and every file of the share
# panel are these rows; the sidebar's filters, sources included, apply here as on the map.
mine = appdata.partners(act, f, city_id)
shown, table = mine.links, mine.table
everything = stats.partner_table(act.data.partnerships, city_id)
m1, m2, m3, m4 = st.columns(4)
m1.metric(_("Partners"), number(mine.count),
          help=_("With the sidebar's filters: what the table, the map, the CSV and every file "
                 "of Share & export hold."))
m2.metric(_("Hidden by the filters"), number(mine.hidden),
          help=_("{n} partnerships of this city in the data, from every source and of any "
                 "status.").format(n=number(mine.total)))
years = table["established"].dropna()
m3.metric(_("First link"), int(years.min()) if len(years) else "—")
m4.metric(_("Ended or suspended"), int(table["status"].isin([_("Ended"), _("Suspended")]).sum()))
st.markdown(provenance.city_sentence(everything))
if mine.hidden:
    st.caption(n_("{n} more partner is hidden by the sidebar filters (by default, links only "
                  "Wikidata lists and ended or suspended links are not shown; choose *All "
                  "known* and any status to see them).",
                  "{n} more partners are hidden by the sidebar filters (by default, links only "
                  "Wikidata lists and ended or suspended links are not shown; choose *All "
                  "known* and any status to see them).", mine.hidden).format(
        n=number(mine.hidden)))

left, right = st.columns([3, 2], gap="medium")
with left:
    options = plan.MapOptions(color_by="era", basemap=st.session_state.get("sm_basemap",
                              "plain"), selected=city_id, zoom=2, frame="links")
    m = elements.build_map(shown, cities, options=options)
    st_folium(m, key=f"citymap-{city_id}", height=480, use_container_width=True,
              returned_objects=[])
    a11y.links_table(shown, "era", selected=city_id)
with right:
    st.subheader(_("When the links were formed"))
    chart = charts.city_years(table)
    if chart is None:
        st.info(_("No establishment year is recorded for this city's partnerships."))
    else:
        st.altair_chart(chart, width="stretch")

st.subheader(_("Partners"))
st.dataframe(
    stats.readable(table, ["partner", "country", "established", "ended", "status", "kind",
                           "era", "focus", "continent", "sources", "n_sources", "source_notes",
                           "note", "source"]),
    hide_index=True, width="stretch",
    column_config={_("Partner"): st.column_config.TextColumn(width="medium"),
                   _("Since"): st.column_config.TextColumn(width="small"),
                   _("Ended"): st.column_config.TextColumn(width="small"),
                   _("Focus"): st.column_config.TextColumn(width="medium"),
                   _("How many sources"): st.column_config.NumberColumn(
                       width="small", help=_("How many independent sources list this link")),
                   _("Note"): st.column_config.TextColumn(width="large"),
                   _("Source"): st.column_config.LinkColumn(width="small",
                                                            display_text=_("link"))})
st.download_button(_("Download these partners (CSV)"), data=exports.to_csv(shown),
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

st.subheader(_("Partners' partners"))
st.caption(_("Cities two steps away: potential new partners that already share a friend."))
second = graph.second_degree(act.graph, cities, city_id)
if second.empty:
    st.info(_("No second-degree partners in this dataset."))
else:
    st.dataframe(stats.readable(second.head(50), ["name", "country_name", "shared_partners",
                                                  "via"]),
                 hide_index=True, width="stretch",
                 column_config={_("Shared partners"): st.column_config.NumberColumn(
                                    width="small"),
                                _("Through"): st.column_config.TextColumn(width="large")})
