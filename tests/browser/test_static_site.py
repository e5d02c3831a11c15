"""The published static site in Chromium: search, a hostile city's page, and the embed on
another site's page at phone width with third-party cookies blocked.

The site is served by a plain static server over loopback (``http.server``); a council's page
that embeds it is served from another origin (``localhost`` and another port, against
``127.0.0.1``), so the frame is third-party, as on a real council website.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sistermap.kit import share
from sistermap.publish import build
from sistermap.publish.write import write_site
from sistermap.store import dataset
from tests.browser import offline
from tests.browser.conftest import COUNT_JS, close_page
from tests.publish.conftest import HOSTILE_ID, HOSTILE_NAME, hostile_copy


def _serve(folder: Path):
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(the site's address on 127.0.0.1, its city table, the folder of a host page)."""
    root = tmp_path_factory.mktemp("static")
    ds = dataset.load(hostile_copy(root / "data"))
    write_site(build.build(ds.partnerships, ds.cities, tour_file=None).files, root / "site")
    host = root / "host"
    host.mkdir()
    servers = [_serve(root / "site"), _serve(host)]
    yield (f"http://127.0.0.1:{servers[0].server_address[1]}", ds.cities, host,
           servers[1].server_address[1])
    for s in servers:
        s.shutdown()
        s.server_close()


def _lines(frame, timeout_ms: int = 20_000) -> dict:
    frame.wait_for_function(f"() => {{ const c = ({COUNT_JS})(); return c && c.drawn > 0; }}",
                            timeout=timeout_ms)
    return frame.evaluate(COUNT_JS)


def _frame(pg, part: str):
    pg.wait_for_function(f"() => [...document.querySelectorAll('iframe')]"
                         f".some(f => f.src.includes({part!r}))")
    for _wait in range(200):  # the frame element is there before the page lists its frame
        found = [f for f in pg.frames if part in f.url]
        if found:
            return found[0]
        pg.wait_for_timeout(50)
    raise AssertionError(f"no frame loads {part}")


def test_search_finds_other_names_and_a_hostile_name_stays_text(site, page):
    url, cities, _host, _port = site
    page.goto(f"{url}/index.html")
    page.fill("#search", "stalingrad")  # another name of Volgograd, folded in Python
    page.wait_for_selector("#results a")
    assert page.locator("#results a").first.inner_text() == "Volgograd"
    page.fill("#search", "Évil")  # Evilton: the hostile city's other name, any accent
    page.wait_for_selector("#results a")
    hit = page.locator("#results a").first
    assert hit.inner_text() == HOSTILE_NAME
    hit.click()
    page.wait_for_url(f"**/{share.site_page(cities, HOSTILE_ID)}")
    assert page.locator("h1").inner_text() == HOSTILE_NAME  # shown as text
    assert page.locator("main img").count() == 0
    assert page.locator("a[href*='evil']").count() == 0  # no live link from the name
    assert page.locator("table").inner_text().count("<script>window.__pwned=2</script>") == 1
    _lines(_frame(page, "/embed/"))  # its map draws, from the shared table
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []


def test_the_embed_draws_on_another_site_at_phone_width_without_cookies(site, browser,
                                                                       request):
    url, cities, host, port = site
    snippet = share.embed_snippet(share.static_embed_url(url, cities, "gn:2652221"),
                                  "Partner cities of Coventry", "100%", 480)
    (host / "council.html").write_text(
        '<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<h1>Our twin towns</h1>{snippet}", encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    net = offline.Network()
    context.route("**/*", net.handle)
    pg = context.new_page()
    pg.net, pg.dialogs, pg.errors = net, [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(f"http://localhost:{port}/council.html")  # another origin than the site
    frame = _frame(pg, "/embed/coventry.html")
    counts = _lines(frame)
    assert counts["lines"] >= 3 and counts["points"] >= 4  # Coventry's links and partners
    box = pg.locator("iframe").bounding_box()
    assert box["height"] == 570 and 360 <= box["width"] <= 390  # sized by the snippet
    height = frame.evaluate("() => document.querySelector('.folium-map').offsetHeight")
    assert height >= 500  # the map fills the frame
    # Third-party cookies are blocked here: the frame cannot keep one, and needs none.
    blocked = frame.evaluate("() => { document.cookie = 'probe=1; SameSite=None; Secure';"
                             " document.cookie = 'lax=1'; return document.cookie; }")
    assert blocked == ""
    first_party = context.new_page()  # the control: the same page, opened itself, keeps it
    first_party.goto(frame.url)
    assert "lax=1" in first_party.evaluate("() => { document.cookie = 'lax=1';"
                                           " return document.cookie; }")
    first_party.close()
    assert pg.errors == []
    close_page(context, pg, request)
