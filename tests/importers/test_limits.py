"""Upload limits that hold: bytes as Streamlit counts them, every kind of line break,
distinct places and CPU time for geocoding, and reports that stay small."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from sistermap.importers import pipeline

ROOT = Path(__file__).resolve().parents[2]


class CountingGeocoder:
    """Places nothing; counts calls and can burn CPU like a slow fuzzy search."""

    def __init__(self, cpu_per_call: float = 0.0):
        self.calls = 0
        self.cpu_per_call = cpu_per_call

    def resolve(self, name, country=None, region=None, lat=None, lon=None):
        self.calls += 1
        end = time.thread_time() + self.cpu_per_call
        while time.thread_time() < end:
            pass
        return SimpleNamespace(status="unresolved", method="", confidence=0.0,
                               reason="no such place in the gazetteer", candidates=(),
                               place=None)


def _unknown_list(n: int) -> bytes:
    rows = "".join(f"Nowhere{i},DE,Elsewhere{i},FR\n" for i in range(n))
    return ("city1,country1,city2,country2\n" + rows).encode()


def test_streamlit_accepts_no_more_than_the_page_says():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == pipeline.MAX_UPLOAD_MB
    assert pipeline.MAX_UPLOAD_BYTES == pipeline.MAX_UPLOAD_MB * 1024 * 1024  # Streamlit's MB
    page = (ROOT / "pages" / "import_list.py").read_text(encoding="utf-8")
    assert "MAX_MB = pipeline.MAX_UPLOAD_MB" in page


def test_the_size_error_names_the_same_limit_as_the_page():
    with pytest.raises(pipeline.TooLarge) as err:
        pipeline.check_limits([("big.csv", b"x" * (pipeline.MAX_UPLOAD_BYTES + 1))])
    assert f"the limit is {pipeline.MAX_UPLOAD_MB} MB" in str(err.value)
    assert f"upload is {pipeline.MAX_UPLOAD_MB}.0 MB" in str(err.value)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_every_kind_of_line_break_counts_as_a_row(newline):
    data = b"city1,city2" + newline + (b"Kiel,Vaasa" + newline) * 1001
    with pytest.raises(pipeline.TooLarge):
        pipeline.import_bytes([("l.csv", data)], geocoder=CountingGeocoder(), max_rows=1000)
    assert pipeline.count_rows(data) == 1002


def test_utf16_rows_are_counted_once():
    data = "city1\tcity2\r\nKiel\tVaasa\r\n".encode("utf-16")
    assert pipeline.count_rows(data) == 2


def test_a_json_upload_is_limited_by_its_bindings():
    binding = ('{"city": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"}, '
               '"cityLabel": {"type": "literal", "value": "A"}, "twin": {"type": "uri", '
               '"value": "http://www.wikidata.org/entity/Q2"}, "twinLabel": {"type": '
               '"literal", "value": "B"}}')
    doc = ('{"head": {"vars": ["city", "cityLabel", "twin", "twinLabel"]}, "results": '
           '{"bindings": [' + ", ".join([binding] * 30) + "]}}")
    with pytest.raises(pipeline.TooLarge):  # all on one line: counted after parsing
        pipeline.import_bytes([("wd.json", doc.encode())], geocoder=CountingGeocoder(),
                              max_rows=20)


def test_geocoding_stops_after_the_distinct_place_limit():
    geocoder = CountingGeocoder()
    options = pipeline.ImportOptions(limits=pipeline.Limits(places=50))
    result = pipeline.import_bytes([("u.csv", _unknown_list(100))], options, geocoder)
    assert geocoder.calls == 50
    stopped = result.report["geocoding_stopped"]
    assert "stopped after 50 distinct places" in stopped and "150 not tried" in stopped
    assert any("geocoding stopped after 50" in line for line in result.summary_lines())
    not_tried = result.places[result.places["reason"].str.startswith("not tried")]
    assert len(not_tried) == 150 and result.report["rows_rejected"] == 100  # none lost


def test_geocoding_stops_after_the_cpu_time_limit():
    geocoder = CountingGeocoder(cpu_per_call=0.01)
    options = pipeline.ImportOptions(limits=pipeline.Limits(seconds=0.1))
    result = pipeline.import_bytes([("u.csv", _unknown_list(200))], options, geocoder)
    assert 5 <= geocoder.calls < 40  # 400 places would have cost 4 s
    assert "s of geocoding (the upload limit)" in result.report["geocoding_stopped"]


def test_the_command_line_has_no_geocoding_limit():
    geocoder = CountingGeocoder()
    result = pipeline.run([("u.csv", _unknown_list(100))], pipeline.ImportOptions(), geocoder)
    assert geocoder.calls == 200 and "geocoding_stopped" not in result.report


def test_reports_list_the_first_rows_and_count_the_rest_by_reason(tmp_path):
    rows = 3 * pipeline.MAX_REPORT_ROWS
    result = pipeline.run([("u.csv", _unknown_list(rows))], pipeline.ImportOptions(),
                          CountingGeocoder())
    report = result.report
    assert report["rows_rejected"] == rows
    assert len(report["rejected"]) == pipeline.MAX_REPORT_ROWS
    assert report["rejected"][0]["row"] == 1
    assert report["rejected_by_reason"] == {"city unresolved": rows}
    text = pipeline.report_text(result)
    assert f"… and {rows - pipeline.MAX_REPORT_ROWS} more; by reason:" in text
    assert text.count("\n") < 2 * pipeline.MAX_REPORT_ROWS + 100


def test_the_session_keeps_a_summary_not_the_upload():
    result = pipeline.import_bytes([("u.csv", _unknown_list(10))], geocoder=CountingGeocoder())
    kept = pipeline.UploadSummary.of(result)
    assert kept.rows_rejected == 10 and kept.summary[0].startswith("files: 1")
    assert not any(isinstance(v, bytes | bytearray) for v in vars(kept).values())
    assert not hasattr(kept, "partnerships") and not hasattr(kept, "cities")


def test_the_import_page_keeps_no_raw_upload_or_import_tables_in_the_session():
    from tests.app.test_app import run, upload

    at = run("pages/import_list.py")
    upload(at, "origin_destination.tsv")
    state = {k: at.session_state[k] for k in at.session_state}
    assert isinstance(state["sm_upload_result"], pipeline.UploadSummary)
    assert not any(isinstance(v, bytes | bytearray | pipeline.ImportResult)
                   for v in state.values())


def test_an_endless_input_on_the_command_line_ends_with_one_line(tmp_path):
    """``import /dev/zero`` used to grow until the machine killed it (~200 s)."""
    import subprocess
    import sys
    import time

    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sistermap", "import", "/dev/zero", "--out",
                           str(tmp_path / "out"), "--quiet"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: /dev/zero: larger than 256 MB")
    assert time.perf_counter() - started < 30
    assert not (tmp_path / "out").exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read_whole(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"city_a,city_b\n" + b"Bonn,Oxford\n" * 1000)
    with pytest.raises(pipeline.ImportFailed, match="larger than"):
        pipeline.read_bounded(big, limit=1024)
    assert pipeline.read_bounded(big, limit=1 << 20) == big.read_bytes()


@pytest.mark.parametrize("columns", [301, 10_000, 100_000])
def test_a_list_with_too_many_columns_is_refused_in_a_moment(columns):
    """Finding column roles grows with the square of their number: 10,000 took 41 s."""
    header = ",".join(f"c{i}" for i in range(columns))
    data = (header + "\n" + ",".join("x" * (i % 3) for i in range(columns)) + "\n").encode()
    started = time.perf_counter()
    result = pipeline.run([("wide.csv", data)], pipeline.ImportOptions(limits=pipeline.Limits()))
    assert time.perf_counter() - started < 5
    reason = result.report["rejected"][0]["reason"]
    assert reason.startswith(f"{columns:,} columns: a list of partnerships has at most 300")
