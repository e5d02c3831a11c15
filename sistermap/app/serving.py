"""Let the running Streamlit server serve the shipped browser libraries (Leaflet).

A v1 component declared with a path is served file by file by Streamlit's own component
route; it is never rendered as a widget. The map's iframe loads the files by the relative
URLs of ``webmap.webassets.app_links``, which name this module: moving it breaks them, so
``register`` checks the name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import streamlit.components.v1 as components

from sistermap.webmap.webassets import ASSET_DIR, COMPONENT, FONT_COMPONENT, font_dir

_REGISTERED = False
#: Files the live map loads (its script, basemap and shared data), named by their content
#: so a browser may keep them and a rerun never sends them again. Served like ASSET_DIR, by
#: a file-only component; only shared data is written here (never a session's upload).
LIVE_DIR = Path(tempfile.gettempdir()) / f"sistermap-live-{os.getuid()}"
LIVE = "sistermap.app.serving.live"
_LIVE_REGISTERED = False


def publish(text: str, suffix: str = ".js") -> str:
    """Write ``text`` to LIVE_DIR under its digest (once) and return its URL, relative to
    the map's iframe (as ``webassets.app_links``)."""
    global _LIVE_REGISTERED
    LIVE_DIR.mkdir(parents=True, exist_ok=True)
    if not _LIVE_REGISTERED:
        declared = components.declare_component("live", path=str(LIVE_DIR))
        if declared.name != LIVE:
            raise RuntimeError(f"live files served as {declared.name}, expected {LIVE}")
        _LIVE_REGISTERED = True
    data = text.encode("utf-8")
    name = hashlib.sha256(data).hexdigest()[:24] + suffix
    target = LIVE_DIR / name
    if not target.exists():
        with tempfile.NamedTemporaryFile(dir=LIVE_DIR, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        target.chmod(0o644)
    return f"../{LIVE}/{name}"


def register() -> None:
    """Let the running Streamlit server serve ASSET_DIR (idempotent; app only).

    A v1 component declared with a path is served file by file by Streamlit's own component
    route; it is never rendered as a widget.
    """
    global _REGISTERED
    if _REGISTERED:
        return
    declared = components.declare_component("assets", path=str(ASSET_DIR))
    if declared.name != COMPONENT:  # the module moved: the URLs above would be wrong
        raise RuntimeError(f"assets served as {declared.name}, expected {COMPONENT}")
    # IPAex Gothic (matplotlib-fontja's copy, already used for images and sheets), for
    # Japanese text in the browser: see webassets.font_face and language.fonts.
    fonts = components.declare_component("fonts", path=str(font_dir()))
    if fonts.name != FONT_COMPONENT:
        raise RuntimeError(f"fonts served as {fonts.name}, expected {FONT_COMPONENT}")
    _REGISTERED = True

