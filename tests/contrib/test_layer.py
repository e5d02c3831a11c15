"""The contributed layer: a source of its own everywhere links show (stats, filter, exports)."""

from __future__ import annotations

import pytest

from sistermap.contrib import layer, review, submit
from sistermap.kit import exports
from sistermap.query import filters, stats
from sistermap.store import dataset
from tests.contrib.conftest import lapsed


@pytest.fixture()
def accepted(cdb, token, data_dir):
    n = submit.submit(cdb, lapsed(), "s", "a")
    review.accept(cdb, token, n, data_dir)
    return dataset.load(data_dir)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_counted_separately_and_filtered_by_its_source(accepted):
    p = accepted.partnerships
    counts = stats.source_counts(p)
    assert counts["contributed"] == 1 and counts["reviewed"] == 12
    only = filters.apply(p, accepted.cities, filters.Filters(sources=("contributed",)))
    assert len(only) == 1 and only.iloc[0]["city_a_id"] in ("gn:2644531", "gn:2935022")
    reviewed = filters.apply(p, accepted.cities, filters.Filters(sources=("reviewed",)))
    assert len(reviewed) == 12  # the default view shows no contributed link unasked


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_exports_carry_the_mark_and_the_evidence_kind(accepted):
    csv = exports.to_csv(accepted.partnerships)
    line = next(x for x in csv.splitlines() if "Lichfield" in x)
    assert "Community contributed, reviewed; evidence: council decision." in line
    assert "https://example.org/minutes/1956" in line
    table = stats.partner_table(accepted.partnerships, "gn:2935022")
    assert "community contributed, reviewed" in set(table["sources"])


def test_tables_keep_the_latest_decision_for_a_pair():
    first, second = lapsed(established="1955"), lapsed(established="1956")
    cities, links = layer.tables([(1, first), (2, second)], {"gn:2935022"})
    assert links["established"].tolist() == ["1956"]
    assert cities["city_id"].tolist() == ["gn:2644531"]  # Dresden is the dataset's own


def test_a_layer_value_outside_the_vocabularies_is_dropped_on_load(data_dir):
    target = layer.layer_dir(data_dir)
    target.mkdir(parents=True)
    (target / "cities.csv").write_text("city_id,name,alt_names,country,admin1,lat,lon,"
                                       "population\n")
    (target / "links.csv").write_text(
        "city_a_id,city_b_id,established,ended,reference,kind,status,focus_areas,note\n"
        "gn:2935022,gn:2891122,1956,,,<b>evil</b>,gone,peace|<script>,=cmd()\n")
    row = dataset.load(data_dir).partnerships.query("city_a_id == 'gn:2891122' or "
                                                    "city_b_id == 'gn:2891122'")
    row = row[row["sources"].map(lambda s: "contributed" in s)].iloc[0]
    assert (row["kind"], row["status"], row["focus_areas"]) == ("", "unknown", "peace")
    assert row["note"] == "=cmd()"  # kept as text: exports make it formula-safe
