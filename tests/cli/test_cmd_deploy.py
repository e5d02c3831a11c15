"""``haproxy-config``: the balancer's configuration from the command line."""

from __future__ import annotations

from sistermap import cli, deploy


def test_it_prints_the_configuration_for_the_ports_asked(capsys):
    assert cli.main(["haproxy-config", "--replicas", "2", "--first-port", "9001",
                     "--bind", "127.0.0.1:8080"]) == 0
    out = capsys.readouterr().out
    assert out == deploy.haproxy_config([("127.0.0.1", 9001), ("127.0.0.1", 9002)],
                                        deploy.Balancer(bind="127.0.0.1:8080"))


def test_it_writes_a_file(tmp_path, capsys):
    target = tmp_path / "haproxy.cfg"
    assert cli.main(["haproxy-config", "--stats", "127.0.0.1:8404", "--out", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "server app3 127.0.0.1:8503 check cookie app3" in text and "listen stats" in text


def test_impossible_counts_and_ports_are_usage_errors(capsys):
    assert cli.main(["haproxy-config", "--replicas", "0"]) == 2
    assert cli.main(["haproxy-config", "--replicas", "3", "--first-port", "65535"]) == 2
    assert capsys.readouterr().err.count("error:") == 2
