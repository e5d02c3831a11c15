"""Report contents, merge into an existing dataset, idempotence and atomic writes under kill.

The kill tests run a real ``python -m sistermap import --merge-into`` in a subprocess, hold
it at a chosen point of the write (by wrapping os.replace / os.fsync), kill it, and check
that the target dataset still validates: the promise is that an interrupted merge never
leaves half a file or a partnership pointing at a missing city.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sistermap.importers import merge, pipeline
from sistermap.store import dataset

ROOT = Path(__file__).resolve().parents[2]
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"

# Two pairs already in the mini dataset (one written the other way round, with a different
# status and year), one new pair, and one row that cannot be placed.
LIST = (
    "city1,country1,city2,country2,year,status\n"
    "Wolgograd,Russland,Coventry,England,1945,suspended\n"
    "Boston,USA,Kyoto,Japan,1959,\n"
    "Kiel,Germany,Vaasa,Finland,1967,active\n"
    "Atlantis,Greece,Paris,France,1999,\n"
)


@pytest.fixture(scope="module")
def geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


def _run(geocoder, text: str = LIST, name: str = "list.csv", **options):
    return pipeline.run([(name, text.encode())], pipeline.ImportOptions(**options), geocoder)


def test_report_files_and_contents(geocoder, tmp_path):
    result = _run(geocoder)
    out = pipeline.write_outputs(tmp_path / "out", result)
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == 4
    assert report["partnerships_imported"] == 3
    assert report["duplicates_merged"] == 0
    assert report["rows_rejected"] == 1
    (rejected,) = report["rejected"]
    assert (rejected["file"], rejected["row"]) == ("list.csv", 4)
    assert "Atlantis" in rejected["reason"] and "unresolved" in rejected["reason"]
    assert report["places"]["distinct"] == 8 and report["places"]["unresolved"] == 1
    assert report["defaults"] == {"kind": "sister_city", "status": "unknown",
                                  "focus_areas": "", "home_city": "",
                                  "home_country": ""}
    assert set(report["timings_s"]) == {"read", "geocode", "build"}
    places = (out / "places.csv").read_text(encoding="utf-8").splitlines()
    assert places[0].startswith("input_name,input_country,status,city_id,name,country_code,"
                                "lat,lon,method,confidence,reason,candidates")
    assert places[1].startswith("Atlantis,Greece,unresolved,")  # unplaced first
    text = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "rows rejected: 1" in text and "list.csv:4:" in text
    assert "places not placed (1):" in text and "'Atlantis' (Greece)" in text
    assert dataset.validate(out) == []


def test_status_default_is_an_option(geocoder):
    result = _run(geocoder, "city1,country1,city2,country2\nKiel,DE,Vaasa,FI\n",
                  defaults=pipeline.Defaults(status="active", focus="education|peace"))
    row = result.partnerships.iloc[0]
    assert (row["status"], row["focus_areas"]) == ("active", "education|peace")


def test_merge_keeps_existing_fields_and_is_idempotent(geocoder, mini_copy):
    before = (mini_copy / "partnerships.csv").read_text(encoding="utf-8")
    result = _run(geocoder)
    stats = merge.merge_into(mini_copy, result)
    assert (stats["added"], stats["already_present"], stats["updated"]) == (1, 2, 0)
    assert stats["cities_added"] == 1 and stats["written"]  # Vaasa
    assert dataset.validate(mini_copy) == []
    rows = {(r["city_a_id"], r["city_b_id"]): r
            for r in dataset.read_tables(mini_copy)[1]}
    assert len(rows) == 13
    kept = rows[("gn:2652221", "gn:472757")]  # stored as Coventry–Volgograd, listed reversed
    assert (kept["status"], kept["established"], kept["note"]) == ("active", "1944",
                                                                   "Test fixture")
    assert ("gn:472757", "gn:2652221") not in rows
    first = {n: (mini_copy / n).read_bytes() for n in ("cities.csv", "partnerships.csv")}
    again = merge.merge_into(mini_copy, _run(geocoder))
    assert (again["added"], again["already_present"], again["written"]) == (0, 3, False)
    assert {n: (mini_copy / n).read_bytes() for n in first} == first
    assert before != first["partnerships.csv"].decode()


def test_merge_with_overwrite_fields_only_uses_stated_values(geocoder, mini_copy):
    stats = merge.merge_into(mini_copy, _run(geocoder), overwrite_fields=True)
    assert stats["updated"] == 1  # Coventry–Volgograd: year and status stated by the list
    rows = {(r["city_a_id"], r["city_b_id"]): r for r in dataset.read_tables(mini_copy)[1]}
    updated = rows[("gn:2652221", "gn:472757")]
    assert (updated["status"], updated["established"]) == ("suspended", "1945")
    assert updated["focus_areas"] == "peace|culture"  # an unstated focus did not overwrite
    kyoto_boston = rows[("gn:1857910", "gn:4930956")]
    assert kyoto_boston["status"] == "active"  # the list said nothing: kept
    assert dataset.validate(mini_copy) == []
    again = merge.merge_into(mini_copy, _run(geocoder), overwrite_fields=True)
    assert again["written"] is False


def test_merge_matches_wikidata_ids_to_existing_cities(geocoder, mini_copy):
    result = _run(geocoder, (FIX / "wikidata_p190.json").read_text(encoding="utf-8"),
                  name="wd.json")
    stats = merge.merge_into(mini_copy, result)
    assert stats["ids_matched_to_existing"] >= 2  # Q90 Paris -> gn:2988507, Q1085 Prague
    ids = {r["city_id"] for r in dataset.read_tables(mini_copy)[0]}
    assert "Q90" not in ids and "gn:2988507" in ids
    assert dataset.validate(mini_copy) == []


def test_merge_refuses_an_invalid_target(geocoder, mini_copy):
    (mini_copy / "partnerships.csv").write_text("city_a_id,city_b_id\nx,y\n", encoding="utf-8")
    with pytest.raises(pipeline.ImportFailed):
        merge.merge_into(mini_copy, _run(geocoder))


def test_import_bytes_limits_and_no_disk(geocoder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pipeline.TooLarge):
        pipeline.import_bytes([("big.csv", b"x" * 100)], max_bytes=50)
    with pytest.raises(pipeline.TooLarge):
        pipeline.import_bytes([("many.csv", b"a,b\n" * 200)], max_rows=100)
    result = pipeline.import_bytes([("list.csv", LIST.encode())], geocoder=geocoder)
    assert len(result.partnerships) == 3 and list(tmp_path.iterdir()) == []
    assert list(result.cities.columns) == list(dataset.schema.CITY_COLUMNS)
    assert list(result.partnerships.columns) == list(dataset.schema.PARTNERSHIP_COLUMNS)
    ds_cities = dataset.build_cities(result.cities)  # the app can build its tables from it
    dataset.build_partnerships(result.partnerships, ds_cities)


# --- command line and interrupted writes ------------------------------------------------

def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sistermap", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_import_writes_a_valid_dataset_and_refuses_data_dir(tmp_path):
    out = tmp_path / "imported"
    done = _cli("import", str(FIX / "bonn_partner_list_latin1.csv"), "--out", str(out),
                "--home-city", "Bonn", "--home-country", "DE", "--status-default", "active")
    assert done.returncode == 0, done.stderr
    assert "partnerships imported: 8" in done.stdout
    assert f"SISTERMAP_DATA={out}" in done.stdout
    assert _cli("validate", str(out)).returncode == 0
    assert {p.name for p in out.iterdir()} == {
        "cities.csv", "partnerships.csv", "places.csv", "import-report.json",
        "import-report.txt"}
    refused = _cli("import", str(FIX / "hermanamientos.csv"), "--out", str(ROOT / "data"))
    assert refused.returncode == 2 and "--merge-into" in refused.stderr


_HOLD = textwrap.dedent("""
    import faulthandler, os, signal, sys, time
    faulthandler.register(signal.SIGUSR1)  # the test asks where it is if it does not end
    # Ctrl-C as a terminal sends it, even when the tests run in a background job (whose
    # children inherit SIGINT ignored: Python then never raises KeyboardInterrupt).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    point = sys.argv[1]
    real_replace, real_fsync = os.replace, os.fsync
    held = []
    def hold():
        if not held:  # once: a Ctrl-C handler that finishes the write passes through
            held.append(1)
            print("HOLDING", flush=True)
            time.sleep(120)
    def replace(src, dst):
        if point.startswith("replace:") and str(dst).endswith(point.split(":")[1]):
            hold()
        return real_replace(src, dst)
    def fsync(fd):
        if point == "fsync":
            hold()
        return real_fsync(fd)
    os.replace, os.fsync = replace, fsync
    from sistermap.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.parametrize("point, sig, version", [
    ("fsync", signal.SIGKILL, "old"),  # the new cities file is half-way to disk
    # the commit journal is written; cities replaced, partnerships not yet: readers follow
    # the journal and see the new version, the next writer completes it
    ("replace:partnerships.csv", signal.SIGKILL, "new"),
    ("replace:cities.csv", signal.SIGINT, "new"),  # Ctrl-C after the commit: finished
])
def test_interrupted_merge_leaves_old_or_new_data_valid(tmp_path, point, sig, version):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    old = dataset.read_tables(target)[:2]
    source = tmp_path / "list.csv"
    source.write_text(LIST, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, point, "import", str(source), "--out",
         str(tmp_path / "out"), "--merge-into", str(target), "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "HOLDING", proc.stderr.read()
        proc.send_signal(sig)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # its stack, then fail with it
            time.sleep(1)
            proc.kill()
            pytest.fail("the interrupted import did not end:\n" + proc.stderr.read())
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert dataset.validate(target) == []
    seen = dataset.read_tables(target)[:2]
    if version == "old":
        assert seen == old
    else:
        pairs = {(r["city_a_id"], r["city_b_id"]) for r in seen[1]}
        assert len(pairs) == len(old[1]) + 1  # Kiel–Vaasa added, nothing else lost
        assert {(r["city_a_id"], r["city_b_id"]) for r in old[1]} <= pairs
    if sig == signal.SIGINT:  # a clean interrupt leaves no staged or temporary file
        assert not [p for p in os.listdir(target) if p.startswith(".")]
    with dataset.locked(target):  # the next writer completes what was committed
        pass
    assert dataset.read_tables(target)[:2] == seen
    assert not [p for p in os.listdir(target) if p.startswith(".")]
    assert not (tmp_path / "out" / "import-report.json").exists()


def test_progress_bar_is_quiet_for_small_inputs_and_sparse_in_logs():
    import io

    stream = io.StringIO()
    bar = pipeline.ProgressBar(stream, min_total=100)
    bar("geocode", 10, 50)
    assert stream.getvalue() == ""
    for done in range(0, 1001, 50):
        bar("geocode", done, 1000)
    lines = stream.getvalue().splitlines()
    assert [ln.split("]")[1].split()[0] for ln in lines] == ["0%", "25%", "50%", "75%", "100%"]


def test_cli_option_errors_exit_2_with_a_message(tmp_path, capsys):
    from sistermap import cli

    source = str(FIX / "hermanamientos.csv")
    assert cli.main(["import", source, "--out", str(tmp_path / "o"), "--map", "town=A"]) == 2
    assert "unknown role 'town'" in capsys.readouterr().err
    assert cli.main(["import", source, "--out", str(tmp_path / "o"),
                     "--focus-default", "sports"]) == 2
    assert not (tmp_path / "o").exists()
