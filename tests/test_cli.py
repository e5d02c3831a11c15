"""The commands people and scripts run: validate, stats, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from sistermap import cli
from tests.conftest import MINI, ROOT


def test_validate_passes_a_good_dataset(capsys):
    assert cli.main(["validate", str(MINI)]) == 0
    assert "valid (12 partnerships, 17 cities)" in capsys.readouterr().out


def test_validate_lists_every_problem_with_file_and_row(mini_copy, capsys):
    path = mini_copy / "partnerships.csv"
    lines = path.read_text().splitlines()
    lines.append("gn:2652221,gn:472757,twin_town,1944,,,active,culture,https://x.org,")  # dup
    lines.append("gn:2652221,gn:999,twin_town,3000,,,active,gardening,,")
    path.write_text("\n".join(lines) + "\n")
    assert cli.main(["validate", str(mini_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any("partnerships.csv:13" in line and "duplicate pair" in line for line in out)
    row14 = [line for line in out if "partnerships.csv:14" in line]
    assert len(row14) == 4  # unknown city, year out of range, unknown focus, missing source


def test_stats_json_has_every_dimension(capsys):
    assert cli.main(["stats", str(MINI), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["partnerships"] == 12 and data["countries"] == 11
    for key in ("by_era", "by_focus", "by_continent", "by_status", "by_kind"):
        assert sum(data[key].values()) >= 12, key


def test_stats_text_is_readable(capsys):
    assert cli.main(["stats", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "12 partnerships between 17 cities in 11 countries" in out
    assert "Post-war reconciliation" in out


def test_export_csv_with_filters(tmp_path):
    out = tmp_path / "jp.csv"
    code = cli.main(["export", str(MINI), "--format", "csv", "--out", str(out),
                     "--country", "Japan", "--era", "cold_war", "--status", "active"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {(r["city_a"], r["city_b"]) for r in rows} == {
        ("Kyoto", "Paris"), ("Kyoto", "Boston"), ("San Francisco", "Osaka"), ("Tokyo", "Beijing")}


def test_export_geojson(tmp_path):
    out = tmp_path / "all.geojson"
    assert cli.main(["export", str(MINI), "--format", "geojson", "--out", str(out)]) == 0
    assert len(json.loads(out.read_text())["features"]) == 12


def test_unknown_filter_value_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sistermap", "export", str(MINI), "--out", str(tmp_path / "x"),
         "--focus", "gardening"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "unknown focus gardening" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_dataset_exits_1_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sistermap", "stats", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "not a dataset directory" in result.stderr
    assert "Traceback" not in result.stderr
