"""A dataset as a static site: every file, in memory, from data alone (no folder touched).

What it holds (the paths are relative to the site's root):

- ``index.html`` (search over every city and its other names), ``cities.html`` (A to Z),
  ``map.html`` (the world map with its playback), ``tour.html``, ``about.html`` (the data,
  its sources and downloads), ``city/<stem>.html`` (one per city: its map, partners with
  sources, when the links were formed, what to share), ``sitemap.xml`` and ``robots.txt``
  when a public address is set (``share.public_url``);
- ``embed/<stem>.html`` and ``embed/index.html``: each map as a page of its own, the page a
  council's ``<iframe>`` shows (``share.static_embed_url``) and the city pages frame;
- the shared files: ``data/links.js`` (the world map's table, once for every map page),
  ``data/basemap.js``, ``data/search.js``, ``assets/sistermap.js`` (the map script),
  Leaflet, the style and the search script.

The map pages are the web map's own pages (``elements.assemble`` with the script and data as
files, as the app's live map loads them), so the site draws exactly what the app draws.
A city's map is the world table with the city selected: it costs ~9 kB, not a copy of the
data. Folium names its elements at random; :func:`stable_names` numbers them instead, so an
unchanged map is the same file and a second publish rewrites nothing (``write.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from sistermap.i18n import _
from sistermap.kit import exports, share, sheets
from sistermap.names import fold
from sistermap.publish import pages
from sistermap.query import filters, lookup, stats
from sistermap.query.filters import Filters
from sistermap.query.partners import partners as partners_of
from sistermap.sources import SOURCES
from sistermap.tour import facts, loader, model, view
from sistermap.webmap import elements, plan, webassets

STATIC = Path(__file__).resolve().parent / "static"
#: The map pages' shared files, as the pages in ``embed/`` name them.
MAP_SCRIPT, BASEMAP, LINKS = "assets/sistermap.js", "data/basemap.js", "data/links.js"
#: Downloads of the about page.
CSV_FILE, XLSX_FILE = "data/sistermap-partnerships.csv", "data/sistermap-partnerships.xlsx"
#: Most connected cities listed on the front page.
TOP = 24


@dataclass(frozen=True)
class Deferred:
    """A file made only when its ``key`` (what its content depends on) changed: the
    spreadsheet differs byte for byte on every save (its zip and dates), its table not."""

    key: str
    make: Callable[[], bytes]


Content = bytes | Deferred


@dataclass(frozen=True)
class Site:
    files: dict[str, Content]
    cities: int  # city pages
    links: int  # partnerships on the world map

    @property
    def pages(self) -> int:
        """HTML pages, maps included."""
        return sum(1 for p in self.files if p.endswith(".html"))


_FOLIUM_NAME = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def stable_names(html: str) -> str:
    """Folium's random element names (``map_3f…``, 32 hex digits) numbered in order of
    appearance, so the same map gives the same page."""
    seen: dict[str, str] = {}
    return _FOLIUM_NAME.sub(lambda m: seen.setdefault(m.group(0), f"{len(seen):032d}"), html)


def map_page(spec: plan.MapSpec, data_file: str) -> bytes:
    """A map page of ``embed/``: the web map's page with its script and data as files."""
    links = (f"../{MAP_SCRIPT}", f"../{BASEMAP}", f"../{data_file}")
    return stable_names(elements.to_html(elements.assemble(spec, links=links))).encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def build(partnerships: pd.DataFrame, cities: pd.DataFrame, f: Filters = Filters(),
          base: str = "", tour_file: Path | None = model.DEFAULT_TOUR,
          color_by: str = "era") -> Site:
    """Every file of the site for the partnerships that pass ``f``.

    ``base``: the site's public address (``share.public_url()``), for the sitemap and the
    addresses to share; "" leaves them out. ``tour_file``: the tour to publish (None: none).
    """
    chosen = filters.apply(partnerships, cities, f)
    files: dict[str, Content] = {}
    for name in ("site.css", "search.js"):
        files[f"assets/{name}"] = (STATIC / name).read_bytes()
    for kind in ("js", "css"):  # where the map pages name Leaflet (as the app serves it)
        for path, (_name, url) in zip(webassets.files(kind, app=True),
                                      webassets.app_links(kind), strict=True):
            files[url.removeprefix("../")] = path.read_bytes()
    # The Japanese font the map's fonts.css names (a reader without one of their own).
    files[f"{webassets.FONT_COMPONENT}/{webassets.FONT_FILE}"] = (
        webassets.font_dir() / webassets.FONT_FILE).read_bytes()

    world = plan.plan(chosen, cities, plan.MapOptions(color_by=color_by, timeline=True,
                                                      frame="world"))
    script, basemap, data = elements.live_files(world)
    files[MAP_SCRIPT], files[BASEMAP], files[LINKS] = (script.encode(), basemap.encode(),
                                                       data.encode())
    files["embed/index.html"] = map_page(world, LINKS)
    files["map.html"] = pages.world_page(len(chosen), world.legend_note).encode()

    ids = sorted(stats.partner_counts(chosen).index,
                 key=lambda c: (fold(str(cities.at[c, "name"])), c))
    page_of = {c: share.site_page(cities, c) for c in ids}
    # Each city's links, once (a plain table: per-city slices of the geometry table are slow).
    plain = pd.DataFrame(chosen.drop(columns="geometry", errors="ignore"))
    ends = pd.concat([plain["city_a_id"], plain["city_b_id"]])
    rows = pd.Series(list(range(len(plain))) * 2, index=ends.to_numpy())
    groups = rows.groupby(level=0).apply(list)
    totals = stats.partner_counts(partnerships)
    for city_id in ids:
        mine = plain.iloc[sorted(set(groups[city_id]))]
        files.update(_city_files(mine, int(totals.get(city_id, 0)), chosen, cities, city_id,
                                 base, page_of, color_by, world))
    search = [[page_of[c], str(cities.at[c, "name"]), _text(cities.at[c, "country_name"]),
               *(cities.at[c, "search_names"] or ("",))] for c in ids]
    files["data/search.js"] = pages.search_data(search).encode()
    counts = stats.partner_counts(chosen)
    top = [(page_of[c], str(cities.at[c, "name"])) for c in counts.index[:TOP]]
    files["index.html"] = pages.index_page(len(ids), len(chosen), top).encode()
    files["cities.html"] = pages.cities_page(
        (page_of[c], str(cities.at[c, "name"]), _text(cities.at[c, "country_name"]))
        for c in ids).encode()
    files.update(_about(chosen))
    files.update(_tour(partnerships, cities, tour_file))
    if base:
        urls = [f"{base}/{p}" for p in ("index.html", "map.html", "cities.html", "tour.html",
                                         "about.html", *page_of.values())]
        files["sitemap.xml"] = pages.sitemap(urls).encode()
        files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode()
    return Site(files, len(ids), len(chosen))


