"""The browser tests' network: the machine and nothing else.

Every request that would leave the machine is refused and recorded, so a test fails if the
app or a standalone file tries to load anything from outside (a CDN script, a font, an
icon). The only outside requests allowed to be *attempted* are OpenStreetMap's optional
tiles; they are refused too (there is no network at run time) and the map must say so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://127.0.0.1", "ws://localhost", "file:",
         "data:", "blob:", "about:")
TILES = ("https://tile.openstreetmap.org/",)


class Network:
    """A Playwright route handler that refuses and records every outside request."""

    def __init__(self) -> None:
        self.outside: list[str] = []  # attempted requests that are not allowed: a failure
        self.tiles: list[str] = []  # optional map tiles (refused, and allowed to be tried)

    def handle(self, route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
            return
        (self.tiles if url.startswith(TILES) else self.outside).append(url)
        route.abort("internetdisconnected")


def available() -> bool:
    return Path(CHROMIUM).exists()
