"""Schema versions of the user-data store, kept in ``PRAGMA user_version``.

Each migration takes the store from version ``n`` to ``n + 1`` inside one transaction
(SQLite DDL and ``user_version`` are transactional), so a crash mid-upgrade leaves the
previous version intact. Migrations are never edited once released; add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from viewer.userdata.db import Database
from viewer.userdata.errors import IncompatibleStoreError


def _v1(conn: sqlite3.Connection) -> None:
    """Annotations with tags, starred documents, read state, corrections, person registry."""
    for statement in (
        """CREATE TABLE annotations (
            id      TEXT PRIMARY KEY,
            doc_id  TEXT NOT NULL,
            quote   TEXT NOT NULL,
            prefix  TEXT NOT NULL DEFAULT '',
            suffix  TEXT NOT NULL DEFAULT '',
            start   INTEGER NOT NULL,
            "end"   INTEGER NOT NULL,
            color   TEXT NOT NULL CHECK (color IN ('yellow','green','blue','pink','purple')),
            note    TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted TEXT              -- when deleted (kept for undo and for merging imports)
        )""",
        "CREATE INDEX annotations_doc ON annotations(doc_id)",
        """CREATE TABLE annotation_tags (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag           TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (annotation_id, tag)
        )""",
        "CREATE INDEX annotation_tags_tag ON annotation_tags(tag)",
        "CREATE TABLE starred (doc_id TEXT PRIMARY KEY, created TEXT NOT NULL)",
        """CREATE TABLE read_state (
            doc_id  TEXT PRIMARY KEY,
            state   TEXT NOT NULL CHECK (state IN ('unread','read','reviewed')),
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE corrections (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id  TEXT,
            op      TEXT NOT NULL,
            payload TEXT NOT NULL,   -- JSON object
            created TEXT NOT NULL
        )""",
        "CREATE INDEX corrections_doc ON corrections(doc_id)",
        """CREATE TABLE registry (
            key     TEXT PRIMARY KEY,
            name    TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles   TEXT NOT NULL DEFAULT '[]',
            extra   TEXT NOT NULL DEFAULT '{}',
            updated TEXT NOT NULL
        )""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO meta (key, value) VALUES ('revision', '0')",
    ):
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """Position bookmarks, document tags, and a folded search column for annotations.

    ``search_text`` holds ``casefold(quote + note)``: SQLite's own LIKE/lower fold ASCII
    only, and the archive quotes names with accents. It is back-filled for existing rows.
    """
    for statement in (
        """CREATE TABLE bookmarks (
            id      TEXT PRIMARY KEY,
            doc_id  TEXT NOT NULL,
            "offset" INTEGER NOT NULL,
            quote   TEXT NOT NULL DEFAULT '',
            prefix  TEXT NOT NULL DEFAULT '',
            label   TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        )""",
        "CREATE INDEX bookmarks_doc ON bookmarks(doc_id)",
        """CREATE TABLE doc_tags (
            doc_id TEXT NOT NULL,
            tag    TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (doc_id, tag)
        )""",
        "CREATE INDEX doc_tags_tag ON doc_tags(tag)",
        "ALTER TABLE annotations ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX annotations_color ON annotations(color)",
        "CREATE INDEX annotations_created ON annotations(created)",
    ):
        conn.execute(statement)
    rows = conn.execute("SELECT id, quote, note FROM annotations").fetchall()
    conn.executemany("UPDATE annotations SET search_text = ? WHERE id = ?",
                     [(search_text(quote, note), id_) for id_, quote, note in rows])


def search_text(quote: str, note: str) -> str:
    return f"{quote}\n{note}".casefold()


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
LATEST_VERSION = len(MIGRATIONS)


def migrate(db: Database, target: int = LATEST_VERSION) -> int:
    """Bring the store up to ``target`` one version at a time; return the version reached."""
    version = db.user_version()
    if version > LATEST_VERSION:
        raise IncompatibleStoreError(
            f"{db.path} was written by a newer version of Archive Viewer (store version {version}; "
            f"this program understands up to {LATEST_VERSION}). It was left untouched: update the "
            f"program, or start this one with a different --data-dir.")
    if version < target:
        db.enable_wal()
    while version < target:
        with db.transaction() as conn:
            # Re-read inside the write lock: another process may have upgraded meanwhile.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version >= target:
                break
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
    return version
