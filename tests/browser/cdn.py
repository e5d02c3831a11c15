"""Serve the CDN assets Folium's HTML names from local npm copies, for offline Chromium.

Folium loads Leaflet and friends from public CDNs, which this machine cannot reach. The
browser tests install the same versions from npm (tests/browser/package.json) and answer
those requests from disk through Playwright's request routing. A request for a version
other than the installed one fails loudly, so a Folium upgrade cannot silently test
against the wrong Leaflet. Anything else from outside (map tiles, fonts) is aborted.
"""

from __future__ import annotations

import json
import mimetypes
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]

_JSDELIVR = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/(.+)$")
_FIXED = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.js": ("drmonty-leaflet-awesome-markers", "2.0.2",
                                   "js/leaflet.awesome-markers.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.css": ("drmonty-leaflet-awesome-markers", "2.0.2",
                                    "css/leaflet.awesome-markers.css"),
}
served: list[str] = []


def available() -> bool:
    return Path(CHROMIUM).exists() and (MODULES / "leaflet" / "dist" / "leaflet.js").exists()


def local_file(url: str) -> Path | None:
    """The npm file that stands in for a CDN URL, or None when there is no local copy."""
    if url in _FIXED:
        package, version, path = _FIXED[url]
    else:
        m = _JSDELIVR.match(url.split("?")[0])
        if not m:
            return None
        package, version, path = m.groups()
    root = MODULES / package
    if not root.exists():
        return None
    installed = json.loads((root / "package.json").read_text())["version"]
    if installed != version:
        raise AssertionError(f"{url} wants {package}@{version}, npm installed {installed}")
    file = root / path
    if not file.exists() and ".min." in path:
        file = root / path.replace(".min.", ".")  # some packages ship only the unminified file
    return file if file.exists() else None


def handle(route) -> None:
    """Playwright route handler for every request that leaves localhost."""
    url = route.request.url
    local = ("http://localhost", "http://127.0.0.1", "file:", "data:", "blob:", "about:")
    if url.startswith(local):
        route.continue_()
        return
    file = local_file(url)
    if file is None:
        route.abort()
        return
    served.append(url)
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=file.read_bytes(), content_type=mime,
                  headers={"Access-Control-Allow-Origin": "*"})
