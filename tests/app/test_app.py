"""Every page runs headless (streamlit AppTest) on the small fixture dataset."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app import htmltext
from tests.conftest import MINI, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def mini_data(monkeypatch):
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))


@pytest.fixture(autouse=True)
def through_app_navigation(monkeypatch):
    """Run every page inside app.py, as a server does once its first page ran st.navigation.

    AppTest forgets that after each run and would run a page script on its own (Streamlit's
    old pages/ folder mode), outside app.py's error guard.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def run(page: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert_drawn(at)
    return at


def assert_drawn(at: AppTest) -> None:
    """No traceback, and no page that failed behind app.py's guard either."""
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Something went wrong" in e.value for e in at.error), "a page failed"


def shown(markdown: str) -> str:
    """The text a reader sees of escaped Markdown (backslash escapes and the invisible word
    joiners that keep addresses from becoming links removed)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def sidebar_count(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if "partnerships between" in m.value)


def test_world_map_shows_active_partnerships_by_default():
    at = run()
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"
    assert at.title[0].value == "Sister cities of the world"


def test_filters_change_the_count_and_the_url():
    at = run()
    at.multiselect(key="sm_w_eras").set_value(["postwar"]).run()
    assert sidebar_count(at) == "**2 partnerships between 4 cities**"  # Kiel, Nagasaki
    assert at.query_params["eras"] == "postwar"
    at.multiselect(key="sm_w_statuses").set_value([]).run()
    at.multiselect(key="sm_w_eras").set_value([]).run()
    assert sidebar_count(at) == "**12 partnerships between 17 cities**"


def test_a_shared_link_restores_the_filters():
    at = run(eras="cold_war", focus="economy", statuses="all")
    assert at.multiselect(key="sm_w_eras").value == ["cold_war"]
    assert sidebar_count(at) == "**2 partnerships between 4 cities**"  # SF–Osaka, Tokyo–Beijing


def test_search_by_historic_name():
    at = run()
    at.text_input(key="sm_w_search").set_value("Stalingrad").run()
    assert sidebar_count(at) == "**1 partnerships between 2 cities**"


def test_bad_query_string_is_ignored_with_a_notice():
    at = run(eras="<script>alert(1)</script>", year_min="abc", continents="Atlantis")
    warnings = " ".join(shown(w.value) for w in at.warning)
    assert "Ignored unknown eras" in warnings and "year_min" in warnings
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"


def test_deep_link_opens_the_city_page():
    at = run("pages/city.py", city="Stalingrad")
    assert htmltext.headings(at, 1)[0] == "Volgograd"
    assert at.metric[0].value == "1"  # partners (all)


def test_city_page_by_id_shows_partners_and_second_degree():
    at = run("pages/city.py", city="gn:2988507")  # Paris
    assert htmltext.headings(at, 1)[0] == "Paris"
    partners = at.dataframe[0].value
    assert set(partners["Partner"]) == {"Rome", "Kyoto"}
    second = at.dataframe[1].value
    # second degree uses every known link, whatever the filters: Kyoto's partners
    assert set(second["City"]) == {"Boston", "Kraków"}
    assert list(second.columns) == ["City", "Country", "Shared partners", "Through"]


def test_unknown_city_gets_suggestions_not_an_error():
    at = run("pages/city.py", city="Coventri")
    assert at.title[0].value == "Find a city"
    assert any("Coventri" in shown(i.value) for i in at.info)


def test_insights_page_follows_the_filters():
    at = run("pages/insights.py")
    assert at.metric[0].value == "11"
    at.multiselect(key="sm_w_continents").set_value(["North America"]).run()
    assert at.metric[0].value == "3"


def test_insights_shows_a_focus_areas_share_era_by_era():
    at = run("pages/insights.py")
    assert "What the links were for, era by era" in [h.value for h in at.subheader]
    assert at.selectbox(key="sm_focus_era").value == "climate"
    at.selectbox(key="sm_focus_era").set_value("economy").run()
    assert not at.exception


def test_about_page_offers_downloads():
    at = run("pages/about.py")
    assert at.title[0].value == "About SisterMap"
    assert len(at.get("download_button")) == 2


IMPORT_FIXTURES = ROOT / "tests" / "fixtures" / "import"


def upload(at: AppTest, name: str) -> AppTest:
    content = (IMPORT_FIXTURES / name).read_bytes()
    at.file_uploader[0].upload(name, content, "text/csv")
    at.button[0].click()  # the form's submit button
    at.run()
    assert_drawn(at)
    return at


def test_uploaded_list_is_reported_and_replaces_the_map_data():
    at = run("pages/import_list.py")
    upload(at, "origin_destination.tsv")
    report = at.code[0].value
    assert "partnerships imported:" in report and "places:" in report
    assert "Your list" in " ".join(htmltext.captions(at.sidebar))
    count = sidebar_count(at)
    assert count != "**11 partnerships between 17 cities**"  # no longer the curated data
    at.radio(key="sm_upload_view").set_value("curated").run()
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"


def test_hostile_upload_is_reported_not_executed():
    at = run("pages/import_list.py")
    upload(at, "hostile.csv")
    assert "rows rejected" in at.code[0].value
    assert_drawn(at)


def test_a_council_list_without_home_city_explains_what_to_do():
    at = run("pages/import_list.py")
    upload(at, "bonn_partner_list_latin1.csv")
    assert at.error[0].value == "Nothing could be imported from this list."
    assert any("Home city" in t for t in htmltext.texts(at))
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"  # map unchanged
    at.text_input(key="sm_home_city").set_value("Bonn")
    at.text_input(key="sm_home_country").set_value("Germany")
    upload(at, "bonn_partner_list_latin1.csv")
    assert "partnerships imported: 8" in at.code[0].value
    assert sidebar_count(at) == "**8 partnerships between 9 cities**"


def test_insights_with_only_undated_links_says_so():
    at = run("pages/insights.py", eras="unknown", statuses="all")
    assert at.metric[0].value == "1"
    assert any("no known year" in i.value.lower() or "has a known year" in i.value
               for i in at.info)


PAGES = ["pages/map.py", "pages/city.py", "pages/insights.py", "pages/import_list.py",
         "pages/about.py"]
FILTER_KEYS = ("eras", "focus", "continents", "countries", "subregions", "statuses", "kinds",
               "year_min", "year_max", "search")


def set_every_filter(at: AppTest) -> AppTest:
    """Every sidebar widget away from its default, in one run."""
    at.text_input(key="sm_w_search").set_value("Coventry")
    at.multiselect(key="sm_w_eras").set_value(["postwar", "cold_war"])
    at.multiselect(key="sm_w_focus").set_value(["peace"])
    at.multiselect(key="sm_w_continents").set_value(["Europe"])
    at.multiselect(key="sm_w_countries").set_value(["GB"])
    at.multiselect(key="sm_w_statuses").set_value(["active", "ended"])
    at.multiselect(key="sm_w_kinds").set_value(["twin_town"])
    at.multiselect(key="sm_w_subregions").set_value(["Northern Europe"])
    at.slider(key="sm_w_years").set_value((1950, 1990))
    at.run()
    assert_drawn(at)
    return at


@pytest.mark.parametrize("page", PAGES)
def test_reset_filters_works_from_any_state_on_every_page(page):
    at = run(page, city="Coventry") if page == "pages/city.py" else run(page)
    default_count = sidebar_count(at)
    set_every_filter(at)
    assert sidebar_count(at) != default_count
    assert "countries" in at.query_params and "year_min" in at.query_params
    at.button(key="sm_reset").click().run()
    assert_drawn(at)
    assert sidebar_count(at) == default_count
    assert at.multiselect(key="sm_w_countries").value == []
    assert at.multiselect(key="sm_w_statuses").value == ["active", "unknown"]
    assert at.text_input(key="sm_w_search").value == ""
    assert not any(k in at.query_params for k in FILTER_KEYS)
    # ... and the session stays usable: a filter set after the reset still works.
    at.multiselect(key="sm_w_eras").set_value(["postwar"]).run()
    assert_drawn(at)
    assert at.query_params["eras"] == "postwar"


def page_links(at: AppTest, where=None) -> list[str]:
    return [shown(p.proto.label) for p in (where or at).get("page_link")]


def test_the_search_selects_one_city_that_the_map_and_city_page_agree_on():
    at = run()
    at.text_input(key="sm_w_search").set_value("Stalingrad").run()
    assert htmltext.headings(at, 3)[0] == "Volgograd"  # the map page's selected city
    assert at.query_params["city"] == "volgograd"
    at.switch_page("pages/city.py").run()
    assert_drawn(at)
    assert htmltext.headings(at, 1)[0] == "Volgograd"
    at.text_input(key="sm_w_search").set_value("Peking").run()
    assert htmltext.headings(at, 1)[0] == "Beijing"  # the city page follows the search box
    at.switch_page("pages/map.py").run()
    assert htmltext.headings(at, 3)[0] == "Beijing"


def test_readable_permalinks():
    at = run("pages/city.py", city="coventry")
    assert htmltext.headings(at, 1)[0] == "Coventry"
    assert at.query_params["city"] == "coventry"
    at = run("pages/city.py", city="gn:3094802")  # an id still works, and becomes readable
    assert htmltext.headings(at, 1)[0] == "Kraków" and at.query_params["city"] == "krakow"
    assert "Open the Kraków page" not in page_links(at)  # (that link is on the map page)
    at = run(city="saint-paul")
    assert htmltext.headings(at, 3)[0] == "Saint Paul"
    assert "Open the Saint Paul page" in page_links(at)


def test_a_city_not_in_the_dataset_says_so_and_points_to_importing():
    at = run()
    at.text_input(key="sm_w_search").set_value("Atlantis").run()
    assert any("Atlantis is not in this dataset" in shown(i.value) for i in at.sidebar.info)
    assert "Bring your own list to add it" in page_links(at, at.sidebar)
    assert not any("widening" in shown(i.value) for i in at.info)
    at = run("pages/city.py", city="Atlantis")
    assert any("Atlantis is not in this dataset" in shown(i.value) for i in at.info)
    assert "Bring your own list to add it" in page_links(at)


def test_homonyms_offer_a_choice_and_the_choice_is_the_selected_city(monkeypatch):
    from tests.conftest import SHIPPED

    monkeypatch.setenv("SISTERMAP_DATA", str(SHIPPED))
    at = run()
    at.text_input(key="sm_w_search").set_value("Cambridge").run()
    which = at.sidebar.selectbox(key="sm_pick")
    labels = which.options[1:]  # as shown: "Cambridge, United Kingdom (England)"
    assert len(labels) == 2 and any("United Kingdom" in x for x in labels)
    which.select_index(next(i for i, o in enumerate(which.options) if "United States" in o))
    at.run()
    assert_drawn(at)
    assert htmltext.headings(at, 3)[0] == "Cambridge"
    assert any("United States" in c for c in htmltext.captions(at))
    assert at.query_params["city"] == "cambridge-us"
    at.switch_page("pages/city.py").run()
    assert htmltext.headings(at, 1)[0] == "Cambridge"
    assert "Massachusetts" in htmltext.captions(at)[0]
    at = run("pages/city.py", city="cambridge-gb")
    assert "England" in htmltext.captions(at)[0]


def test_colour_and_basemap_are_kept_in_the_url():
    at = run(color="focus", basemap="osm")
    assert at.radio(key="sm_color").value == "focus" and at.radio(key="sm_basemap").value == "osm"
    assert at.query_params["color"] == "focus"
    at.radio(key="sm_basemap").set_value("plain").run()
    assert "basemap" not in at.query_params and at.query_params["color"] == "focus"
    at = run(color="[x](http://evil.example)", basemap="²")
    assert at.radio(key="sm_color").value == "era"
    assert any("Ignored color" in shown(w.value) for w in at.warning)


def test_reach_continent_and_the_dark_map_are_offered_and_kept_in_the_url():
    first = run()
    assert list(first.radio(key="sm_color").options) == ["Era", "Focus area", "Reach",
                                                           "Continent", "Kind"]
    assert "Dark (offline)" in first.radio(key="sm_basemap").options
    at = run(color="reach", basemap="dark")
    assert at.radio(key="sm_color").value == "reach" and at.radio(key="sm_basemap").value == "dark"
    assert at.query_params["color"] == "reach" and at.query_params["basemap"] == "dark"


def broken_dataset(tmp_path, case: str):
    target = tmp_path / case
    if case == "missing":
        return target
    target.mkdir()
    if case == "header_only":  # valid, and empty: the pages must still draw
        for name in ("cities.csv", "partnerships.csv"):
            header = (MINI / name).read_text("utf-8").splitlines()[0]
            (target / name).write_text(header + "\n", "utf-8")
    if case == "not_utf8":
        for name in ("cities.csv", "partnerships.csv"):
            (target / name).write_bytes((MINI / name).read_bytes().replace(
                b"Krak\xc3\xb3w", b"Krak\xf3w"))
    return target


@pytest.mark.parametrize("case", ["missing", "empty", "not_utf8"])
def test_an_unreadable_dataset_directory_gets_a_message_not_a_traceback(tmp_path, monkeypatch,
                                                                       case):
    monkeypatch.setenv("SISTERMAP_DATA", str(broken_dataset(tmp_path, case)))
    for page in PAGES:
        at = run(page)  # run() asserts that no exception element is on the page
        assert any("cannot read the dataset" in shown(e.value) for e in at.error), page


def test_an_unexpected_error_shows_a_short_message_and_the_session_stays_usable(monkeypatch):
    at = run("pages/insights.py")
    from sistermap.query import stats

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(stats, "summary", broken)
    at.multiselect(key="sm_w_eras").set_value(["postwar"]).run()
    assert not at.exception
    assert any("Something went wrong" in shown(e.value) for e in at.error)
    assert not any("boom" in shown(e.value) for e in at.error)  # details stay in the log
    monkeypatch.undo()
    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    at.multiselect(key="sm_w_eras").set_value([]).run()
    assert not at.exception and not at.error and at.metric[0].value == "11"


def test_tables_cannot_be_exported_by_the_dataframe_toolbar():
    """st.dataframe's own CSV download would hand formulas from the data to a spreadsheet."""
    from streamlit import config

    run("pages/city.py", city="coventry")
    assert config.get_option("client.disableDataExport") is True
    assert "disableDataExport = true" in (ROOT / ".streamlit" / "config.toml").read_text()


