"""Schema upgrades from every earlier version keep the user's data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from viewer.paths import DataPaths
from viewer.userdata import IncompatibleStoreError, UserStore
from viewer.userdata.db import Database
from viewer.userdata.migrations import LATEST_VERSION, migrate


def _version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_empty_file_version_0_is_upgraded(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.userdata_db.touch()  # a zero-byte file is a valid, empty (v0) SQLite database
    with UserStore.open(paths) as s:
        s.set_starred("d", True)
    assert _version(paths.userdata_db) == LATEST_VERSION == 2


def test_v1_file_with_data_is_upgraded_and_data_kept(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    db = Database(paths.userdata_db)
    assert migrate(db, target=1) == 1
    with db.transaction() as conn:  # rows as version 1 of the program wrote them
        conn.execute(
            'INSERT INTO annotations (id, doc_id, quote, prefix, suffix, start, "end", color, note, '
            "created, updated) VALUES ('a1', 'doc', 'Rapporteur', 'the Special ', ' on', 10, 20, "
            "'blue', 'Note about Ünal', '2025-01-01T00:00:00+00:00', '2025-01-02T00:00:00+00:00')")
        conn.execute("INSERT INTO annotation_tags VALUES ('a1', 'UN')")
        conn.execute("INSERT INTO starred VALUES ('doc', '2025-01-01T00:00:00+00:00')")
        conn.execute("INSERT INTO read_state VALUES ('doc', 'reviewed', '2025-01-01T00:00:00+00:00')")
        conn.execute("INSERT INTO corrections (doc_id, op, payload, created) VALUES "
                     "('doc', 'set_date', '{\"date\": \"2024-05-01\"}', '2025-01-01T00:00:00+00:00')")
        conn.execute("INSERT INTO registry (key, name, updated) VALUES ('k', 'K', '2025')")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'revision'")
    db.close()
    assert _version(paths.userdata_db) == 1

    with UserStore.open(paths) as s:
        a = s.get_annotation("a1")
        assert a is not None
        assert (a.quote, a.note, a.tags, a.color, a.updated) == (
            "Rapporteur", "Note about Ünal", ("UN",), "blue", "2025-01-02T00:00:00+00:00")
        assert s.is_starred("doc") and s.read_state("doc") == "reviewed"
        assert s.corrections_for("doc")[0].payload == {"date": "2024-05-01"}
        assert s.registry()[0].name == "K"
        # the v2 search column was back-filled for the old row
        assert [x.id for x in s.list_annotations(text="ünal")] == ["a1"]
        # and the v2 features work on the upgraded file
        s.add_bookmark("doc", "some text", 2)
        s.set_doc_tags("doc", ["x"])
        assert s.revision() > 5
    assert _version(paths.userdata_db) == LATEST_VERSION


def test_a_newer_store_is_left_untouched(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    with sqlite3.connect(paths.userdata_db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = paths.userdata_db.read_bytes()
    with pytest.raises(IncompatibleStoreError, match="newer version"):
        UserStore.open(paths, backup=False)
    assert paths.userdata_db.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_failing_migration_leaves_the_previous_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.userdata import migrations

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    db = Database(tmp_path / "u.sqlite3")
    migrate(db, target=1)
    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.MIGRATIONS[0], broken))
    with pytest.raises(RuntimeError):
        migrations.migrate(db, target=2)
    assert db.user_version() == 1
    assert db.connection().execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    db.close()
