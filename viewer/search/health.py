"""Is the index usable as it is? Locks, file sizes and a read of every segment.

A killed writer leaves Whoosh's lock file behind (the OS releases the lock itself) and
our ``writer.pid`` naming a process that is gone: that is a stale lock, cleared before
the next write. A lock actually held by a live process is left alone. Damage shows as
files missing or of another size than recorded at the last commit, or as a failure to
read some of every segment.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

HealthStatus = Literal["ok", "missing", "corrupt", "stale-lock", "schema-changed", "locked"]

PID_NAME = "writer.pid"
WHOOSH_LOCK = "MAIN_WRITELOCK"
STALE_LOCK_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class IndexHealth:
    status: HealthStatus
    message: str
    doc_count: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def lock_state(index_dir: Path, ixdir: Path, writing: bool) -> IndexHealth | None:
    """None when nothing holds the index; else 'stale-lock' or 'locked' with a reason."""
    # Whoosh keeps its lock file between writers; only an owner that is gone, or a
    # lock nobody can explain, makes it stale.
    if writing:
        return None
    lock_path = ixdir / WHOOSH_LOCK
    pid = read_pid(index_dir / PID_NAME)
    if pid is None and not lock_path.exists():
        return None
    storage = FileStorage(str(ixdir))
    lock = storage.lock(WHOOSH_LOCK)
    if lock.acquire(blocking=False):
        lock.release()
        if pid is None or (pid != os.getpid() and pid_alive(pid)):
            return None  # free, or a live writer between two commits
        return IndexHealth("stale-lock",
                           f"a write lock was left behind by process {pid}, which "
                           "stopped while writing")
    if pid is not None and pid != os.getpid() and not pid_alive(pid):
        return IndexHealth("stale-lock",
                           f"write lock held for process {pid}, which is gone")
    age = time.time() - lock_path.stat().st_mtime if lock_path.exists() else 0.0
    if pid is None and age > STALE_LOCK_SECONDS:
        return IndexHealth("stale-lock", f"write lock is {age:.0f} s old with no owner")
    who = f"process {pid}" if pid else "another program"
    return IndexHealth("locked", f"the index is being written by {who}")


def file_crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def verify(ixdir: Path, meta: Mapping[str, Any], schema: Schema, deep: bool = False) -> int:
    """Read enough of every segment to trust it; raises on damage. Returns doc count.

    ``deep`` also checks every file against its checksum from the last commit.
    """
    ix = windex.open_dir(str(ixdir), schema=schema)
    try:
        gen = ix.latest_generation()
        files = meta.get("files")
        if meta.get("generation") == gen and isinstance(files, dict):
            crcs = meta.get("crc") if deep else None
            for name, size in files.items():
                path = ixdir / name
                if not path.exists():
                    raise OSError(f"{name} is missing")
                if path.stat().st_size != size:
                    raise OSError(f"{name} has {path.stat().st_size} bytes, "
                                  f"expected {size}")
                if isinstance(crcs, dict) and name in crcs and file_crc(path) != crcs[name]:
                    raise OSError(f"{name} has changed since it was written")
        with ix.searcher() as s:
            reader = s.reader()
            for sub, _offset in (s.subsearchers or [(s, 0)]):
                r = sub.reader()
                n = r.doc_count_all()
                if n:
                    r.stored_fields(0)
                    r.stored_fields(n - 1)
                for _value in r.column_reader("idfp"):
                    pass
                for fieldname in ("title", "text"):
                    for i, btext in enumerate(r.lexicon(fieldname)):
                        if i == 0:
                            r.postings(fieldname, btext).all_ids()
                        if i > 50:
                            break
            count = reader.doc_count()
            list(s.docs_for_query(wq.Term("starred", "yes")))
            return int(count)
    finally:
        ix.close()


def sizes_match(ixdir: Path, meta: Mapping[str, Any]) -> bool:
    files = meta.get("files")
    if not isinstance(files, dict):
        return False
    try:
        return all((ixdir / name).stat().st_size == size for name, size in files.items())
    except OSError:
        return False


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def describe_exc(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
