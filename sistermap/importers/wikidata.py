"""Wikidata P190 ("twinned administrative body"): read SPARQL JSON results, or fetch them.

The reader accepts what people download from query.wikidata.org ("Download JSON") for a
P190 query, with the statement qualifiers P580 (start time) and P582 (end time). Variable
names vary between queries, so sides are recognised by common names (city/item/origin vs
twin/sister/partner/destination) and the order of entity columns.

Wikidata items carry their own ids, so a place with a QID and coordinates becomes the city
``Q123`` without any geocoding; only items without coordinates go through the gazetteer.

``fetch`` runs the query live with a descriptive User-Agent (Wikimedia's policy), pages with
LIMIT/OFFSET over a stable ORDER BY, and retries 429/5xx and network errors with exponential
backoff, honouring Retry-After. The HTTP call is injected so tests replay a recorded
response without a network.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from sistermap import __version__
from sistermap.importers import (
    MAX_NAME_LEN,
    Defaults,
    PairRecord,
    PlaceRef,
    ReadResult,
    clean_cell,
    has_control_chars,
    parse_years,
    textrows,
)
from sistermap.importers.pairs import source_name
from sistermap.schema import Problem

ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (f"SisterMap/{__version__} (sister-city map importer; "
              "https://github.com/sistermap/sistermap) python-urllib")
ITEM_URL = "https://www.wikidata.org/wiki/{}"
PAGE_SIZE = 5000
RETRY_STATUSES = {429, 500, 502, 503, 504}

QUERY_TEMPLATE = """\
SELECT ?city ?cityLabel ?cityCountryCode ?cityCoord ?cityPopulation
       ?twin ?twinLabel ?twinCountryCode ?twinCoord ?twinPopulation ?start ?end ?statement
