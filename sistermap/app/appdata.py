"""The app's cached data layer: the active dataset, its graph, filtered views and maps.

Everything expensive is computed once per dataset (loading, graph) or once per
filter combination (filtered table, Folium map) and kept with ``st.cache_resource``, so a
rerun after a click or a filter change only does the work that changed. An uploaded list
(the import page) lives in the user's session only and replaces the shipped data there.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

import numpy as np
import streamlit as st

from sistermap import safe_text
from sistermap.app import serving
from sistermap.i18n import _, language
from sistermap.query import filters, graph
from sistermap.query import partners as partners_of
from sistermap.query.filters import Filters
from sistermap.store import dataset
from sistermap.webmap import elements, plan

UPLOAD_KEY = "sm_uploaded"
log = logging.getLogger("sistermap.app")


def failure_message(exc: BaseException) -> str:
    """What a person is told when a page cannot be drawn (Markdown-safe: data is escaped)."""
    if isinstance(exc, dataset.DatasetError):
        where = safe_text.md(dataset.resolve_dir(), 120)
        first = safe_text.md(exc.problems[0], 160) if exc.problems else _("it cannot be read")
        return _("SisterMap cannot read the dataset in {where}: {first}. Point SISTERMAP\\_DATA "
                 "at a dataset directory (a cities.csv and a partnerships.csv in UTF-8), or "
                 "unset it to use the shipped data; *Bring your own list* still works.").format(
            where=where, first=first)
    return _("Something went wrong while drawing this page, and it has been logged. The rest "
             "of the app still works: change a filter, press *Reset filters*, or open another "
             "page.")


def show_failure(exc: BaseException) -> None:
    """Log an unexpected error in full on the server; show one short message on the page."""
    if isinstance(exc, dataset.DatasetError):
        log.warning("dataset unavailable: %s", exc.problems[:3])
    else:
        log.exception("page failed")
    st.error(failure_message(exc), icon=":material/warning:")


@dataclass(frozen=True)
class Active:
    """The dataset the user is looking at, with everything derived from it."""

    key: str  # cache key: the directory, or a digest of the upload
    label: str
    data: dataset.Dataset
    graph: Any
    #: Data of one session only (an upload): never put in a cache other sessions read.
    session_only: ClassVar[bool] = False


@dataclass(frozen=True)
class Upload(Active):
    """A list this session uploaded: it replaces the shipped data here, and only here."""

    session_only: ClassVar[bool] = True


@st.cache_resource(show_spinner="Loading partnerships…", max_entries=4)
def _load_dir(path: str) -> Active:
    data = dataset.load(path, strict=False)
    return Active(path, "Curated dataset" if path == str(dataset.DEFAULT_DIR) else path, data,
                  graph.build(data.partnerships))


def from_upload(digest: str, label: str, data: dataset.Dataset) -> Upload:
    """Wrap an uploaded dataset with its graph; it stays in this session's caches."""
    return Upload(f"upload:{digest}", label, data, graph.build(data.partnerships))


def curated() -> Active:
    """The dataset of $SISTERMAP_DATA or data/, whatever this session uploaded."""
    return _load_dir(str(dataset.resolve_dir()))


