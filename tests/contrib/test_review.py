import dataclasses

import pytest

from sistermap.contrib import accounts, review, submit
from sistermap.contrib.db import ContribError
from sistermap.store import dataset
from tests.contrib.conftest import COVENTRY, KIEL, lapsed


def links_of(data_dir, a, b):
    p = dataset.load(data_dir).partnerships
    return p[((p.city_a_id == a) & (p.city_b_id == b)) | ((p.city_a_id == b) & (p.city_b_id == a))]


@pytest.mark.parametrize("action", ["queue", "counts", "history", "audit_log", "accept",
                                    "reject", "undo", "context"])
@pytest.mark.parametrize("token", [None, "", "forged"])
def test_no_moderator_action_without_a_valid_session(cdb, data_dir, action, token):
    n = submit.submit(cdb, lapsed(), "s", "a")
    ds = dataset.load(data_dir)
    call = {
        "queue": lambda: review.queue(cdb, token),
        "counts": lambda: review.counts(cdb, token),
        "history": lambda: review.history(cdb, token, n),
        "audit_log": lambda: review.audit_log(cdb, token),
        "accept": lambda: review.accept(cdb, token, n, data_dir),
        "reject": lambda: review.reject(cdb, token, n, "no"),
        "undo": lambda: review.undo(cdb, token, n, data_dir),
        "context": lambda: review.context(cdb, token, n, ds.cities, ds.partnerships),
    }[action]
    with pytest.raises(accounts.NotAuthorized):
        call()
    assert review.queue(cdb, _login(cdb))[0].status == "pending"
    assert not (data_dir / "sources" / "contributed").exists()


def _login(cdb):
    accounts.add_moderator(cdb, "eve", "another long password")
    return accounts.login(cdb, "eve", "another long password")


def test_a_lapsed_link_is_accepted_shown_marked_and_undone(cdb, token, data_dir):
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    n = submit.submit(cdb, lapsed(), "s", "a")
    assert [i.id for i in review.queue(cdb, token)] == [n]
    review.accept(cdb, token, n, data_dir, reason="minutes checked")
    link = links_of(data_dir, "gn:2644531", "gn:2935022")
    assert len(link) == 1
    row = link.iloc[0]
    assert row["sources"] == ("contributed",)
    assert row["source_mark"] == "community contributed, reviewed"
    assert (row["kind"], row["status"], int(row["established"]), int(row["ended"])) == (
        "friendship_city", "ended", 1956, 1968)
    assert row["focus_areas"] == ("culture",) or "culture" in str(row["focus_areas"])
    assert row["source"] == "https://example.org/minutes/1956"
    assert "council decision" in row["note"]
    cities = dataset.load(data_dir).cities
    assert cities.loc["gn:2644531", "name"] == "Lichfield"
    assert dataset.validate(data_dir) == []
    # undone: off the map again, and the dataset's files as they were
    review.undo(cdb, token, n, data_dir, reason="wrong town")
    assert links_of(data_dir, "gn:2644531", "gn:2935022").empty
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before
    assert review.queue(cdb, token)[0].id == n
    decisions = [h["decision"] for h in review.history(cdb, token, n)]
    assert decisions == ["accepted", "undone"]
    actions = [e["action"] for e in review.audit_log(cdb, token)]
    assert actions[:3] == ["undone", "accepted", "submitted"]


def test_rebuilding_twice_writes_nothing_the_second_time(cdb, token, data_dir):
    from sistermap.contrib import layer

    n = submit.submit(cdb, lapsed(), "s", "a")
    review.accept(cdb, token, n, data_dir)
    assert layer.rebuild(cdb, data_dir) is False


def test_a_correction_to_a_reviewed_link_shows_beside_it_never_over_it(cdb, token, data_dir):
    fix = lapsed(action="correction", city_a=COVENTRY, city_b=KIEL, established="1947",
                 ended="2022", status="ended", kind="twin_town", note="")
    n = submit.submit(cdb, fix, "s", "a")
    review.accept(cdb, token, n, data_dir)
    row = links_of(data_dir, COVENTRY.city_id, KIEL.city_id).iloc[0]
    assert row["status"] == "active"  # the reviewed record wins
    assert set(row["sources"]) == {"reviewed", "contributed"}
    assert "community contributed, reviewed states ended 2022" in row["source_notes"]


def test_an_edit_is_what_shows_and_undo_restores_the_original(cdb, token, data_dir):
    n = submit.submit(cdb, lapsed(), "s", "a")
    review.accept(cdb, token, n, data_dir, edited=dataclasses.replace(lapsed(), ended="1969"))
    assert int(links_of(data_dir, "gn:2644531", "gn:2935022").iloc[0]["ended"]) == 1969
    review.undo(cdb, token, n, data_dir)
    assert review.queue(cdb, token)[0].suggestion.ended == "1968"


def test_a_rejection_needs_a_reason_and_changes_no_file(cdb, token, data_dir):
    n = submit.submit(cdb, lapsed(), "s", "a")
    with pytest.raises(ContribError):
        review.reject(cdb, token, n, "  ")
    review.reject(cdb, token, n, "no such agreement in the archive")
    assert not (data_dir / "sources" / "contributed").exists()
    assert review.counts(cdb, token) == {"rejected": 1}
    with pytest.raises(ContribError):
        review.accept(cdb, token, n, data_dir)  # decided already


def test_the_context_shows_the_record_neighbours_and_duplicates(cdb, token, data_dir):
    ds = dataset.load(data_dir)
    first = submit.submit(cdb, lapsed(action="correction", city_a=COVENTRY, city_b=KIEL),
                          "s", "a")
    second = submit.submit(cdb, lapsed(action="dispute", city_a=KIEL, city_b=COVENTRY),
                           "s", "a")
    ctx = review.context(cdb, token, second, ds.cities, ds.partnerships)
    assert ctx.same_pair == [first]
    assert len(ctx.current) == 1 and str(ctx.current[0]["established"]).startswith("1947")
    assert ctx.nearest["city_a"][0][1] != "Kiel"
    assert all(km >= 0 for _id, _name, km in ctx.nearest["city_b"])


def test_a_typed_town_that_is_a_city_of_the_data_is_flagged(cdb, token, data_dir):
    ds = dataset.load(data_dir)
    typed = submit.CityRef("loc:gb-coventry", "Coventry", "GB", 52.41, -1.51,
                           placed_by="geocoder")
    n = submit.submit(cdb, lapsed(city_a=typed), "s", "a")
    ctx = review.context(cdb, token, n, ds.cities, ds.partnerships)
    assert ctx.same_city == {"loc:gb-coventry": "gn:2652221"}


HOSTILE = '<script>alert(1)</script> **bold** =HYPERLINK("http://evil") www.evil.example'


def test_hostile_text_is_stored_as_sent(cdb, token, data_dir):
    n = submit.submit(cdb, lapsed(note=HOSTILE, evidence_url="", evidence_text=HOSTILE),
                      "s", "a")
    item = review.queue(cdb, token)[0]
    assert item.suggestion.note == HOSTILE and item.suggestion.evidence_text == HOSTILE
    review.accept(cdb, token, n, data_dir)
    row = links_of(data_dir, "gn:2644531", "gn:2935022").iloc[0]
    assert HOSTILE in row["note"]  # as text; every surface shows notes through safe_text
    assert row["source"] == "community contributed, reviewed"
