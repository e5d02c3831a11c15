"""The map as a page: escaping, nothing fetched from outside, no template compiling, and (in
Chromium) that a level-of-detail map draws its overview zoomed out and each link zoomed in."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from sistermap.query import filters
from sistermap.store import dataset
from sistermap.webmap import elements, plan
from tests.conftest import MINI, ROOT

HOSTILE = "<img src=x onerror=alert(1)>"
CLOSER = "</script><script>window.__pwned=1</script>"


def table_of(html: str) -> dict:
    """The shared data table embedded in a rendered map."""
    m = re.search(r"var sister_map_data_\w+ = (\{.*?\});\n", html)
    assert m, "no data table in the page"
    return json.loads(m.group(1))


@pytest.fixture()
def hostile(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    with (target / "cities.csv").open("a", encoding="utf-8") as f:
        f.write(f'gn:9990001,"{HOSTILE}",,IS,,64.0,-20.0,1000\n')
        f.write(f'gn:9990002,"{CLOSER}",,IS,,65.0,-18.0,1000\n')
    with (target / "partnerships.csv").open("a", encoding="utf-8") as f:
        f.write("gn:2652221,gn:9990001,twin_town,1990,,,active,culture,https://example.org,\n")
        f.write("gn:9990002,gn:9990001,twin_town,1991,,,active,culture,https://example.org,\n")
    return dataset.load(target)


def test_hostile_names_never_reach_the_page_unescaped(hostile):
    html = elements.to_html(elements.build_map(hostile.partnerships, hostile.cities))
    assert HOSTILE not in html and "<img" not in html
    assert "window.__pwned" in html  # the text is there, as data...
    assert CLOSER not in html and "</script><script>window" not in html  # ...never as markup
    table = table_of(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in table["cn"]  # shown as text in tooltips
    # Every <script> the page opens is one Folium wrote: none was opened from data.
    assert html.count("<script>") == html.count("</script>") - html.count("<script src")


def test_the_standalone_map_needs_nothing_from_outside(mini_dataset):
    html = elements.to_html(elements.build_map(mini_dataset.partnerships, mini_dataset.cities,
                                               inline=True))
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)  # everything inlined
    assert "https://cdn" not in html and "L.version" not in html.split("<script>")[0]
    assert 'version="1.9.4"' in html or "1.9.4" in html  # the shipped Leaflet is inside


def test_the_app_map_names_only_the_copy_the_app_serves(mini_dataset):
    m = elements.build_map(mini_dataset.partnerships, mini_dataset.cities)
    links = [url for el in [m] for _, url in el.default_js + el.default_css]
    assert links and all(url.startswith("../sistermap.app.serving.assets/") for url in links)
    html = elements.to_html(m)
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", html)


def test_render_does_not_compile_the_data_as_a_template(mini_dataset):
    """Braces in data would break Jinja if the page were compiled: it must not be."""
    p = mini_dataset.partnerships.copy()
    c = mini_dataset.cities.copy()
    c.loc[c.index[0], "name"] = "{{ 1/0 }} {% if %}"
    html = elements.to_html(elements.build_map(p, c))
    assert "{{ 1/0 }} {% if %}" in html


#: The start of a script that opens a map file offline in Chromium (run in a subprocess).
OPEN_MAP = """
import json, sys
from playwright.sync_api import sync_playwright
from tests.browser import offline
from tests.browser.conftest import COUNT_JS
out = {}
net = offline.Network()
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=offline.CHROMIUM, args=offline.CHROMIUM_ARGS)
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    ctx.route("**/*", net.handle)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(sys.argv[1])
    page.wait_for_function("() => window.map && window.map.sistermap", timeout=20000)
    page.wait_for_timeout(300)
"""

LOD_CHECK = OPEN_MAP + """
    out["zoomed_out"] = page.evaluate(COUNT_JS)
    # Every link is on the density canvas: some of its pixels are painted.
    out["painted"] = page.evaluate('''() => {
        const c = document.querySelector('canvas.sistermap-density');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n; }''')
    # An animated zoom step: the canvas drawn during the animation for the zoom's target is
    # the one a fresh draw for the new view makes (pixel for pixel), and it is shown.
    page.evaluate("() => { window.__done = window.__anim = false; "
                  "window.map.once('zoomanim', () => { window.__anim = true; }); "
                  "window.map.once('moveend', "
                  "() => setTimeout(() => { window.__done = true; }, 50)); "
                  "window.map.zoomIn(1, {animate: true}); }")
    page.wait_for_function("() => window.__done", timeout=10000)
    out["predrawn"] = page.evaluate('''() => {
        const c = document.querySelector('canvas.sistermap-density');
        const shown = c.toDataURL(), visibility = c.style.visibility;
        let layer = null; window.map.eachLayer(l => { if (l._canvas === c) layer = l; });
        layer._draw();
        return {same: shown === c.toDataURL(), visibility: visibility,
                animated: window.__anim}; }''')
    # Zoom into Europe: the canvas hides, the links with an end in view are built.
    page.wait_for_function(
        "() => { window.map.setView([51, 5], 6, {animate: false}); "
        "return window.map.getZoom() === 6; }", timeout=10000, polling=200)
    page.wait_for_timeout(300)
    sm = "window.map.sistermap"
    out["detail"] = page.evaluate(f"() => {sm}.detail.getLayers().length")
    out["canvas"] = page.evaluate(
        "() => document.querySelector('canvas.sistermap-density').style.visibility")
    out["cities"] = page.evaluate(
        f"() => {sm}.cities.getLayers().map(l => l.feature.properties.id)")
    out["tip"] = page.evaluate(f"() => {sm}.detail.getLayers()[0].feature.properties.t")
    out["errors"] = errors
    out["outside"] = net.outside
    browser.close()
