"""The app on a dataset with a Wikidata layer (AppTest; a few, on the mini data)."""

from __future__ import annotations

from tests.app import htmltext
from tests.app.test_app import sidebar_count


def run_app(monkeypatch, root, page=None, **params):
    from tests.app.test_app import run

    monkeypatch.setenv("SISTERMAP_DATA", str(root))
    return run(page, **params)

def test_app_shows_reviewed_first_and_all_known_on_request(monkeypatch, layered):
    at = run_app(monkeypatch, layered)
    radio = at.radio(key="sm_w_sources")
    assert radio.value == "reviewed"
    assert list(radio.options) == [
        "Reviewed only (12 in all)", "All known (13 in all)", "Listed by Wikidata (3 in all)"]
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"
    # #17: the headline says what it leaves out of the source's own count.
    assert ("1 of the 12 reviewed links hidden by the other filters (ended and suspended "
            "links are, by default).") in [c.value for c in at.sidebar.caption]
    radio.set_value("all").run()
    assert sidebar_count(at) == "**12 partnerships between 18 cities**"
    assert at.query_params["sources"] == "all"

def test_city_page_lists_every_source_with_its_mark(monkeypatch, layered):
    # #17: the page follows the source choice like the map; by default it says what it hides.
    at = run_app(monkeypatch, layered, "pages/city.py", city="Kumasi")
    assert [m.value for m in at.metric[:2]] == ["0", "1"]  # partners, hidden by the filters
    assert at.dataframe[0].value.empty
    at = run_app(monkeypatch, layered, "pages/city.py", city="Kumasi", sources="all")
    assert htmltext.headings(at, 1) == ["Kumasi"]
    text = " ".join(m.value for m in at.markdown)
    assert "**1 partner**: 1 listed by Wikidata only" in text
    table = at.dataframe[0].value
    assert table["Listed by"].tolist() == ["Wikidata"]
    assert table[["Focus", "Kind"]].iloc[0].tolist() == ["Not classified", "Not classified"]
    at = run_app(monkeypatch, layered, "pages/city.py", city="gn:2652221",  # Coventry
                 sources="all")
    table = at.dataframe[0].value.set_index("Partner")
    assert table.loc["Volgograd", "Listed by"] == "reviewed + Wikidata"
    assert table.loc["Kiel", "Listed by"] == "reviewed"
    assert table.loc["Volgograd", "How many sources"] == 2

def test_insights_say_which_sources_they_count(monkeypatch, layered):
    at = run_app(monkeypatch, layered, "pages/insights.py", sources="all", statuses="all")
    caption = " ".join(c.value for c in at.caption)
    assert "These charts count 13 partnerships by source: " in caption
    assert "1 Wikidata only" in caption and "2 reviewed + Wikidata" in caption
