"""Translations: every string a person reads goes through :func:`_` (or :func:`n_`).

The one entry point for the interface's language, so that pages, the map's legend, the tour's
chrome and the council kit all say the same thing in the same words. Today it returns the
English text unchanged; the catalogs (gettext, managed with Babel) and the choice of language
arrive with issue #21, without any caller changing.
"""

from __future__ import annotations


def _(message: str) -> str:
    """The interface text ``message`` in the reader's language (English today)."""
    return message


def n_(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n`` things, in the reader's language."""
    return singular if n == 1 else plural