print(json.dumps(out))
"""


def test_a_level_of_detail_map_draws_density_then_each_link_zoomed_in(tmp_path,
                                                                       mini_dataset):
    from tests.browser import offline

    if not offline.available():
        pytest.skip("Chromium is missing")
    p = filters.apply(mini_dataset.partnerships, mini_dataset.cities, filters.Filters())
    html = elements.to_html(elements.build_map(p, mini_dataset.cities,
                                               plan.MapOptions(lod_links=5), inline=True))
    page_file = tmp_path / "lod.html"
    page_file.write_text(html, encoding="utf-8")
    # A separate process: the browser tests' Playwright session may be open in this one.
    proc = subprocess.run([sys.executable, "-c", LOD_CHECK, page_file.as_uri()], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["zoomed_out"]["lines"] == 0  # no layer per link when zoomed out…
    assert out["painted"] > 500  # …but every link painted on the canvas
    assert out["predrawn"] == {"same": True, "visibility": "visible", "animated": True}
    assert out["canvas"] == "hidden" and out["detail"] >= 3
    assert "gn:2652221" in out["cities"]  # Coventry is in view and clickable
    assert " – " in out["tip"]
    assert out["errors"] == [] and out["outside"] == []


def test_the_dark_basemap_is_the_shipped_outlines_and_needs_nothing_from_outside(
        mini_dataset):
    html = elements.to_html(elements.build_map(
        mini_dataset.partnerships, mini_dataset.cities,
        plan.MapOptions(basemap="dark"), inline=True))
    assert "Dark map (offline)" in html and "Plain map (offline)" in html
    assert elements.BASEMAP_STYLES["dark"]["fillColor"] in html
    assert '"theme":"dark"' in html
    assert '"fillColor":"#e8e8e8"' in html  # light city markers on the dark theme
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)  # everything inlined
    assert "https://cdn" not in html
    light = elements.to_html(elements.build_map(mini_dataset.partnerships,
                                                mini_dataset.cities, inline=True))
    assert '"theme":"light"' in light


DARK_CHECK = OPEN_MAP + """
    state = '''() => ({dark: window.map.getContainer().classList.contains('sm-dark'),
        blend: document.querySelector('canvas.sistermap-density').dataset.blend,
        op: document.querySelector('canvas.sistermap-density').getContext('2d')
              .globalCompositeOperation,
        sea: getComputedStyle(window.map.getContainer()).backgroundColor,
        legend: getComputedStyle(document.querySelector('.sistermap-legend')).color,
        shown: window.map.hasLayer(window.map.sistermap.dark)})'''
    out["dark"] = page.evaluate(state)
    # Choosing the plain map in the layer control turns the theme (and the blending) light.
    page.evaluate('''() => { const m = window.map, s = m.sistermap;
        m.removeLayer(s.dark); s.basemap.addTo(m);
        m.fire('baselayerchange', {layer: s.basemap, name: 'Plain map (offline)'}); }''')
    out["plain"] = page.evaluate(state)
    out["errors"] = errors
    out["outside"] = net.outside
    browser.close()
print(json.dumps(out))
"""


def test_a_dark_level_of_detail_map_adds_its_lines_up_offline(tmp_path, mini_dataset):
    """The dark basemap draws from the shipped outlines; on it the density canvas blends
    "lighter" (corridors glow), on the light one "multiply"; the legend is light on dark."""
    from tests.browser import offline

    if not offline.available():
        pytest.skip("Chromium is missing")
    p = filters.apply(mini_dataset.partnerships, mini_dataset.cities, filters.Filters())
    html = elements.to_html(elements.build_map(
        p, mini_dataset.cities, plan.MapOptions(lod_links=5, basemap="dark",
                                                color_by="reach"), inline=True))
    page_file = tmp_path / "dark.html"
    page_file.write_text(html, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", DARK_CHECK, page_file.as_uri()], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    dark, plain = out["dark"], out["plain"]
    assert dark["dark"] and dark["shown"]
    assert dark["blend"] == dark["op"] == "lighter"
    assert dark["sea"] == "rgb(11, 22, 34)" and dark["legend"] == "rgb(240, 240, 240)"
    assert not plain["dark"] and plain["blend"] == plain["op"] == "multiply"
    assert plain["sea"] == "rgb(219, 231, 241)"
    assert out["errors"] == [] and out["outside"] == []
