"""The contract between the map's two halves: every key Python sends to the browser script.

``plan.py`` serialises the filtered data as one shared table (``DATA`` and, when present,
``OPTIONAL``), and ``elements.py`` passes options to the script's ``build`` (``BUILD``, per
layer) and ``finish`` (``FINISH``, once; with ``LEGEND``, ``FRAME`` and ``TIMELINE`` inside).
The browser (``js/``) reads them under fixed names: the table is ``d``, its ``lod`` entry
``lod`` (``LOD``), the options ``opt``, the legend ``spec``, the frame ``f`` and the timeline
``tl``; on ``d`` it also keeps what it derives itself (``BROWSER``, never sent).

Each entry is ``key: (type, meaning)``. The tests hold both sides to this list: the plan's
output has exactly these keys (tests/webmap/test_contract.py), and every key the script reads
is listed here and every listed key is read (the same test, reading the JS source).
Column-like entries (``ci`` … ``cr``: one per city, ``la`` … ``ls``: one per link) have one
value per row, in the row order of ``ci`` (cities, best-connected first) or of the links.
"""

from __future__ import annotations

#: The shared table, always sent. Cities are rows 0..n-1 of the c* columns.
DATA: dict[str, tuple[str, str]] = {
    "ci": ("list[str]", "city id per city row (returned on a click on the city)"),
    "cn": ("list[str]", "city name, HTML-escaped (labels, tooltips)"),
    "cc": ("list[int]", "country of the city: an index into co"),
    "co": ("list[str]", "country names, HTML-escaped (each once)"),
    "cx": ("list[int]", "longitude × COORD_SCALE (10,000 per degree)"),
    "cy": ("list[int]", "latitude × COORD_SCALE"),
    "ck": ("list[int]", "partners shown on this map"),
    "cd": ("list[int]", "partners in all (the city's degree in the whole dataset)"),
    "cr": ("list[int]", "marker radius in tenths of a pixel"),
    "rk": ("list[int]", "marker radius in tenths of a pixel for k partners (index k)"),
    "la": ("list[int]", "first city of the link: a city row"),
    "lb": ("list[int]", "second city of the link: a city row"),
    "lk": ("list[int]", "link style: an index into styles"),
    "ly": ("list[int]", "year formed, 0 when unknown (never played)"),
    "le": ("list[int]", "year the link left the map (ended/suspended), 0 for never"),
    "ls": ("list[int]", "status: an index into stl, 0 for active"),
    "stl": ("list[str]", "status labels, HTML-escaped; stl[0] is '' (active)"),
    "std": ("list[int]", "per status (as stl): 1 if its links are drawn dashed"),
    "styles": ("list[str]", "style keys (eras or focus areas), in legend order"),
    "colors": ("dict[str, str]", "style key -> CSS colour"),
    "c0": ("float", "longitude the world is centred on (plan.world_centre)"),
    "lod": ("dict | None", "level-of-detail settings (LOD) for big maps, else null"),
    "tx": ("dict[str, str]", "the words the script writes, HTML-escaped, in the reader's "
           "language (plan.map_texts)"),
}
#: Sent only when needed.
OPTIONAL: dict[str, tuple[str, str]] = {
    "pid": ("list[str]", "pair id per link, when it is not 'city_a_id~city_b_id'"),
    "lm": ("list[int]", "who lists the link: an index into mk (only with several sources)"),
    "mk": ("list[str]", "sources' marks, HTML-escaped ('reviewed + Wikidata', 'community "
                        "contributed, reviewed')"),
    "rs": ("float", "marker radius scale (level-of-detail maps: 0.6)"),
}
#: ``d.lod`` of a level-of-detail map.
LOD: dict[str, tuple[str, str]] = {
    "zoom": ("int", "zoom from which each link is built as a layer (plan.DETAIL_ZOOM)"),
    "links": ("int", "most links built at once when zoomed in"),
    "cities": ("int", "most cities built at once when zoomed in"),
    "top": ("int", "best-connected cities drawn when zoomed out"),
}
#: Options of ``SisterMap.build(map, d, role, key, opt)``, one call per layer.
BUILD: dict[str, tuple[str, str]] = {
    "cityStyles": ("dict[str, dict]", "marker styles by kind: city, mine (partner), sel"),
    "sel": ("int", "the selected city's row, or -1"),
}
#: Options of ``SisterMap.finish(map, d, opt)``, once after every layer.
FINISH: dict[str, tuple[str, str]] = {
    "legend": ("dict", "the legend (LEGEND)"),
    "fullscreen": ("bool", "draw the full-screen button"),
    "cityStyles": ("dict[str, dict]", "marker styles (as BUILD), for highlighted cities"),
    "theme": ("str", "'light' or 'dark' (the dark basemap): the container's sm-dark class"),
    "labels": ("bool", "name cities on the map"),
    "frame": ("dict", "what the map opens on (FRAME)"),
    "timeline": ("dict | None", "the year control's data (TIMELINE), or null: no control"),
    "year": ("int | None", "the year playback opens at (paused), or null: every link"),
    "highlight": ("list[int]", "city rows named and emphasised whatever the zoom"),
    "a11y": ("dict", "what a screen reader is told about the map (A11Y), translated"),
}
#: ``opt.a11y``, read as ``tx`` by a11y.js: the map's name and help for a screen reader.
A11Y: dict[str, tuple[str, str]] = {
    "name": ("str", "the map's accessible name"),
    "role": ("str", "what the map is called as a kind of thing ('map')"),
    "help": ("str", "the keys that work on the map"),
    "none": ("str", "said when no city is drawn"),
    "selected": ("str", "said on a selection; '{city}' is the city's name, country, partners"),
}
LEGEND: dict[str, tuple[str, str]] = {
    "title": ("str", "heading, HTML-escaped"),
    "items": ("list[[str, str]]", "(CSS colour, label HTML-escaped) per style shown"),
    "note": ("str", "a line under the items, HTML-escaped ('' for none)"),
    "sel": ("str", "the selected city's swatch label ('' without a selection)"),
    "dash": ("str", "the dashed swatch's label (ended or suspended links)"),
}
FRAME: dict[str, tuple[str, str]] = {
    "mode": ("str", "'world', 'selection' (fit the selected city's links: the browser "
                    "computes the box), 'view' (center, zoom) or 'bounds'"),
    "world": ("[[s, w], [n, e]]", "the world view (plan.world_bounds)"),
    "center": ("[lat, lon] | None", "the centre of a 'view'"),
    "zoom": ("float | None", "the zoom of a 'view' (4 when null)"),
    "bounds": ("[[s, w], [n, e]] | None", "the box of 'bounds' (fitted as geo.fit_view)"),
}
#: ``timeline.Timeline.as_json``.
TIMELINE: dict[str, tuple[str, str]] = {
    "lo": ("int", "first year with a link formed"),
    "hi": ("int", "last year played"),
    "hist": ("list[int]", "links formed per year, lo..hi"),
    "undated": ("int", "links with no known year (never played)"),
    "endless": ("int", "ended links with no known end year (they stay)"),
}
#: Kept on ``d`` by the browser itself (never sent): documented so none clashes with a key.
BROWSER: dict[str, tuple[str, str]] = {
    "x": ("Float64Array", "longitude in degrees, in the world's frame around c0"),
    "y": ("Float64Array", "latitude in degrees"),
    "sel": ("int", "the selected city's row (from BUILD sel), or -1"),
    "mine": ("dict[int, 1] | undefined", "the selected city's partners' rows"),
    "yr": ("int | None", "the year being played (null: every link)"),
    "con": ("Int32Array", "links on the map per city in the year played"),
    "hl": ("list[int]", "highlighted rows (FINISH highlight)"),
    "hlset": ("dict[int, 1]", "the same, as a set"),
    "on": ("Uint8Array | None", "links the app's filters keep (live.js; null: every link)"),
    "rowOf": ("dict[str, int]", "a city's row by its id (live.js, for a clicked label)"),
    "ck0": ("list[int]", "ck as built, before a filter mask recounted it (data.js recount)"),
    "cr0": ("list[int]", "cr as built, before a filter mask recounted it"),
}
#: Keys the browser adds to a sent object before reading it (not sent by Python).
LEGEND_BROWSER = {"compact": ("bool", "the year control is shown: keep the legend folded"),
                  "dashed": ("bool", "some link is drawn dashed: show the dashed swatch")}
