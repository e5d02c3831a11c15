"""Sharing a view: its permalink, a QR code of it, and an ``<iframe>`` snippet to embed it.

A council officer copies the link into a newsletter, prints the QR code on a poster and pastes
the snippet into the council's website. Everything here is plain string and image work, tested
without Streamlit; the panel (``sharepanel.py``) only lays it out.

The city's part of a link goes through :func:`city_param` alone, so switching from ids
(``?city=gn:2652221``) to readable slugs (``?city=coventry``) is a one-function change.
"""

from __future__ import annotations

import html
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd

from sistermap import geo, palette, schema
from sistermap.i18n import _
from sistermap.names import slug
from sistermap.query import filters as filters_mod
from sistermap.query import lookup
from sistermap.query.filters import Filters
from sistermap.query.lookup import find_city

#: Where the app runs when nothing better is known (a local ``make run``).
DEFAULT_BASE = "http://localhost:8501"
#: Embed sizes offered to councils: CSS pixels, or "100%" for the width of the page column.
EMBED_WIDTHS = ("100%", "800", "640", "480")
EMBED_HEIGHT_RANGE = (240, 1200)
COLOR_BY = palette.COLOR_BY
#: The map's basemaps, the default first.
BASEMAPS = ("plain", "dark", "osm")


#: The one setting for SisterMap's public address (``https://maps.example.org``): every link
#: printed (permalink, QR code, city sheet, slide credit, embed snippet, batch commands, the
#: static site's sitemap) starts with it. Read only by :func:`public_url`.
PUBLIC_URL_ENV = "SISTERMAP_PUBLIC_URL"


def public_url(environ: Mapping[str, str] | None = None) -> str:
    """The public address set in ``SISTERMAP_PUBLIC_URL``, without a trailing slash; "" when
    it is unset or not an http(s) address (a typo must not print a broken link on a poster).

    The one reader of the setting, so that every printed link agrees.
    """
    raw = (os.environ if environ is None else environ).get(PUBLIC_URL_ENV, "").strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def link_base(page_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The root every shared link starts with: the public address when it is set, else the
    address this page was opened at (:func:`base_url`: ``localhost`` on a laptop)."""
    return public_url(environ) or base_url(page_url)


def local_only_note(environ: Mapping[str, str] | None = None) -> str:
    """What the share panel says when no public address is set; "" when one is."""
    if public_url(environ):
        return ""
    return _("No public address is set ({env}), so these links, QR codes and sheets only work "
             "on this machine. Set {env} to the address readers use.").format(env=PUBLIC_URL_ENV)


def credit_with_address(credit: str, base: str) -> str:
    """A slide's credit line with the public address where readers find the map ("" base or
    a local one: the credit alone)."""
    host = urlsplit(base).netloc
    if not host or host.split(":")[0] in ("localhost", "127.0.0.1"):
        return credit
    shown = (host + urlsplit(base).path).rstrip("/")
    return _("{credit} · {address}").format(credit=credit, address=shown)


def base_url(page_url: str | None) -> str:
    """The app's root (scheme, host, path prefix) from the URL of one of its pages.

    ``https://maps.example.org/sistermap/city?city=x`` gives ``https://maps.example.org/
    sistermap``: the page name is the last path segment, dropped with the query. Anything
    that is not an http(s) URL gives :data:`DEFAULT_BASE`.
    """
    parts = urlsplit(page_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return DEFAULT_BASE
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] in ("map", "city", "insights", "import_list", "about", "embed"):
        path = path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def city_param(city_id: str, cities: pd.DataFrame | None = None) -> str:
    """The value of ``?city=`` for a city: its readable slug (``coventry``) when the cities
    are known, with the country only for homonyms (see lookup.permalink); else its id."""
    if cities is None:
        return city_id

    return lookup.permalink(cities, city_id)


def permalink(base: str, city_id: str = "", f: Filters | None = None,
              page: str = "", cities: pd.DataFrame | None = None, lang: str = "") -> str:
    """A link that reopens this view: the city page for a city, else the map with filters.

    Filters equal to the app's defaults are left out, so Coventry's link stays
    ``…/city?city=coventry`` (``gn:2652221`` when ``cities`` is not given). A ``lang``
    other than English is kept (``&lang=de``), so the link opens in the sender's language.
    """
    page = page or ("city" if city_id else "map")
    params: dict[str, str] = {}
    if city_id:
        params["city"] = city_param(city_id, cities)
    if f is not None:
        params.update({k: v for k, v in filters_mod.to_query(f).items() if k != "city"})
    if lang and lang != "en":
        params["lang"] = lang
    query = urlencode(params, safe=":,")
    return f"{base.rstrip('/')}/{page}" + (f"?{query}" if query else "")


def embed_url(base: str, city_id: str = "", f: Filters | None = None, color_by: str = "era",
              basemap: str = "plain", height: int = 480,
              cities: pd.DataFrame | None = None, lang: str = "") -> str:
    """The address of the minimal map view (``pages/embed.py``) in Streamlit's embed mode."""
    params: dict[str, str] = {}
    if city_id:
        params["city"] = city_param(city_id, cities)
    if f is not None:
        params.update({k: v for k, v in filters_mod.to_query(f).items() if k != "city"})
    params["color"] = color_by if color_by in COLOR_BY else "era"
    params["basemap"] = basemap if basemap in BASEMAPS else "plain"
    params["height"] = str(clamp_height(height))
    if lang and lang != "en":
        params["lang"] = lang
    params["embed"] = "true"
    return f"{base.rstrip('/')}/embed?{urlencode(params, safe=':,')}"


