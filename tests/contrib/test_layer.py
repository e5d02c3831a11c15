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
