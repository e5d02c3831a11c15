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
