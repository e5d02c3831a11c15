"""The "Share & export" panel of the city and map pages (Streamlit glue, like sidebar.py).

Everything it offers is made by the functional core (``share``, ``stillmaps``, ``sheets``,
``exports``, ``render``); this module only lays it out. Files are generated when their
download button is clicked (Streamlit calls the ``data`` callable then), so opening a city
page costs nothing extra, and each file is cached per dataset, city, filters and options.
An uploaded list is never put in the process-wide cache: it belongs to one session.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from sistermap import palette, safe_text
from sistermap.app import appdata, offload, show
from sistermap.i18n import N_, _, language, number, using
from sistermap.kit import animation, citykit, exports, share, sheets, stillmaps
from sistermap.query.filters import Filters
from sistermap.webmap import standalone

PANEL_TITLE = N_("Share & export")


def _credit(act: appdata.Active) -> str:
    if act.session_only or act.label != "Curated dataset":
        return _("Data: a list loaded into SisterMap · Country outlines: Natural Earth")
    return stillmaps.DEFAULT_CREDIT


@st.cache_data(max_entries=48, show_spinner=False)
def _files(key: str, what: tuple, _make: Callable[[], bytes]) -> bytes:
    return _make()


def _lazy(act: appdata.Active, kind: str, city_id: str, f: Filters, option: str,
          color_by: str, base: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download callable: made on click, cached unless the data is a session's upload.

    Streamlit calls it outside the page's run: the page's language is taken along."""
    lang = language()

    def run() -> bytes:
        with using(lang):
            try:
                return appdata.cached(act, _files, (kind, city_id, repr(f), option, color_by,
                                                    base, lang), make)
            except Exception as exc:  # noqa: BLE001 - never a traceback
                return _("SisterMap could not make this file: {error}").format(
                    error=type(exc).__name__).encode()
    return run


#: The panel's open state (a stateful expander): its content is made only while open.
OPEN = "sm_share_open"


def _page_url() -> str | None:
    try:
        return st.context.url
    except Exception:  # noqa: BLE001 - older Streamlit or no browser context (tests)
        return None


def share_panel(act: appdata.Active, f: Filters, city_id: str = "") -> None:
    """Link, QR code, embed snippet, images, sheet, map file and spreadsheet, in an expander.

    With ``city_id``: that city's partnerships that pass ``f`` (the city page). Without:
    the map for the filters ``f`` (the map page). Its content is made only while it is open
    (``OPEN``): closed, it costs a rerun nothing, and the page loads none of the code-block
    and image machinery the browser would fetch for it (1.5 MB of the map page's 6.5 MB).
    """
    cities = act.data.cities
    if city_id and city_id not in cities.index:
        return
    base = share.link_base(_page_url())  # the public address when one is set
    panel = st.expander(_(PANEL_TITLE), icon=":material/ios_share:", key=OPEN,
                        on_change="rerun")
    with panel:
        if not panel.open:
            st.caption(_("Open to get a link, a QR code, an embed snippet, images, a sheet or "
                         "a spreadsheet of this view."))
            return
        try:
            _panel(act, f, city_id, base)
        except Exception as exc:  # noqa: BLE001 - the page must stay usable
            st.warning(_("The share & export tools are unavailable here ({error}).").format(
                error=type(exc).__name__))


