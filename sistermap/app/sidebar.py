"""The sidebar every page shares: filters as widgets, kept in the URL query string.

Each page calls :func:`render` first. It turns the widgets into one ``Filters`` value, writes
it to the query string (so any view can be shared as a link and a reload restores it), and
reads the link on a session's first run. Unknown or hostile query values are ignored with a
notice. It also holds the one selected city of every page (``selected_city``): a ``?city=``
link, a search that names one city, a choice among homonyms or a click on the map.
This is the only Streamlit code outside app.py and pages/ (with appdata.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from sistermap import regions, safe_text, schema
from sistermap.app import appdata, language, show
from sistermap.i18n import N_, _, n_, number
from sistermap.query import filters, lookup, stats
from sistermap.query.filters import Filters

#: Query keys that belong to pages, not to the shared filters.
PAGE_PARAMS = ("city", "color", "basemap", "year", "present", "lang",
               "from", "to", "pair", "net")  # the network page's own
W = "sm_w_"  # widget key prefix
#: The selected city's id (or ""), shared by every page; ``?city=`` in the URL.
SELECTED = "sm_selected"
#: The last ``?city=`` or search that named no single city: (what was asked, CityLookup).
ASKED = "sm_asked"
#: The last ``?city=`` value this session read or wrote: only a new one (a link, a page
#: link) selects a city, so it never undoes a choice made in the sidebar.
CITY_SEEN = "sm_city_seen"


#: Filters field -> the sidebar widget (``W + name``) that holds it; the year range is one
#: slider. Every multi-valued filter of the URL has its widget, so a new one is reset too.
WIDGETS = {**{name: name for name in filters._MULTI}, "search": "search"}


def _set_widgets(f: Filters) -> None:
    """Put every sidebar widget in the state ``f`` describes.

    Used by the first run (from the link) and by Reset: it must run before the widgets are
    drawn (first thing in a run, or in a button callback), never after.
    """
    for field, widget in WIDGETS.items():
        value = getattr(f, field)
        st.session_state[W + widget] = list(value) if isinstance(value, tuple) else value
    st.session_state[W + "sources"] = f.sources[0] if f.sources else "all"  # one radio
    st.session_state.pop(W + "years", None)  # the slider is rebuilt from the data's bounds
    st.session_state["sm_years_from_url"] = (f.year_min, f.year_max)


def _init_from_url(act: appdata.Active) -> None:
    """On a session's first run, set the widgets from the link that opened it."""
    if st.session_state.get("sm_init"):
        return
    st.session_state["sm_init"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()
              if k not in PAGE_PARAMS}
    countries = set(act.data.cities["country"])
    vocab = {"continents": set(regions.CONTINENTS), "countries": countries,
             "subregions": set(act.data.cities["subregion"])}
    f, notices = filters.from_query(params, vocab=vocab)
    st.session_state["sm_notices"] = notices
    _set_widgets(f)


def reset() -> None:
    """Reset filters (a button callback): the app's defaults, from any state, on any page."""
    _set_widgets(filters.APP_DEFAULT)
    st.session_state["sm_notices"] = []


def _clamp(years: tuple[int, int], lo: int, hi: int) -> tuple[int, int]:
    """A year range forced inside the data's bounds, never inverted."""
    y0, y1 = min(max(years[0], lo), hi), max(min(years[1], hi), lo)
    return (y0, y1) if y0 <= y1 else (lo, hi)


def _with_selected(options: list[str], key: str) -> list[str]:
    """Options plus what is selected, so a value from a link never breaks the widget."""
    return options + [v for v in st.session_state.get(W + key, []) if v not in options]


#: Source choices: the reviewed records, everything known, or what one other source lists.
_SOURCE_LABELS = {"reviewed": N_("Reviewed only"), "all": N_("All known"),
                  "wikidata": N_("Listed by Wikidata"), "imported": N_("Imported"),
                  "contributed": N_("Community contributed, reviewed")}


