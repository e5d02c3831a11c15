"""A stranger's address in the visitor's own browser: no link, image or frame anywhere (#23).

The unit tests render the app's Markdown with Streamlit's dialect (tests/gfm.py); this file
looks at what Chromium actually shows, on a sample of every surface: each page with a bare
address, an e-mail and a Markdown link in the parameters it reads, and the hostile city's
own page. Every request that would leave the machine fails the test (conftest).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

PAGES = ["/", "/city", "/insights", "/about", "/import_list", "/tour", "/embed"]
PAYLOADS = {
    "city": "Your session expired - log in at https://evil.example/login",
    "search": "www.evil.example",
    "countries": "phish@evil.example",
    "eras": "[x](https://evil.example)",
    "kinds": "http\u200b://evil.example/x",
}
#: Anything in the page (outside the map's own frame) that points at a stranger's host.
FOREIGN_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], img[src], iframe[src], area[href]')) {
    const url = el.getAttribute('href') || el.getAttribute('src') || '';
    try {
      const u = new URL(url, location.href);
      if (u.host !== location.host || u.protocol === 'mailto:' || u.protocol === 'javascript:')
        out.push(el.tagName + ' ' + url);
    } catch (e) { out.push(el.tagName + ' ' + url); }
  }
  return out;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_no_foreign_link_image_or_frame_on_any_page(page, app_url, path):
    query = "&".join(f"{k}={quote(v)}" for k, v in PAYLOADS.items())
    extra = "&embed=true" if path == "/embed" else ""
    page.goto(f"{app_url}{path}?{query}{extra}")
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30000)
    page.wait_for_timeout(2500)  # let the page finish its run
    foreign = [f for f in page.evaluate(FOREIGN_JS)
               if "streamlit.io" not in f and "github.com/streamlit" not in f]
    assert foreign == []
    text = page.inner_text("body")
    assert "evil" not in text or "evil.example" in text.replace("\u2060", "")  # shown as text


#: A city named with a bare address, a Markdown link, an e-mail and an image (#23): on the
#: map panel, in the map's links table and on its own page it must read exactly like this.
URL_NAME = ("Log in at https://evil.example/login [x](https://evil.example) www.evil.example "
            "phish@evil.example <img src=x onerror=alert(1)>")
URL_ID = "gn:9990002"
#: Elements made from data, whatever their host: an image or frame at all, or a handler.
FROM_DATA_JS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] img, [data-testid="stMain"] iframe:not([title*="streamlit_folium"]),'
  + ' [onerror], [onload], [data-testid="stMain"] a[href*="evil"]')]
  .map(e => e.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def url_name_app(tmp_path_factory):
    """The mini dataset plus a city named ``URL_NAME``, Coventry's partner, served."""
    from tests.browser.conftest import Server, hostile_dataset

    server = Server(hostile_dataset(tmp_path_factory.mktemp("urlname") / "data", URL_NAME,
                                    URL_ID))
    yield server.url
    server.stop()


def test_a_city_named_with_an_address_is_text_on_the_map_panel_table_and_city_page(
        page, url_name_app):
    """Chromium, as the visitor has it: the name in the map panel's heading, its partners'
    table, the map's links table (opened) and the city page's heading is the text as written,
    and no link, image or frame comes from it."""
    page.goto(f"{url_name_app}/?city={quote(URL_ID)}")
    heading = page.wait_for_selector(".sm-h3", timeout=30000)
    assert heading.inner_text() == URL_NAME
    page.get_by_text("The links on this map, as a table").click()
    page.wait_for_function("document.querySelectorAll('.sm-data').length >= 2",
                           timeout=15000)
    cells = page.eval_on_selector_all(".sm-data td", "tds => tds.map(td => td.innerText)")
    assert URL_NAME in cells and "Coventry" in cells  # the links table; the panel's partners
    assert page.evaluate(FOREIGN_JS) == [] and page.evaluate(FROM_DATA_JS) == []
    page.goto(f"{url_name_app}/city?city={quote(URL_ID)}")
    assert page.wait_for_selector(".sm-h1", timeout=30000).inner_text() == URL_NAME
    page.wait_for_timeout(1500)  # the rest of the page's run
    assert page.evaluate(FOREIGN_JS) == [] and page.evaluate(FROM_DATA_JS) == []
    assert URL_NAME in page.inner_text("body")


def test_an_address_of_100000_characters_reaches_the_app_and_gets_a_notice(page, app_url):
    """The app's own server (``make run``, no balancer) hands a 100,000-character address
    to the app, which answers it like any other odd value: the map, with a notice that
    quotes the start of it (#23; beyond ~1 MB the server answers a one-line 400, and a
    deployment's balancer a page that says why: tests/deploy/test_balancer.py)."""
    import urllib.request

    long = "x" * 100_000
    with urllib.request.urlopen(f"{app_url}/?search={long}", timeout=30) as response:
        assert response.status == 200 and b"<div id=\"root\">" in response.read()
    page.goto(f"{app_url}/?search={long}")
    page.get_by_text("is not in this dataset").first.wait_for(timeout=30000)
    notice = page.get_by_text("is not in this dataset").first.inner_text()
    assert len(notice) < 300  # the address is quoted, cut short, not shown whole
    page.locator("iframe[title*='streamlit_folium']").first.wait_for(timeout=30000)
    assert page.evaluate(FOREIGN_JS) == [] and page.errors == []
