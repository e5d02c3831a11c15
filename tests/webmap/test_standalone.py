"""``python -m sistermap render``: a standalone HTML map that has the layers and respects
the filters, made by the same builder as the app."""

from __future__ import annotations

import subprocess
import sys

from sistermap import cli
from sistermap.query import filters
from sistermap.store import dataset
from tests.conftest import MINI, ROOT
from tests.webmap.test_elements import table_of


def render(tmp_path, *args: str) -> tuple[str, dict]:
    out = tmp_path / "map.html"
    assert cli.main(["render", "--data", str(MINI), "--out", str(out), *args]) == 0
    html = out.read_text(encoding="utf-8")
    return html, table_of(html)


def test_render_writes_a_standalone_map_with_every_link(tmp_path, capsys):
    html, table = render(tmp_path)
    ds = dataset.load(MINI)
    assert len(table["la"]) == len(ds.partnerships)
    assert html.startswith("<!DOCTYPE html>") and "leaflet" in html
    assert "SisterMap.build" in html and "Plain map (offline)" in html
    assert "Cities (" in html
    assert "wrote 12 partnerships" in capsys.readouterr().out


def test_render_respects_the_filters(tmp_path):
    ds = dataset.load(MINI)
    expected = filters.apply(ds.partnerships, ds.cities,
                             filters.Filters(countries=("JP",), statuses=("active",)))
    assert 0 < len(expected) < len(ds.partnerships)
    _, table = render(tmp_path, "--country", "Japan", "--status", "active",
                      "--color-by", "focus")
    assert len(table["la"]) == len(expected)
    assert set(table["styles"]) >= {"culture", "economy"}  # coloured by focus
    pairs = {f"{table['ci'][a]}~{table['ci'][b]}" for a, b in zip(table["la"], table["lb"])}
    assert pairs == set(expected["pair_id"])


def test_render_a_city_selects_and_filters(tmp_path):
    html, table = render(tmp_path, "--city", "Stalingrad")
    assert table["ci"][0] in ("gn:472757", "gn:2652221")
    assert len(table["la"]) == 1  # Volgograd's one link
    assert "Selected city" in html and '"sel":' in html


def test_render_an_unknown_city_is_a_clear_error(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert cli.main(["render", "--data", str(MINI), "--out", str(out), "--city", "Atlantis"]) == 2
    assert capsys.readouterr().err.strip() == "error: unknown or ambiguous city 'Atlantis'"
    assert not out.exists()


def test_render_is_a_registered_command(tmp_path):
    out = tmp_path / "m.html"
    proc = subprocess.run([sys.executable, "-m", "sistermap", "render", "--data", str(MINI),
                           "--era", "early,postwar", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "wrote 3 partnerships" in proc.stdout and out.exists()


def test_the_standalone_file_holds_its_links_as_a_table(tmp_path):
    """The text alternative: under the map, a <table> of the links drawn (Coventry's 3 active
    ones in the mini data)."""
    out = tmp_path / "coventry.html"
    assert cli.main(["render", "--data", str(MINI), "--city", "Coventry", "--out",
                     str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    table = html[html.index('<details class="sm-table">'):]
    assert "<caption>3 links.</caption>" in table
    assert table.count("<td>Coventry</td>") == 3 and "<td>Volgograd</td>" in table
