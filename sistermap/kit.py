"""The council kit: a city's links as files, and the ``sheet`` and ``image`` commands.

One place decides what each file of the kit is called and holds, so the app's "Share &
export" panel and the command line give the same files:

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

from sistermap import cli, filters, share, sheets, stillmaps
from sistermap.filters import Filters

#: ``--size`` values, with the aliases people type.
SIZE_ALIASES = {"slide": "slide", "1920x1080": "slide", "16:9": "slide", "square": "square",
                "1080x1080": "square", "a4": "a4", "print": "a4"}


def city_links(partnerships: pd.DataFrame, cities: pd.DataFrame, city_id: str,
               f: Filters = Filters()) -> pd.DataFrame:
    """The city's partnerships that pass the filters (what its page shows)."""
    return filters.apply(partnerships, cities, replace(f, city=city_id))


def file_name(cities: pd.DataFrame, city_id: str, what: str) -> str:
    """``coventry-partners.xlsx``, ``coventry-sheet.pdf``, ``coventry-map-slide.png``…"""
    stem = share.file_stem(cities.at[city_id, "name"] if city_id in cities.index else "",
                           fallback=city_id)
    return f"{stem}-{what}"


def image(links: pd.DataFrame, cities: pd.DataFrame, city_id: str, size: str = "slide",
          color_by: str = "era", credit: str = stillmaps.DEFAULT_CREDIT) -> bytes:
    """The city's map: PNG for "slide" and "square", PDF for "a4"."""
    title, subtitle = stillmaps.city_titles(links, cities, city_id)
    options = stillmaps.StillOptions(size=size, color_by=color_by, title=title,
                                     subtitle=subtitle, credit=credit)
    return stillmaps.render(links, cities, city_id, options,
                            fmt="pdf" if size == "a4" else "png")


def filters_note(f: Filters) -> str:
    """A line for the sheet when the status filter hides ended or suspended links."""
    hidden = [s for s in ("ended", "suspended") if f.statuses and s not in f.statuses]
    if not hidden:
        return ""
    text = " and ".join(hidden) + " partnerships are not shown."
    return text[0].upper() + text[1:]


# -- command line ---------------------------------------------------------------------------


def _setup_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None, metavar="DIR",
                   help="dataset directory (default: $SISTERMAP_DATA or data/)")
    p.add_argument("--all-in", default="", metavar="COUNTRY",
                   help="every city of a country with partners (ISO code or name), "
                   "instead of --city")
    p.add_argument("--out", default="", metavar="FILE", help="file to write (with --city)")
    p.add_argument("--out-dir", default="", metavar="DIR",
                   help="directory for one file per city (with --all-in)")
    p.add_argument("--color-by", choices=["era", "focus"], default="era")
    p.add_argument("--base-url", default=share.DEFAULT_BASE,
                   help="the app's address, for the sheet's QR code and link")
    cli.add_filter_options(p)
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
    from sistermap import regions
    from sistermap.lookup import find_city

    if args.city and args.all_in:
        raise SystemExit("error: give --city or --all-in, not both")
    if args.city:
        hit = args.city if args.city in cities.index else find_city(cities, args.city).city_id
        if not hit:
            raise SystemExit(f"error: unknown or ambiguous city {args.city!r}")
        if not args.out:
            raise SystemExit("error: --city needs --out FILE")
        return [hit]
    if not args.all_in:
        raise SystemExit("error: give --city CITY or --all-in COUNTRY")
    code = regions.country_code(args.all_in)
    if code is None:
        raise SystemExit(f"error: unknown country {args.all_in!r}")
    if not args.out_dir:
        raise SystemExit("error: --all-in needs --out-dir DIR")
    linked = set(partnerships["city_a_id"]) | set(partnerships["city_b_id"])
    found = cities[(cities["country"] == code) & cities.index.isin(linked)]
    return sorted(found.index, key=lambda c: str(cities.at[c, "name"]))


def _run(args: argparse.Namespace, kind: str) -> int:
    from sistermap import dataset

    ds = dataset.load(args.data, strict=False)
    f = replace(cli.filters_from_args(args), city="")
    size = "slide"
    if kind == "image":
        size = SIZE_ALIASES.get(str(args.size).lower(), "")
        if not size:
            raise SystemExit(f"error: unknown size {args.size!r} (1920x1080, square, a4)")
    targets = _targets(args, ds.cities, ds.partnerships)
    ext = "pdf" if kind == "sheet" or size == "a4" else "png"
    written = 0
    for city_id in targets:
        links = city_links(ds.partnerships, ds.cities, city_id, f)
        if args.city:
            out = Path(args.out)
        else:
            what = "sheet" if kind == "sheet" else f"map-{size}"
            out = Path(args.out_dir) / f"{file_name(ds.cities, city_id, what)}.{ext}"
        started = time.perf_counter()
        if kind == "sheet":
            info = sheets.SheetInfo(link=share.permalink(args.base_url, city_id, f,
                                                         cities=ds.cities),
                                    color_by=args.color_by, note=filters_note(f))
            data = sheets.city_sheet(links, ds.cities, city_id, info)
        else:
            data = image(links, ds.cities, city_id, size, args.color_by)
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
    return _run(args, "sheet")


def cmd_image(args: argparse.Namespace) -> int:
    """A city's map as a slide PNG (1920x1080 or square) or an A4 PDF."""
    return _run(args, "image")


cli.EXTRA_COMMANDS["sheet"] = (setup_sheet, cmd_sheet)
cli.EXTRA_COMMANDS["image"] = (setup_image, cmd_image)
