"""``python -m sistermap``: validate, stats, export, curate, import, fetch-wikidata, render,
sheet, image.

Each command is a thin shell over the library: parse arguments, call one function, print.
Exit codes: 0 success, 1 the data has problems, 2 the command line is wrong.
Every error is one line on stderr starting with ``error:``, never a traceback; set
``SISTERMAP_DEBUG=1`` to get the full trace of an unexpected error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sistermap import schema
from sistermap.filters import Filters

Handler = Callable[[argparse.Namespace], int]
#: Set to 1 to let unexpected exceptions propagate with their traceback.
DEBUG_ENV = "SISTERMAP_DEBUG"


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
#: Extra sub-commands registered by other modules (importers, render): name -> (setup, handler).
EXTRA_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler]] = {}


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
                   "(default: every source; --search and --city always cover every source)")


def _values(items: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in items for v in item.split(",") if v.strip())


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from command-line options; vocabulary errors exit with a clear message."""
    from sistermap import regions
    from sistermap.sources import SOURCES

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
            raise SystemExit(f"error: unknown country {text!r}")
        countries.append(code)
    for values, vocab, name in ((f.eras, schema.ERA_KEYS, "era"),
                                (f.focus, schema.FOCUS_LABELS, "focus"),
                                (f.statuses, schema.STATUSES, "status"),
                                (f.kinds, schema.KIND_LABELS, "kind"),
                                (f.sources, SOURCES, "source")):
        unknown = [v for v in values if v not in vocab]
        if unknown:
            raise SystemExit(f"error: unknown {name} {', '.join(unknown)} "
                             f"(allowed: {', '.join(vocab)})")
    return replace(f, countries=tuple(countries))


def cmd_validate(args: argparse.Namespace) -> int:
    from sistermap import dataset, stats

    problems = dataset.validate(args.dir)
    for p in problems:
        print(p)
    root = dataset.resolve_dir(args.dir)
    if problems:
        print(f"{len(problems)} problem(s) in {root}", file=sys.stderr)
        return 1
    ds = dataset.load(args.dir)
    print(f"{root}: valid ({len(ds.partnerships)} partnerships, {len(ds.cities)} cities)")
    by_source = stats.source_counts(ds.partnerships)
    if len(by_source) > 1:
        print("  by source: " + ", ".join(f"{k} {n}" for k, n in by_source.items()))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from sistermap import dataset, sources, stats

    ds = dataset.load(args.dir)
    summary = stats.summary(ds.partnerships)
    overlap = sources.overlap(ds.partnerships)
    if args.json:
        print(json.dumps({**summary, "sources": overlap}, indent=2, ensure_ascii=False))
        return 0
    print(f"{summary['partnerships']} partnerships between {summary['cities']} cities "
          f"in {summary['countries']} countries")
    print(f"with establishment year: {summary['with_year']} ({summary['with_year_pct']}%), "
          f"{summary['earliest_year']}–{summary['latest_year']}")
    labels = {"by_era": schema.ERA_LABELS, "by_focus": schema.FOCUS_AREAS,
              "by_status": schema.STATUSES, "by_kind": schema.KINDS, "by_continent": {}}
    for key, names in labels.items():
        print(f"\n{key.removeprefix('by_')}:")
        for k, n in summary[key].items():
            print(f"  {names.get(k) or schema.FOCUS_LABELS.get(k, k):<48} {n:>6}")
    for line in sources.overlap_lines(overlap):
        print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sistermap import dataset, exports, filters

    out = output_file(args.out)
    ds = dataset.load(args.dir)
    f = filters_from_args(args)
    chosen = filters.apply(ds.partnerships, ds.cities, f)
    text = exports.FORMATS[args.format](chosen)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {len(chosen)} partnerships to {out} ({args.format})")
    return 0


def cmd_curate(args: argparse.Namespace) -> int:
    from sistermap import curate, dataset

    report = curate.build_into(Path(args.curation), Path(args.out))
    for line in report.lines():
        print(line)
    problems = dataset.validate(args.out)
    for p in problems:
        print(p)
    return 1 if problems or report.rejected else 0


def cmd_build_sources(args: argparse.Namespace) -> int:
    """Rebuild the Wikidata layer (data/sources/wikidata/) from the snapshot or a fetch."""
    from sistermap import dataset, sources

    root = dataset.resolve_dir(args.dir)
    layer = sources.build_wikidata(root, Path(args.fetched) if args.fetched else None)
    target = sources.write_layer(root, layer)
    for line in layer.report:
        print(line)
    print(f"wrote {target}/")
    problems = dataset.validate(root)
    for p in problems:
        print(p)
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sistermap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a dataset; print every problem by file and row")
    p.add_argument("dir", nargs="?", help="dataset directory (default: $SISTERMAP_DATA or data/)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("stats", help="counts by era, focus, continent, status and kind")
    p.add_argument("dir", nargs="?")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("export", help="filtered partnerships as CSV or GeoJSON")
    p.add_argument("dir", nargs="?")
    p.add_argument("--format", choices=["csv", "geojson"], default="csv")
    p.add_argument("--out", required=True, help="output file")
    add_filter_options(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("curate", help="rebuild data/ from the curation files (for maintainers)")
    p.add_argument("--curation", default="data/curation")
    p.add_argument("--out", default="data")
    p.set_defaults(handler=cmd_curate)

    p = sub.add_parser("build-sources", help="rebuild data/sources/wikidata/ from the shipped "
                       "snapshot, or from a fetch-wikidata directory (for maintainers)")
    p.add_argument("dir", nargs="?", help="dataset directory (default: data/)")
    p.add_argument("--fetched", default="", metavar="DIR",
                   help="a fetch-wikidata --out directory to use instead of the snapshot")
    p.set_defaults(handler=cmd_build_sources)

    _register_extra_commands()
    for name, (setup, handler) in EXTRA_COMMANDS.items():
        p = sub.add_parser(name, help=(handler.__doc__ or "").strip().splitlines()[0]
                           if handler.__doc__ else None)
        setup(p)
        p.set_defaults(handler=handler)
    return parser


def _register_extra_commands() -> None:
    """Import the modules that add commands; each registers itself in EXTRA_COMMANDS."""
    import importlib

    for module in ("sistermap.importers.command", "sistermap.render", "sistermap.kit",
                   "sistermap.story", "sistermap.animation"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module and not module.startswith(str(exc.name)):
                raise


def _one_line(text: object, limit: int = 400) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; any failure is one ``error:`` line on stderr and a non-zero exit."""
    from sistermap.dataset import DatasetError

    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except DatasetError as exc:
        print(f"error: {_one_line(exc.one_line())}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{_one_line(exc.strerror or exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # the never-a-traceback rule: a short line and a hint
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {_one_line(exc, 200)} (this is a bug; "
              f"rerun with {DEBUG_ENV}=1 for the full trace and report it)", file=sys.stderr)
        return 1
