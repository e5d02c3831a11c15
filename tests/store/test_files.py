"""Writers that race or die: concurrent merges lose nothing, a kill leaves old or new.

Processes are forked (cheap: pandas is already imported) rather than started afresh, so a
few dozen kills and several rounds of concurrent merges stay within a few seconds.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from sistermap import schema
from sistermap.importers import merge, pipeline
from sistermap.store import dataset
from tests.conftest import MINI

CTX = multiprocessing.get_context("fork")
MINI_CITY = "gn:2652221"  # Coventry, in the mini dataset


def _rows(root: Path) -> tuple[list[dict], list[dict]]:
    cities, links, _ = dataset.read_tables(root)
    return cities, links


def _frames(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    cities, links = _rows(root)
    return (pd.DataFrame(cities, columns=list(schema.CITY_COLUMNS)),
            pd.DataFrame(links, columns=list(schema.PARTNERSHIP_COLUMNS)))


def _import_result(tag: int, n: int) -> pipeline.ImportResult:
    """``n`` new cities (unique names far from anything), each twinned with Coventry."""
    cities, links = [], []
    for j in range(n):
        qid = f"Q{9_000_000 + tag * 1000 + j}"
        cities.append({"city_id": qid, "name": f"Testort {tag}-{j}", "alt_names": "",
                       "country": "DE", "admin1": "", "lat": f"{47 + tag * 0.1:.3f}",
                       "lon": f"{6 + j * 0.01:.3f}", "population": ""})
        links.append({"city_a_id": MINI_CITY, "city_b_id": qid, "kind": "twin_town",
                      "established": "", "established_date": "", "ended": "",
                      "status": "unknown", "focus_areas": "culture",
                      "source": f"list{tag}.csv", "note": ""})
    return pipeline.ImportResult(
        pd.DataFrame(cities, columns=list(schema.CITY_COLUMNS), dtype=object),
        pd.DataFrame(links, columns=list(schema.PARTNERSHIP_COLUMNS), dtype=object),
        pd.DataFrame(columns=list(pipeline.PLACES_COLUMNS)), {})


def _merge_after(barrier, target: Path, result: pipeline.ImportResult) -> None:
    barrier.wait(30)
    stats = merge.merge_into(target, result)
    os._exit(0 if stats["added"] == len(result.partnerships) else 3)


def test_concurrent_merges_keep_every_partnership(tmp_path: Path):
    """Several merges started together: every list's partnerships land, D stays valid."""
    writers, per_list, rounds = 3, 40, 4
    results = [_import_result(tag, per_list) for tag in range(writers)]
    for r in range(rounds):
        target = tmp_path / f"d{r}"
        shutil.copytree(MINI, target)
        before = len(_rows(target)[1])
        barrier = CTX.Barrier(writers)
        procs = [CTX.Process(target=_merge_after, args=(barrier, target, res))
                 for res in results]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * writers
        assert dataset.validate(target) == []
        links = _rows(target)[1]
        assert len(links) == before + writers * per_list, f"round {r}: partnerships lost"
        assert not [n for n in os.listdir(target) if n.startswith(".")]


# --- kills during a write ---------------------------------------------------------------

_STEPS = ("replace", "fsync", "unlink", "fchmod", "rename")


def _write_and_die_at(target: Path, new: tuple[pd.DataFrame, pd.DataFrame], at: int,
                      report=None) -> None:
    """Child: write ``new``; SIGKILL itself just before the ``at``-th file-system step."""
    count = [0]
    for name in _STEPS:
        real = getattr(os, name)

        def step(*args, _real=real, **kwargs):
            count[0] += 1
            if count[0] == at:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*args, **kwargs)

        setattr(os, name, step)
    dataset.write(target, *new)
    if report is not None:
        report.send(count[0])
    os._exit(0)


def _check_old_or_new(target: Path, old, new, where: str) -> str:
    seen = _rows(target)
    assert seen in (old, new), f"{where}: a dataset equal to neither version"
    assert dataset.validate(target) == [], where
    version = "old" if seen == old else "new"
    with dataset.locked(target):  # the next writer completes or discards what was left
        pass
    assert _rows(target) == seen, f"{where}: recovery changed the version readers saw"
    assert not [n for n in os.listdir(target) if n.startswith(".")], where
    return version


@pytest.fixture()
def versions(tmp_path: Path):
    pristine = tmp_path / "pristine"
    shutil.copytree(MINI, pristine)
    cities, links = _frames(pristine)
    extra = _import_result(7, 3)
    new_frames = (pd.concat([cities, extra.cities], ignore_index=True),
                  pd.concat([links.iloc[2:], extra.partnerships], ignore_index=True))
    newdir = tmp_path / "newref"
    dataset.write(newdir, *new_frames)
    return pristine, _rows(pristine), _rows(newdir), new_frames


def test_a_kill_at_every_step_of_a_write_leaves_old_or_new(tmp_path: Path, versions):
    pristine, old, new, new_frames = versions
    probe = tmp_path / "probe"
    shutil.copytree(pristine, probe)
    recv, send = CTX.Pipe(duplex=False)
    child = CTX.Process(target=_write_and_die_at, args=(probe, new_frames, 0, send))
    child.start()
    steps = recv.recv()
    child.join(30)
    assert steps >= 6
    seen = set()
    for at in range(1, steps + 1):
        target = tmp_path / f"k{at}"
        shutil.copytree(pristine, target)
        child = CTX.Process(target=_write_and_die_at, args=(target, new_frames, at))
        child.start()
        child.join(30)
        assert child.exitcode == -signal.SIGKILL
        seen.add(_check_old_or_new(target, old, new, f"killed before step {at}"))
    assert seen == {"old", "new"}


def test_kills_at_random_moments_leave_old_or_new(tmp_path: Path, versions):
    pristine, old, new, new_frames = versions
    t0 = time.perf_counter()
    dataset.write(tmp_path / "timing", *new_frames)
    span = max(0.002, time.perf_counter() - t0) * 1.5
    rng = random.Random(190)
    for k in range(24):
        target = tmp_path / f"r{k}"
        shutil.copytree(pristine, target)
        child = CTX.Process(target=_write_and_die_at, args=(target, new_frames, -1))
        child.start()
        time.sleep(rng.uniform(0, span))
        child.kill()
        child.join(30)
        _check_old_or_new(target, old, new, f"random kill {k}")


def test_a_reader_never_sees_half_a_write(tmp_path: Path, versions):
    """Readers in another process, during many writes, see only whole versions."""
    pristine, old, new, new_frames = versions
    target = tmp_path / "live"
    shutil.copytree(pristine, target)
    old_frames = _frames(pristine)
    stop = CTX.Event()

    def writer():
        i = 0
        while not stop.is_set():
            dataset.write(target, *(new_frames if i % 2 == 0 else old_frames))
            i += 1
            time.sleep(0.002)  # a real writer lets go of the lock between writes
        os._exit(0)

    proc = CTX.Process(target=writer)
    proc.start()
    try:
        deadline = time.monotonic() + 0.8
        reads, seen = 0, set()
        while time.monotonic() < deadline or reads < 3:
            rows = _rows(target)
            assert rows in (old, new)
            seen.add(rows == new)
            reads += 1
    finally:
        stop.set()
        proc.join(30)
