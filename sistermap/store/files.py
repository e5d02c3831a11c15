"""The dataset directory on disk: where it is, reading its tables, and writing them safely.

A dataset directory holds ``cities.csv`` and ``partnerships.csv`` (see data/README.md).
Readers take a shared lock and follow a pending commit journal; a writer takes the exclusive
lock, stages both tables and commits with one rename, so a reader sees the version before a
write or the one after it, never one table of each, and a kill at any moment leaves one of
the two, valid.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from sistermap import schema
from sistermap.errors import SisterMapError

#: Environment variable that points the app and the commands at another dataset directory.
DATA_ENV = "SISTERMAP_DATA"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data"
CITIES_FILE = "cities.csv"
PARTNERSHIPS_FILE = "partnerships.csv"
TABLE_FILES = (CITIES_FILE, PARTNERSHIPS_FILE)
#: Seconds a writer waits for another writer's lock before giving up (env overrides).
LOCK_TIMEOUT_ENV = "SISTERMAP_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 120.0
#: Written last by ``write``: names the new files; while it exists they are the dataset.
JOURNAL = ".sistermap-commit.json"
_STAGE_PREFIX = ".sistermap-new."


class DatasetError(SisterMapError):
    """The dataset cannot be used; ``problems`` says where and why, row by row."""

    def __init__(self, problems: list[schema.Problem]):
        self.problems = problems
        if len(problems) == 1:
            super().__init__(str(problems[0]))
            return
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in dataset:\n{shown}{more}")

    def one_line(self) -> str:
        """The first problem and how many more, for a command's single error line."""
        if not self.problems:
            return str(self)
        more = len(self.problems) - 1
        return str(self.problems[0]) + (f" (and {more} more problem(s); run "
                                        "'python -m sistermap validate DIR' to list them)"
                                        if more else "")


class DatasetBusy(DatasetError):
    """Another process holds the dataset's write lock for longer than we may wait."""

    def __init__(self, root: Path, waited: float):
        super().__init__([schema.Problem(
            str(root), 0, "", f"another process is writing this dataset (waited {waited:.0f} s "
            f"for its lock); try again when it has finished, or set ${LOCK_TIMEOUT_ENV} "
            "to wait longer")])


