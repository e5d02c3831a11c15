"""What every command shares: usage errors, ``--out`` checks and the filter options.

Command modules import this, never ``cli.commands``: the registry there lists the command
modules, so the import graph runs one way (main -> commands -> options -> library).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sistermap import i18n, regions, schema
from sistermap.query.filters import Filters
from sistermap.sources import SOURCES

#: Set to 1 to let unexpected exceptions propagate with their traceback.
DEBUG_ENV = "SISTERMAP_DEBUG"

Handler = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    """One sub-command: its name, one-line help, how to add its options, and its handler.

    Command modules list theirs in ``COMMANDS``; ``cli.commands`` lists the modules. Nothing
    registers itself, so importing a library module never changes the command line.
    """

    name: str
    help: str
    setup: Callable[[argparse.ArgumentParser], None]
    handler: Handler


def language_option(p: argparse.ArgumentParser) -> None:
    """``--lang``: the language of the files a command writes (the council kit, the map)."""
    p.add_argument("--lang", choices=list(i18n.LANGUAGES), default=i18n.DEFAULT,
                   help="language of the file's text: "
                   + ", ".join(f"{k} ({v})" for k, v in i18n.LANGUAGES.items()))


def dataset_dir_option(p: argparse.ArgumentParser) -> None:
    """``--data DIR``, as the commands that write files take it."""
    p.add_argument("--data", default=None, metavar="DIR",
                   help="dataset directory (default: $SISTERMAP_DATA or data/)")


class UsageError(Exception):
    """A command-line value that cannot work (e.g. --out in a missing folder); exit 2."""


def output_file(path: str, make_parent: bool = False) -> Path:
    """Check an ``--out FILE`` before any work: not a directory, its folder exists."""
    out = Path(path).expanduser()
    if out.is_dir():
        raise UsageError(f"--out {path}: is a directory; give a file name, e.g. "
                         f"{out / 'map.html'}")
    parent = out.parent
    if not parent.is_dir():
        if parent.exists():
            raise UsageError(f"--out {path}: {parent} is not a directory")
        if not make_parent:
            raise UsageError(f"--out {path}: folder {parent} does not exist; create it first")
        parent.mkdir(parents=True, exist_ok=True)
    return out
def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The sidebar's filters as options, shared by ``export`` and ``render``."""
    g = parser.add_argument_group("filters (repeat an option or separate values with commas)")
    g.add_argument("--era", action="append", default=[], help=", ".join(schema.ERA_KEYS))
    g.add_argument("--focus", action="append", default=[], help=", ".join(schema.FOCUS_AREAS))
    g.add_argument("--continent", action="append", default=[], help="e.g. Europe")
    g.add_argument("--subregion", action="append", default=[], help="UN M49, e.g. 'Eastern Asia'")
    g.add_argument("--country", action="append", default=[], help="ISO code or name, e.g. JP")
    g.add_argument("--status", action="append", default=[], help=", ".join(schema.STATUSES))
    g.add_argument("--kind", action="append", default=[], help=", ".join(schema.KINDS))
    g.add_argument("--from", dest="year_min", type=int, help="established in or after year")
    g.add_argument("--to", dest="year_max", type=int, help="established in or before year")
    g.add_argument("--search", default="", help="city name (alternate names and accents too)")
    g.add_argument("--city", default="", help="only this city's partnerships (city id)")
    g.add_argument("--source", action="append", default=[],
                   help="only links these sources list: reviewed, wikidata, imported "
                   "(default: every source; it applies to --search and --city too)")


def _values(items: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in items for v in item.split(",") if v.strip())


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from command-line options; a value outside the vocabulary is a UsageError."""
    f = Filters(
        eras=_values(args.era), focus=_values(args.focus), continents=_values(args.continent),
        subregions=_values(args.subregion), statuses=_values(args.status),
        kinds=_values(args.kind), year_min=args.year_min, year_max=args.year_max,
        search=args.search, city=args.city, sources=_values(getattr(args, "source", [])),
    )
    countries = []
    for text in _values(args.country):
        code = regions.country_code(text)
        if code is None:
            raise UsageError(f"unknown country {text!r}")
        countries.append(code)
    for values, vocab, name in ((f.eras, schema.ERA_KEYS, "era"),
                                (f.focus, schema.FOCUS_LABELS, "focus"),
                                (f.statuses, schema.STATUSES, "status"),
                                (f.kinds, schema.KIND_LABELS, "kind"),
                                (f.sources, SOURCES, "source")):
        unknown = [v for v in values if v not in vocab]
        if unknown:
            raise UsageError(f"unknown {name} {', '.join(unknown)} "
                             f"(allowed: {', '.join(vocab)})")
    return replace(f, countries=tuple(countries))