WHERE {{
  ?city p:P190 ?statement .
  ?statement ps:P190 ?twin ; wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  {country_filter}
  OPTIONAL {{ ?statement pq:P580 ?start . }}
  OPTIONAL {{ ?statement pq:P582 ?end . }}
  OPTIONAL {{ ?city wdt:P17/wdt:P297 ?cityCountryCode . }}
  OPTIONAL {{ ?city wdt:P625 ?cityCoord . }}
  OPTIONAL {{ ?city wdt:P1082 ?cityPopulation . }}
  OPTIONAL {{ ?twin wdt:P17/wdt:P297 ?twinCountryCode . }}
  OPTIONAL {{ ?twin wdt:P625 ?twinCoord . }}
  OPTIONAL {{ ?twin wdt:P1082 ?twinPopulation . }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en,de,fr,es,it,pl,pt". }}
}}
ORDER BY ?statement
LIMIT {limit} OFFSET {offset}
"""

_SIDE_NAMES = {
    "a": ("city", "item", "origin", "cityA", "city1", "source", "municipality", "place"),
    "b": ("twin", "sister", "partner", "destination", "cityB", "city2", "target", "twinned",
          "twinCity", "sisterCity"),
}
_START = ("start", "startTime", "since", "established", "inception", "from", "starttime")
_END = ("end", "endTime", "until", "ended", "to", "endtime")
_POINT_RE = re.compile(r"Point\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)")
_ENTITY_RE = re.compile(r"^https?://www\.wikidata\.org/entity/(Q\d+)$")


def _value(binding: dict, var: str | None) -> str:
    if not var:
        return ""
    cell = binding.get(var)
    if not isinstance(cell, dict):
        return ""
    return clean_cell(cell.get("value"))


def _find(vars_: list[str], names: tuple[str, ...], suffix: str = "") -> str | None:
    lower = {v.lower(): v for v in vars_}
    for name in names:
        hit = lower.get((name + suffix).lower())
        if hit:
            return hit
    return None


def _layout(vars_: list[str], bindings: list[dict]) -> dict[str, str | None]:
    """Variable names for each role, by name first and entity-column order second."""
    roles: dict[str, str | None] = {}
    entity_vars = [v for v in vars_ if any(
        _ENTITY_RE.match(_value(b, v)) for b in bindings[:20])]
    for side in "ab":
        var = _find(vars_, _SIDE_NAMES[side])
        roles[f"item_{side}"] = var
    leftovers = [v for v in entity_vars if v not in roles.values()
                 and not re.search(r"country|statement|st$", v, re.I)]
    for side in "ab":
        if roles[f"item_{side}"] is None and leftovers:
            roles[f"item_{side}"] = leftovers.pop(0)
    for side in "ab":
        base = roles[f"item_{side}"]
        names = (base,) if base else _SIDE_NAMES[side]
        roles[f"label_{side}"] = _find(vars_, names, "Label") or _find(vars_, names, "Name")
        roles[f"coord_{side}"] = (_find(vars_, names, "Coord") or _find(vars_, names, "Coords")
                                  or _find(vars_, names, "Coordinates")
                                  or _find(vars_, names, "Location"))
        roles[f"cc_{side}"] = (_find(vars_, names, "CountryCode") or _find(vars_, names, "ISO")
                               or _find(vars_, names, "CountryLabel")
                               or _find(vars_, names, "Country"))
        roles[f"pop_{side}"] = _find(vars_, names, "Population")
    roles["start"] = _find(vars_, _START)
    roles["end"] = _find(vars_, _END)
    return roles


def _place(binding: dict, roles: dict, side: str) -> tuple[PlaceRef | None, str]:
    item = _value(binding, roles[f"item_{side}"])
    m = _ENTITY_RE.match(item)
    qid = m.group(1) if m else ""
    label = _value(binding, roles[f"label_{side}"])
    if not qid and not label:
        return None, f"no item or label for side {side}"
    if has_control_chars(label) or len(label) > MAX_NAME_LEN:
        return None, f"label {label[:40]!r} is not a place name"
    name = label or qid
    lat = lon = None
    pm = _POINT_RE.search(_value(binding, roles[f"coord_{side}"]))
    if pm:
        lon, lat = float(pm.group(1)), float(pm.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
    country = _value(binding, roles[f"cc_{side}"])
    if country.startswith("http"):  # an unlabelled country item: useless as a name
        country = ""
    pop_text = _value(binding, roles[f"pop_{side}"])
    try:
        population = int(float(pop_text)) if pop_text else None
    except ValueError:
        population = None
    return PlaceRef(name=name, country=country, lat=lat, lon=lon, qid=qid,
                    population=population), ""


def _wikidata_year(text: str) -> str:
    """Wikidata stores a year-precision date as YYYY-01-01; keep only what is certain."""
    m = re.match(r"^[+]?(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return text
    if m.group(2) == "01" and m.group(3) == "01":
        return m.group(1)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def read(name: str, text: str, *, defaults: Defaults = Defaults(),
         encoding: str = "utf-8") -> ReadResult:
    """Records from SPARQL 1.1 JSON results; rows are numbered from 1 in binding order."""
    result = ReadResult(file=name, format="wikidata", encoding=encoding)
    doc, problem = textrows.parse_json(text)
    if problem:
        result.errors.append(Problem(name, 0, "", problem))
        return result
    head = doc.get("head") if isinstance(doc, dict) else None
    res = doc.get("results") if isinstance(doc, dict) else None
    vars_ = head.get("vars") if isinstance(head, dict) else None
    bindings = res.get("bindings") if isinstance(res, dict) else None
    if not isinstance(vars_, list) or not isinstance(bindings, list):
        result.errors.append(Problem(
            name, 0, "", f"JSON, but not SPARQL results: found {textrows.describe_json(doc)}; "
            'expected {"head": {"vars": [...]}, "results": {"bindings": [...]}} (the Wikidata '
            "Query Service's Download → JSON), or a CSV/TSV table"))
        return result
    vars_ = [str(v) for v in vars_]
    roles = _layout(vars_, [b for b in bindings if isinstance(b, dict)])
    result.columns = {k: v for k, v in roles.items() if v}
    if not roles["item_a"] or not roles["item_b"]:
        result.errors.append(Problem(
            name, 0, "", f"cannot tell the two sides apart in variables {vars_}; name them "
            "?city and ?twin (with ?cityLabel, ?twinLabel)"))
        return result
    if not bindings:
        result.errors.append(Problem(name, 0, "", "no results in the file"))
    for n, binding in enumerate(bindings, start=1):
        result.rows_read += 1
        if not isinstance(binding, dict):
            result.errors.append(Problem(name, n, "", "binding is not an object"))
            continue
        a, why_a = _place(binding, roles, "a")
        b, why_b = _place(binding, roles, "b")
        if a is None or b is None:
            result.errors.append(Problem(name, n, "", why_a or why_b))
            continue
        years = parse_years(_wikidata_year(_value(binding, roles["start"])),
                            _wikidata_year(_value(binding, roles["end"])))
        if years.problem:
            result.warnings.append(Problem(name, n, "", years.problem))
        stated = {"established"} if years.established else set()
        status = defaults.status
        if years.ended is not None:
            status = "ended"
            stated |= {"ended", "status"}
        source = ITEM_URL.format(a.qid) if a.qid else source_name(name)
        result.records.append(PairRecord(
            file=name, row=n, a=a, b=b, kind=defaults.kind, status=status,
            established=years.established, established_date=years.established_date,
            ended=years.ended, focus_areas=defaults.focus, source=source,
            stated=frozenset(stated),
        ))
    return result


# --- fetching ---------------------------------------------------------------------------

#: (url, headers, timeout) -> (HTTP status, response headers, body bytes)
HttpGet = Callable[[str, dict[str, str], float], tuple[int, dict[str, str], bytes]]


def urllib_get(url: str, headers: dict[str, str], timeout: float) -> tuple[int, dict, bytes]:
    """The real HTTP layer: status, headers and body; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers or {}), exc.read() or b""


