"""The maintainers' commands: build-sources (and stats on a layered dataset)."""

from __future__ import annotations


def test_build_sources_and_stats_commands(layered, capsys):
    from sistermap import cli

    assert cli.main(["build-sources", str(layered)]) == 0
    assert "layer: 3 links, 1 cities of its own" in capsys.readouterr().out
    assert cli.main(["stats", str(layered)]) == 0
    out = capsys.readouterr().out
    assert "reviewed links Wikidata confirms: 2 of 12 (16.7%); not in Wikidata: 10" in out
    assert "links only Wikidata lists: 1" in out
