"""Layers merged on load: every link says which sources list it; the dataset's own fields win."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sistermap import sources
from sistermap.query import provenance
from sistermap.store import dataset
from tests.conftest import MINI


def test_load_marks_every_link_with_its_sources(layered):
    assert dataset.validate(layered) == []
    ds = dataset.load(layered)
    p = ds.partnerships
    assert len(p) == 13
    marks = dict(zip(p["pair_id"], p["source_mark"]))
    assert marks["gn:2652221~gn:472757"] == "reviewed + Wikidata"
    assert marks["gn:3067696~gn:1816670"] == "reviewed"
    new = p[p["sources"].map(lambda s: s == ("wikidata",))].iloc[0]
    # Nothing Wikidata does not state: no kind, no focus, no year, status unknown.
    assert (new["kind"], new["focus"], new["status"]) == ("", (), "unknown")
    assert pd.isna(new["established"]) and new["era"] == "unknown"
    assert new["source"].startswith("https://www.wikidata.org/wiki/Q")
    assert ds.cities.loc["Q182059", "name"] == "Kumasi"
    assert ds.cities.loc["gn:5045360", "degree"] == 2

def test_reviewed_fields_win_and_a_different_year_stays_visible(layered):
    links_file = layered / "sources/wikidata/links.csv"
    links = pd.read_csv(links_file, dtype=str, keep_default_na=False)
    links.loc[links["city_b_id"] == "gn:472757", "established"] = "1943"
    links.loc[links["city_b_id"] == "gn:2935022", "established"] = "1959"
    links.to_csv(links_file, index=False)
    p = dataset.load(layered).partnerships.set_index("pair_id")
    coventry = p.loc["gn:2652221~gn:472757"]
    assert coventry["established"] == 1944
    assert coventry["source_notes"] == "Wikidata states established 1943 (shown: 1944)"
    assert bool(coventry["year_disagrees"])
    assert p.loc["gn:2652221~gn:2935022", "source_notes"] == ""
    assert provenance.overlap(p.reset_index())["reviewed_vs_wikidata"]["years_disagree"] == 1

def test_a_broken_layer_is_reported_by_row(layered):
    (layered / "sources/wikidata/links.csv").write_text(
        "city_a_id,city_b_id,established,ended,reference\nQ182059,Q999,,,\n", encoding="utf-8")
    problems = dataset.validate(layered)
    assert [(p.row, p.column) for p in problems] == [(1, "city_b_id")]
    with pytest.raises(dataset.DatasetError):
        dataset.load(layered)
    assert len(dataset.load(layered, strict=False).partnerships) == 12

def test_imported_directories_and_uploads_are_marked_imported(tmp_path, mini_dataset):
    root = tmp_path / "imp"
    shutil.copytree(MINI, root)
    (root / sources.IMPORT_MARKER).write_text("{}", encoding="utf-8")
    assert set(dataset.load(root).partnerships["source_mark"]) == {"imported"}
    def table(name: str) -> pd.DataFrame:
        return pd.read_csv(MINI / name, dtype=str, keep_default_na=False)

    upload = dataset.from_frames(table("cities.csv"), table("partnerships.csv"))
    both = dataset.combine(upload, mini_dataset)
    assert set(both.partnerships["source_mark"]) == {"imported + reviewed"}