def test_a_link_with_a_city_and_a_search_opens_the_linked_city():
    at = run("pages/city.py", city="kyoto", search="Coventry")
    assert htmltext.headings(at, 1)[0] == "Kyoto"
    at.text_input(key="sm_w_search").set_value("Prague").run()
    assert htmltext.headings(at, 1)[0] == "Prague"  # a new search then selects its city


def test_an_empty_dataset_draws_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("SISTERMAP_DATA", str(broken_dataset(tmp_path, "header_only")))
    for page in PAGES:
        at = run(page)
        assert not at.error, (page, [e.value for e in at.error])
    at = run(city="coventry")
    at.text_input(key="sm_w_search").set_value("Coventry").run()
    assert_drawn(at)
    assert any("is not in this dataset" in shown(i.value) for i in at.sidebar.info)


def test_switching_to_an_uploaded_list_forgets_cities_of_the_other_dataset():
    at = run("pages/city.py")
    at.text_input(key="sm_w_search").set_value("Kyotoo").run()  # "did you mean Kyoto?"
    assert any("Kyoto" in shown(p.proto.label) for p in at.get("page_link"))
    at.switch_page("pages/import_list.py").run()
    upload(at, "origin_destination.tsv")
    at.switch_page("pages/city.py").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not any("Kyoto" in shown(p.proto.label) for p in at.get("page_link"))


