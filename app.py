"""SisterMap — the Streamlit entry point: page navigation.

Run with ``make run`` (or ``streamlit run app.py``). Each page draws the shared sidebar
(``sistermap.sidebar.render``) and lays out its own content from ``sistermap`` functions.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="SisterMap — sister cities of the world", page_icon="🌍",
                   layout="wide", initial_sidebar_state="auto")

# Each url_path is the file's name (pages/city.py -> /city): Streamlit identifies a page by
# it, and a deep link opened before the first st.navigation call must find the same page.
pages = [
    st.Page("pages/map.py", title="World map", icon="🗺️", url_path="map", default=True),
    st.Page("pages/city.py", title="City", icon="🏙️", url_path="city"),
    st.Page("pages/insights.py", title="Insights", icon="📊", url_path="insights"),
    st.Page("pages/import_list.py", title="Bring your own list", icon="📥",
            url_path="import_list"),
    st.Page("pages/about.py", title="About & data", icon="ℹ️", url_path="about"),
    st.Page("pages/embed.py", title="Embedded map", url_path="embed", visibility="hidden"),
]
st.session_state["sm_nav_ok"] = True  # see sistermap.sidebar.ensure_app_navigation
st.navigation(pages).run()
