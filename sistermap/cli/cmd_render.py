"""``render``: the filtered world map as a standalone HTML file that works offline.

    python -m sistermap render --data DIR --country JP --color-by focus --out japan.html
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from sistermap import i18n, palette
from sistermap.cli import options
from sistermap.store import dataset
from sistermap.webmap import standalone


def setup_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None, metavar="DIR",
                   help="dataset directory (default: $SISTERMAP_DATA or data/)")
    p.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")
    p.add_argument("--color-by", choices=list(palette.COLOR_BY), default="era",
                   help="colour links by era established, first focus area, reach (same "
                   "country, same continent, between continents) or continent (within one, "
                   "or between two); era on a list with (nearly) no years draws reach")
    p.add_argument("--year", type=int, default=None, metavar="YEAR",
                   help="open the world map's playback at this year (the year control is "
                   "in the file either way)")
    p.add_argument("--basemap", choices=["plain", "dark", "osm"], default="plain",
                   help="plain: country outlines embedded in the file (works offline); "
                   "dark: the same outlines, dark, for projectors (works offline); "
                   "osm: OpenStreetMap tiles (needs internet)")
    options.language_option(p)
    options.add_filter_options(p)


def cmd_render(args: argparse.Namespace) -> int:
    """Write the filtered world map as a standalone HTML file (same builder as the app)."""
    out = options.output_file(args.out, make_parent=True)
    f = options.filters_from_args(args)
    ds = dataset.load(args.data, strict=False)
    with i18n.using(args.lang):
        text, links, cities = standalone.render_html(ds.partnerships, ds.cities,
                                                     replace(f, city=""), args.color_by,
                                                     args.basemap, f.city, args.year)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {links} partnerships between {cities} cities to {out} "
          f"({len(text.encode()) / 1e6:.1f} MB)")
    if not links:
        print("note: no partnership matches these filters; the map is empty", file=sys.stderr)
    return 0


COMMANDS = (
    options.Command("render", "Write the filtered world map as a standalone HTML file (same "
                    "builder as the app).", setup_render, cmd_render),
)
