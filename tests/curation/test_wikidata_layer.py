"""Building the Wikidata layer from the snapshot or a fetch-wikidata run."""

from __future__ import annotations

import pandas as pd

from sistermap.curation import wikidata_layer
from sistermap.store import dataset
from tests.conftest import ROOT, snapshot


def test_snapshot_reads_namibia_and_taiwan_codes(tmp_path):
    d = snapshot(tmp_path, [("Q3935", "Windhoek", "17.08", "-22.57", "Namibia", "NA", "Africa"),
                            ("Q1867", "Taipei", "121.56", "25.03", "Taiwan", "CN-TW", "Asia")],
                 [("Q3935", "Q1867")])
    found, links = wikidata_layer.read_snapshot(d)
    assert found["country"].tolist() == ["NA", "TW"]
    assert links[["established", "ended"]].eq("").all().all()  # the snapshot has no dates

def test_layer_links_mapped_onto_reviewed_cities(layered):
    links = pd.read_csv(layered / "sources/wikidata/links.csv", dtype=str,
                        keep_default_na=False)
    pairs = set(zip(links["city_a_id"], links["city_b_id"]))
    assert pairs == {("gn:2652221", "gn:472757"), ("gn:2652221", "gn:2935022"),
                     ("Q182059", "gn:5045360")}
    own = pd.read_csv(layered / "sources/wikidata/cities.csv", dtype=str, keep_default_na=False)
    assert own["city_id"].tolist() == ["Q182059"]

def test_shipped_layer_is_built_from_the_shipped_snapshot():
    """The layer in data/ is what build-sources makes of the snapshot: reproducible."""
    root = ROOT / "data"
    layer = wikidata_layer.build_wikidata(root)
    shipped = pd.read_csv(root / "sources/wikidata/links.csv", dtype=str, keep_default_na=False)
    assert shipped.equals(layer.links.astype(str))

def test_a_fetch_wikidata_directory_refreshes_the_layer_with_its_years(layered, tmp_path):
    """fetch-wikidata writes a dataset directory; its years are statements, its defaults not."""
    fetched = tmp_path / "fetched"
    fetched.mkdir()
    (fetched / "cities.csv").write_text(
        "city_id,name,alt_names,country,admin1,lat,lon,population\n"
        "Q17,Coventry,,GB,,52.41,-1.51,\nQ914,Volgograd,,RU,,48.71,44.51,\n"
        "Q3935,Windhoek,,NA,,-22.57,17.08,\n", encoding="utf-8")
    (fetched / "partnerships.csv").write_text(
        "city_a_id,city_b_id,kind,established,established_date,ended,status,focus_areas,"
        "source,note\n"
        "Q17,Q914,sister_city,1943,1943,,unknown,,https://www.wikidata.org/wiki/Q17,\n"
        "Q3935,Q17,sister_city,1990,1990,2001,ended,,https://www.wikidata.org/wiki/Q3935,\n",
        encoding="utf-8")
    from sistermap import cli

    assert cli.main(["build-sources", str(layered), "--fetched", str(fetched)]) == 0
    p = dataset.load(layered).partnerships.set_index("pair_id")
    assert p.loc["gn:2652221~gn:472757", "established"] == 1944  # the reviewed year wins
    assert "Wikidata states established 1943" in p.loc["gn:2652221~gn:472757", "source_notes"]
    windhoek = p.loc["Q3935~gn:2652221"]
    assert (windhoek["established"], windhoek["ended"], windhoek["status"]) == (1990, 2001,
                                                                                 "ended")
    assert windhoek["kind"] == "" and windhoek["country_b"] == "GB"
    assert windhoek["country_a"] == "NA"  # Namibia, not missing
