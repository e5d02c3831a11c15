"""Permalinks, QR codes and embed snippets: readable, escaped, and pointing at the right view."""

from __future__ import annotations

import io
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from sistermap.kit import share
from sistermap.query.filters import APP_DEFAULT


def test_base_url_drops_the_page_and_query():
    assert share.base_url("https://maps.example.org/sm/city?city=gn:1") == \
        "https://maps.example.org/sm"
    assert share.base_url("http://localhost:8501/") == "http://localhost:8501"
    assert share.base_url("http://localhost:8501/map?eras=postwar") == "http://localhost:8501"
    for bad in (None, "", "javascript:alert(1)", "file:///etc/passwd"):
        assert share.base_url(bad) == share.DEFAULT_BASE


def test_city_permalink_is_short_with_default_filters():
    link = share.permalink("https://x.org", "gn:2652221", APP_DEFAULT)
    assert link == "https://x.org/city?city=gn:2652221"


def test_map_permalink_carries_the_filters():
    f = replace(APP_DEFAULT, eras=("postwar",), focus=("climate", "peace"))
    link = share.permalink("https://x.org/", f=f)
    parts = urlsplit(link)
    assert parts.path == "/map"
    assert parse_qs(parts.query) == {"eras": ["postwar"], "focus": ["climate,peace"]}


def test_city_permalink_never_repeats_the_city_from_the_filters():
    link = share.permalink("https://x.org", "gn:1",
                           replace(APP_DEFAULT, city="gn:1", statuses=("active",)))
    assert parse_qs(urlsplit(link).query) == {"city": ["gn:1"], "statuses": ["active"]}


def test_embed_url_uses_streamlit_embed_mode_and_options():
    url = share.embed_url("https://x.org", "gn:2652221", APP_DEFAULT, color_by="focus",
                          basemap="osm", height=99999)
    parts = urlsplit(url)
    q = parse_qs(parts.query)
    assert parts.path == "/embed"
    assert q == {"city": ["gn:2652221"], "color": ["focus"], "basemap": ["osm"],
                 "height": [str(share.EMBED_HEIGHT_RANGE[1])], "embed": ["true"]}
    bad = parse_qs(urlsplit(share.embed_url("https://x.org", color_by="<b>",
                                            basemap="evil")).query)
    assert bad["color"] == ["era"] and bad["basemap"] == ["plain"]


def test_embed_snippet_escapes_everything():
    url = share.embed_url("https://x.org", "gn:1")
    snippet = share.embed_snippet(url, 'Partners of "<img src=x onerror=alert(1)>"',
                                  width="640", height=400)
    assert snippet.startswith("<iframe ") and snippet.endswith("</iframe>")
    assert "<img" not in snippet and "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "&quot;" in snippet and "&amp;" in snippet  # the title's quotes, the URL's &
    assert 'width="640"' in snippet and 'height="490"' in snippet
    odd = share.embed_snippet(url, "t", width='100" onload="x', height="tall")
    assert 'onload' not in odd and 'width="100%"' in odd and 'height="570"' in odd


def test_qr_code_is_a_square_png_that_grows_with_the_text():
    short = Image.open(io.BytesIO(share.qr_png("https://x.org/city?city=gn:1")))
    long = Image.open(io.BytesIO(share.qr_png("https://x.org/city?city=gn:1&" + "a" * 300)))
    assert short.format == "PNG" and short.size[0] == short.size[1] >= 210
    assert long.size[0] > short.size[0]
    gray = short.convert("L")
    assert gray.getpixel((0, 0)) == 255  # quiet zone
    assert 0 in set(gray.getdata())  # and modules


def test_file_stem_is_readable_and_safe():
    assert share.file_stem("Coventry") == "coventry"
    assert share.file_stem("Saint-Étienne") == "saint-etienne"
    assert share.file_stem("Москва") == "moskva"
    assert share.file_stem("<img src=x onerror=alert(1)>") == "img-src-x-onerror-alert-1"
    assert share.file_stem("../../etc/passwd") == "etc-passwd"
    assert share.file_stem("", fallback="gn:2652221") == "gn-2652221"
    assert share.file_stem("!!!", fallback="") == "city"


def test_read_embed_takes_ids_names_and_options(mini_dataset):
    cities = mini_dataset.cities
    req = share.read_embed({"city": ["Coventry"], "color": ["focus"], "basemap": ["osm"],
                            "height": ["300"], "embed": ["true"], "eras": ["postwar"]},
                           cities)
    assert (req.city_id, req.color_by, req.basemap, req.height) == (
        "gn:2652221", "focus", "osm", 300)
    assert req.f.eras == ("postwar",) and req.f.statuses == APP_DEFAULT.statuses
    assert req.notices == ()


