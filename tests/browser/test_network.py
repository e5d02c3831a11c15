"""The network page in a real browser, at laptop and projector sizes, on the shipped data:
the chain from Coventry to Takayama drawn hop by hop with its years, and Germany–France
opened from a link. Screenshots for a person go to docs/screens/network-*.png."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import COUNT_JS, close_page, map_frame, open_page
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
SCREENS = ROOT / "docs" / "screens"
HOPS_JS = "() => Array.from(document.querySelectorAll('.sm-hop')).map(e => e.textContent)"


def dots(pg, least: int = 100, timeout: float = 40.0) -> None:
    """Wait for the family map: its dots (its links are a layer left off)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in pg.frames:
            if "streamlit_folium" in frame.url:
                try:
                    counts = frame.evaluate(COUNT_JS)
                except Exception:  # noqa: BLE001 - the frame is still loading
                    counts = None
                if counts and counts["points"] >= least:
                    return
        pg.wait_for_timeout(250)
    raise AssertionError("the family map never drew its cities")


def top(pg, text: str) -> None:
    """Scroll so that ``text`` is at the top of the page, and let the map settle."""
    pg.get_by_text(text).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    pg.wait_for_timeout(1000)


@pytest.mark.parametrize(("size", "width", "height"),
                         [("laptop", 1400, 900), ("projector", 1920, 1080)])
def test_a_chain_and_a_country_pair_open_from_links(browser, request, shipped_url, size,
                                                    width, height):
    context, pg = open_page(browser, request, width, height)
    try:
        pg.goto(shipped_url + "/network?net=chain&from=coventry&to=takayama")
        pg.get_by_text("Coventry and Takayama are 4 partnerships apart").wait_for(
            timeout=40000)
        frame, counts = map_frame(pg, min_lines=4, timeout=40)
        top(pg, "Coventry and Takayama are 4 partnerships apart")
        hops = frame.evaluate(HOPS_JS)
        assert hops == ["1 · 1947", "2 · 1964", "3 · 1948", "4 · 1960"]
        pg.screenshot(path=str(SCREENS / f"network-chain-{size}.png"))

        pg.goto(shipped_url + "/network?net=matrix&pair=DE,FR")
        heading = pg.get_by_role("heading", name="Germany – France")
        heading.wait_for(timeout=40000)
        map_frame(pg, min_lines=10, timeout=40)
        assert "pair=DE%2CFR" in pg.url or "pair=DE,FR" in pg.url
        top(pg, "Germany – France: 42 partnerships")
        pg.screenshot(path=str(SCREENS / f"network-pair-{size}.png"))

        if size == "laptop":  # the families and the finder, once
            pg.goto(shipped_url + "/network?net=families")
            pg.get_by_text("Is every country connected?").wait_for(timeout=40000)
            dots(pg)
            top(pg, "Is every country connected?")
            pg.screenshot(path=str(SCREENS / "network-families-laptop.png"))
            pg.goto(shipped_url + "/network?net=finder&city=coventry")
            pg.get_by_text("Cities like Coventry it has no partnership with").wait_for(
                timeout=40000)
            pg.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20000)
            top(pg, "Cities like Coventry it has no partnership with")
            pg.wait_for_timeout(1500)  # the table draws on a canvas
            pg.screenshot(path=str(SCREENS / "network-finder-laptop.png"))
        assert pg.errors == []
    finally:
        close_page(context, pg, request)
