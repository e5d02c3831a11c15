"""The app's cached data layer: the active dataset, its graph, filtered views and maps.

Everything expensive is computed once per dataset (loading, graph) or once per
filter combination (filtered table, Folium map) and kept with ``st.cache_resource``, so a
rerun after a click or a filter change only does the work that changed. An uploaded list
(the import page) lives in the user's session only and replaces the shipped data there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import streamlit as st

from sistermap import safe_text
from sistermap.query import filters, graph
from sistermap.query.filters import Filters
from sistermap.store import dataset
from sistermap.webmap import elements, plan

UPLOAD_KEY = "sm_uploaded"
log = logging.getLogger("sistermap.app")


def failure_message(exc: BaseException) -> str:
    """What a person is told when a page cannot be drawn (Markdown-safe: data is escaped)."""
    if isinstance(exc, dataset.DatasetError):
        where = safe_text.md(dataset.resolve_dir(), 120)
        first = safe_text.md(exc.problems[0], 160) if exc.problems else "it cannot be read"
        return (f"SisterMap cannot read the dataset in {where}: {first}. Point SISTERMAP\\_DATA "
                "at a dataset directory (a cities.csv and a partnerships.csv in UTF-8), or "
                "unset it to use the shipped data; *Bring your own list* still works.")
    return ("Something went wrong while drawing this page, and it has been logged. The rest "
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

    key: str  # cache key: the directory, or "upload:<digest>"
    label: str
    data: dataset.Dataset
    graph: Any


@st.cache_resource(show_spinner="Loading partnerships…", max_entries=4)
def _load_dir(path: str) -> Active:
    data = dataset.load(path, strict=False)
    return Active(path, "Curated dataset" if path == str(dataset.DEFAULT_DIR) else path, data,
                  graph.build(data.partnerships))


def from_dataset(key: str, label: str, data: dataset.Dataset) -> Active:
    """Wrap an in-memory dataset (an upload) with its graph."""
    return Active(key, label, data,
                  graph.build(data.partnerships))


def curated() -> Active:
    """The dataset of $SISTERMAP_DATA or data/, whatever this session uploaded."""
    return _load_dir(str(dataset.resolve_dir()))


def active() -> Active:
    """The uploaded dataset if this session has one in use, else $SISTERMAP_DATA or data/."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is not None and st.session_state.get("sm_use_upload", True):
        return uploaded
    return curated()


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(key: str, f_repr: str, _f: Filters, _act: Active):
    return filters.apply(_act.data.partnerships, _act.data.cities, _f)


def filtered(act: Active, f: Filters):
    """The partnerships passing the filters (cached per dataset and filter value).

    Uploads are never put in the process-wide cache: they belong to one session only.
    """
    if act.key.startswith("upload:"):
        return _session_cached(("filtered", act.key, repr(f)),
                               lambda: filters.apply(act.data.partnerships, act.data.cities, f))
    return _filtered(act.key, repr(f), f, act)


@st.cache_resource(max_entries=32, show_spinner="Drawing the map…")
def _plan(key: str, f_repr: str, options_repr: str, _f: Filters,
          _options: plan.MapOptions, _act: Active) -> plan.MapSpec:
    chosen = _filtered(key, f_repr, _f, _act)
    return plan.plan(chosen, _act.data.cities, options=_options)


def world_map(act: Active, f: Filters, options: plan.MapOptions):
    """A fresh Folium map for these filters and options, from a cached plan.

    The plan (all the serialised layers) is cached; the Folium object is rebuilt every run
    because streamlit-folium modifies the map it draws. Uploads are cached in the session.
    """
    if act.key.startswith("upload:"):
        spec = _session_cached(("plan", act.key, repr(f), repr(options)), lambda: plan.plan(
            filtered(act, f), act.data.cities, options=options))
        return elements.assemble(spec)
    return elements.assemble(_plan(act.key, repr(f), repr(options), f, options, act))


SESSION_CACHE_KEY = "sm_upload_cache"
SESSION_CACHE_SIZE = 8


def _session_cached(key: tuple, compute):
    """A small per-session cache for uploads, which must not enter the shared cache."""
    cache: dict = st.session_state.setdefault(SESSION_CACHE_KEY, {})
    if key not in cache:
        if len(cache) >= SESSION_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = compute()
    return cache[key]
