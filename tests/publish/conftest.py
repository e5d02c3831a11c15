"""A dataset with a hostile city name, and a site built from it, for the publish tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI

HOSTILE_NAME = "<img src=x onerror=alert(1)> https://evil.example"
HOSTILE_ID = "gn:9990002"


def hostile_copy(target: Path) -> Path:
    """The mini dataset plus a city whose name is markup and an address, partnered with
    Coventry, with a note that is a script."""
    shutil.copytree(MINI, target)
    with (target / "cities.csv").open("a", encoding="utf-8") as f:
        f.write(f'{HOSTILE_ID},"{HOSTILE_NAME}",Evilton,IS,,64.0,-20.0,1000\n')
    with (target / "partnerships.csv").open("a", encoding="utf-8") as f:
        f.write(f"gn:2652221,{HOSTILE_ID},twin_town,1990,,,active,culture,"
                "https://example.org/list,\"<script>window.__pwned=2</script>\"\n")
    return target


@pytest.fixture()
def hostile_data(tmp_path: Path) -> Path:
    return hostile_copy(tmp_path / "hostile")
