"""``import`` and ``fetch-wikidata``: any list of partnerships into a dataset, placed offline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sistermap import schema
from sistermap.cli import options
from sistermap.importers import Defaults, merge, pipeline, wikidata
from sistermap.store import dataset


def _resolved(path: str | Path) -> Path:
    return Path(path).expanduser().resolve()


def setup_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="pair list (CSV/TSV), nodes + links files, or Wikidata SPARQL JSON")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="directory for the imported dataset, places.csv and the report")
    p.add_argument("--format", choices=["pairs", "nodes-links", "wikidata"],
                   help="skip detection (default: decided from each file's content)")
    p.add_argument("--map", dest="mapping", default="", metavar="ROLE=HEADER,...",
                   help="column mapping, e.g. city_a=Stadt,country_b=Land,year=seit "
                   "(roles: city/country/region/lat/lon/qid/population + _a or _b, year, "
                   "date, ended, kind, status, focus, note, source)")
    p.add_argument("--home-city", default="", metavar="NAME",
                   help="the city whose partners a one-sided list names")
    p.add_argument("--home-country", default="", metavar="CC",
                   help="country of the listing side when the list has no column for it")
    p.add_argument("--merge-into", default="", metavar="DIR",
                   help="also merge the result into this dataset (e.g. data/), atomically")
    p.add_argument("--overwrite-fields", action="store_true",
                   help="with --merge-into: fields the list states replace existing ones")
    p.add_argument("--status-default", choices=list(schema.STATUSES), default="unknown",
                   help="status when the list says nothing (default: unknown; use 'active' "
                   "for a current register)")
    p.add_argument("--kind-default", choices=list(schema.KINDS), default="sister_city",
                   help="kind when no type/form column says (default: sister_city)")
    p.add_argument("--focus-default", default="",
                   help=f"focus areas when no focus column says ({'|'.join(schema.FOCUS_AREAS)};"
                   " default: none, shown as 'not classified')")
    p.add_argument("--no-coordinates", action="store_true",
                   help="ignore coordinates in the list (geocode by name and country only)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_import(args: argparse.Namespace) -> int:
    """Import partnership lists into a dataset directory, geocoded offline."""
    out = _resolved(args.out)
    if out == _resolved(dataset.DEFAULT_DIR):
        print(f"error: --out {args.out} is the shipped dataset; import into another directory "
              "and use --merge-into data/ to add the result to it", file=sys.stderr)
        return 2
    if args.merge_into and _resolved(args.merge_into) == out:
        print("error: --out and --merge-into must be different directories", file=sys.stderr)
        return 2
    focus = [f for f in args.focus_default.split("|") if f]
    unknown = [f for f in focus if f not in schema.FOCUS_AREAS]
    if unknown:
        print(f"error: --focus-default {args.focus_default!r}: allowed "
              f"{', '.join(schema.FOCUS_AREAS)}", file=sys.stderr)
        return 2
    options = pipeline.ImportOptions(
        format=args.format, mapping=args.mapping or None, home_city=args.home_city.strip(),
        home_country=args.home_country.strip(),
        defaults=Defaults(kind=args.kind_default, status=args.status_default,
                          focus="|".join(focus)),
        use_coordinates=not args.no_coordinates,
        progress=None if args.quiet else pipeline.ProgressBar(),
    )
    try:
        result = pipeline.import_paths(args.files, options)
        if args.merge_into:
            result.report["merge"] = merge.merge_into(args.merge_into, result,
                                                         args.overwrite_fields)
        pipeline.write_outputs(out, result)
    except pipeline.ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1 if args.merge_into else 2
    except KeyboardInterrupt:
        print("\ninterrupted: files already written were replaced whole, the rest are "
              "unchanged", file=sys.stderr)
        return 130
    for line in result.summary_lines():
        print(line)
    rejected = result.report["rejected"]
    for e in rejected[:10]:
        print(f"  rejected {e['file']}:{e['row']}: {e['reason'][:160]}")
    if len(rejected) > 10:
        print(f"  … and {len(rejected) - 10} more")
    print(f"wrote {out}/ (cities.csv, partnerships.csv, {pipeline.PLACES_CSV}, "
          f"{pipeline.REPORT_TXT}, {pipeline.REPORT_JSON})")
    print(f"open it with: SISTERMAP_DATA={out} streamlit run app.py  "
          f"(or python -m sistermap validate {out})")
    return 0 if result.report["partnerships_imported"] else 1


def setup_fetch(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar="DIR",
                   help="directory for wikidata-p190.json, the imported dataset and report")
    p.add_argument("--country", default="", metavar="CC",
                   help="only partnerships of cities in this country (ISO code, e.g. DE)")
    p.add_argument("--page-size", type=int, default=5000)
    p.add_argument("--max-pages", type=int, default=None)
    p.add_argument("--status-default", choices=list(schema.STATUSES), default="unknown")


def cmd_fetch(args: argparse.Namespace) -> int:
    """Download Wikidata's P190 twinnings (live) and import them."""
    out = _resolved(args.out)
    if out == _resolved(dataset.DEFAULT_DIR):
        print("error: --out must not be the shipped data/ directory", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    try:
        fetched = wikidata.fetch(
            country=args.country or None, page_size=args.page_size, max_pages=args.max_pages,
            progress=lambda pages, rows: print(f"page {pages}: {rows} rows", file=sys.stderr))
    except wikidata.FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    raw = out / "wikidata-p190.json"
    pipeline._atomic_text(raw, json.dumps(fetched.document, ensure_ascii=False))
    print(f"fetched {fetched.rows} rows in {fetched.pages} page(s) -> {raw}")
    options = pipeline.ImportOptions(format="wikidata", progress=pipeline.ProgressBar(),
                                     defaults=Defaults(status=args.status_default))
    result = pipeline.import_paths([raw], options)
    pipeline.write_outputs(out, result)
    for line in result.summary_lines():
        print(line)
    return 0 if result.report["partnerships_imported"] else 1


COMMANDS = (
    options.Command("import", "Import partnership lists into a dataset directory, geocoded "
                    "offline.", setup_import, cmd_import),
    options.Command("fetch-wikidata", "Download Wikidata's P190 twinnings (live) and import "
                    "them.", setup_fetch, cmd_fetch),
)
