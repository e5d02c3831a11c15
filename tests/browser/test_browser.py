"""What only a browser shows: the map really drew, clicks select, deep links, no XSS.

Each test loads the real app in headless Chromium with Leaflet served from local npm copies;
a map that never loaded fails ``map_frame`` instead of passing silently.
"""

from __future__ import annotations

import pytest

from tests.browser import cdn
from tests.browser.conftest import (
    HOSTILE_ID,
    HOSTILE_NAME,
    click_latlng,
    hover_latlng,
    map_frame,
)

# The hostile dataset: 11 shown-by-default partnerships of the mini fixture + the hostile city.
ACTIVE_LINKS, ACTIVE_CITIES = 12, 18


def test_world_map_draws_every_arc_and_city(page, app_url):
    page.goto(app_url + "/")
    frame, counts = map_frame(page, min_lines=ACTIVE_LINKS)
    assert counts == {"lines": ACTIVE_LINKS, "drawn": ACTIVE_LINKS, "points": ACTIVE_CITIES}
    assert any("leaflet@1.9.3/dist/leaflet.js" in u for u in cdn.served)
    page.get_by_text(f"{ACTIVE_LINKS} partnerships between {ACTIVE_CITIES} cities").wait_for()
    # Tokyo–Beijing and San Francisco–Osaka stay within -180..180: no wrap across the map.
    spans = frame.evaluate("""() => { let widest = 0; window.map.eachLayer(l => {
        if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l._parts) {
          for (const part of l.getLatLngs().flat ? [l.getLatLngs().flat(3)] : []) {
            const lngs = part.map(p => p.lng);
            widest = Math.max(widest, Math.max(...lngs.map(Math.abs)));
          }}}); return widest; }""")
    assert spans <= 180.0


def test_clicking_a_city_selects_it(page, app_url):
    page.goto(app_url + "/")
    frame, _ = map_frame(page, min_lines=ACTIVE_LINKS)
    click_latlng(page, frame, 52.4066, -1.5122)
    page.get_by_text("Open the Coventry page").wait_for(timeout=20000)
    assert "city=gn%3A2652221" in page.url or "city=gn:2652221" in page.url
    frame, counts = map_frame(page, min_lines=ACTIVE_LINKS + 2)
    # Coventry's 4 active links (3 real + the hostile test city) are drawn again on top.
    assert counts["lines"] == ACTIVE_LINKS + 4


def test_deep_link_opens_the_city_page_with_its_map(page, app_url):
    page.goto(app_url + "/city?city=Stalingrad")
    page.get_by_role("heading", name="Volgograd").wait_for(timeout=20000)
    frame, counts = map_frame(page, min_lines=1)
    assert counts["lines"] == 2  # its one link, plus the highlighted copy
    assert counts["points"] == 2


def test_a_deep_link_is_the_first_request_a_fresh_server_sees(page, fresh_server):
    """A shared link opened right after a restart still gets the app's layout and pages."""
    page.goto(fresh_server + "/city?city=Coventry")
    page.get_by_role("heading", name="Coventry").wait_for(timeout=30000)
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("World map").wait_for(timeout=10000)
    assert "city=gn" in page.url or "city=Coventry" in page.url
    map_frame(page, min_lines=4)


def test_a_hostile_city_name_is_shown_as_text_and_never_runs(page, app_url):
    page.goto(app_url + f"/city?city={HOSTILE_ID}")
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for(timeout=20000)
    frame, _ = map_frame(page, min_lines=1)
    # Hover the hostile marker: its tooltip must show the markup as literal text.
    page.wait_for_timeout(800)  # let the map settle on the city
    hover_latlng(page, frame, 64.0, -20.0)
    frame.wait_for_selector(".leaflet-tooltip", timeout=10000)
    tooltip = frame.inner_text(".leaflet-tooltip")
    assert HOSTILE_NAME.split(" ")[0] in tooltip  # "<img" shown, not parsed
    assert frame.query_selector(".leaflet-tooltip img") is None
    page.goto(app_url + "/")
    map_frame(page, min_lines=ACTIVE_LINKS)
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    for f in page.frames:
        assert f.evaluate("() => window.__pwned") is None


@pytest.mark.parametrize(("path", "heading", "needs"), [
    ("/insights", "Insights", ".vega-embed canvas, .vega-embed svg"),
    ("/about", "About SisterMap", "[data-testid='stDownloadButton']"),
    ("/import_list", "Bring your own list", "[data-testid='stFileUploader']"),
])
def test_other_pages_render(page, app_url, path, heading, needs):
    page.goto(app_url + path)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=20000)
    page.locator(needs).first.wait_for(timeout=20000)
    page.get_by_text(f"{ACTIVE_LINKS} partnerships between {ACTIVE_CITIES} cities").wait_for()
