"""Rotating daily backups of the user-data store, and how to restore one.

When the store is opened (by the window or a command) and no backup exists for today, a
copy is written to ``<data dir>/backups/userdata-YYYY-MM-DD.sqlite3`` with SQLite's backup
API (a consistent snapshot even while another process writes), checked, and only then
renamed into place. The newest five are kept. A store nothing was ever saved in is not
backed up, so a freshly recovered, empty store cannot push good backups out.

Restoring a backup
------------------
1. Close Archive Viewer (restoring refuses to run while a window has the data directory open).
2. Run ``archive-viewer restore-backup`` to list the backups, then
   ``archive-viewer restore-backup PATH`` with the one you want (or call
   :func:`restore_backup` from Python).
3. The current notes file is not deleted: it is renamed to
   ``userdata.replaced-<timestamp>.sqlite3`` beside it, so a restore can itself be undone by
   restoring that file the same way.

Doing it by hand is also safe: with the program closed, rename ``userdata.sqlite3`` (and any
``userdata.sqlite3-wal``/``-shm`` beside it) out of the way and copy the backup file to
``userdata.sqlite3``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from viewer.paths import DataPaths
from viewer.userdata.db import Database, InstanceLock, set_aside, write_error
from viewer.userdata.errors import StoreError

KEEP_BACKUPS = 5
_BACKUP_NAME = re.compile(r"^userdata-(\d{4}-\d{2}-\d{2})\.sqlite3$")


def backup_path_for(backups_dir: Path, day: date) -> Path:
    return backups_dir / f"userdata-{day.isoformat()}.sqlite3"


def list_backups(backups_dir: Path) -> list[Path]:
    """Daily backups, newest first."""
    if not backups_dir.is_dir():
        return []
    found = [p for p in backups_dir.iterdir() if _BACKUP_NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def newest_backup(backups_dir: Path) -> Path | None:
    backups = list_backups(backups_dir)
    return backups[0] if backups else None


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Snapshot ``source`` into ``target`` as a single self-contained file, then verify it."""
    # A unique name: two programs opening the same store may both be making today's backup.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            # Rollback-journal mode: the copy needs no -wal/-shm companions to be read.
            dest.execute("PRAGMA journal_mode = DELETE").fetchone()
            result = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
        if result != "ok":
            raise StoreError(f"The backup copy {target} failed its check ({result}); it was not kept.")
        os.replace(tmp, target)
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    Path(f"{tmp}-journal").unlink(missing_ok=True)


def daily_backup(db: Database, backups_dir: Path, today: date | None = None,
                 keep: int = KEEP_BACKUPS) -> Path | None:
    """Write today's backup unless it exists or the store holds nothing; prune old ones.

    Returns the new backup's path, or ``None`` if none was due.
    """
    day = today or date.today()
    target = backup_path_for(backups_dir, day)
    if target.exists() or not _has_user_data(db):
        return None
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        _copy(db.connection(), target)
    except (OSError, sqlite3.Error) as exc:
        raise write_error(exc, target) from exc
    for old in list_backups(backups_dir)[keep:]:
        old.unlink(missing_ok=True)
    return target


def _has_user_data(db: Database) -> bool:
    conn = db.connection()
    if db.user_version() == 0:
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
    return bool(row and int(row[0]) > 0)


def restore_backup(paths: DataPaths, backup: Path, *,
                   instance_lock: InstanceLock | None = None) -> Path | None:
    """Make ``backup`` the current store; return where the replaced store was set aside.

    The program must not have the store open: this takes the instance lock (pass
    ``instance_lock`` if the caller already holds it) and raises
    :class:`~viewer.userdata.errors.InstanceLockedError` if a window is running. The backup
    is checked before anything is touched; the current file is renamed, never deleted.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise StoreError(f"No backup file at {backup}.")
    own_lock = None
    if instance_lock is None or not instance_lock.held:
        own_lock = InstanceLock(paths.lock_file).acquire()
    try:
        from viewer.userdata.migrations import LATEST_VERSION

        source = Database(backup, read_only=True)
        try:
            try:
                source.check()
            except StoreError as exc:
                raise StoreError(f"{backup} cannot be restored: {exc}") from exc
            if source.user_version() > LATEST_VERSION:
                raise StoreError(f"{backup} was written by a newer version of Archive Viewer.")
            staged = paths.userdata_db.with_name(f".{paths.userdata_db.name}.restoring")
            try:
                _copy(source.connection(), staged)
            except (OSError, sqlite3.Error) as exc:
                raise write_error(exc, staged) from exc
        finally:
            source.close()
        aside = set_aside(paths.userdata_db, "replaced") if paths.userdata_db.exists() else None
        os.replace(staged, paths.userdata_db)
        return aside
    finally:
        if own_lock is not None:
            own_lock.release()
