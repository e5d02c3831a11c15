"""The files written next to an import: places.csv keeps coordinates as numbers."""

from __future__ import annotations

import csv

from sistermap.importers import pipeline
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "import"


def test_places_csv_keeps_negative_coordinates_numeric(tmp_path):
    result = pipeline.import_paths([FIXTURES / "association_utf16.txt"])
    pipeline.write_outputs(tmp_path, result)
    rows = list(csv.DictReader((tmp_path / "places.csv").open(encoding="utf-8")))
    arlington = next(r for r in rows if r["input_name"].startswith("Arlington"))
    assert float(arlington["lon"]) < -77 and float(arlington["lat"]) > 38
    assert (tmp_path / "import-report.txt").read_text().strip()


def test_every_unplaced_place_is_reported_with_its_cause(tmp_path):
    """A names-only list in the shapes real lists use: councils, 'England, United
    Kingdom', a region with the country; what is left unplaced is counted by cause in
    the report, the summary the app shows, places.csv and the text report."""
    text = ("city_a,country_a,city_b,country_b\n"
            "Leeds City Council,\"England, United Kingdom\",Gemeente Delft,Netherlands\n"
            "Gmünd,\"Lower Austria, Austria\",Comune di Udine,Italy\n"
            "Gmünd,Austria,Lyon,France\n"
            "Passau,Austria,Qqxvillezz,Germany\n")
    result = pipeline.import_bytes([("list.csv", text.encode())])
    causes = result.report["places"]["unplaced_by_cause"]
    assert causes == {"ambiguous between several candidates": 1,
                      "not in the gazetteers": 1,
                      "the name exists only in another country (not moved)": 1}
    assert result.report["partnerships_imported"] == 2
    summary = "\n".join(result.summary_lines())
    assert "places not placed, by cause: 1 ambiguous between several candidates" in summary
    places = result.places.set_index("input_name")
    assert places.loc["Passau", "cause"].startswith("the name exists only in another")
    assert places.loc["Leeds City Council", "cause"] == ""
    pipeline.write_outputs(tmp_path, result)
    report = (tmp_path / "import-report.txt").read_text()
    assert "'Qqxvillezz' (Germany): not in the gazetteers;" in report
