"""Guided tour page: the movement's history step by step, on the map (``/tour?step=4``).

The steps come from a tour file (``data/tour/movement.toml``, or one the user uploads);
``sistermap.tour`` validates it and fills each step's facts from the data at the step's
year. Next/Previous on screen and with the arrow keys; presenter mode (``?present=1``,
``sistermap.present``) puts the text above a tall map for a projector.
"""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit_folium import st_folium

from sistermap import safe_text
from sistermap.app import appdata, present, show, sidebar
from sistermap.app.sharepanel import animation_downloads
from sistermap.i18n import _, language, n_, number
from sistermap.tour import facts, loader, model, view
from sistermap.webmap import plan

sidebar.ensure_app_navigation(__file__)

act = appdata.active()
presenting = present.active()
UPLOAD_N = "sm_tour_upload_n"  # bumped to clear the uploader ("Back to the built-in tour")


@st.cache_resource(max_entries=4, show_spinner=False)
def _tours(key: str, what: tuple, _compute) -> model.Tour:
    return _compute()


def _load(raw: bytes, name: str) -> model.Tour:
    """The tour read from ``raw``: the built-in one is shared, a teacher's upload is not."""
    digest = hashlib.sha256(raw).hexdigest()
    return appdata.cached(act, _tours, (digest, name), lambda: loader.load(
        raw, act.data.partnerships, act.data.cities, name=name),
        session_only=name != BUILTIN.name)


def _shown(tour: model.Tour, index: int) -> facts.Page:
    cache = st.session_state.setdefault("sm_tour_shown", {})
    key = (act.key, id(tour), index, language())  # facts are written in the language
    hit = cache.get(key)
    if hit is None or hit[0] is not tour:  # the tour itself is kept: an id is not reused
        if len(cache) > 64:
            cache.clear()
        hit = cache[key] = (tour, facts.page(tour.steps[index], act.data.partnerships,
                                             act.data.cities))
    return hit[1]


def _go(to: int) -> None:
    st.query_params["step"] = str(to + 1)


def _builtin_again() -> None:
    st.session_state[UPLOAD_N] = st.session_state.get(UPLOAD_N, 0) + 1


BUILTIN = model.default_tour(language())  # the German tour in German, else English
builtin_raw = BUILTIN.read_bytes()
upload = None
if not presenting:
    with st.sidebar:
        st.subheader(_("Guided tour"))
        upload_key = f"sm_tour_file_{st.session_state.get(UPLOAD_N, 0)}"
        upload = st.file_uploader(
            _("Use your own tour file"), type=["toml"], key=upload_key,
            help=_("A copy of the built-in tour, edited into your own lesson (docs/tour.md). "
                   "It stays in this browser session."))
        st.download_button(_("Download the built-in tour to edit"), builtin_raw,
                           file_name=BUILTIN.name, mime="application/toml",
                           key="sm_tour_download", on_click="ignore",
                           icon=":material/download:")
if upload is not None:
    tour = _load(upload.getvalue(), upload.name or "tour.toml")
    st.session_state["sm_tour_uploaded"] = (upload.getvalue(), upload.name or "tour.toml")
elif presenting and st.session_state.get("sm_tour_uploaded"):
    tour = _load(*st.session_state["sm_tour_uploaded"])  # the sidebar is hidden, not cleared
else:
    st.session_state.pop("sm_tour_uploaded", None)
    tour = _load(builtin_raw, BUILTIN.name)

if not tour.ok:
    where = safe_text.md(tour.source or _("this tour file"), 80)
    st.title(_("Guided tour"))
    if tour.source == BUILTIN.name and upload is None:
        # Another dataset (an upload, SISTERMAP_DATA) may lack the tour's cities.
        st.error(n_("The built-in tour tells the story of the curated dataset and does not "
                    "fit the data you are looking at ({label}): {n} problem. Upload a tour "
                    "written for it (docs/tour.md).",
                    "The built-in tour tells the story of the curated dataset and does not "
                    "fit the data you are looking at ({label}): {n} problems. Upload a tour "
                    "written for it (docs/tour.md).", len(tour.problems)).format(
                     label=safe_text.md(act.label, 80), n=number(len(tour.problems))),
                 icon=":material/error:")
    else:
        st.error(n_("{where} cannot be shown: {n} problem. Fix it and upload the file again "
                    "(docs/tour.md describes the format).",
                    "{where} cannot be shown: {n} problems. Fix them and upload the file "
                    "again (docs/tour.md describes the format).", len(tour.problems)).format(
                     where=where, n=number(len(tour.problems))),
                 icon=":material/error:")
    show.items([[(safe_text.plain(p, 400), False)] for p in tour.problems[:50]])
    if len(tour.problems) > 50:
        st.caption(_("… and {n} more.").format(n=number(len(tour.problems) - 50)))
    if upload is not None:
        st.button(_("Back to the built-in tour"), on_click=_builtin_again, key="sm_tour_back")
    st.stop()

steps = tour.steps
index, notice = view.step_number(st.query_params.get_all("step"), len(steps))
if notice:
    st.warning(safe_text.md(notice, 200), icon=":material/warning:")
step = steps[index]
shown = _shown(tour, index)

if not presenting:
    with st.sidebar:
        st.selectbox(_("Go to step"), range(len(steps)), index=index, key=f"sm_tour_jump_{index}",
                     format_func=lambda i: safe_text.plain(f"{i + 1}. {steps[i].title}", 80),
                     on_change=lambda: _go(st.session_state[f"sm_tour_jump_{index}"]))

nav = st.columns([1.2, 5, 1.2], vertical_alignment="center")
nav[0].button(_("Previous"), key="sm_tour_prev", on_click=_go, args=(index - 1,),
              disabled=index == 0, icon=":material/arrow_back:", shortcut="Left",
              width="stretch")
show.caption(_("{title} · step {n} of {total}"), where=nav[1],
             title=safe_text.plain(tour.title, 120), n=index + 1, total=len(steps))
nav[2].button(_("Next"), key="sm_tour_next", on_click=_go, args=(index + 1,),
              disabled=index == len(steps) - 1, icon=":material/arrow_forward:",
              icon_position="right", shortcut="Right", width="stretch", type="primary")

options, f = view.map_options(step, plan.MapOptions, basemap="plain")


def _map(height: int) -> None:
    m = appdata.world_map(act, f, options)
    # Nothing is sent back: panning, zooming or playing never reruns the page.
    st_folium(m, key=f"sm_tour_map_{index}", height=height, use_container_width=True,
              returned_objects=[])


def _facts() -> None:
    if shown.facts:
        show.items(shown.facts)
    if step.year is not None:
        st.caption(_("The map opens in {year}: the links formed by then and not yet ended "
                     "or suspended. Press play on the map to go on.").format(year=step.year))
    else:
        st.caption(_("The map shows every link of this step, whatever its year."))


show.heading(shown.title)  # a tour file's title, as text: no Markdown, no anchor
if presenting:
    left, right = st.columns([3, 2], gap="large")
    with left:
        show.paragraphs(shown.text)
    with right:
        _facts()
    _map(present.map_height())
else:
    if index == 0 and tour.intro:
        show.caption(safe_text.plain(tour.intro, model.MAX_TEXT))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        _map(present.map_height())
    with right:
        show.paragraphs(shown.text)
        _facts()
        with st.expander(_("Take this step's animation away"), icon=":material/movie:"):
            animation_downloads(act, f, step.color_by, key=f"sm_tour_anim_{index}")
