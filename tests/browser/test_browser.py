"""What only a browser shows: the map draws offline, clicks select, labels, deep links, no XSS.

Each test loads the real app (or a standalone file) in headless Chromium with no network
beyond the machine: Leaflet must come from the app itself, and a test that attempted any
outside request fails (see ``offline.Network``). A map that never loaded fails
``map_frame`` instead of passing silently.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pandas as pd
import pytest

from sistermap import geo, palette, timeline
from sistermap.query import filters
from sistermap.store import dataset
from sistermap.webmap import plan
from tests.browser.conftest import (
    COUNT_JS,
    HOSTILE_ID,
    HOSTILE_NAME,
    click_latlng,
    close_page,
    hover_latlng,
    map_frame,
    open_page,
)
from tests.conftest import ROOT

# The hostile dataset: 11 shown-by-default partnerships of the mini fixture + the hostile city.
ACTIVE_LINKS, ACTIVE_CITIES = 12, 18
#: Colours a link may be drawn in: the era and focus palettes, and the selection's casing.
LINK_COLOURS_JS = "() => { const c = new Set(); window.map.eachLayer(l => { if (l instanceof " \
    "L.Polyline && !(l instanceof L.Polygon)) c.add(l.options.color); }); return [...c]; }"
LABELS_JS = """() => [...document.querySelectorAll('.sistermap-label')].map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
            cls: e.className}; })"""

VIEW_JS = "() => { const c = window.map.getCenter(); " \
    "return [+c.lat.toFixed(4), +c.lng.toFixed(4), window.map.getZoom()]; }"


def overlapping(boxes) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] - 1 and b["x"] < a["x"] + a["w"] - 1
            and a["y"] < b["y"] + b["h"] - 1 and b["y"] < a["y"] + a["h"] - 1]


def test_world_map_draws_offline_with_labels(page, app_url):
    page.goto(app_url + "/")
    frame, counts = map_frame(page, min_lines=ACTIVE_LINKS)
    assert counts["lines"] == ACTIVE_LINKS and counts["drawn"] == ACTIVE_LINKS
    assert counts["points"] >= ACTIVE_CITIES  # cities near the world's edge drawn twice
    assert frame.evaluate("() => L.version") == "1.9.4"  # the shipped copy, from the app
    page.get_by_text(f"{ACTIVE_LINKS} partnerships between {ACTIVE_CITIES} cities").wait_for()
    # Best-connected cities are labelled, and no two labels overlap.
    labels = frame.evaluate(LABELS_JS)
    names = {b["text"] for b in labels}
    assert {"Kyoto", "Coventry", "Paris"} <= names
    assert overlapping(labels) == []
    # Every link and city is inside the world view: nothing cut at the edges.
    inside = frame.evaluate("""() => { const b = window.map.getBounds(); let out = 0;
        window.map.sistermap.cities.eachLayer(l => { if (!b.contains(l.getLatLng())) out++; });
        return {out: out, west: b.getWest(), east: b.getEast()}; }""")
    assert inside["east"] - inside["west"] >= 360
    # The legend is part of the map (so it stays in fullscreen) and says what colours mean.
    # (On a map this narrow it starts folded, to leave room for the year control: unfold it.)
    toggle = frame.locator(".sistermap-legend .sm-legend-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    legend = frame.inner_text(".leaflet-container .sistermap-legend")
    assert "Era established" in legend and "Post-war reconciliation" in legend
    assert page.errors == []


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1400, 900), (390, 844)])
def test_clicking_a_city_selects_that_city_at_every_size(browser, request, app_url, width,
                                                          height):
    """Click cities from the data, with the map partly below the fold: the one under the
    cursor is the one selected, its links keep their colours and the view stays put."""
    context, pg = open_page(browser, request, width, height)
    try:
        pg.goto(app_url + "/")
        frame, _ = map_frame(pg, min_lines=ACTIVE_LINKS)
        # Scroll so the map's bottom edge is below the fold (the old first-click scroll).
        pg.locator("iframe[title*='streamlit_folium']").first.scroll_into_view_if_needed()
        pg.mouse.wheel(0, -120)
        pg.wait_for_timeout(400)
        for name, lat, lon in [("Coventry", 52.4066, -1.5122), ("Kyoto", 35.0211, 135.7538)]:
            if name == "Kyoto":
                frame.evaluate("() => { window.map.setView([35, 136], 5, {animate: false}); }")
            view = frame.evaluate(VIEW_JS)
            click_latlng(pg, frame, lat, lon)
            pg.get_by_text(f"Open the {name} page").wait_for(timeout=20000)
            frame, counts = map_frame(pg, min_lines=ACTIVE_LINKS + 1)
            # Selected links are drawn again on top, in palette colours (plus a dark casing).
            colours = set(frame.evaluate(LINK_COLOURS_JS))
            assert colours <= set(palette.ERA_COLORS.values()) | {"#1a1a1a"}, colours
            # The map stays where it was (a click does not reframe it); the city is labelled.
            pg.wait_for_timeout(500)
            assert frame.evaluate(VIEW_JS) == view
            labels = frame.evaluate(LABELS_JS)
            assert any(b["text"] == name and "sm-sel" in b["cls"] for b in labels)
            assert overlapping(labels) == []
    finally:
        close_page(context, pg, request)


def test_deep_link_opens_the_city_page_with_its_map(page, app_url):
    page.goto(app_url + "/city?city=Stalingrad")
    page.get_by_role("heading", name="Volgograd").wait_for(timeout=20000)
    frame, counts = map_frame(page, min_lines=1)
    assert counts["lines"] == 3  # its one link, plus the highlighted copy and its casing
    assert counts["points"] >= 2


def test_a_deep_link_is_the_first_request_a_fresh_server_sees(page, fresh_server):
    """A shared link opened right after a restart still gets the app's layout and pages."""
    page.goto(fresh_server + "/city?city=Coventry")
    page.get_by_role("heading", name="Coventry").wait_for(timeout=30000)
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("World map").wait_for(timeout=10000)
    map_frame(page, min_lines=4)


