"""Encoding, delimiter and format detection: the bytes decide, not the file name."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sistermap.importers import detect

FIX = Path(__file__).resolve().parent / "fixtures" / "import"
TEXT = "Stadt;Partnerstadt;Land\nMünchen;Kiew;Ukraine\nKöln;Lüttich;Belgien\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its NUL pattern
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1252"), "cp1252"),
])
def test_every_encoding_decodes_to_the_same_text(data, encoding):
    text, found = detect.decode(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_cp1252_specials_and_latin1_fallback():
    text, enc = detect.decode("Zürich – “Partner” €".encode("cp1252"))
    assert text == "Zürich – “Partner” €" and enc == "cp1252"
    # 0x81 is undefined in cp1252: Latin-1 still decodes, nothing crashes.
    text, enc = detect.decode(b"Malm\xf6\x81;Sverige\n")
    assert enc == "latin-1" and text.startswith("Malmö")


@pytest.mark.parametrize("name", ["binary_junk.bin", "fake_workbook.xlsx"])
def test_binary_files_are_refused_with_a_reason(name):
    with pytest.raises(detect.NotText) as exc:
        detect.decode((FIX / name).read_bytes())
    assert str(exc.value)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    rows = [["city1", "country1", "city2", "country2"], ["Paris", "France", "Rome", "Italy"],
            ["Kiel", "Germany", "Coventry", "United Kingdom"]]
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    assert detect.sniff_delimiter(text) == delimiter


def test_semicolon_list_with_commas_inside_cells():
    text = ("Stadt;Partnerstadt;Bemerkung\n"
            "Bonn;Oxford;erste, älteste, wichtigste\n"
            "Bonn;Potsdam;seit 1988, deutsch-deutsch\n")
    assert detect.sniff_delimiter(text) == ";"


def test_table_kinds():
    assert detect.table_kind(["id", "label", "country", "lat", "lon"]) == "nodes"
    assert detect.table_kind(["source", "target", "year"]) == "links"
    assert detect.table_kind(["city1", "country1", "city2", "country2"]) == "pairs"
    assert detect.is_sparql_json((FIX / "wikidata_p190.json").read_text(encoding="utf-8"))
    assert not detect.is_sparql_json('{"a": 1}')
