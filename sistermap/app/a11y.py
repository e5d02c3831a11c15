"""What every page needs for readers with low vision or no mouse, beyond Streamlit's defaults,
and the maps' text alternative (their links as a table).

Streamlit draws captions in a faded grey (about 3.7:1 on white) that fails WCAG AA's 4.5:1
for normal text (axe's color-contrast rule, on every page with a caption); here they take
the text colour at a lighter weight of ink that passes on the light and the dark theme alike
(opacity over the theme's own text colour, so a dark theme stays dark). Static CSS: nothing
from data or the address reaches it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sistermap import safe_text
from sistermap.app import show
from sistermap.i18n import _
from sistermap.webmap import plan

#: Captions: the theme's text colour at 82% (about 6.5:1 on white and 4.9:1 on the grey
#: sidebar; 14:1 on Streamlit's dark theme). Keyboard focus: a ring that shows on any
#: background (WCAG 2.4.7).
CSS = """<style id="sm-a11y">
[data-testid='stCaptionContainer']{color:inherit;opacity:.82}
:focus-visible{outline:3px solid #1a73e8 !important;outline-offset:2px}
</style>"""


def style() -> None:
    """Add the style to the page (once per run; every page, the embed too)."""
    st.html(CSS)


#: The links table's open state (a stateful expander): the table is made only while open.
LINKS_OPEN = "sm_links_open"


def links_table(partnerships: pd.DataFrame, color_by: str = "era",
                focus_first: tuple[str, ...] = (), selected: str = "") -> None:
    """The map's text alternative: the links it draws (``plan.link_rows``, the selected
    city's first) as a real HTML table (``show.table``: headers a screen reader announces,
    unlike the canvas of ``st.dataframe``, and cells never read as Markdown, unlike
    ``st.table``'s), in an expander closed until asked for.

    The table is made only while the expander is open (``LINKS_OPEN``): closed, a filter
    change neither computes its 500 rows nor sends them (~85 KB the browser would sanitise
    after the map's update, on every change of the 10,000-link map, #17).
    """
    panel = st.expander(_("The links on this map, as a table"), key=LINKS_OPEN,
                        on_change="rerun")
    with panel:
        if not panel.open:
            return
        rows = plan.link_rows(partnerships, color_by, focus_first, selected)
        if len(rows) > plan.TABLE_ROWS:
            st.caption(safe_text.md(_("The first {shown} of {total} links; filter to see the "
                                      "others.").format(shown=f"{plan.TABLE_ROWS:,}",
                                                        total=f"{len(rows):,}")))
        if rows.empty:
            st.caption(safe_text.md(_("No link is drawn on this map.")))
        else:
            show.table(rows.head(plan.TABLE_ROWS), label=_("The links on this map, as a table"),
                       max_height=480)  # a box of its own: its header stays in view