def test_read_embed_ignores_hostile_values(mini_dataset):
    req = share.read_embed({"city": ["<img src=x onerror=alert(1)>"], "color": ["red"],
                            "basemap": ["http://evil"], "height": ["1e9"],
                            "eras": ["<script>"]}, mini_dataset.cities)
    assert (req.city_id, req.color_by, req.basemap) == ("", "era", "plain")
    assert req.height == share.EMBED_HEIGHT_RANGE[1]
    assert len(req.notices) == 2 and req.f.eras == ()


def test_frame_zoom_fits_the_box():
    center, zoom = share.frame_zoom(((40.0, -90.0), (60.0, 50.0)), 800, 480)
    assert center[1] == -20.0 and 40 < center[0] < 60
    assert zoom == 3.0  # 140° of longitude: 796 px at zoom 3
    _, close = share.frame_zoom(((51.0, -2.0), (53.0, 0.0)), 800, 480)
    assert close >= 7
    assert share.frame_zoom(None) == ((30.0, 10.0), 1.0)


def test_the_embed_frames_a_city_and_its_partners(mini_dataset):
    bounds = share.city_bounds(mini_dataset.partnerships, "gn:2652221")  # Coventry
    (south, west), (north, east) = bounds
    assert south < 48.7 and north > 54.3 and west < -1.5 and east > 44.5  # Volgograd, Kiel
    # Kyoto's partners span the Pacific and Europe: no box, the embed centres on Kyoto.
    assert share.city_bounds(mini_dataset.partnerships, "gn:1857910") is None
    center, zoom = share.frame_zoom(bounds, 700, 400)
    assert south < center[0] < north and west < center[1] < east and 1 <= zoom <= 10


@pytest.mark.parametrize("height", ["inf", "-inf", "nan", "1e999", "１２", "9" * 5000, None])
def test_an_odd_embed_height_is_the_default_or_a_bound(height):
    value = share.clamp_height(height)
    assert value == 480 or value in share.EMBED_HEIGHT_RANGE


# -- the public address (SISTERMAP_PUBLIC_URL): read once, used by every printed link -------


@pytest.mark.parametrize("raw, expected", [
    ("https://maps.example.org/", "https://maps.example.org"),
    ("  http://twin.example.org/sister/map/ ", "http://twin.example.org/sister/map"),
    ("", ""), ("maps.example.org", ""), ("javascript:alert(1)", ""),
    ("https://maps.example.org/?x=1", ""), ("ftp://maps.example.org", ""),
])
def test_the_public_address_is_an_http_root_or_nothing(raw, expected):
    assert share.public_url({share.PUBLIC_URL_ENV: raw}) == expected


def test_links_start_with_the_public_address_when_it_is_set():
    env = {share.PUBLIC_URL_ENV: "https://maps.example.org"}
    assert share.link_base("http://localhost:8501/city?city=x", env) == "https://maps.example.org"
    assert share.link_base("http://localhost:8501/city?city=x", {}) == "http://localhost:8501"
    assert share.local_only_note(env) == ""
    assert "only work on this machine" in share.local_only_note({})


def test_the_slide_credit_names_the_public_address_only():
    assert share.credit_with_address("Data: X", "https://maps.example.org/twin") == (
        "Data: X · maps.example.org/twin")
    assert share.credit_with_address("Data: X", "http://localhost:8501") == "Data: X"
    assert share.credit_with_address("Data: X", "") == "Data: X"


def test_static_pages_are_named_by_the_city_file_stem(mini_dataset):
    cities = mini_dataset.cities
    assert share.site_page(cities, "gn:2652221") == "city/coventry.html"
    assert share.site_page(cities, "", "embed") == "embed/index.html"
    assert share.static_embed_url("https://m.example.org/", cities, "gn:2652221") == (
        "https://m.example.org/embed/coventry.html")
def test_links_keep_a_language_other_than_english():
    """A German council's link and embed open in German; English needs no parameter."""
    base = "https://maps.example.org"
    assert share.permalink(base, "gn:2652221", lang="de") == \
        "https://maps.example.org/city?city=gn:2652221&lang=de"
    assert "lang" not in share.permalink(base, "gn:2652221", lang="en")
    assert "&lang=ja&" in share.embed_url(base, "gn:2652221", lang="ja")
    req = share.read_embed({"lang": "de", "color": "focus"}, None)
    assert req.notices == () and req.color_by == "focus"  # the language is not a filter