@pytest.mark.parametrize("page", PAGES)
def test_an_unreadable_year_in_a_link_gives_a_notice_on_every_page(page):
    at = run(page, year_min="²", year_max="9" * 5000)
    notices = " ".join(shown(w.value) for w in at.warning)
    assert "Ignored year_min='²'" in notices and "Ignored year_max=" in notices
    assert len(notices) < 400  # the 5,000 digits are cut short


def test_a_miss_after_a_city_clears_it():
    """#17: a town not in the data no longer leaves "Coventry · 0 partners" on screen."""
    at = run()
    at.text_input(key="sm_w_search").set_value("Coventry").run()
    assert htmltext.headings(at, 3)[0] == "Coventry" and at.query_params["city"] == "coventry"
    at.text_input(key="sm_w_search").set_value("Atlantis").run()
    assert_drawn(at)
    assert shown(at.subheader[0].value) == "Explore"
    assert "city" not in at.query_params
    assert not any("Coventry" in shown(m.value) for m in at.markdown)
    assert not htmltext.headings(at.main) and not htmltext.captions(at.main)  # no panel left


def test_did_you_mean_is_a_button_that_selects_the_city():
    at = run()
    at.text_input(key="sm_w_search").set_value("Coventy").run()
    suggestion = next(b for b in at.sidebar.button if b.label.startswith("Coventry"))
    suggestion.click().run()
    assert_drawn(at)
    assert htmltext.headings(at, 3)[0] == "Coventry"
    assert at.query_params["city"] == "coventry" and at.text_input(key="sm_w_search").value == ""


