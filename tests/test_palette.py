"""The one palette: style keys of every colouring, the dark theme's swaps, contrast on both
themes, and the colouring chosen for a list with no years."""

from __future__ import annotations

import pandas as pd
import pytest

from sistermap import palette
from sistermap.webmap import elements

LAND = {"light": elements.BASEMAP_STYLES["light"]["fillColor"],
        "dark": elements.BASEMAP_STYLES["dark"]["fillColor"]}


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def links(*rows) -> pd.DataFrame:
    """Links from (country_a, continent_a, country_b, continent_b) rows."""
    return pd.DataFrame(rows, columns=["country_a", "continent_a", "country_b", "continent_b"])


PLACES = links(("DE", "Europe", "DE", "Europe"),          # same country
               ("DE", "Europe", "FR", "Europe"),          # same continent
               ("DE", "Europe", "JP", "Asia"),            # between continents
               ("US", "North America", "MX", "North America"),
               ("AQ", "Antarctica", "AQ", "Antarctica"),  # not a continent we colour
               (None, None, "FR", "Europe"))              # a place unknown


def test_reach_says_how_far_each_link_goes():
    keys = palette.style_key(PLACES, "reach").tolist()
    assert keys == ["domestic", "regional", "intercontinental", "regional", "unknown",
                    "unknown"]


def test_continent_colours_links_within_one_by_it_and_the_others_as_between():
    keys = palette.style_key(PLACES, "continent").tolist()
    assert keys == ["europe", "europe", "between", "north_america", "unknown", "unknown"]


@pytest.mark.parametrize("color_by", palette.COLOR_BY)
def test_every_colouring_has_a_colour_and_a_label_per_key_on_both_themes(color_by):
    for theme in ("light", "dark"):
        colours = palette.palette(color_by, theme)
        assert set(colours) == set(palette.labels(color_by))
        assert len(set(colours.values())) == len(colours), "two keys share a colour"
    assert palette.title(color_by)


@pytest.mark.parametrize("color_by", ["era", "reach", "continent"])
def test_the_dark_theme_has_contrast_with_its_land(color_by):
    for key, colour in palette.palette(color_by, "dark").items():
        assert contrast(colour, LAND["dark"]) >= 3, (key, colour)


def test_reach_has_contrast_on_both_themes():
    for theme in ("light", "dark"):
        for key, colour in palette.palette("reach", theme).items():
            if key != "unknown":
                assert contrast(colour, LAND[theme]) >= 2.9, (theme, key, colour)


def test_the_light_theme_is_the_palette_every_output_shares():
    assert palette.palette("era") is palette.ERA_COLORS
    assert palette.palette("focus") is palette.FOCUS_COLORS
    assert palette.palette("era", "dark")["early"] == palette.ERA_COLORS["early"]


def test_era_on_a_list_with_no_years_draws_reach_and_says_so():
    undated = pd.DataFrame({"established": [None] * 20})
    assert palette.choose_color_by(undated, "era")[0] == "reach"
    assert "No links have a year" in palette.choose_color_by(undated, "era")[1]
    few = pd.DataFrame({"established": [1990] + [None] * 19})  # 5 % dated
    mode, note = palette.choose_color_by(few, "era")
    assert mode == "reach" and note.startswith("Few links have a year (1 of 20)")
    dated = pd.DataFrame({"established": [1990, 2001] + [None] * 8})  # 20 % dated
    assert palette.choose_color_by(dated, "era") == ("era", "")
    # Any other colouring is drawn as asked, years or not.
    assert palette.choose_color_by(undated, "focus") == ("focus", "")
    assert palette.choose_color_by(undated.iloc[:0], "era") == ("era", "")


def test_kind_colouring_says_a_twinning_also_runs_a_project_partnership():
    kinds = pd.DataFrame({"kinds": [("twin_town",), ("twin_town", "project_partnership"),
                                    ("project_partnership",), ("friendship_city",), (),
                                    ("cooperation_agreement", "project_partnership")]})
    assert palette.style_key(kinds, "kind").tolist() == [
        "twinning", "twinning_project", "project", "friendship", "unclassified",
        "cooperation"]
    assert set(palette.palette("kind")) == set(palette.labels("kind"))
    dark = palette.palette("kind", "dark")
    assert len(set(dark.values())) == len(dark)  # the dark swap reuses no colour
