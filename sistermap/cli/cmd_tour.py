"""``tour validate|show``: check a guided-tour file, or print its steps with their facts."""

from __future__ import annotations

import sys
from pathlib import Path

from sistermap.cli import options
from sistermap.store import dataset
from sistermap.tour import facts, loader, model


def setup_command(p) -> None:
    p.add_argument("action", choices=["validate", "show"],
                   help="validate: list every problem, by step and field (exit 1 on any); "
                   "show: print each step with its facts filled in from the data")
    p.add_argument("file", nargs="?", default=str(model.DEFAULT_TOUR),
                   help="the tour file (default: the shipped tour, data/tour/movement.toml)")
    options.dataset_dir_option(p)


def cmd_tour(args) -> int:
    """Check a guided-tour file, or print its steps with their facts (see docs/tour.md)."""
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise options.UsageError(f"{args.file}: no such file")
    ds = dataset.load(args.data, strict=False)
    tour = loader.load(path, ds.partnerships, ds.cities)
    for problem in tour.problems:
        print(f"{path.name}: {problem}")
    if tour.problems:
        print(f"{len(tour.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    if args.action == "validate":
        years = [s.year for s in tour.steps if s.year is not None]
        span = f", years {min(years)}–{max(years)}" if years else ""
        print(f"{path}: valid ({len(tour.steps)} steps{span})")
        return 0
    print(tour.title)
    for i, step in enumerate(tour.steps, start=1):
        shown = facts.show(step, ds.partnerships, ds.cities)
        when = f" [{step.year}]" if step.year is not None else ""
        print(f"\n{i}. {shown.title}{when}\n   {shown.text}")
        for line in shown.facts:
            print(f"   - {line}")
    return 0


COMMANDS = (
    options.Command("tour", "Check a guided-tour file, or print its steps with their facts "
                    "(see docs/tour.md).", setup_command, cmd_tour),
)
