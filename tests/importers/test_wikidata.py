"""Wikidata SPARQL JSON reading and the live fetch, replayed from a recorded response.

The HTTP layer is injected: no test touches the network. The fake endpoint serves the
recorded fixture split into pages, and fails on demand to exercise retries and backoff.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from sistermap.importers import wikidata

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"
RECORDED = json.loads((FIX / "wikidata_p190.json").read_text(encoding="utf-8"))


class FakeEndpoint:
    """Serves RECORDED page by page (by LIMIT/OFFSET in the query) with scripted failures."""

    def __init__(self, failures: list[tuple[int, dict]] | None = None) -> None:
        self.failures = list(failures or [])
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, url: str, headers: dict, timeout: float):
        self.calls.append((url, headers))
        if self.failures:
            status, resp_headers = self.failures.pop(0)
            if status == 0:
                raise OSError("connection reset")
            return status, resp_headers, b"busy"
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["query"][0]
        limit = int(query.split("LIMIT")[1].split()[0])
        offset = int(query.split("OFFSET")[1].split()[0])
        rows = RECORDED["results"]["bindings"][offset:offset + limit]
        body = {"head": RECORDED["head"], "results": {"bindings": rows}}
        return 200, {"Content-Type": "application/sparql-results+json"}, json.dumps(
            body).encode()


def test_reader_understands_the_recorded_response():
    result = wikidata.read("wd.json", json.dumps(RECORDED))
    assert result.rows_read == 6 and not result.errors
    first = result.records[0]
    assert (first.a.qid, first.a.name, first.a.country) == ("Q64", "Berlin", "DE")
    assert (first.b.qid, round(first.b.lat, 3), round(first.b.lon, 3)) == ("Q90", 48.857, 2.351)
    assert first.established == 1987 and first.established_date == ""
    hamburg = result.records[3]
    assert (hamburg.ended, hamburg.status) == (2022, "ended")
    assert result.records[2].established_date == "1967-06-13"


def test_reader_accepts_other_variable_names():
    doc = {"head": {"vars": ["item", "itemLabel", "sister", "sisterLabel", "startTime"]},
           "results": {"bindings": [{
               "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1731"},
               "itemLabel": {"type": "literal", "value": "Dresden"},
               "sister": {"type": "uri", "value": "http://www.wikidata.org/entity/Q2887"},
               "sisterLabel": {"type": "literal", "value": "Coventry"},
               "startTime": {"type": "literal", "value": "1959-01-01T00:00:00Z"}}]}}
    (rec,) = wikidata.read("q.json", json.dumps(doc)).records
    assert (rec.a.qid, rec.b.name, rec.established) == ("Q1731", "Coventry", 1959)


@pytest.mark.parametrize("text", ["", "[1, 2]", '{"head": {}, "results": {}}', "{broken"])
def test_reader_rejects_non_results_without_crashing(text):
    result = wikidata.read("bad.json", text)
    assert result.errors and result.errors[0].row == 0 and not result.records


def test_fetch_pages_until_a_short_page_with_a_polite_user_agent():
    http, slept = FakeEndpoint(), []
    got = wikidata.fetch(page_size=4, http=http, sleep=slept.append)
    assert (got.pages, got.rows, got.retries) == (2, 6, 0)
    assert got.document["results"]["bindings"] == RECORDED["results"]["bindings"]
    url, headers = http.calls[0]
    assert headers["User-Agent"].startswith("SisterMap/") and "sister-city" in headers[
        "User-Agent"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["query"][0]
    assert "P190" in query and "pq:P580" in query and "pq:P582" in query
    assert "ORDER BY" in query and "OFFSET 0" in query
    assert "OFFSET 4" in urllib.parse.unquote_plus(http.calls[1][0])


def test_fetch_retries_with_backoff_and_honours_retry_after():
    http = FakeEndpoint([(503, {}), (429, {"Retry-After": "7"}), (0, {})])
    slept: list[float] = []
    got = wikidata.fetch(page_size=10, http=http, sleep=slept.append, backoff=1.0)
    assert got.rows == 6 and got.retries == 3
    assert slept == [1.0, 7.0, 4.0]  # 1, max(2, Retry-After 7), 4


def test_fetch_gives_up_and_does_not_retry_client_errors():
    with pytest.raises(wikidata.FetchError, match="gave up after 3 attempts"):
        wikidata.fetch(http=FakeEndpoint([(503, {})] * 5), sleep=lambda s: None, retries=2)
    with pytest.raises(wikidata.FetchError, match="HTTP 400"):
        wikidata.fetch(http=FakeEndpoint([(400, {})]), sleep=lambda s: None)


def test_country_filter_goes_into_the_query():
    query = wikidata.build_query(10, 0, "de")
    assert '?city wdt:P17/wdt:P297 "DE"' in query
    assert "DROP" not in wikidata.build_query(10, 0, '"; DROP')  # only letters get through


def test_fetch_wikidata_command_uses_the_injected_http(tmp_path, monkeypatch, capsys):
    from sistermap import cli
    from sistermap.store import dataset

    monkeypatch.setattr(wikidata, "urllib_get", FakeEndpoint([(502, {})]))
    monkeypatch.setattr(wikidata.time, "sleep", lambda s: None)
    out = tmp_path / "wd"
    assert cli.main(["fetch-wikidata", "--out", str(out), "--page-size", "4"]) == 0
    assert "fetched 6 rows in 2 page(s)" in capsys.readouterr().out
    assert json.loads((out / "wikidata-p190.json").read_text())["results"]["bindings"]
    assert dataset.validate(out) == []