def test_frankfurt_offers_both_and_the_choice_replaces_the_address(monkeypatch):
    """#17: "Frankfurt" offers Frankfurt am Main and Frankfurt (Oder), even after another
    city was chosen; the choice's permalink replaces the address; the long form finds it."""
    from tests.conftest import SHIPPED

    monkeypatch.setenv("SISTERMAP_DATA", str(SHIPPED))
    at = run()
    at.text_input(key="sm_w_search").set_value("Coventry").run()
    at.text_input(key="sm_w_search").set_value("Frankfurt").run()
    which = at.sidebar.selectbox(key="sm_pick")
    assert sorted(which.options[1:]) == ["Frankfurt (Oder), Germany",
                                         "Frankfurt am Main, Germany (Hesse)"]
    assert shown(at.subheader[0].value) == "Explore" and "city" not in at.query_params
    both = sidebar_count(at)
    which.select_index(which.options.index("Frankfurt (Oder), Germany"))
    at.run()
    assert htmltext.headings(at, 3)[0] == "Frankfurt (Oder)"
    assert at.query_params["city"] == "frankfurt-oder"
    # The choice speaks, as a click does: the text no longer draws both cities' links.
    assert sidebar_count(at) != both and "search" not in at.query_params
    at.run()  # and it stays chosen
    assert htmltext.headings(at, 3)[0] == "Frankfurt (Oder)"
    at.text_input(key="sm_w_search").set_value("Frankfurt an der Oder").run()
    assert htmltext.headings(at, 3)[0] == "Frankfurt (Oder)"
    at = run("pages/city.py", city="Frankfurt")
    links = page_links(at)
    assert any(x.startswith("Frankfurt am Main") for x in links)
    assert any(x.startswith("Frankfurt (Oder)") for x in links)


