"""Redraw the checked council-kit pictures in docs/council-kit/ from the shipped data.

Coventry's slide and square PNG, its A4 map and its city sheet (PDF pages rasterised with
pypdfium2), scaled down so the repository stays small.

    .venv/bin/python scripts/council_kit_images.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from sistermap.kit import citykit, share, sheets  # noqa: E402
from sistermap.query import filters
from sistermap.store import dataset

OUT = ROOT / "docs" / "council-kit"


def save(image: Image.Image, name: str, width: int) -> None:
    image = image.convert("RGB")
    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    # A palette of 256 colours keeps the legend colours exact (median cut lost them).
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(OUT / name,
                                                                     optimize=True)
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size / 1e3:.0f} kB)")


def pdf_pages(data: bytes, scale: float = 1.6) -> list[Image.Image]:
    import pypdfium2 as pdfium

    return [page.render(scale=scale).to_pil() for page in pdfium.PdfDocument(data)]


def main(city: str = "Coventry") -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ds = dataset.load(None)
    cid = ds.cities.index[ds.cities["name"] == city][0]
    f = filters.APP_DEFAULT
    links = citykit.city_links(ds.partnerships, ds.cities, cid, f)
    stem = share.file_stem(city)
    save(Image.open(io.BytesIO(citykit.image(links, ds.cities, cid, "slide"))),
         f"{stem}-slide.png", 1200)
    save(Image.open(io.BytesIO(citykit.image(links, ds.cities, cid, "square"))),
         f"{stem}-square.png", 720)
    save(pdf_pages(citykit.image(links, ds.cities, cid, "a4"))[0], f"{stem}-a4-map.png", 1100)
    info = sheets.SheetInfo(link=share.permalink(share.DEFAULT_BASE, cid, f),
                            note=citykit.filters_note(f))
    for i, page in enumerate(pdf_pages(sheets.city_sheet(links, ds.cities, cid, info), 2.0)):
        save(page, f"{stem}-sheet-page{i + 1}.png", 900)


if __name__ == "__main__":
    main(*sys.argv[1:2])