def _source_widget(data, counts: Mapping[str, int]) -> tuple[str, ...]:
    """Reviewed only / all known, with counts; the sources the filters keep."""
    default = filters.APP_DEFAULT.sources[0]
    st.session_state.setdefault(W + "sources", default if default in counts else "all")
    value = st.session_state[W + "sources"]
    if len(counts) > 1:
        options = ["reviewed", "all"] if "reviewed" in counts else ["all"]
        options += [k for k in counts if k not in options]
        if value not in options:
            value = st.session_state[W + "sources"] = "all"
        totals = {**counts, "all": len(data.partnerships)}
        st.sidebar.radio(
            _("Partnerships"), options, key=W + "sources",
            format_func=lambda k: _("{label} ({n} in all)").format(
                label=_(_SOURCE_LABELS.get(k, k)), n=number(totals.get(k, 0))),
            help=_("Reviewed: checked and cited by our curators, with year, era, focus and "
                   "status. All known adds the links other sources list (Wikidata), with no "
                   "year or focus unless the source gives one. The counts are of every link a "
                   "source lists; the other filters (ended and suspended links are hidden by "
                   "default) narrow what is shown. Searches and city pages follow this choice "
                   "too."))
    elif value not in counts:
        value = "all"
    return () if value == "all" else (value,)


def _search_filter() -> str:
    """The search as a filter: the text typed, unless it named several cities and one of them
    was chosen. Then the choice speaks, as a click does: "Frankfurt" with Frankfurt (Oder)
    chosen no longer draws Frankfurt am Main's links as matches of the text."""
    query = str(st.session_state.get(W + "search", "")).strip()[:100]
    seen = st.session_state.get("sm_search_seen")
    if query and seen and seen[0] == query and len(seen[2].matches) > 1 \
            and st.session_state.get(SELECTED) in seen[2].matches:
        return ""
    return query


def _source_noun(sources: tuple[str, ...]) -> str:
    """"reviewed links", "links known": what the source choice's count counts."""
    nouns = {"reviewed": _("reviewed links"), "wikidata": _("links Wikidata lists"),
             "imported": _("imported links"), "contributed": _("community contributed links")}
    return (_(" or ").join(nouns.get(s, _("{source} links").format(source=s)) for s in sources)
            or _("links known"))


