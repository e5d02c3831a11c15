"""Bring your own list: upload a partnership list, see what could be placed, map it.

The upload lives in this browser session only: nothing is written on the server. Parsing,
geocoding and the report come from ``sistermap.importers.pipeline`` (the same code as the
``import`` command).
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from sistermap import safe_text
from sistermap.app import appdata, show, sidebar
from sistermap.i18n import _, n_, number
from sistermap.importers import pipeline
from sistermap.kit import exports
from sistermap.query import stats
from sistermap.store import dataset

sidebar.ensure_app_navigation(__file__)

MAX_MB = pipeline.MAX_UPLOAD_MB  # also Streamlit's server.maxUploadSize (.streamlit/config.toml)

st.title(_("Bring your own list"))
st.markdown(_(
    "Upload a list of partnerships — a council's spreadsheet exported as CSV, an "
    "association's register, a Wikidata export (SPARQL JSON or CSV). Cities are placed with "
    "an offline gazetteer; whatever cannot be placed is listed with the reason. Your list "
    "stays in this browser session only (limit: {mb} MB, {rows} rows). See "
    "*docs/importing.md* for the formats.").format(mb=number(MAX_MB),
                                                   rows=number(pipeline.MAX_UPLOAD_ROWS)))


@st.cache_resource(show_spinner="Loading the offline gazetteer…")
def _geocoder():
    from sistermap.places.geocode import Geocoder

    return Geocoder()


with st.form("upload"):
    files = st.file_uploader(_("Partnership list(s)"), type=["csv", "tsv", "txt", "json"],
                             accept_multiple_files=True)
    c1, c2, c3 = st.columns(3)
    fmt = c1.selectbox(_("Format"), ["detect", *pipeline.FORMATS],
                       format_func=lambda k: _("detect") if k == "detect" else k)
    home_city = c2.text_input(_("Home city (for a one-city list)"), max_chars=100,
                              key="sm_home_city")
    home_country = c3.text_input(_("Home country (for a one-country list)"), max_chars=60,
                                 key="sm_home_country")
    submitted = st.form_submit_button(_("Import"), type="primary")

if submitted and files:
    payload = [(f.name, f.getvalue()) for f in files]
    names = [name for name, _ in payload]
    digest = hashlib.sha256(b"".join(name.encode() + data for name, data in payload)).hexdigest()
    options = pipeline.ImportOptions(format=None if fmt == "detect" else fmt,
                                     home_city=home_city.strip(),
                                     home_country=home_country.strip())
    try:
        with st.spinner(_("Reading and placing cities…")):
            result = pipeline.import_bytes(payload, options, geocoder=_geocoder())
    except pipeline.ImportFailed as exc:
        st.error(safe_text.md(exc, 400))
        result = None
    del payload  # the raw bytes never stay in the session
    if result is not None and not len(result.partnerships):
        st.error(_("Nothing could be imported from this list."))
        if result.report.get("geocoding_stopped"):
            st.warning(_("Geocoding {what}.").format(what=result.report["geocoding_stopped"]))
        show.items([safe_text.fill(
            _("{file}, row {row}: {reason}"), ("file",), file=safe_text.plain(problem["file"], 80),
            row=problem["row"], reason=safe_text.plain(problem["reason"].replace(
                "--home-city NAME", "“Home city”").replace("--home-country CC",
                                                           "“Home country”"), 300))
            for problem in result.report.get("rejected", [])[:5]])
        result = None
    if result is not None:
        # One upload per session: drop the previous one's cached views before adding these.
        st.session_state.pop(appdata.SESSION_CACHE_KEY, None)
        st.session_state.pop(appdata.UPLOAD_KEY, None)
        data = dataset.from_frames(result.cities, result.partnerships)
        label = _("Your list: {names}").format(names=", ".join(names)[:80])
        st.session_state["sm_upload_only"] = appdata.from_upload(digest[:16], label, data)
        st.session_state["sm_upload_result"] = pipeline.UploadSummary.of(result)
        st.session_state["sm_use_upload"] = True
        result = None
elif submitted:
    st.warning(_("Choose a file first."))

summary = st.session_state.get("sm_upload_result")
if summary is not None:
    st.subheader(_("Report"))
    st.code("\n".join(summary.summary), language=None)
    if summary.geocoding_stopped:
        st.warning(_("Geocoding {what}: the places not tried are listed as unresolved. Split "
                     "the list, or import it with the command line.").format(
            what=summary.geocoding_stopped))
    places = summary.places
    unplaced = places[places["status"] != "resolved"]
    if len(unplaced):
        st.markdown(n_("**{n} place could not be placed confidently** (reason and best "
                       "candidates):", "**{n} places could not be placed confidently** "
                       "(reason and best candidates):", len(unplaced)).format(
            n=number(len(unplaced))))
        st.dataframe(stats.readable(unplaced), hide_index=True, width="stretch")
    if summary.rows_rejected:
        listed = len(summary.rejected)
        with st.expander((n_("{n} row rejected", "{n} rows rejected", summary.rows_rejected)
                          if listed >= summary.rows_rejected else
                          n_("{n} row rejected (the first {listed} listed)",
                             "{n} rows rejected (the first {listed} listed)",
                             summary.rows_rejected)
                          ).format(n=number(summary.rows_rejected), listed=number(listed))):
            st.dataframe(stats.readable(pd.DataFrame(list(summary.rejected))),
                         hide_index=True, width="stretch")
    with st.expander(_("All places")):
        st.dataframe(stats.readable(places), hide_index=True, width="stretch")

    st.subheader(_("Show it"))
    view = st.radio(_("On the map and every page, show"), ["upload", "both", "curated"],
                    format_func={"upload": _("my list only"), "both": _("my list beside the "
                                 "curated data"), "curated": _("the curated data only")}.get,
                    horizontal=True, key="sm_upload_view")
    uploaded = st.session_state["sm_upload_only"]
    shown = st.session_state.get(appdata.UPLOAD_KEY)
    if view == "both" and (shown is None or shown.key != uploaded.key + ":both"):
        both = dataset.combine(uploaded.data, appdata.curated().data)
        st.session_state[appdata.UPLOAD_KEY] = appdata.from_upload(
            uploaded.key.removeprefix("upload:") + ":both",
            _("{label} + curated data").format(label=uploaded.label),
            both)
    elif view == "upload":
        st.session_state[appdata.UPLOAD_KEY] = uploaded
    st.session_state["sm_use_upload"] = view != "curated"
    st.page_link("pages/map.py", label=_("Open the map"), icon=":material/map:")

    st.subheader(_("Download the geocoded result"))
    d1, d2 = st.columns(2)
    d1.download_button(_("Partnerships with coordinates (CSV)"),
                       exports.to_csv(uploaded.data.partnerships),
                       file_name="imported-partnerships.csv", mime="text/csv")
    d2.download_button(_("Places report (CSV)"), exports.safe_csv(places),
                       file_name="places.csv", mime="text/csv")

sidebar.render()
