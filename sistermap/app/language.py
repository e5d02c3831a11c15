"""The interface's language for this run: ``?lang=``, the switcher, or the browser's.

Set once at the top of every run (``app.py``), before any text is drawn, into the context
variable of :mod:`sistermap.i18n`. The order: a ``?lang=`` in the address (a shared link or
an embed keeps its language), else the language this session chose, else the browser's
(``Accept-Language``), else English. The switcher writes ``?lang=`` so that a permalink
copied from the address bar opens in the same language.
"""

from __future__ import annotations

import streamlit as st

from sistermap import i18n
from sistermap.i18n import _
from sistermap.webmap.webassets import FONT_COMPONENT, FONT_FILE, font_face

CHOSEN = "sm_lang"
WIDGET = "sm_w_lang"


def _browser() -> str:
    """The browser's preferred supported language (its locale, else Accept-Language)."""
    try:
        header = st.context.headers.get("Accept-Language")
    except Exception:  # no request headers (a test harness): no preference
        header = None
    locale = getattr(st.context, "locale", None)
    return i18n.negotiate(header or locale)


def setup() -> str:
    """Choose this run's language and make it current; return its code."""
    asked = st.query_params.get("lang")
    lang = i18n.parse_language(asked) if asked else None
    if lang is None:
        lang = st.session_state.get(CHOSEN) or _browser()
    st.session_state[CHOSEN] = lang
    return i18n.set_language(lang)


def fonts() -> None:
    """Japanese text draws on any machine: the page's own font family (Streamlit's "Source
    Sans") gets IPAex Gothic for CJK characters, served by the app (``serving.register``).
    A reader with a Japanese font uses their own; the file is fetched only when needed.
    (The map's frame loads the same face from webmap/assets/fonts.css.)"""
    st.html("<style>" + font_face("Source Sans", f"component/{FONT_COMPONENT}/{FONT_FILE}")
            + "</style>")


def page_language() -> None:
    """Tell the browser (and a screen reader's voice) the page's language: ``<html lang>``
    (WCAG 3.1.1). The code is one of :data:`i18n.LANGUAGES`' keys, never from the URL."""
    lang = i18n.language()
    if lang in i18n.LANGUAGES:
        st.sidebar.html(f"<script>document.documentElement.lang = '{lang}';</script>",
                        unsafe_allow_javascript=True)


def _switch() -> None:
    """The switcher's callback: the new language, kept in the address (``?lang=``)."""
    lang = i18n.parse_language(st.session_state.get(WIDGET)) or i18n.DEFAULT
    st.session_state[CHOSEN] = lang
    st.query_params["lang"] = lang
    i18n.set_language(lang)


def switcher() -> None:
    """The language menu at the foot of the sidebar, each language named in itself."""
    st.session_state[WIDGET] = i18n.language()
    st.sidebar.selectbox(_("Language"), list(i18n.LANGUAGES), key=WIDGET,
                         format_func=i18n.LANGUAGES.get, on_change=_switch)