def test_a_hostile_city_name_is_shown_as_text_and_never_runs(page, app_url):
    page.goto(app_url + f"/city?city={HOSTILE_ID}")
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for(timeout=20000)
    frame, _ = map_frame(page, min_lines=1)
    # The label and the tooltip of the hostile city show the markup as literal text.
    page.wait_for_timeout(800)  # let the map settle on the city
    labels = frame.evaluate(LABELS_JS)
    assert any(b["text"] == HOSTILE_NAME for b in labels)
    hover_latlng(page, frame, 64.0, -20.0)
    frame.wait_for_selector(".leaflet-tooltip", timeout=10000)
    tooltip = frame.inner_text(".leaflet-tooltip")
    assert HOSTILE_NAME.split(" ")[0] in tooltip  # "<img" shown, not parsed
    assert frame.query_selector(".leaflet-tooltip img, .sistermap-label img") is None
    page.goto(app_url + "/")
    map_frame(page, min_lines=ACTIVE_LINKS)
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    for f in page.frames:
        assert f.evaluate("() => window.__pwned") is None


def render_file(target, data, *options: str) -> str:
    """``python -m sistermap render`` into ``target``; its file:// URL."""
    subprocess.run([sys.executable, "-m", "sistermap", "render", "--data", str(data),
                    *options, "--out", str(target)], cwd=ROOT, check=True, capture_output=True)
    return target.as_uri()


def test_the_standalone_file_draws_from_a_usb_stick(page, tmp_path, browser_data):
    """``render`` writes one file that draws with no server and no network (file://)."""
    page.goto(render_file(tmp_path / "coventry.html", browser_data, "--city", "Coventry"))
    page.wait_for_function("() => window.map && window.map.sistermap", timeout=20000)
    assert page.evaluate("() => L.version") == "1.9.4"
    lines = page.evaluate("() => window.map.sistermap.sel.getLayers().length")
    assert lines == 2 * 4  # Coventry's 4 active links, each with its casing
    labels = page.evaluate(LABELS_JS)
    assert {"Coventry", "Volgograd", "Dresden", "Kiel"} <= {b["text"] for b in labels}
    assert page.errors == []


