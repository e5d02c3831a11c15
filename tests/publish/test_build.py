"""The site's files from small datasets; the built folder served over loopback and crawled."""

from __future__ import annotations

import csv
import shutil
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from sistermap.publish import build
from sistermap.publish.write import write_site
from sistermap.query.filters import Filters
from sistermap.store import dataset
from tests.conftest import MINI
from tests.publish.conftest import HOSTILE_ID, HOSTILE_NAME

TOUR = """title = "Mini tour"
intro = "Two steps."

[[steps]]
title = "Coventry and Volgograd"
text = "The first link."
year = 1950
highlight = ["Coventry", "Volgograd"]

[[steps]]
title = "Everything"
text = "All links."
"""


@pytest.fixture(scope="module")
def mini_site():
    ds = dataset.load(MINI)
    return build.build(ds.partnerships, ds.cities, tour_file=None)


def text(site: build.Site, path: str) -> str:
    content = site.files[path]
    assert isinstance(content, bytes)
    return content.decode()


def test_a_page_and_a_map_per_city_and_the_shared_files(mini_site):
    files = mini_site.files
    assert mini_site.cities == 17 and mini_site.links == 12
    for page in ("index.html", "map.html", "cities.html", "tour.html", "about.html",
                 "embed/index.html", "city/coventry.html", "embed/coventry.html",
                 "data/links.js", "data/search.js", "data/basemap.js", "assets/sistermap.js",
                 build.CSV_FILE, build.XLSX_FILE):
        assert page in files, page
    assert sum(p.startswith("city/") for p in files) == 17
    assert "sitemap.xml" not in files  # no public address given


def test_the_link_data_is_one_shared_file_not_repeated_per_page(mini_site):
    table = text(mini_site, "data/links.js")
    assert table.startswith("window.SisterMapData = ")
    coventry = text(mini_site, "embed/coventry.html")
    assert '<script src="../data/links.js"></script>' in coventry
    assert "Volgograd" not in coventry  # the names are in the shared table only
    assert len(coventry) < 15_000


def test_a_city_page_lists_its_partners_with_sources_and_years(mini_site):
    page = text(mini_site, "city/coventry.html")
    assert "<h2>3 partners</h2>" in page
    rows = page[page.index("<tbody>"):]
    assert rows.index("Volgograd") < rows.index("Kiel") < rows.index("Dresden")  # by year
    assert "https://en.wikipedia.org/wiki/Coventry" in page  # the source, as text
    assert 'href="https://' not in page
    assert "1940s: 2 · 1950s: 1" in page
    assert "Also known as" not in page  # Coventria, Koventri: spellings of its own name
    assert "Also known as: Stalingrad" in text(mini_site, "city/volgograd.html")
    assert '<iframe class="mapframe" src="../embed/coventry.html"' in page


def test_the_search_keys_are_folded_in_python(mini_site):
    data = text(mini_site, "data/search.js")
    assert '["city/volgograd.html","Volgograd","Russia","volgograd","stalingrad"' in data


def test_the_world_map_plays_and_city_maps_select_their_city(mini_site):
    world = text(mini_site, "embed/index.html")
    assert '"timeline": {' in world or '"timeline":{' in world
    city = text(mini_site, "embed/coventry.html")
    assert '"timeline":null' in city.replace(" ", "")


def test_the_same_data_gives_the_same_files(mini_site):
    ds = dataset.load(MINI)
    again = build.build(ds.partnerships, ds.cities, tour_file=None)
    assert {p: c for p, c in again.files.items() if isinstance(c, bytes)} == {
        p: c for p, c in mini_site.files.items() if isinstance(c, bytes)}


def test_filters_choose_the_cities_published():
    ds = dataset.load(MINI)
    site = build.build(ds.partnerships, ds.cities, Filters(countries=("JP",)), tour_file=None)
    assert "city/kyoto.html" in site.files and "city/coventry.html" not in site.files