def resolve_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The directory to load: the argument, else $SISTERMAP_DATA, else the shipped data/."""
    if path:
        return Path(path)
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env) if env else DEFAULT_DIR


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """All rows as strings; nothing is parsed as NaN (``NA`` is Namibia); a broken row is
    reported, not swallowed (:func:`csv_rows`)."""
    return csv_rows(path.read_text(encoding="utf-8-sig"))[1]


def _problem(file: Path, reason: str) -> DatasetError:
    return DatasetError([schema.Problem(str(file), 0, "", reason)])


def _check_dir(root: Path) -> None:
    """A clear error for a path that is not a dataset directory at all."""
    if not root.exists():
        raise _problem(root, "dataset directory does not exist")
    if not root.is_dir():
        raise _problem(root, "not a directory (a dataset is a directory with cities.csv and "
                       "partnerships.csv)")
    if not any((root / name).exists() for name in TABLE_FILES):
        raise _problem(root, "not a dataset directory: no cities.csv or partnerships.csv in "
                       "it (make one with 'python -m sistermap import LIST --out DIR')")


def _read_table(file: Path, shown: Path, columns: tuple[str, ...]) -> list[dict]:
    """Rows of one table; every way it can be unreadable is one clear DatasetError."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise _problem(shown, "file not found") from None
    except IsADirectoryError:
        raise _problem(shown, "is a directory, not a CSV file") from None
    except OSError as exc:
        raise _problem(shown, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(shown, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                       f"{exc.start}); datasets are UTF-8 CSV") from None
    if not text.strip():
        raise _problem(shown, "empty file (expected a header: " + ",".join(columns) + ")")
    try:
        fields, rows = csv_rows(text)
    except csv.Error as exc:
        raise _problem(shown, f"unreadable CSV: {exc}") from None
    missing = [c for c in columns if c not in set(fields)]
    if missing:
        raise _problem(shown, f"missing column(s): {', '.join(missing)}")
    return rows


def csv_rows(text: str) -> tuple[list[str], list[dict]]:
    """The header and the rows of a dataset CSV, one record per line.

    A dataset file holds no line break inside a field, so a record that spans lines is an
    unclosed quote swallowing the rows after it (one stray ``"`` in a note hid 15
    partnerships). Then the file is read line by line: each broken line becomes a row
    carrying ``schema.BROKEN_ROW`` (reported at its row by the validators, and dropped) and
    every other line is read as it stands.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = list(reader.fieldnames or [])
    rows = list(reader)
    if not any("\n" in v or "\r" in v for row in rows for v in row.values()
               if isinstance(v, str)):
        return fields, rows
    lines = [line for line in text.splitlines()[1:] if line.strip()]
    rows = []
    for n, line in enumerate(lines, start=2):
        if line.count('"') % 2:
            rows.append({**dict.fromkeys(fields, ""), schema.BROKEN_ROW: (
                f"line {n}: an unclosed quote (\") — the row was not read; a dataset file "
                "holds one record per line")})
            continue
        values = next(csv.reader([line]), [])
        row = dict(zip(fields, values))
        row.update({f: None for f in fields[len(values):]})
        if len(values) > len(fields):
            row[None] = values[len(fields):]  # as csv.DictReader does
        rows.append(row)
    return fields, rows


def read_tables(path: str | os.PathLike[str] | None = None) -> tuple[list[dict], list[dict], Path]:
    """Raw rows of both tables, or DatasetError when a file is missing or unreadable.

    Reads under the directory's shared lock and through a pending commit journal, so a
    reader sees the version before a write or the one after it, never one table of each.
    """
    root = resolve_dir(path)
    _check_dir(root)
    with _shared_lock(root):
        files = current_files(root)
        cities = _read_table(files[CITIES_FILE], root / CITIES_FILE, schema.CITY_COLUMNS)
        links = _read_table(files[PARTNERSHIPS_FILE], root / PARTNERSHIPS_FILE,
                            schema.PARTNERSHIP_COLUMNS)
    return cities, links, root


# --- writing: one lock per dataset, a commit journal, files swapped in whole ------------
#
# Layout stays ``cities.csv`` + ``partnerships.csv``. A write stages both new tables as
# hidden files, fsyncs them, then writes the journal ``.sistermap-commit.json`` (naming the
# staged files) with one atomic rename: that rename is the commit. Then the staged files
# are renamed over the tables and the journal is removed. A kill before the commit leaves
# the old version (and stray staged files, removed by the next writer); a kill after it
# leaves a journal that readers follow and the next writer completes: the new version.
# Writers hold an exclusive flock on the directory itself (no lock file to create, and
# readers need no write permission to take the shared lock); readers take a shared one.

_held = threading.local()


def _held_locks() -> dict[str, str]:
    if not hasattr(_held, "paths"):
        _held.paths = {}
    return _held.paths


def _lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, "") or DEFAULT_LOCK_TIMEOUT)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _flock(fd: int, mode: int, root: Path, timeout: float) -> None:
    start = time.monotonic()
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waited = time.monotonic() - start
            if waited >= timeout:
                raise DatasetBusy(root, waited) from None
            time.sleep(min(delay, max(0.0, timeout - waited)))
            delay = min(delay * 2, 0.05)


@contextmanager
def locked(path: str | os.PathLike[str], timeout: float | None = None) -> Iterator[Path]:
    """Hold the dataset's exclusive write lock (waiting up to ``timeout`` seconds).

    Re-entrant within a thread, so ``merge`` can hold it across read-modify-write and still
    call ``write``. On entry, a write that an earlier process committed but did not finish
    is completed and stray staged files are removed.
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    key = str(root.resolve())
    held = _held_locks()
    if held.get(key) == "ex":
        yield root
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        _flock(fd, fcntl.LOCK_EX, root, _lock_timeout() if timeout is None else timeout)
        held[key] = "ex"
        try:
            _recover(root)
            yield root
        finally:
            del held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _shared_lock(root: Path) -> Iterator[None]:
    key = str(root.resolve())
    held = _held_locks()
    if key in held:
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        yield  # cannot open the directory itself: read without the lock
        return
    try:
        _flock(fd, fcntl.LOCK_SH, root, _lock_timeout())
        held[key] = "sh"
        try:
            yield
        finally:
            del held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _journal(root: Path) -> dict[str, str]:
    try:
        entries = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}  # the journal is renamed into place whole: absent or complete
    if not isinstance(entries, dict):
        return {}
    return {k: str(v) for k, v in entries.items()
            if k in TABLE_FILES and "/" not in str(v) and str(v).startswith(_STAGE_PREFIX)}