def test_tiles_that_cannot_load_fall_back_to_the_plain_map(page, tmp_path, browser_data):
    page.goto(render_file(tmp_path / "osm.html", browser_data, "--basemap", "osm"))
    page.get_by_text("Map tiles could not be loaded").wait_for(timeout=20000)
    assert page.evaluate("() => window.map.hasLayer(window.map.sistermap.basemap)")
    assert page.net.tiles  # it did try the optional tiles, and nothing else outside


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


def test_playback_draws_each_year_in_the_browser(page, tmp_path, browser_data):
    """The year control plays the history without a server: at each year the map holds the
    links formed by then and not yet ended (timeline.shown_in), and says the year."""
    ds = dataset.load(browser_data, strict=False)
    shown = filters.apply(ds.partnerships, ds.cities, filters.Filters())  # render's default
    page.goto(render_file(tmp_path / "world.html", browser_data, "--year", "1950"))
    page.wait_for_function("() => window.map && window.map.sistermap.timeline", timeout=20000)
    count = """() => { let n = 0; const s = window.map.sistermap;
        Object.keys(s).filter(k => k.startsWith('links')).forEach(k =>
          n += s[k].getLayers().length); return n; }"""
    for year in (1950, 1957, 1979, 2016):
        page.evaluate(f"() => window.map.sistermap.timeline.go({year})")
        expected = int(timeline.shown_in(shown, year).sum()
                       + (pd.to_numeric(shown["ended"], errors="coerce") == year).sum())
        assert page.evaluate(count) == expected, year
        assert page.inner_text(".sistermap-year") == str(year)
    assert "1 link with no known year is not played" in page.inner_text(".sistermap-timeline")
    # Play: the year advances by itself, one frame per year, in the browser.
    page.evaluate("() => window.map.sistermap.timeline.go(1944)")
    page.click(".sistermap-timeline .sm-play")
    page.wait_for_function("() => window.map.sistermap.timeline.year() >= 1946",
                           timeout=10000)
    page.click(".sistermap-timeline [data-a=all]")
    assert page.evaluate(count) == len(shown)  # "All" shows every link, undated ones too
    assert page.errors == []


