"""Let the running Streamlit server serve the shipped browser libraries (Leaflet).

A v1 component declared with a path is served file by file by Streamlit's own component
route; it is never rendered as a widget. The map's iframe loads the files by the relative
URLs of ``webmap.webassets.app_links``, which name this module: moving it breaks them, so
``register`` checks the name.
"""

from __future__ import annotations

import streamlit.components.v1 as components

from sistermap.webmap.webassets import ASSET_DIR, COMPONENT

_REGISTERED = False


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
    _REGISTERED = True
