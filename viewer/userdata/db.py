"""The SQLite file under the user-data store: connections, transactions, damage and locking.

Durability choices, in order of importance:

* WAL journal with ``synchronous=FULL``: a commit that returned is on disk, even if the
  process is killed or the machine loses power right after.
* One transaction per user action (:meth:`Database.transaction`, ``BEGIN IMMEDIATE``), so an
  action is saved whole or not at all, and two processes writing take turns (``busy_timeout``)
  instead of failing or corrupting.
* ``PRAGMA quick_check`` at open; a damaged file is renamed aside — never deleted — and a
  fresh store started, so the program stays usable and the user can restore a backup.
* SQLite errors while writing become :class:`StoreWriteError` with a sentence for the user.

Threads: each thread gets its own connection (workers may read while the UI thread writes);
writers within the process are serialised by a lock, across processes by SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import IO
from urllib.parse import quote as url_quote

from viewer.userdata.errors import InstanceLockedError, StoreError, StoreWriteError

BUSY_TIMEOUT_MS = 10_000

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED = 3, 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26


class CorruptStoreError(StoreError):
    """The file is not a readable SQLite database (raised at open, handled by the store)."""


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_corruption(exc: sqlite3.Error) -> bool:
    return _primary_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def write_error(exc: sqlite3.Error | OSError, path: Path) -> StoreError:
    """Turn a low-level failure to write ``path`` into an error the user can act on."""
    kept = "Nothing saved earlier was lost."
    if isinstance(exc, OSError):
        return StoreWriteError(
            f"Could not save to {path}: {exc.strerror or exc}. Check that the folder is writable "
            f"and the disk has space, or choose another data directory with --data-dir. {kept}",
            "read_only",
        )
    code = _primary_code(exc)
    if code == _SQLITE_FULL:
        return StoreWriteError(
            f"Could not save: the disk holding {path.parent} is full. Free some space and try "
            f"again. {kept}", "full")
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return StoreWriteError(
            f"Could not save: {path} cannot be written (read-only folder or file, or no "
            f"permission). Fix the permissions or choose another data directory with "
            f"--data-dir. {kept}", "read_only")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreWriteError(
            f"Could not save: another Archive Viewer process kept {path.name} busy for more than "
            f"{BUSY_TIMEOUT_MS // 1000} seconds. Try again. {kept}", "busy")
    if code is not None and is_corruption(exc):
        return StoreWriteError(
            f"Could not save: {path} is damaged ({exc}). Restart the program: it will set the "
            f"damaged file aside and tell you how to restore the newest backup.", "io")
    return StoreWriteError(f"Could not save to {path}: {exc}. {kept}", "io")


class Database:
    """One SQLite file; a connection per thread, a write lock per process."""

    def __init__(self, path: Path, *, read_only: bool = False, immutable: bool = False) -> None:
        self.path = path
        self.read_only = read_only or immutable
        # immutable: read a file in a folder we cannot write (no -shm can be made there).
        self.immutable = immutable
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._registry_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._closed = False

    # -- connections -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            flags = "mode=ro&immutable=1" if self.immutable else "mode=ro"
            target, uri = f"file:{url_quote(str(self.path))}?{flags}", True
        else:
            target, uri = str(self.path), False
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is
        # exactly one user action and Python never commits behind our back.
        conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if self.read_only:
                conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        if self._closed:
            raise StoreError("The notes store has been closed.")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = self._connect()
            except sqlite3.Error as exc:
                if is_corruption(exc):
                    raise CorruptStoreError(f"{self.path} is not a readable database: {exc}") from exc
                raise write_error(exc, self.path) from exc
            self._local.conn = conn
            with self._registry_lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every thread's connection (call once no other thread uses the store)."""
        self._closed = True
        with self._registry_lock:
            for conn in self._connections:
                with suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()

    # -- checks -------------------------------------------------------------------------

    def check(self) -> None:
        """Raise :class:`CorruptStoreError` unless the file opens and passes ``quick_check``."""
        try:
            rows = self.connection().execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            if is_corruption(exc):
                raise CorruptStoreError(f"{self.path} is damaged: {exc}") from exc
            raise write_error(exc, self.path) from exc
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise CorruptStoreError(f"{self.path} failed its integrity check: {'; '.join(problems[:3])}")

    def enable_wal(self) -> None:
        """Switch the file to WAL (persistent, so once per open; not done on files we refuse)."""
        try:
            self.connection().execute("PRAGMA journal_mode = WAL").fetchone()
        except sqlite3.Error as exc:
            raise write_error(exc, self.path) from exc

    def user_version(self) -> int:
        return int(self.connection().execute("PRAGMA user_version").fetchone()[0])

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: commit on success, roll back everything on any exception.

        Nested use joins the outer transaction, so an import can group many actions.
        SQLite failures surface as :class:`StoreWriteError`.
        """
        with self._write_lock:
            conn = self.connection()
            depth: int = getattr(self._local, "depth", 0)
            if depth:
                self._local.depth = depth + 1
                try:
                    yield conn
                finally:
                    self._local.depth = depth
                return
            try:
                # IMMEDIATE takes the write lock now, so a busy store waits here (busy_timeout)
                # rather than failing half-way through the action.
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise write_error(exc, self.path) from exc
            self._local.depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(conn)
                raise write_error(exc, self.path) from exc
            except BaseException:
                self._rollback(conn)
                raise
            finally:
                self._local.depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one consistent state (e.g. an export while the window writes)."""
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN DEFERRED")
        try:
            yield conn
        finally:
            self._rollback(conn)  # nothing was written; ending the read transaction suffices

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


def set_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename ``path`` (and its -wal/-shm companions) to ``<stem>.<label>-<timestamp><suffix>``.

    Nothing is deleted: the user or a support person may still recover data from it.
    """
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
    for companion in ("-wal", "-shm"):
        side = Path(str(path) + companion)
        if side.exists():
            os.replace(side, Path(str(target) + companion))
    os.replace(path, target)
    return target


class InstanceLock:
    """An advisory lock on ``DataPaths.lock_file`` held by the window while it runs.

    The lock is released by the operating system when the process dies, so a crash never
    leaves a stale lock behind. CLI commands that only read do not take it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise :class:`InstanceLockedError` at once (never waits)."""
        if self._file is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the lock's lifetime
        try:
            _lock_nonblocking(f)
        except OSError:
            f.close()
            raise InstanceLockedError(
                f"Archive Viewer is already open on the data directory {self.path.parent}. Switch "
                f"to that window, or start this one with a different --data-dir. (Command-line "
                f"reading and export still work while it is open.)", self.path) from None
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")  # informational only; the lock itself is what counts
        f.flush()
        self._file = f
        return self

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock_nonblocking(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(f: IO[str]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_nonblocking(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
