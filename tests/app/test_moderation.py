"""The moderation page (AppTest): a log-in first; then the queue, a decision, the log.

The actions themselves refuse without a session (tests/contrib/test_review.py calls them
directly); here the page is driven as a moderator would.
"""

from __future__ import annotations

import pytest

from sistermap.contrib import db, submit
from sistermap.store import dataset
from tests.app import htmltext
from tests.app.test_app import assert_drawn, run, shown, through_app_navigation  # noqa: F401
from tests.contrib.conftest import PASSWORD, lapsed
from tests.contrib.conftest import site as contrib_site

HOSTILE = "<img src=x onerror=alert(1)> [click](https://evil.example) =1+1 www.evil.example"


@pytest.fixture()
def site(tmp_path, monkeypatch):
    url, data = contrib_site(tmp_path, monkeypatch)
    yield db.open_db(url), data
    db.close_db(url)


def log_in(at, name="ada", password=PASSWORD):
    at.text_input(key="sm_mod_name").input(name)
    at.text_input(key="sm_mod_password").input(password)
    at.button[0].click().run()
    assert_drawn(at)
    return at


def test_the_page_asks_for_a_log_in_and_shows_nothing_else(site):
    store, _data = site
    submit.submit(store, lapsed(note="secret queue content"), "s", "a")
    at = run("pages/moderate.py")
    assert [t.value for t in at.title] == ["Moderation"]
    assert not any("secret" in m.value for m in at.markdown)
    log_in(at, password="wrong password!")
    assert any("wrong name or password" in e.value for e in at.error)


def test_a_moderator_accepts_and_the_link_is_in_the_data(site):
    store, data = site
    n = submit.submit(store, lapsed(note=HOSTILE), "s", "a")
    at = log_in(run("pages/moderate.py"))
    texts = " ".join(htmltext.texts(at))  # parsed: no tag but the paragraphs' own
    assert "Lichfield" in texts and any("Council decision" in m.value for m in at.markdown)
    assert HOSTILE in texts  # shown as written, as text
    at.button(key=f"sm_mod_acc_{n}").click().run()
    assert_drawn(at)
    links = dataset.load(data).partnerships
    assert "contributed" in set(links["sources"].explode())
    assert any("The queue is empty" in i.value for i in at.info)
