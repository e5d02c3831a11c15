"""Accessibility, measured: axe-core on every page, the embed and the standalone file, and the
map operated by keyboard alone.

axe-core (``tests/js/axe/``, from npm, installed by ``make test`` with ``npm ci``; test-only)
is injected into the page and into the map's frame, and run there; a page passes with no
serious or critical violation. Each page's figures by impact are printed (``-s`` shows them;
docs/accessibility.md keeps the last ones). The keyboard test finds Coventry with the search
box, selects it on the map with the keys alone and reads its partners from the map's spoken
announcement and its table.
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from sistermap import i18n, regions
from sistermap.i18n import _
from sistermap.query import filters, lookup, partners
from sistermap.store import dataset
from tests.browser.conftest import in_map
from tests.browser.test_browser import render_file
from tests.conftest import ROOT

AXE = ROOT / "tests" / "js" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
#: axe's WCAG 2.0/2.1 A and AA rules (the EN 301 549 web requirements) and its best practices.
RUN_JS = """async () => {
  const r = await axe.run(document, {iframes: false, resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                     'best-practice']}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length,
    why: v.nodes.length ? v.nodes[0].failureSummary : ''}));
}"""


def _axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("SISTERMAP_REQUIRE_BROWSER"):
            raise AssertionError("tests/js/axe is not installed (make test runs npm ci)")
        pytest.skip("tests/js/axe/node_modules missing (make test installs it)")
    return AXE.read_text(encoding="utf-8")


def audit(frames) -> list[dict]:
    """axe's violations in each of ``frames`` (the page and its map's frame), together."""
    source, out = _axe_source(), []
    for frame in frames:
        frame.evaluate("(src) => { if (!window.axe) (0, eval)(src); }", source)
        out += frame.evaluate(RUN_JS)
    return out


def figures(violations: list[dict]) -> dict[str, int]:
    """Violating elements per impact."""
    count = Counter()
    for v in violations:
        count[v["impact"]] += v["count"]
    return {impact: count[impact] for impact in IMPACTS}


#: Streamlit has run the page to its end, the app's style is in (sistermap/app/a11y.py), and
#: no element is faded as stale (or still fading back in: a faded caption fails contrast).
READY_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]') &&
  !!document.getElementById('sm-a11y') &&
  ![...document.querySelectorAll('[data-testid="stElementContainer"], .stElementContainer')]
    .some(e => e.getAttribute('data-stale') === 'true' || getComputedStyle(e).opacity !== '1')"""


def _streamlit_ready(pg) -> None:
    """The page has run to its end and settled."""
    pg.locator("[data-testid='stApp']").wait_for(timeout=20000)
    pg.wait_for_timeout(500)
    pg.wait_for_function(READY_JS, timeout=30000)


def drawn_map(pg, timeout: float = 30.0):
    """The map's frame once its script has finished (a tour step may draw no line yet)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in pg.frames:
            try:
                if "streamlit_folium" in frame.url and frame.evaluate(
                        "() => !!(window.map && window.map.sistermap && "
                        "window.map.sistermap.data)"):
                    return frame
            except Exception:  # still loading, or replaced by a rerun
                pass
        pg.wait_for_timeout(250)
    raise AssertionError("the map never finished drawing")


#: (name, path in the app, whether it has a map); "standalone" is the rendered file.
PAGES = [("map", "/", True), ("city", "/city?city=coventry", True),
         ("insights", "/insights", False), ("tour", "/tour", True),
         ("import", "/import_list", False), ("about", "/about", False),
         ("embed", "/embed?city=coventry&embed=true", True), ("standalone", "", True)]


@pytest.mark.parametrize(("name", "path", "has_map"), PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_or_critical_violations(page, shipped_url, tmp_path, browser_data, name,
                                           path, has_map):
    """Each page of the app on the shipped data (the tour tells its story), the embed, and
    the standalone file of a small list."""
    _axe_source()
    if name == "standalone":
        page.goto(render_file(tmp_path / "world.html", browser_data))
        page.wait_for_function("() => window.map && window.map.sistermap", timeout=20000)
        frames = [page.main_frame]
    else:
        page.goto(shipped_url + path)
        _streamlit_ready(page)
        frames = [page.main_frame]
        if has_map:
            frames.append(drawn_map(page))
    violations = audit(frames)
    counts = figures(violations)
    print(f"\naxe {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for v in violations:
        print(f"  {v['impact']:9} {v['id']} ({v['count']}): {v['help']} {v['nodes'][:3]}")
        if v["impact"] in ("serious", "critical"):
            print("    " + v["why"].replace("\n", "\n    "))
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    assert page.errors == []


#: The element that has the keyboard's focus, looking into the map's frame (same origin).
FOCUSED_JS = """() => { let el = document.activeElement;
  while (el && el.tagName === 'IFRAME') {
    try { el = el.contentDocument.activeElement; } catch (e) { break; } }
  return el ? {tag: el.tagName, label: el.getAttribute('aria-label') || '',
               cls: String(el.className || ''), text: (el.innerText || '').slice(0, 80)} : {};
}"""


def tab_to(pg, wanted, limit: int = 90) -> dict:
    """Press Tab until the focused element is the one ``wanted(info)`` looks for."""
    for _step in range(limit):
        pg.keyboard.press("Tab")
        info = pg.evaluate(FOCUSED_JS)
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached it (last: {info})")


def spoken(pg) -> str:
    """What the map's live region says now."""
    return in_map(pg, "() => document.querySelector('.sm-live').textContent")


