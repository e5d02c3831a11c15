"""``curate`` and ``build-sources``: the maintainers' commands that rebuild ``data/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sistermap.cli import options
from sistermap.curation import curate, wikidata_layer
from sistermap.store import dataset


def _setup_curate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--curation", default="data/curation")
    p.add_argument("--out", default="data")


def _setup_build_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="dataset directory (default: data/)")
    p.add_argument("--fetched", default="", metavar="DIR",
                   help="a fetch-wikidata --out directory to use instead of the snapshot")


def cmd_curate(args: argparse.Namespace) -> int:
    """Rebuild data/ from data/curation/ and validate the result."""
    report = curate.build_into(Path(args.curation), Path(args.out))
    for line in report.lines():
        print(line)
    problems = dataset.validate(args.out)
    for p in problems:
        print(p)
    return 1 if problems or report.rejected else 0


def cmd_build_sources(args: argparse.Namespace) -> int:
    """Rebuild the Wikidata layer (data/sources/wikidata/) from the snapshot or a fetch."""
    root = dataset.resolve_dir(args.dir)
    layer = wikidata_layer.build_wikidata(root, Path(args.fetched) if args.fetched else None)
    target = wikidata_layer.write_layer(root, layer)
    for line in layer.report:
        print(line)
    print(f"wrote {target}/")
    problems = dataset.validate(root)
    for p in problems:
        print(p)
    return 1 if problems else 0


COMMANDS = (
    options.Command("curate", "rebuild data/ from the curation files (for maintainers)",
                    _setup_curate, cmd_curate),
    options.Command("build-sources", "rebuild data/sources/wikidata/ from the shipped "
                    "snapshot, or from a fetch-wikidata directory (for maintainers)",
                    _setup_build_sources, cmd_build_sources),
)
