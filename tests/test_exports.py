"""Exports carry every documented column and cannot run as formulas."""

from __future__ import annotations

import csv
import io
import json

from sistermap import dataset, exports


def test_csv_has_the_documented_columns(mini_dataset):
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(mini_dataset.partnerships))))
    assert len(rows) == 12
    assert tuple(rows[0]) == exports.EXPORT_COLUMNS
    cov = next(r for r in rows if r["city_b"] == "Volgograd")
    assert (cov["country_a"], cov["established"], cov["era"]) == ("GB", "1944", "postwar")
    assert float(cov["lon_a"]) == -1.5122  # negative numbers are numbers, not formulas


def test_csv_neutralises_spreadsheet_formulas(mini_copy):
    path = mini_copy / "partnerships.csv"
    text = path.read_text().replace("Test fixture", '"=HYPERLINK(""http://evil"",""x"")"', 1)
    path.write_text(text.replace(",Test fixture", ",@SUM(A1)", 1))
    out = exports.to_csv(dataset.load(mini_copy).partnerships)
    notes = [r["note"] for r in csv.DictReader(io.StringIO(out))]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in notes and "'@SUM(A1)" in notes
    assert not any(n.startswith(("=", "@", "+")) for n in notes)


def test_geojson_is_valid_lon_lat_lines(mini_dataset):
    data = json.loads(exports.to_geojson(mini_dataset.partnerships))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 12
    feature = next(f for f in data["features"] if f["properties"]["city_b"] == "Volgograd")
    assert feature["geometry"]["coordinates"][0] == [-1.5122, 52.4066]
    assert feature["properties"]["focus_areas"] == ["peace", "culture"]
    unknown = next(f for f in data["features"] if f["properties"]["city_a"] == "Kraków")
    assert unknown["properties"]["established"] is None


def test_a_line_break_inside_a_cell_cannot_start_a_formula_row():
    import csv
    import io

    import pandas as pd

    from sistermap.exports import safe_csv

    cells = ["x\r=HYPERLINK(1)", "y\n@SUM(A1)", "z\r\n-2+3"]
    text = safe_csv(pd.DataFrame({"name": cells, "n": [1, 2, 3]}))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == cells  # each cell stays whole, in one row
    assert all(f'"{c}"' in text for c in cells)  # quoted: no spreadsheet starts a row inside