def sidebar(act: appdata.Active) -> Filters:
    """Lay out the filters; return them as one value."""
    data, offer = act.data, appdata.choices(act)
    sb = st.sidebar
    sb.text_input(_("Find a city"), key=W + "search",
                  placeholder=_("e.g. Kyoto, Stalingrad, Krakow"),
                  help=_("Matches alternate and historic names, with or without accents."))
    _search_feedback(act)
    chosen_sources = _source_widget(data, offer.source_counts)
    sb.multiselect(_("Era"), list(schema.ERA_KEYS), key=W + "eras",
                   format_func=lambda k: _(schema.ERA_LABELS.get(k, k)),
                   placeholder=_("All eras"))
    no_focus = [schema.UNCLASSIFIED] if offer.unclassified_focus else []
    no_kind = [schema.UNCLASSIFIED] if offer.unclassified_kind else []
    sb.multiselect(_("Focus area"), _with_selected(list(schema.FOCUS_AREAS) + no_focus, "focus"),
                   key=W + "focus", format_func=lambda k: _(schema.FOCUS_LABELS.get(k, k)),
                   placeholder=_("All focus areas"))
    # Options always include what is selected, so switching datasets never breaks a widget.
    present = offer.continents | set(st.session_state.get(W + "continents", []))
    sb.multiselect(_("Continent"), [c for c in regions.CONTINENTS if c in present],
                   key=W + "continents", placeholder=_("Whole world"),
                   format_func=regions.region_name)
    chosen_continents = st.session_state.get(W + "continents") or list(present)
    in_scope = set().union(*(offer.countries_by_continent.get(c, ()) for c in chosen_continents))
    chosen_countries = set(st.session_state.get(W + "countries", []))
    country_options = sorted(in_scope | chosen_countries, key=regions.country_name)
    sb.multiselect(_("Country"), country_options, key=W + "countries",
                   format_func=regions.country_name, placeholder=_("All countries"))
    with sb.expander(_("Status, kind and years"), expanded=False):
        st.multiselect(_("Status"), list(schema.STATUSES), key=W + "statuses",
                       format_func=lambda k: _(schema.STATUSES.get(k, k)),
                       placeholder=_("Any status"),
                       help=_("Shown by default: active links and those whose status is "
                              "unknown. Add ended or suspended ones here."))
        st.multiselect(_("Kind"), _with_selected(list(schema.KINDS) + no_kind, "kinds"),
                       key=W + "kinds", format_func=lambda k: _(schema.KIND_LABELS.get(k, k)),
                       placeholder=_("Any kind"))
        st.multiselect(_("UN subregion"), sorted(offer.subregions
                                                 | set(st.session_state.get(W + "subregions",
                                                                            []))),
                       key=W + "subregions", placeholder=_("Any subregion"),
                       format_func=regions.region_name)
        lo, hi = offer.year_bounds or (schema.MIN_YEAR, schema.MAX_YEAR)
        hi = max(hi, lo + 1)
        if W + "years" not in st.session_state:
            y0, y1 = st.session_state.get("sm_years_from_url", (None, None))
            st.session_state[W + "years"] = _clamp((y0 or lo, y1 or hi), lo, hi)
        elif st.session_state.get("sm_years_bounds") != (lo, hi):
            # Another dataset (an upload): keep a narrowed range inside the new bounds,
            # and let a full range stay full.
            old_lo, old_hi = st.session_state.get("sm_years_bounds", (lo, hi))
            y0, y1 = st.session_state[W + "years"]
            full = (y0, y1) == (old_lo, old_hi)
            st.session_state[W + "years"] = (lo, hi) if full else _clamp((y0, y1), lo, hi)
        st.session_state["sm_years_bounds"] = (lo, hi)
        year_min, year_max = st.slider(_("Established between"), lo, hi, key=W + "years",
                                       help=_("Narrowing the range hides links with no known "
                                              "year."))
    f = Filters(
        eras=tuple(st.session_state[W + "eras"]), focus=tuple(st.session_state[W + "focus"]),
        continents=tuple(st.session_state[W + "continents"]),
        subregions=tuple(st.session_state[W + "subregions"]),
        countries=tuple(st.session_state[W + "countries"]),
        statuses=tuple(st.session_state[W + "statuses"]),
        kinds=tuple(st.session_state[W + "kinds"]),
        search=_search_filter(), sources=chosen_sources,
    )
    if (year_min, year_max) != (lo, hi):
        f = replace(f, year_min=year_min, year_max=year_max)
    return f


def select(city_id: str) -> None:
    """Make ``city_id`` the selected city of every page (a click, a choice, a search)."""
    st.session_state[SELECTED] = city_id
    st.session_state.pop(ASKED, None)


def _pick_homonym() -> None:
    """Callback of the "Which one?" choice under the search box."""
    picked = st.session_state.get("sm_pick")
    if picked:
        select(picked)


def _choose_suggestion(city_id: str) -> None:
    """Callback of a "Did you mean" button: select that city; the search that missed is
    cleared (it names nothing), so the map shows the chosen city's links."""
    select(city_id)
    st.session_state[W + "search"] = ""


def _resolve(act: appdata.Active, asked: str, result: lookup.CityLookup) -> None:
    """Select what was asked; when it names no single city (a miss, or homonyms to choose
    from), nothing stays selected: the previous city is not left on screen."""
    if result.city_id:
        select(result.city_id)
    else:
        st.session_state[SELECTED] = ""
        st.session_state[ASKED] = (asked, result, act.key)


