"""When two names are the same name: every rule for it, written once.

All forms start from the same pieces: a name is transliterated to ASCII (anyascii: Kraków,
Krakow and KRAKOW alike; Łódź gives lodz; Москва gives moskva), lower-cased and cut into
runs of letters and digits. Two purposes then need two forms:

* ``fold``: the *search* form, words kept with spaces ("st. petersburg" gives
  ``st petersburg``). What someone types is compared with it as a substring while they
  type, so it leaves words as written: expanding "st" would make a half-typed "st" stop
  finding Stuttgart.
* ``match_key``: the *matching* key two spellings of one place share ("St. Petersburg",
  "Sankt Petersburg" and "Saint Petersburg" all give ``saintpetersburg``). Apostrophes,
  spaces and hyphens vanish and the abbreviations of ``ABBREVIATIONS`` are spelled out.
  The gazetteer's index, the geocoder, the country lookup and the "same city" rule
  (``name_keys``) all compare names by it.

``slug`` is the search form spelled for an address or a file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")
_NON_WORD = re.compile(r"[^0-9a-z]+")

#: The one abbreviation table: abbreviations that vary between lists, Wikidata and GeoNames
#: ("St. Paul", "Sankt Pölten", "Ste-Foy", "Mt Gambier", "Ft. Worth"). Applied to every word
#: of a matching key. "San"/"Santa"/"São" are not abbreviations: San Jose is not Saint Jose,
#: and "Sainte" stays itself (Sainte-Foy is not Saint-Foy).
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sankt": "saint", "mt": "mount", "ft": "fort"}

_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
#: Russian adjective endings transliterated several ways (-skiy, -skii, -sky, -ski).
_RU_ENDING = re.compile(r"(sk|ck|zk)(iy|ii|yi|ij|yy|y|i)(?=$|[^a-z])")


def _ascii_lower(text: str) -> str:
    return (text if text.isascii() else anyascii(text)).lower()


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The search form: case, accents, script and punctuation ignored, words kept apart.

    "Frankfurt (Oder)" gives ``frankfurt oder``; abbreviations are left as written.
    """
    return _NON_WORD.sub(" ", anyascii(str(text)).casefold()).strip()


def words(text: str) -> list[str]:
    """The words of a name as matching keys see them: ASCII, lower case, apostrophes
    dropped ("L'Aquila" gives ``laquila``), abbreviations not yet spelled out."""
    return _WORD.findall(_ascii_lower(text.replace("'", "").replace("’", "")))


def key_of(name_words: Iterable[str]) -> str:
    """The matching key of a name's ``words``: abbreviations spelled out, joined."""
    return "".join(ABBREVIATIONS.get(w, w) for w in name_words)


def match_key(text: str) -> str:
    """The compact matching key: case, accents, punctuation, spaces, hyphens and the
    abbreviations of ``ABBREVIATIONS`` ignored ("Ste-Foy" and "Sainte Foy": ``saintefoy``)."""
    return key_of(words(text))


def match_keys(text: str) -> set[str]:
    """``match_key`` plus the German umlaut spelling, so "Duesseldorf" finds "Düsseldorf"."""
    keys = {match_key(text)}
    if any(ch in text for ch in "äöüÄÖÜ"):
        keys.add(match_key(text.translate(_UMLAUT)))
    keys.discard("")
    return keys


def transliteration_keys(text: str) -> set[str]:
    """``match_keys`` plus one spelling of Russian adjective endings (-skiy, -skii and -sky
    all give -sky), for sources that transliterate them each their own way."""
    keys = match_keys(text)
    normal = match_key(_RU_ENDING.sub(lambda m: m.group(1) + "y", _ascii_lower(text)))
    if normal:
        keys.add(normal)
    return keys


def name_keys(name: str) -> set[str]:
    """The keys by which two records may name the same city (``places.citymatch``).

    ``match_keys`` of the name, of its part before a qualifier in brackets or after a comma,
    each also without Wikidata's "City of" and a trailing "Municipality" ("City of
    Brussels", "Odda Municipality"). "Frankfurt (Oder)" also gives ``frankfurt``: the
    distance rule keeps it from being taken for Frankfurt am Main.
    """
    keys: set[str] = set()
    for text in {name, name.split("(")[0], name.split(",")[0]}:
        spellings = {text, text.translate(_UMLAUT)}
        for spelling in spellings:
            ws = words(spelling)
            if ws[:2] == ["city", "of"]:
                ws = ws[2:]
            if ws[-1:] == ["municipality"]:
                ws = ws[:-1]
            if ws:
                keys.add(key_of(ws))
    return keys


#: Words that join a town's name to the river or region telling it apart ("Frankfurt am
#: Main", "Frankfurt an der Oder", "Stratford-upon-Avon", "Boulogne-sur-Mer"), longest
#: first. Only after the first word: "La Paz" and "Le Havre" are names, not qualifiers.
QUALIFIER_LINKS = (("an", "der"), ("in", "der"), ("ob", "der"), ("on", "the"), ("sur", "le"),
                   ("sur", "la"), ("am",), ("an",), ("im",), ("upon",), ("on",), ("sur",))


def _qualifier_split(ws: list[str]) -> tuple[list[str], list[str]] | None:
    """(bare words, qualifier words) of a name's words joined by a ``QUALIFIER_LINKS``."""
    for i in range(1, len(ws) - 1):
        for link in QUALIFIER_LINKS:
            if tuple(ws[i:i + len(link)]) == link and ws[i + len(link):]:
                return ws[:i], ws[i + len(link):]
    return None


@lru_cache(maxsize=100_000)
def bare_keys(name: str) -> frozenset[str]:
    """The keys of a name without the qualifier that tells it from its namesakes.

    "Frankfurt (Oder)" and "Frankfurt am Main" both give ``frankfurt`` (through
    ``name_keys``: brackets, a comma's part, "City of"; and ``QUALIFIER_LINKS``), so a
    search for the bare name offers both. Empty for a name with no qualifier.
    """
    keys = name_keys(name) - match_keys(name)
    split = _qualifier_split(words(name))
    if split:
        keys.add(key_of(split[0]))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def long_key(name: str) -> str:
    """One key for a qualified name however the qualifier is joined: "Frankfurt (Oder)",
    "Frankfurt an der Oder" and "Frankfurt/Oder" all give ``frankfurtoder``. Empty for a
    name with no qualifier in brackets or after a ``QUALIFIER_LINKS`` word."""
    ws = words(name)
    split = _qualifier_split(ws)
    if split:
        return key_of(split[0] + split[1])
    if "(" in name or "/" in name:
        return key_of(ws)
    return ""


def slug(text: str, limit: int | None = None) -> str:
    """The search form for an address or a file name: "Saint Paul" gives ``saint-paul``.

    Only a-z, 0-9 and single hyphens, never at either end; cut to ``limit`` characters
    when given. Empty when the name has no letters or digits to spell it with.
    """
    text = fold(text).replace(" ", "-")
    return text[:limit].strip("-") if limit is not None else text
