"""The printable city sheet: one A4 page a council can hand out at a twinning exhibition.

Map (``stillmaps``, at print resolution), a short text computed from the data, when the links
were formed, the partners table (partner, country, since, focus, status, source) and the
sources, with a QR code back to the interactive page. Every sentence is counted from the
records; a year nobody recorded is said to be unknown, never guessed.

Drawn with fpdf2 in DejaVu Sans, the font matplotlib ships (Latin, Greek, Cyrillic and
more), with any CJK font on the machine as a fallback. Text from data goes in as plain
text cells, never markup, and only http(s) sources become links.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sistermap import regions, schema
from sistermap.i18n import _, in_sentence, language, n_, number
from sistermap.i18n import date as local_date
from sistermap.kit import exports, share, stillmaps
from sistermap.palette import ERA_COLORS
from sistermap.query import lookup

A4_MM = (210.0, 297.0)
MARGIN = 14.0
#: The map's printed size (mm) and resolution; its text is sized for print at this scale.
MAP_MM = (182.0, 86.0)
MAP_DPI = 300
FONT = "DejaVu"
#: Map heights tried (mm), tallest first: the first with which everything fits on one page.
MAP_HEIGHTS = (MAP_MM[1], 76.0, 66.0, 56.0, 46.0)


@dataclass(frozen=True)
class SheetInfo:
    """What the sheet says besides the data: its link, credit, date and a filter note."""

    link: str = ""
    credit: str = stillmaps.DEFAULT_CREDIT
    date: dt.date | None = None
    note: str = ""  # e.g. "Ended and suspended partnerships are not shown."
    color_by: str = "era"


def _list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=_(", ").join(items[:-1]), last=items[-1])


def summary_text(table: pd.DataFrame, city_name: str) -> list[str]:
    """Sentences about a city's partners (``exports.city_table``), from the data alone."""
    n = len(table)
    if not n:
        return [_("No partnership of {city} is shown here.").format(city=city_name)]
    countries = table["partner country"].replace("", pd.NA).dropna()
    continents = Counter(table["partner continent"].replace("", pd.NA).dropna())
    words = {"city": city_name,
             "partners": n_("{n} partner city", "{n} partner cities", n).format(n=number(n)),
             "countries": n_("{n} country", "{n} countries", countries.nunique()).format(
                 n=number(countries.nunique()))}
    if len(continents) > 1:
        out = [_("{city} has {partners} in {countries} on {continents} ({each}).").format(
            continents=n_("{n} continent", "{n} continents", len(continents)).format(
                n=number(len(continents))),
            each=_(", ").join(f"{k} {v}" for k, v in continents.most_common()), **words)]
    elif continents:
        out = [_("{city} has {partners} in {countries}, all in {continent}.").format(
            continent=next(iter(continents)), **words)]
    else:
        out = [_("{city} has {partners} in {countries}.").format(**words)]
    dated = table[table["since"].notna()]
    if len(dated):
        first, last = dated.iloc[0], dated.iloc[-1]
        firsts = dated[dated["since"] == first["since"]]["partner"].tolist()
        if int(last["since"]) != int(first["since"]):
            out.append(_("The first link shown was formed in {year} with {partners}; the most "
                         "recent in {last} with {partner}.").format(
                year=int(first["since"]), partners=_list(firsts[:3]),
                last=int(last["since"]), partner=last["partner"]))
        else:
            out.append(_("The first link shown was formed in {year} with {partners}.").format(
                year=int(first["since"]), partners=_list(firsts[:3])))
        decades = Counter((int(y) // 10) * 10 for y in dated["since"])
        ranked = decades.most_common()
        top, count = ranked[0]
        if len(ranked) > 1 and count > ranked[1][1]:  # one decade clearly leads
            out.append(_("Most were formed in the {decade}s ({n} of {total}).").format(
                decade=top, n=number(count), total=number(len(dated))))
    missing = n - len(dated)
    if missing:
        out.append(n_("The year is not recorded for {n} link.",
                      "The year is not recorded for {n} links.", missing).format(
            n=number(missing)))
    focus = Counter(f.strip() for cell in table["focus"] for f in str(cell).split(",")
                    if f.strip())
    if focus:
        named = [f"{in_sentence(k)} ({v})" for k, v in focus.most_common(3)]
        out.append(_("Focus areas most often recorded: {areas}.").format(areas=_list(named)))
    status = Counter(table["status"])
    parts = [f"{v} {in_sentence(k)}" for k, v in status.most_common()]
    out.append(_("Status: {statuses}.").format(statuses=_list(parts)))
    return out


def decades_line(table: pd.DataFrame) -> str:
    """ "1940s: 3 · 1950s: 9 · year unknown: 1" for the sheet's timeline."""
    dated = table["since"].dropna()
    counts = Counter((int(y) // 10) * 10 for y in dated)
    parts = [_("{decade}s: {n}").format(decade=d, n=number(counts[d])) for d in sorted(counts)]
    unknown = int(table["since"].isna().sum())
    if unknown:
        parts.append(_("year unknown: {n}").format(n=number(unknown)))
    return " · ".join(parts)


def timeline_png(table: pd.DataFrame, partnerships: pd.DataFrame, city_id: str,
                 width_mm: float, height_mm: float) -> bytes | None:
    """Links formed per year as bars in the era colours (None when no year is known)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure


    mine = partnerships[(partnerships["city_a_id"] == city_id)
                        | (partnerships["city_b_id"] == city_id)]
    mine = mine[mine["established"].notna()]
    if mine.empty:
        return None
    mpl = stillmaps._mpl()
    with mpl.rc_context(stillmaps._rc()):
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=MAP_DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.09, 0.2, 0.86, 0.72))
        years = mine["established"].astype(int)
        lo, hi = int(years.min()) - 1, int(years.max()) + 1
        if hi - lo < 12:  # a decade or so either side of a few close years
            pad = (12 - (hi - lo)) // 2
            lo, hi = lo - pad, hi + pad
        bottom = pd.Series(0, index=range(lo, hi + 1))
        for era in schema.ERA_KEYS:
            counts = years[mine["era"] == era].value_counts().reindex(bottom.index,
                                                                      fill_value=0)
            if counts.sum():
                ax.bar(counts.index, counts.to_numpy(), bottom=bottom.to_numpy(), width=0.85,
                       color=ERA_COLORS.get(era, "#999999"), label=_(schema.ERA_LABELS[era]))
                bottom += counts
        ax.set_xlim(lo - 0.5, hi + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.xaxis.get_major_locator().set_params(integer=True, nbins=6)
        ax.tick_params(labelsize=6, length=2)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_ylabel(_("links"), fontsize=6)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=MAP_DPI)
    return buf.getvalue()


def _font_files() -> tuple[Path, Path]:
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=1)
def _dejavu_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(_font_files()[0]), lazy=True).getBestCmap())


def needs_fallback(texts: list[str]) -> bool:
    """Whether some character of the texts has no glyph in DejaVu Sans (e.g. Japanese)."""
    covered = _dejavu_chars()
    return any(ord(ch) not in covered for text in texts for ch in text if ord(ch) > 0x7F)


def _fallback_fonts() -> list[tuple[str, str]]:
    """(family, file) of fallback fonts packages ship or this machine has (CJK, Arabic)."""
    from matplotlib import font_manager

    out = []
    for name in stillmaps.font_family()[1:]:
        path = font_manager.findfont(name, fallback_to_default=False)
        if path.lower().endswith((".ttf", ".otf")):
            out.append((f"fb{len(out)}", path))
    return out


def _pdf(texts: list[str] | None = None):
    """An A4 document with DejaVu, plus fallback fonts only when the texts need them (a CJK
    font takes seconds to load)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    regular, bold = _font_files()  # each font costs ~0.4 s to parse: two are enough
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    fallbacks = []
    for family, path in (_fallback_fonts() if needs_fallback(texts or []) else []):
        try:
            pdf.add_font(family, "", path)
            fallbacks.append(family)
        except Exception:  # noqa: BLE001 - a broken system font must not break the sheet
            continue
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + 4)
    return pdf


def _is_link(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def city_sheet(partnerships: pd.DataFrame, cities: pd.DataFrame, city_id: str,
               info: SheetInfo = SheetInfo()) -> bytes:
    """The A4 sheet of a city's partnerships (already filtered) as PDF bytes.

    The body is first laid out off-page without the map (cheap) to find the tallest map
    with which the page holds the whole partners table; a very long list flows onto a
    second page.
    """
    city = cities.loc[city_id]
    name = str(city["name"])
    table = exports.city_table(partnerships, city_id, name)
    texts = [name, _("Partner cities and twin towns · {where}"), _("In short"),
             *(str(v) for col in ("partner", "partner country", "focus", "source")
               for v in table[col])]
    pdf = _pdf(texts)
    note = lookup.homonym_note(cities, city_id)  # which Naumburg: "Naumburg (Saxony-Anhalt)"
    heading = f"{name} ({note})" if note else name
    pdf.set_title(_("{city}: partner cities").format(city=heading))
    pdf.set_lang(language())
    pdf.set_creator("SisterMap")
    pdf.add_page()
    _header(pdf, city, info, heading)
    map_h = MAP_HEIGHTS[-1]
    for height in MAP_HEIGHTS:
        with pdf.offset_rendering() as trial:
            _body(trial, partnerships, city_id, name, table, info, height, None)
        if not trial.page_break_triggered:
            map_h = height
            break
    map_opts = stillmaps.StillOptions(
        chrome=False, color_by=info.color_by, scale=0.62,
        pixels=(MAP_MM[0] / 25.4 * stillmaps.DPI, map_h / 25.4 * stillmaps.DPI))
    png = stillmaps.render(partnerships, cities, city_id, map_opts, dpi=MAP_DPI)
    _body(pdf, partnerships, city_id, name, table, info, map_h, png)
    _footer(pdf, info)
    return bytes(pdf.output())


def _header(pdf, city: pd.Series, info: SheetInfo, heading: str = "") -> None:
    """Name, where, and a QR code back to the interactive page."""

    width = A4_MM[0] - 2 * MARGIN
    qr_mm = 24.0
    text_w = width - (qr_mm + 4 if info.link else 0)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(text_w, 10, (heading or str(city["name"]))[:80], new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    where = regions.place_line(city)  # the one wording of regions
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(text_w, 5.5, _("Partner cities and twin towns · {where}").format(
                   where=where)[:200],
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if info.link:
        pdf.image(io.BytesIO(share.qr_png(info.link, box_size=8, border=2)),
                  x=A4_MM[0] - MARGIN - qr_mm, y=MARGIN - 2, w=qr_mm, h=qr_mm)
        pdf.set_xy(A4_MM[0] - MARGIN - qr_mm - 6, MARGIN - 2 + qr_mm)
        pdf.set_font(FONT, "", 6.5)
        pdf.cell(qr_mm + 6, 3, _("Interactive map"), align="C")
    pdf.set_y(max(pdf.get_y(), MARGIN + qr_mm + 2 if info.link else 0) + 2)


def _body(pdf, partnerships: pd.DataFrame, city_id: str, name: str, table: pd.DataFrame,
          info: SheetInfo, map_h: float, png: bytes | None) -> None:
    """Map (or room for it when None), text, years, partners and sources."""
    from fpdf.fonts import FontFace

    width = A4_MM[0] - 2 * MARGIN
    # The map at print size.
    if png is not None:
        pdf.image(io.BytesIO(png), x=MARGIN, y=pdf.get_y(), w=MAP_MM[0], h=map_h)
    pdf.set_y(pdf.get_y() + map_h + 3)

    # Short text beside the timeline.
    top = pdf.get_y()
    left_w, chart_w = width * 0.56, width * 0.40
    pdf.set_font(FONT, "B", 11)
    pdf.cell(left_w, 6, _("In short"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(left_w, 4.5, " ".join(summary_text(table, name)), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    if info.note:
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(left_w, 4, info.note[:300], new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0, 0, 0)
    text_bottom = pdf.get_y()
    pdf.set_xy(MARGIN + width - chart_w, top)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(chart_w, 6, _("When the links were formed"), new_x="LEFT", new_y="NEXT")
    chart = timeline_png(table, partnerships, city_id, chart_w, 28) if png else b""
    if chart is not None:
        if chart:
            pdf.image(io.BytesIO(chart), x=MARGIN + width - chart_w, y=pdf.get_y(),
                      w=chart_w, h=28)
        pdf.set_xy(MARGIN + width - chart_w, pdf.get_y() + 28)
    pdf.set_font(FONT, "", 7.5)
    pdf.multi_cell(chart_w, 3.8, decades_line(table) or _("No year is recorded."),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(text_bottom, pdf.get_y()) + 3)

    # The partners, with numbered sources below.
    sources = list(dict.fromkeys(s for s in table["source"] if s))
    number = {s: i + 1 for i, s in enumerate(sources)}
    pdf.set_font(FONT, "B", 11)
    pdf.cell(width, 6, _("Partners"), new_x="LMARGIN", new_y="NEXT")
    dense = len(table) > 24
    pdf.set_font(FONT, "", 6.8 if dense else 7.8)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(col_widths=(33, 25, 10, 32, 52, 16, 14), text_align="LEFT",
                   headings_style=heading, line_height=3.3 if dense else 3.9, padding=0.7,
                   borders_layout="HORIZONTAL_LINES") as t:
        row = t.row()
        for h in (_("Partner"), _("Country"), _("Since"), _("Kind"), _("Focus"), _("Status"),
                  _("Source")):
            row.cell(h)
        for r in table.to_dict(orient="records"):
            row = t.row()
            row.cell(str(r["partner"])[:80])
            row.cell(str(r["partner country"])[:60])
            row.cell("" if pd.isna(r["since"]) else str(int(r["since"])))
            row.cell(str(r["kind"])[:120])
            row.cell(str(r["focus"])[:160])
            row.cell(str(r["status"]))
            src = str(r["source"])
            row.cell(f"[{number[src]}]" if src else "", link=src if _is_link(src) else None)
    if sources:
        pdf.ln(1.5)
        pdf.set_font(FONT, "B", 7)
        pdf.cell(width, 3.6, _("Sources"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 6.5)
        for s in sources:
            pdf.multi_cell(width, 3.0, f"[{number[s]}] {s[:300]}", new_x="LMARGIN",
                           new_y="NEXT", link=s if _is_link(s) else "", align="L")


def _footer(pdf, info: SheetInfo) -> None:
    """Credit, date and the link, at the bottom of the last page."""
    width = A4_MM[0] - 2 * MARGIN
    when = info.date or dt.date.today()
    pdf.set_auto_page_break(False)
    pdf.set_xy(MARGIN, A4_MM[1] - MARGIN - 3)
    pdf.set_font(FONT, "", 6.5)
    pdf.set_text_color(80, 80, 80)
    foot = _("{credit} · Printed {date}").format(credit=_(info.credit)[:160],
                                                 date=local_date(when))
    pdf.cell(width, 3, foot, new_x="LMARGIN", new_y="NEXT")
    if info.link:
        pdf.cell(width, 3, info.link[:200], link=info.link if _is_link(info.link) else "")
