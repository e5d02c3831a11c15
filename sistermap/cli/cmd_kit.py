"""``sheet`` and ``image``: the council kit's files for one city or every city of a country.

    python -m sistermap sheet --city Coventry --out coventry.pdf
    python -m sistermap image --city Coventry --size 1920x1080 --out coventry.png
    python -m sistermap sheet --all-in GB --out-dir sheets/      # one sheet per city
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from sistermap import i18n, palette, regions
from sistermap.cli import options
from sistermap.errors import UnknownCity
from sistermap.kit import citykit, share, sheets, stillmaps
from sistermap.query.lookup import find_city
from sistermap.store import dataset


def _setup_common(p: argparse.ArgumentParser) -> None:
    options.dataset_dir_option(p)
    p.add_argument("--all-in", default="", metavar="COUNTRY",
                   help="every city of a country with partners (ISO code or name), "
                   "instead of --city")
    p.add_argument("--out", default="", metavar="FILE", help="file to write (with --city)")
    p.add_argument("--out-dir", default="", metavar="DIR",
                   help="directory for one file per city (with --all-in)")
    p.add_argument("--color-by", choices=list(palette.COLOR_BY), default="era")
    p.add_argument("--base-url", default="",
                   help="the app's address, for the sheet's QR code and link (default: "
                   f"${share.PUBLIC_URL_ENV}, else {share.DEFAULT_BASE})")
    options.language_option(p)
    options.add_filter_options(p)
    # The filters' --city names the city of the sheet or image: an id or a name.
    p._option_string_actions["--city"].help = "the city: a name (Coventry) or an id"


def setup_sheet(p: argparse.ArgumentParser) -> None:
    _setup_common(p)


def setup_image(p: argparse.ArgumentParser) -> None:
    p.add_argument("--size", default="1920x1080",
                   help="1920x1080 (slide, PNG), square (1080x1080 PNG) or a4 (PDF)")
    _setup_common(p)


def _targets(args: argparse.Namespace, cities: pd.DataFrame, partnerships: pd.DataFrame
             ) -> list[str]:
    if args.city and args.all_in:
        raise options.UsageError("give --city or --all-in, not both")
    if args.city:
        hit = args.city if args.city in cities.index else find_city(cities, args.city).city_id
        if not hit:
            raise UnknownCity(args.city)
        if not args.out:
            raise options.UsageError("--city needs --out FILE")
        return [hit]
    if not args.all_in:
        raise options.UsageError("give --city CITY or --all-in COUNTRY")
    code = regions.country_code(args.all_in)
    if code is None:
        raise options.UsageError(f"unknown country {args.all_in!r}")
    if not args.out_dir:
        raise options.UsageError("--all-in needs --out-dir DIR")
    return citykit.linked_cities_of(code, cities, partnerships)


def _run(args: argparse.Namespace, kind: str) -> int:
    ds = dataset.load(args.data, strict=False)
    f = replace(options.filters_from_args(args), city="")
    size = "slide"
    if kind == "image":
        size = citykit.SIZE_ALIASES.get(str(args.size).lower(), "")
        if not size:
            raise options.UsageError(f"unknown size {args.size!r} (1920x1080, square, a4)")
    targets = _targets(args, ds.cities, ds.partnerships)
    ext = "pdf" if kind == "sheet" or size == "a4" else "png"
    base = args.base_url or share.link_base()
    written = 0
    for city_id in targets:
        links = citykit.city_links(ds.partnerships, ds.cities, city_id, f)
        if args.city:
            out = Path(args.out)
        else:
            what = "sheet" if kind == "sheet" else f"map-{size}"
            out = Path(args.out_dir) / f"{citykit.file_name(ds.cities, city_id, what)}.{ext}"
        started = time.perf_counter()
        info = sheets.SheetInfo(link=share.permalink(base, city_id, f, cities=ds.cities,
                                                     lang=i18n.language()),
                                credit=share.credit_with_address(stillmaps.DEFAULT_CREDIT, base),
                                color_by=args.color_by, note=citykit.filters_note(f))
        data = citykit.make(kind, links, ds.cities, city_id, size, args.color_by, info)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        written += 1
        plural = "" if len(links) == 1 else "s"
        print(f"wrote {out} ({len(links)} partnership{plural}, {len(data) / 1e3:.0f} kB, "
              f"{time.perf_counter() - started:.1f} s)")
        if links.empty:
            print(f"note: no partnership of {ds.cities.at[city_id, 'name']} matches these "
                  "filters", file=sys.stderr)
    if not written:
        print("note: no city with partners found", file=sys.stderr)
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    """A one-page A4 city sheet (PDF): map, summary, years, partners and sources."""
    with i18n.using(args.lang):
        return _run(args, "sheet")


def cmd_image(args: argparse.Namespace) -> int:
    """A city's map as a slide PNG (1920x1080 or square) or an A4 PDF."""
    with i18n.using(args.lang):
        return _run(args, "image")



COMMANDS = (
    options.Command("sheet", "A one-page A4 city sheet (PDF): map, summary, years, partners "
                    "and sources.", setup_sheet, cmd_sheet),
    options.Command("image", "A city's map as a slide PNG (1920x1080 or square) or an A4 PDF.",
                    setup_image, cmd_image),
)
