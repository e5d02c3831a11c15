"""Every validation rule has a failing case; the eras table covers every year."""

from __future__ import annotations

import pytest

from sistermap import schema

CITY_IDS = {"gn:1", "gn:2", "gn:3"}


def link(**overrides) -> dict:
    row = {"city_a_id": "gn:1", "city_b_id": "gn:2", "kind": "twin_town", "established": "1957",
           "established_date": "", "ended": "", "status": "active", "focus_areas": "culture",
           "source": "https://example.org/list", "note": ""}
    row.update(overrides)
    return row


def reasons(rows, city_ids=CITY_IDS) -> list[str]:
    return [p.reason for p in schema.validate_partnerships(rows, city_ids)]


def test_a_clean_row_has_no_problems():
    assert reasons([link()]) == []


def test_no_focus_area_means_not_classified():
    assert reasons([link(focus_areas="")]) == []


def test_statements_of_a_source_layer_are_checked_by_row():
    rows = [{"city_a_id": "gn:1", "city_b_id": "gn:2", "established": "", "ended": "",
             "reference": "https://www.wikidata.org/wiki/Q1"},
            {"city_a_id": "gn:2", "city_b_id": "gn:1", "established": "", "ended": "",
             "reference": ""},
            {"city_a_id": "gn:1", "city_b_id": "gn:9", "established": "1990", "ended": "1980",
             "reference": "javascript:x"}]
    found = [(p.row, p.column) for p in schema.validate_statements(rows, CITY_IDS)]
    assert found == [(2, "city_b_id"), (3, "city_b_id"), (3, "ended"), (3, "reference")]


def test_a_plain_citation_is_a_valid_source():
    assert reasons([link(source="Coventry City Council, Twinning report: 1997, p. 4")]) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (link(city_b_id="gn:999"), "unknown city id gn:999"),
        (link(city_b_id="gn:1"), "self-link"),
        (link(established="1850"), "year 1850 out of range"),
        (link(established="2999"), "year 2999 out of range"),
        (link(established="soon"), "not a year"),
        (link(established="1990", ended="1980", status="ended"),
         "ended 1980 before established 1990"),
        (link(focus_areas="culture|gardening"), "unknown focus term 'gardening'"),
        (link(source=""), "missing source"),
        (link(source="https://exa mple.org"), "malformed source URL"),
        (link(kind="pen_pals"), "unknown kind 'pen_pals'"),
        (link(source="javascript:alert(1)"), "unsafe source"),
        (link(source="data:text/html,<script>"), "unsafe source"),
        (link(status="dormant"), "unknown status 'dormant'"),
        (link(ended="2022", status="active"), "status is active but the link ended in 2022"),
        (link(established_date="1957-13"), "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (link(established_date="1957-02-30"), "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (link(established_date="1958-05-01"), "disagrees with established year 1957"),
        (link(established_date="12/05/1957"), "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_each_rule_reports_its_row(row, expected):
    found = reasons([row])
    assert found, f"no problem reported for {row}"
    if expected:
        assert any(expected in r for r in found), found


def test_duplicate_pair_in_either_order_is_reported_with_the_first_row():
    rows = [link(), link(city_a_id="gn:2", city_b_id="gn:1")]
    problems = schema.validate_partnerships(rows, CITY_IDS)
    assert [p.row for p in problems] == [2]
    assert "duplicate pair" in problems[0].reason and "first on row 1" in problems[0].reason


def test_problem_prints_file_row_and_column():
    problem = schema.validate_partnerships([link(kind="x")], CITY_IDS, "p.csv")[0]
    assert str(problem).startswith("p.csv:1 [kind]: unknown kind")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"lat": "91"}, "latitude"),
        ({"lon": "-181"}, "longitude"),
        ({"lat": "north"}, "latitude"),
        ({"country": "England"}, "not an ISO 3166-1 alpha-2"),
        ({"city_id": "coventry"}, "is not a Wikidata QID"),
        ({"name": ""}, "missing name"),
        ({"population": "-5"}, "population"),
    ],
)
def test_city_rules(row, expected):
    base = {"city_id": "gn:1", "name": "Coventry", "alt_names": "", "country": "GB",
            "admin1": "", "lat": "52.4", "lon": "-1.5", "population": "345324"}
    problems = schema.validate_cities([{**base, **row}])
    assert any(expected in p.reason for p in problems), problems