def test_a_public_address_gives_a_sitemap_and_addresses_to_share():
    ds = dataset.load(MINI)
    site = build.build(ds.partnerships, ds.cities, base="https://maps.example.org",
                       tour_file=None)
    sitemap = text(site, "sitemap.xml")
    assert "<loc>https://maps.example.org/city/coventry.html</loc>" in sitemap
    assert sitemap.count("<loc>") == 17 + 5
    assert "Sitemap: https://maps.example.org/sitemap.xml" in text(site, "robots.txt")
    page = text(site, "city/coventry.html")
    assert "<code>https://maps.example.org/city/coventry.html</code>" in page
    assert "src=&quot;https://maps.example.org/embed/coventry.html&quot;" in page


def test_the_tour_gets_a_map_per_step(tmp_path):
    tour = tmp_path / "t.toml"
    tour.write_text(TOUR, encoding="utf-8")
    ds = dataset.load(MINI)
    site = build.build(ds.partnerships, ds.cities, tour_file=tour)
    page = text(site, "tour.html")
    assert "Mini tour" in page and "2. Everything" in page
    assert 'src="embed/tour-2.html"' in page and "data/tour-2.js" in site.files
    assert '../data/tour-1.js' in text(site, "embed/tour-1.html")


def test_a_tour_that_does_not_fit_says_so(tmp_path):
    tour = tmp_path / "t.toml"
    tour.write_text(TOUR.replace("Coventry", "Atlantis"), encoding="utf-8")
    ds = dataset.load(MINI)
    page = text(build.build(ds.partnerships, ds.cities, tour_file=tour), "tour.html")
    assert "does not fit this dataset (1 problems)" in page or "problems)" in page


def test_a_hostile_name_is_text_everywhere(hostile_data):
    ds = dataset.load(hostile_data)
    site = build.build(ds.partnerships, ds.cities, tour_file=None)
    page_path = next(p for p in site.files if p.startswith("city/img-src-x"))
    page = text(site, page_path)
    assert "<h1>&lt;img src=x onerror=alert(1)&gt; https://evil.example</h1>" in page
    for path, content in site.files.items():
        if path.endswith((".html", ".js")) and isinstance(content, bytes):
            body = content.decode()
            assert "<img src=x" not in body and "<script>window.__pwned" not in body, path
            assert 'href="https://evil' not in body, path
    assert HOSTILE_ID in text(site, "data/links.js")
    assert HOSTILE_NAME not in text(site, "data/search.js")  # "<" is a JSON escape there


def test_changing_one_city_rewrites_only_its_page_the_shared_data_and_the_index(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    out = tmp_path / "site"
    ds = dataset.load(data)
    write_site(build.build(ds.partnerships, ds.cities, tour_file=None).files, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    rows = list(csv.DictReader((data / "cities.csv").open(encoding="utf-8")))
    for row in rows:
        if row["name"] == "Kiel":
            row["alt_names"] += "|Kiilo"
    with (data / "cities.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    ds = dataset.load(data)
    done = write_site(build.build(ds.partnerships, ds.cities, tour_file=None).files, out)
    assert sorted(done.written) == ["city/kiel.html", "data/search.js"]
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    changed = {str(p.relative_to(out)) for p in before if before[p] != after[p]}
    assert changed == {"city/kiel.html", "data/search.js", "manifest.json"}


# -- the built folder, served over loopback and crawled ---------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.found.append(value)


@pytest.fixture()
def served(tmp_path, hostile_data):
    out = tmp_path / "site"
    ds = dataset.load(hostile_data)
    write_site(build.build(ds.partnerships, ds.cities, tour_file=None).files, out)
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()
    server.server_close()


def test_the_served_site_has_no_broken_link_and_no_outside_address(served):
    root, out = served
    todo, seen, fetched = [urljoin(root, "index.html")], set(), 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url, timeout=10) as response:  # raises on a 404
            assert response.status == 200, url
            body = response.read()
        fetched += 1
        if not url.endswith(".html"):
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{url} links outside: {link}"
            target = urljoin(url, link).split("#")[0]
            if target:
                todo.append(target)
    pages = {p for p in seen if p.endswith(".html")}
    on_disk = {p for p in out.rglob("*.html")}
    assert len(pages) == len(on_disk)  # every page is reachable from the front page
    assert fetched > len(pages)  # and the scripts, styles and downloads they name
