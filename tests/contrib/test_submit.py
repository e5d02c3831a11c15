import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from sistermap.contrib import db, submit
from sistermap.store import dataset
from tests.contrib.conftest import COVENTRY, lapsed


def count(cdb) -> int:
    with cdb.transaction() as s:
        return s.scalar(select(func.count()).select_from(db.Submission))


def test_a_suggestion_with_evidence_is_stored_pending(cdb):
    n = submit.submit(cdb, lapsed(contact="historian@example.org"), "s1", "10.0.0.1")
    with cdb.transaction() as s:
        row = s.get(db.Submission, n)
        assert (row.status, row.action, row.contact) == ("pending", "new",
                                                         "historian@example.org")
        assert submit.suggestion_of(row.payload) == lapsed()


@pytest.mark.parametrize("changes, field", [
    (dict(evidence_url="", evidence_ref="", evidence_text=""), "evidence"),
    (dict(evidence_kind=""), "evidence_kind"),
    (dict(evidence_url="javascript:alert(1)"), "evidence_url"),
    (dict(established="1860"), "established"),
    (dict(established="19x6"), "established"),
    (dict(established="1970", ended="1960"), "ended"),
    (dict(kind="best_friends"), "kind"),
    (dict(status="maybe"), "status"),
    (dict(focus=("peace", "nonsense")), "focus"),
    (dict(city_b=COVENTRY, city_a=COVENTRY), "city_b"),
    (dict(note="x" * 2001), "note"),
    (dict(contact="x" * 201), "contact"),
    (dict(action="delete everything"), "action"),
])
def test_bad_input_gets_a_clear_problem_and_nothing_is_stored(cdb, changes, field):
    with pytest.raises(submit.SuggestionInvalid) as err:
        submit.submit(cdb, lapsed(**changes), "s1", "10.0.0.1")
    assert field in [f for f, _m in err.value.problems]
    assert count(cdb) == 0


def test_a_document_reference_or_a_description_is_evidence_enough(cdb):
    assert submit.check(lapsed(evidence_url="", evidence_ref="Council minutes 12/1956")) == []
    assert submit.check(lapsed(evidence_url="", evidence_text="I sang in the choir")) == []


def test_per_session_limit(cdb):
    at = db.now()
    for i in range(submit.SESSION_LIMIT):
        submit.submit(cdb, lapsed(), "s1", f"10.0.0.{i}", at=at)
    with pytest.raises(submit.RateLimited):
        submit.submit(cdb, lapsed(), "s1", "10.0.0.99", at=at)
    # another visitor is not affected, and the window passes
    submit.submit(cdb, lapsed(), "s2", "10.0.0.99", at=at)
    submit.submit(cdb, lapsed(), "s1", "10.0.0.1", at=at + submit.WINDOW + dt.timedelta(1))


def test_per_address_limit_across_sessions(cdb):
    at = db.now()
    for i in range(submit.ADDRESS_LIMIT):
        submit.submit(cdb, lapsed(), f"s{i}", "203.0.113.7", at=at)
    with pytest.raises(submit.RateLimited):
        submit.submit(cdb, lapsed(), "fresh session", "203.0.113.7", at=at)
    assert count(cdb) == submit.ADDRESS_LIMIT


def test_the_database_keeps_no_address_or_session_in_clear(cdb):
    submit.submit(cdb, lapsed(), "session-secret", "198.51.100.23")
    with cdb.transaction() as s:
        row = s.scalars(select(db.Submission)).one()
    assert "198.51.100.23" not in row.address and "session-secret" not in row.session_key


def test_concurrent_submissions_from_threads_lose_none(cdb):
    """Many visitors at once (distinct sessions and addresses): every one is stored."""
    threads, per = 8, 25
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(per):
                submit.submit(cdb, lapsed(), f"s{t}-{i}", f"10.{t}.0.{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    assert count(cdb) == threads * per


@pytest.mark.parametrize("headers, ip, expected", [
    ({"X-Forwarded-For": "203.0.113.9, 10.0.0.1"}, "10.0.0.1", "203.0.113.9"),
    ({}, "198.51.100.4", "198.51.100.4"),
    ({}, None, "unknown"),
    ({"x-forwarded-for": 7}, object(), "unknown"),
])
def test_the_address_a_limit_counts(headers, ip, expected):
    assert submit.client_address(headers, ip) == expected


def test_a_city_of_a_layer_without_population_or_region_is_a_valid_end(layered):
    cities = dataset.load(layered).cities
    ref = submit.city_from_data(cities, "Q182059")  # Kumasi, a Wikidata-only city
    assert (ref.name, ref.country, ref.population, ref.admin1) == ("Kumasi", "GH", None, "")


def test_concurrent_requests_of_one_visitor_cannot_pass_the_limit_together(cdb):
    results: list[str] = []

    def work() -> None:
        try:
            submit.submit(cdb, lapsed(), "same session", "192.0.2.1")
            results.append("stored")
        except submit.RateLimited:
            results.append("limited")

    pool = [threading.Thread(target=work) for _ in range(3 * submit.SESSION_LIMIT)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert results.count("stored") == submit.SESSION_LIMIT == count(cdb)
