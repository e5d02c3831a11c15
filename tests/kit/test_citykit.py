"""The council kit's commands: a sheet or an image per city, from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from sistermap import cli
from sistermap.kit import citykit
from sistermap.query.filters import Filters
from tests.conftest import MINI

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile_kit"


def test_sheet_command_by_name(tmp_path, capsys):
    out = tmp_path / "coventry.pdf"
    assert cli.main(["sheet", "--data", str(MINI), "--city", "Coventry", "--out",
                     str(out), "--base-url", "https://maps.example.org"]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Volgograd" in text and "Kiel" in text and "Dresden" in text
    assert "https://maps.example.org/city?city=coventry&statuses=all" in text
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(("size", "fmt", "pixels"), [("1920x1080", "PNG", (1920, 1080)),
                                                     ("square", "PNG", (1080, 1080))])
def test_image_command_sizes(tmp_path, size, fmt, pixels):
    out = tmp_path / "x.png"
    assert cli.main(["image", "--data", str(MINI), "--city", "gn:2652221", "--size", size,
                     "--out", str(out)]) == 0
    image = Image.open(out)
    assert (image.format, image.size) == (fmt, pixels)


def test_image_command_a4_is_a_pdf(tmp_path):
    out = tmp_path / "x.pdf"
    assert cli.main(["image", "--data", str(HOSTILE), "--city", "Coventry", "--size", "a4",
                     "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "<img src=x onerror=alert(1)>" in PdfReader(out).pages[0].extract_text()


def test_a_sheet_for_every_city_of_a_country(tmp_path):
    assert cli.main(["sheet", "--data", str(MINI), "--all-in", "Germany", "--out-dir",
                     str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dresden-sheet.pdf",
                                                          "kiel-sheet.pdf"]


def test_filters_apply_to_the_sheet(tmp_path):
    out = tmp_path / "prague.pdf"
    assert cli.main(["sheet", "--data", str(MINI), "--city", "Prague", "--status", "active",
                     "--out", str(out)]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Taipei" in text and "Beijing" not in text  # Prague–Beijing ended in 2019
    assert "Ended and suspended partnerships are not shown." in text


@pytest.mark.parametrize("argv", [
    ["sheet", "--city", "Nowhere", "--out", "x.pdf"],
    ["sheet", "--city", "Coventry"],
    ["sheet", "--all-in", "Atlantis", "--out-dir", "x"],
    ["sheet", "--out", "x.pdf"],
    ["image", "--city", "Coventry", "--size", "12x3", "--out", "x.png"],
])
def test_bad_command_lines_say_why(argv, capsys):
    assert cli.main([*argv, "--data", str(MINI)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1


def test_file_names_follow_the_city(mini_dataset):
    assert citykit.file_name(mini_dataset.cities, "gn:3094802", "partners.xlsx") == \
        "krakow-partners.xlsx"
    assert citykit.file_name(mini_dataset.cities, "gn:0", "sheet.pdf") == "gn-0-sheet.pdf"


def test_filters_note():
    assert citykit.filters_note(Filters()) == ""
    assert citykit.filters_note(Filters(statuses=("active", "unknown"))) == \
        "Ended and suspended partnerships are not shown."
    assert citykit.filters_note(Filters(statuses=("active", "ended"))) == \
        "Suspended partnerships are not shown."


def test_image_helper_formats(mini_dataset):
    links = citykit.city_links(mini_dataset.partnerships, mini_dataset.cities, "gn:2652221")
    assert len(links) == 3
    png = citykit.image(links, mini_dataset.cities, "gn:2652221", "square")
    assert Image.open(io.BytesIO(png)).size == (1080, 1080)


def test_a_sheet_for_a_city_with_a_very_long_name(tmp_path, mini_copy):
    """A ~2,300-character name overflowed the QR code: 'unexpected ValueError'."""
    import csv

    path = mini_copy / "cities.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["name"] = "Coventry " * 260
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "long.pdf"
    assert cli.main(["sheet", "--data", str(mini_copy), "--city", rows[0]["city_id"],
                     "--out", str(out)]) == 0
    assert PdfReader(out).pages[0].extract_text().split()[:2] == ["Coventry", "Coventry"]
