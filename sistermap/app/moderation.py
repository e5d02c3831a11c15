"""The moderation page's glue: log-in, the queue with its context, decisions, the log.

Every read and every decision is a ``contrib.review`` call with the session's token, so the
page holds no power of its own: without a valid session each call is refused. Submitted
text is shown only through ``safe_text`` (as text, never as Markdown or a link).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st

from sistermap import safe_text, schema
from sistermap.app import appdata, show
from sistermap.app.suggest import store
from sistermap.contrib import accounts, db, review, submit
from sistermap.i18n import _, in_sentence
from sistermap.store import dataset

TOKEN = "sm_mod_token"
K = "sm_mod_"


def _login(database: db.Database) -> None:
    st.title(_("Moderation"))
    st.caption(_("Moderators review suggestions before they show. Accounts are made with "
                 "the command line: python -m sistermap moderator add NAME."))
    with st.form(K + "login"):
        name = st.text_input(_("Name"), key=K + "name", max_chars=64)
        password = st.text_input(_("Password"), type="password", key=K + "password",
                                 max_chars=accounts.MAX_PASSWORD)
        go = st.form_submit_button(_("Log in"))
    if go:
        try:
            st.session_state[TOKEN] = accounts.login(database, name, password)
        except db.ContribError as err:
            st.error(safe_text.md(str(err), 200))
        else:
            st.rerun()


def _show_city(label: str, c: submit.CityRef) -> None:
    how = _("from the map") if c.placed_by == "search" else _("typed, placed by the gazetteer")
    show.text(_("{label}: {name} ({cc}, {lat:.2f}, {lon:.2f}; {id}; {how})"),
              label=label, name=safe_text.plain(c.name, 120),
              cc=safe_text.plain(c.country, 4), lat=float(c.lat), lon=float(c.lon),
              id=safe_text.plain(c.city_id, 40), how=how)


def _evidence(s: submit.Suggestion) -> None:
    st.markdown(_("**Evidence** ({kind})").format(
        kind=safe_text.md(_(submit.EVIDENCE_KINDS.get(s.evidence_kind, "—")))))
    for label, value in ((_("Link"), s.evidence_url), (_("Reference"), s.evidence_ref),
                         (_("Description"), s.evidence_text), (_("Note"), s.note)):
        if value.strip():
            show.text(_("{label}: {value}"), label=label, value=safe_text.plain(value, 2000))


def _text_table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: safe_text.plain(v, 300) for k, v in r.items()} for r in rows])


def _edited(s: submit.Suggestion, key: str) -> submit.Suggestion:
    c1, c2, c3, c4 = st.columns(4)
    kinds, statuses = ["", *schema.KINDS], ["", *schema.STATUSES]
    return dataclasses.replace(
        s,
        kind=c1.selectbox(_("Kind"), kinds, index=kinds.index(s.kind) if s.kind in kinds
                          else 0, key=key + "kind",
                          format_func=lambda k: _(schema.KINDS.get(k, "—"))),
        established=c2.text_input(_("Formed"), s.established, key=key + "est", max_chars=4),
        ended=c3.text_input(_("Ended"), s.ended, key=key + "end", max_chars=4),
        status=c4.selectbox(_("Status"), statuses, index=statuses.index(s.status)
                            if s.status in statuses else 0, key=key + "status",
                            format_func=lambda k: _(schema.STATUSES.get(k, "—"))))


def _decided() -> None:
    st.cache_resource.clear()  # the map reads the contributed layer again on the next run
    st.rerun()


def _pending(database: db.Database, token: str, act: appdata.Active, data_dir: Path) -> None:
    items = review.queue(database, token, "pending", limit=20)
    if not items:
        st.info(_("The queue is empty."))
    for item in items:
        s = item.suggestion
        with st.expander(_("#{n} · {action}: {a} – {b}").format(  # a label is Markdown
                n=int(item.id), action=_(submit.ACTIONS.get(item.action, item.action)),
                a=safe_text.md(s.city_a.name, 60), b=safe_text.md(s.city_b.name, 60)),
                expanded=len(items) == 1):
            _show_city(_("First city"), s.city_a)
            _show_city(_("Partner city"), s.city_b)
            show.text(_("Suggested: kind {kind}, formed {est}, ended {end}, status {status}, "
                        "focus {focus}"),
                      kind=_(schema.KINDS.get(s.kind, "—")), est=s.established or "—",
                      end=s.ended or "—", status=_(schema.STATUSES.get(s.status, "—")),
                      focus=", ".join(_(schema.FOCUS_AREAS[f]) for f in s.focus) or "—")
            _evidence(s)
            if item.contact:
                show.caption(_("Contact: {c}"), c=safe_text.plain(item.contact, 200))
            ctx = review.context(database, token, item.id, act.data.cities,
                                 act.data.partnerships)
            st.markdown(_("**Current record**"))
            if ctx.current:
                st.dataframe(_text_table(ctx.current), hide_index=True)
            else:
                st.caption(_("The data has no partnership between these two cities."))
            for end, label in (("city_a", _("First city")), ("city_b", _("Partner city"))):
                near = "; ".join(f"{n} ({km:g} km)" for _id, n, km in ctx.nearest[end])
                show.caption(_("Nearest cities of the data to the {label}: {near}"),
                             label=in_sentence(label), near=safe_text.plain(near or "—", 1000))
            for typed, known in ctx.same_city.items():
                st.warning(_("Possible duplicate: the typed town {t} is probably {k} of the "
                             "data.").format(t=safe_text.md(typed, 40),
                                             k=safe_text.md(known, 40)))
            if ctx.same_pair:
                st.warning(_("Other suggestions about this pair: {ids}").format(
                    ids=safe_text.md(", ".join(f"#{i}" for i in ctx.same_pair))))
            if item.action == "dispute":
                st.caption(_("Accepting a dispute records it for the curators; the map keeps "
                             "the link until the curated data removes it."))
            edit = st.toggle(_("Edit before accepting"), key=K + f"edit_{item.id}")
            final = _edited(s, K + f"e{item.id}_") if edit else None
            reason = st.text_input(_("Reason (required to reject)"), key=K + f"r_{item.id}",
                                   max_chars=review.MAX_REASON)
            c1, c2 = st.columns(2)
            if c1.button(_("Accept"), key=K + f"acc_{item.id}", type="primary"):
                review.accept(database, token, item.id, data_dir, reason, final)
                _decided()
            if c2.button(_("Reject"), key=K + f"rej_{item.id}"):
                review.reject(database, token, item.id, reason)
                _decided()


def _history(database: db.Database, token: str, data_dir: Path) -> None:
    for status in review.DECISIONS:
        st.subheader(_("Accepted") if status == "accepted" else _("Rejected"))
        for item in review.queue(database, token, status, limit=50):
            s = item.suggestion
            c1, c2 = st.columns([4, 1])
            show.text(_("#{n} {a} – {b} by {who}: {reason}"), where=c1,
                      n=int(item.id), a=safe_text.plain(s.city_a.name, 60),
                      b=safe_text.plain(s.city_b.name, 60),
                      who=safe_text.plain(item.reviewer, 64), reason=item.reason or "—")
            if c2.button(_("Undo"), key=K + f"undo_{item.id}"):
                review.undo(database, token, item.id, data_dir)
                _decided()


def render(act: appdata.Active) -> None:
    """The moderation page: log-in, or the queue, the decisions, the log and the export."""
    try:
        database = store()
    except db.ContribError as err:
        st.error(safe_text.md(str(err), 300))
        return
    token = st.session_state.get(TOKEN)
    try:
        who = accounts.require(database, token)
    except accounts.NotAuthorized as err:
        if token:
            st.session_state.pop(TOKEN, None)
            st.info(safe_text.md(str(err), 200))
        _login(database)
        return
    data_dir = Path(act.data.path or dataset.resolve_dir())
    st.title(_("Moderation"))
    counts = review.counts(database, token)
    show.caption(_("Logged in as {name}. Pending: {p}, accepted: {a}, rejected: {r}."),
                 name=safe_text.plain(who.name, 64), p=int(counts.get("pending", 0)),
                 a=int(counts.get("accepted", 0)), r=int(counts.get("rejected", 0)))
    if st.button(_("Log out")):
        accounts.logout(database, token)
        st.session_state.pop(TOKEN, None)
        st.rerun()
    try:
        queue_tab, done_tab, log_tab, up_tab = st.tabs(
            [_("Queue"), _("Decided"), _("Audit log"), _("Wikidata export")])
        with queue_tab:
            _pending(database, token, act, data_dir)
        with done_tab:
            _history(database, token, data_dir)
        with log_tab:
            st.dataframe(_text_table(review.audit_log(database, token)), hide_index=True)
        with up_tab:
            batch = review.export(database, token, data_dir)
            st.caption(_("QuickStatements for a Wikidata editor to review and run; nothing "
                         "is sent anywhere from here."))
            st.download_button(_("Download QuickStatements"), batch.text.encode("utf-8"),
                               file_name="sistermap-contributions.qs.txt", mime="text/plain")
            for sid, why in batch.needs:
                show.caption(_("#{n} not exported: {why}"), n=int(sid),
                             why=safe_text.plain(why, 200))
    except accounts.NotAuthorized as err:
        st.session_state.pop(TOKEN, None)
        st.warning(safe_text.md(str(err), 200))
    except db.ContribError as err:
        st.error(safe_text.md(str(err), 300))
