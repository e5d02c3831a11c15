"""Heavy work of one visitor (images, sheets, animations, spreadsheets) in a process of its own.

Streamlit runs every visitor's page in a thread of one Python process, and Python runs one
thread at a time: a 20-second animation drawn in the page's thread held the other visitors'
pages for much of those 20 seconds. Here it runs in a worker process instead, one job at a
time (the others queue: a second core stays free for the pages), at a lower scheduling
priority (``nice``), so the pages of everyone else keep their speed
(``bench/bench_heavy.py`` measures the factor).

The work must be a module-level function with picklable arguments (DataFrames, dataclasses,
strings): the worker is started fresh (``spawn``), never forked from the threads of the
server. ``SISTERMAP_OFFLOAD=0`` runs it in the calling thread instead (debugging).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
#: How much lower than the pages the worker runs (``os.nice``: 0 normal, 19 lowest).
NICENESS = 10
#: One job at a time: on a small server, a second core stays with the pages.
WORKERS = 1
ENV = "SISTERMAP_OFFLOAD"

_LOCK = threading.Lock()
#: One worker per lane: contributions (small, many) never wait behind an animation.
_POOLS: dict[str, ProcessPoolExecutor] = {}
_MANAGER: Any = None


def _lower_priority() -> None:
    """In the worker, before any job: yield the processor to the pages."""
    try:
        os.nice(NICENESS)
    except OSError:  # pragma: no cover - a platform without nice
        pass


def enabled() -> bool:
    return os.environ.get(ENV, "1") != "0"


def _pool(lane: str) -> ProcessPoolExecutor:
    with _LOCK:
        if lane not in _POOLS:
            _POOLS[lane] = ProcessPoolExecutor(
                max_workers=WORKERS, initializer=_lower_priority,
                mp_context=multiprocessing.get_context("spawn"))
        return _POOLS[lane]


def _progress_queue():
    """A queue the worker can write progress to (a manager's, shared across processes)."""
    global _MANAGER
    with _LOCK:
        if _MANAGER is None:
            _MANAGER = multiprocessing.get_context("spawn").Manager()
        return _MANAGER.Queue()


def _call(fn: Callable[..., T], args: tuple, kwargs: dict, progress_to=None) -> T:
    """In the worker: run the job, sending its progress calls to the queue if there is one."""
    if progress_to is not None:
        kwargs = {**kwargs, "progress": lambda *a: progress_to.put(a)}
    return fn(*args, **kwargs)


def _reset(lane: str) -> None:
    """Forget a broken pool (a worker killed by the system): the next job starts a new one."""
    with _LOCK:
        _POOLS.pop(lane, None)


def run(fn: Callable[..., T], *args: Any, progress: Callable[..., None] | None = None,
        lane: str = "heavy", **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the worker process; the caller's thread waits for it.

    With ``progress``, ``fn`` is given a ``progress`` argument whose calls reach
    ``progress`` here, in the caller's thread (a Streamlit progress bar). Exceptions raised
    by ``fn`` are raised here. Each ``lane`` has a worker of its own.
    """
    if not enabled():
        return fn(*args, **kwargs, **({"progress": progress} if progress else {}))
    pending = _progress_queue() if progress is not None else None
    try:
        job: Future = _pool(lane).submit(_call, fn, args, kwargs, pending)
    except RuntimeError:  # a broken pool: start again once
        _reset(lane)
        job = _pool(lane).submit(_call, fn, args, kwargs, pending)
    while pending is not None and not job.done():
        try:
            progress(*pending.get(timeout=0.2))
        except queue.Empty:
            continue
    while pending is not None:
        try:
            progress(*pending.get_nowait())
        except (queue.Empty, EOFError, OSError):
            break
    return job.result()
