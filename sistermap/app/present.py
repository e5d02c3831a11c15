"""Presenter mode: a page laid out for a projector at 1920×1080 (Streamlit glue).

``?present=1`` in the address (or the sidebar's *Presenter mode* toggle) hides the sidebar
and Streamlit's own chrome, sets the text large enough to read from the back of a classroom
(titles 44 px, text 26 px) and lets pages draw their map tall. The map's own script enlarges
its legend when the map is 1300 px wide or more, which a full-width map at 1920 px is.
*Leave presenter mode* (or Esc) goes back.

The address is the one truth: a lesson plan can link to ``/tour?step=4&present=1``, and a
reload keeps the mode. The styles are this module's own constant text; nothing is loaded
from anywhere.
"""

from __future__ import annotations

import streamlit as st

from sistermap.app import remote
from sistermap.i18n import _

PARAM = "present"
#: Pages that offer presenter mode (their url_path).
PAGES = ("map", "tour")
TOGGLE_KEY = "sm_present_toggle"
EXIT_KEY = "sm_present_exit"

#: Title and body sizes in presenter mode, in CSS pixels (tests read them).
TITLE_PX = 44
BODY_PX = 26
#: Map heights: presenter mode fills a 1080-pixel screen under the step's text.
MAP_HEIGHT = 640
MAP_HEIGHT_NORMAL = 560
#: A shorter screen (a laptop or a 1280×720 projector): smaller text, so the map, which
#: takes the height the screen leaves under a step's text (webmap/js/framing.js), starts
#: high enough to be on the screen whole with the places the step names; at 26 px the
#: text took 60% of a 768-pixel screen and the map ran off its bottom.
SHORT_SCREEN_PX = 920
TITLE_PX_SHORT = 34
BODY_PX_SHORT = 20

#: Streamlit's sidebar, its header/toolbar, menus and the "running" decoration, hidden; the
#: page uses the whole width; text large. Selectors cover the names Streamlit 1.4x–1.6x use.
CSS = f"""<style id="sm-presenter">
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"],
header[data-testid="stHeader"], footer {{ display: none !important; }}
[data-testid="stMain"] {{ margin-left: 0 !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
  max-width: 100% !important; padding: 0.75rem 2rem 0.5rem 2rem !important; }}
[data-testid="stMain"] h1 {{ font-size: {TITLE_PX}px !important; line-height: 1.15 !important;
  padding: 0 0 0.3rem 0 !important; }}
[data-testid="stMain"] h2, [data-testid="stMain"] h3 {{ font-size: 32px !important; }}
[data-testid="stMain"] p, [data-testid="stMain"] li {{ font-size: {BODY_PX}px !important;
  line-height: 1.4 !important; }}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p,
[data-testid="stMain"] p.sm-caption {{ font-size: 20px !important; }}
[data-testid="stMain"] button p {{ font-size: 22px !important; }}
@media (max-height: {SHORT_SCREEN_PX}px) {{
  [data-testid="stMain"] h1 {{ font-size: {TITLE_PX_SHORT}px !important; }}
  [data-testid="stMain"] p, [data-testid="stMain"] li {{ font-size: {BODY_PX_SHORT}px !important; }}
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p,
  [data-testid="stMain"] p.sm-caption {{ font-size: 16px !important; }}
  [data-testid="stMain"] button p {{ font-size: 18px !important; }}
}}
</style>"""


def requested() -> bool:
    """Whether the address asks for presenter mode (``?present=1``, also true/yes/on)."""
    value = st.query_params.get(PARAM)
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def _enter() -> None:
    if st.session_state.get(TOGGLE_KEY):
        st.query_params[PARAM] = "1"
    else:
        st.query_params.pop(PARAM, None)


def leave() -> None:
    """A button callback: back to the normal layout."""
    st.query_params.pop(PARAM, None)
    st.session_state[TOGGLE_KEY] = False


def setup(page: str) -> bool:
    """Called by app.py before a page runs: the toggle, or the presenter styles and exit.

    Returns whether the page is in presenter mode (pages read it again with
    :func:`active`).
    """
    on = page in PAGES and requested()
    st.session_state["sm_presenting"] = on
    if page not in PAGES:
        return False
    remote.install()  # PageDown, Space, the arrows and Esc, wherever the focus is
    if on:
        st.html(CSS)
        st.button(_("Leave presenter mode"), key=EXIT_KEY, on_click=leave, shortcut="Esc",
                  icon=":material/close_fullscreen:", type="tertiary")
    else:
        st.session_state[TOGGLE_KEY] = False
        st.sidebar.toggle(_("Presenter mode"), key=TOGGLE_KEY, on_change=_enter,
                          help=_("For a projector: no sidebar, large text, a tall map. "
                                 "Esc leaves it. In a link: add ?present=1."))
    return on


def active() -> bool:
    """Whether this run of the page is in presenter mode (after :func:`setup`)."""
    return bool(st.session_state.get("sm_presenting", False))


def map_height() -> int:
    return MAP_HEIGHT if active() else MAP_HEIGHT_NORMAL