def _city_files(links: pd.DataFrame, total: int, chosen: pd.DataFrame, cities: pd.DataFrame,
                city_id: str, base: str, page_of: dict[str, str], color_by: str,
                world: plan.MapSpec) -> dict[str, Content]:
    """A city's page and its map page, from its ``links`` that pass the filters and its
    ``total`` partnerships in the data (so the page says how many the filters hide)."""
    city = cities.loc[city_id]
    name = str(city["name"])
    # The one answer (query.partners), given the city's filtered links already.
    mine = replace(partners_of(links, cities, city_id, Filters(), filtered=links),
                   total=max(total, len(links)))
    table = exports.city_table(mine.links, city_id, name)
    spec = plan.plan(chosen, cities, plan.MapOptions(color_by=color_by, selected=city_id,
                                                     frame="links"))
    if spec.data_json != world.data_json:  # the shared table must be the one in links.js
        raise AssertionError("a city's map does not use the shared table")
    # The city's links, not the world's behind them (a reader can turn those on).
    spec = replace(spec, layers=tuple(replace(layer, show=layer.role in ("sel", "cities"))
                                      for layer in spec.layers))
    embed = share.site_page(cities, city_id, "embed")
    rows = [pages.PartnerRow(
        name=_text(r.partner), page=page_of.get(r.partner_id, ""), country=_text(r.country),
        since="" if pd.isna(r.established) else str(int(r.established)),
        status=_text(r.status), focus=_text(r.focus),
        listed_by=_text(getattr(r, "sources", "")), source=_text(r.source), note=_text(r.note))
        for r in mine.table.itertuples(index=False)]
    where = ", ".join(x for x in (_text(city.get("admin1")), _text(city.get("country_name"))) if x)
    page_url = f"{base}/{page_of[city_id]}" if base else ""
    snippet = share.embed_snippet(f"{base}/{embed}" if base else f"/{embed}",
                                  _("Partner cities of {name}").format(name=name))
    html = pages.city_page(
        name, where, lookup.shown_alt_names(city.get("alt_names"), 5, name), mine.count_line(),
        sheets.summary_text(table, name), sheets.decades_line(table), rows, f"../{embed}",
        page_url, snippet)
    return {page_of[city_id]: html.encode(), embed: map_page(spec, LINKS)}


