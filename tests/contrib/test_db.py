"""The database: created on first use, migrated automatically, one code path for both."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from sistermap.contrib import db, submit
from tests.contrib.conftest import lapsed


def test_the_default_is_an_sqlite_file_made_on_first_use(tmp_path, monkeypatch):
    monkeypatch.delenv(db.DB_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    url = db.default_url()
    assert url == f"sqlite:///{tmp_path / 'share' / 'sistermap' / db.DB_FILE}"
    store = db.open_db(url)
    assert (tmp_path / "share" / "sistermap" / db.DB_FILE).exists()
    assert db.open_db(url) is store  # one engine per URL and process
    db.close_db(url)


def test_the_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(db.DB_URL_ENV, "postgresql+psycopg://u@127.0.0.1:1/x")
    assert db.default_url() == "postgresql+psycopg://u@127.0.0.1:1/x"


def test_the_schema_is_at_the_newest_migration(cdb):
    with cdb.engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0002"
    names = set(sa.inspect(cdb.engine).get_table_names())
    assert {"submissions", "reviews", "moderators", "sessions", "audit_log"} <= names


def test_an_older_database_is_upgraded_keeping_its_rows(db_url):
    engine = sa.create_engine(db_url)
    config = db.Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    store = db.open_db(db_url)  # upgrades to the newest
    n = submit.submit(store, lapsed(), "s", "a")
    indexes = {i["name"] for i in sa.inspect(store.engine).get_indexes("submissions")}
    assert "ix_submissions_session_created" in indexes and n == 1


def test_a_broken_url_is_a_clear_error():
    with pytest.raises(db.ContribError):
        db.open_db("nosuchdialect://x")


def test_a_server_that_is_not_there_is_a_clear_error_without_the_password():
    with pytest.raises(db.ContribError) as err:
        db.open_db("postgresql+psycopg://u:s3cret@127.0.0.1:1/x")
    assert "s3cret" not in str(err.value)
