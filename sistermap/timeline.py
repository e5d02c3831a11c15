"""What playing the movement's history needs: each link's years, and links per year.

The map plays the history in the browser (``webmap/js/playback.js``: no server rerun per
frame); this module computes, once per filtered table, what it plays: the year each link was
formed, the year it ended or was suspended (when known), how many links were formed each
year (the small histogram under the year control) and how many links have no known year,
which are left out of playback and counted on the map rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Statuses whose links leave the map in their end year.
ENDING = ("ended", "suspended")


@dataclass(frozen=True)
class Timeline:
    first: int  # the earliest year a shown link was formed
    last: int  # the latest year on the control (the latest formed or ended)
    counts: tuple[int, ...]  # links formed per year, first..last
    undated: int  # links with no known year: not played
    ending_undated: int  # ended or suspended links whose end year is unknown

    def as_json(self) -> dict:
        return {"lo": self.first, "hi": self.last, "hist": list(self.counts),
                "undated": self.undated, "endless": self.ending_undated}


def formed_years(partnerships: pd.DataFrame) -> np.ndarray:
    """The year each link was formed, 0 where unknown (as the map's table stores it)."""
    years = pd.to_numeric(partnerships["established"], errors="coerce")
    return years.fillna(0).astype(np.int64).to_numpy()


def end_years(partnerships: pd.DataFrame) -> np.ndarray:
    """The year each link left the map: its end year if it ended or was suspended, else 0.

    A link marked ended with no end year stays on the map throughout: when it ended is not
    known, and a guess would be a date nobody stated.
    """
    ended = pd.to_numeric(partnerships.get("ended"), errors="coerce") \
        if "ended" in partnerships else pd.Series(np.nan, index=partnerships.index)
    ending = partnerships["status"].isin(ENDING)
    return ended.where(ending).fillna(0).astype(np.int64).to_numpy()


def build(partnerships: pd.DataFrame) -> Timeline | None:
    """The timeline of the given (filtered) links, or None when none has a known year."""
    formed = formed_years(partnerships)
    dated = formed[formed > 0]
    if not len(dated):
        return None
    ends = end_years(partnerships)
    first = int(dated.min())
    last = int(max(dated.max(), ends.max()))
    counts = np.bincount(dated - first, minlength=last - first + 1)
    ending = partnerships["status"].isin(ENDING).to_numpy()
    return Timeline(first, last, tuple(int(c) for c in counts), int((formed == 0).sum()),
                    int((ending & (ends == 0)).sum()))


def shown_in(partnerships: pd.DataFrame, year: int) -> pd.Series:
    """The links on the map in ``year`` of playback: formed by then and not yet ended.

    The reference rule for the browser's playback (``webmap/js/data.js`` ``onMap``, which
    tests/js compares with it), kept here so the tests and the still animations use the
    same one.
    """
    formed, ends = formed_years(partnerships), end_years(partnerships)
    on = (formed > 0) & (formed <= year) & ((ends == 0) | (ends > year))
    return pd.Series(on, index=partnerships.index)
