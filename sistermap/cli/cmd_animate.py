"""``animate``: the growth of the movement as a GIF or MP4, one frame per year."""

from __future__ import annotations

import sys
import time
from dataclasses import replace

from sistermap import i18n, palette
from sistermap.cli import options
from sistermap.kit import animation
from sistermap.query import filters
from sistermap.store import dataset


def setup_command(p) -> None:
    p.add_argument("--out", required=True, metavar="FILE",
                   help="growth.gif or growth.mp4 (the format is the file's extension)")
    options.dataset_dir_option(p)
    p.add_argument("--color-by", choices=list(palette.COLOR_BY), default="era")
    options.language_option(p)
    p.add_argument("--first", type=int, default=None, help="first year (default: the first "
                   "link's)")
    p.add_argument("--last", type=int, default=None, help="last year (default: the latest)")
    p.add_argument("--title", default=animation.TITLE)
    options.add_filter_options(p)


def cmd_animate(args) -> int:
    """The growth of the movement as an animated GIF or MP4, one frame per year."""
    out = options.output_file(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in animation.MAKERS:
        raise options.UsageError(f"--out {args.out}: give a .gif or .mp4 file")
    f = options.filters_from_args(args)
    if not args.source:  # the reviewed records, as the app shows first
        f = replace(f, sources=("reviewed",))
    ds = dataset.load(args.data, strict=False)
    chosen = filters.apply(ds.partnerships, ds.cities, f)
    anim = animation.AnimationOptions(color_by=args.color_by, focus_first=f.focus,
                                      title=args.title, first=args.first, last=args.last)
    if not animation.years(chosen, anim):
        print("error: no partnership with a known year matches these filters", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with i18n.using(args.lang):
        data = animation.make(fmt, chosen, ds.cities, anim)
    out.write_bytes(data)
    shown = animation.years(chosen, anim)
    print(f"wrote {out} ({len(shown)} years, {shown[0]}–{shown[-1]}, {len(chosen):,} "
          f"partnerships, {len(data) / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
    return 0


COMMANDS = (
    options.Command("animate", "The growth of the movement as an animated GIF or MP4, one "
                    "frame per year.", setup_command, cmd_animate),
)
