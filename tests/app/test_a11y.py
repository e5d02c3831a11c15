"""app/a11y.py: the style every page gets, and the map's links as a table (AppTest)."""

from __future__ import annotations

from tests.app import htmltables
from tests.app.test_app import mini_data, run, through_app_navigation  # noqa: F401 fixtures


def _tables(at) -> list:
    return htmltables.tables(at)


def test_every_page_gets_the_readable_captions_and_the_focus_ring():
    at = run("pages/about.py")
    assert any("sm-a11y" in h.proto.body for h in at.get("html"))


def test_the_city_page_lists_its_links_as_a_table_the_city_first():
    at = run("pages/city.py", city="coventry")
    assert [e.label for e in at.expander if e.label == "The links on this map, as a table"]
    table = _tables(at)[0]
    assert set(table["City"]) == {"Coventry"}  # named first in each of its links
    assert {"Volgograd", "Dresden", "Kiel"} <= set(table["Partner"])
    assert "Era established" in table.columns and "Status" in table.columns


def test_the_map_page_lists_the_links_the_filters_keep():
    at = run("pages/map.py")
    table = _tables(at)[0]
    assert len(table) == 11  # the mini data's links shown by default (active ones)
    assert "Ended" not in set(table["Status"])  # hidden by default, as on the map
