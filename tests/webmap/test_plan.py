"""The map's plan: the shared table, levels of detail, the world's centre and framing modes
(pure data, no Folium)."""

from __future__ import annotations

import json

import pytest

from sistermap import palette
from sistermap.query import stats
from sistermap.webmap import plan


def test_small_maps_keep_one_layer_per_style_and_every_link(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    spec = plan.plan(p, c)
    assert not spec.lod
    roles = [layer.role for layer in spec.layers]
    assert roles[-1] == "cities" and set(roles[:-1]) == {"links"}
    table = json.loads(spec.data_json)
    assert len(table["la"]) == len(p)
    assert len(table["ci"]) == len(stats.partner_counts(p))
    # City ids and coordinates round-trip; link ends point at the right cities.
    first = p.iloc[0]
    a = table["la"][0]
    assert table["ci"][a] == first["city_a_id"]
    assert table["cx"][a] / plan.COORD_SCALE == pytest.approx(first["lon_a"], abs=1e-4)
    assert table["lod"] is None


def test_selecting_a_city_reuses_the_serialised_table(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    plain = plan.plan(p, c)
    chosen = plan.plan(p, c, plan.MapOptions(selected="gn:2652221"))
    assert chosen.data_json is plain.data_json
    assert chosen.selected_index >= 0 and chosen.center is not None
    assert [layer.role for layer in chosen.layers][-2:] == ["sel", "cities"]


def test_big_maps_switch_to_levels_of_detail(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    spec = plan.plan(p, c, plan.MapOptions(lod_links=5))
    assert spec.lod and [layer.role for layer in spec.layers] == ["density", "detail",
                                                                  "cities"]
    table = json.loads(spec.data_json)
    assert table["lod"]["zoom"] == plan.DETAIL_ZOOM
    assert "Zoom in" in spec.legend_note


def test_world_is_centred_where_fewest_links_cross_its_far_side(mini_dataset):
    """Tokyo–San Francisco and Kyoto–Boston cross the Pacific: the world's edge must not
    cut them, nor the Europe–America ones; and a purely European list keeps 0°."""
    p = mini_dataset.partnerships
    centre = plan.world_centre(p)
    seam = centre + 180
    for _, link in p.iterrows():
        a, b = sorted((link.lon_a, link.lon_b))
        short_way_crosses_180 = b - a > 180
        lo, hi = (b, a + 360) if short_way_crosses_180 else (a, b)
        assert not any(lo < s < hi for s in (seam - 360, seam, seam + 360)), link.pair_id
    europe = p[(p.continent_a == "Europe") & (p.continent_b == "Europe")]
    assert plan.world_centre(europe) == 0.0
    (south, west), (north, east) = plan.world_bounds(p, centre)
    assert east - west > 360 and south <= -47 and north >= 68  # NZ to Scandinavia


def test_focus_colour_prefers_the_filtered_focus(mini_dataset):
    keys = palette.style_key(mini_dataset.partnerships, "focus", ("economy",))
    by_pair = dict(zip(mini_dataset.partnerships.pair_id, keys))
    assert by_pair["gn:5391959~gn:1853909"] == "economy"  # SF–Osaka: economy|culture
    assert by_pair["gn:1850147~gn:1816670"] == "economy"  # Tokyo–Beijing: culture|economy
    plain = dict(zip(mini_dataset.partnerships.pair_id,
                     palette.style_key(mini_dataset.partnerships, "focus")))
    assert plain["gn:1850147~gn:1816670"] == "culture"


def test_world_frame_keeps_the_world_view_on_selection(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    world = plan.plan(p, c, plan.MapOptions(selected="gn:2652221", frame="world"))
    assert world.center is None and world.bounds is None and world.selected_index >= 0
    # The city page fits the city and its partners: the browser does (from the arcs it draws;
    # tests/browser checks the view holds them), so the plan sends only the mode.
    links = plan.plan(p, c, plan.MapOptions(selected="gn:2652221", frame="links"))
    assert links.frame == "selection" and links.bounds is None and links.selected_index >= 0


@pytest.mark.parametrize("color_by", palette.COLOR_BY)
def test_the_legend_lists_only_the_colours_drawn(mini_dataset, color_by):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    subset = p[p["continent_a"] == p["continent_b"]]  # no link between continents
    spec = plan.plan(subset, c, plan.MapOptions(color_by=color_by))
    table = json.loads(spec.data_json)
    drawn = {table["styles"][k] for k in table["lk"]}
    colours, labels = palette.palette(color_by), palette.labels(color_by)
    assert [label for _, label in spec.legend_items] == [labels[k] for k in colours
                                                         if k in drawn]
    assert [colour for colour, _ in spec.legend_items] == [colours[k] for k in colours
                                                           if k in drawn]
    if color_by in ("reach", "continent"):
        assert "Between continents" not in {label for _, label in spec.legend_items}


def test_era_on_a_list_with_no_years_is_drawn_by_reach_and_the_legend_says_so(mini_dataset):
    p, c = mini_dataset.partnerships.copy(), mini_dataset.cities
    p["established"] = None
    p["era"] = "unknown"
    spec = plan.plan(p, c, plan.MapOptions(color_by="era"))
    assert spec.legend_title == "Reach"
    assert spec.legend_note.startswith("No links have a year")
    assert "Year unknown" not in {label for _, label in spec.legend_items}
    table = json.loads(spec.data_json)
    assert set(table["styles"]) == set(palette.REACH_COLORS)
    # With years the same map is coloured by era, and no note is added.
    dated = plan.plan(mini_dataset.partnerships, c, plan.MapOptions(color_by="era"))
    assert dated.legend_title == "Era established" and dated.legend_note == ""


def test_the_dark_basemap_sends_the_dark_theme_colours(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    light = json.loads(plan.plan(p, c, plan.MapOptions(color_by="reach")).data_json)
    dark_spec = plan.plan(p, c, plan.MapOptions(color_by="reach", basemap="dark"))
    dark = json.loads(dark_spec.data_json)
    assert light["colors"] == palette.REACH_COLORS
    assert dark["colors"] == palette.palette("reach", "dark") != light["colors"]
    assert all(colour in dark["colors"].values() for colour, _ in dark_spec.legend_items)


def test_the_text_alternative_lists_the_links_drawn_the_selection_first(mini_dataset):
    """link_rows: one row per link the map draws, the selected city's first and named first
    (even where it is the link's second city), each colour named as the legend names it."""
    p = mini_dataset.partnerships
    kiel = p.loc[p["city_b"] == "Kiel", "city_b_id"].iloc[0]  # Coventry–Kiel, Kiel second
    rows = plan.link_rows(p, "era", selected=kiel)
    assert len(rows) == len(p)
    first = rows.iloc[0]
    assert (first["City"], first["Partner"], first["Since"]) == ("Kiel", "Coventry", "1947")
    assert first["Country"] == "Germany" and first["Partner's country"] == "United Kingdom"
    assert first["Era established"] == "Post-war reconciliation"  # the legend's words
    assert set(rows["Status"]) <= {"Active", "Ended", "Suspended", "Unknown"}
    assert "Ended" in set(rows["Status"])  # the mini data's ended link, said in words
    unselected = plan.link_rows(p, "focus")
    assert list(unselected["City"]) == list(p["city_a"])  # the data's order, as drawn
    assert "Focus area (first listed)" in unselected.columns


def test_each_links_sources_reach_its_tooltip_when_the_map_mixes_sources(layered,
                                                                          mini_dataset):
    """The layered mini data: Coventry–Volgograd and Dresden–Coventry are listed by both,
    Saint Paul–Kumasi by Wikidata alone, the rest by the review. One source: no marks."""
    from sistermap.store import dataset

    data = dataset.load(layered)
    p = data.partnerships
    table = json.loads(plan.plan(p, data.cities).data_json)
    marks = [table["mk"][k] for k in table["lm"]]
    assert dict(zip(p["pair_id"], marks)) == dict(zip(p["pair_id"], p["source_mark"]))
    assert {"reviewed + Wikidata", "Wikidata", "reviewed"} <= set(table["mk"])
    only = json.loads(plan.plan(mini_dataset.partnerships, mini_dataset.cities).data_json)
    assert "lm" not in only and "mk" not in only
