"""The contrib tests run against SQLite always and against PostgreSQL when it is installed
(required in CI: ``SISTERMAP_REQUIRE_POSTGRES=1`` makes its absence a failure)."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import psycopg
import pytest

from sistermap.contrib import accounts, db
from sistermap.contrib.submit import CityRef, Suggestion
from tests.conftest import MINI
from tests.contrib import pg

PASSWORD = "correct horse battery"
_COUNTER = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    if pg.binaries() is None:
        if os.environ.get(pg.REQUIRE_ENV, "").strip() not in ("", "0"):
            pytest.fail("PostgreSQL is required here (SISTERMAP_REQUIRE_POSTGRES=1) but "
                        "initdb/pg_ctl were not found: apt-get install postgresql")
        pytest.skip("PostgreSQL is not installed (Debian package 'postgresql')")
    cluster = pg.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contrib.sqlite'}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = f"t{os.getpid()}_{next(_COUNTER)}"
        with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres "
                             "dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = cluster.url.rsplit("/", 1)[0] + "/" + name
    yield url
    db.close_db(url)


@pytest.fixture()
def cdb(db_url):
    return db.open_db(db_url)


@pytest.fixture()
def token(cdb):
    accounts.add_moderator(cdb, "ada", PASSWORD)
    return accounts.login(cdb, "ada", PASSWORD)


@pytest.fixture()
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


COVENTRY = CityRef("gn:2652221", "Coventry", "GB", 52.4066, -1.5122)
KIEL = CityRef("gn:2891122", "Kiel", "DE", 54.3213, 10.1349)
DRESDEN = CityRef("gn:2935022", "Dresden", "DE", 51.0509, 13.7383)
#: A town the mini data lacks, as the geocoder would place it.
LICHFIELD = CityRef("gn:2644531", "Lichfield", "GB", 52.6817, -1.8262, "England", 32219,
                    "geocoder")


def lapsed(**changes) -> Suggestion:
    """A local historian's lapsed 1950s link, with its source."""
    base = dict(action="new", city_a=LICHFIELD, city_b=DRESDEN, kind="friendship_city",
                established="1956", ended="1968", status="ended", focus=("culture",),
                note="Exchange of school choirs", evidence_kind="council_decision",
                evidence_url="https://example.org/minutes/1956", evidence_ref="", )
    base.update(changes)
    return Suggestion(**base)


def site(tmp_path, monkeypatch) -> tuple[str, Path]:
    """A writable copy of the mini data and an SQLite database, both set in the environment
    (``SISTERMAP_DATA``, ``SISTERMAP_DB_URL``) for an app or a server started after it,
    with the moderator "ada"."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    url = f"sqlite:///{tmp_path / 'contrib.sqlite'}"
    monkeypatch.setenv("SISTERMAP_DATA", str(data))
    monkeypatch.setenv(db.DB_URL_ENV, url)
    accounts.add_moderator(db.open_db(url), "ada", PASSWORD)
    return url, data
