"""Docs that cannot drift: the README names every command, option and module, and every figure
in docs/performance.md comes from a benchmark script named beside it.

In the spirit of datasette's documentation tests: the parser, the package and ``bench/`` are
read, and the docs must say what they hold.
"""

from __future__ import annotations

import argparse
import re

import pytest

from sistermap.cli import commands as cli_main
from sistermap.cli import options
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PERFORMANCE = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """The text under a ``## title`` heading, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {title}' section"
    return match.group(1)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli_main.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _filter_options() -> set[str]:
    p = argparse.ArgumentParser()
    options.add_filter_options(p)
    return {s for a in p._actions for s in a.option_strings if s.startswith("--")} - {"--help"}


FILTERS = _filter_options()
COMMANDS = section(README, "Commands")


def _row(command: str) -> str:
    """The README's table row of a command: ``| `python -m sistermap NAME …` | … |``."""
    rows = [line for line in COMMANDS.splitlines()
            if re.match(rf"\| `(python -m sistermap )?{re.escape(command)}( |`)", line)]
    assert len(rows) == 1, f"README's Commands table has {len(rows)} rows for {command!r}"
    return rows[0]


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_and_its_options_are_in_the_readme(command):
    row = _row(command)
    parser = subcommands()[command]
    own = {s for a in parser._actions for s in a.option_strings
           if s.startswith("--") and s != "--help"} - FILTERS
    missing = sorted(o for o in own if not re.search(rf"`[^`]*{re.escape(o)}\b", row))
    assert missing == [], f"{command}: options not in its README row: {missing}"
    if "--era" in {s for a in parser._actions for s in a.option_strings}:
        assert "filters" in row, f"{command} takes the filters: its row must say so"


def test_the_filter_options_are_listed_once():
    line = next(p for p in COMMANDS.split("\n\n") if p.startswith("Filters"))
    assert sorted(o for o in FILTERS if f"`{o}`" not in line) == []


def test_the_readme_lists_no_command_that_does_not_exist():
    named = re.findall(r"^\| `(?:python -m sistermap )?([a-z-]+)", COMMANDS, re.M)
    assert set(named) - {"command"} == set(subcommands())


def test_every_module_is_in_the_layout():
    layout = section(README, "Layout")
    package = ROOT / "sistermap"
    missing = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.name == "__init__.py" and len(rel.parts) > 1:
            rel = rel.parent  # a package is listed as its folder
        elif rel.name in ("__init__.py", "__main__.py"):
            continue
        name = rel.name + ("/" if (package / rel).is_dir() else "")
        if not re.search(rf"(^|[\s,(]){re.escape(name)}", layout, re.M):
            missing.append(str(rel))
    assert missing == [], f"modules missing from the README's layout: {missing}"


def test_the_layout_names_only_modules_that_exist():
    layout = section(README, "Layout")
    block = re.search(r"```\n(.*?)```", layout, re.S).group(1)
    package = ROOT / "sistermap"
    known = {p.name for root in (package, ROOT / "tests") for p in root.rglob("*.py")}
    named = set(re.findall(r"([a-z_][a-z0-9_]*\.py)\b", block))
    assert named - known - {"app.py"} == set()


def test_every_performance_figure_names_the_benchmark_that_made_it():
    """Each section of docs/performance.md with figures names a bench/ script that exists."""
    for title, body in re.findall(r"^## (.+)\n(.*?)(?=^## |\Z)", PERFORMANCE, re.M | re.S):
        if not re.search(r"\d+(\.\d+)? ?(s|ms|MB|kB|×|%)\b", body):
            continue
        scripts = re.findall(r"bench/([a-z_]+\.py)", body)
        assert scripts, f"docs/performance.md, '{title}': figures without a bench/ script"
        for script in scripts:
            assert (ROOT / "bench" / script).is_file(), f"'{title}' names bench/{script}"


def test_the_docs_name_no_module_that_moved():
    """A path such as ``sistermap/mapview.js`` in the docs must exist."""
    for doc in [ROOT / "README.md", ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        pattern = r"\b((?:sistermap|tests|bench|scripts)/[\w/.-]+\.(?:py|js|css))(?![\w])"
        for path in set(re.findall(pattern, text)):
            assert (ROOT / path).exists(), f"{doc.name} names {path}, which does not exist"
