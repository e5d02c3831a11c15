"""The browser libraries the maps need, shipped in ``sistermap/webmap/assets/`` and never fetched.

Classrooms and council chambers are often offline or behind filters that block public CDNs,
so Leaflet lives inside the package (pinned, with its licence; see ``assets/README.md``).
Two ways to hand it to a browser:

- the app: the folder is registered with Streamlit as a (file-only) component, so the
  Streamlit server itself serves it at ``/component/<name>/…``; the map's iframe, which is
  served from ``/component/streamlit_folium…/``, loads it by a relative URL;
- a standalone file (``render``, the council kit): the files are inlined into the HTML, so a
  page opened from a USB stick with no network draws the map.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ASSET_DIR = Path(__file__).resolve().parent / "assets"
LEAFLET = "leaflet-1.9.4"
#: Files the map needs, in load order: (kind, path inside ASSET_DIR).
FILES = (("js", f"{LEAFLET}/leaflet.js"), ("css", f"{LEAFLET}/leaflet.css"))
#: The name Streamlit serves ASSET_DIR under: the app registers it (``app/serving.py``),
#: and Streamlit names a component after the module that declares it.
COMPONENT = "sistermap.app.serving.assets"


def files(kind: str) -> list[Path]:
    """The shipped files of one kind ("js" or "css"), in load order."""
    return [ASSET_DIR / path for k, path in FILES if k == kind]


def app_links(kind: str) -> list[tuple[str, str]]:
    """(name, URL) pairs for the map iframe in the app, relative to the iframe's own URL.

    streamlit-folium serves its iframe from ``<base>/component/streamlit_folium.st_folium/``,
    so ``../<COMPONENT>/…`` reaches this folder on the same server, whatever the base path.
    """
    return [(Path(path).stem + "_" + k, f"../{COMPONENT}/{path}")
            for k, path in FILES if k == kind]


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
