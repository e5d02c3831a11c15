"""The load balancer's configuration and the production settings (sistermap/deploy.py, deploy/)."""

from __future__ import annotations

import ast
import re
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


#: requirements-dev.txt's distributions → the modules they install.
DEV_MODULES = {"pytest": "pytest", "pytest-xdist": "xdist", "hypothesis": "hypothesis",
               "markdown-it-py": "markdown_it", "playwright": "playwright", "ruff": "ruff",
               "pypdf": "pypdf", "pypdfium2": "pypdfium2", "websockets": "websockets",
               "colorspacious": "colorspacious"}


def _requirement_names(path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [re.split(r"[<>=!~;\s\[]", line.strip(), maxsplit=1)[0].lower()
            for line in lines if line.strip() and not line.lstrip().startswith(("#", "-r"))]


def test_the_app_imports_nothing_only_the_tests_install():
    """Viewers and the image install requirements.txt only: no module of the app may need a
    package that only requirements-dev.txt brings."""
    dev = _requirement_names(ROOT / "requirements-dev.txt")
    assert set(dev) <= set(DEV_MODULES), "name the module of each new dev requirement here"
    assert not set(dev) & set(_requirement_names(ROOT / "requirements.txt"))
    forbidden = {DEV_MODULES[d] for d in dev}
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "sistermap").rglob("*.py")]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in forbidden]
    assert found == []


def test_the_systemd_unit_starts_a_replica_as_the_tests_do():
    unit = (ROOT / "deploy" / "sistermap@.service").read_text(encoding="utf-8")
    start = next(line.split("=", 1)[1] for line in unit.splitlines()
                 if line.startswith("ExecStart="))
    want = deploy.replica_command("/srv/sistermap/.venv/bin/python", "app.py", 0)
    assert start.split() == ["%i" if arg == "0" else arg for arg in want]


def test_the_image_and_ci_install_with_the_same_script_and_target():
    image = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "RUN scripts/install-system-deps &&" in image and "RUN make install" in image
    assert "\nscripts/install-system-deps --test\n" in ci and "make test" in ci
    assert "requirements-dev" not in image
    # make test builds on make install's stamp: the same packages, then the test tools.
    assert re.search(r"^install: \$\(STAMP\)$", make, re.M)
    assert re.search(r"^\$\(DEV_STAMP\): \$\(STAMP\) requirements-dev.txt$", make, re.M)
