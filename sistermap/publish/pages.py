"""The static site's HTML: one function per kind of page, text in, text out.

Every value from the data reaches the HTML through ``safe_text.esc`` (names, notes,
sources, country names) and every interface string through ``i18n._``. Pages name each
other by relative addresses (``root`` is "" for a page at the top and "../" one folder
down), so the folder works from any address, a CDN or a USB stick, and nothing is fetched
from another site: sources are shown as text, never as live links.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sistermap.i18n import _
from sistermap.safe_text import esc, safe_json

#: The navigation: (page, label), every page shows it.
NAV = (("index.html", "Search"), ("map.html", "World map"), ("cities.html", "All cities"),
       ("tour.html", "Tour"), ("about.html", "About & data"))


def layout(title: str, body: str, root: str = "", scripts: Sequence[str] = ()) -> str:
    """A whole page: head, the navigation, ``body`` (already HTML) and scripts (addresses)."""
    home = f'<a class="home" href="{root}index.html">{esc(_("SisterMap"))}</a>'
    nav = home + "".join(f'<a href="{root}{page}">{esc(_(label))}</a>' for page, label in NAV)
    tail = "".join(f'<script src="{root}{src}"></script>' for src in scripts)
    footer = esc(_("SisterMap: sister cities and twin towns, with a source for every link. "
                   "A static copy: it needs no server and no internet."))
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer">'
            f"<title>{esc(title)}</title>"
            f'<link rel="stylesheet" href="{root}assets/site.css"></head>\n'
            f'<body data-root="{root}"><header><nav>{nav}</nav></header>\n'
            f"<main>{body}</main>\n"
            f"<footer>{footer}</footer>"
            f"{tail}</body></html>\n")


def map_frame(src: str, title: str, css: str = "mapframe") -> str:
    """The map of a page: its embed page in a frame (the same page a council embeds)."""
    return (f'<iframe class="{css}" src="{src}" title="{esc(title)}" loading="lazy">'
            "</iframe>")


@dataclass(frozen=True)
class PartnerRow:
    """One partner of a city as its page lists it (all text, not yet escaped)."""

    name: str
    page: str  # relative address of its page, or "" when it has none
    country: str
    since: str
    status: str
    focus: str
    listed_by: str
    source: str
    note: str


def city_page(name: str, where: str, other_names: Sequence[str], count_line: str,
              summary: Sequence[str], decades: str, partners: Sequence[PartnerRow],
              embed: str, page_url: str, snippet: str) -> str:
    """A city's page: name, its map, its partners with sources, when the links were formed,
    and what to share (its address and the embed snippet, as text to copy)."""
    title = _("{name}: partner cities").format(name=name)
    also_text = _("Also known as: {names}").format(names=", ".join(other_names))
    also = f'<p class="muted">{esc(also_text)}</p>' if other_names else ""
    rows = []
    for p in partners:
        who = (f'<a href="../{esc(p.page)}">{esc(p.name)}</a>' if p.page else esc(p.name))
        source = "".join(f'<div class="source">{esc(x)}</div>' for x in (p.source, p.note) if x)
        rows.append(f"<tr><td>{who}</td><td>{esc(p.country)}</td><td>{esc(p.since)}</td>"
                    f"<td>{esc(p.status)}</td><td>{esc(p.focus)}</td>"
                    f"<td>{esc(p.listed_by)}{source}</td></tr>")
    head = "".join(f"<th>{esc(h)}</th>" for h in (
        _("Partner"), _("Country"), _("Since"), _("Status"), _("Focus"), _("Listed by · source")))
    share = (f'<p>{esc(_("Address of this page:"))} <code>{esc(page_url)}</code></p>'
             if page_url else "")
    body = (f"<h1>{esc(name)}</h1><p>{esc(where)}</p>{also}"
            + map_frame(embed, _("Map of the partner cities of {name}").format(name=name))
            + f"<h2>{esc(count_line)}</h2>"
            + "".join(f"<p>{esc(line)}</p>" for line in summary)
            + (f'<p><strong>{esc(_("When the links were formed:"))}</strong> {esc(decades)}</p>'
               if decades else "")
            + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<h2>{esc(_("Share"))}</h2>{share}'
            f'<p>{esc(_("Embed this map on a web page:"))}</p>'
            f'<textarea readonly rows="3">{esc(snippet)}</textarea>')
    return layout(title, body, "../")


def index_page(total_cities: int, total_links: int, top: Iterable[tuple[str, str]]) -> str:
    """The front page: search over every city and its other names, and the way in."""
    links = "".join(f'<li><a href="{esc(page)}">{esc(name)}</a></li>' for page, name in top)
    counts = _("{links} partnerships between {cities} cities.").format(
        links=f"{total_links:,}", cities=f"{total_cities:,}")
    body = (f'<h1>{esc(_("Sister cities of the world"))}</h1>'
            f"<p>{esc(counts)}"
            f' <a href="map.html">{esc(_("Open the world map"))}</a></p>'
            f'<form id="searchform" role="search"><label for="search">'
            f'{esc(_("Find a city (any of its names):"))}</label>'
            f'<input id="search" type="search" autocomplete="off"></form>'
            f'<p id="count" class="muted" data-none="{esc(_("No city found."))}"'
            f' data-some="{esc(_("{n} found"))}"'
            f' data-more="{esc(_("{n} found; the first 50 are shown"))}"></p>'
            f'<ul id="results"></ul>'
            f'<h2>{esc(_("Most connected"))}</h2><ul>{links}</ul>'
            f'<p><a href="cities.html">{esc(_("Every city, A to Z"))}</a></p>')
    return layout(_("SisterMap"), body, "", ("data/search.js", "assets/search.js"))


def search_data(rows: Iterable[Sequence[str]]) -> str:
    """``data/search.js``: [page, name, country, own key, other keys...] per city; the keys
    are already folded (names.fold), the names plain text (the script shows them as text)."""
    return "window.SisterMapSearch = " + safe_json(list(map(list, rows))) + ";\n"


def cities_page(entries: Iterable[tuple[str, str, str]]) -> str:
    """Every city, A to Z, as plain links: the site works without scripts, and a crawler
    finds every page."""
    items = "".join(f'<li><a href="{esc(page)}">{esc(name)}</a> '
                    f'<span class="muted">{esc(country)}</span></li>'
                    for page, name, country in entries)
    body = f'<h1>{esc(_("Every city, A to Z"))}</h1><ul class="cities">{items}</ul>'
    return layout(_("Every city · SisterMap"), body)


def world_page(links: int, note: str) -> str:
    """The world map with its playback (the year control), full width."""
    intro = _("{n} partnerships. Press play to watch the links form, year by year.").format(
        n=f"{links:,}")
    body = (f'<h1>{esc(_("The world map"))}</h1>'
            f'<p class="muted">{esc(intro)}'
            f"{(' ' + esc(note)) if note else ''}</p>"
            f"{map_frame('embed/index.html', _('World map of sister cities'), 'worldframe')}")
    return layout(_("World map · SisterMap"), body)


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    facts: tuple[str, ...]
    embed: str  # the step's map page, relative to the root


def tour_page(title: str, intro: str, steps: Sequence[TourStep], problem: str = "") -> str:
    """The guided tour, its steps one under the other, each with its map."""
    parts = [f"<h1>{esc(title)}</h1>", f"<p>{esc(intro)}</p>" if intro else ""]
    if problem:
        parts.append(f'<p class="muted">{esc(problem)}</p>')
    for i, step in enumerate(steps, start=1):
        facts = "".join(f"<li>{esc(f)}</li>" for f in step.facts)
        heading = _("{n}. {title}").format(n=i, title=step.title)
        parts.append(f'<section class="step"><h2>{esc(heading)}</h2>'
                     f"<p>{esc(step.text)}</p><ul>{facts}</ul>"
                     f"{map_frame(step.embed, step.title)}</section>")
    return layout(_("Tour · SisterMap"), "".join(parts))


def about_page(facts: Sequence[str], sources: Sequence[str],
               downloads: Sequence[tuple[str, str]]) -> str:
    """What the data is, where it comes from, and the files to download."""
    body = (f'<h1>{esc(_("About the data"))}</h1>'
            + "".join(f"<p>{esc(line)}</p>" for line in facts)
            + f'<h2>{esc(_("Sources"))}</h2><ul>'
            + "".join(f"<li>{esc(s)}</li>" for s in sources) + "</ul>"
            + f'<h2>{esc(_("Downloads"))}</h2><ul>'
            + "".join(f'<li><a href="{esc(href)}" download>{esc(label)}</a></li>'
                      for href, label in downloads) + "</ul>")
    return layout(_("About & data · SisterMap"), body)


def sitemap(urls: Iterable[str]) -> str:
    """sitemap.xml of the public addresses (absolute, as the format requires)."""
    items = "".join(f"<url><loc>{esc(u)}</loc></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{items}</urlset>\n")