VIEW_JS = """() => { const b = window.map.getBounds();
    return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""
SIZE_JS = "() => [window.map.getSize().x, window.map.getSize().y]"
CENTRE_JS = ("() => { const c = window.map.getCenter(); "
             "return [c.lat, c.lng, window.map.getZoom()]; }")


def _selection_view(ds, mine, city: str, size) -> tuple[tuple[float, float], float]:
    """geo.fit_view of the box of a city's arcs, drawn from the city as the browser draws
    them (coordinates rounded as the plan sends them), padded as framing.js pads it."""
    def at(cid):
        row = ds.cities.loc[cid]
        return (round(float(row["lon"]) * plan.COORD_SCALE) / plan.COORD_SCALE,
                round(float(row["lat"]) * plan.COORD_SCALE) / plan.COORD_SCALE)

    x1, y1 = at(city)
    lons, lats = [], []
    for a, b in zip(mine["city_a_id"], mine["city_b_id"]):
        x2, y2 = at(b if a == city else a)
        n = int(geo.segments_for(geo.distance_km(x1, y1, x2, y2)))
        lo, la = geo.interpolate([x1], [y1], [x2], [y2], n)
        lons += lo[0].tolist()
        lats += la[0].tolist()
    box = ((min(lats), min(lons)), (max(lats), max(lons)))
    return geo.fit_view(box, size[0], size[1], pad=0.08, pad_px=24, zoom_step=0.25,
                        min_zoom=0.5, max_zoom=9)


@pytest.mark.parametrize(("width", "height"), [(1400, 950), (390, 844)])
def test_a_city_map_frames_the_city_and_every_partner(browser, request, tmp_path,
                                                      browser_data, width, height):
    """The selection framing (framing.js, from the arcs it draws) holds the city and every
    partner, at the view geo.fit_view computes, for cities drawn at random from those with
    partners: the seed is printed, and SISTERMAP_SEED=<seed> replays it."""
    seed = int(os.environ.get("SISTERMAP_SEED") or random.randrange(1_000_000))
    print(f"city framing seed: SISTERMAP_SEED={seed}")
    ds = dataset.load(browser_data, strict=False)
    shown = filters.apply(ds.partnerships, ds.cities, filters.Filters())  # render's default
    cities = sorted(set(shown["city_a_id"]) | set(shown["city_b_id"]))
    context, page = open_page(browser, request, width, height)
    try:
        for city in random.Random(seed).sample(cities, 3):
            mine = filters.apply(ds.partnerships, ds.cities, filters.Filters(city=city))
            ends = set(mine["city_a_id"]) | set(mine["city_b_id"])
            assert city in ends and len(ends) >= 2, city
            page.goto(render_file(tmp_path / f"{city.replace(':', '_')}.html", browser_data,
                                  "--city", city))
            page.wait_for_function("() => window.map && window.map.sistermap && "
                                   "window.map.sistermap.sel", timeout=20000)
            south, west, north, east = page.evaluate(VIEW_JS)
            # The very view geo.fit_view gives for the arcs drawn from the city (the
            # browser's framing is a copy of it): same zoom, same centre.
            (lat, lon), zoom = _selection_view(ds, mine, city, page.evaluate(SIZE_JS))
            got = page.evaluate(CENTRE_JS)
            assert got[2] == zoom and abs(got[0] - lat) < 1e-6, (seed, city, got, lat, zoom)
            assert abs((got[1] - lon + 180) % 360 - 180) < 1e-6, (seed, city, got, lon)
            for end in sorted(ends):
                lat, lon = (float(ds.cities.loc[end, k]) for k in ("lat", "lon"))
                assert south <= lat <= north and any(
                    west <= lon + k <= east for k in (-360, 0, 360)), \
                    (seed, city, end, (lat, lon), (south, west, north, east))
            assert page.errors == []
    finally:
        close_page(context, page, request)


def test_the_map_stays_alive_across_a_click_and_a_filter_change(page, app_url):
    """A click and a filter change rerun the app, but the map's frame is the same document
    (no reload: a value set on its window survives), keeps its zoom and pan, and shows
    the selection and the filtered links at once."""
    page.goto(app_url + "/")
    frame, _ = map_frame(page, min_lines=ACTIVE_LINKS)
    frame.evaluate("() => { window.__smMarker = 'alive'; "
                   "window.map.setView([48, 8], 4, {animate: false}); }")
    view = frame.evaluate(VIEW_JS)
    click_latlng(page, frame, 52.4066, -1.5122)  # Coventry
    # Highlighted in the browser before the app answers (no round trip needed) ...
    assert frame.evaluate("() => window.map.sistermap.data.sel") >= 0
    assert frame.evaluate("() => window.map.sistermap.sel.getLayers().length") > 0
    # ... and the app's panel follows, while the map is the same page at the same view.
    page.get_by_text("Open the Coventry page").wait_for(timeout=20000)
    page.wait_for_timeout(1000)
    frame, _ = map_frame(page, min_lines=1)
    assert frame.evaluate("() => window.__smMarker") == "alive"
    assert frame.evaluate(VIEW_JS) == view
    assert frame.evaluate("() => window.__smLive && window.__smLive.at") > 0
    page.get_by_role("button", name="Clear selection").click()
    page.get_by_text("Most connected here").wait_for(timeout=20000)
    page.wait_for_timeout(800)
    assert frame.evaluate("() => window.map.sistermap.data.sel") == -1
    # A filter change (one era): fewer links, in the same page and view.
    before = frame.evaluate("() => window.__smLive.at")
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has=page.get_by_text("Era", exact=True)).locator("input").click()
    page.get_by_role("option", name="Post-war reconciliation").click()
    page.keyboard.press("Escape")
    frame.wait_for_function("b => window.__smLive && window.__smLive.at > b && "
                            "window.__smLive.changed", arg=before, timeout=20000)
    counts = frame.evaluate(COUNT_JS)
    assert 0 < counts["lines"] < ACTIVE_LINKS
    assert frame.evaluate("() => window.__smMarker") == "alive"
    assert frame.evaluate(VIEW_JS) == view
    assert page.errors == []
