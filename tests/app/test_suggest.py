"""The suggestion form on the city page (AppTest): a city found by search, evidence, sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sistermap.contrib import db
from tests.app.test_app import assert_drawn, run, through_app_navigation  # noqa: F401
from tests.contrib.conftest import site


@pytest.fixture()
def store(tmp_path, monkeypatch):
    url, _data = site(tmp_path, monkeypatch)
    yield db.open_db(url)
    db.close_db(url)


def stored(store):
    with store.transaction() as s:
        return s.scalars(select(db.Submission)).all()


def test_a_suggestion_from_the_city_page_reaches_the_queue(store):
    at = run("pages/city.py", city="coventry")
    at.text_input(key="sm_suggest_q_b").input("Dresden").run()
    at.text_input(key="sm_suggest_est").input("1956")
    at.radio(key="sm_suggest_ev_kind").set_value("press_report")
    at.text_input(key="sm_suggest_ev_url").input("https://example.org/1956")
    at.button(key="FormSubmitter:sm_suggest_form-Send for review").click().run()
    assert_drawn(at)
    assert any("is in the moderators' queue" in s.value for s in at.success)
    [row] = stored(store)
    assert row.payload["city_a"]["name"] == "Coventry"
    assert row.payload["city_b"]["name"] == "Dresden" and row.status == "pending"


def test_no_evidence_is_a_clear_error_and_nothing_is_stored(store):
    at = run("pages/city.py", city="coventry")
    at.text_input(key="sm_suggest_q_b").input("Dresden").run()
    at.button(key="FormSubmitter:sm_suggest_form-Send for review").click().run()
    assert_drawn(at)
    assert any("give evidence" in e.value for e in at.error)
    assert stored(store) == []


def test_the_map_page_has_the_form_too(store):
    at = run()
    assert any(e.label == "Suggest a link or a correction" for e in at.expander)