def test_a_country_pair_in_the_address_narrows_the_map_and_can_be_cleared():
    """?pair=GB,DE (the network page's matrix, or a shared link): Coventry–Dresden and
    Coventry–Kiel are the mini data's two links between the United Kingdom and Germany."""
    at = run("pages/map.py", pair="GB,DE")
    assert "**2 partnerships between 3 cities**" in sidebar_count(at)
    assert any("United Kingdom and Germany" in shown(i.value) for i in at.sidebar.info)
    assert at.query_params["pair"] in ("GB,DE", ["GB,DE"])
    at.button(key="sm_pair_clear").click().run()
    assert "pair" not in at.query_params
    assert "**2 partnerships" not in sidebar_count(at)
    odd = run("pages/map.py", pair="GB,XX")  # not two countries of the data: no filter
    assert "**2 partnerships" not in sidebar_count(odd)


def test_the_map_panel_lists_the_partners_the_city_page_counts():
    """One answer (query.partners): the map's panel table and the city page's agree, row by row,
    and the panel's table is escaped HTML (no Markdown, no data grid to download)."""
    from tests.app import htmltables

    city_page = run("pages/city.py", city="coventry")
    on_page = sorted(city_page.dataframe[0].value["Partner"])
    at = run("pages/map.py", city="coventry")
    panel = [t for t in htmltables.tables(at) if list(t.columns[:2]) == ["Partner", "Country"]]
    assert len(panel) == 1 and sorted(panel[0]["Partner"]) == on_page
    assert f"{len(on_page)} partners" in " ".join(m.value for m in at.markdown)
    assert not at.dataframe  # the map page draws no st.dataframe grid
