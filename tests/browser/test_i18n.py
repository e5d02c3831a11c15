"""The app in German in a real browser: the map's own words (legend, year control) come
from the catalog too, not only Streamlit's widgets."""

from __future__ import annotations

import pytest

from tests.browser.conftest import map_frame

pytestmark = pytest.mark.browser


def test_german_page_draws_a_german_map_legend_and_year_control(page, app_url):
    page.goto(app_url + "/?lang=de")
    frame, _ = map_frame(page)
    page.locator("h1", has_text="Städte").first.wait_for()
    toggle = frame.locator(".sistermap-legend .sm-legend-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    legend = frame.inner_text(".leaflet-container .sistermap-legend")
    assert "Epoche der Gründung" in legend and "Versöhnung nach dem Krieg" in legend
    assert "Era established" not in legend
    assert frame.inner_text(".sistermap-timeline .sm-tl-year") == "Alle Jahre"
    assert frame.get_attribute(".sistermap-timeline [data-a=next]", "aria-label") == \
        "Nächstes Jahr"
    # The map's frame has the Japanese face the app serves (used for CJK text only).
    assert frame.evaluate("() => [...document.fonts].some(f => f.family.includes("
                          "'SisterMap CJK'))")
    assert page.errors == []
