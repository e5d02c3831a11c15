"""The "Suggest a link or a correction" form, shared by the city page and the map page.

Layout only: the two cities are found with the app's own search (``query.lookup.search``)
or typed and placed by the offline geocoder; checking, limits and storing are
``contrib.submit``. A suggestion goes to the moderators' queue and shows nowhere until one
accepts it; the form says so.
"""

from __future__ import annotations

import secrets

import streamlit as st

from sistermap import regions, safe_text, schema
from sistermap.app import appdata, offload, show
from sistermap.contrib import db, submit
from sistermap.i18n import _, in_sentence
from sistermap.places import geocode
from sistermap.query import lookup

K = "sm_suggest_"
TYPED = "__typed__"


@st.cache_resource(show_spinner=False)
def geocoder() -> geocode.Geocoder:
    """One offline geocoder for the process (its gazetteer loads on first use)."""
    return geocode.Geocoder()


def store() -> db.Database:
    """The contributions database ($SISTERMAP_DB_URL, else the SQLite file), opened once."""
    return db.open_db()


def visitor() -> tuple[str, str]:
    """This browser session's key and its address, for the rate limits."""
    sid = st.session_state.setdefault(K + "session", secrets.token_hex(16))
    try:
        headers = dict(st.context.headers or {})
        ip = st.context.ip_address
    except Exception:  # no request context (tests): one shared "unknown" address
        headers, ip = {}, None
    return sid, submit.client_address(headers, ip)


def _choose_city(cities, end: str, preset: str | None) -> submit.CityRef | None:
    """One end of the link: the page's city, a city the search finds, or a typed one."""
    label = _("First city") if end == "a" else _("Partner city")
    if preset:
        show.text(_("{label}: {value}"), strong=("value",), label=label,
                  value=safe_text.plain(lookup.label(cities, preset), 120))
        return submit.city_from_data(cities, preset)
    query = st.text_input(label, key=K + f"q_{end}", max_chars=submit.LIMITS["name"],
                          placeholder=_("Search a city by name"))
    if not query.strip():
        return None
    found = lookup.search(cities, query)
    options = [*(found.matches or found.suggestions), TYPED]
    pick = st.selectbox(
        _("Which {label}?").format(label=in_sentence(label)), options, key=K + f"pick_{end}",
        format_func=lambda c: _("Not on the map: place “{q}” with the gazetteer").format(
            q=safe_text.plain(query, 60)) if c == TYPED
        else safe_text.plain(lookup.label(cities, c), 120))
    if pick != TYPED:
        return submit.city_from_data(cities, pick)
    typed = st.text_input(_("Country of {q} (a name or a code: Germany, DE)").format(
        q=safe_text.plain(query, 60)), key=K + f"cc_{end}", max_chars=60)
    country = regions.country_code(typed.strip()) if typed.strip() else None
    if not country:
        st.info(_("Give the country so the town can be placed.") if not typed.strip()
                else _("Unknown country: try its English name or two-letter code."))
        return None
    match = geocoder().resolve(query.strip(), country)
    ref = submit.city_from_match(match)
    if ref is None:
        st.warning(_("The gazetteer cannot place “{q}” in {cc}: {why}").format(
            q=safe_text.md(query, 60), cc=safe_text.md(country, 4),
            why=safe_text.md(match.reason, 200)))
        return None
    if ref.city_id in cities.index:  # the gazetteer's town is a city of the data after all
        return submit.city_from_data(cities, ref.city_id)
    show.caption(_("Placed: {name}, {where} ({lat:.2f}, {lon:.2f})"),
                 name=safe_text.plain(ref.name, 80),
                 where=safe_text.plain(regions.country_name(ref.country), 60),
                 lat=float(ref.lat), lon=float(ref.lon))
    return ref


def suggest_form(act: appdata.Active, city_id: str | None = None) -> None:
    """The form in an expander; ``city_id`` fixes the first city (the city page's)."""
    with st.expander(_("Suggest a link or a correction"), icon=":material/edit_note:"):
        st.caption(_("Know a partnership the map misses — informal, lapsed, grassroots — or "
                     "an error in one? Tell us, with your evidence. A moderator checks every "
                     "suggestion before it shows; nothing appears until then."))
        cities = act.data.cities
        action = st.radio(_("What do you suggest?"), list(submit.ACTIONS), key=K + "action",
                          format_func=lambda a: _(submit.ACTIONS[a]))
        city_a = _choose_city(cities, "a", city_id)
        city_b = _choose_city(cities, "b", None)
        with st.form(K + "form", clear_on_submit=False, border=False):
            c1, c2, c3 = st.columns(3)
            kind = c1.selectbox(_("Kind"), ["", *schema.KINDS], key=K + "kind",
                                format_func=lambda k: _(schema.KINDS.get(k, "—")))
            established = c2.text_input(_("Formed in (year)"), key=K + "est", max_chars=4)
            ended = c3.text_input(_("Ended in (year)"), key=K + "end", max_chars=4)
            status = c1.selectbox(_("Status"), ["", *schema.STATUSES], key=K + "status",
                                  format_func=lambda k: _(schema.STATUSES.get(k, "—")))
            focus = c2.multiselect(_("Focus"), list(schema.FOCUS_AREAS), key=K + "focus",
                                   format_func=lambda k: _(schema.FOCUS_AREAS[k]))
            note = st.text_area(_("What should we know? (the correction, the story)"),
                                key=K + "note", max_chars=submit.LIMITS["note"])
            st.markdown(_("**Evidence** (required: a link, a document reference or a "
                          "description)"))
            evidence_kind = st.radio(_("Kind of evidence"), ["", *submit.EVIDENCE_KINDS],
                                     key=K + "ev_kind", horizontal=True,
                                     format_func=lambda k: _(submit.EVIDENCE_KINDS.get(
                                         k, "—")))
            evidence_url = st.text_input(_("Link (http:// or https://)"), key=K + "ev_url",
                                         max_chars=submit.LIMITS["evidence_url"])
            evidence_ref = st.text_input(_("Document reference (e.g. council minutes, "
                                           "date)"), key=K + "ev_ref",
                                         max_chars=submit.LIMITS["evidence_ref"])
            evidence_text = st.text_area(_("Or describe it"), key=K + "ev_text",
                                         max_chars=submit.LIMITS["evidence_text"])
            contact = st.text_input(_("Contact (optional; only moderators see it)"),
                                    key=K + "contact", max_chars=submit.LIMITS["contact"])
            sent = st.form_submit_button(_("Send for review"))
        if not sent:
            return
        if city_a is None or city_b is None:
            st.error(_("Choose both cities first."))
            return
        suggestion = submit.Suggestion(
            action=action, city_a=city_a, city_b=city_b, kind=kind, established=established,
            ended=ended, status=status, focus=tuple(focus), note=note,
            evidence_kind=evidence_kind, evidence_url=evidence_url, evidence_ref=evidence_ref,
            evidence_text=evidence_text, contact=contact)
        sid, address = visitor()
        try:
            number = offload.run(submit.submit_to, store().url, suggestion, sid, address,
                                 lane="contributions")
        except submit.SuggestionInvalid as err:
            st.error(_("Please fix: {problems}").format(
                problems=safe_text.md("; ".join(m for _f, m in err.problems), 1000)))
        except db.ContribError as err:
            st.error(safe_text.md(str(err), 300))
        else:
            st.success(_("Thank you: suggestion {n} is in the moderators' queue.").format(
                n=int(number)))