def hear(pg, start: str, timeout: float = 5.0) -> str:
    """What the live region says once it starts with ``start`` (or after ``timeout``)."""
    deadline = time.time() + timeout
    while not spoken(pg).startswith(start) and time.time() < deadline:
        pg.wait_for_timeout(100)
    return spoken(pg)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_keyboard_alone_finds_coventry_selects_it_and_reads_its_partners(page, shipped_url,
                                                                         lang):
    """From the map page, with the keys only: the search box finds Coventry, the map's keys
    go to it and select it (the same selection a click makes), and its partners are read
    from the map's announcement and from the table of links — in English, and as a German
    council officer meets it (?lang=de, every label read from the German catalog)."""
    coventry, expected = _coventry_partners()
    with i18n.using(lang):
        words = {k: _(k) for k in ("Find a city", "Map of sister-city partnerships",
                                   "The links on this map, as a table", "Partner")}
        words["open"] = _("Open the {name} page").format(name="Coventry")
        words["place"] = f"Coventry, {regions.country_name('GB')}"
        words["selected"] = _("Selected: {city}").format(city=words["place"])
    page.emulate_media(reduced_motion="reduce")  # and a reader who asked for less motion
    page.goto(shipped_url + ("/" if lang == "en" else f"/?lang={lang}"))
    _streamlit_ready(page)
    drawn_map(page)
    tab_to(page, lambda i: i.get("label") == words["Find a city"])
    page.keyboard.type("Coventry")
    page.keyboard.press("Enter")
    page.get_by_text(words["open"]).wait_for(timeout=20000)
    _streamlit_ready(page)
    deadline = time.time() + 10  # the app's update has reached the map (it says so too)
    while in_map(page, "() => window.map.sistermap.data.sel") < 0 and time.time() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    box = tab_to(page, lambda i: "leaflet-container" in i.get("cls", ""))
    assert box["label"] == words["Map of sister-city partnerships"]
    assert in_map(page, "() => window.map._zoomAnimated") is False  # no animated zooms
    page.keyboard.press("ArrowDown")  # the selected city first
    said = hear(page, words["place"])
    assert said.startswith(words["place"] + " \u2014 ") and any(
        c.isdigit() for c in said), said
    assert in_map(page, "() => window.map.sistermap.keys.ringed()") == 2  # a focus ring
    page.keyboard.press("ArrowDown")  # on to a partner, and back
    page.wait_for_timeout(200)
    assert not spoken(page).startswith("Coventry")
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(200)
    assert spoken(page).startswith("Coventry")
    page.keyboard.press("Enter")  # select it, as a click does
    assert hear(page, words["selected"]).startswith(words["selected"])
    # The app heard it as it hears a click: streamlit-folium's return value names Coventry.
    sent = in_map(page, "() => window.__GLOBAL_DATA__.last_active_drawing.properties.id")
    assert sent == coventry
    page.get_by_text(words["open"]).wait_for(timeout=20000)
    # The partners, as a table a screen reader reads: open the expander with the keys.
    tab_to(page, lambda i: words["The links on this map, as a table"] in i.get("text", ""))
    page.keyboard.press("Enter")
    table = page.locator("[data-testid='stExpander'] table").first
    table.wait_for(timeout=10000)
    text = table.inner_text()
    assert words["Partner"] in text and "Coventry" in text
    assert all(name in text for name in expected), [n for n in expected if n not in text]
    assert page.errors == []


def _coventry_partners() -> tuple[str, list[str]]:
    """Coventry's id, and its partners under the app's default filters (query.partners)."""
    ds = dataset.load(ROOT / "data", strict=False)
    cid = lookup.find_city(ds.cities, "Coventry").city_id
    answer = partners.partners(ds.partnerships, ds.cities, cid, filters.APP_DEFAULT)
    return cid, sorted(set(answer.table["partner"]))
