"""``publish``: the dataset as a static site any web server or CDN can carry.

    python -m sistermap publish --out site/ [--data DIR] [filters]

A second publish into the same folder rewrites only the files whose content changed (see
``publish/write.py``). The site's public address, for its sitemap and the addresses it
offers to share, is ``$SISTERMAP_PUBLIC_URL`` (``kit/share.py``: the one setting).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sistermap import palette
from sistermap.cli import options
from sistermap.kit import share
from sistermap.publish import build, write
from sistermap.store import dataset
from sistermap.tour import model


def setup_publish(p: argparse.ArgumentParser) -> None:
    options.dataset_dir_option(p)
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder of the site (new, empty, or written by an earlier publish)")
    p.add_argument("--color-by", choices=list(palette.COLOR_BY), default="era",
                   help="colour the maps' links by era (default), focus, reach or continent")
    p.add_argument("--tour", default=str(model.DEFAULT_TOUR), metavar="FILE",
                   help="the guided tour to publish (default: the shipped tour); "
                   "'none' for no tour")
    options.add_filter_options(p)


def cmd_publish(args: argparse.Namespace) -> int:
    """Write (or bring up to date) the static site of the filtered dataset."""
    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        raise options.UsageError(f"--out {args.out}: is a file; give a folder")
    tour = None if args.tour.strip().lower() == "none" else Path(args.tour).expanduser()
    if tour is not None and not tour.is_file():
        raise options.UsageError(f"--tour {args.tour}: no such file")
    f = options.filters_from_args(args)
    started = time.perf_counter()
    ds = dataset.load(args.data, strict=False)
    base = share.public_url()
    site = build.build(ds.partnerships, ds.cities, f, base, tour, args.color_by)
    done = write.write_site(site.files, out)
    print(f"published {site.links:,} partnerships, {site.cities:,} city pages, "
          f"{site.pages:,} pages to {out} ({done.size / 1e6:.1f} MB, "
          f"{time.perf_counter() - started:.1f} s): {len(done.written):,} files written, "
          f"{len(done.unchanged):,} unchanged, {len(done.removed):,} removed")
    if not base:
        print(f"note: {share.PUBLIC_URL_ENV} is not set: no sitemap, and the pages offer no "
              "public address to share", file=sys.stderr)
    if not site.links:
        print("note: no partnership matches these filters; the site is empty", file=sys.stderr)
    return 0


COMMANDS = (
    options.Command("publish", "Write the dataset as a static site (search, world map, a "
                    "page per city, tour, downloads); a second run rewrites only what "
                    "changed.", setup_publish, cmd_publish),
)
