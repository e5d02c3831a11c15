"""N app replicas behind HAProxy on loopback, started and stopped by a test or a benchmark.

Everything runs as the caller's own child processes on free loopback ports, with a temporary
HAProxy configuration (``sistermap.deploy.haproxy_config``, the one the shipped example is
made from) and a temporary home whose ``~/.streamlit/config.toml`` is the production one
(deploy/streamlit/config.toml): the replicas run as a deployment runs them. No system service
is touched. HAProxy's statistics page (CSV) tells whether it sees a replica up or down.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sistermap import deploy

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_CONFIG = ROOT / "deploy" / "streamlit" / "config.toml"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
#: Quick health checks for tests: a dead replica is marked down within about a second.
FAST_CHECKS = {"check_interval": "300ms", "fall": 2, "rise": 1}


def haproxy_available() -> bool:
    return Path(HAPROXY).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 90) -> None:
    """Wait until ``url`` answers 200 (or fail when ``proc`` exits first)."""
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


class Cluster:
    """``replicas`` Streamlit processes serving ``data`` behind one HAProxy address."""

    def __init__(self, data: Path, replicas: int = 2, *, cookie_secret: str = "test-secret",
                 checks: dict | None = None, python: str = sys.executable):
        self.home = Path(tempfile.mkdtemp(prefix="sistermap-cluster-"))
        (self.home / ".streamlit").mkdir()
        shutil.copy(PRODUCTION_CONFIG, self.home / ".streamlit" / "config.toml")
        env = {**os.environ, "HOME": str(self.home), "SISTERMAP_DATA": str(data),
               "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
        self.ports = [free_port() for _ in range(replicas)]
        self.apps: list[subprocess.Popen] = []
        self.haproxy: subprocess.Popen | None = None
        try:
            for port in self.ports:
                self.apps.append(subprocess.Popen(
                    deploy.replica_command(python, str(ROOT / "app.py"), port),
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            for port, proc in zip(self.ports, self.apps):
                wait_http(f"http://127.0.0.1:{port}{deploy.HEALTH_PATH}", proc)
            self.port, self.stats_port = free_port(), free_port()
            balancer = deploy.Balancer(bind=f"127.0.0.1:{self.port}",
                                       stats_bind=f"127.0.0.1:{self.stats_port}",
                                       **(checks or FAST_CHECKS))
            config = self.home / "haproxy.cfg"
            config.write_text(deploy.haproxy_config([("127.0.0.1", p) for p in self.ports],
                                                    balancer), encoding="utf-8")
            self.haproxy = subprocess.Popen([HAPROXY, "-f", str(config), "-db"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self.url = f"http://127.0.0.1:{self.port}"
            wait_http(self.url + deploy.HEALTH_PATH, self.haproxy, timeout=20)
            self.wait_status(["UP"] * replicas)
        except BaseException:
            self.stop()
            raise

    def status(self) -> dict[str, str]:
        """HAProxy's view of each replica (``app1`` … → ``UP``/``DOWN``/…)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.stats_port}/;csv", timeout=5) as r:
            rows = csv.DictReader(io.StringIO(r.read().decode().lstrip("# ")))
            return {row["svname"]: row["status"].split()[0] for row in rows
                    if row["pxname"] == "replicas" and row["svname"].startswith("app")}

    def wait_status(self, want: list[str], timeout: float = 20) -> dict[str, str]:
        """Wait until HAProxy sees the replicas as ``want`` (in order); the last status."""
        end, seen = time.time() + timeout, {}
        while time.time() < end:
            seen = self.status()
            if [seen.get(f"app{i + 1}") for i in range(len(want))] == want:
                return seen
            time.sleep(0.2)
        raise AssertionError(f"HAProxy sees {seen}, expected {want}")

    def kill(self, index: int) -> None:
        """Kill replica ``index`` (0-based) at once, as a crash would."""
        self.apps[index].kill()
        self.apps[index].wait(10)

    def memory_kb(self) -> list[int]:
        """Each live replica's resident memory (kB), from /proc (0 for a dead one)."""
        out = []
        for proc in self.apps:
            try:
                status = Path(f"/proc/{proc.pid}/status").read_text()
                out.append(int(next(line.split()[1] for line in status.splitlines()
                                    if line.startswith("VmRSS:"))))
            except (OSError, StopIteration):
                out.append(0)
        return out

    def stop(self) -> None:
        for proc in [*self.apps, *([self.haproxy] if self.haproxy else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.apps, *([self.haproxy] if self.haproxy else [])]:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.home, ignore_errors=True)
