"""Screenshots of the app as people see it, at a projector's, a laptop's and a phone's size.

Starts the app on a dataset (default: the shipped data), opens pages in headless Chromium
with no network beyond the machine, and saves PNGs into a folder (default docs/screens/).
Used to judge the map by eye and to keep current pictures in docs/.

    python scripts/screenshots.py                       # shipped data, docs/screens/
    python scripts/screenshots.py --data /tmp/wd --tag wikidata --pages /
    python scripts/screenshots.py --lang ja --pages / /city?city=coventry   # in Japanese
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"projector": (1920, 1080), "laptop": (1400, 900), "phone": (390, 844)}
PAGES = {"/": "map", "/?city=coventry": "map-coventry", "/city?city=coventry": "city-coventry",
         # Every known link (the Wikidata layer, ~11,000 links) and a city in it (issue 10).
         "/?sources=all": "map-all-sources", "/?sources=all&city=saint-paul":
         "map-all-sources-saint-paul",
         # The guided tour in presenter mode (issue 11): wartime, the 1950s, the climate gap.
         "/tour?step=2&present=1": "tour-2-present", "/tour?step=5&present=1": "tour-5-present",
         "/tour?step=10&present=1": "tour-10-present"}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_map(page, timeout: float = 60.0) -> None:
    """Until a map has drawn (or the page has none), then a moment for labels to settle."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        page.wait_for_timeout(500)
        for frame in page.frames:
            try:
                if frame.evaluate("() => !!(window.map && window.map.sistermap)"):
                    page.wait_for_timeout(2500)
                    for f in page.frames:  # web fonts (the app's Japanese face) in place
                        f.evaluate("() => document.fonts.ready.then(() => true)")
                    page.wait_for_timeout(500)
                    return
            except Exception:  # a frame still loading
                pass
    page.wait_for_timeout(2000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="", help="dataset directory (default: data/)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    ap.add_argument("--tag", default="curated", help="file name prefix")
    ap.add_argument("--pages", nargs="*", default=list(PAGES), help="paths to open")
    ap.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    ap.add_argument("--lang", default="", help="interface language (?lang=de, ja, …); the "
                    "file names get it after the tag")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = _port()
    env = {**os.environ, "SISTERMAP_DATA": args.data} if args.data else dict(os.environ)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                               "--server.port", str(port), "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    outside: list[str] = []
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for size in args.sizes:
                w, h = SIZES[size]
                for path in args.pages:
                    ctx = browser.new_context(viewport={"width": w, "height": h})

                    def route(r, ctx=ctx):
                        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                            r.continue_()
                        else:
                            outside.append(r.request.url)
                            r.abort()
                    ctx.route("**/*", route)
                    page = ctx.new_page()
                    page.goto(url + path + (("&" if "?" in path else "?") + f"lang={args.lang}"
                                            if args.lang else ""))
                    _wait_for_map(page)
                    name = PAGES.get(path, path.strip("/").replace("?", "-").replace("=", "-")
                                     or "map")
                    tag = f"{args.tag}-{args.lang}" if args.lang else args.tag
                    target = out / f"{tag}-{name}-{size}.png"
                    page.screenshot(path=str(target))
                    print(target)
                    ctx.close()
            browser.close()
    finally:
        server.terminate()
    if outside:
        print("requests that tried to leave the machine:", sorted(set(outside)))
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
