"""Loading a dataset directory into GeoDataFrames, and writing one safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sistermap.store import dataset
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
    assert row.era == "early" and row.focus == ("peace", "culture")
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
    assert problems and "dataset directory does not exist" in problems[0].reason
    (mini_copy / "partnerships.csv").unlink()
    problems = dataset.validate(mini_copy)
    assert problems[0].file.endswith("partnerships.csv") and problems[0].reason == "file not found"
    shutil.copy(MINI / "partnerships.csv", mini_copy)
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


@pytest.mark.parametrize("make, says", [
    (lambda d: None, "dataset directory does not exist"),
    (lambda d: d.mkdir(), "not a dataset directory: no cities.csv or partnerships.csv"),
    (lambda d: d.write_text("x"), "not a directory"),
    (lambda d: (d.mkdir(), (d / "cities.csv").write_text(""),
                shutil.copy(MINI / "partnerships.csv", d)), "cities.csv: empty file"),
    (lambda d: (shutil.copytree(MINI, d), (d / "cities.csv").write_bytes(
        (MINI / "cities.csv").read_bytes().replace("Kraków".encode(), "Krak\xf3w".encode(
            "latin-1")))), "cities.csv: not UTF-8 text (byte 0xf3"),
])
def test_unusable_directories_are_one_clear_dataset_error(tmp_path: Path, make, says):
    target = tmp_path / "d"
    make(target)
    with pytest.raises(dataset.DatasetError) as err:
        dataset.load(target)
    assert says in str(err.value) and "\n" not in str(err.value)


def test_writes_keep_file_modes(mini_copy: Path, tmp_path: Path, mini_dataset):
    for name in ("cities.csv", "partnerships.csv"):
        (mini_copy / name).chmod(0o664)
    dataset.write(mini_copy, mini_dataset.cities, mini_dataset.partnerships.iloc[:5])
    assert {(mini_copy / n).stat().st_mode & 0o777 for n in dataset.TABLE_FILES} == {0o664}
    fresh = tmp_path / "fresh"
    dataset.write(fresh, mini_dataset.cities, mini_dataset.partnerships)
    assert {(fresh / n).stat().st_mode & 0o777 for n in dataset.TABLE_FILES} == {0o644}


def test_a_second_writer_waits_for_the_lock_then_gives_a_clear_error(mini_copy: Path):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    holding, release = ctx.Event(), ctx.Event()

    def hold():
        with dataset.locked(mini_copy):
            holding.set()
            release.wait(30)

    proc = ctx.Process(target=hold)
    proc.start()
    try:
        assert holding.wait(30)
        with pytest.raises(dataset.DatasetBusy) as err:
            with dataset.locked(mini_copy, timeout=0.3):
                pass
        assert "another process is writing this dataset" in str(err.value)
    finally:
        release.set()
        proc.join(30)
    with dataset.locked(mini_copy, timeout=5):  # free again once the holder is done
        pass


# --- every value read strictly; a broken row reported, the others kept ---------------------

def _digits(kind: str) -> list[str]:
    """Every digit character of a Unicode class, ASCII left out (Python's int() takes many)."""
    import sys
    import unicodedata

    chars = (chr(c) for c in range(0x80, sys.maxunicode + 1))
    return [c for c in chars if unicodedata.category(c) == kind and c.isdigit()]


ODD_NUMBERS = sorted({
    # one of each script's decimal digits (Arabic-Indic, Devanagari, full-width …)
    *{unicodedata_digit * 4 for unicodedata_digit in _digits("Nd")[::37]},
    *{d * 4 for d in _digits("No")[::5]},  # superscripts, circled digits: isdigit() but not int()
    "１９５６", "١٩٥٠", "²⁰⁰⁰", "1_956", " 19 56", "1956\u200b", "0x7a4", "1e3",
})


def _edit(root: Path, file: str, row: int, column: str, value: str) -> None:
    import csv

    with (root / file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    rows[row - 1][column] = value
    with (root / file).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_year_is_a_problem_at_its_row_and_column(mini_copy: Path, value):
    _edit(mini_copy, "partnerships.csv", 2, "established", value)
    problems = dataset.validate(mini_copy)
    assert [(p.row, p.column) for p in problems] == [(2, "established")], problems
    kept = dataset.load(mini_copy, strict=False)
    assert len(kept.partnerships) == len(dataset.load(MINI).partnerships) - 1
    assert kept.problems == problems


@pytest.mark.parametrize("column,value", [("lat", "١٢"), ("lat", "1_0"), ("lon", "１２"),
                                          ("lat", "inf"), ("population", "1.5"),
                                          ("population", "²")])
def test_an_odd_coordinate_or_population_is_a_problem_at_its_row(mini_copy: Path, column,
                                                                 value):
    _edit(mini_copy, "cities.csv", 3, column, value)
    problems = dataset.validate(mini_copy)
    assert (3, column) in [(p.row, p.column) for p in problems] and problems[0].file.endswith(
        "cities.csv")
    dataset.load(mini_copy, strict=False)  # never an exception


def test_an_unclosed_quote_is_reported_and_the_rows_after_it_are_kept(mini_copy: Path):
    path = mini_copy / "partnerships.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    before = len(dataset.load(MINI).partnerships)
    lines[2] = lines[2].rstrip("\n").rstrip(",") + ',"an unclosed note\n' if lines[2].rstrip(
        "\n").endswith(",") else lines[2].replace(",", ',"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    problems = dataset.validate(mini_copy)
    assert [p.row for p in problems] == [2] and "unclosed quote" in problems[0].reason
    kept = dataset.load(mini_copy, strict=False)
    assert len(kept.partnerships) == before - 1  # only the broken row is lost, and said


def test_validate_names_an_odd_digit_instead_of_crashing(mini_copy: Path, capsys):
    from sistermap import cli

    _edit(mini_copy, "partnerships.csv", 1, "established", "１９５６")
    assert cli.main(["validate", str(mini_copy)]) == 1
    out = capsys.readouterr().out
    assert "partnerships.csv:1 [established]: not a year: '１９５６'" in out
    for command in (["stats", str(mini_copy)], ["export", str(mini_copy), "--out",
                                                 str(mini_copy / "x.csv")]):
        assert cli.main(command) == 1
        err = capsys.readouterr().err
        assert "[established]" in err and "bug" not in err
