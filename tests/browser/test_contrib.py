"""A local historian and a moderator, in Chromium: a lapsed link is suggested with its source,
accepted behind the log-in, and shows on both cities' pages marked as contributed (#20)."""

from __future__ import annotations

import pytest

from sistermap.contrib import db
from tests.browser.conftest import Server, close_page, open_page
from tests.contrib.conftest import PASSWORD, site

MARK = "listed by community contributed, reviewed only"


@pytest.fixture()
def contrib_site(tmp_path, monkeypatch):
    url, data = site(tmp_path, monkeypatch)  # the server inherits the environment
    db.close_db(url)
    server = Server(data)
    yield server.url
    server.stop()


def test_a_suggestion_accepted_by_a_moderator_shows_on_both_pages(browser, request,
                                                                  contrib_site):
    context, pg = open_page(browser, request)
    try:
        pg.goto(f"{contrib_site}/city?city=dresden")
        pg.get_by_text("Suggest a link or a correction").click()
        partner = pg.get_by_label("Partner city")
        partner.fill("Kiel")
        partner.press("Enter")
        pg.get_by_text("Which partner city?").wait_for()
        pg.get_by_label("Formed in (year)").fill("1956")
        pg.get_by_label("Ended in (year)").fill("1968")
        pg.get_by_text("Council decision").click()
        pg.get_by_label("Link (http:// or https://)").fill("https://example.org/minutes")
        pg.get_by_role("button", name="Send for review").click()
        pg.get_by_text("is in the moderators' queue").wait_for(timeout=30_000)

        pg.goto(f"{contrib_site}/moderate")
        pg.get_by_role("textbox", name="Name", exact=True).fill("ada")
        pg.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        pg.get_by_role("button", name="Log in").click()
        pg.get_by_role("button", name="Accept").click(timeout=30_000)
        pg.get_by_text("The queue is empty").wait_for(timeout=30_000)

        for city in ("dresden", "kiel"):
            pg.goto(f"{contrib_site}/city?city={city}")
            pg.get_by_text(MARK).first.wait_for(timeout=30_000)
    finally:
        close_page(context, pg, request)
