"""What a viewer installs, and how long until the first page: a fresh venv per requirements file.

For each file given, a new virtual environment in a temporary directory: ``pip install -r``
(pip's cache allowed, so the second install of a package is not a download), its size on
disk, the number of packages, then ``streamlit run app.py`` from it until the first map
arrives (a websocket reader of bench/bench_load.py asks for the page, as a browser does).

    python bench/bench_install.py requirements.txt requirements-dev.txt
    python bench/bench_install.py /path/to/old/requirements.txt requirements.txt  # before/after
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_load import Reader  # noqa: E402
from sistermap import deploy  # noqa: E402
from tests.deploy.cluster import free_port, wait_http  # noqa: E402


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()
               ) / 1e6


def measure(requirements: Path, base: Path) -> dict:
    venv = base / "venv"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True,
                   stderr=subprocess.DEVNULL)
    subprocess.run([py, "-m", "pip", "install", "--quiet", "-r", str(requirements)],
                   check=True, cwd=requirements.parent, stderr=subprocess.DEVNULL)
    install = time.perf_counter() - t0
    packages = subprocess.run([py, "-m", "pip", "list", "--format=freeze"], check=True,
                              capture_output=True, text=True).stdout.count("\n")
    port = free_port()
    home = base / "home"
    (home / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "streamlit" / "config.toml", home / ".streamlit")
    t1 = time.perf_counter()
    proc = subprocess.Popen(deploy.replica_command(py, str(ROOT / "app.py"), port), cwd=ROOT,
                            env={**os.environ, "HOME": str(home)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}{deploy.HEALTH_PATH}", proc, timeout=180)
        started = time.perf_counter() - t1

        async def first_map() -> None:
            reader = Reader(f"ws://127.0.0.1:{port}{deploy.STREAM_PATH}")
            await reader.connect()
            await reader.rerun(180)
            await reader.ws.close()

        asyncio.run(first_map())
        first = time.perf_counter() - t1
    finally:
        proc.terminate()
        proc.wait(20)
    return {"install_s": install, "mb": dir_mb(venv), "packages": packages,
            "server_s": started, "first_map_s": first}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("requirements", nargs="+", type=Path)
    args = ap.parse_args()
    print("requirements                       install   venv MB  packages  server up  "
          "first map  install+first map")
    for req in args.requirements:
        base = Path(tempfile.mkdtemp(prefix="sistermap-install-"))
        try:
            r = measure(req.resolve(), base)
        finally:
            shutil.rmtree(base, ignore_errors=True)
        print(f"{str(req)[-34:]:34s} {r['install_s']:7.0f} s  {r['mb']:7.0f}  {r['packages']:8d}"
              f"  {r['server_s']:7.1f} s  {r['first_map_s']:7.1f} s  "
              f"{r['install_s'] + r['first_map_s']:7.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
