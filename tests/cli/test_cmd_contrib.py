"""``moderator add`` (password from stdin, never argv) and ``contributions export``."""

from __future__ import annotations

import io
import shutil

from sistermap import cli
from sistermap.contrib import accounts, db, review, submit
from tests.conftest import MINI
from tests.contrib.conftest import PASSWORD, lapsed


def test_a_moderator_is_added_with_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["moderator", "add", "Ada", "--db", url]) == 0
    assert "moderator ada: ready" in capsys.readouterr().out
    assert accounts.require(db.open_db(url), accounts.login(db.open_db(url), "ada", PASSWORD))
    db.close_db(url)


def test_a_short_password_is_one_error_line(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["moderator", "add", "ada", "--db", url]) == 1
    assert capsys.readouterr().err.startswith("error: a password has")
    db.close_db(url)


def test_export_writes_quickstatements_and_lists_what_needs_an_item(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    store = db.open_db(url)
    accounts.add_moderator(store, "ada", PASSWORD)
    token = accounts.login(store, "ada", PASSWORD)
    n = submit.submit(store, lapsed(), "s", "a")
    review.accept(store, token, n, data)
    out = tmp_path / "batch.txt"
    assert cli.main(["contributions", "export", "--out", str(out), "--data", str(data),
                     "--db", url]) == 0
    assert out.read_text() == ""  # the mini data has no Wikidata layer: no items known
    err = capsys.readouterr().err
    assert "0 contribution(s) exported" in err
    assert f"contribution {n} not exported: no Wikidata item for Lichfield and Dresden" in err
    db.close_db(url)
