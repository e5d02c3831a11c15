"""The Share & export panel on the city and map pages, and the embedded view (AppTest).

Downloads are generated on click (a callable given to st.download_button); the test
catches those callables as Streamlit registers them and runs them, as a click would, to
look inside the files.
"""

from __future__ import annotations

import csv
import io

import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from sistermap.app import offload, sharepanel
from tests.app import htmltext
from tests.conftest import MINI, ROOT

APP = str(ROOT / "app.py")
HOSTILE = ROOT / "tests" / "fixtures" / "hostile_kit"


@pytest.fixture()
def downloads(monkeypatch):
    """file name -> the callable that makes the file, for every deferred download."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return made


def run(page: str, data=MINI, monkeypatch=None, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[sharepanel.OPEN] = True  # the panel opened, as a click does
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(autouse=True)
def mini_data(monkeypatch):
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))


def test_city_page_has_the_panel_with_working_downloads(downloads):
    at = run("pages/city.py", city="Coventry")
    assert "Share & export" in [e.label for e in at.expander]
    assert [t.label for t in at.tabs][:6] == ["Link & QR", "Embed", "Image", "Sheet",
                                              "Map file", "Spreadsheet"]
    codes = [c.value for c in at.code]
    assert "http://localhost:8501/city?city=coventry" in codes
    snippet = next(c for c in codes if c.startswith("<iframe"))
    # the static site's page of the city (python -m sistermap publish), sized by the snippet
    assert 'src="http://localhost:8501/embed/coventry.html"' in snippet
    assert 'height="570"' in snippet
    assert any("only work on this machine" in i.value for i in at.info)

    xlsx = downloads["coventry-partners.xlsx"]()
    from openpyxl import load_workbook
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("city", "partner", "partner country", "partner continent", "since")
    assert {r[1] for r in rows[1:]} == {"Volgograd", "Kiel", "Dresden"}

    data = downloads["coventry-partners.csv"]()
    assert data.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))) == 3

    slide = Image.open(io.BytesIO(downloads["coventry-map-slide.png"]()))
    assert slide.size == (1920, 1080)
    assert downloads["coventry-map-a4.pdf"]().startswith(b"%PDF")
    sheet = PdfReader(io.BytesIO(downloads["coventry-sheet.pdf"]()))
    assert len(sheet.pages) == 1 and "Volgograd" in sheet.pages[0].extract_text()
    html = downloads["coventry-map.html"]().decode()
    assert html.lstrip().lower().startswith("<!doctype html>") and "Volgograd" in html


def test_map_page_shares_the_filters(downloads):
    at = run("pages/map.py", eras="postwar")
    assert "Share & export" in [e.label for e in at.expander]
    assert "Sheet" not in [t.label for t in at.tabs]
    assert "http://localhost:8501/map?eras=postwar" in [c.value for c in at.code]
    png = Image.open(io.BytesIO(downloads["sistermap-map-square.png"]()))
    assert png.size == (1080, 1080)
    rows = list(csv.DictReader(io.StringIO(
        downloads["sistermap-partners.csv"]().decode("utf-8-sig"))))
    assert len(rows) == 2 and {r["era"] for r in rows} == {"postwar"}


def test_embedded_view_is_the_map_alone():
    at = run("pages/embed.py", city="Coventry", color="focus", height="360", embed="true")
    assert not at.sidebar.multiselect and not at.sidebar.text_input  # no filters drawn
    assert "Coventry · 3 partner cities" in htmltext.texts(at)
    # no share panel inside the frame: only the map's links as a table (closed)
    assert [e.label for e in at.expander] == ["The links on this map, as a table"]


def test_embedded_world_view_with_filters():
    at = run("pages/embed.py", eras="early,postwar")
    assert any("3 partnerships" in m.value for m in at.markdown)


def test_hostile_names_stay_text_in_the_panel_and_embed(monkeypatch, downloads):
    monkeypatch.setenv("SISTERMAP_DATA", str(HOSTILE))
    at = run("pages/city.py", city="gn:1000001")
    assert "Share & export" in [e.label for e in at.expander]
    snippet = next(c.value for c in at.code if c.value.startswith("<iframe"))
    assert "<img" not in snippet and "&lt;img src=x onerror=alert(1)&gt;" in snippet
    name = "img-src-x-onerror-alert-1-partners.xlsx"
    assert downloads[name]().startswith(b"PK")
    at = run("pages/embed.py", city="gn:1000001")
    line = next(t for t in htmltext.texts(at) if "partner cit" in t)  # no tag inside
    assert line.startswith("<img src=x onerror=alert(1)> · ")  # the name, as text
    assert any("<strong>&lt;img src=x onerror=alert(1)&gt;</strong>" in h.proto.body
               for h in at.get("html"))


OUTSIDE = ('src="http', "src='http", 'href="http', "href='http", "@import url(http")


def outside_requests(html: str) -> list[str]:
    """Tags that would load something from another site when the file is opened."""
    import re

    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, flags=re.I)
    return [t for t in tags if any(o in t for o in OUTSIDE)]


def test_city_html_escapes_hostile_names(monkeypatch, downloads):
    monkeypatch.setenv("SISTERMAP_DATA", str(HOSTILE))
    run("pages/city.py", city="Coventry")
    html = downloads["coventry-map.html"]().decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "</script> & Co" not in html
    assert "Saint-" in html


def test_city_html_makes_no_outside_requests(downloads):
    run("pages/city.py", city="Coventry")
    html = downloads["coventry-map.html"]().decode()
    assert outside_requests(html) == []


def test_opening_a_city_page_renders_nothing_until_a_click(monkeypatch, downloads):
    from sistermap.kit import sheets, stillmaps

    calls = []
    monkeypatch.setattr(stillmaps, "render", lambda *a, **k: calls.append("render") or b"")
    monkeypatch.setattr(sheets, "city_sheet", lambda *a, **k: calls.append("sheet") or b"")
    run("pages/city.py", city="Coventry")
    assert calls == []
    assert "coventry-sheet.pdf" in downloads and "coventry-map-slide.png" in downloads


def test_a_public_address_reaches_the_link_the_snippet_and_the_sheet(monkeypatch, downloads):
    monkeypatch.setenv("SISTERMAP_PUBLIC_URL", "https://maps.example.org/twin/")
    from sistermap.kit import share
    encoded: list[str] = []
    original = share.qr_png
    monkeypatch.setattr(share, "qr_png", lambda text, *a, **k: (encoded.append(text),
                                                                 original(text, *a, **k))[1])
    at = run("pages/city.py", city="Coventry")
    assert encoded == ["https://maps.example.org/twin/city?city=coventry"]  # the QR code
    codes = [c.value for c in at.code]
    assert "https://maps.example.org/twin/city?city=coventry" in codes
    snippet = next(c for c in codes if c.startswith("<iframe"))
    assert 'src="https://maps.example.org/twin/embed/coventry.html"' in snippet
    assert not any("only work on this machine" in i.value for i in at.info)
    from pypdf import PdfReader
    sheet = PdfReader(io.BytesIO(downloads["coventry-sheet.pdf"]()))
    words = " ".join(sheet.pages[0].extract_text().split())
    assert "maps.example.org/twin/city?city=coventry" in words.replace(" ", "")


def test_map_page_makes_the_growth_animation_with_the_filters():
    at = run("pages/map.py", eras="early,postwar")
    assert "Animation" in [t.label for t in at.tabs]
    assert not [b for b in at.get("download_button") if "MP4" in b.proto.label]
    at.button(key="sm_anim_mp4_make").click().run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    made = [b for b in at.get("download_button") if b.proto.label.startswith("Download MP4")]
    assert made  # made once, then offered for download
    (ident, data) = at.session_state["sm_anim_mp4"]
    assert data[4:8] == b"ftyp" and "early" in ident[1] and "postwar" in ident[1]


def test_city_page_has_no_animation_tab():
    at = run("pages/city.py", city="Coventry")
    assert "Animation" not in [t.label for t in at.tabs]


def test_coventry_says_one_number_on_every_surface(monkeypatch, downloads):
    """#17: the city page, its CSV, the spreadsheet, the sheet, the slide and the embed all
    show the partners of ``query.partners`` (the shipped data: reviewed links by default,
    ended and suspended ones hidden)."""
    from sistermap.kit import stillmaps
    from tests.conftest import SHIPPED

    monkeypatch.setenv("SISTERMAP_DATA", str(SHIPPED))
    page_files: dict[str, bytes] = {}
    original_add = MediaFileManager.add

    def spy_add(self, path_or_data, mimetype, coordinates, file_name=None, **kw):
        page_files[file_name] = path_or_data
        return original_add(self, path_or_data, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    titles: list[str] = []
    original_titles = stillmaps.city_titles

    def spy_titles(*args, **kw):
        titles.append(original_titles(*args, **kw)[1])
        return original_titles(*args, **kw)

    monkeypatch.setattr(stillmaps, "city_titles", spy_titles)
    monkeypatch.setenv(offload.ENV, "0")  # the image's titles are read in this process
    at = run("pages/city.py", city="coventry")
    n = int(at.metric[0].value)
    assert n == 16 and int(at.metric[1].value) == 5  # hidden: Wikidata-only, ended
    assert len(at.dataframe[0].value) == n
    page_csv = page_files["coventry-partners.csv"]
    page_csv = page_csv.decode() if isinstance(page_csv, bytes) else page_csv
    assert len(list(csv.DictReader(io.StringIO(page_csv)))) == n
    from openpyxl import load_workbook
    xlsx = load_workbook(io.BytesIO(downloads["coventry-partners.xlsx"]())).active
    assert xlsx.max_row - 1 == n
    excel_csv = downloads["coventry-partners.csv"]().decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(excel_csv)))) == n
    sheet = PdfReader(io.BytesIO(downloads["coventry-sheet.pdf"]()))
    assert f"Coventry has {n} partner cities" in " ".join(
        p.extract_text().replace("\n", " ") for p in sheet.pages)
    downloads["coventry-map-slide.png"]()
    assert titles and all(f"{n} partner cities" in t for t in titles)
    embed = run("pages/embed.py", city="coventry", embed="true")
    assert any(f"{n} partner cities" in t for t in htmltext.texts(embed))
    # The map page's panel, for the same city and filters.
    world = run("pages/map.py", city="coventry")
    assert any(m.value.startswith(f"{n} partners (5 more hidden") for m in world.markdown)


def test_a_closed_panel_makes_nothing():
    """Closed, the panel costs a rerun nothing: no link, QR code, tab or download is made."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["city"] = "Coventry"
    at.switch_page("pages/city.py")
    at.run()
    assert not at.exception
    assert "Share & export" in [e.label for e in at.expander]
    assert not [c for c in at.code if "city=coventry" in c.value]
    assert "Link & QR" not in [t.label for t in at.tabs]
