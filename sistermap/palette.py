"""How links and cities look, everywhere: era and focus colours, city styles, marker sizes.

The web map, still maps, sheets, charts and the animation all colour by these tables, so a
link is the same colour on the screen, the slide and the printed sheet. Okabe–Ito colours:
distinguishable with colour-blindness and on a projector.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sistermap import schema

#: Okabe–Ito colours.
ERA_COLORS = {"early": "#E69F00", "postwar": "#D55E00", "cold_war": "#0072B2",
              "post_cold_war": "#009E73", "global": "#CC79A7", "unknown": "#999999"}
FOCUS_COLORS = {"peace": "#D55E00", "culture": "#0072B2", "education": "#E69F00",
                "economy": "#56B4E9", "governance": "#000000", "climate": "#009E73",
                "development": "#CC79A7", schema.UNCLASSIFIED: "#999999"}
SELECTED_COLOR = "#F0E442"
CITY_COLOR = "#333333"
CITY_STYLES = {"city": {"color": "#ffffff", "weight": 1, "fillColor": CITY_COLOR,
                        "fillOpacity": 0.85},
               "mine": {"color": "#000000", "weight": 1.5, "fillColor": "#ffffff",
                        "fillOpacity": 1},
               "sel": {"color": "#000000", "weight": 3, "fillColor": SELECTED_COLOR,
                       "fillOpacity": 1}}


def style_key(partnerships: pd.DataFrame, color_by: str,
              focus_first: tuple[str, ...] = ()) -> pd.Series:
    if color_by == "focus":
        def pick(focus: tuple[str, ...]) -> str:
            preferred = [x for x in focus_first if x in focus]
            # A link with no focus area is "not classified", never a guessed "culture".
            return preferred[0] if preferred else (focus[0] if focus else schema.UNCLASSIFIED)

        return pd.Series([pick(f) for f in partnerships["focus"]], index=partnerships.index)
    return partnerships["era"]


def palette(color_by: str) -> dict[str, str]:
    return FOCUS_COLORS if color_by == "focus" else ERA_COLORS


def city_radius(partners: np.ndarray) -> np.ndarray:
    """Marker size grows with the square root of partner count, so hubs stand out gently."""
    return np.round(3 + 2.2 * np.sqrt(np.maximum(partners, 1) - 1), 1)
