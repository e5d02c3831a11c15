"""The partnership network: chains between cities, families, country pairs, rankings, time,
and a partner finder (``?net=chain&from=coventry&to=kyoto``, ``?net=matrix&pair=DE,FR``,
``?net=finder&city=coventry``).

Every answer is ``sistermap.query`` (network, matrix, finder) on the links the sidebar's
filters and sources keep; graphs, families and betweenness are computed once per dataset and
filters (``appdata.cached``). Only the chosen section is computed.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from sistermap import regions, safe_text, timeline
from sistermap.app import appdata, show, sidebar
from sistermap.app.sharepanel import share_panel
from sistermap.i18n import _, n_
from sistermap.kit import exports
from sistermap.query import filters, finder, graph, lookup, matrix, network, stats
from sistermap.webmap import netmap

sidebar.ensure_app_navigation(__file__)

SECTIONS = {"chain": _("Chain"), "families": _("Families"), "matrix": _("Between countries"),
            "rankings": _("Rankings"), "time": _("Through time"), "finder": _("Partner finder")}
LEVELS = {"country": _("Countries"), "continent": _("Continents"),
          "subregion": _("UN subregions")}


@st.cache_resource(max_entries=48, show_spinner=False)
def _net(key: str, what: tuple, _compute):
    return _compute()


def keep(what: tuple, compute):
    """One cached answer for this dataset and these filters (the app's one cache policy)."""
    return appdata.cached(act, _net, what, compute)


def md(text: str) -> str:
    return safe_text.md(text, 2000)


def from_url(param: str, key: str, default: str = "") -> None:
    """Put ``?param=`` into the widget ``key`` when the address brings a new value."""
    value = str(st.query_params.get(param, "") or "")[:lookup.MAX_QUERY]
    seen = f"sm_net_seen_{param}"
    if st.session_state.get(seen) != value or key not in st.session_state:
        st.session_state[seen] = value
        st.session_state[key] = value or st.session_state.get(key, default)


def pick_city(label: str, key: str, where=st) -> str:
    """A city from what was typed, by the app's search: one match, a choice among
    homonyms, or near misses to choose from; "" until one city is chosen."""
    text = where.text_input(label, key=key, placeholder=_("e.g. Coventry, Kyoto, Stalingrad"))
    if not text.strip():
        return ""
    found = lookup.search(cities, text)
    if found.city_id:
        show.caption(lookup.label(cities, found.city_id), where=where)
        return found.city_id
    options = list(found.matches or found.suggestions)
    if not options:
        where.warning(md(_("{name} is not in this dataset.").format(name=text[:60])))
        return ""
    question = _("Which one?") if found.matches else _("Did you mean:")
    return where.selectbox(question, options, key=key + "_which",
                           format_func=lambda c: safe_text.plain(lookup.label(cities, c)))


def show_map(m, key: str, height: int = 520) -> None:
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


act = appdata.active()
f = sidebar.render(with_pair=False)
cities = act.data.cities
basemap = st.session_state.get("sm_basemap", "plain")

st.title(md(_("The partnership network")), anchor=False)
st.caption(md(_("Partnerships join cities into a network. Here you can follow a chain of "
                "partnerships between two cities, see which cities hang together, which "
                "countries are linked most, who holds the network together, and find new "
                "partners. Everything follows the filters and sources in the sidebar.")))

wanted = str(st.query_params.get("net", "") or "")
if wanted not in SECTIONS:
    wanted = ("chain" if "from" in st.query_params or "to" in st.query_params
              else "matrix" if "pair" in st.query_params else "chain")
if st.session_state.get("sm_net_seen_net") != wanted:
    st.session_state["sm_net_seen_net"] = wanted
    st.session_state["sm_net_section"] = wanted
section = st.radio(_("Show"), list(SECTIONS), key="sm_net_section", horizontal=True,
                   format_func=SECTIONS.get, label_visibility="collapsed")
if st.query_params.get("net") != section:
    st.query_params["net"] = section
    st.session_state["sm_net_seen_net"] = section

chosen = appdata.filtered(act, f)
g = keep(("graph", repr(f)), lambda: graph.build(chosen))
if chosen.empty:
    st.info(md(_("No partnership matches these filters. Try widening them in the sidebar.")))
    st.stop()


def components():
    return keep(("components", repr(f)), lambda: network.components(g))


def family_line(city_id: str) -> str:
    """"Aton is in family 2 (12 cities, e.g. Bville)"."""
    name = str(cities.at[city_id, "name"])
    if city_id not in g:
        return _("{city} has no partnership under these filters.").format(city=name)
    families = components()
    i = network.family_of(families)[city_id]
    row = network.family_table(g, [families[i]], cities, best=2).iloc[0]
    return n_("{city} is in family {i}: {n} city, with {best}.",
              "{city} is in family {i}: {n} cities, among them {best}.",
              int(row["cities"])).format(city=name, i=i + 1, n=int(row["cities"]),
                                         best=row["best_connected"])


# --- a chain between two cities -----------------------------------------------------------
if section == "chain":
    from_url("from", "sm_net_from",
             lookup.permalink(cities, sidebar.selected_city()) if sidebar.selected_city()
             else "")
    from_url("to", "sm_net_to")
    c1, c2, c3 = st.columns([3, 3, 2])
    with c1:
        source = pick_city(_("From"), "sm_net_from")
    with c2:
        target = pick_city(_("To"), "sm_net_to")
    with c3:
        active_only = st.checkbox(_("Through links still active only"), key="sm_net_active",
                                  help=_("Leaves out links known to have ended or been "
                                         "suspended."))
        reviewed_only = st.checkbox(_("Through reviewed links only"), key="sm_net_reviewed",
                                    help=_("Only links the curated dataset lists."))
    for param, city in (("from", source), ("to", target)):
        if city and st.query_params.get(param) != lookup.permalink(cities, city):
            st.query_params[param] = lookup.permalink(cities, city)
            st.session_state[f"sm_net_seen_{param}"] = st.query_params[param]
    if not (source and target):
        st.info(md(_("Choose two cities to see the shortest chain of partnerships between "
                     "them.")))
        st.stop()
    links = keep(("chain-links", repr(f), active_only, reviewed_only),
                 lambda: network.chain_links(chosen, active_only, reviewed_only))
    cg = keep(("chain-graph", repr(f), active_only, reviewed_only),
              lambda: graph.build(links))
    found = network.chains(cg, source, target)
    a_name, b_name = str(cities.at[source, "name"]), str(cities.at[target, "name"])
    if not found.found:
        st.warning(md(_("No chain of partnerships joins {a} and {b} under these filters and "
                        "options.").format(a=a_name, b=b_name)), icon=":material/link_off:")
        family = network.family_of(components())
        if source in family and family.get(source) == family.get(target):
            st.info(md(_("They are joined through links the options above leave out: clear "
                         "“active only” or “reviewed only” to see the chain.")))
        else:
            show.text(family_line(source))
            show.text(family_line(target))
        st.stop()
    if found.hops == 0:
        st.info(md(_("That is the same city twice.")))
        st.stop()
    n = len(found.paths)
    show.heading(n_("{a} and {b} are {k} partnership apart",
                    "{a} and {b} are {k} partnerships apart",
                    found.hops).format(a=a_name, b=b_name, k=found.hops), 3)
    which = 1
    if n > 1:
        which = st.number_input(
            _("Chain (there are {n} of this length{more})").format(
                n=n, more=_(", or more") if found.capped else ""),
            min_value=1, max_value=n, value=1, step=1, key=f"sm_net_alt_{source}_{target}")
    path = found.paths[int(which) - 1]
    hops = network.hops(cg, links, path)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        show_map(netmap.chain_map(hops, cities, basemap),
                 key=f"chainmap-{'-'.join(path)}")
    with right:
        show.text(" → ".join(str(cities.at[c, "name"]) for c in path))
        table = hops.assign(**{"from": [cities.at[c, "name"] for c in hops["from_id"]],
                               "to": [cities.at[c, "name"] for c in hops["to_id"]]})
        cols = ["step", "from", "to", "established", "status", "sources", "source"]
        st.dataframe(stats.readable(table, [c for c in cols if c in table]),
                     hide_index=True, width="stretch",
                     column_config={"Source": st.column_config.LinkColumn(
                         display_text="link")})
        st.caption(md(_("Each line is one partnership: the year it was formed (blank when no "
                        "source gives it), its status and who lists it. The map numbers each "
                        "hop with its year.")))

# --- families -----------------------------------------------------------------------------
elif section == "families":
    kind = st.radio(_("Families"), ["components", "communities"], horizontal=True,
                    key="sm_net_family_kind", format_func={
                        "components": _("Joined by any chain"),
                        "communities": _("Close-knit communities")}.get)
    if kind == "components":
        families = components()
        st.caption(md(_("A family is every city you can reach from one another by a chain of "
                        "partnerships, however long.")))
    else:
        with st.spinner(_("Finding communities…")):
            families = keep(("communities", repr(f)), lambda: network.communities(g))
        st.caption(md(_("Communities are groups of cities with many partnerships among "
                        "themselves and fewer outside (the Louvain method, seeded so the "
                        "answer is the same every time).")))
    largest = families[0]
    m1, m2, m3 = st.columns(3)
    m1.metric(_("Families"), f"{len(families):,}")
    m2.metric(_("Cities in the largest"), f"{len(largest):,}",
              help=_("{share:.0%} of the cities of this network").format(
                  share=len(largest) / max(len(g), 1)))
    outside = keep(("outside", repr(f)), lambda: network.outside_largest(components(), cities))
    m3.metric(_("Countries outside the largest family"), len(outside))
    st.subheader(md(_("Is every country connected?")), anchor=False)
    if outside.empty:
        st.success(md(_("Yes: every country here has a city in the largest family, so a chain "
                        "of partnerships joins any two countries.")))
    else:
        show.text(n_("No: {n} country has no city in the largest family (joined by any "
                     "chain): {names}.",
                     "No: {n} countries have no city in the largest family (joined by "
                     "any chain): {names}.", len(outside)),
                  n=len(outside), names=", ".join(outside["country_name"].astype(str)))
    table = keep(("family-table", repr(f), kind),
                 lambda: network.family_table(g, families, cities, limit=100))
    table.insert(1, "colour", [netmap.FAMILY_NAMES[i] if i < len(netmap.FAMILY_NAMES)
                               else netmap.OTHER_NAME for i in range(len(table))])
    left, right = st.columns([3, 2], gap="medium")
    with left:
        show_map(netmap.family_map(chosen, cities, network.family_of(families), basemap),
                 key=f"familymap-{kind}-{abs(hash(repr(f))) % 10**8}")
    with right:
        st.dataframe(stats.readable(table, ["family", "colour", "cities", "links",
                                            "countries", "country_names", "best_connected"]),
                     hide_index=True, width="stretch", height=520,
                     column_config={"Country names": st.column_config.TextColumn(
                         _("Most cities in"), width="medium"),
                         "Best connected": st.column_config.TextColumn(
                             _("Best-connected cities"), width="medium")})

# --- between countries and regions --------------------------------------------------------
elif section == "matrix":
    level = st.radio(_("Between"), list(LEVELS), horizontal=True, key="sm_net_level",
                     format_func=LEVELS.get)
    table = keep(("pairs", repr(f), level), lambda: matrix.pairs(chosen, level))
    countries = set(cities["country"])
    url_pair, bad = filters.parse_pair(st.query_params.get("pair", ""), countries)
    if st.query_params.get("pair") and not url_pair:
        st.warning(md(_("Ignored pair={raw}: not two country codes of this dataset, like "
                        "DE,FR.").format(raw=bad[:40])), icon=":material/warning:")
    query = st.text_input(_("Find a pair"), key="sm_net_pair_search",
                          placeholder=_("e.g. Germany France, Japan"))
    shown = matrix.search(table, query)
    st.caption(md(n_("{n} pair of places with partnerships between them, most linked first.",
                     "{n} pairs of places with partnerships between them, most linked first.",
                     len(shown)).format(n=len(shown)) + " "
                  + _("Select a row to see its links on the map.")))
    event = st.dataframe(
        shown.rename(columns={"a_name": "first", "b_name": "second"})[
            ["first", "second", "links"]].set_axis([_("Between"), _("and"), _("Links")],
                                                   axis=1),
        hide_index=True, width="stretch", height=300, on_select="rerun",
        selection_mode="single-row", key=f"sm_net_pairs_{level}")
    rows = event.selection.rows if event and event.selection else []
    pair: tuple[str, str] | None = None
    if rows:
        row = shown.iloc[rows[0]]
        pair = (str(row["a"]), str(row["b"]))
        if level == "country" and st.query_params.get("pair") != ",".join(pair):
            st.query_params["pair"] = ",".join(pair)
    elif level == "country" and url_pair:
        pair = (url_pair[0], url_pair[1])
    with st.expander(_("The grid of the places with most links")):
        st.dataframe(matrix.grid(table, top=15), width="stretch")
    if pair:
        if level == "country":
            fp = replace(f, pair=pair)
            links = appdata.filtered(act, fp)
            names = [regions.country_name(code) for code in pair]
        else:
            fp = f
            links = matrix.links_between(chosen, level, *pair)
            names = list(pair)
        title = n_("{a} – {b}: {n} partnership", "{a} – {b}: {n} partnerships",
                   len(links)).format(a=names[0], b=names[1], n=len(links))
        show.heading(title, 3)
        if links.empty:
            st.info(md(_("No partnership between these two under the filters.")))
        else:
            left, right = st.columns([3, 2], gap="medium")
            with left:
                show_map(netmap.pair_map(links, cities, basemap),
                         key=f"pairmap-{level}-{'-'.join(pair)}")
            with right:
                st.dataframe(stats.readable(matrix.oriented(links, level, pair[0]),
                                            ["here", "there", "established", "status",
                                             "sources"]).rename(
                    columns={"Here": names[0], "There": names[1]} if names[0] != names[1]
                    else {"Here": _("City"), "There": _("Partner city")}),
                             hide_index=True, width="stretch", height=460)
            st.download_button(_("Download these partnerships (CSV)"),
                               data=exports.to_csv(links), mime="text/csv",
                               file_name=f"partnerships-{'-'.join(pair)}.csv".replace(" ", "_"))
            if level == "country":
                show.caption(_("The address of this page keeps the pair (pair={codes}); "
                               "the images, map file and spreadsheet of Share & export "
                               "below hold these links only."), codes=",".join(pair))
                share_panel(act, fp)
        if st.button(_("Clear the pair")):
            st.query_params.pop("pair", None)
            st.session_state.pop(f"sm_net_pairs_{level}", None)
            st.rerun()

# --- who holds the network together -------------------------------------------------------
elif section == "rankings":
    with st.spinner(_("Measuring who holds the network together…")):
        between = keep(("betweenness", repr(f)), lambda: network.betweenness(g))
    table = keep(("rankings", repr(f)), lambda: network.rankings(g, cities, between))
    explain = {
        "partners": _("Partners: how many cities a city is twinned with."),
        "countries_reached": _("Countries reached: how many other countries its partners "
                               "are in."),
        "betweenness": _("Go-between: how often a city sits on the shortest chain of "
                         "partnerships between two other cities. Take it away and many cities "
                         "drift further apart."),
    }
    tabs = st.tabs([_("By partners"), _("By countries reached"), _("By go-between")])
    for tab, (measure, sentence) in zip(tabs, explain.items()):
        with tab:
            st.markdown(md(sentence))
            top = network.ranked_by(table, measure, 20)
            if measure == "betweenness":
                top = top.assign(betweenness=(top["betweenness"] * 100).round(2))
            shown = stats.readable(top.reset_index(names="rank"),
                                   ["rank", "name", "country_name", "partners",
                                    "countries_reached", *(["betweenness"]
                                                           if measure == "betweenness" else [])])
            st.dataframe(shown.rename(columns={"Betweenness": _("Go-between (%)"),
                                               "Countries reached": _("Countries reached"),
                                               "Rank": _("Rank")}),
                         hide_index=True, width="stretch", height=740)
    if between.sampled:
        st.caption(md(_("Go-between scores are estimated from {k:,} of the {n:,} cities (taken "
                        "at random, the same ones every time): exact scores would take "
                        "minutes on a network this size.").format(k=between.sampled,
                                                                 n=len(g))))

# --- through time -------------------------------------------------------------------------
elif section == "time":
    played = timeline.build(chosen)
    if played is None:
        st.info(md(_("No link here has a known year, so the network cannot be followed "
                     "through time.")))
        st.stop()
    year = st.slider(_("As of the year"), played.first, played.last, played.last,
                     key="sm_net_year")
    m = network.measures(network.as_of(chosen, year), cities)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(_("Partnerships"), f"{m.links:,}")
    c2.metric(_("Cities"), f"{m.cities:,}")
    c3.metric(_("Largest family"), f"{m.largest:,}",
              help=_("{share:.0%} of the cities linked that year").format(
                  share=m.largest_share))
    c4.metric(_("Countries in the largest family"), f"{m.countries_in_largest} / {m.countries}")
    years = sorted(set(network.milestone_years(chosen)) | {year})
    rows = keep(("time", repr(f), tuple(years)),
                lambda: network.through_time(chosen, cities, years))
    st.dataframe(rows.assign(largest_share=(rows["largest_share"] * 100).round(1)).rename(
        columns={"year": _("Year"), "links": _("Partnerships"), "cities": _("Cities"),
                 "families": _("Families"), "largest": _("Largest family"),
                 "largest_share": _("Largest family (% of cities)"),
                 "countries": _("Countries"),
                 "countries_in_largest": _("Countries in the largest family")}),
        hide_index=True, width="stretch")
    st.caption(md(n_("A year's network is the map's in that year: links formed by then and "
                     "not yet ended. {n} link with no known year is left out.",
                     "A year's network is the map's in that year: links formed by then and "
                     "not yet ended. {n} links with no known year are left out.",
                     played.undated).format(n=played.undated)))

# --- partner finder -----------------------------------------------------------------------
elif section == "finder":
    from_url("city", "sm_net_finder_city",
             lookup.permalink(cities, sidebar.selected_city()) if sidebar.selected_city()
             else "")
    city = pick_city(_("Find partners for"), "sm_net_finder_city")
    if not city:
        st.info(md(_("Choose a city to see cities it has no partnership with, ranked on what "
                     "a council weighs.")))
        st.stop()
    st.markdown(md(_("Move the sliders to say what matters to you (0: not at all).")))
    w = st.columns(5)
    weights = finder.Weights(
        size=w[0].slider(_("Similar size"), 0.0, 3.0, 1.0, 0.5, key="sm_net_w_size"),
        focus=w[1].slider(_("Shared focus areas"), 0.0, 3.0, 1.0, 0.5, key="sm_net_w_focus"),
        common=w[2].slider(_("Partners in common"), 0.0, 3.0, 1.0, 0.5, key="sm_net_w_common"),
        new_country=w[3].slider(_("A new country"), 0.0, 3.0, 1.0, 0.5, key="sm_net_w_country"),
        new_continent=w[4].slider(_("A new continent"), 0.0, 3.0, 0.5, 0.5,
                                  key="sm_net_w_continent"))
    if not weights.total:
        st.info(md(_("Every weight is 0: give at least one a value.")))
        st.stop()
    found = keep(("finder", repr(f), city, repr(weights)),
                 lambda: finder.suggest(
                     chosen, act.data.partnerships, cities, city, weights, g=g,
                     profiles=keep(("profiles", repr(f)),
                                   lambda: finder.focus_profiles(chosen))))
    name = str(cities.at[city, "name"])
    if found.empty:
        st.info(md(_("Every city of this network is already a partner of {city}.").format(
            city=name)))
        st.stop()
    show.heading(_("Cities like {city} it has no partnership with").format(city=name), 3)
    parts = {"size": _("Size"), "focus": _("Focus"), "common": _("In common"),
             "new_country": _("New country"), "new_continent": _("New continent")}
    shown = found.assign(**{k: (found[k] * 100).round().astype(int) for k in parts})
    st.dataframe(stats.readable(shown, ["name", "country_name", "score", *parts]).rename(
        columns={"Score": _("Score (0–100)"),
                 **{k.replace("_", " ").capitalize(): v for k, v in parts.items()}}),
        hide_index=True, width="stretch",
        column_config={v: st.column_config.ProgressColumn(v, min_value=0, max_value=100,
                                                          format="%d")
                       for v in parts.values()})
    st.markdown(md(_("Why the first ten rank where they do:")))
    show.items([safe_text.fill(_("{city}, {country} ({score:.0f}): {why}."), (),
                               city=row["name"], country=row["country_name"],
                               score=row["score"], why=row["why"])
                for row in found.head(10).to_dict("records")], ordered=True)
    st.caption(md(_("These are suggestions, not partnerships: they are never drawn on a map "
                    "or exported as links. Sizes are populations from GeoNames; focus areas "
                    "are those of each city's links.")))
