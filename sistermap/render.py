"""The ``render`` sub-command: the world map as one standalone HTML file.

Made by the same builder as the app (mapview.plan + assemble), so a council's website, an
offline demo or a slide shows exactly what the app shows, at any size: big datasets get
the same levels of detail. The file needs no server and no network: Leaflet is inlined
(see webassets), so it draws from a USB stick on a machine with no internet.

    python -m sistermap render --data DIR --country JP --color-by focus --out japan.html
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from sistermap import cli


def setup_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None, metavar="DIR",
                   help="dataset directory (default: $SISTERMAP_DATA or data/)")
    p.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")
    p.add_argument("--color-by", choices=["era", "focus"], default="era",
                   help="colour links by era established or by first focus area")
    p.add_argument("--basemap", choices=["plain", "osm"], default="plain",
                   help="plain: country outlines embedded in the file (works offline); "
                   "osm: OpenStreetMap tiles (needs internet)")
    cli.add_filter_options(p)


def render_html(data_dir: str | None, f, color_by: str = "era", basemap: str = "plain",
                city: str = "") -> tuple[str, int, int]:
    """(html, partnerships shown, cities shown) for a dataset directory and filters.

    ``city`` (an id or a name) both filters to its partnerships, as in ``export``, and
    selects it: its links are highlighted and the map is centred on it.
    """
    from sistermap import dataset, filters, mapview, stats
    from sistermap.lookup import find_city

    ds = dataset.load(data_dir, strict=False)
    selected = ""
    if city:
        selected = city if city in ds.cities.index else (find_city(ds.cities, city).city_id
                                                         or "")
        if not selected:
            raise SystemExit(f"error: unknown or ambiguous city {city!r}")
        f = replace(f, city=selected)
    chosen = filters.apply(ds.partnerships, ds.cities, f)
    options = mapview.MapOptions(color_by=color_by, basemap=basemap, selected=selected,
                                 frame="links")
    m = mapview.build_map(chosen, ds.cities, options, inline=True)
    shown = len(stats.partner_counts(chosen))
    return mapview.to_html(m), len(chosen), shown


def cmd_render(args: argparse.Namespace) -> int:
    """Write the filtered world map as a standalone HTML file (same builder as the app)."""
    out = cli.output_file(args.out, make_parent=True)
    f = cli.filters_from_args(args)
    text, links, cities = render_html(args.data, replace(f, city=""), args.color_by,
                                      args.basemap, f.city)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {links} partnerships between {cities} cities to {out} "
          f"({len(text.encode()) / 1e6:.1f} MB)")
    if not links:
        print("note: no partnership matches these filters; the map is empty", file=sys.stderr)
    return 0


cli.EXTRA_COMMANDS["render"] = (setup_render, cmd_render)
