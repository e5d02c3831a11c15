"""Council kit benchmark: time and size of each file the share panel and commands make.

For Coventry (16 partners), Beijing (the most connected city) and the filtered world map,
on the shipped data: slide and square PNG, A4 PDF, the city sheet, the spreadsheet and the
standalone HTML. Figures, not asserts (the machine is shared).

    python bench/bench_kit.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sistermap.kit import citykit, exports, share, sheets, stillmaps
from sistermap.query import filters  # noqa: E402
from sistermap.store import dataset
from sistermap.webmap.standalone import render_html  # noqa: E402


def timed(label: str, make) -> None:
    started = time.perf_counter()
    data = make()
    print(f"  {label:<22} {time.perf_counter() - started:6.2f} s  {len(data) / 1e3:8.0f} kB")


def bench_city(ds, name: str, f) -> None:
    cid = ds.cities.index[ds.cities["name"] == name][0]
    links = citykit.city_links(ds.partnerships, ds.cities, cid, f)
    print(f"{name} ({len(links)} partnerships shown)")
    for size in ("slide", "square", "a4"):
        timed(f"image {size}", lambda s=size: citykit.image(links, ds.cities, cid, s))
    info = sheets.SheetInfo(link=share.permalink(share.DEFAULT_BASE, cid, f))
    timed("sheet (A4 PDF)", lambda: sheets.city_sheet(links, ds.cities, cid, info))
    table = exports.city_table(links, cid, name)
    timed("xlsx", lambda: exports.to_xlsx(table))
    timed("csv (Excel)", lambda: exports.to_excel_csv(table))
    timed("standalone HTML",
          lambda: render_html(ds.partnerships, ds.cities, f, city=cid)[0].encode())


def main() -> None:
    ds = dataset.load(None)
    f = filters.APP_DEFAULT
    for name in ("Coventry", "Beijing"):
        bench_city(ds, name, f)
    world = filters.apply(ds.partnerships, ds.cities, f)
    print(f"World ({len(world)} partnerships shown)")
    opts = stillmaps.StillOptions(title="Sister cities of the world")
    timed("image slide", lambda: stillmaps.render(world, ds.cities, "", opts))


if __name__ == "__main__":
    main()
