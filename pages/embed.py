"""The embedded map (``/embed?city=…&embed=true``): the map alone, for a council's website.

No sidebar and no page chrome: Streamlit's ``embed=true`` drops its own, and this page draws
no filters (they come from the address, see ``share.read_embed``). Size and colours are in
the address too, so the ``<iframe>`` snippet of the share panel is all a website needs.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from sistermap import regions, safe_text
from sistermap.app import a11y, appdata, show, sidebar
from sistermap.i18n import _, language, n_, number
from sistermap.kit import share
from sistermap.query import partners
from sistermap.webmap import plan

sidebar.ensure_app_navigation(__file__)

# Static CSS (nothing from the data): hide the navigation sidebar and tighten the page.
st.html("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
        "[data-testid='stSidebarNav']{display:none}"
        ".block-container{padding:0.4rem 0.6rem 0 0.6rem;max-width:100%}</style>")

act = appdata.curated()
cities = act.data.cities
params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
req = share.read_embed(params, cities, countries=set(cities["country"]),
                       continents=set(regions.CONTINENTS),
                       subregions=set(cities["subregion"]))
for notice in req.notices:  # they quote the address's own values: shown as text
    show.caption(safe_text.plain(notice, 300))

chosen = appdata.filtered(act, req.f)
if req.city_id:
    city = cities.loc[req.city_id]
    mine = appdata.partners(act, req.f, req.city_id)  # what the city page shows
    show.text(n_("{name} · {n} partner city", "{name} · {n} partner cities", mine.count),
              strong=("name",), name=safe_text.plain(city["name"], 120), n=number(mine.count))
    view_f = partners.scope(req.f, req.city_id)
    # Links in the legend's colours (a selection would draw them all dark), framed here.
    bounds = share.city_bounds(appdata.filtered(act, view_f), req.city_id)
    center, zoom = share.frame_zoom(bounds, 700, req.height)
    if bounds is None:  # links around the globe: centre on the city
        center, zoom = (float(city["lat"]), float(city["lon"])), 2.0
    options = plan.MapOptions(color_by=req.color_by, basemap=req.basemap,
                              focus_first=req.f.focus, center=center, zoom=zoom,
                              frame="world")
else:
    view_f = req.f
    options = plan.MapOptions(color_by=req.color_by, basemap=req.basemap,
                              focus_first=req.f.focus, frame="world")
    st.markdown(_("**Sister cities** · {n} partnerships").format(n=number(len(chosen))))
m = appdata.world_map(act, view_f, options)
st_folium(m, key="embedmap", height=req.height, use_container_width=True,
          returned_objects=[])
# The map's text alternative on a council's page too (WCAG 1.1.1): its links as a table,
# made only when opened.
a11y.links_table(appdata.filtered(act, view_f), req.color_by, req.f.focus, req.city_id)
link = share.permalink(share.link_base(st.context.url), req.city_id, req.f,
                       cities=act.data.cities, lang=language())
# A button, not a Markdown link: the address is built from the request's own URL.
st.caption(_("Data: SisterMap"))
st.link_button(_("Open the full map"), link, type="tertiary")