def _about(chosen: pd.DataFrame) -> dict[str, Content]:
    s = stats.summary(chosen)
    lines = [_("{links} partnerships between {cities} cities in {countries} countries.").format(
        links=f"{s['partnerships']:,}", cities=f"{s['cities']:,}",
        countries=f"{s['countries']:,}")]
    if s["with_year"]:
        lines.append(_("{n} of them ({pct}%) have a known year, from {first} to {last}; a year "
                       "nobody is sure of stays empty.").format(
            n=f"{s['with_year']:,}", pct=s["with_year_pct"], first=s["earliest_year"],
            last=s["latest_year"]))
    sources = [_("{mark}: {description} ({n} partnerships)").format(
        mark=SOURCES[k].mark, description=SOURCES[k].description, n=f"{n:,}")
        for k, n in s.get("by_source", {}).items() if k in SOURCES]
    sources += [_("Country outlines: Natural Earth, via world-atlas (public domain)."),
                _("Map library: Leaflet 1.9.4 (BSD 2-clause), shipped with the site.")]
    table = exports.table(chosen)
    csv = exports.to_excel_csv(table)
    files: dict[str, Content] = {
        CSV_FILE: csv,
        XLSX_FILE: Deferred(digest(csv), lambda: exports.to_xlsx(table, "Partnerships")),
        "about.html": pages.about_page(lines, sources, [
            (CSV_FILE, _("Every partnership shown (CSV for Excel, UTF-8)")),
            (XLSX_FILE, _("Every partnership shown (Excel .xlsx)"))]).encode()}
    return files


def _tour(partnerships: pd.DataFrame, cities: pd.DataFrame, tour_file: Path | None
          ) -> dict[str, Content]:
    """The guided tour, each step with its own small map (its filters' links)."""
    if tour_file is None:
        return {"tour.html": pages.tour_page(_("Tour"), "", [],
                                             _("No tour was published.")).encode()}
    tour = loader.load(tour_file, partnerships, cities)
    if not tour.ok:
        return {"tour.html": pages.tour_page(_("Tour"), "", [], _(
            "The tour does not fit this dataset ({n} problems): see python -m sistermap "
            "tour validate.").format(n=len(tour.problems))).encode()}
    files: dict[str, Content] = {}
    steps = []
    for i, step in enumerate(tour.steps, start=1):
        options, step_f = view.map_options(step, plan.MapOptions, basemap="plain")
        spec = plan.plan(filters.apply(partnerships, cities, step_f), cities, options)
        data_file, page = f"data/tour-{i}.js", f"embed/tour-{i}.html"
        files[data_file] = elements.live_files(spec)[2].encode()
        files[page] = map_page(spec, data_file)
        shown = facts.show(step, partnerships, cities)
        steps.append(pages.TourStep(shown.title, shown.text, tuple(shown.facts), page))
    files["tour.html"] = pages.tour_page(tour.title, tour.intro, steps).encode()
    return files

