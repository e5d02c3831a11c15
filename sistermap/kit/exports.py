"""Export filtered partnerships as CSV (formula-safe), GeoJSON, or a city's spreadsheet.

The command line and the app's download buttons share these functions, so what a user
downloads is exactly what ``sistermap export`` writes.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd

from sistermap import schema
from sistermap.i18n import N_, _
from sistermap.query import stats
from sistermap.safe_text import formula_safe

EXPORT_COLUMNS: tuple[str, ...] = (
    "city_a_id", "city_a", "country_a", "lat_a", "lon_a",
    "city_b_id", "city_b", "country_b", "lat_b", "lon_b",
    "kind", "established", "established_date", "ended", "status", "era",
    "focus_areas", "source", "note",
)


def table(partnerships: pd.DataFrame) -> pd.DataFrame:
    """The export columns, one row per partnership, in a stable order."""
    out = pd.DataFrame(partnerships).reindex(columns=list(EXPORT_COLUMNS)).copy()
    return out.sort_values(["city_a", "city_b"], kind="stable").reset_index(drop=True)


def to_csv(partnerships: pd.DataFrame) -> str:
    """The export table as CSV text in which no cell can run as a spreadsheet formula."""
    return safe_csv(table(partnerships))


def safe_csv(frame: pd.DataFrame, lineterminator: str = "\r\n") -> str:
    """Any table as CSV, text cells neutralised against spreadsheet formulas."""
    out = pd.DataFrame(frame).copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(formula_safe)
    # CRLF rows by default (RFC 4180, what Excel writes): a cell holding a bare CR is then
    # quoted too, instead of splitting its row in two when the file is read back.
    return out.to_csv(index=False, lineterminator=lineterminator)


def _jsonable(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def to_geojson(partnerships: pd.DataFrame) -> str:
    """A FeatureCollection of straight LineStrings (RFC 7946, lon/lat order) with all fields."""
    out = table(partnerships)
    features = []
    for row in out.to_dict(orient="records"):
        props = {k: _jsonable(v) for k, v in row.items()}
        props["focus_areas"] = schema.split_list(props.get("focus_areas"))
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString",
                         "coordinates": [[props["lon_a"], props["lat_a"]],
                                         [props["lon_b"], props["lat_b"]]]},
            "properties": props,
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


FORMATS = {"csv": to_csv, "geojson": to_geojson}


#: A city's partners as people read them: seen from the city, human labels, no codes.
CITY_COLUMNS: tuple[str, ...] = (
    "city", "partner", "partner country", "partner continent", "since", "ended", "status",
    "kind", "focus", "era", "note", "source",
)

#: The city table's headers for a spreadsheet, translated when it is written (for_readers).
_CITY_HEADERS = (N_("city"), N_("partner"), N_("partner country"), N_("partner continent"),
                 N_("since"), N_("ended"), N_("status"), N_("kind"), N_("focus"), N_("era"),
                 N_("note"), N_("source"))


def for_readers(frame: pd.DataFrame) -> pd.DataFrame:
    """The city table (:func:`city_table`) with its headers in the reader's language, for
    the council's spreadsheet; the values are already the labels the app shows."""
    return frame.rename(columns={c: _(c) for c in _CITY_HEADERS})


#: Control characters a spreadsheet cell cannot hold (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def city_table(partnerships: pd.DataFrame, city_id: str, city_name: str) -> pd.DataFrame:
    """One row per partner of ``city_id``, oriented from that city, oldest link first.

    Unknown years stay blank (never 0); status, kind, focus and era are the labels the app
    shows, not the codes of the data files.
    """

    t = stats.partner_table(partnerships, city_id)
    out = pd.DataFrame({
        "city": [city_name] * len(t),
        "partner": t["partner"], "partner country": t["country"],
        "partner continent": t["continent"],
        "since": pd.array(t["established"], dtype="Int64"),
        "ended": pd.array(pd.to_numeric(t["ended"], errors="coerce"), dtype="Int64"),
        "status": t["status"], "kind": t["kind"], "focus": t["focus"], "era": t["era"],
        "note": t["note"].fillna(""), "source": t["source"].fillna(""),
    })
    return out.reindex(columns=list(CITY_COLUMNS)).reset_index(drop=True)


def to_excel_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes that Excel opens cleanly: UTF-8 with a byte-order mark, CRLF, formula-safe.

    Without the mark Excel reads UTF-8 as Windows-1252 and "Saint-Étienne" turns into
    "Saint-Ã‰tienne".
    """
    text = safe_csv(frame, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "Partners") -> bytes:
    """An .xlsx workbook of the table in which every text cell is text, never a formula.

    openpyxl would store ``=HYPERLINK(…)`` as a formula; each text cell is forced to the
    string type instead, so the name shows exactly as written and runs nothing. Numbers
    stay numbers, blanks stay empty; the header row is bold and frozen.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _ILLEGAL_XML.sub("", sheet)[:31] or "Partners"
    columns = [str(c) for c in frame.columns]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for row in frame.itertuples(index=False):
        values = []
        for value in row:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                values.append(None)
            elif isinstance(value, str):
                values.append(_ILLEGAL_XML.sub("", value))
            elif hasattr(value, "item"):
                values.append(value.item())
            else:
                values.append(value)
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    for i, name in enumerate(columns, start=1):
        longest = max([len(name)] + [len(str(v)) for v in frame.iloc[:, i - 1].head(200)
                                     if v is not None and not (isinstance(v, float) and v != v)])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(8, longest + 2), 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
