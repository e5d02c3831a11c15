"""A throwaway PostgreSQL cluster for the contrib tests: Debian's binaries, a temporary data
directory, a free loopback port, trust authentication (nothing but this machine can reach it).

PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass

REQUIRE_ENV = "SISTERMAP_REQUIRE_POSTGRES"


def binaries() -> str | None:
    """The directory holding ``initdb`` and ``pg_ctl``, newest version first, or None."""
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(f"{d}/initdb") and os.path.exists(f"{d}/pg_ctl"):
            return d
    found = shutil.which("initdb")
    return os.path.dirname(found) if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bindir: str
    root: str
    port: int
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run([*self.prefix, f"{self.bindir}/pg_ctl", "-D", f"{self.root}/data",
                        "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> Cluster:
    bindir = binaries()
    if bindir is None:
        raise FileNotFoundError("initdb/pg_ctl not found (Debian package 'postgresql')")
    root = tempfile.mkdtemp(prefix="sistermap-pg-")
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*prefix, f"{bindir}/initdb", "-D", f"{root}/data", "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync"], capture_output=True,
                   check=True)
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    subprocess.run([*prefix, f"{bindir}/pg_ctl", "-D", f"{root}/data", "-o", opts, "-w",
                    "-l", f"{root}/log", "start"], capture_output=True, check=True)
    return Cluster(bindir, root, port, prefix)