class FetchError(RuntimeError):
    """The endpoint kept failing after every retry."""


@dataclass
class FetchResult:
    """All pages merged into one SPARQL JSON document."""

    document: dict
    pages: int
    rows: int
    retries: int


def build_query(limit: int, offset: int, country: str | None = None) -> str:
    """The P190 query for one page; ``country`` (ISO2) restricts the first side's country."""
    country_filter = ""
    if country:
        code = re.sub(r"[^A-Z]", "", country.upper())[:2]
        country_filter = f'?city wdt:P17/wdt:P297 "{code}" .'
    return QUERY_TEMPLATE.format(country_filter=country_filter, limit=int(limit),
                                 offset=int(offset))


def fetch(*, country: str | None = None, page_size: int = PAGE_SIZE,
          max_pages: int | None = None, http: HttpGet | None = None,
          sleep: Callable[[float], None] = time.sleep, retries: int = 5,
          backoff: float = 2.0, timeout: float = 70.0,
          progress: Callable[[int, int], None] | None = None) -> FetchResult:
    """Run the P190 query page by page until a short page; retry politely on failure."""
    http = http or urllib_get
    headers = {"User-Agent": USER_AGENT, "Accept": "application/sparql-results+json"}
    vars_: list[str] = []
    bindings: list[dict] = []
    pages = retried = 0
    offset = 0
    while max_pages is None or pages < max_pages:
        query = build_query(page_size, offset, country)
        url = f"{ENDPOINT}?{urllib.parse.urlencode({'query': query, 'format': 'json'})}"
        body = _get_with_retries(url, headers, http, sleep, retries, backoff, timeout)
        retried += body[1]
        try:
            doc = json.loads(body[0].decode("utf-8"))
            page = doc["results"]["bindings"]
            vars_ = vars_ or list(doc["head"]["vars"])
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise FetchError(f"page {pages + 1}: response is not SPARQL JSON ({exc})") from None
        bindings.extend(page)
        pages += 1
        if progress:
            progress(pages, len(bindings))
        if len(page) < page_size:
            break
        offset += page_size
        sleep(1.0)  # be gentle between pages
    document = {"head": {"vars": vars_}, "results": {"bindings": bindings}}
    return FetchResult(document, pages, len(bindings), retried)


def _get_with_retries(url: str, headers: dict, http: HttpGet, sleep, retries: int,
                      backoff: float, timeout: float) -> tuple[bytes, int]:
    last = ""
    for attempt in range(retries + 1):
        try:
            status, resp_headers, body = http(url, headers, timeout)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            status, resp_headers, body, last = 0, {}, b"", f"network error: {exc}"
        if status == 200:
            return body, attempt
        if status and status not in RETRY_STATUSES:
            raise FetchError(f"HTTP {status} from {ENDPOINT}: {body[:200]!r}")
        if status:
            last = f"HTTP {status}"
        if attempt == retries:
            break
        wait = backoff * (2 ** attempt)
        retry_after = {k.lower(): v for k, v in resp_headers.items()}.get("retry-after", "")
        if str(retry_after).strip().isdigit():
            wait = max(wait, float(retry_after))
        sleep(min(wait, 300.0))
    raise FetchError(f"gave up after {retries + 1} attempts ({last})")
