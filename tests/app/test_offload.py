"""Heavy work runs in a worker process, and gives what the same call gives in this one."""

from __future__ import annotations

import os

import pytest

from sistermap.app import offload
from sistermap.kit import animation, sheets


def _worker_pid(progress=None) -> int:
    if progress is not None:
        for k in range(3):
            progress(k, 3, 2000 + k)
    return os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


def test_the_work_runs_in_another_process_at_a_lower_priority():
    assert offload.run(_worker_pid) != os.getpid()
    assert offload.run(os.nice, 0) >= os.nice(0) + offload.NICENESS


def test_progress_reaches_the_caller_and_errors_are_raised_here():
    seen = []
    offload.run(_worker_pid, progress=lambda *a: seen.append(a))
    assert seen == [(0, 3, 2000), (1, 3, 2001), (2, 3, 2002)]
    with pytest.raises(ValueError, match="no such thing"):
        offload.run(_fail, "no such thing")


def test_a_sheet_and_an_animation_made_in_the_worker_are_the_real_thing(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    info = sheets.SheetInfo(link="https://example.org/city?city=coventry", credit="Test")
    pdf = offload.run(sheets.city_sheet, p, c, "gn:2652221", info)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    frames = []
    gif = offload.run(animation.make, "gif", p, c, animation.AnimationOptions(),
                      progress=lambda done, total, year: frames.append(year))
    assert gif.startswith(b"GIF8") and frames == sorted(frames) and len(frames) > 3


def test_it_can_run_in_the_callers_thread(monkeypatch):
    monkeypatch.setenv(offload.ENV, "0")
    assert offload.run(_worker_pid) == os.getpid()