def _search_feedback(act: appdata.Active) -> None:
    """Resolve a new search to the selected city; offer homonyms; say when it is not here."""
    cities = act.data.cities
    query = str(st.session_state.get(W + "search", "")).strip()
    seen = st.session_state.get("sm_search_seen")
    if seen is None or seen[:2] != (query, act.key):
        result = lookup.search(cities, query)
        st.session_state["sm_search_seen"] = (query, act.key, result)
        st.session_state.pop("sm_pick", None)
        # A new search (or the same one in another dataset) selects its city; a link's own
        # ?city= wins over its ?search=.
        first = seen is None and bool(st.session_state.get(SELECTED))
        if query and not first:
            _resolve(act, query, result)
    if not query:
        return
    result = st.session_state["sm_search_seen"][2]
    if result.matches and not result.city_id:
        if st.session_state.get(SELECTED) not in result.matches:
            st.sidebar.selectbox(_("Which {name}?").format(name=safe_text.md(query, 40)),
                                 ["", *result.matches],
                                 key="sm_pick", on_change=_pick_homonym,
                                 format_func=lambda c: safe_text.plain(lookup.label(cities, c))
                                 if c else _("Choose one…"))
    elif not result.found:
        st.sidebar.info(_("{name} is not in this dataset.").format(name=safe_text.md(query, 60)),
                        icon=":material/search:")
        if result.suggestions:
            st.sidebar.caption(_("Did you mean:"))
            for cid in result.suggestions[:4]:
                st.sidebar.button(safe_text.plain(lookup.label(cities, cid)),
                                  key=f"sm_dym_{cid}", type="tertiary",
                                  icon=":material/location_city:",
                                  on_click=_choose_suggestion, args=(cid,))
        st.sidebar.page_link("pages/import_list.py", label=_("Bring your own list to add it"),
                             icon=":material/upload_file:")


def _selection_from_url(act: appdata.Active) -> None:
    """A ``?city=`` that is not the selected city's (a shared link, a page link) selects it."""
    cities = act.data.cities
    wanted = str(st.query_params.get("city", "") or "").strip()[:lookup.MAX_QUERY]
    current = st.session_state.get(SELECTED, "")
    if current and current not in cities.index:  # another dataset: the city left with it
        current = st.session_state[SELECTED] = ""
    seen = st.session_state.get(CITY_SEEN)
    st.session_state[CITY_SEEN] = (wanted, act.key)
    if not wanted or wanted in (current, lookup.permalink(cities, current) if current else ""):
        return
    if seen == (wanted, act.key):
        return  # the address this session wrote: a choice made since stands
    _resolve(act, wanted, lookup.find_city(cities, wanted))


def selected_city() -> str:
    """The selected city's id, or "" (after :func:`render`)."""
    return st.session_state.get(SELECTED, "")


def asked() -> tuple[str, lookup.CityLookup] | None:
    """What a link or the search asked for without naming one city (after :func:`render`)."""
    pending = st.session_state.get(ASKED)
    if not pending or pending[2] != appdata.active().key:  # asked of another dataset
        return None
    return pending[0], pending[1]


def sync_url(f: Filters, cities=None) -> None:
    """Write the filters and the selected city to the query string, keeping page options."""
    keep = {k: st.query_params[k] for k in PAGE_PARAMS if k in st.query_params and k != "city"}
    city = selected_city()
    if cities is not None and city:
        keep["city"] = lookup.permalink(cities, city)
    elif (st.session_state.get(ASKED) or ("",))[0] == st.query_params.get("city"):
        keep["city"] = st.query_params["city"]  # an unresolved link stays as it was asked
    wanted = {**filters.to_query(f), **keep}
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)
    # The chosen city's readable permalink replaces an ambiguous ?city= (?city=Naumburg
    # -> ?city=gn:2866906 once one is chosen); it is this session's own address.
    if cities is not None:
        st.session_state[CITY_SEEN] = (keep.get("city", ""), appdata.active().key)


#: Set by app.py: this session has run inside app.py's navigation.
NAV_OK = "sm_nav_ok"


