"""Shared fixtures: the small test dataset and the shipped one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sistermap import sources
from sistermap.curation import wikidata_layer

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SHIPPED = ROOT / "data"


@pytest.fixture(scope="session")
def mini_dataset():
    from sistermap.store import dataset

    return dataset.load(MINI)


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini dataset, for tests that break or rewrite it."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


# --- a dataset with a Wikidata layer (tests of sources across the package) ----------------


def snapshot(tmp_path, cities_rows, link_rows):
    d = tmp_path / "snap"
    d.mkdir()
    pd.DataFrame(cities_rows, columns=["id", "name", "lng", "lat", "country", "countrycd",
                                       "continent"]).to_csv(d / "cities.csv", index=False)
    pd.DataFrame(link_rows, columns=["source", "target"]).to_csv(d / "links.csv", index=False)
    return d


@pytest.fixture()
def layered(tmp_path):
    """The mini dataset with a small Wikidata layer: two known links, one new, one new city."""
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    snap = snapshot(tmp_path, [
        ("Q17", "Coventry", "-1.51", "52.41", "United Kingdom", "GB", "Europe"),
        ("Q914", "Volgograd", "44.51", "48.71", "Russia", "RU", "Europe"),
        ("Q1731", "Dresden", "13.74", "51.05", "Germany", "DE", "Europe"),
        ("Q28848", "Saint Paul", "-93.09", "44.95", "United States", "US", "North America"),
        ("Q182059", "Kumasi", "-1.62", "6.69", "Ghana", "GH", "Africa"),
    ], [("Q17", "Q914"), ("Q1731", "Q17"), ("Q28848", "Q182059")])
    shutil.copytree(snap, root / "sources" / sources.SNAPSHOT_DIR)
    layer = wikidata_layer.build_wikidata(root)
    wikidata_layer.write_layer(root, layer)
    return root


# --- the one Chromium of a test session --------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Chromium for every browser test (tests/browser/, tests/deploy/): one per session, as
    Playwright's sync API allows one at a time in a thread (a second, for the deploy tests,
    failed with "Sync API inside the asyncio loop" once the browser tests' was open)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import offline

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=offline.CHROMIUM, args=offline.CHROMIUM_ARGS)
        yield b
        b.close()
