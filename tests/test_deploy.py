"""The load balancer's configuration and the production settings (sistermap/deploy.py, deploy/)."""

from __future__ import annotations

import tomllib

import pytest

from sistermap import deploy
from tests.conftest import ROOT

TWO = [("127.0.0.1", 8501), ("127.0.0.1", 8502)]


def test_every_replica_is_checked_on_streamlit_health_and_named_by_its_cookie():
    cfg = deploy.haproxy_config(TWO)
    assert "    server app1 127.0.0.1:8501 check cookie app1\n" in cfg
    assert "    server app2 127.0.0.1:8502 check cookie app2\n" in cfg
    assert "option httpchk GET /_stcore/health" in cfg
    assert "cookie SERVERID insert indirect nocache" in cfg
    assert "option redispatch" in cfg  # a cookie naming a dead replica is sent elsewhere


def test_websockets_outlive_the_http_timeouts():
    cfg = deploy.haproxy_config(TWO, deploy.Balancer(timeout_client="30s", timeout_tunnel="2h"))
    assert "timeout client 30s" in cfg and "timeout tunnel 2h" in cfg


def test_the_bind_address_and_the_stats_page_are_as_asked():
    cfg = deploy.haproxy_config(TWO, deploy.Balancer(bind="127.0.0.1:9000"))
    assert "bind 127.0.0.1:9000" in cfg and "listen stats" not in cfg
    cfg = deploy.haproxy_config(TWO, deploy.Balancer(stats_bind="127.0.0.1:8404"))
    assert "listen stats\n    bind 127.0.0.1:8404" in cfg


@pytest.mark.parametrize("replicas", [[], [("127.0.0.1", 8501)] * 2])
def test_no_replica_or_a_repeated_one_is_refused(replicas):
    with pytest.raises(ValueError):
        deploy.haproxy_config(replicas)


def test_the_shipped_example_is_what_the_function_writes():
    """deploy/haproxy.cfg is made by haproxy_config, so the two cannot drift."""
    example = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    replicas = [("127.0.0.1", 8501 + i) for i in range(3)]
    assert example == deploy.haproxy_config(
        replicas, deploy.Balancer(stats_bind="127.0.0.1:8404"))


def test_a_replica_listens_on_loopback_on_its_own_port():
    cmd = deploy.replica_command("python3", "app.py", 8502)
    assert cmd[:4] == ["python3", "-m", "streamlit", "run"]
    assert cmd[cmd.index("--server.port") + 1] == "8502"
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"


def test_the_production_settings_hide_the_developer_tools_and_agree_with_the_project():
    prod = tomllib.loads((ROOT / "deploy" / "streamlit" / "config.toml").read_text("utf-8"))
    project = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert prod["client"]["toolbarMode"] == "viewer"
    assert prod["browser"]["gatherUsageStats"] is False
    assert prod["server"]["enableXsrfProtection"] is True
    assert prod["server"]["headless"] is True
    assert "cookieSecret" not in prod["server"]  # a secret: from the environment only
    for section, options in project.items():  # read after it: the same values or none
        for key, value in options.items():
            assert prod.get(section, {}).get(key, value) == value, f"{section}.{key}"
