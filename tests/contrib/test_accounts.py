import datetime as dt

import pytest
from sqlalchemy import select

from sistermap.contrib import accounts, db
from tests.contrib.conftest import PASSWORD


def test_a_moderator_logs_in_and_the_token_names_them(cdb):
    accounts.add_moderator(cdb, "Ada", PASSWORD)
    token = accounts.login(cdb, "ada", PASSWORD)
    assert accounts.require(cdb, token).name == "ada"


def test_the_password_is_stored_as_argon2id_never_as_sent(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    with cdb.transaction() as s:
        stored = s.scalar(select(db.Moderator.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("password", ["short", "x" * 2000])
def test_a_password_too_short_or_too_long_is_refused(cdb, password):
    with pytest.raises(db.ContribError):
        accounts.add_moderator(cdb, "ada", password)


def test_unknown_name_and_wrong_password_get_the_same_answer(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    with pytest.raises(accounts.NotAuthorized) as unknown:
        accounts.login(cdb, "bob", PASSWORD)
    with pytest.raises(accounts.NotAuthorized) as wrong:
        accounts.login(cdb, "ada", "not the password")
    assert str(unknown.value) == str(wrong.value)


def test_a_session_expires(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    start = db.now()
    token = accounts.login(cdb, "ada", PASSWORD, at=start)
    accounts.require(cdb, token, at=start + accounts.SESSION_TTL - dt.timedelta(seconds=1))
    with pytest.raises(accounts.NotAuthorized):
        accounts.require(cdb, token, at=start + accounts.SESSION_TTL)


def test_repeated_failures_lock_the_account_even_for_the_right_password(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    start = db.now()
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.NotAuthorized):
            accounts.login(cdb, "ada", "guess", at=start)
    with pytest.raises(accounts.NotAuthorized, match="locked"):
        accounts.login(cdb, "ada", PASSWORD, at=start)
    later = start + accounts.LOCKOUT + dt.timedelta(seconds=1)
    assert accounts.login(cdb, "ada", PASSWORD, at=later)


@pytest.mark.parametrize("token", [None, "", "forged", "x" * 5000, 12])
def test_no_valid_token_no_moderator(cdb, token):
    with pytest.raises(accounts.NotAuthorized):
        accounts.require(cdb, token)


def test_logout_ends_the_session(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    token = accounts.login(cdb, "ada", PASSWORD)
    accounts.logout(cdb, token)
    with pytest.raises(accounts.NotAuthorized):
        accounts.require(cdb, token)


def test_a_password_reset_ends_every_session(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    token = accounts.login(cdb, "ada", PASSWORD)
    accounts.add_moderator(cdb, "ada", PASSWORD + "!")
    with pytest.raises(accounts.NotAuthorized):
        accounts.require(cdb, token)
