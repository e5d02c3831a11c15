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
