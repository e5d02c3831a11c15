"""The contributions database: one code path (SQLAlchemy 2) for SQLite and PostgreSQL.

SQLite is the default so that a fresh machine needs no set-up: the file is created on first
use and the Alembic migrations (``migrations/``; batch mode, since SQLite cannot alter a
table in place) are applied before anything reads it. A deployment sets
``SISTERMAP_DB_URL=postgresql+psycopg://…`` and gets the same schema from the same
migrations. Secrets (a database password) therefore come only from the environment.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from sistermap.errors import SisterMapError

DB_URL_ENV = "SISTERMAP_DB_URL"
#: Where the SQLite file goes when no URL is set (XDG data home).
DB_FILE = "contributions.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class ContribError(SisterMapError):
    """A contribution or a moderator action cannot be done; the message says why."""


def now() -> dt.datetime:
    """UTC, naive: SQLite keeps no zone, and one convention keeps comparisons right."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One suggestion as it was sent (``payload``) and where its review stands."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    action: Mapped[str] = mapped_column(String(16))  # new / correction / dispute
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending/accepted/rejected
    pair_key: Mapped[str] = mapped_column(String(200), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    session_key: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    reviewed: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_submissions_session_created", "session_key", "created"),
                      Index("ix_submissions_address_created", "address", "created"))


class Review(Base):
    """The review history: every decision on a submission, oldest first."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    moderator: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16))  # accepted/edited/rejected/undone
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)


class Moderator(Base):
    __tablename__ = "moderators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginSession(Base):
    """A moderator's session: only the token's hash is kept, so a leaked table logs no one in."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    expires: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class AuditEntry(Base):
    """Every change anyone made, in order: who, what, to which submission, and the detail."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[dict] = mapped_column(JSON)


def default_url() -> str:
    """``$SISTERMAP_DB_URL``, else an SQLite file under ``$XDG_DATA_HOME/sistermap``."""
    url = os.environ.get(DB_URL_ENV, "").strip()
    if url:
        return url
    home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(home) / 'sistermap' / DB_FILE}"


@dataclass
class Database:
    """An engine and its sessions; ``transaction()`` is the one way to read or write."""

    url: str
    engine: Engine
    factory: sessionmaker
    #: SQLite has one writer at a time: the threads of this process queue on a lock
    #: (fair and at once) instead of on SQLite's busy handler, which sleeps in steps of up to
    #: 100 ms and cut a flood of suggestions to ~25 a second. Other processes still
    #: wait on the busy handler. PostgreSQL needs no lock (None).
    lock: threading.Lock | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if self.lock is None:
            with self.factory.begin() as session:
                yield session
            return
        with self.lock, self.factory.begin() as session:
            yield session


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 (DB-API connection)
        cur = dbapi_conn.cursor()
        # WAL: readers never wait for the writer; busy_timeout: writers queue, none is lost.
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        # NORMAL is WAL's documented setting: never corrupt; a power cut may lose the last
        # commits, not the file. FULL fsyncs every suggestion and caps a flood at ~30/s.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" below opens transactions

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # IMMEDIATE: a transaction that counts then writes (the rate limits) holds the write
        # lock from its start, so two submissions cannot both pass one count.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def open_db(url: str | None = None) -> Database:
    """The database at ``url`` (default: ``default_url()``), created and migrated on first use.

    One engine per URL per process: the app's sessions share its connection pool.
    """
    url = url or default_url()
    with _OPEN_LOCK:
        if url in _OPEN:
            return _OPEN[url]
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                _sqlite_pragmas(engine)
            migrate(engine)
        except Exception as exc:  # a malformed URL, a missing driver, a server not there
            # The message names the problem, never the URL (it may hold a password).
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ContribError(f"cannot open the contributions database: {first}") from exc
        db = Database(url, engine, sessionmaker(engine, expire_on_commit=False),
                      threading.Lock() if engine.dialect.name == "sqlite" else None)
        _OPEN[url] = db
        return db


def close_db(url: str) -> None:
    """Forget and dispose the engine of ``url`` (tests; a deployment keeps it open)."""
    with _OPEN_LOCK:
        db = _OPEN.pop(url, None)
    if db is not None:
        db.engine.dispose()


def audit(session: Session, actor: str, action: str, submission_id: int | None,
          **detail: object) -> None:
    """Record one change; called inside the transaction that makes it, so neither is lost."""
    session.add(AuditEntry(at=now(), actor=actor, action=action,
                           submission_id=submission_id, detail=dict(detail)))
