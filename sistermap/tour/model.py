"""The guided tour's vocabulary: a tour, its steps, the named regions and the file's limits.

A tour is a TOML file (``data/tour/movement.toml``; the format is in ``docs/tour.md``) that
a teacher can copy and edit into their own lesson. Each step has a title, a short text, a
map view (filters, the year playback opens at, a named region or explicit bounds, cities to
highlight) and lines of facts. Reading a file is ``loader.py``; the facts language
``facts.py``; a step's map ``view.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sistermap import palette, schema
from sistermap.query.filters import Filters

TOUR_DIR = Path(__file__).resolve().parents[2] / "data" / "tour"
DEFAULT_TOUR = TOUR_DIR / "movement.toml"


def default_tour(lang: str = "en") -> Path:
    """The built-in tour in ``lang`` (``movement.de.toml``), else the English one: a
    translation is the same steps, maps and facts with its text in another language."""
    translated = TOUR_DIR / f"movement.{lang}.toml"
    return translated if lang != "en" and translated.exists() else DEFAULT_TOUR

#: Bounds on a tour file, so an upload cannot make the app do unbounded work.
MAX_BYTES = 200_000
MAX_STEPS = 40
MAX_TITLE = 120
MAX_TEXT = 1_500
MAX_FACTS = 8
MAX_FACT_LINE = 240
MAX_HIGHLIGHT = 12
#: Items a list-valued fact names at most (``top_cities:N``, ``partners:City``).
MAX_LIST = 10

#: Named framings: (south, west), (north, east) in degrees. West may exceed east's sign
#: around the antimeridian (the Pacific): east is then given beyond 180.
REGIONS: dict[str, tuple[str, tuple[tuple[float, float], tuple[float, float]]]] = {
    "world": ("The world", ((-47.0, -170.0), (68.0, 190.0))),
    "europe": ("Europe", ((35.0, -12.0), (62.0, 42.0))),
    "western_europe": ("Western Europe", ((42.0, -8.0), (57.0, 17.0))),
    "central_europe": ("Central Europe", ((45.0, 4.0), (56.0, 25.0))),
    "northern_europe": ("Northern Europe", ((53.0, 3.0), (66.0, 32.0))),
    "uk_and_germany": ("Britain and Germany", ((47.0, -7.0), (58.0, 16.0))),
    "france_and_germany": ("France and Germany", ((42.0, -5.0), (55.5, 16.0))),
    "europe_and_russia": ("Europe and Russia", ((38.0, -12.0), (64.0, 60.0))),
    "north_atlantic": ("The North Atlantic", ((20.0, -125.0), (62.0, 40.0))),
    "north_america": ("North America", ((15.0, -130.0), (60.0, -55.0))),
    "pacific": ("The Pacific", ((-40.0, 100.0), (60.0, 290.0))),
    "east_asia": ("East Asia", ((18.0, 95.0), (48.0, 150.0))),
    "japan": ("Japan", ((30.0, 128.0), (45.5, 146.0))),
    "southeast_asia": ("Southeast Asia", ((-11.0, 92.0), (25.0, 142.0))),
    "asia": ("Asia", ((-10.0, 25.0), (60.0, 150.0))),
    "africa": ("Africa", ((-36.0, -20.0), (38.0, 52.0))),
    "europe_and_africa": ("Europe and Africa", ((-36.0, -25.0), (62.0, 55.0))),
    "latin_america": ("Latin America", ((-56.0, -118.0), (33.0, -33.0))),
    "oceania": ("Oceania", ((-48.0, 110.0), (0.0, 180.0))),
}

#: Fields a step may hold, with what each means (also the help of ``unknown field`` errors).
FILTER_FIELDS = ("eras", "focus", "continents", "subregions", "countries", "statuses",
                 "kinds", "sources", "city")
STEP_FIELDS = ("title", "text", "facts", "year", "region", "bounds", "highlight", "color",
               *FILTER_FIELDS)
TOUR_FIELDS = ("title", "intro", "defaults", "steps")
#: A step colours its links any way the map can (palette.COLOR_BY).
COLORS = palette.COLOR_BY
#: What every step of a tour starts from: the reviewed records, whatever their status, so a
#: link that ended later is counted in the years it existed (the playback rule).
BASE_FILTERS = Filters(sources=("reviewed",))

Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Piece:
    """A part of a template: literal text, or a fact with its resolved argument."""

    literal: str = ""
    fact: str = ""
    arg: object = None


def problem(step: int | None, field: str, message: str) -> schema.Problem:
    """A problem of a tour file at a step (1-based) and field; ``None`` for the tour itself."""
    return schema.Problem("tour", 0, field, message, step=step)


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    facts: tuple[str, ...] = ()
    filters: Filters = BASE_FILTERS
    year: int | None = None
    region: str = ""  # a key of REGIONS, or "" (bounds, the highlighted cities, or world)
    bounds: Bounds | None = None  # the framing to show, resolved
    highlight: tuple[str, ...] = ()  # city ids
    color_by: str = "era"
    #: The title, text and facts as parsed templates (set by :func:`load`).
    parsed: Parsed | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Tour:
    title: str
    intro: str = ""
    steps: tuple[Step, ...] = ()
    problems: tuple[schema.Problem, ...] = ()
    source: str = ""  # the file's name, for messages

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.steps)


@dataclass(frozen=True)
class Parsed:
    title: tuple[Piece, ...]
    text: tuple[Piece, ...]
    facts: tuple[tuple[Piece, ...], ...]


