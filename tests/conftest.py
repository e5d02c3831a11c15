"""Shared fixtures: the small test dataset and the shipped one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
