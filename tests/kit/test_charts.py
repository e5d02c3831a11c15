"""Charts are built from the stats tables, in the map's colours, and never from nothing."""

from __future__ import annotations

from sistermap import schema
from sistermap.kit import charts
from sistermap.palette import ERA_COLORS
from sistermap.query import filters, stats
from sistermap.query.filters import Filters


def test_every_chart_builds_a_valid_spec(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    built = [charts.growth(stats.growth(p)), charts.per_year(stats.per_year(p, "era"), "era"),
             charts.per_year(stats.per_year(p, "focus"), "focus"),
             charts.continent_matrix(stats.continent_matrix(p)),
             charts.top_cities(stats.top_cities(p, c)),
             charts.status_by_era(stats.status_breakdown(p)),
             charts.city_years(stats.partner_table(p, "gn:2652221")),
             charts.focus_by_era(stats.focus_by_era(p), "climate"),
             charts.focus_by_era(stats.focus_by_era(p), "economy")]
    for chart in built:
        spec = chart.to_dict()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_era_colours_match_the_map(mini_dataset):
    spec = charts.per_year(stats.per_year(mini_dataset.partnerships, "era"), "era").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    present = [k for k in schema.ERA_KEYS if k in set(mini_dataset.partnerships["era"])
               and k != "unknown"]  # per_year counts dated links only
    assert scale["domain"] == [schema.ERA_LABELS[k] for k in present]
    assert scale["range"] == [ERA_COLORS[k] for k in present]


def test_year_axis_leaves_gaps_for_years_without_links(mini_dataset):
    spec = charts.per_year(stats.per_year(mini_dataset.partnerships, "era"), "era").to_dict()
    assert spec["encoding"]["x"]["type"] == "quantitative"
    assert spec["encoding"]["x"]["scale"]["domain"] == [1943, 2021]


def test_nothing_to_draw_gives_none(mini_dataset):
    undated = filters.apply(mini_dataset.partnerships, mini_dataset.cities,
                            Filters(eras=("unknown",)))
    assert charts.growth(stats.growth(undated)) is None
    assert charts.per_year(stats.per_year(undated, "era"), "era") is None
    assert charts.focus_by_era(stats.focus_by_era(undated)) is None
    assert charts.city_years(stats.partner_table(undated, "gn:3094802")) is None
    empty = undated.iloc[:0]
    assert charts.top_cities(stats.top_cities(empty, mini_dataset.cities)) is None


def test_focus_by_era_shows_each_eras_share(mini_dataset):
    """Cold War era in the mini data: 6 dated links, 2 of them with the economy focus."""
    spec = charts.focus_by_era(stats.focus_by_era(mini_dataset.partnerships),
                               "economy").to_dict()
    rows = {r["era"]: r for r in next(iter(spec["datasets"].values()))}
    assert rows["cold_war"]["partnerships"] == 2 and rows["cold_war"]["era_total"] == 6
    assert rows["early"]["partnerships"] == 0 and rows["early"]["share"] == 0
