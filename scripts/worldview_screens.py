"""The world view at 25,000 links, ours beside the peer's, on the same list (issue 17, item 6).

Makes the peer's link list (its ``make_list.py``), imports it into SisterMap, renders our
standalone map on the light and the dark basemap (and any other colouring asked for), serves
the peer's build with the same list on loopback, and saves screenshots at 1920×1080 in
headless Chromium with no network: the peer's one CDN request (the world atlas) is answered
with its local copy, every other outside request is refused.

    python scripts/worldview_screens.py                  # docs/screens/worldview-25k-*.png
    python scripts/worldview_screens.py --links 10000 --color-by continent

The peer is not part of the project (``/work/shared/peer/hekman-twincities`` or
``--peer DIR``); without it the script says so, and with ``--list FILE`` (a list in the
peer's format) makes our screenshots only.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = Path("/work/shared/peer/hekman-twincities")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
SIZE = {"width": 1920, "height": 1080}
ATLAS = "https://cdn.jsdelivr.net/npm/world-atlas@2/countries-110m.json"


def _offline(route) -> None:
    """Loopback and file:// only; everything else is refused."""
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1", "http://localhost")):
        route.continue_()
    else:
        print(f"  refused {url[:100]}", file=sys.stderr)
        route.abort("internetdisconnected")


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _run(*cmd: str) -> None:
    print("  $", " ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)


def _ours(page, html: Path, out: Path) -> None:
    t0 = time.perf_counter()
    page.goto(html.as_uri(), wait_until="commit", timeout=180_000)
    page.wait_for_function("() => document.querySelector('canvas.sistermap-density')"
                           " && document.querySelector('.sistermap-legend')", timeout=180_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(out))
    print(f"  {out} ({time.perf_counter() - t0:.1f} s to draw and shoot)")


def _peer(page, peer: Path, csv: Path, tmp: Path, out: Path) -> None:
    site = tmp / "peer"
    shutil.copytree(peer / "build", site)
    shutil.copy(csv, site / "twin_cities.csv")
    atlas = (peer / "world-atlas" / "countries-110m.json").read_bytes()
    server, url = _serve(site)
    try:
        page.route(ATLAS, lambda r: r.fulfill(status=200, body=atlas,
                                              content_type="application/json"))
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=180_000)
        page.wait_for_selector("svg path", timeout=180_000)
        # The intro modal: close it (a button or Escape), whichever it offers.
        page.wait_for_timeout(1500)
        for name in ("Close", "close", "OK", "Got it", "Start", "Explore", "×"):
            button = page.get_by_role("button", name=name)
            if button.count():
                button.first.click()
                break
        else:
            page.keyboard.press("Escape")
        page.wait_for_timeout(4000)
        page.screenshot(path=str(out))
        print(f"  {out} ({time.perf_counter() - t0:.1f} s to draw and shoot)")
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=int, default=25_000)
    ap.add_argument("--peer", type=Path, default=PEER, help="the peer's folder")
    ap.add_argument("--list", type=Path, default=None,
                    help="the link list to draw (default: made by the peer's make_list.py)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    ap.add_argument("--color-by", nargs="*", default=[],
                    help="colourings to shoot besides the default (on the dark basemap)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    have_peer = (args.peer / "make_list.py").exists() and (args.peer / "build").exists()
    if not have_peer:
        print(f"The peer is absent ({args.peer}): no peer screenshot. Pass --peer DIR.",
              file=sys.stderr)
        if args.list is None:
            print("Without the peer, pass --list FILE (its format: city1, country1, lat1, lng1, "
                  "city2, country2, lat2, lng2) to make our screenshots.", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    tag = f"worldview-{args.links // 1000}k"
    with tempfile.TemporaryDirectory(prefix="sm-worldview-") as t:
        tmp = Path(t)
        csv = args.list or tmp / "list.csv"
        if args.list is None:
            _run(sys.executable, str(args.peer / "make_list.py"), str(csv), "--links",
                 str(args.links))
        _run(sys.executable, "-m", "sistermap", "import", str(csv), "--out", str(tmp / "data"))
        maps = {"ours-light": ["--basemap", "plain"], "ours-dark": ["--basemap", "dark"]}
        maps |= {f"ours-dark-{c}": ["--basemap", "dark", "--color-by", c]
                 for c in args.color_by}
        for name, extra in maps.items():
            _run(sys.executable, "-m", "sistermap", "render", "--data", str(tmp / "data"),
                 "--out", str(tmp / f"{name}.html"), *extra)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for name in maps:
                    context = browser.new_context(viewport=SIZE)
                    context.route("**/*", _offline)
                    _ours(context.new_page(), tmp / f"{name}.html",
                          args.out / f"{tag}-{name}.png")
                    context.close()
                if not have_peer:
                    return 0
                context = browser.new_context(viewport=SIZE)
                context.route("**/*", _offline)
                _peer(context.new_page(), args.peer, csv, tmp, args.out / f"{tag}-peer.png")
                context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