def current_files(root: Path) -> dict[str, Path]:
    """The files that hold the current version: staged ones while a commit is pending."""
    files = {name: root / name for name in TABLE_FILES}
    for name, staged in _journal(root).items():
        if (root / staged).exists():
            files[name] = root / staged
    return files


def _fsync_dir(root: Path) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _roll_forward(root: Path) -> None:
    """Finish a committed write: staged files over the tables, then drop the journal."""
    entries = _journal(root)
    for name, staged in entries.items():
        if (root / staged).exists():
            os.replace(root / staged, root / name)
    if entries or (root / JOURNAL).exists():
        _fsync_dir(root)
        (root / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(root)


def _recover(root: Path) -> None:
    """Under the write lock: complete a pending commit, remove uncommitted staged files."""
    _roll_forward(root)
    for entry in os.listdir(root):
        if entry.startswith(_STAGE_PREFIX) or (
                entry.endswith(".tmp") and entry.startswith(
                    tuple(f".{n}." for n in (*TABLE_FILES, JOURNAL)))):
            (root / entry).unlink(missing_ok=True)


def mode_for(target: Path) -> int:
    """Keep the existing file's permissions; new files are 0644 (readable by the app)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o644


def write(path: str | os.PathLike[str], cities: pd.DataFrame, partnerships: pd.DataFrame) -> None:
    """Write both tables as one atomic change, under the dataset's exclusive lock.

    Readers and a crash see the old version or the new one, never one table of each; file
    modes are kept (0644 for new files). See the comment above for how.
    """
    root = Path(path)
    with locked(root):
        token = secrets.token_hex(6)
        staged: dict[str, str] = {}
        try:
            for name, frame, columns in ((CITIES_FILE, cities, schema.CITY_COLUMNS),
                                         (PARTNERSHIPS_FILE, partnerships,
                                          schema.PARTNERSHIP_COLUMNS)):
                tmp = root / f"{_STAGE_PREFIX}{token}.{name}"
                staged[name] = tmp.name
                _write_csv(tmp, frame, columns, mode_for(root / name))
            _fsync_dir(root)
            atomic_write_bytes(root / JOURNAL, json.dumps(staged).encode(), 0o644)  # the commit
        except BaseException:
            if (root / JOURNAL).exists():
                _roll_forward(root)  # interrupted just after the commit: finish it
            else:
                for name in staged.values():
                    (root / name).unlink(missing_ok=True)
            raise
        try:
            _roll_forward(root)
        except BaseException:
            _roll_forward(root)  # e.g. Ctrl-C mid-way: the commit is made, finish it
            raise


def _write_csv(target: Path, frame: pd.DataFrame, columns: tuple[str, ...], mode: int) -> None:
    out = pd.DataFrame(frame).reset_index(drop=True).reindex(columns=list(columns))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        os.fchmod(handle.fileno(), mode)
        out.to_csv(handle, index=False, lineterminator="\n")
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write_bytes(target: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_csv(target: Path, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Write one CSV via a temporary file and an atomic rename, keeping the file's mode."""
    out = pd.DataFrame(frame).reset_index(drop=True).reindex(columns=list(columns))
    data = out.to_csv(index=False, lineterminator="\n").encode("utf-8")
    atomic_write_bytes(target, data, mode_for(target))