def site_page(cities: pd.DataFrame, city_id: str = "", folder: str = "city") -> str:
    """A page of the static site (``python -m sistermap publish``), relative to its root:
    ``city/coventry.html``, ``embed/coventry.html``; ``embed/index.html`` for the world.

    The one naming rule of the site's pages, used by the publisher and by every link to
    them (the embed snippet): a city's page is named by its file stem (lookup.file_stem),
    unique among the cities and readable.
    """
    if not city_id:
        return f"{folder}/index.html"
    return f"{folder}/{lookup.file_stem(cities, city_id)}.html"


def static_embed_url(base: str, cities: pd.DataFrame, city_id: str = "") -> str:
    """The static site's self-contained map page of a city (or the world): no session and no
    cookie, so it draws where the live app's embed goes blank (third-party cookies blocked)."""
    return f"{base.rstrip('/')}/{site_page(cities, city_id, 'embed')}"


def clamp_height(height: object) -> int:
    """An embed's map height in pixels, kept within :data:`EMBED_HEIGHT_RANGE`."""
    value = schema.strict_number(height)  # "inf", "1e999" or "１２" are no height
    lo, hi = EMBED_HEIGHT_RANGE
    return 480 if value is None else int(min(max(value, lo), hi))


def embed_snippet(url: str, title: str, width: str = "100%", height: int = 520) -> str:
    """An ``<iframe>`` for a council's web page; every value is HTML-escaped.

    The frame is a little taller than the map (``height``) for the title line above it.
    """
    w = width if width in EMBED_WIDTHS else "100%"
    h = clamp_height(height) + 90
    return (f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}"'
            f' width="{w}" height="{h}" style="border:0" loading="lazy"'
            ' referrerpolicy="no-referrer-when-downgrade"></iframe>')


def qr_png(text: str, box_size: int = 10, border: int = 4) -> bytes:
    """A QR code of ``text`` (a link) as PNG bytes, black on white, for print and screens.

    Error correction level M survives a crease or a smudge on a printed sheet.
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def file_stem(name: object, fallback: str = "city") -> str:
    """A safe, readable file name part: "Saint-Étienne" gives ``saint-etienne``.

    Folded to ASCII so no file system or mail client trips on it; markup or path
    characters in a hostile name vanish. Empty results fall back to ``fallback``.
    """
    return slug(str(name or ""), 60) or slug(str(fallback), 60) or "city"


#: Query keys of the embedded view that are not filters.
EMBED_KEYS = ("city", "color", "basemap", "height", "embed", "embed_options", "lang")


@dataclass(frozen=True)
class EmbedRequest:
    """What an embedded view was asked to show, read safely from its address."""

    f: Filters
    city_id: str
    color_by: str
    basemap: str
    height: int
    notices: tuple[str, ...]


def read_embed(params: Mapping[str, object], cities, countries: set[str] | None = None,
               continents: set[str] | None = None, subregions: set[str] | None = None
               ) -> EmbedRequest:
    """The embed page's options from its query string; unknown values fall back with a notice.

    ``city`` may be an id or a name (``lookup.find_city``), so a hand-written
    ``?city=Coventry`` works too.
    """

    def last(key: str) -> str:
        value = params.get(key, "")
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        return str(value).strip()

    vocab = {k: v for k, v in (("countries", countries), ("continents", continents),
                               ("subregions", subregions)) if v is not None}
    f, notices = filters_mod.from_query({k: v for k, v in params.items()
                                         if k not in EMBED_KEYS}, vocab=vocab)
    wanted = last("city")[:100]
    city_id = ""
    if wanted:
        city_id = find_city(cities, wanted).city_id or ""
        if not city_id:
            notices.append(_("The city in this address was not found; showing the whole map."))
    color = last("color") if last("color") in COLOR_BY else "era"
    basemap = last("basemap") if last("basemap") in BASEMAPS else "plain"
    return EmbedRequest(f, city_id, color, basemap, clamp_height(last("height") or 480),
                        tuple(notices))


def frame_zoom(bounds: tuple[tuple[float, float], tuple[float, float]] | None,
               width_px: int = 800, height_px: int = 480) -> tuple[tuple[float, float], float]:
    """Centre and Leaflet zoom (in 0.25 steps, 1 to 10) that show a lat/lon box in a frame:
    the one framing rule, ``geo.fit_view`` (what the browser's own framing computes too).

    The embedded view colours a city's links like the legend instead of highlighting them,
    so it frames them itself rather than through the map's selection.
    """
    if bounds is None:
        return (30.0, 10.0), 1.0
    return geo.fit_view(bounds, width_px, height_px, zoom_step=0.25, min_zoom=1.0,
                        max_zoom=10.0)


def city_bounds(partnerships: pd.DataFrame, city_id: str
                ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Bounds of a city and its partners, padded (8%, at least 1°), or None when they span
    the globe's far side.

    A span of more than 180° of longitude would cross the antimeridian, where a lat/lon box
    shows the wrong half of the world; the caller then centres on the city instead.
    """
    mine = partnerships[(partnerships["city_a_id"] == city_id)
                        | (partnerships["city_b_id"] == city_id)]
    if mine.empty:
        return None
    lats = np.concatenate([mine["lat_a"].to_numpy(float), mine["lat_b"].to_numpy(float)])
    lons = np.concatenate([mine["lon_a"].to_numpy(float), mine["lon_b"].to_numpy(float)])
    if lons.max() - lons.min() > 180:
        return None
    box = ((float(lats.min()), float(lons.min())), (float(lats.max()), float(lons.max())))
    return geo.pad_box(box, 0.08, min_pad=1.0)
