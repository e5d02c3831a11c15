"""Export filtered partnerships as CSV (formula-safe) or GeoJSON.

The command line and the app's download buttons share these functions, so what a user
downloads is exactly what ``sistermap export`` writes.
"""

from __future__ import annotations

import json

import pandas as pd

from sistermap import schema
from sistermap.text import formula_safe

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


def safe_csv(frame: pd.DataFrame) -> str:
    """Any table as CSV, text cells neutralised against spreadsheet formulas."""
    out = pd.DataFrame(frame).copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(formula_safe)
    # CRLF rows (RFC 4180): the csv writer then quotes every cell holding a CR or LF. With
    # "\n" rows a bare CR stayed unquoted, and a spreadsheet starts a new row at it, so
    # "x\r=HYPERLINK(...)" became a live formula in a cell of its own.
    return out.to_csv(index=False, lineterminator="\r\n")


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
