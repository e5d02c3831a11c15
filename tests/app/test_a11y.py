"""app/a11y.py: the style every page gets, and the map's links as a table (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from sistermap.app import a11y
from tests.app import htmltables
from tests.app.test_app import APP, assert_drawn, mini_data, run, through_app_navigation  # noqa: F401


def _tables(at) -> list:
    return htmltables.tables(at)


def opened(page: str, **params) -> AppTest:
    """The page with the links table's expander opened, as a click does."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[a11y.LINKS_OPEN] = True
    at.switch_page(page)
    at.run()
    assert_drawn(at)
    return at


def test_every_page_gets_the_readable_captions_and_the_focus_ring():
    at = run("pages/about.py")
    assert any("sm-a11y" in h.proto.body for h in at.get("html"))


def test_the_city_page_lists_its_links_as_a_table_the_city_first():
    at = opened("pages/city.py", city="coventry")
    assert [e.label for e in at.expander if e.label == "The links on this map, as a table"]
    table = _tables(at)[0]
    assert set(table["City"]) == {"Coventry"}  # named first in each of its links
    assert {"Volgograd", "Dresden", "Kiel"} <= set(table["Partner"])
    assert "Era established" in table.columns and "Status" in table.columns


def test_the_map_page_lists_the_links_the_filters_keep():
    at = opened("pages/map.py")
    table = _tables(at)[0]
    assert len(table) == 11  # the mini data's links shown by default (active ones)
    assert "Ended" not in set(table["Status"])  # hidden by default, as on the map


def test_a_closed_links_table_costs_a_rerun_nothing():
    """Closed (the default), the expander holds no table: a filter change sends none."""
    at = run("pages/map.py")
    assert [e.label for e in at.expander if e.label == "The links on this map, as a table"]
    assert _tables(at) == []


def test_the_embed_lists_its_city_links_as_a_table_too():
    """A council's page carries the map's text alternative: the city's links, it first."""
    at = opened("pages/embed.py", city="coventry", embed="true")
    table = _tables(at)[0]
    assert set(table["City"]) == {"Coventry"}
    assert {"Volgograd", "Dresden", "Kiel"} <= set(table["Partner"])
