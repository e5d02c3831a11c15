"""World map page: arcs and cities for the current filters; click a city to select it."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from sistermap import palette, regions, safe_text
from sistermap.app import a11y, appdata, show, sidebar
from sistermap.app.sharepanel import share_panel
from sistermap.app.suggest import suggest_form
from sistermap.i18n import _, number
from sistermap.kit import share
from sistermap.query import filters, lookup, stats
from sistermap.webmap import plan

sidebar.ensure_app_navigation(__file__)


def _clicked(key: str) -> None:
    """A click on the map (numbered, so a second click on a city counts): select the city
    before the page runs, so the run sends the map the selection it already shows."""
    drawn = (st.session_state.get(key) or {}).get("last_active_drawing") or {}
    clicked_id = str((drawn.get("properties") or {}).get("id", ""))
    cities = appdata.active().data.cities
    if clicked_id in cities.index and clicked_id != sidebar.selected_city():
        sidebar.select(clicked_id)
        st.query_params["city"] = lookup.permalink(cities, clicked_id)


act = appdata.active()
f = sidebar.render()
cities = act.data.cities

st.title(_("Sister cities of the world"))
st.caption(_("Each line is a partnership between two cities, drawn along the shortest path "
             "on the globe. Click a city to see its partners."))

# The map comes first, right under the title (on a phone a selected city and its partners
# are on the first screen); the colour and basemap choices sit under it. Notices about the
# address go above both.
notices = st.container()
left, right = st.columns([5, 2], gap="medium")
map_slot, controls = left.container(), left.container()

COLORS, BASEMAPS = palette.COLOR_BY, share.BASEMAPS
if "sm_color" not in st.session_state:  # a shared link's choices (?color=focus&basemap=osm)
    page_notices: list[str] = []
    query = st.query_params.to_dict()
    st.session_state["sm_color"] = filters.choice(query, "color", COLORS, page_notices)
    st.session_state["sm_basemap"] = filters.choice(query, "basemap", BASEMAPS, page_notices)
    for notice in page_notices:
        notices.warning(safe_text.md(notice, 300), icon=":material/warning:")
c1, c2 = controls.columns([3, 2])
color_by = c1.radio(_("Colour links by"), COLORS, horizontal=True, key="sm_color",
                    format_func=lambda k: _(palette.COLOR_BY_LABELS.get(k, k)),
                    help=_("Reach: same country, same continent or between continents. "
                           "Continent: links within one continent, or between two. A list with "
                           "(nearly) no years is coloured by reach when Era is chosen."))
basemap = c2.radio(_("Basemap"), BASEMAPS, horizontal=True, key="sm_basemap",
                   format_func={"plain": _("Plain (offline)"), "dark": _("Dark (offline)"),
                                "osm": "OpenStreetMap"}.get)
for key, value, default in (("color", color_by, COLORS[0]), ("basemap", basemap, BASEMAPS[0])):
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value

# The selected city: a click, a search, a choice among homonyms, or ?city= in a shared link.
selected = sidebar.selected_city()
if (asked := sidebar.asked()) and st.query_params.get("city") == asked[0]:
    notices.warning(_("No single city matches {name} in the link; showing the whole "
                      "map.").format(name=safe_text.md(asked[0], 60)), icon=":material/warning:")

chosen = appdata.filtered(act, f)

# ?year=1956 opens the map's playback at that year (paused); the year control does the rest
# in the browser, without rerunning the page.
options = plan.MapOptions(color_by=color_by, basemap=basemap, selected=selected,
                          focus_first=f.focus, frame="links", timeline=True,
                          year=filters.parse_year(st.query_params.get("year")))
with map_slot:
    if chosen.empty and f.search and not lookup.search(cities, f.search).found:
        st.info(_("{name} is not in this dataset. To map your own list, see "
                  "*Bring your own list*.").format(name=safe_text.md(f.search, 60)))
        st.page_link("pages/import_list.py", label=_("Bring your own list"),
                     icon=":material/upload_file:")
    elif chosen.empty:
        st.info(_("No partnership matches these filters. Try widening them in the sidebar."))
    # The map stays alive in the browser across reruns (zoom and pan kept): a rerun sends
    # only the selection and the links the filters keep. A click selects the city in the
    # browser at once; the app is told (_clicked, before this run) and updates the panel.
    live = appdata.live_map(act, f, options)
    st_folium(live.map, key=live.key, height=620, use_container_width=True,
              returned_objects=["last_active_drawing"], feature_group_to_add=live.update,
              on_change=partial(_clicked, live.key))
with left:  # under the colour and basemap choices
    a11y.links_table(chosen, color_by, f.focus, selected)

with right:
    if selected:
        city = cities.loc[selected]
        show.heading(city["name"], 3)  # as text, like the city page's
        show.caption(regions.place_line(city))
        # The city's partners under these filters (query.partners): its page's answer.
        answer = appdata.partners(act, f, selected)
        mine = answer.table
        st.markdown(answer.count_line())
        st.page_link("pages/city.py", label=_("Open the {name} page").format(
                         name=safe_text.md(city['name'], 80)),
                     icon=":material/location_city:",
                     query_params={"city": lookup.permalink(cities, selected)})
        show.table(stats.readable(mine, ["partner", "country", "established", "sources"]
                                  if "sources" in mine else
                                  ["partner", "country", "established"]),
                   label=_("Partners of {name}").format(name=city["name"]), max_height=420)
        if st.button(_("Clear selection")):
            sidebar.select("")
            st.query_params.pop("city", None)
            st.rerun()
    else:
        st.subheader(_("Explore"))
        st.markdown(_("Click a city on the map, or search in the sidebar. Shared links keep "
                      "your filters: copy the address bar."))
        top = stats.top_cities(chosen, cities, n=8)
        if len(top):  # a list, not a table: the opening view loads no table machinery
            st.markdown(_("**Most connected here**"))
            show.items([[(f"{name} ({country}): {number(int(n))}", False)] for name, country, n
                        in zip(top["name"], top["country_name"], top["partners"])], ordered=True)

share_panel(act, f)
suggest_form(act)  # a missing link or a correction, for the moderators
