"""Translations: every string a person reads goes through :func:`_` (or :func:`n_`).

The one entry point for the interface's language, so that pages, the map's legend, the tour's
chrome and the council kit all say the same thing in the same words. The catalogs are gettext
``.po`` files managed with Babel (``sistermap/locale/<lang>/LC_MESSAGES/sistermap.po``,
``python scripts/catalogs.py`` re-extracts and updates them). They are compiled in memory on
first use (well under a tenth of a second per language, once per process), so no ``.mo``
file can be out of date.

The current language is a context variable: the app sets it at the start of each run (from
``?lang=``, the switcher or the browser's language), a command sets it from ``--lang``, and
:func:`using` sets it for a block. Numbers and dates are formatted for it with Babel.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal

#: The interface's languages, each named in itself (for the switcher), English first.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français",
                             "ja": "日本語", "es": "Español"}
DEFAULT = "en"
DOMAIN = "sistermap"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("sistermap_language", default=DEFAULT)
#: The locale whose number and date formats each language uses (the English text is
#: British: "colour", "9 May 2026").
_LOCALE = {"en": "en_GB"}


def parse_language(value: object) -> str | None:
    """A supported language code from a value like ``de``, ``de-AT`` or ``ja_JP``; else None.

    Used for ``?lang=`` and ``--lang``: anything else (a hostile or unknown value) is no
    language, and the caller falls back with a notice.
    """
    text = str(value or "").strip().lower().replace("_", "-")[:20]
    code = text.split("-", 1)[0]
    return code if code in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """The best supported language for a browser's ``Accept-Language`` header (or a locale
    such as ``de-DE``); English when none of the reader's languages is supported."""
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(str(accept_language or "").split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = parse_language(tag)
        if code and q > 0:
            weighted.append((-q, i, code))
    return min(weighted)[2] if weighted else DEFAULT


def set_language(lang: str) -> str:
    """Make ``lang`` (a supported code, else English) the current language; return it."""
    code = parse_language(lang) or DEFAULT
    _current.set(code)
    return code


def language() -> str:
    """The current language's code (``en``, ``de``, ``fr``, ``ja``, ``es``)."""
    return _current.get()


def in_sentence(label: str) -> str:
    """A label ("Ended", "First city") inside a sentence: lower case where the language
    writes it so: not German nouns, not Japanese, not an acronym."""
    if language() in ("de", "ja") or not label[:1].isupper() or label == label.upper():
        return label
    return label.lower()


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Run a block in ``lang`` (a command's ``--lang``, a test), then restore the language."""
    token = _current.set(parse_language(lang) or DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def catalog_path(lang: str) -> Path:
    """Where the ``.po`` catalog of ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English and a missing catalog: the text as written).

    Compiled from the ``.po`` in memory with Babel, once per process.
    """
    path = catalog_path(lang)
    if lang == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    # Babel's catalog reader is only needed here, on a language's first use.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _(message: str) -> str:
    """The interface text ``message`` in the reader's language."""
    return translations(_current.get()).gettext(message)


def n_(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n`` things, in the reader's language."""
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (module-level tables,
    translated where they are shown with ``_(value)``)."""
    return message


def number(value: float | int) -> str:
    """A count or measure written for the reader: ``1,234`` / ``1.234`` / ``1 234``."""
    lang = _current.get()
    return format_decimal(value, locale=_LOCALE.get(lang, lang))


def date(value: dt.date) -> str:
    """A date written for the reader (``7 Dec 2026``, ``07.12.2026``, ``2026/12/07``)."""
    lang = _current.get()
    return format_date(value, format="medium", locale=_LOCALE.get(lang, lang))
