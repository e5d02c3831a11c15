"""The commands people and scripts run: validate, stats, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from sistermap import cli, schema
from sistermap.query import stats
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
    for era in ("early", "postwar", "cold_war", "global"):  # the eras the fixture has
        assert schema.ERA_LABELS[era] in out


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


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


def test_out_into_a_missing_folder_or_onto_a_directory_is_one_line(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "x.csv"
    assert cli.main(["export", str(MINI), "--out", str(missing)]) == 2
    assert "does not exist" in _one_error_line(capsys.readouterr().err)
    assert cli.main(["export", str(MINI), "--out", str(tmp_path)]) == 2
    assert "is a directory" in _one_error_line(capsys.readouterr().err)
    assert cli.main(["render", "--data", str(MINI), "--out", str(tmp_path)]) == 2
    assert "is a directory" in _one_error_line(capsys.readouterr().err)
    assert not missing.parent.exists()


def test_broken_dataset_directories_are_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    bad = tmp_path / "latin1"
    bad.mkdir()
    (bad / "cities.csv").write_bytes("city_id,name\nQ1,Br\xfcgge\n".encode("latin-1"))
    (bad / "partnerships.csv").write_text("city_a_id\n")
    for target, says in ((tmp_path / "nowhere", "does not exist"),
                         (tmp_path / "empty", "not a dataset directory"),
                         (bad, "not UTF-8")):
        for command in ("stats", "export"):
            args = [command, str(target)] + (["--out", str(tmp_path / "o.csv")]
                                             if command == "export" else [])
            assert cli.main(args) == 1
            assert says in _one_error_line(capsys.readouterr().err)


def test_an_unexpected_error_is_one_line_unless_debugging(monkeypatch, capsys):
    def broken(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(stats, "summary", broken)
    assert cli.main(["stats", str(MINI)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "unexpected RecursionError" in line and "SISTERMAP_DEBUG=1" in line
    monkeypatch.setenv("SISTERMAP_DEBUG", "1")
    with pytest.raises(RecursionError):
        cli.main(["stats", str(MINI)])


def test_sheets_of_a_country_tell_homonyms_apart(mini_copy, tmp_path, capsys):
    """#17: ``sheet --all-in DE`` wrote 1,086 sheets into 1,079 files (two Naumburgs, two
    Coswigs overwrote each other): every city gets its own file, and its title says which."""
    from pypdf import PdfReader

    with open(mini_copy / "cities.csv", "a", encoding="utf-8") as out:
        out.write("gn:2866906,Naumburg,,DE,Saxony-Anhalt,51.14987,11.80979,32000\n"
                  "Q641014,Naumburg,,DE,,51.25,9.16667,5000\n"
                  "Q530197,Coswig,,DE,,51.88333,12.43333,11000\n"
                  "Q8693,Coswig,,DE,,51.13333,13.58333,20000\n")
    with open(mini_copy / "partnerships.csv", "a", encoding="utf-8") as out:
        for city in ("gn:2866906", "Q641014", "Q530197", "Q8693"):
            out.write(f"{city},gn:2652221,twin_town,1990,,,active,culture,"
                      "https://example.org,Test fixture\n")
    out_dir = tmp_path / "sheets"
    assert cli.main(["sheet", "--all-in", "DE", "--out-dir", str(out_dir),
                     "--data", str(mini_copy)]) == 0
    wrote = [line for line in capsys.readouterr().out.splitlines() if line.startswith("wrote")]
    files = sorted(p.name for p in out_dir.iterdir())
    assert len(files) == len(wrote) == 6  # Dresden, Kiel, two Naumburgs, two Coswigs
    assert {"naumburg-gn-2866906-sheet.pdf", "naumburg-q641014-sheet.pdf",
            "coswig-q530197-sheet.pdf", "coswig-q8693-sheet.pdf",
            "dresden-sheet.pdf", "kiel-sheet.pdf"} == set(files)
    titles = {p.name: PdfReader(p).metadata.title for p in out_dir.iterdir()}
    assert titles["naumburg-gn-2866906-sheet.pdf"] == "Naumburg (Saxony-Anhalt): partner cities"
    assert titles["coswig-q530197-sheet.pdf"] == "Coswig (51.88° N, 12.43° E): partner cities"
    assert titles["dresden-sheet.pdf"] == "Dresden: partner cities"
