"""``make bench``: the map at scale (server and browser) and the council kit; geocoding and
import have their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    rc = 0
    for script in ("bench_map.py", "bench_browser.py", "bench_kit.py", "bench_animation.py"):
        print(f"== {script}", flush=True)
        rc |= subprocess.call([sys.executable, str(HERE / script), *sys.argv[1:]])
    sys.exit(rc)
