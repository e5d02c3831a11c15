"""Moderator accounts: Argon2id passwords, sessions that expire, lock-out after failures.

Accounts are made by a command (``python -m sistermap moderator add NAME``), never by the
app. A session token is random, shown once to the moderator's browser, and stored only as
its SHA-256, so the database alone logs no one in. Every moderator action calls
``require(db, token)`` first: without a live session nothing happens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from sistermap.contrib.db import (
    ContribError,
    Database,
    LoginSession,
    Moderator,
    audit,
    now,
)

#: How long a moderator's session lasts without logging in again.
SESSION_TTL = dt.timedelta(hours=8)
#: Failed log-ins in a row that lock an account, and for how long.
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")

_HASHER = PasswordHasher()  # argon2-cffi's default type is Argon2id


class NotAuthorized(ContribError):
    """No valid moderator session: the action was refused and nothing changed."""


@dataclass(frozen=True)
class Identity:
    """Who a valid session belongs to."""

    moderator_id: int
    name: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not name or len(name) > 64 or not set(name) <= NAME_CHARS:
        raise ContribError("a moderator name is 1-64 characters: letters, digits, '.', '_', '-'")
    return name


def add_moderator(db: Database, name: str, password: str) -> str:
    """Create an account (or reset the password of an existing one); returns the name."""
    name = check_name(name)
    if not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise ContribError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    hashed = _HASHER.hash(password)
    with db.transaction() as s:
        mod = s.scalar(select(Moderator).where(Moderator.name == name))
        if mod is None:
            s.add(Moderator(name=name, password_hash=hashed, failures=0, active=True,
                            created=now()))
            audit(s, "command line", "moderator added", None, name=name)
        else:
            mod.password_hash, mod.failures, mod.locked_until = hashed, 0, None
            s.execute(delete(LoginSession).where(LoginSession.moderator_id == mod.id))
            audit(s, "command line", "password reset", None, name=name)
    return name


def login(db: Database, name: str, password: str, at: dt.datetime | None = None) -> str:
    """A new session token for a right name and password; raises ``NotAuthorized`` otherwise.

    The message is the same for an unknown name and a wrong password, so a stranger cannot
    find out which names exist; a locked account says so (its owner needs to know).
    """
    at = at or now()
    refused = NotAuthorized("wrong name or password")
    try:
        name = check_name(name)
    except ContribError:
        raise refused from None
    with db.transaction() as s:
        mod = s.scalar(select(Moderator).where(Moderator.name == name))
        if mod is None or not mod.active:
            _HASHER.hash(password[:MAX_PASSWORD])  # the same time as a real check
            audit(s, name, "login refused", None, reason="unknown name")
            raise_after = refused
        elif mod.locked_until is not None and mod.locked_until > at:
            audit(s, name, "login refused", None, reason="locked")
            raise_after = NotAuthorized(
                "this account is locked after repeated failed log-ins; try again later")
        else:
            try:
                _HASHER.verify(mod.password_hash, password[:MAX_PASSWORD])
            except (VerificationError, InvalidHashError):
                mod.failures += 1
                if mod.failures >= MAX_FAILURES:
                    mod.locked_until, mod.failures = at + LOCKOUT, 0
                audit(s, name, "login refused", None, reason="wrong password",
                      locked=mod.locked_until is not None and mod.locked_until > at)
                raise_after = refused
            else:
                mod.failures, mod.locked_until = 0, None
                token = secrets.token_urlsafe(32)
                s.add(LoginSession(token_hash=_token_hash(token), moderator_id=mod.id,
                                   created=at, expires=at + SESSION_TTL))
                audit(s, name, "login", None)
                return token
    raise raise_after


def require(db: Database, token: str | None, at: dt.datetime | None = None) -> Identity:
    """The moderator a token belongs to; ``NotAuthorized`` when it is missing or expired."""
    if not token or not isinstance(token, str) or len(token) > 200:
        raise NotAuthorized("log in as a moderator first")
    at = at or now()
    with db.transaction() as s:
        row = s.get(LoginSession, _token_hash(token))
        if row is None or row.expires <= at:
            if row is not None:
                s.delete(row)
            raise NotAuthorized("your session has expired; log in again")
        mod = s.get(Moderator, row.moderator_id)
        if mod is None or not mod.active:
            raise NotAuthorized("log in as a moderator first")
        return Identity(mod.id, mod.name)


def logout(db: Database, token: str | None) -> None:
    """End a session (a missing or unknown token is already logged out)."""
    if not token:
        return
    with db.transaction() as s:
        row = s.get(LoginSession, _token_hash(token))
        if row is not None:
            mod = s.get(Moderator, row.moderator_id)
            s.delete(row)
            audit(s, mod.name if mod else "?", "logout", None)
