"""Serving the live app to the public: the load balancer's configuration and a replica's command.

Streamlit keeps one session per browser tab in one server process, so a burst of readers
needs several processes ("replicas") behind a load balancer. Three things must hold for
Streamlit behind HAProxy, and they are written here once, for the tests, the load test
(bench/bench_load.py) and the shipped example (deploy/haproxy.cfg), so they cannot drift:

- **Affinity**: a tab's websocket, its media files and its component iframes (the map) live
  in one process; a cookie (``SERVERID``) keeps a browser on the replica that holds them.
- **Health**: HAProxy asks each replica's ``/_stcore/health`` and stops sending new readers
  to one that fails; ``option redispatch`` sends a reader whose cookie names a dead replica
  to a healthy one (the page reconnects there and reruns with its widget values).
- **Websockets**: a session is one long-lived websocket; ``timeout tunnel`` must outlive a
  reader who leaves a tab open, while ``timeout client``/``server`` stay short for HTTP.

Pure functions: text and argument lists in, text out; nothing is started here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Streamlit's health endpoint: 200 once the server can run the app.
HEALTH_PATH = "/_stcore/health"
#: Streamlit's websocket (one per browser tab).
STREAM_PATH = "/_stcore/stream"
#: The affinity cookie HAProxy sets (its value names the replica, nothing else).
AFFINITY_COOKIE = "SERVERID"
#: The longest address passed to the app. No link the app makes comes near it (a permalink
#: with every filter set is under 2,000 characters); the balancer answers a longer one with a
#: page that says why (the app's server alone answers beyond ~1 MB with a one-line 400).
MAX_URL = 8192
#: HAProxy's buffer: the longest request (line and headers) it can read.
BUFSIZE = 131072
#: The page a reader gets for an address that is too long or that HAProxy cannot read
#: (one line: HAProxy's "string" argument). It names no part of the address.
BAD_ADDRESS_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>SisterMap: address not "
    "understood</title><body style='font-family:sans-serif;max-width:40em;margin:3em auto'>"
    "<h1>This address is too long or not understood</h1><p>SisterMap's own links are "
    "short. This one may have been cut, altered or made by someone else. Nothing was "
    "opened.</p><p><a href='/'>Open the SisterMap map</a></p></body></html>")


@dataclass(frozen=True)
class Balancer:
    """How the balancer listens and judges replicas.

    The defaults fit a public map: a check every 2 s, three failures (6 s) mark a replica
    down so readers move quickly, two successes bring it back; an idle websocket lives an
    hour (a class leaves the map open through a lesson).
    """

    bind: str = "*:80"
    check_interval: str = "2s"
    fall: int = 3
    rise: int = 2
    timeout_connect: str = "5s"
    timeout_client: str = "60s"
    timeout_server: str = "60s"
    timeout_tunnel: str = "1h"
    maxconn: int = 4096
    stats_bind: str | None = None  # e.g. "127.0.0.1:8404": HAProxy's own status page


def haproxy_config(replicas: Sequence[tuple[str, int]], balancer: Balancer = Balancer()) -> str:
    """HAProxy's configuration for ``replicas`` (host, port) behind one address.

    ``balance leastconn`` because a Streamlit session is a long websocket: counting open
    connections spreads sessions, where round robin would count short HTTP requests.
    ``cookie … insert indirect nocache`` pins a browser to its replica without letting a
    cache share the cookie between readers. Raises ValueError on an empty or repeated list,
    which would give a balancer with nothing (or the same process twice) behind it.
    """
    if not replicas:
        raise ValueError("at least one replica is needed")
    if len(set(replicas)) != len(replicas):
        raise ValueError("a replica is listed twice")
    b = balancer
    lines = [
        "# SisterMap: N Streamlit replicas behind one address (made by sistermap/deploy.py).",
        "global",
        f"    maxconn {b.maxconn}",
        # Room to read an address up to 128 KB, so that one up to that length gets the page
        # below (a longer one gets HAProxy's own short "invalid request" page). Buffers are
        # taken from a pool while a request is read, not held by idle websockets.
        f"    tune.bufsize {BUFSIZE}",
        "    log stdout format raw local0 info",
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option httplog",
        "    option forwardfor",
        "    option redispatch",
        "    retries 2",
        f"    timeout connect {b.timeout_connect}",
        f"    timeout client {b.timeout_client}",
        f"    timeout server {b.timeout_server}",
        f"    timeout tunnel {b.timeout_tunnel}",
        "    timeout http-request 10s",
        "",
        "frontend sistermap",
        f"    bind {b.bind}",
        f"    http-request return status 414 content-type \"text/html; charset=utf-8\" "
        f"string \"{BAD_ADDRESS_PAGE}\" if {{ url_len gt {MAX_URL} }}",
        "    default_backend replicas",
        "",
        "backend replicas",
        "    balance leastconn",
        f"    cookie {AFFINITY_COOKIE} insert indirect nocache",
        f"    option httpchk GET {HEALTH_PATH}",
        "    http-check expect status 200",
        f"    default-server inter {b.check_interval} fall {b.fall} rise {b.rise}",
    ]
    for i, (host, port) in enumerate(replicas, start=1):
        lines.append(f"    server app{i} {host}:{port} check cookie app{i}")
    if b.stats_bind:
        lines += ["", "listen stats", f"    bind {b.stats_bind}", "    stats enable",
                  "    stats uri /", "    stats refresh 5s"]
    return "\n".join(lines) + "\n"


def replica_command(python: str, app: str, port: int, address: str = "127.0.0.1") -> list[str]:
    """The command line of one replica: ``streamlit run`` on a loopback port.

    Only what differs per replica is a flag; the production settings come from the
    replica's Streamlit config file (deploy/streamlit/config.toml, installed as the service
    user's ``~/.streamlit/config.toml``), so every replica runs with the same ones. Listening
    on loopback keeps readers going through the balancer; the file watcher is off because a
    deployed app changes only by an upgrade, which restarts it.
    """
    return [python, "-m", "streamlit", "run", app, "--server.port", str(port),
            "--server.address", address, "--server.fileWatcherType", "none"]
