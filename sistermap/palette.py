"""How links and cities look, everywhere: link colours, city styles, marker sizes.

The web map, still maps, sheets, charts and the animation all colour by these tables, so a
link is the same colour on the screen, the slide and the printed sheet. Okabe–Ito colours:
distinguishable with colour-blindness and on a projector.

Links are coloured by one of :data:`COLOR_BY`: the era they were formed in, their first focus
area, their reach (same country, same continent, between continents) or their continent
(within one continent, or between two). Reach and continent need no year, so a list without
years still has colours that mean something: :func:`choose_color_by` picks reach when era
is asked for but (nearly) no link has a year, and says so. The dark theme (the "dark"
basemap, for projectors) swaps the few colours that do not stand out on it (:data:`DARK`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sistermap import schema
from sistermap.i18n import N_, _, number

#: "Not known" (an era, a focus, a place): a grey darker than Okabe–Ito's #999999, which a
#: deuteranope could not tell from the reddish purple (#CC79A7: 6.5 apart in CAM02-UCS, under
#: the 10 tests/test_palette.py requires) and which had 2.5:1 on the light land (WCAG's
#: graphics need 3:1). #6B6B6B: 11.0 apart from every colour, 4.7:1 on the land.
UNKNOWN_COLOR = "#6B6B6B"
#: The same on the dark theme, where a dark grey would vanish (7.7:1 on the dark land).
UNKNOWN_DARK = "#BDBDBD"
#: Okabe–Ito colours.
ERA_COLORS = {"early": "#E69F00", "postwar": "#D55E00", "cold_war": "#0072B2",
              "post_cold_war": "#009E73", "global": "#CC79A7", "unknown": UNKNOWN_COLOR}
FOCUS_COLORS = {"peace": "#D55E00", "culture": "#0072B2", "education": "#E69F00",
                "economy": "#56B4E9", "governance": "#000000", "climate": "#009E73",
                "development": "#CC79A7", schema.UNCLASSIFIED: UNKNOWN_COLOR}
#: Reach: how far a link goes. Each colour has at least 3:1 contrast with the land on both
#: themes (tests/test_palette.py).
REACH_COLORS = {"domestic": "#009E73", "regional": "#0072B2", "intercontinental": "#D55E00",
                "unknown": UNKNOWN_COLOR}
REACH_LABELS = {"domestic": N_("Same country"), "regional": N_("Same continent"),
                "intercontinental": N_("Between continents"), "unknown": N_("Place unknown")}
#: Continent: links within one continent in its colour; links between two in ink.
CONTINENT_KEYS = {"Europe": "europe", "Asia": "asia", "Africa": "africa",
                  "North America": "north_america", "South America": "south_america",
                  "Oceania": "oceania"}
CONTINENT_COLORS = {"europe": "#0072B2", "asia": "#D55E00", "africa": "#E69F00",
                    "north_america": "#009E73", "south_america": "#CC79A7",
                    "oceania": "#56B4E9", "between": "#000000", "unknown": UNKNOWN_COLOR}
CONTINENT_LABELS = {**{k: f"Within {c}" for c, k in CONTINENT_KEYS.items()},
                    "between": N_("Between continents"), "unknown": N_("Continent unknown")}
#: Kind: what the partnership is (schema.KINDS grouped the way the sources distinguish
#: them); a twinning that also runs a project partnership has a colour of its own.
KIND_COLORS = {"twinning": "#0072B2", "twinning_project": "#56B4E9",
               "friendship": "#CC79A7", "contact": "#E69F00", "project": "#009E73",
               "cooperation": "#D55E00", schema.UNCLASSIFIED: UNKNOWN_COLOR}
KIND_GROUP_LABELS = {"twinning": N_("Formal twinning"),
                     "twinning_project": N_("Twinning + project partnership"),
                     "friendship": N_("Friendship link (informal)"),
                     "contact": N_("Contact (no formal agreement)"),
                     "project": N_("Project or programme partnership"),
                     "cooperation": N_("Cooperation agreement"),
                     schema.UNCLASSIFIED: schema.NOT_CLASSIFIED}
_KIND_GROUP = {"friendship_city": "friendship", "contact": "contact",
               "project_partnership": "project", "cooperation_agreement": "cooperation"}
#: The ways to colour links, in the order the app offers them.
COLOR_BY = ("era", "focus", "reach", "continent", "kind")
COLOR_BY_LABELS = {"era": N_("Era"), "focus": N_("Focus area"), "reach": N_("Reach"),
                   "continent": N_("Continent"), "kind": N_("Kind")}
#: The dark theme's swaps, per colouring: colours that would vanish on a dark map (black,
#: the deep blue) for ones that stand out, never one the colouring already uses.
DARK = {"era": {"cold_war": "#56B4E9", "unknown": UNKNOWN_DARK},
        "focus": {"governance": "#FFFFFF", schema.UNCLASSIFIED: UNKNOWN_DARK},
        "reach": {"regional": "#56B4E9", "unknown": UNKNOWN_DARK},
        "continent": {"europe": "#F0E442", "between": "#FFFFFF", "unknown": UNKNOWN_DARK},
        "kind": {"twinning": "#F0E442", schema.UNCLASSIFIED: UNKNOWN_DARK}}
#: Below this share of links with a known year, "era" colours nearly nothing: see
#: :func:`choose_color_by`.
MIN_DATED = 0.1
SELECTED_COLOR = "#F0E442"
CITY_COLOR = "#333333"
CITY_STYLES = {"city": {"color": "#ffffff", "weight": 1, "fillColor": CITY_COLOR,
                        "fillOpacity": 0.85},
               "mine": {"color": "#000000", "weight": 1.5, "fillColor": "#ffffff",
                        "fillOpacity": 1},
               "sel": {"color": "#000000", "weight": 3, "fillColor": SELECTED_COLOR,
                       "fillOpacity": 1}}
#: City markers on the dark theme: light dots, dark rims.
DARK_CITY_STYLES = {**CITY_STYLES,
                    "city": {"color": "#0b1622", "weight": 1, "fillColor": "#e8e8e8",
                             "fillOpacity": 0.9}}


def kind_group(kinds: tuple[str, ...]) -> str:
    """The kind colouring's key for a link's kinds: the formal twinning first (with or
    without a project partnership), else the first kind stated."""
    if schema.TWINNING_KINDS.intersection(kinds):
        return "twinning_project" if "project_partnership" in kinds else "twinning"
    return _KIND_GROUP.get(kinds[0], "twinning") if kinds else schema.UNCLASSIFIED


def style_key(partnerships: pd.DataFrame, color_by: str,
              focus_first: tuple[str, ...] = ()) -> pd.Series:
    if color_by == "kind":
        return pd.Series([kind_group(tuple(k)) for k in partnerships["kinds"]],
                         index=partnerships.index, dtype=object)
    if color_by == "focus":
        def pick(focus: tuple[str, ...]) -> str:
            preferred = [x for x in focus_first if x in focus]
            # A link with no focus area is "not classified", never a guessed "culture".
            return preferred[0] if preferred else (focus[0] if focus else schema.UNCLASSIFIED)

        return pd.Series([pick(f) for f in partnerships["focus"]], index=partnerships.index)
    if color_by in ("reach", "continent"):
        a, b = partnerships["continent_a"], partnerships["continent_b"]
        known = a.isin(list(CONTINENT_KEYS)) & b.isin(list(CONTINENT_KEYS))
        if color_by == "continent":
            keys = np.where(a == b, a.map(CONTINENT_KEYS).fillna("unknown"), "between")
        else:
            same = (partnerships["country_a"] == partnerships["country_b"]).to_numpy()
            keys = np.where(same, "domestic", np.where(a == b, "regional", "intercontinental"))
        return pd.Series(np.where(known, keys, "unknown"), index=partnerships.index,
                         dtype=object)
    return partnerships["era"]


_COLORS = {"era": ERA_COLORS, "focus": FOCUS_COLORS, "reach": REACH_COLORS,
           "continent": CONTINENT_COLORS, "kind": KIND_COLORS}


def palette(color_by: str, theme: str = "light") -> dict[str, str]:
    """Style key -> colour of a colouring, on the light (default) or dark theme."""
    colors = _COLORS.get(color_by, ERA_COLORS)
    return {**colors, **DARK.get(color_by, {})} if theme == "dark" else colors


def labels(color_by: str) -> dict[str, str]:
    """Style key -> the label people read (legends, layer names), in the reader's language."""
    if color_by == "continent":
        within = {k: _("Within {continent}").format(continent=_(c))
                  for c, k in CONTINENT_KEYS.items()}
        return {**{k: _(v) for k, v in CONTINENT_LABELS.items()}, **within}
    table = {"focus": schema.FOCUS_LABELS, "reach": REACH_LABELS,
             "kind": KIND_GROUP_LABELS}.get(color_by, schema.ERA_LABELS)
    return {k: _(v) for k, v in table.items()}


