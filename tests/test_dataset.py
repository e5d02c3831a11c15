"""Loading a dataset directory into GeoDataFrames, and writing one safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from sistermap import dataset
from tests.conftest import MINI, SHIPPED


def test_loads_cities_as_points_and_partnerships_as_lines(mini_dataset):
    cities, links = mini_dataset.cities, mini_dataset.partnerships
    assert cities.crs.to_epsg() == 4326 and links.crs.to_epsg() == 4326
    assert set(cities.geometry.geom_type) == {"Point"}
    assert set(links.geometry.geom_type) == {"LineString"}
    coventry = cities.loc["gn:2652221"]
    assert (coventry.geometry.x, coventry.geometry.y) == pytest.approx((-1.5122, 52.4066))
    assert len(links) == 12 and len(cities) == 17


def test_partnerships_carry_both_ends_regions_and_era(mini_dataset):
    links = mini_dataset.partnerships.set_index("pair_id")
    row = links.loc["gn:2652221~gn:472757"]
    assert (row.city_a, row.city_b) == ("Coventry", "Volgograd")
    assert (row.continent_a, row.continent_b) == ("Europe", "Europe")
    assert row.era == "postwar" and row.focus == ("peace", "culture")
    unknown = links[links.established.isna()]
    assert list(unknown.era) == ["unknown"], "a missing year must be kept, as era 'unknown'"


def test_derived_region_and_degree(mini_dataset):
    kyoto = mini_dataset.cities.loc["gn:1857910"]
    assert (kyoto.continent, kyoto.subregion, kyoto.degree) == ("Asia", "Eastern Asia", 3)
    sf = mini_dataset.cities.loc["gn:5391959"]
    assert sf.subregion == "Northern America" and sf.country_name == "United States"


def test_date_precision_is_derived(mini_dataset):
    links = mini_dataset.partnerships.set_index("pair_id")
    assert links.loc["gn:2988507~gn:3169070", "date_precision"] == "day"
    assert links.loc["gn:2652221~gn:472757", "date_precision"] == "year"


def test_environment_variable_selects_the_directory(monkeypatch):
    monkeypatch.setenv(dataset.DATA_ENV, str(MINI))
    assert dataset.resolve_dir() == MINI
    assert len(dataset.load().partnerships) == 12
    monkeypatch.delenv(dataset.DATA_ENV)
    assert dataset.resolve_dir() == SHIPPED


def test_strict_load_raises_with_rows_and_lenient_load_keeps_the_rest(mini_copy: Path):
    path = mini_copy / "partnerships.csv"
    path.write_text(path.read_text() + "gn:2652221,gn:2652221,twin_town,1950,,,active,"
                    "culture,https://x.org,\n")
    with pytest.raises(dataset.DatasetError) as err:
        dataset.load(mini_copy)
    assert "partnerships.csv:13" in str(err.value) and "self-link" in str(err.value)
    lenient = dataset.load(mini_copy, strict=False)
    assert len(lenient.partnerships) == 12 and len(lenient.problems) == 1


def test_missing_file_and_missing_column_are_clear_errors(mini_copy: Path, tmp_path: Path):
    problems = dataset.validate(tmp_path / "nowhere")
    assert problems and "file not found" in problems[0].reason
    (mini_copy / "cities.csv").write_text("city_id,name\ngn:1,X\n")
    problems = dataset.validate(mini_copy)
    assert "missing column(s): alt_names" in problems[0].reason


def test_write_round_trips_and_leaves_no_temporary_files(mini_dataset, tmp_path: Path):
    out = tmp_path / "copy"
    dataset.write(out, mini_dataset.cities, mini_dataset.partnerships)
    assert sorted(p.name for p in out.iterdir()) == ["cities.csv", "partnerships.csv"]
    again = dataset.load(out)
    assert list(again.partnerships.pair_id) == list(mini_dataset.partnerships.pair_id)
    assert again.cities.loc["gn:3094802", "name"] == "Kraków"


def test_a_failed_write_keeps_the_old_file(mini_copy: Path, monkeypatch):
    before = (mini_copy / "partnerships.csv").read_bytes()
    ds = dataset.load(mini_copy)

    def boom(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    monkeypatch.setattr("pandas.DataFrame.to_csv", boom)
    with pytest.raises(KeyboardInterrupt):
        dataset.write(mini_copy, ds.cities, ds.partnerships)
    assert (mini_copy / "partnerships.csv").read_bytes() == before
    assert not list(mini_copy.glob(".*.tmp")), "temporary file left behind"
    assert dataset.validate(mini_copy) == []


def test_from_frames_validates_rows_in_memory(mini_dataset):
    import pandas as pd

    cities = pd.read_csv(MINI / "cities.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(MINI / "partnerships.csv", dtype=str, keep_default_na=False)
    bad = pd.concat([links, links.iloc[[0]].assign(kind="pen_pals", city_b_id="gn:1")])
    ds = dataset.from_frames(cities, bad)
    assert len(ds.partnerships) == 12
    assert {p.reason.split(" ")[0] for p in ds.problems} >= {"unknown"}


def test_combine_shows_a_shared_partnership_once(mini_dataset):
    both = dataset.combine(mini_dataset, mini_dataset)
    assert len(both.partnerships) == 12 and len(both.cities) == 17
    assert both.cities.loc["gn:2652221", "degree"] == 3
