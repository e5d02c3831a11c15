"""Encoding, delimiter and format detection for files people export from spreadsheets.

Excel on Windows writes "CSV" as cp1252 or (for "Unicode text") UTF-16 with a BOM and tabs;
LibreOffice and Google Sheets write UTF-8, sometimes with a BOM; German and French locales
use ``;`` because ``,`` is their decimal mark. Nothing here trusts a file name: the bytes
decide, and a file that is not text at all is reported, never parsed into garbage rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field

from sistermap.names import fold
from sistermap.regions import country_code

DELIMITERS = ",;\t|"
#: Python's csv module stops a whole file at a cell over 128 KiB; a pasted paragraph should
#: be one rejected row instead, so the per-cell limit is raised once for the process.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
_SNIFF_LINE = 4000  # characters of each line looked at when guessing the delimiter


class NotText(ValueError):
    """The bytes are not a text table (binary junk, an image, an Excel .xlsx)."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text table.

    Order: BOMs (UTF-8, UTF-16 LE/BE, UTF-32), BOM-less UTF-16 recognised by its NUL byte
    pattern, strict UTF-8, then cp1252 (Excel's "ANSI"), then Latin-1 (which never fails).
    Raises NotText for ZIP containers (.xlsx), PDFs and byte soup.
    """
    if data.startswith(b"PK\x03\x04"):
        raise NotText("this is a ZIP container (an .xlsx workbook?); export it as CSV first")
    if data.startswith(b"%PDF"):
        raise NotText("this is a PDF, not a table; export the list as CSV")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise NotText(f"starts with a {enc} byte-order mark but is not {enc}: "
                              f"{exc}") from None
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return _try_utf16(data, "utf-16-le")
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return _try_utf16(data, "utf-16-be")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), "latin-1")


def _try_utf16(data: bytes, enc: str) -> tuple[str, str]:
    try:
        return _checked(data.decode(enc), enc)
    except UnicodeDecodeError as exc:
        raise NotText(f"looks like {enc} but does not decode: {exc}") from None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject byte soup: a text table is mostly printable characters."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
        if bad / len(sample) > 0.05:
            raise NotText(f"{bad} control characters in the first {len(sample)} "
                          "characters: binary data, not a text table")
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """The cell delimiter among , ; tab |.

    csv.Sniffer first (it understands quoting); when it fails or picks something odd, the
    delimiter that splits the first lines into the same, largest number of cells wins.
    """
    lines = [ln[:_SNIFF_LINE] for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines[:30])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    scores = {}
    for d in DELIMITERS:
        counts = []
        for row in csv.reader(io.StringIO("\n".join(lines[:30])), delimiter=d):
            counts.append(len(row))
        if not counts or max(counts) < 2:
            continue
        header = counts[0]
        consistent = sum(1 for c in counts if c == header) / len(counts)
        scores[d] = (consistent >= 0.6, header, consistent)
    if found in scores and scores[found][0]:
        best = max(scores.values())
        if scores[found][1] >= best[1] or not best[0]:
            return found
    if scores:
        return max(scores, key=lambda d: scores[d])
    return found or ","


def is_sparql_json(text: str) -> bool:
    """SPARQL 1.1 JSON results: {"head": {"vars": [...]}, "results": {"bindings": [...]}}."""
    head = text.lstrip()[:1]
    if head != "{":
        return False
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
        return False
    return isinstance(doc, dict) and "results" in doc and "head" in doc


#: Header words that mark a nodes file (cities with ids) and a links file (id pairs).
_NODE_ID = {"id", "node id", "nodeid", "city id", "cityid", "node", "key", "qid", "item"}
_LINK_ENDS = ({"source", "target"}, {"from", "to"}, {"source id", "target id"},
              {"id1", "id2"}, {"id 1", "id 2"}, {"city a id", "city b id"},
              {"node1", "node2"}, {"node 1", "node 2"}, {"src", "dst"},
              {"from id", "to id"}, {"origin id", "destination id"}, {"id a", "id b"})


def header_keys(header: list[str]) -> list[str]:
    """Folded header cells ("Ville jumelée" -> "ville jumelee")."""
    return [fold(h) for h in header]


def table_kind(header: list[str]) -> str:
    """"nodes", "links" or "pairs" from a header row."""
    keys = set(header_keys(header))
    for ends in _LINK_ENDS:
        if ends <= keys:
            return "links"
    if keys & _NODE_ID and ({"lat", "latitude"} & keys or {"name", "label", "city"} & keys):
        has_partner = any(k in keys for k in ("partner", "sister", "twin", "destination",
                                               "city2", "city 2", "partnerstadt"))
        if not has_partner:
            return "nodes"
    return "pairs"


# --------------------------------------------------------------------------------------
# Column roles: reading a header the way a person does
# --------------------------------------------------------------------------------------
#
# A header is read in three steps. Each column is split into words (camelCase, snake_case,
# glued German compounds and trailing numbers are taken apart: "partner_latitude",
# "originlat", "Partnergemeinde", "city2"), and the words say what the column holds (a
# name, a country, a region, coordinates, ...) and, when they do, whose it is: a side
# marker such as "partner", "sister", "destination", "jumelée", "hermana", "2" or "b". Then
# columns that do not say whose they are go with the name column they follow ("Stadt; Land;
# Partnerstadt; Land"), unless the other side has the same column marked as its own:
# ``latitude`` next to ``partner_latitude`` is the home side's. Two country columns in one
# block are read as one country written twice (in two languages) when their values agree.
# Every choice that a reader could make otherwise is noted with the ``--map`` that changes it.

#: Roles a column can play; ``--map`` accepts exactly these names.
SIDE_ROLES = ("city", "country", "region", "lat", "lon", "coord", "qid", "population")
PAIR_ROLES = ("year", "date", "ended", "kind", "status", "focus", "note", "source")
ROLES = tuple(f"{r}_{s}" for s in "ab" for r in SIDE_ROLES) + PAIR_ROLES


def _words(spec: str) -> frozenset[str]:
    return frozenset(w.strip() for w in spec.split(",") if w.strip())


# Whole (folded) headers whose meaning is fixed, in the languages registers are kept in.
_CITY_A = _words(
    "origin, origin city, origincity, origincitylabel, origin city label, home city, hometown, "
    "home town, source city, from city, city from, city a, city 1, city1, first city, "
    "municipality, town, city, city name, stadt, gemeinde, kommune, heimatstadt, ort, "
    "ville, commune, ville francaise, ciudad, municipio, localidad, citta, comune, itemlabel, "
    "item label, citylabel, city label, place, local authority, council, member, mitglied, "
    "gemeindename, name der gemeinde, stadt gemeinde, kommunename, nom de la commune, "
    "nom commune, miasto, gmina, jednostka, samorzad, gemeente, stad, plaats, jichitai, "
    "jichitaimei, jichitai mei, shichoson, shichouson, shichoson mei, comune italiano, "
    "ente, municipality name, local government, authority, home municipality")
_CITY_B = _words(
    "destination, destination city, destinationcity, destinationlabel, destination label, "
    "sister, sister city, sistercity, sistercitylabel, sister city label, sister cities, "
    "partner, partner city, partnercity, partner town, partner municipality, partners, "
    "partnerstadt, partnerstaedte, partnerstadte, partnergemeinde, partnerkommune, partnerort, "
    "twin, twin town, twin city, twinned with, twinlabel, twin label, twincity, twinned city, "
    "city b, city 2, city2, second city, to city, city to, ville jumelee, ville jumelle, "
    "villes jumelees, ville partenaire, commune jumelee, commune partenaire, jumelee avec, "
    "jumelle, ciudad hermana, ciudades hermanas, ciudad hermanada, hermanada con, "
    "ciudad socia, municipio hermano, citta gemellata, gemellata con, sister city name, "
    "comune gemellato, comune gemellata, gemellaggio con, miasto partnerskie, "
    "gmina partnerska, partner zagraniczny, partnerstad, zusterstad, jumelage avec, "
    "teikeisaki, teikei saki, teikeisaki toshi, shimai toshi, shimaitoshi, "
    "partnergemeinde name, partnerschaft mit, name der partnerstadt, name partnergemeinde, "
    "nom de la ville jumelee, partner name, partnername, name partner, twin town name")
_COUNTRY_A = _words(
    "origincountry, origin country, origincountrylabel, origin country label, home country, "
    "country a, country 1, country1, from country, country from")
_COUNTRY_B = _words(
    "destination country, destinationcountry, destination countrylabel, "
    "destination country label, destinationcountrylabel, sister country, sistercountry, "
    "sister city country, partner country, partnercountry, partnerland, partner land, "
    "land der partnerstadt, staat der partnerstadt, pays partenaire, pays jumele, "
    "pays de la ville jumelee, pais hermano, pais de la ciudad hermana, twin country, "
    "country b, country 2, country2, to country, country to, twin town country, "
    "kraj partnera, paese gemellato, teikeisaki kuni, aitekoku, partnerstaat")

# Words inside a header, by what they say the column holds.
_W_CITY = _words(
    "city, cities, town, towns, municipality, municipalities, stadt, staedte, stadte, "
    "gemeinde, gemeinden, kommune, ort, ortschaft, ville, villes, commune, communes, ciudad, "
    "ciudades, municipio, localidad, citta, comune, miasto, gmina, stad, gemeente, plaats, "
    "toshi, jichitai, jichitaimei, shichoson, place, locality, settlement, council, label, "
    "name, nom, nombre, nome, nazwa, naam, mei, authority, ente, kommunename, gemeindename, "
    "stadtname, partnerstadt, partnergemeinde, partnerkommune, partnerort, partnerstad")
_W_COUNTRY = _words(
    "country, countries, countrylabel, land, staat, pays, pais, paese, nazione, stato, kraj, "
    "panstwo, kuni, koku, nation, iso, iso2, iso3, cc, countrycode, staaten")
_W_REGION = _words(
    "region, regions, state, province, admin1, county, bundesland, provinz, departement, "
    "department, provincia, comunidad, estado, regione, subdivision, wojewodztwo, "
    "voivodeship, provincie, prefecture, todofuken, ken, kanton, canton, landkreis, kreis, "
    "regierungsbezirk, powiat, oblast")
_W_LAT = _words("lat, latitude, breite, breitengrad, latitud, latitudine, szerokosc, ido, y")
_W_LON = _words("lon, long, lng, longitude, laenge, lange, langengrad, laengengrad, "
                "longitud, longitudine, dlugosc, keido, x")
_W_COORD = _words("coord, coords, coordinates, location, koordinaten, coordonnees, "
                  "coordenadas, coordinate, point, geo, wkt, geokoordinaten")
_W_QID = _words("qid, wikidata, item")
_W_POP = _words("population, pop, einwohner, einwohnerzahl, habitants, poblacion, abitanti, "
                "ludnosc, inwoners, jinko")
#: Columns people keep in registers that are no role of ours (postcode, continent, ids).
_W_IGNORE = _words("plz, postleitzahl, postcode, zip, zipcode, cap, cp, kontinent, continent, "
                   "continente, kontynent, erdteil, id, nr, no, lfd, dist, distance, eu, km, "
                   "ags, gkz, insee, fips, code postal, codigo, kod")
#: Language tags after a column name: "Land (englisch)", "country_en", "Staat deutsch".
_W_LANG = _words("en, de, fr, es, it, pl, nl, ja, englisch, english, deutsch, german, "
                 "francais, french, espanol, spanish, italiano, polski, engl, dt, anglais, "
                 "allemand, ingles, inglese, angielski, in, auf, native, local, original, "
                 "lang, sprache, language, der, die, das, des, de, la, le, du, del, di, the, "
                 "of, von, od, van, mit, with, avec, con, z, w")
_SIDE_B = _words(
    "partner, partners, partnera, partnerski, partnerskie, partnerska, partnerskiego, "
    "sister, sisters, twin, twinned, twins, destination, target, jumelee, jumele, jumelle, "
    "jumelees, jumeles, partenaire, partenaires, hermana, hermanas, hermanada, hermanado, "
    "hermano, socia, socio, gemellata, gemellato, gemellate, gemellati, zuster, shimai, "
    "teikeisaki, aite, other, foreign, destino, destinazione, ausland, auslaendisch, "
    "zagraniczny, second, b, 2, to")
_SIDE_A = _words("origin, home, source, from, heimat, own, first, eigene, german, deutsche, "
                 "a, 1, local, domestic, inland, origen, origine, eigen")
#: Glued prefixes taken apart when the rest is a known word ("destinationlat").
_GLUED = ("destination", "origin", "partner", "sister", "twin", "home", "source", "target")

_PAIR_WORDS: dict[str, frozenset[str]] = {
    "year": _words(
        "year, years, established, established year, year established, since, start, "
        "start year, start time, from year, seit, jahr, partnerschaft seit, gegrundet, "
        "gruendung, grundung, gruendungsjahr, grundungsjahr, seit jahr, depuis, annee, "
        "annee de jumelage, jumelee depuis, jumelage depuis, desde, ano, ano de hermanamiento, "
        "hermanada desde, inception, signed, unterzeichnet, date, datum, date de jumelage, "
        "fecha, fecha de hermanamiento, established date, date established, starttime, "
        "start date, startdate, twinned since, twinned, partnered since, anno, "
        "anno gemellaggio, dal, data, rok, od, od roku, rok podpisania, data podpisania, "
        "sinds, jaar, vanaf, teikeibi, teikei bi, teikei nengappi, teikei nen, nen, "
        "year of twinning, twinning year, date of twinning, partnerschaftsjahr, jahr der "
        "partnerschaft, beginn, besteht seit, unterzeichnung, datum der unterzeichnung, "
        "date du jumelage, date jumelage, year established, ano de firma, data gemellaggio"),
    "ended": _words(
        "ended, end, end year, end date, enddate, end time, endtime, until, bis, beendet, "
        "ende, jusqu a, fin, hasta, terminated, dissolved, aufgelost, aufgeloest, year ended, "
        "do, tot, fino a"),
    "kind": _words(
        "kind, type, form, art, typ, relationship, relation, partnership type, type of link, "
        "type de jumelage, type de lien, tipo, tipo de relacion, forme, partnerschaftsart, "
        "art der partnerschaft, category, kategorie, forma, rodzaj, vorm, soort, shubetsu, "
        "teikei shubetsu, form der partnerschaft, partnerschaftsform, tipo di legame"),
    "status": _words("status, statut, estado, zustand, state of partnership, stand, etat, "
                     "aktiv"),
    "focus": _words(
        "focus, focus areas, focus area, focusareas, themes, theme, topics, schwerpunkt, "
        "schwerpunkte, themen, thematique, thematiques, domaines, ambitos, temas, areas, "
        "tematy, thema, temi"),
    "note": _words(
        "note, notes, comment, comments, remark, remarks, bemerkung, bemerkungen, anmerkung, "
        "anmerkungen, hinweis, remarque, remarques, commentaire, commentaires, observaciones, "
        "notas, nota, description, beschreibung, uwagi, opmerking, opmerkingen, biko, note"),
    "source": _words("source, sources, url, link, quelle, quellen, fuente, reference, ref, "
                     "zrodlo, bron, fonte, website, webseite"),
}
_DATE_HEADERS = _words("date, datum, fecha, start date, startdate, established date, data, "
                       "data podpisania, teikeibi, teikei nengappi, date de jumelage")


@dataclass
class Roles:
    """The outcome of reading a header: role -> column, plus what a reader should know.

    ``alternates`` holds further columns for a role (the partner's country in a second
    language), used when the first one's value is not recognised; ``notes`` says every
    choice that could have gone another way and the ``--map`` that changes it.
    """

    index: dict[str, int]
    alternates: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NUM_TAIL_RE = re.compile(r"^([a-z]+?)(\d)$")


def header_words(cell: str) -> list[str]:
    """Words of a header cell: 'partner_Latitude' -> ['partner', 'latitude'], 'city2' ->
    ['city', '2'], 'Partnergemeinde' -> ['partner', 'gemeinde'], 'destinationlat' ->
    ['destination', 'lat']."""
    words: list[str] = []
    for w in fold(_CAMEL_RE.sub(" ", cell)).split():
        m = _NUM_TAIL_RE.match(w)
        if m:
            words += [m.group(1), m.group(2)]
            continue
        for prefix in _GLUED:
            rest = w[len(prefix):]
            if w.startswith(prefix) and rest and _known_word(rest):
                words += [prefix, rest]
                break
        else:
            words.append(w)
    return words


def _known_word(word: str) -> bool:
    return any(word in s for s in (_W_CITY, _W_COUNTRY, _W_REGION, _W_LAT, _W_LON, _W_COORD,
                                   _W_POP, _W_QID)) or word in ("stadt", "staedte", "gemeinde",
                                                                "kommune", "ort", "land",
                                                                "citylabel", "countrylabel")


def _classify(cell: str) -> tuple[str | None, str | None]:
    """(what, side) of one header cell: what in SIDE_ROLES, a pair role, "ignore" or None;
    side "a", "b" or None when the header does not say."""
    key = fold(cell)
    if not key:
        return None, None
    if key in _CITY_B:
        return "city", "b"
    if key in _COUNTRY_B:
        return "country", "b"
    if key in _COUNTRY_A:
        return "country", "a"
    if key in _CITY_A:
        return "city", None
    for role, words in _PAIR_WORDS.items():
        if key in words:
            return role, None
    words = [w for w in header_words(cell) if w not in _W_LANG]
    if not words:
        return None, None
    joined = " ".join(words)
    if joined in _CITY_B or joined in _CITY_A:
        return "city", "b" if joined in _CITY_B else None
    side = None
    if words[-1] in ("1", "2", "a", "b") and len(words) > 1:
        side = "a" if words[-1] in ("1", "a") else "b"
    elif any(w in _SIDE_B for w in words if w not in ("2", "b", "to")):
        side = "b"
    elif any(w in _SIDE_A for w in words if w not in ("1", "a", "from")):
        side = "a"
    elif words[0] in ("to", "from") and len(words) > 1:
        side = "b" if words[0] == "to" else "a"
    content = [w for w in words if w not in _SIDE_A and w not in _SIDE_B]
    for what, vocab in (("coord", _W_COORD), ("lat", _W_LAT), ("lon", _W_LON),
                        ("population", _W_POP), ("qid", _W_QID), ("country", _W_COUNTRY),
                        ("region", _W_REGION)):
        if any(w in vocab for w in content):
            return what, side
    if any(w in _W_IGNORE for w in words):
        return "ignore", None
    if any(w in _W_CITY for w in content) or (not content and side == "b"):
        return "city", side
    for role, vocab in _PAIR_WORDS.items():
        if joined in vocab or (content and " ".join(content) in vocab):
            return role, None
    return None, None


def infer_roles(header: list[str], rows: list[list[str]] | None = None,
                mapping: dict[str, str] | None = None) -> Roles:
    """Assign roles to the columns of a pair list's header (explicit ``mapping`` wins).

    ``rows`` (a sample of data rows) settles two country columns in one block: the same
    country in two languages, or the two sides' countries.
    """

    rows = rows or []
    mapping = mapping or {}
    keys = [fold(h) for h in header]
    index: dict[str, int] = {}
    notes: list[str] = []
    alternates: dict[str, list[int]] = {}
    for role, wanted in mapping.items():
        pos = [i for i, h in enumerate(header) if h.strip() == wanted.strip()]
        pos = pos or [i for i, k in enumerate(keys) if k == fold(wanted)]
        if not pos:
            raise ValueError(f"--map {role}={wanted}: no such column (columns: "
                             f"{', '.join(h for h in header if h)})")
        index[role] = pos[0]
    mapped = set(index.values())
    # Wikidata CSV/TSV exports: "city" holds the item URI and "cityLabel" the name.
    item_of_label: dict[int, int] = {}
    for i, key in enumerate(keys):
        for j, other in enumerate(keys):
            if key and j != i and other in (key + "label", key + " label"):
                item_of_label[j] = i
    skip = mapped | set(item_of_label.values())
    found: list[tuple[int, str, str | None]] = []  # (column, what, side)
    for i, cell in enumerate(header):
        if i in skip:
            continue
        what, side = _classify(cell)
        if what and what != "ignore":
            found.append((i, what, side))

    # 1. Name columns: marked ones keep their side; unmarked ones fill a, then b.
    cities = [(i, side) for i, what, side in found if what == "city"]
    city_side: dict[int, str] = {}
    for i, side in cities:
        if side and f"city_{side}" not in index and side not in city_side.values():
            city_side[i] = side
    for i, _side in cities:
        if i in city_side:
            continue
        free = [s for s in "ab" if f"city_{s}" not in index and s not in city_side.values()]
        if free:
            city_side[i] = free[0]
    for i, side in city_side.items():
        index[f"city_{side}"] = i
    if "city_a" in index and "city_b" not in index and "city_a" not in mapping:
        # A single name column is a council's own list of partners.
        index["city_b"] = index.pop("city_a")
        city_side = {i: "b" for i in city_side}
        notes.append(f"one city column ({header[index['city_b']]!r}) read as the partners; "
                     "the listing side comes from --home-city / --home-country")
    blocks = sorted((i, s) for s, i in ((s, index.get(f"city_{s}")) for s in "ab")
                    if i is not None)

    # 2. Pair columns: the first column of each role.
    for i, what, _side in found:
        if what in PAIR_ROLES and what not in index:
            index[what] = i
    if "date" not in index and "year" in index and keys[index["year"]] in _DATE_HEADERS:
        index["date"] = index.pop("year")

    # 3. Side columns: marked ones first, then unmarked ones by position.
    side_cols = [(i, what, side) for i, what, side in found if what in SIDE_ROLES
                 and what != "city"]
    marked = {(what, side) for _, what, side in side_cols if side}
    for i, what, side in side_cols:
        if side:
            role = f"{what}_{side}"
            if role not in index:
                index[role] = i
            else:
                alternates.setdefault(role, []).append(i)
    generic_by_block: dict[tuple[str, str], list[int]] = {}
    for i, what, side in side_cols:
        if side:
            continue
        before = [s for pos, s in blocks if pos < i]
        after = [s for pos, s in blocks if pos > i]
        near = before[-1] if before else (after[0] if after else None)
        if near is None:
            continue
        other = "b" if near == "a" else "a"
        if (what, near) in marked and f"{what}_{other}" not in index:
            index[f"{what}_{other}"] = i  # 'latitude' beside 'partner_latitude': the other side
            notes.append(f"{header[i]!r} read as the {_side_word(other)}'s {what} (the "
                         f"{_side_word(near)}'s is {header[index[f'{what}_{near}']]!r}); "
                         f"--map {what}_{near}={header[i]} if it is the {_side_word(near)}'s")
            continue
        generic_by_block.setdefault((what, near), []).append(i)
    for (what, near), cols in generic_by_block.items():
        other = "b" if near == "a" else "a"
        role, other_role = f"{what}_{near}", f"{what}_{other}"
        first, rest = cols[0], cols[1:]
        if role not in index:
            index[role] = first
        elif other_role not in index:
            index[other_role] = first
            continue
        for col in rest:
            same = what == "country" and _same_values(rows, index[role], col, country_code)
            if (same is False and other_role not in index and len(blocks) == 2
                    and blocks[-1][0] < index[role]):
                # "Stadt; Partnerstadt; Land; Land" with different countries: in city order.
                index[f"country_{blocks[0][1]}"], index[f"country_{blocks[1][1]}"] = (
                    index[role], col)
                notes.append(f"{header[index[role]]!r} and {header[col]!r} read as the "
                             f"countries of {header[blocks[0][0]]!r} and "
                             f"{header[blocks[1][0]]!r}, in that order")
                continue
            if what == "region":
                alternates.setdefault(role, []).append(col)
                continue
            if what == "country" and same is not False:
                alternates.setdefault(role, []).append(col)
                notes.append(
                    f"{header[index[role]]!r} and {header[col]!r} both read as the "
                    f"{_side_word(near)}'s country"
                    + (" (their values name the same countries)" if same else "")
                    + f"; --map {other_role}={header[col]} if {header[col]!r} is the "
                    f"{_side_word(other)}'s")
            elif other_role not in index:
                index[other_role] = col
                notes.append(
                    f"{header[col]!r} read as the {_side_word(other)}'s {what} "
                    f"({header[index[role]]!r} is the {_side_word(near)}'s); "
                    f"--map {role}={header[col]} to swap")
    for label_col, item_col in item_of_label.items():
        for side in "ab":
            if index.get(f"city_{side}") == label_col and f"qid_{side}" not in index:
                index[f"qid_{side}"] = item_col
    return Roles(index, alternates, notes)


def _side_word(side: str) -> str:
    return "listing side" if side == "a" else "partner"


def _same_values(rows: list[list[str]], i: int, j: int, code) -> bool | None:
    """Whether two country columns name the same countries (None: cannot tell)."""
    agree = differ = 0
    for row in rows[:200]:
        if max(i, j) >= len(row):
            continue
        a, b = code(row[i].strip()), code(row[j].strip())
        if a and b:
            if a == b:
                agree += 1
            else:
                differ += 1
    if agree + differ == 0:
        return None
    return agree >= 0.8 * (agree + differ)