def test_duplicate_city_id():
    base = {"city_id": "Q64", "name": "Berlin", "country": "DE", "lat": "52.5", "lon": "13.4"}
    problems = schema.validate_cities([base, base])
    assert [p.row for p in problems] == [2]


def test_namibia_is_a_country_not_missing():
    row = {"city_id": "gn:3352136", "name": "Windhoek", "country": "NA", "lat": "-22.6",
           "lon": "17.1"}
    assert schema.validate_cities([row]) == []


@pytest.mark.parametrize(
    ("year", "era"),
    [(1930, "early"), (1944, "early"), (1945, "postwar"), (1955, "postwar"),
     (1956, "cold_war"), (1991, "cold_war"),
     (1992, "post_cold_war"), (2007, "post_cold_war"), (2008, "global"), (2026, "global"),
     (None, "unknown"), (float("nan"), "unknown")],
)
def test_eras_table_boundaries(year, era):
    assert schema.era_of(year) == era


def test_eras_cover_every_year_without_overlap():
    for year in range(schema.MIN_YEAR, schema.MAX_YEAR + 1):
        assert sum(e.contains(year) for e in schema.ERAS) == 1, year


def test_pair_key_is_order_free():
    assert schema.pair_key("gn:2", "gn:1") == schema.pair_key("gn:1", "gn:2")


def test_links_before_1945_have_an_era_of_their_own():
    """Interwar links (Wiesbaden–Klagenfurt 1930) are not "post-war reconciliation"."""
    assert schema.era_of(1930) == schema.era_of(1944) == "early"
    assert schema.ERA_LABELS["early"] != schema.ERA_LABELS["postwar"]


def test_every_era_has_a_map_colour():
    """The map indexes its styles by era key: an era without a colour would draw nothing."""
    from sistermap.palette import ERA_COLORS

    assert list(ERA_COLORS) == list(schema.ERA_KEYS)


def test_the_documented_eras_table_is_the_schema_table():
    """data/README.md spells out the eras; it must say what ERAS says, key by key."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "data" / "README.md").read_text("utf-8")
    section = readme.split("### Eras", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")]
            for line in section.splitlines() if line.startswith("| `")]
    documented = [(r[0].strip("`"), r[1], r[2]) for r in rows]

    def years(e: schema.Era) -> str:
        if e.start is None:
            return f"to {e.end}"
        return f"{e.start}–" if e.end is None else f"{e.start}–{e.end}"

    assert documented == [(e.key, e.label, years(e)) for e in schema.ERAS]


@pytest.mark.parametrize("kind, expected", [
    ("twin_town|project_partnership", []),
    ("project_partnership", []),
    ("", ["missing kind (allowed: sister_city, twin_town, partner_city, friendship_city, "
          "contact, project_partnership, cooperation_agreement)"]),
    ("twin_town|climate", ["unknown kind 'climate' (allowed: sister_city, twin_town, "
                           "partner_city, friendship_city, contact, project_partnership, "
                           "cooperation_agreement)"]),
    ("twin_town|twin_town", ["a kind is listed twice"]),
])
def test_a_link_may_be_of_several_kinds(kind, expected):
    assert reasons([link(kind=kind)]) == expected


def test_kind_label_names_every_kind_of_a_link():
    assert schema.kind_label(("twin_town", "project_partnership")) == \
        "Twin town + Project or programme partnership"
    assert schema.kind_label(()) == "Not classified"


def test_the_german_registers_categories_map_onto_kinds():
    assert set(schema.REGISTER_CATEGORIES.values()) <= set(schema.KINDS)
    assert schema.REGISTER_CATEGORIES["Projektpartnerschaft"] == "project_partnership"