def ensure_app_navigation(page_file: str) -> None:
    """Make a page opened by a deep link run inside app.py's navigation.

    Streamlit treats a folder named ``pages/`` as old-style automatic pages until the first
    ``st.navigation`` call of the server process: a fresh server's first visitor arriving on
    ``/city?city=…`` would get the page without app.py (no layout, a raw page list). When
    that happens, switch the server to app.py's navigation and reopen the same page with the
    same query string.
    """


    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if st.session_state.get(NAV_OK):
            return  # this session has run app.py before: just carry on with the page
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
        st.switch_page(f"pages/{Path(page_file).name}",
                       query_params={k: v[-1] for k, v in params.items() if v})


def _pair_from_url(act: appdata.Active, f: Filters) -> Filters:
    """A country pair from the address (``?pair=DE,FR``: a cell of the network page's matrix,
    or a shared link): the links between the two only, said in the sidebar with a way out."""
    raw = st.query_params.get("pair")
    if not raw:
        return f
    pair, _bad = filters.parse_pair(raw, appdata.choices(act).countries)
    if not pair:
        return f  # the network page, which owns the pair, says why it was ignored
    names = _(" and ").join(regions.country_name(c) for c in dict.fromkeys(pair))
    st.sidebar.info(safe_text.md(_("Only the links between {names}").format(names=names)
                                 if pair[0] != pair[1] else
                                 _("Only the links within {names}").format(names=names)),
                    icon=":material/compare_arrows:")
    st.sidebar.button(_("Show every country pair"), key="sm_pair_clear", width="stretch",
                      on_click=lambda: st.query_params.pop("pair", None))
    return replace(f, pair=pair)


def render(with_pair: bool = True) -> Filters:
    """Draw the sidebar, sync the URL, and return the current filters.

    ``with_pair``: a ``?pair=`` in the address narrows the filters to that country pair (the
    network page, whose matrix chooses the pair, reads it itself)."""
    act = appdata.active()
    # Widgets are re-created on every page; re-assigning keeps their values across pages.
    for key in [k for k in st.session_state if str(k).startswith(W)]:
        st.session_state[key] = st.session_state[key]
    _init_from_url(act)
    _selection_from_url(act)
    current = sidebar(act)
    if with_pair:
        current = _pair_from_url(act, current)
    st.session_state["sm_filters"] = current
    chosen = appdata.filtered(act, current)
    n_cities = len(stats.partner_counts(chosen))
    st.sidebar.markdown(_("**{links} partnerships between {cities} cities**").format(
        links=number(len(chosen)), cities=number(n_cities)))
    if not (current.search or current.city):
        # Say what the headline leaves out of the source's own count ("Reviewed only (931 in
        # all)" beside "924 partnerships"): the other filters, by default the status.
        of_source = len(appdata.filtered(act, Filters(sources=current.sources)))
        if of_source > len(chosen):
            by_default = set(current.statuses) == set(filters.APP_DEFAULT.statuses)
            st.sidebar.caption(
                (_("{hidden} of the {total} {noun} hidden by the other filters (ended and "
                   "suspended links are, by default).") if by_default else
                 _("{hidden} of the {total} {noun} hidden by the other filters.")).format(
                    hidden=number(of_source - len(chosen)), total=number(of_source),
                    noun=_source_noun(current.sources)))
    show.caption(_("Data: {label} · {n} partnerships in all"), where=st.sidebar,
                 label=safe_text.plain(act.label, 120), n=number(len(act.data.partnerships)))
    # A callback runs before the next run draws the widgets, so it may set their values.
    st.sidebar.button(_("Reset filters"), width="stretch", on_click=reset, key="sm_reset")
    language.switcher()
    for notice in st.session_state.get("sm_notices", []):
        st.warning(safe_text.md(notice, 300), icon=":material/warning:")
    if act.data.problems:
        st.sidebar.warning(n_("{n} invalid row was skipped; see About & data.",
                              "{n} invalid rows were skipped; see About & data.",
                              len(act.data.problems)).format(n=number(len(act.data.problems))))

    sync_url(current, act.data.cities)
    return current
