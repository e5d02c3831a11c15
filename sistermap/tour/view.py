"""A step on screen: which step an address opens, and the map options of a step."""

from __future__ import annotations

import re

from sistermap.i18n import _
from sistermap.query.filters import Filters
from sistermap.tour.facts import clip
from sistermap.tour.model import Step


def step_number(raw: object, count: int) -> tuple[int, str]:
    """The 0-based step of ``?step=N`` (1-based), and a notice when it was not a step."""
    text_value = str(raw[-1] if isinstance(raw, (list, tuple)) and raw else raw or "").strip()
    if not text_value:
        return 0, ""
    if re.fullmatch(r"[0-9]{1,3}", text_value) and 1 <= int(text_value) <= count:
        return int(text_value) - 1, ""
    return 0, _("Ignored step={value}: the tour has steps 1 to {count}").format(
        value=repr(clip(text_value, 20)), count=count)


# -- the map of a step ----------------------------------------------------------------------


def map_options(step: Step, option_type, **base) -> tuple[object, Filters]:
    """The map options of a step (an ``option_type`` such as the web map's MapOptions), and
    the filters whose links the map gets: every year's, as the map plays them."""
    wanted: dict[str, object] = {**base, "color_by": step.color_by,
                                 "focus_first": step.filters.focus, "timeline": True,
                                 "year": step.year, "highlight": step.highlight}
    if step.bounds is not None:
        wanted["view"] = step.bounds
    return option_type(**wanted), step.filters
