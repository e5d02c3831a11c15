"""The browser libraries the maps need, shipped in ``sistermap/webmap/assets/`` and never fetched.

Classrooms and council chambers are often offline or behind filters that block public CDNs,
so Leaflet lives inside the package (pinned, with its licence; see ``assets/README.md``).
Two ways to hand it to a browser:

- the app: the folder is registered with Streamlit as a (file-only) component, so the
  Streamlit server itself serves it at ``/component/<name>/…``; the map's iframe, which is
  served from ``/component/streamlit_folium…/``, loads it by a relative URL;
- a standalone file (``render``, the council kit): the files are inlined into the HTML, so a
  page opened from a USB stick with no network draws the map.

The map's own script is kept in ``js/``, one file per concept (like Leaflet's ``src/``), and
its style in ``map.css``; :func:`map_js` joins them, in the order of :data:`JS_FILES`, into
the one script every map page inlines (no build step, nothing fetched).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sistermap import geo

ASSET_DIR = Path(__file__).resolve().parent / "assets"
LEAFLET = "leaflet-1.9.4"
#: Files the map needs, in load order: (kind, path inside ASSET_DIR).
FILES = (("js", f"{LEAFLET}/leaflet.js"), ("css", f"{LEAFLET}/leaflet.css"))
#: Files only the app's map loads: the Japanese font face, served by the app
#: (``FONT_COMPONENT``), so names and the interface in Japanese draw on any machine.
APP_FILES = (("css", "fonts.css"),)
#: The name Streamlit serves ASSET_DIR under: the app registers it (``app/serving.py``),
#: and Streamlit names a component after the module that declares it.
COMPONENT = "sistermap.app.serving.assets"
#: The name the app serves matplotlib-fontja's IPAex Gothic under (``app/serving.py``).
FONT_COMPONENT = "sistermap.app.serving.fonts"
FONT_FILE = "ipaexg.ttf"
#: The characters the served font is used for (CJK, kana, full-width forms): a browser
#: downloads it only for a page that shows one, and only if no local font has them.
CJK_RANGES = ("U+3000-303F, U+3040-30FF, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, "
              "U+F900-FAFF, U+FF00-FFEF")


def font_dir() -> Path:
    """The folder of the IPAex Gothic font file that the pip package matplotlib-fontja ships
    (found without importing it: that would load matplotlib)."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib_fontja")
    folder = Path(spec.origin if spec and spec.origin else ".").parent / "fonts"
    if not (folder / FONT_FILE).exists():
        raise RuntimeError(f"{FONT_FILE} is missing from matplotlib-fontja")
    return folder


def font_face(family: str, url: str) -> str:
    """CSS ``@font-face`` rules giving ``family`` IPAex Gothic for CJK characters: a local
    Japanese font when the reader has one, else the app's copy at ``url``. Upright and
    italic (emphasis in Japanese text is drawn upright rather than as boxes)."""
    return "".join(
        f'@font-face{{font-family:"{family}";src:local("IPAexGothic"),'
        f'local("Noto Sans CJK JP"),local("Noto Sans JP"),url("{url}") format("truetype");'
        f"unicode-range:{CJK_RANGES};font-weight:100 900;font-style:{style};"
        "font-display:swap}" for style in ("normal", "italic"))

JS_DIR = Path(__file__).resolve().parent / "js"
CSS_FILE = Path(__file__).resolve().parent / "map.css"
#: The map script's files, in load order. Each attaches its functions to one namespace
#: object (``SM``) and calls the others' only through it, at run time, so a file can be
#: loaded alone under node for its tests; ``main.js`` last, as it names the public API.
JS_FILES = (
    "geometry.js",    # great-circle arcs, the antimeridian, the world's frame (pure)
    "data.js",        # the shared table, the playback rule, tooltips, the selection (pure)
    "layers.js",      # link and city layers, lazy level of detail
    "density.js",     # the density canvas of big maps
    "theme.js",       # the dark theme, following the basemap
    "control.js",     # what the controls share: a control from a function, screen sizes
    "legend.js",      # the legend control
    "fullscreen.js",  # the full-screen button
    "notice.js",      # the notice control and the tiles' fallback to the plain map
    "labels.js",      # label placement (pure) and drawing
    "framing.js",     # world / selection framing (fitView: pure), the map's height
    "playback.js",    # setYear: the map in one year
    "yearcontrol.js",  # the year (playback) control
    "live.js",        # the app's live map: selection in place, updates from the app
    "clear.js",       # panels and the year label kept off the cities a map is about
    "keys.js",        # a remote's keys, passed on from the map's frame to the page
    "a11y.js",        # the map by keyboard and screen reader; reduced motion
    "main.js",        # finish(): everything after the layers; the public API
)
#: Placeholders in the script, filled in from geo.py (the arcs' level of detail).
JS_CONSTANTS = {"__EARTH__": repr(geo.EARTH_RADIUS_KM), "__KMV__": repr(geo.KM_PER_VERTEX),
                "__MAXSEG__": str(geo.MAX_SEGMENTS)}


def files(kind: str, app: bool = False) -> list[Path]:
    """The shipped files of one kind ("js" or "css"), in load order; with ``app``, also the
    app's own (``APP_FILES``: what :func:`app_links` names, file for file)."""
    return [ASSET_DIR / path for k, path in FILES + (APP_FILES if app else ()) if k == kind]


def app_links(kind: str) -> list[tuple[str, str]]:
    """(name, URL) pairs for the map iframe in the app, relative to the iframe's own URL.

    streamlit-folium serves its iframe from ``<base>/component/streamlit_folium.st_folium/``,
    so ``../<COMPONENT>/…`` reaches this folder on the same server, whatever the base path.
    """
    return [(Path(path).stem + "_" + k, f"../{COMPONENT}/{path}")
            for k, path in FILES + APP_FILES if k == kind]


@lru_cache(maxsize=1)
def inline_head() -> str:
    """``<style>`` and ``<script>`` elements with the files' contents, for standalone HTML."""
    parts = []
    for path in files("css"):
        parts.append(f"<style>{path.read_text(encoding='utf-8')}</style>")
    for path in files("js"):
        text = path.read_text(encoding="utf-8")
        if "</script" in text.lower():  # cannot happen with the shipped files; never embed it
            raise ValueError(f"{path.name} cannot be inlined in a <script> element")
        parts.append(f"<script>{text}</script>")
    return "\n".join(parts)


def map_css() -> str:
    """The map's own style (legend, labels, notices, year control)."""
    return CSS_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def map_js() -> str:
    """The browser half of the map: ``js/`` joined in :data:`JS_FILES` order, with the
    arcs' parameters of geo.py filled in and the CSS included (``finish`` injects it).

    The whole is one function run once per page: ``window.SisterMap`` (``build``,
    ``finish``, ``arc``, ...) is defined by the first map script of a page and kept.
    """
    parts = [f"/* ---- {name} ---- */\n" + (JS_DIR / name).read_text(encoding="utf-8")
             for name in JS_FILES]
    css = json.dumps(map_css(), ensure_ascii=False).replace("<", "\\u003c")
    text = ("window.SisterMap = window.SisterMap || (function () {\n\"use strict\";\n"
            "var SM = {};\nSM.CSS = " + css + ";\n" + "\n".join(parts) +
            "\nreturn SM.api;\n})();\n")
    for key, value in JS_CONSTANTS.items():
        text = text.replace(key, value)
    if "</script" in text.lower():
        raise ValueError("the map script cannot be inlined in a <script> element")
    return text
