"""Sources: cities matched across sources, statements merged without overwriting, layers."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sistermap import sources
from sistermap.curation import wikidata_layer
from sistermap.places import citymatch
from sistermap.query import filters, provenance, stats
from sistermap.store import dataset
from tests.app.test_app import sidebar_count
from tests.conftest import MINI, ROOT


def places(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "name", "country", "lat", "lon"])


def cities_table(*rows):
    frame = pd.DataFrame(
        [{"city_id": cid, "name": name, "alt_names": alts, "country": cc, "admin1": "",
          "lat": lat, "lon": lon, "population": ""} for cid, name, alts, cc, lat, lon in rows])
    return dataset.build_cities(frame)


REVIEWED = cities_table(
    ("gn:2653941", "Cambridge", "Cantabrigia", "GB", 52.2, 0.11667),
    ("gn:2925533", "Frankfurt am Main", "Frankfurt|Francfort", "DE", 50.11552, 8.68417),
    ("gn:5746545", "Portland", "", "US", 45.52345, -122.67621),
    ("gn:5045360", "Saint Paul", "St. Paul", "US", 44.9444, -93.0933),
    ("gn:2657896", "Zürich", "Zurich", "CH", 47.36667, 8.55),
    ("gn:2950159", "Berlin", "", "DE", 52.52437, 13.41053),
)


def matched(*rows) -> dict[str, str]:
    table = citymatch.match_cities(places(*rows), REVIEWED)
    return dict(zip(table["source_id"], table["city_id"]))


def test_homonyms_in_other_countries_or_far_apart_stay_apart():
    found = matched(
        ("Q350", "Cambridge", "GB", 52.205, 0.119),            # the reviewed one
        ("Q49111", "Cambridge", "US", 42.3736, -71.1097),      # Massachusetts
        ("Q1794", "Frankfurt", "DE", 50.1136, 8.6797),         # am Main
        ("Q4024", "Frankfurt (Oder)", "DE", 52.35, 14.55),     # 450 km away
        ("Q6106", "Portland", "US", 45.52, -122.68),           # Oregon
        ("Q49186", "Portland", "US", 43.6615, -70.2553),       # Maine
    )
    assert found == {"Q350": "gn:2653941", "Q1794": "gn:2925533", "Q6106": "gn:5746545"}


def test_near_neighbours_with_other_names_are_not_merged():
    # Potsdam and Teltow are a few km from Berlin's edge, Spandau-like neighbours: no merge.
    assert matched(("Q1711", "Potsdam", "DE", 52.4, 13.07),
                   ("Q1000", "Teltow", "DE", 52.40, 13.27),
                   ("Q64", "Berlin", "DE", 52.52, 13.405)) == {"Q64": "gn:2950159"}


def test_names_match_folded_with_saint_and_qualifiers():
    assert matched(("Q28848", "St. Paul", "US", 44.95, -93.09),
                   ("Q72", "Zurich", "CH", 47.37, 8.54)) == {"Q28848": "gn:5045360",
                                                             "Q72": "gn:2657896"}
    assert matched(("Q239", "City of Zurich", "CH", 47.37, 8.54)) == {"Q239": "gn:2657896"}


def test_a_city_is_claimed_by_the_nearest_place_only():
    found = matched(("Q1", "Berlin", "DE", 52.52, 13.40), ("Q2", "Berlin", "DE", 52.60, 13.5))
    assert found == {"Q1": "gn:2950159"}


def test_same_id_matches_without_a_name():
    table = cities_table(("Q64", "Berlin", "", "DE", 52.52, 13.40))
    found = citymatch.match_cities(places(("Q64", "Berlin (city)", "DE", 0.0, 0.0)), table)
    assert found["method"].tolist() == ["same id"]


def snapshot(tmp_path, cities_rows, link_rows):
    d = tmp_path / "snap"
    d.mkdir()
    pd.DataFrame(cities_rows, columns=["id", "name", "lng", "lat", "country", "countrycd",
                                       "continent"]).to_csv(d / "cities.csv", index=False)
    pd.DataFrame(link_rows, columns=["source", "target"]).to_csv(d / "links.csv", index=False)
    return d


def test_snapshot_reads_namibia_and_taiwan_codes(tmp_path):
    d = snapshot(tmp_path, [("Q3935", "Windhoek", "17.08", "-22.57", "Namibia", "NA", "Africa"),
                            ("Q1867", "Taipei", "121.56", "25.03", "Taiwan", "CN-TW", "Asia")],
                 [("Q3935", "Q1867")])
    found, links = wikidata_layer.read_snapshot(d)
    assert found["country"].tolist() == ["NA", "TW"]
    assert links[["established", "ended"]].eq("").all().all()  # the snapshot has no dates


@pytest.fixture()
def layered(tmp_path):
    """The mini dataset with a small Wikidata layer: two known links, one new, one new city."""
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    snap = snapshot(tmp_path, [
        ("Q17", "Coventry", "-1.51", "52.41", "United Kingdom", "GB", "Europe"),
        ("Q914", "Volgograd", "44.51", "48.71", "Russia", "RU", "Europe"),
        ("Q1731", "Dresden", "13.74", "51.05", "Germany", "DE", "Europe"),
        ("Q28848", "Saint Paul", "-93.09", "44.95", "United States", "US", "North America"),
        ("Q182059", "Kumasi", "-1.62", "6.69", "Ghana", "GH", "Africa"),
    ], [("Q17", "Q914"), ("Q1731", "Q17"), ("Q28848", "Q182059")])
    shutil.copytree(snap, root / "sources" / sources.SNAPSHOT_DIR)
    layer = wikidata_layer.build_wikidata(root)
    wikidata_layer.write_layer(root, layer)
    return root


def test_layer_links_mapped_onto_reviewed_cities(layered):
    links = pd.read_csv(layered / "sources/wikidata/links.csv", dtype=str,
                        keep_default_na=False)
    pairs = set(zip(links["city_a_id"], links["city_b_id"]))
    assert pairs == {("gn:2652221", "gn:472757"), ("gn:2652221", "gn:2935022"),
                     ("Q182059", "gn:5045360")}
    own = pd.read_csv(layered / "sources/wikidata/cities.csv", dtype=str, keep_default_na=False)
    assert own["city_id"].tolist() == ["Q182059"]


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


def test_overlap_counts(layered):
    o = provenance.overlap(dataset.load(layered).partnerships)
    assert o["by_source"]["reviewed"] == {"partnerships": 12, "cities": 17,
                                          "only_this_source": 10}
    assert o["by_source"]["wikidata"]["partnerships"] == 3
    assert o["reviewed_vs_wikidata"]["confirmed_by_wikidata"] == 2
    assert o["reviewed_vs_wikidata"]["not_in_wikidata"] == 10
    assert o["reviewed_vs_wikidata"]["wikidata_only"] == 1
    assert o["by_corroboration"] == {1: 11, 2: 2}


def test_a_broken_layer_is_reported_by_row(layered):
    (layered / "sources/wikidata/links.csv").write_text(
        "city_a_id,city_b_id,established,ended,reference\nQ182059,Q999,,,\n", encoding="utf-8")
    problems = dataset.validate(layered)
    assert [(p.row, p.column) for p in problems] == [(1, "city_b_id")]
    with pytest.raises(dataset.DatasetError):
        dataset.load(layered)
    assert len(dataset.load(layered, strict=False).partnerships) == 12


def test_source_filter_and_search_cover_every_source(layered):
    ds = dataset.load(layered)
    reviewed = filters.Filters(sources=("reviewed",))
    assert len(filters.apply(ds.partnerships, ds.cities, reviewed)) == 12
    assert len(filters.apply(ds.partnerships, ds.cities, filters.Filters(
        sources=("wikidata",)))) == 3
    # A search or a chosen city shows the city's partners from every source.
    found = filters.apply(ds.partnerships, ds.cities,
                          filters.Filters(sources=("reviewed",), search="Kumasi"))
    assert found["source_mark"].tolist() == ["Wikidata"]
    unclassified = filters.apply(ds.partnerships, ds.cities,
                                 filters.Filters(focus=("unclassified",)))
    assert len(unclassified) == 1


def test_partner_table_says_what_is_known(layered):
    ds = dataset.load(layered)
    table = stats.partner_table(ds.partnerships, "gn:5045360").set_index("partner")
    assert table.loc["Kumasi", "sources"] == "Wikidata"
    assert table.loc["Kumasi", "focus"] == "Not classified"
    assert table.loc["Kumasi", "kind"] == "Not classified"
    assert table.loc["Nagasaki", "sources"] == "reviewed"


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


def test_shipped_layer_is_built_from_the_shipped_snapshot():
    """The layer in data/ is what build-sources makes of the snapshot: reproducible."""
    root = ROOT / "data"
    layer = wikidata_layer.build_wikidata(root)
    shipped = pd.read_csv(root / "sources/wikidata/links.csv", dtype=str, keep_default_na=False)
    assert shipped.equals(layer.links.astype(str))


def test_build_sources_and_stats_commands(layered, capsys):
    from sistermap import cli

    assert cli.main(["build-sources", str(layered)]) == 0
    assert "layer: 3 links, 1 cities of its own" in capsys.readouterr().out
    assert cli.main(["stats", str(layered)]) == 0
    out = capsys.readouterr().out
    assert "reviewed links Wikidata confirms: 2 of 12 (16.7%); not in Wikidata: 10" in out
    assert "links only Wikidata lists: 1" in out


# --- the app on a dataset with a Wikidata layer (AppTest; a few, on the mini data) ---------

def run_app(monkeypatch, root, page=None, **params):
    from tests.app.test_app import run

    monkeypatch.setenv("SISTERMAP_DATA", str(root))
    return run(page, **params)


def test_app_shows_reviewed_first_and_all_known_on_request(monkeypatch, layered):
    at = run_app(monkeypatch, layered)
    radio = at.radio(key="sm_w_sources")
    assert radio.value == "reviewed"
    assert list(radio.options) == [
        "Reviewed only (12)", "All known (13)", "Listed by Wikidata (3)"]
    assert sidebar_count(at) == "**11 partnerships between 17 cities**"
    radio.set_value("all").run()
    assert sidebar_count(at) == "**12 partnerships between 18 cities**"
    assert at.query_params["sources"] == "all"


def test_city_page_lists_every_source_with_its_mark(monkeypatch, layered):
    at = run_app(monkeypatch, layered, "pages/city.py", city="Kumasi")
    assert at.title[0].value == "Kumasi"
    text = " ".join(m.value for m in at.markdown)
    assert "**1 partner**: 1 listed by Wikidata only" in text
    table = at.dataframe[0].value
    assert table["Listed by"].tolist() == ["Wikidata"]
    assert table[["Focus", "Kind"]].iloc[0].tolist() == ["Not classified", "Not classified"]
    at = run_app(monkeypatch, layered, "pages/city.py", city="gn:2652221")  # Coventry
    table = at.dataframe[0].value.set_index("Partner")
    assert table.loc["Volgograd", "Listed by"] == "reviewed + Wikidata"
    assert table.loc["Kiel", "Listed by"] == "reviewed"
    assert table.loc["Volgograd", "How many sources"] == 2


def test_insights_say_which_sources_they_count(monkeypatch, layered):
    at = run_app(monkeypatch, layered, "pages/insights.py", sources="all", statuses="all")
    caption = " ".join(c.value for c in at.caption)
    assert "These charts count 13 partnerships by source: " in caption
    assert "1 Wikidata only" in caption and "2 reviewed + Wikidata" in caption


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


def test_source_choice_in_the_url():
    all_known = filters.Filters(statuses=("active", "unknown"))
    assert filters.to_query(all_known) == {"sources": "all"}
    assert filters.to_query(filters.APP_DEFAULT) == {}
    f, notices = filters.from_query({"sources": "wikidata", "focus": "unclassified"})
    assert (f.sources, f.focus, notices) == (("wikidata",), ("unclassified",), [])
    f, notices = filters.from_query({"sources": "gossip"})
    assert f.sources == ("reviewed",) and "gossip" in notices[0]