def active() -> Active:
    """The uploaded dataset if this session has one in use, else $SISTERMAP_DATA or data/."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is not None and st.session_state.get("sm_use_upload", True):
        return uploaded
    return curated()


# --- the one cache policy ----------------------------------------------------------------
#
# Work on shared data (the shipped or $SISTERMAP_DATA dataset) is cached for every session in
# the process-wide caches below; work on one session's data (``Active.session_only``, an
# upload) is cached in that session's own small cache only. Every cached view of the app goes
# through ``cached``: nothing else decides where a result may be kept.

T = TypeVar("T")
SESSION_CACHE_KEY = "sm_upload_cache"
SESSION_CACHE_SIZE = 8


def cached(act: Active, shared: Callable[..., T], what: tuple, compute: Callable[[], T],
           session_only: bool = False) -> T:
    """``compute()``, kept in ``shared`` (a process-wide cache function taking
    ``(key, what, _compute)``) unless the data, or the thing computed (``session_only``),
    belongs to this session alone."""
    if act.session_only or session_only:
        return _session_cached((shared.__name__, act.key, *what), compute)
    return shared(act.key, what, compute)


def _session_cached(key: tuple, compute):
    """A small per-session cache (the oldest entry goes first)."""
    cache: dict = st.session_state.setdefault(SESSION_CACHE_KEY, {})
    if key not in cache:
        if len(cache) >= SESSION_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = compute()
    return cache[key]


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(key: str, what: tuple, _compute):
    return _compute()


@st.cache_resource(max_entries=32, show_spinner="Drawing the map…")
def _plans(key: str, what: tuple, _compute):
    return _compute()


@st.cache_resource(max_entries=16, show_spinner=False)
def _choices(key: str, what: tuple, _compute):
    return _compute()


def choices(act: Active) -> filters.Choices:
    """What the sidebar offers for this dataset (counts, options, year bounds): once per
    dataset, not on every filter change."""
    return cached(act, _choices, (), lambda: filters.choices(act.data.partnerships,
                                                             act.data.cities))


def filtered(act: Active, f: Filters):
    """The partnerships passing the filters (cached per dataset and filter value)."""
    return cached(act, _filtered, (repr(f),),
                  lambda: filters.apply(act.data.partnerships, act.data.cities, f))


def partners(act: Active, f: Filters, city_id: str) -> partners_of.Partners:
    """The city's partners under these filters (``query.partners``), from the cached view:
    what the city page, the map's panel, the share panel and the embed all show."""
    scoped = partners_of.scope(f, city_id)
    return partners_of.partners(act.data.partnerships, act.data.cities, city_id, scoped,
                                filtered=filtered(act, scoped))


def world_map(act: Active, f: Filters, options: plan.MapOptions):
    """A fresh Folium map for these filters and options, from a cached plan.

    The plan (all the serialised layers) is cached; the Folium object is rebuilt every run
    because streamlit-folium modifies the map it draws.
    """
    spec = cached(act, _plans, (repr(f), repr(options), language()),
                  lambda: plan.plan(filtered(act, f), act.data.cities, options=options))
    return elements.assemble(spec)


@dataclass(frozen=True)
class LiveMap:
    """The world map page's map, kept alive in the browser across reruns.

    ``map`` is the same page on every rerun for one dataset and one set of ``color_by``,
    ``basemap``, focus order and opening year: every link of the dataset, loaded from
    files the browser keeps (``serving.publish``). ``key`` names it (a new key: a new
    page). ``update`` is all a rerun sends: the selection and the links the filters keep.
    """

    map: Any
    key: str
    update: Any


def _live_scope(f: Filters) -> Filters:
    """What the live map is built from: the links of the chosen sources (the shipped data's
    reviewed links by default, ~950, each a layer; every known link only on request). The
    other filters are a mask the browser applies (``live_mask``)."""
    return Filters(sources=f.sources)


def _live_base(act: Active, scope: Filters, options: plan.MapOptions):
    """(plan of the scope's links, URLs of its files or (), digest): cached per dataset, scope
    and options; a session's upload keeps its data inside the page (never written out)."""
    def compute():
        spec = plan.plan(filtered(act, scope), act.data.cities, options=options)
        digest = hashlib.sha256(spec.data_json.encode("utf-8")).hexdigest()[:16]
        if act.session_only:
            return spec, (), digest
        return spec, tuple(serving.publish(t) for t in elements.live_files(spec)), digest
    return cached(act, _plans, ("live", repr(scope), repr(options), language()), compute)


def live_mask(act: Active, scope: Filters, f: Filters) -> str | None:
    """The links of the scope these filters keep, as ``LiveUpdate`` sends them."""
    def compute():
        kept = filtered(act, scope).index.isin(filtered(act, f).index)
        if kept.all():
            return None
        return base64.b64encode(np.packbits(kept, bitorder="little").tobytes()).decode()
    return cached(act, _filtered, ("mask", repr(scope), repr(f)), compute)


def live_map(act: Active, f: Filters, options: plan.MapOptions) -> LiveMap:
    """The live world map for these filters and options (see :class:`LiveMap`)."""
    scope = _live_scope(f)
    base_options = replace(options, selected="")
    spec, links, digest = _live_base(act, scope, base_options)
    sel = -1
    if options.selected:
        sel = plan.plan(filtered(act, scope), act.data.cities,
                        options=replace(base_options, selected=options.selected)).selected_index
    key = "worldmap-" + hashlib.sha256(f"{digest}{base_options!r}".encode()).hexdigest()[:12]
    return LiveMap(elements.assemble(spec, links=links), key,
                   elements.LiveUpdate(sel, live_mask(act, scope, f)))
