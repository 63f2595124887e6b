"""Damaged store files, daily backups and restoring them."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from viewer.paths import DataPaths
from viewer.userdata import (
    InstanceLock,
    InstanceLockedError,
    StoreError,
    UserStore,
    list_backups,
    restore_backup,
)
from viewer.userdata.backup import backup_path_for, daily_backup

BODY = "The delegation raised the abductions issue with the commission of inquiry. " * 20


def make_store(paths: DataPaths, n: int = 50) -> list[str]:
    with UserStore.open(paths, backup=False) as s:
        return [s.add_annotation("d", BODY, i, i + 10, note=f"note {i} " * 20).id for i in range(n)]


def damage(path: Path, how: str) -> bytes:
    raw = path.read_bytes()
    if how == "garbage":
        path.write_bytes(b"this is not a database at all \x00\xff" * 300)
    elif how == "truncated":
        path.write_bytes(raw[: len(raw) // 3])
    elif how == "scribbled":  # valid header, broken pages
        path.write_bytes(raw[:4096] + bytes(range(256)) * ((len(raw) - 4096) // 256))
    return path.read_bytes()


@pytest.mark.parametrize("how", ["garbage", "truncated", "scribbled"])
def test_damaged_store_is_set_aside_and_a_fresh_one_started(tmp_path: Path, how: str) -> None:
    paths = DataPaths(tmp_path)
    make_store(paths)
    with UserStore.open(paths) as s:  # writes today's backup
        pass
    backup = list_backups(paths.backups_dir)[0]
    damaged = damage(paths.userdata_db, how)

    with UserStore.open(paths) as s:
        notice = s.recovered
        assert notice is not None
        assert notice.corrupt_path.read_bytes() == damaged  # set aside, not deleted
        assert notice.corrupt_path.name.startswith("userdata.corrupt-")
        assert notice.corrupt_path.name.endswith(".sqlite3")
        assert notice.newest_backup == backup
        assert str(notice.corrupt_path) in notice.message and str(backup) in notice.message
        assert "restore-backup" in notice.message
        assert s.list_annotations() == []
        s.set_starred("new", True)  # the fresh store works
    with UserStore.open(paths) as s:
        assert s.recovered is None and s.is_starred("new")


def test_damaged_store_without_backups_says_so(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    make_store(paths, 5)
    damage(paths.userdata_db, "garbage")
    with UserStore.open(paths) as s:
        assert s.recovered is not None and s.recovered.newest_backup is None
        assert "No backup was found" in s.recovered.message


def test_read_only_open_reports_damage_without_touching_it(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    make_store(paths, 5)
    damaged = damage(paths.userdata_db, "garbage")
    with pytest.raises(StoreError):
        UserStore.open(paths, read_only=True)
    assert paths.userdata_db.read_bytes() == damaged


def test_daily_backup_once_a_day_keeps_five_and_skips_empty_stores(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    with UserStore.open(paths) as s:
        assert list_backups(paths.backups_dir) == []  # nothing saved yet: nothing to back up
        s.set_starred("d", True)
    with UserStore.open(paths) as s:
        today = backup_path_for(paths.backups_dir, date.today())
        assert list_backups(paths.backups_dir) == [today]
        s.set_starred("e", True)
    first = today.read_bytes()
    with UserStore.open(paths):
        assert today.read_bytes() == first  # at most once per day
    with UserStore.open(paths, backup=False) as s:
        start = date.today() + timedelta(days=1)
        for k in range(7):
            assert daily_backup(s.db, paths.backups_dir, today=start + timedelta(days=k)) is not None
    kept = list_backups(paths.backups_dir)
    assert [p.name for p in kept] == [f"userdata-{(start + timedelta(days=k)).isoformat()}.sqlite3"
                                      for k in range(6, 1, -1)]
    assert not list(paths.backups_dir.glob(".*tmp"))
    with sqlite3.connect(kept[0]) as conn:  # a self-contained, checked copy
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM starred").fetchone()[0] == 2


def test_restore_backup_brings_notes_back_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    ids = make_store(paths, 10)
    with UserStore.open(paths) as s:
        backup = list_backups(paths.backups_dir)[0]
        for i in ids[:4]:
            s.delete_annotation(i)
        assert len(s.list_annotations()) == 6
    # a window is open: refused, nothing touched
    with InstanceLock(paths.lock_file), pytest.raises(InstanceLockedError):
        restore_backup(paths, backup)
    aside = restore_backup(paths, backup)
    assert aside is not None and aside.name.startswith("userdata.replaced-")
    with UserStore.open(paths) as s:
        assert sorted(a.id for a in s.list_annotations()) == sorted(ids)
    # the replaced file is still a complete store (the six remaining notes)
    with sqlite3.connect(aside) as conn:
        assert conn.execute("SELECT count(*) FROM annotations WHERE deleted IS NULL").fetchone()[0] == 6


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    make_store(paths, 3)
    before = paths.userdata_db.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="cannot be restored"):
        restore_backup(paths, bad)
    with pytest.raises(StoreError, match="No backup file"):
        restore_backup(paths, tmp_path / "missing.sqlite3")
    assert paths.userdata_db.read_bytes() == before


def test_a_failed_backup_warns_but_never_blocks_opening(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    make_store(paths, 3)
    paths.backups_dir.write_text("a file where the backups folder should be")
    with UserStore.open(paths) as s:
        assert s.backup_warning is not None and "backup" in s.backup_warning
        assert len(s.list_annotations()) == 3
        s.set_starred("still", True)
