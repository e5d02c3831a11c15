"""Hostile and broken input: row-level errors in the report, never a crash or a traceback.

Names are data, never markup or formulas: they are stored as text (the app escapes on
display), formula-looking values reach the dataset unchanged, and the spreadsheet-facing
places.csv and CSV exports neutralise them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sistermap.importers import pipeline
from sistermap.kit import exports
from sistermap.store import dataset

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture(scope="module")
def geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


@pytest.fixture(scope="module")
def hostile(geocoder):
    names = ["hostile.csv", "binary_junk.bin", "empty.csv", "header_only.csv",
             "fake_workbook.xlsx"]
    files = [(n, (FIX / n).read_bytes()) for n in names]
    return pipeline.run(files, pipeline.ImportOptions(), geocoder)


def _reasons(result, file: str) -> dict[int, str]:
    return {e["row"]: e["reason"] for e in result.report["rejected"] if e["file"] == file}


def test_whole_file_problems_are_reported_not_raised(hostile):
    for name, words in (("binary_junk.bin", "binary"), ("empty.csv", "empty"),
                        ("header_only.csv", "header only"), ("fake_workbook.xlsx", "xlsx")):
        assert words in _reasons(hostile, name)[0], name


def test_each_bad_row_has_its_own_reason(hostile):
    rows = _reasons(hostile, "hostile.csv")
    assert "unresolved" in rows[1] and "<script>" in rows[1]  # reported, as text
    assert "unresolved" in rows[2]
    assert "HYPERLINK" in rows[3]  # its unquoted comma shifted the row: rejected, as text
    assert "unresolved" in rows[5]  # +cmd / @SUM are not places
    assert "cells but the header has 6" in rows[7]
    assert "NUL" in rows[8]
    assert "5000 characters" in rows[10]
    assert "self-link" in rows[11]
    assert "missing partner city" in rows[13]
    assert 12 not in rows  # an empty row is skipped, not an error


def test_good_rows_survive_next_to_bad_ones(hostile, tmp_path):
    links = hostile.partnerships
    assert len(links) == 4
    formula = links[links["note"].str.startswith("=")]
    assert formula["note"].tolist() == ["=cmd|' /C calc'!A0"]  # stored as-is
    assert "<b>bold</b> note" in links["note"].tolist()  # stored as text, escaped on display
    dresden = links[links["note"] == "typo year"].iloc[0]
    assert dresden["established"] == ""  # 1859 is out of range: dropped with a warning
    warnings = [w["message"] for w in hostile.report["warnings"]]
    assert any("1859" in w for w in warnings)
    out = pipeline.write_outputs(tmp_path / "out", hostile)
    assert dataset.validate(out) == []
    ds = dataset.load(out)
    exported = exports.to_csv(ds.partnerships)
    assert "'=cmd" in exported and ",=cmd" not in exported
    places = (out / "places.csv").read_text(encoding="utf-8")
    assert "'+cmd" in places and "'@SUM(A1:A2)" in places
    assert "\n+cmd" not in places and ",@SUM" not in places


def test_huge_cells_and_many_columns_do_not_crash(geocoder):
    huge = "city1,country1,city2,country2,note\nKiel,DE,Vaasa,FI," + "n" * 500_000 + "\n"
    result = pipeline.run([("huge.csv", huge.encode())], pipeline.ImportOptions(), geocoder)
    assert len(result.partnerships) == 1
    assert len(result.partnerships.iloc[0]["note"]) == 1000
    wide = ",".join(f"c{i}" for i in range(3000)) + "\n" + ",".join("x" * 3000) + "\n"
    result = pipeline.run([("wide.csv", wide.encode())], pipeline.ImportOptions(), geocoder)
    assert result.report["rows_rejected"] == 1 and "3,000 columns" in result.report[
        "rejected"][0]["reason"]  # refused before the roles are looked for (#23)


def test_unbalanced_quotes_and_odd_bytes(geocoder):
    text = b'city1,country1,city2,country2\n"Kiel,DE,Vaasa,FI\nKiel,DE,Vaasa,FI\n\xff\xfe\x00'
    result = pipeline.run([("q.csv", text)], pipeline.ImportOptions(), geocoder)
    assert result.report["rows_rejected"] >= 1  # no traceback, a reason instead


def test_cli_never_shows_a_traceback(tmp_path):
    names = ["hostile.csv", "binary_junk.bin", "empty.csv", "header_only.csv",
             "fake_workbook.xlsx", "does-not-exist.csv"]
    done = subprocess.run(
        [sys.executable, "-m", "sistermap", "import", *[str(FIX / n) for n in names],
         "--out", str(tmp_path / "out"), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 0 and "rows rejected:" in done.stdout
    report = json.loads((tmp_path / "out" / "import-report.json").read_text())
    assert any("cannot read" in e["reason"] for e in report["rejected"])


def test_script_urls_in_source_cells_never_become_links(geocoder):
    text = ("city1,country1,city2,country2,source\n"
            "Kiel,DE,Vaasa,FI,javascript:alert(1)\n"
            "Kiel,DE,Coventry,GB,https://www.kiel.de/partner\n")
    result = pipeline.run([("weird:name.csv", text.encode())], pipeline.ImportOptions(),
                          geocoder)
    sources = sorted(result.partnerships["source"])
    assert sources == ["https://www.kiel.de/partner", "weird_name.csv"]
    assert any("source cell" in w["message"] for w in result.report["warnings"])
