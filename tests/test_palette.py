"""The one palette: style keys of every colouring, the dark theme's swaps, contrast on both
themes, and the colouring chosen for a list with no years."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sistermap import palette
from sistermap.webmap import elements
from tests.conftest import ROOT

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


# --- colour vision deficiencies (Machado et al. 2009, via colorspacious) ------------------

#: The least distance (CAM02-UCS ΔE') between any two colours of a palette, with normal vision
#: and under each full dichromacy. 10 is well above a just-noticeable difference (~1-2) for
#: thin lines on a busy map; docs/accessibility.md lists the pairs changed to reach it.
MIN_DISTANCE = 10.0
DEFICIENCIES = ("protanomaly", "deuteranomaly", "tritanomaly")  # at severity 100: -anopia


def simulate(colour: str, deficiency: str) -> tuple[float, float, float]:
    """How a person with the (full) deficiency sees an sRGB colour, as sRGB 0-255."""
    from colorspacious import cspace_convert

    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return tuple(min(1.0, max(0.0, c)) * 255 for c in cspace_convert(rgb, space, "sRGB1"))


def distances(colours: dict[str, str], deficiency: str | None) -> dict[tuple[str, str], float]:
    """CAM02-UCS distance of every pair of a palette, as seen (None: normal vision)."""
    from colorspacious import deltaE

    seen = {k: (simulate(c, deficiency) if deficiency else
                tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))) for k, c in colours.items()}
    keys = list(colours)
    return {(a, b): float(deltaE(seen[a], seen[b], input_space="sRGB255"))
            for n, a in enumerate(keys) for b in keys[n + 1:]}


def test_the_simulation_matches_machado_2009():
    """Machado's published deuteranopia matrix (severity 1.0) on pure red and blue, in
    linear RGB: its first column, red -> (0.367322, 0.280085, -0.011820), and its third,
    blue -> (-0.227968, 0.047413, 0.968881); colorspacious applies it in linear light and
    clips to the gamut."""
    pytest.importorskip("colorspacious")

    def linear(v: float) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red = [linear(v) for v in simulate("#FF0000", "deuteranomaly")]
    assert red == pytest.approx([0.367322, 0.280085, 0.0], abs=2e-3)
    blue = [linear(v) for v in simulate("#0000FF", "deuteranomaly")]
    assert blue == pytest.approx([0.0, 0.047413, 0.968881], abs=2e-3)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("color_by", ["era", "focus"])
@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_era_and_focus_colours_stay_apart_for_colour_blind_readers(color_by, theme,
                                                                     deficiency):
    pytest.importorskip("colorspacious")
    close = {pair: round(d, 1) for pair, d in
             distances(palette.palette(color_by, theme), deficiency).items()
             if d < MIN_DISTANCE}
    assert close == {}, (deficiency, close)


def test_the_old_grey_was_too_close_to_purple_for_a_deuteranope():
    """Why "unknown" changed (docs/accessibility.md): Okabe–Ito's grey and reddish purple."""
    pytest.importorskip("colorspacious")
    pair = distances({"global": "#CC79A7", "unknown": "#999999"}, "deuteranomaly")
    assert pair[("global", "unknown")] < MIN_DISTANCE


# --- contrast of the map's text and controls (WCAG 2.1 AA) --------------------------------

CSS = re.sub(r"/\*.*?\*/", "", (ROOT / "sistermap" / "webmap" / "map.css")
             .read_text(encoding="utf-8"), flags=re.S)
#: What lies under the map's panels and labels: the sea and the land of each basemap.
GROUND = {"light": ["#dbe7f1", LAND["light"]], "dark": ["#0b1622", LAND["dark"]]}


def css(selector: str, prop: str) -> str:
    """The value of ``prop`` in the map.css rule whose selector list is exactly ``selector``."""
    for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", CSS):
        if sel.strip() == selector:
            found = re.search(rf"(?:^|;){re.escape(prop)}:([^;!]+)", body)
            if found:
                return found.group(1).strip()
    raise KeyError((selector, prop))


def _rgba(value: str) -> tuple[float, float, float, float]:
    value = value.strip()
    if value.startswith("#"):
        h = value[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 1.0)
    parts = [float(x) for x in re.findall(r"[\d.]+", value)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def over(top: str, under: str) -> str:
    """``top`` (maybe translucent) composited over the opaque ``under``, as #rrggbb."""
    r, g, b, a = _rgba(top)
    ur, ug, ub, _a = _rgba(under)
    mix = [round(a * c + (1 - a) * u) for c, u in zip((r, g, b), (ur, ug, ub))]
    return "#" + "".join(f"{c:02x}" for c in mix)


#: (what, foreground selector & property, background selector & property, theme, minimum):
#: normal text 4.5:1, large text (the year, >= 24 px) and graphics (focus ring) 3:1.
TEXT = [
    ("legend", (".sistermap-legend", "color"), (".sistermap-legend", "background"), "light",
     4.5),
    ("legend, dark", (".sm-dark .sistermap-legend,.sm-dark .sistermap-timeline", "color"),
     (".sm-dark .sistermap-legend,.sm-dark .sistermap-timeline", "background"), "dark", 4.5),
    ("year control", (".sistermap-timeline", "color"), (".sistermap-timeline", "background"),
     "light", 4.5),
    ("year control note", (".sm-tl-note", "color"), (".sistermap-timeline", "background"),
     "light", 4.5),
    ("year control note, dark", (".sm-dark .sm-tl-note", "color"),
     (".sm-dark .sistermap-legend,.sm-dark .sistermap-timeline", "background"), "dark", 4.5),
    ("notice", (".sistermap-notice", "color"), (".sistermap-notice", "background"), "light",
     4.5),
    ("city labels", (".sistermap-label", "color"), None, "light", 4.5),
    ("city labels, dark", (".sm-dark .sistermap-label", "color"), None, "dark", 4.5),
    ("the year, large", (".sistermap-year", "color"), None, "light", 3),
    ("the year, large, dark", (".sm-dark .sistermap-year", "color"), None, "dark", 3),
    ("attribution, dark", (".sm-dark .leaflet-control-attribution", "color"),
     (".sm-dark .leaflet-control-attribution", "background"), "dark", 4.5),
    ("attribution link, dark", (".sm-dark .leaflet-control-attribution a", "color"),
     (".sm-dark .leaflet-control-attribution", "background"), "dark", 4.5),
    ("table", (".sm-table", "color"), (".sm-table", "background"), "light", 4.5),
]


@pytest.mark.parametrize(("what", "fg", "bg", "theme", "minimum"), TEXT,
                         ids=[t[0] for t in TEXT])
def test_the_maps_text_has_aa_contrast_on_both_basemaps(what, fg, bg, theme, minimum):
    """WCAG's formula (``contrast``) over the colours map.css uses, on whatever lies under
    them: a translucent panel over the sea and over the land of its basemap."""
    for ground in GROUND[theme]:
        back = over(css(*bg), ground) if bg else ground
        front = over(css(*fg), back)
        assert contrast(front, back) >= minimum, (what, ground, front, back)


def test_the_play_button_and_the_focus_ring_have_contrast():
    button = ".sistermap-timeline button.sm-play"
    back = over(css(button, "background"), "#ffffff")
    assert contrast(over(css(button, "color"), back), back) >= 4.5
    ring = over(css(".leaflet-container:focus-visible", "outline").split()[-1], "#ffffff")
    for ground in GROUND["light"] + GROUND["dark"]:
        assert contrast(ring, ground) >= 3, ground
