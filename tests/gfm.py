"""Markdown as the visitor's browser renders it: GitHub-flavoured, autolink literals included.

Streamlit's front end renders Markdown with react-markdown and remark-gfm, which turns bare
``https://…``, ``www.…`` and e-mail addresses into links *after* backslash escapes are read —
so a test that parses with CommonMark (no autolinks) passes text that the visitor sees as a
live link. This module renders with remark-gfm itself (``tests/js/markdown/``, installed by
``make test`` with ``npm ci``), in one node process kept for the session.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "js" / "markdown"
#: Elements that must never come out of text a stranger wrote.
ACTIVE = re.compile(r"<(a|img|iframe|script|video|audio|object|embed|svg|math|input|form)\b",
                    re.I)

_process: subprocess.Popen | None = None


def available() -> bool:
    return shutil.which("node") is not None and (HERE / "node_modules" / "remark-gfm").is_dir()


def require() -> None:
    """Skip without the renderer, except where the browser suite is required (CI)."""
    if not available():
        if os.environ.get("SISTERMAP_REQUIRE_BROWSER"):
            raise AssertionError("tests/js/markdown is not installed (make test runs npm ci)")
        pytest.skip("node or tests/js/markdown/node_modules missing (make test installs them)")


def render(texts: list[str]) -> list[str]:
    """The HTML remark-gfm makes of each Markdown text."""
    global _process
    require()
    if _process is None or _process.poll() is not None:
        _process = subprocess.Popen(["node", str(HERE / "gfm.mjs")], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                    cwd=HERE)
    out = []
    for text in texts:
        _process.stdin.write(json.dumps(text) + "\n")
        _process.stdin.flush()
        out.append(json.loads(_process.stdout.readline()))
    return out


def active_elements(texts: list[str]) -> list[tuple[str, str]]:
    """(markdown, html) pairs whose rendering holds a link, an image or another element."""
    return [(t, h) for t, h in zip(texts, render(texts)) if ACTIVE.search(h)]