def title(color_by: str, focus_first: tuple[str, ...] = ()) -> str:
    """The legend's heading for a colouring."""
    if color_by == "focus":
        return _("Focus area") if focus_first else _("Focus area (first listed)")
    return {"reach": _("Reach"), "continent": _("Continent"),
            "kind": _("Kind of partnership")}.get(color_by, _("Era established"))


def choose_color_by(partnerships: pd.DataFrame, color_by: str) -> tuple[str, str]:
    """The colouring to draw and a note for the legend ('' when it is the one asked for).

    Era colours a list with (nearly) no years all one grey, which says nothing: then the
    links are coloured by reach instead (it needs only the places), and the note says why.
    """
    if color_by != "era" or partnerships.empty:
        return color_by, ""
    dated = int(pd.to_numeric(partnerships["established"], errors="coerce").notna().sum())
    if dated >= MIN_DATED * len(partnerships):
        return color_by, ""
    return "reach", (_("No links have a year ({dated} of {total}): coloured by reach instead "
                       "of era.") if not dated else
                     _("Few links have a year ({dated} of {total}): coloured by reach instead "
                       "of era.")).format(dated=number(dated), total=number(len(partnerships)))


def city_styles(theme: str = "light") -> dict[str, dict]:
    return DARK_CITY_STYLES if theme == "dark" else CITY_STYLES


def city_radius(partners: np.ndarray) -> np.ndarray:
    """Marker size grows with the square root of partner count, so hubs stand out gently."""
    return np.round(3 + 2.2 * np.sqrt(np.maximum(partners, 1) - 1), 1)
