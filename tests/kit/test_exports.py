"""Exports carry every documented column and cannot run as formulas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from sistermap.kit import exports
from sistermap.store import dataset


def test_csv_has_the_documented_columns(mini_dataset):
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(mini_dataset.partnerships))))
    assert len(rows) == 12
    assert tuple(rows[0]) == exports.EXPORT_COLUMNS
    cov = next(r for r in rows if r["city_b"] == "Volgograd")
    assert (cov["country_a"], cov["established"], cov["era"]) == ("GB", "1944", "early")
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


HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile_kit"


def test_city_table_is_oriented_from_the_city_with_labels(mini_dataset):
    t = exports.city_table(mini_dataset.partnerships, "gn:2652221", "Coventry")
    assert tuple(t.columns) == exports.CITY_COLUMNS
    assert set(t["city"]) == {"Coventry"}
    assert "Coventry" not in set(t["partner"])
    first = t.iloc[0]
    assert (first["partner"], first["partner country"], first["since"]) == (
        "Volgograd", "Russia", 1944)
    assert first["status"] == "Active" and first["kind"] == "Twin town"
    assert first["focus"] == "Peace & reconciliation, Culture"
    assert list(t["since"]) == sorted(t["since"])  # oldest first


def test_city_table_keeps_unknown_years_blank():
    ds = dataset.load(HOSTILE)
    t = exports.city_table(ds.partnerships, "gn:2652221", "Coventry")
    moscow = t[t["partner"] == "Москва"].iloc[0]
    assert pd.isna(moscow["since"])
    rows = list(csv.DictReader(io.StringIO(exports.to_excel_csv(t).decode("utf-8-sig"))))
    assert next(r for r in rows if r["partner"] == "Москва")["since"] == ""


def test_excel_csv_has_a_bom_and_stays_formula_safe():
    ds = dataset.load(HOSTILE)
    data = exports.to_excel_csv(exports.city_table(ds.partnerships, "gn:2652221", "Coventry"))
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    text = data.decode("utf-8-sig")
    assert "Saint-Étienne" in text and "Москва" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [v for r in rows for v in r.values()]
    assert not any(c.startswith(("=", "@", "+")) for c in cells)
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells
    assert "'@SUM(A1)" in cells and "<img src=x onerror=alert(1)>" in cells


def test_xlsx_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    ds = dataset.load(HOSTILE)
    table = exports.city_table(ds.partnerships, "gn:2652221", "Coventry")
    wb = load_workbook(io.BytesIO(exports.to_xlsx(table)))
    ws = wb.active
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == list(exports.CITY_COLUMNS)
    assert not [c.coordinate for r in rows for c in r if c.data_type == "f"]
    values = {c.value for r in rows for c in r}
    assert '=HYPERLINK("http://evil.example","click")' in values  # shown as written, as text
    assert "@SUM(A1)" in values and "Saint-Étienne" in values
    since = {r[1].value: r[4].value for r in rows[1:]}
    assert since["Saint-Étienne"] == 1955 and since["Москва"] is None
    assert ws.freeze_panes == "A2"


def test_xlsx_drops_control_characters_instead_of_failing():
    from openpyxl import load_workbook

    frame = pd.DataFrame({"partner": ["Bad\x00name\x07"], "since": [1990]})
    ws = load_workbook(io.BytesIO(exports.to_xlsx(frame))).active
    assert ws["A2"].value == "Badname"


def test_a_line_break_inside_a_cell_cannot_start_a_formula_row():
    import csv
    import io

    import pandas as pd

    from sistermap.kit.exports import safe_csv

    cells = ["x\r=HYPERLINK(1)", "y\n@SUM(A1)", "z\r\n-2+3"]
    text = safe_csv(pd.DataFrame({"name": cells, "n": [1, 2, 3]}))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == cells  # each cell stays whole, in one row
    assert all(f'"{c}"' in text for c in cells)  # quoted: no spreadsheet starts a row inside
