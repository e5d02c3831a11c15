"""SisterMap — the Streamlit entry point: page navigation.

Run with ``make run`` (or ``streamlit run app.py``). Each page draws the shared sidebar
(``sistermap.sidebar.render``) and lays out its own content from ``sistermap`` functions.
"""

from __future__ import annotations

import streamlit as st

from sistermap.app import a11y, appdata, language, present, serving
from sistermap.i18n import _
from sistermap.webmap import webassets

language.setup()  # ?lang=, the switcher or the browser's: before any text is drawn
language.fonts()  # Japanese drawn with the app's own font where the browser has none
# The icon is a shipped image: an emoji needs an emoji font, a :material/…: icon as the
# favicon is fetched from Google Fonts.
st.set_page_config(page_title=_("SisterMap — sister cities of the world"),
                   page_icon=str(webassets.ASSET_DIR / "icon.png"),
                   layout="wide", initial_sidebar_state="auto")

# Each url_path is the file's name (pages/city.py -> /city): Streamlit identifies a page by
# it, and a deep link opened before the first st.navigation call must find the same page.
pages = [
    st.Page("pages/map.py", title=_("World map"), icon=":material/map:", url_path="map",
            default=True),
    st.Page("pages/city.py", title=_("City"), icon=":material/location_city:", url_path="city"),
    st.Page("pages/insights.py", title=_("Insights"), icon=":material/bar_chart:",
            url_path="insights"),
    st.Page("pages/network.py", title=_("Network"), icon=":material/hub:", url_path="network"),
    st.Page("pages/import_list.py", title=_("Bring your own list"), icon=":material/upload_file:",
            url_path="import_list"),
    st.Page("pages/tour.py", title=_("Guided tour"), icon=":material/slideshow:", url_path="tour"),
    st.Page("pages/about.py", title=_("About & data"), icon=":material/info:", url_path="about"),
    st.Page("pages/moderate.py", title=_("Moderation"), icon=":material/fact_check:",
            url_path="moderate", visibility="hidden"),
    st.Page("pages/embed.py", title=_("Embedded map"), url_path="embed", visibility="hidden"),
]
serving.register()  # Leaflet for the maps, served by this server (nothing from a CDN)
st.session_state["sm_nav_ok"] = True  # see sistermap.sidebar.ensure_app_navigation
# Only the app's own, formula-safe download buttons export data: st.dataframe's toolbar CSV
# would hand spreadsheet formulas from the data to Excel as they are (.streamlit/config.toml
# sets the same before the first run).
st.set_option("client.disableDataExport", True)
page = st.navigation(pages)
try:
    # ?present=1: the projector layout (map and tour pages; the default page's path is "").
    present.setup(page.url_path or "map")
    a11y.style()  # readable captions, a visible keyboard focus
    page.run()
    language.page_language()  # <html lang>, at the foot of the sidebar
except Exception as exc:  # never a traceback on the page: a short message, logged in full
    appdata.show_failure(exc)
