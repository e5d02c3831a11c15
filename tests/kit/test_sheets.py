"""The printable city sheet: one A4 page whose text says what the data says, safely."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from sistermap.kit import exports, sheets
from sistermap.store import dataset

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile_kit"
COVENTRY = "gn:2652221"


@pytest.fixture(scope="module")
def hostile():
    return dataset.load(HOSTILE)


@pytest.fixture(scope="module")
def hostile_pdf(hostile):
    info = sheets.SheetInfo(link="https://maps.example.org/city?city=gn:2652221",
                            date=dt.date(2026, 5, 9), note="Ended links are not shown.")
    return sheets.city_sheet(hostile.partnerships, hostile.cities, COVENTRY, info)


def test_sheet_is_one_a4_page(hostile_pdf):
    reader = PdfReader(io.BytesIO(hostile_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_sheet_text_has_the_partners_and_sources_as_text(hostile_pdf):
    text = PdfReader(io.BytesIO(hostile_pdf)).pages[0].extract_text()
    squeezed = "".join(text.split())  # table cells wrap: compare without whitespace
    for expected in ("Coventry", "England · United Kingdom", "In short", "Partners",
                     "When the links were formed", "Since", "Source",
                     "<img src=x onerror=alert(1)>", '=HYPERLINK("http://evil.example","click")',
                     "Saint-Étienne", "Москва", "$x^2$ </script> & Co", "+cmd|' /C calc'!A0",
                     "Printed 9 May 2026", "https://maps.example.org/city?city=gn:2652221",
                     "Ended links are not shown.", "1940s: 1 · 1950s: 1 · 1960s: 1 · 2010s: 1 · "
                     "year unknown: 1"):
        assert "".join(expected.split()) in squeezed, expected


def test_only_http_sources_become_links(hostile_pdf):
    page = PdfReader(io.BytesIO(hostile_pdf)).pages[0]
    uris = {a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])
            if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]}
    assert uris == {"https://en.wikipedia.org/wiki/Coventry",
                    "https://maps.example.org/city?city=gn:2652221"}


def test_summary_is_counted_from_the_data(hostile):
    table = exports.city_table(hostile.partnerships, COVENTRY, "Coventry")
    text = " ".join(sheets.summary_text(table, "Coventry"))
    assert text.startswith("Coventry has 5 partner cities in 4 countries on 2 continents "
                           "(Europe 4, North America 1).")
    assert "The first link shown was formed in 1947 with <img src=x onerror=alert(1)>" in text
    assert "the most recent in 2010 with $x^2$ </script> & Co" in text
    assert "The year is not recorded for 1 link." in text
    assert "Status: 4 active and 1 unknown." in text


def test_summary_of_a_city_without_links_or_years(mini_dataset):
    empty = exports.city_table(mini_dataset.partnerships.iloc[:0], COVENTRY, "Coventry")
    assert sheets.summary_text(empty, "Coventry") == [
        "No partnership of Coventry is shown here."]
    p = mini_dataset.partnerships
    krakow = exports.city_table(p, "gn:3094802", "Kraków")
    text = " ".join(sheets.summary_text(krakow, "Kraków"))
    assert "first link" not in text and "The year is not recorded for 1 link." in text
    assert sheets.decades_line(krakow) == "year unknown: 1"


def test_a_long_partner_list_gets_a_smaller_map_not_a_second_page(mini_dataset):
    import pandas as pd

    p = mini_dataset.partnerships
    base = p[p["city_a_id"] == COVENTRY].iloc[[0]]
    many = pd.concat([base] * 24, ignore_index=True)  # 24 rows to lay out
    pdf = sheets.city_sheet(many, mini_dataset.cities, COVENTRY)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_busiest_decade_is_named_only_when_one_leads(hostile, mini_dataset):
    tied = " ".join(sheets.summary_text(
        exports.city_table(hostile.partnerships, COVENTRY, "Coventry"), "Coventry"))
    assert "Most were formed" not in tied  # 1940s, 1950s, 1960s, 2010s: one each
    p = mini_dataset.partnerships
    table = exports.city_table(p, COVENTRY, "Coventry")  # 1944, 1947, 1959
    assert "Most were formed in the 1940s (2 of 3)." in " ".join(
        sheets.summary_text(table, "Coventry"))


def test_japanese_names_are_text_in_the_sheet(mini_dataset):
    p = mini_dataset.partnerships.copy()
    p.loc[p["city_b_id"] == "gn:2891122", "city_b"] = "東京"
    text = PdfReader(io.BytesIO(sheets.city_sheet(p, mini_dataset.cities, COVENTRY))
                     ).pages[0].extract_text()
    assert "東京" in text
    assert sheets.needs_fallback(["東京"]) and not sheets.needs_fallback(["Москва", "Kraków"])


@pytest.mark.parametrize("lang,expected", [
    ("de", ("Kurz gesagt", "Partnerstädte und Städtepartnerschaften · England · "
            "Vereinigtes Königreich · Europa (Nordeuropa)", "Gedruckt am 09.05.2026",
            "Coventry hat 5 Partnerstädte in 4 Ländern auf 2 Kontinenten (Europa 4, "
            "Nordamerika 1).", "Seit", "Quelle", "1940er: 1", "Jahr unbekannt: 1")),
    ("ja", ("概要", "姉妹都市・友好都市 · England · 英国 · ヨーロッパ (北ヨーロッパ)",
            "提携の時期", "印刷日 2026/05/09", "提携年", "出典", "1940年代：1", "年不明：1")),
])
def test_sheet_in_the_readers_language_draws_its_text(hostile, lang, expected):
    """The sheet's own words in German or Japanese, as text in the PDF: a Japanese sheet
    embeds a font that has the glyphs (IPAex Gothic), so nothing is drawn as a box."""
    from sistermap import i18n

    info = sheets.SheetInfo(date=dt.date(2026, 5, 9))
    with i18n.using(lang):
        pdf = sheets.city_sheet(hostile.partnerships, hostile.cities, COVENTRY, info)
    reader = PdfReader(io.BytesIO(pdf))
    squeezed = "".join(reader.pages[0].extract_text().split())
    for text in expected:
        assert "".join(text.split()) in squeezed, text
    fonts = {str(f.get_object().get("/BaseFont", "")) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert lang != "ja" or any("IPAex" in f for f in fonts), fonts
