"""Writing the site to a folder: only the files whose content changed.

A manifest (``manifest.json``: path -> SHA-256 of the content, or of a deferred file's key)
remembers what the last publish wrote. A second publish compares: a file whose hash is the
same and which is still there is left alone (its modification time too, so a sync to a
CDN or ``rsync`` sends only what changed); a changed one is written atomically (a temporary
file, then a rename: a reader never gets half a page); a file the site no longer has (a city
that left the data) is removed, and only if the manifest lists it, so nothing else in the
folder is ever touched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sistermap.errors import SisterMapError
from sistermap.publish.build import Content, Deferred, digest

MANIFEST = "manifest.json"


@dataclass
class Written:
    """What a publish did, by path."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    size: int = 0  # bytes of the whole site


def _safe(path: str) -> str:
    """A site path: relative, forward slashes, no ``..`` (never outside the folder)."""
    p = PurePosixPath(path)
    if p.is_absolute() or ".." in p.parts or not p.parts or "\\" in path:
        raise SisterMapError(f"not a path inside the site: {path!r}")
    return str(p)


def read_manifest(out: Path) -> dict[str, str]:
    """The last publish's hashes, or {} (no site there yet, or an unreadable manifest:
    then every file is written again, which is always correct)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def write_site(files: dict[str, Content], out: Path) -> Written:
    """Write ``files`` into ``out``, only what changed since the manifest there.

    A folder that holds files but no manifest is not a site this wrote: refused, so a
    mistyped ``--out`` never mixes the site into someone's documents.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SisterMapError(f"{out} is not a folder")
    old = read_manifest(out)
    if out.is_dir() and not old and any(out.iterdir()):
        raise SisterMapError(f"{out} is not empty and holds no {MANIFEST}: give an empty or "
                             "new folder, or one an earlier publish wrote")
    out.mkdir(parents=True, exist_ok=True)
    done = Written()
    new: dict[str, str] = {}
    for path, content in sorted(files.items()):
        path = _safe(path)
        if path == MANIFEST:
            raise SisterMapError(f"{MANIFEST} is the publisher's own file")
        key = content.key if isinstance(content, Deferred) else digest(content)
        new[path] = key
        target = out / path
        if old.get(path) == key and target.is_file():
            done.unchanged.append(path)
        else:
            _atomic(target, content.make() if isinstance(content, Deferred) else content)
            done.written.append(path)
        done.size += target.stat().st_size
    for path in sorted(set(old) - set(new)):
        target = out / _safe(path)
        if target.is_file():
            target.unlink()
            done.removed.append(path)
    _atomic(out / MANIFEST, json.dumps({"files": new}, indent=0, sort_keys=True).encode())
    return done