def _panel(act: appdata.Active, f: Filters, city_id: str, base: str) -> None:
    cities = act.data.cities
    name = str(cities.at[city_id, "name"]) if city_id else ""
    links = (appdata.partners(act, f, city_id).links if city_id  # what the page shows
             else appdata.filtered(act, f))
    stem = citykit.file_stem(cities, city_id) if city_id else "sistermap"
    color_by = st.radio(_("Colour links by"), list(palette.COLOR_BY), horizontal=True,
                        key="sm_kit_color",
                        format_func=lambda k: _(palette.COLOR_BY_LABELS.get(k, k)))
    names = [N_("Link & QR"), N_("Embed"), N_("Image"), N_("Animation"), N_("Sheet"),
             N_("Map file"), N_("Spreadsheet")]
    if not city_id:
        names.remove("Sheet")  # a sheet is made for one city
    else:
        names.remove("Animation")  # the growth of a filtered world
    tabs = dict(zip(names, st.tabs([_(n) for n in names])))
    lang = language()

    with tabs["Link & QR"]:
        link = share.permalink(base, city_id, f, cities=act.data.cities, lang=lang)
        st.caption(_("This address opens the same view, with the same filters."))
        if note := share.local_only_note():
            st.info(safe_text.md(note, 400), icon=":material/public_off:")
        st.code(link, language=None, wrap_lines=True)
        qr = share.qr_png(link)
        st.image(qr, width=170, caption=_("QR code for posters and print"))
        st.download_button(_("QR code (PNG)"), qr, file_name=f"{stem}-qr.png", mime="image/png",
                           key="sm_kit_qr", on_click="ignore")

    with tabs["Embed"]:
        c1, c2, c3 = st.columns(3)
        width = c1.selectbox(_("Width"), share.EMBED_WIDTHS, key="sm_kit_w",
                             format_func=lambda w: w if w.endswith("%") else f"{w} px")
        height = c2.number_input(_("Map height (px)"), *share.EMBED_HEIGHT_RANGE, value=480,
                                 step=20, key="sm_kit_h")
        basemap = c3.selectbox(_("Basemap"), share.BASEMAPS, key="sm_kit_basemap",
                               format_func={"plain": _("Plain (works offline)"),
                                            "dark": _("Dark (works offline)"),
                                            "osm": "OpenStreetMap"}.get)
        live = share.embed_url(base, city_id, f, color_by, basemap, int(height),
                               cities=act.data.cities, lang=lang)
        # The snippet frames the static site's page (python -m sistermap publish): no
        # session and no cookie, so it draws where a live app's frame goes blank.
        url = share.static_embed_url(base, cities, city_id)
        title = (_("Partner cities of {name}").format(name=name) if city_id
                 else _("Sister cities map"))
        st.code(share.embed_snippet(url, title, width, int(height)), language="html",
                wrap_lines=True)
        st.caption(_("Paste this into your web page's HTML. The frame shows the map page of "
                     "the published static site (python -m sistermap publish): no session, "
                     "no cookies, so it works where browsers block third-party cookies and on "
                     "phones. It shows the data and filters the site was published with. "
                     "See docs/embedding.md."))
        if note := share.local_only_note():
            st.info(safe_text.md(note, 400), icon=":material/public_off:")
        st.link_button(_("Preview the live embedded view"), live)

    with tabs["Image"]:
        if links.empty:
            st.info(_("No partnership to draw with these filters."))
        else:
            credit = share.credit_with_address(_credit(act), base)

            def draw(size: str) -> Callable[[], bytes]:
                if city_id:
                    return lambda: offload.run(citykit.image, links, cities, city_id, size,
                                               color_by, credit)
                opts = stillmaps.StillOptions(size=size, color_by=color_by,
                                              focus_first=f.focus,
                                              title=_("Sister cities of the world"),
                                              subtitle=_("{n} partnerships shown").format(
                                                  n=number(len(links))),
                                              credit=credit)
                return lambda: offload.run(stillmaps.render, links, cities, "", opts,
                                           fmt="pdf" if size == "a4" else "png")

            st.caption(_("Drawn on the server from the same data and colours as the map, "
                         "with title, labels, legend, date and credit."))
            i1, i2, i3 = st.columns(3)
            for col, size, label, ext, mime in (
                    (i1, "slide", _("Slide 1920×1080 (PNG)"), "png", "image/png"),
                    (i2, "square", _("Square 1080×1080 (PNG)"), "png", "image/png"),
                    (i3, "a4", _("A4 print (PDF)"), "pdf", "application/pdf")):
                col.download_button(
                    label, _lazy(act, "image", city_id, f, size, color_by, base, draw(size)),
                    file_name=f"{stem}-map-{size}.{ext}", mime=mime, key=f"sm_kit_img_{size}",
                    on_click="ignore")

    if not city_id:
        with tabs["Animation"]:
            animation_downloads(act, f, color_by, links=links)

    if city_id:
        with tabs["Sheet"]:
            info = sheets.SheetInfo(link=share.permalink(base, city_id, f, cities=act.data.cities,
                                                         lang=lang),
                                    credit=share.credit_with_address(_credit(act), base),
                                    color_by=color_by,
                                    note=citykit.filters_note(f))
            st.caption(_("One A4 page: the map, a short text from the data, when the links "
                         "were formed, the partners and their sources, a QR code."))
            st.download_button(
                _("City sheet (A4 PDF)"),
                _lazy(act, "sheet", city_id, f, "a4", color_by, base,
                      lambda: offload.run(sheets.city_sheet, links, cities, city_id, info)),
                file_name=f"{stem}-sheet.pdf", mime="application/pdf", key="sm_kit_sheet",
                on_click="ignore", type="primary")

    with tabs["Map file"]:
        if act.session_only:
            st.caption(_("For an uploaded list, make the map file with "
                         "python -m sistermap render on your own machine."))
        else:
            st.caption(_("The interactive map as one HTML file (what python -m sistermap "
                         "render writes): open it in any browser, put it on a website."))
            basemap = st.session_state.get("sm_basemap", "plain")

            def html() -> bytes:
                text, _plan, _note = offload.run(standalone.render_html, act.data.partnerships,
                                         act.data.cities, f, color_by, basemap, city_id)
                return text.encode("utf-8")

            st.download_button(
                _("Interactive map (HTML)"),
                _lazy(act, "html", city_id, f, basemap, color_by, base, html),
                file_name=f"{stem}-map.html", mime="text/html", key="sm_kit_html",
                on_click="ignore")

    with tabs["Spreadsheet"]:
        def table():  # built on click: a big filtered world costs a moment
            return (exports.for_readers(exports.city_table(links, city_id, name)) if city_id
                    else exports.table(links))

        show.caption(_("One row per partner, seen from {name}; opens cleanly in Excel. Nothing "
                       "in it can run as a formula.") if city_id else
                     _("One row per partnership; opens cleanly in Excel. Nothing in it can run "
                       "as a formula."), name=safe_text.plain(name, 80))
        s1, s2 = st.columns(2)
        s1.download_button(
            "Excel (.xlsx)",
            _lazy(act, "xlsx", city_id, f, "", "", base,
                  lambda: offload.run(exports.to_xlsx, table(), sheet=_("Partners"))),
            file_name=f"{stem}-partners.xlsx", key="sm_kit_xlsx", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        s2.download_button(
            _("CSV for Excel (UTF-8)"),
            _lazy(act, "csv", city_id, f, "", "", base, lambda: exports.to_excel_csv(table())),
            file_name=f"{stem}-partners.csv", mime="text/csv", key="sm_kit_csv",
            on_click="ignore")


def animation_downloads(act: appdata.Active, f: Filters, color_by: str = "era",
                        key: str = "sm_anim", links=None) -> None:
    """Make buttons for the growth GIF and MP4 of these filters, with progress; then download.

    Made on a click (it takes seconds: a frame per year), kept in the session for these
    filters so a rerun does not make it again.
    """
    links = appdata.filtered(act, f) if links is None else links
    options = animation.AnimationOptions(color_by=color_by, focus_first=f.focus,
                                         credit=_credit(act))
    years = animation.years(links, options)
    if not years:
        st.info(_("No partnership with a known year matches these filters: nothing to "
                  "animate."))
        return
    st.caption(_("The growth of the movement with these filters, one frame a year from "
                 "{first} to {last} ({n} frames, {width}×{height}), as the map's playback "
                 "shows it, with the year and a legend drawn in: ready for slides. MP4 is "
                 "smaller; GIF plays anywhere.").format(
        first=years[0], last=years[-1], n=len(years), width=animation.SIZE[0],
        height=animation.SIZE[1]))
    ident = (act.key, repr(f), color_by, len(links))
    for col, fmt in zip(st.columns(2), ("mp4", "gif")):
        state = f"{key}_{fmt}"
        made = st.session_state.get(state)
        name = f"sistermap-growth.{fmt}"
        if made is None or made[0] != ident:
            if not col.button(_("Make the animation ({format})").format(format=fmt.upper()),
                              key=f"{state}_make"):
                continue
            bar = col.progress(0.0, text=_("Drawing the first year…"))

            def tick(done: int, total: int, year: int, bar=bar) -> None:
                bar.progress(done / total, text=_("{year}: frame {n} of {total}").format(
                    year=year, n=done, total=total))

            try:
                data = offload.run(animation.make, fmt, links, act.data.cities, options,
                                   progress=tick)
            except Exception as exc:  # noqa: BLE001 - never a traceback on the page
                bar.empty()
                col.warning(_("SisterMap could not make the {format} ({error}).").format(
                    format=fmt.upper(), error=type(exc).__name__))
                continue
            bar.empty()
            made = st.session_state[state] = (ident, data)
        col.download_button(_("Download {format} ({mb} MB)").format(
                                format=fmt.upper(), mb=number(round(len(made[1]) / 1e6, 1))),
                            made[1],
                            file_name=name, mime=animation.FORMATS[fmt],
                            key=f"{state}_download", on_click="ignore",
                            icon=":material/download:")
