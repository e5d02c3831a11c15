"""``validate``, ``stats`` and ``export``: read a dataset and report on it or write it out."""

from __future__ import annotations

import argparse
import json
import sys

from sistermap import schema
from sistermap.cli import options
from sistermap.kit import exports
from sistermap.query import filters, provenance, stats
from sistermap.store import dataset


def _setup_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="dataset directory (default: $SISTERMAP_DATA or data/)")


def _setup_stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _setup_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?")
    p.add_argument("--format", choices=["csv", "geojson"], default="csv")
    p.add_argument("--out", required=True, help="output file")
    options.add_filter_options(p)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a dataset; print every problem by file and row (exit 1 on any)."""
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
    """Counts by era, focus, continent, status, kind and source."""
    ds = dataset.load(args.dir)
    summary = stats.summary(ds.partnerships)
    overlap = provenance.overlap(ds.partnerships)
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
    for line in provenance.overlap_lines(overlap):
        print(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The filtered partnerships as formula-safe CSV or GeoJSON."""
    out = options.output_file(args.out)
    ds = dataset.load(args.dir)
    f = options.filters_from_args(args)
    chosen = filters.apply(ds.partnerships, ds.cities, f)
    text = exports.FORMATS[args.format](chosen)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {len(chosen)} partnerships to {out} ({args.format})")
    return 0


COMMANDS = (
    options.Command("validate", "check a dataset; print every problem by file and row",
                    _setup_validate, cmd_validate),
    options.Command("stats", "counts by era, focus, continent, status and kind",
                    _setup_stats, cmd_stats),
    options.Command("export", "filtered partnerships as CSV or GeoJSON",
                    _setup_export, cmd_export),
)
