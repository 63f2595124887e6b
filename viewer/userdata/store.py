"""The user-data store: everything the analyst adds to the archive, in one SQLite file.

Every public method that changes something is one transaction (one user action): it is
saved whole or not at all, and failures to save raise
:class:`~viewer.userdata.errors.StoreWriteError` with a message for the user. Reads may be
made from any thread. Build one :class:`UserStore` at start-up (``UserStore.open(paths)``)
and pass it to whoever needs it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from viewer.corrections import CORRECTION_OPS, Correction, RegistryEntry
from viewer.paths import DataPaths
from viewer.userdata.anchoring import Anchorer, context_around
from viewer.userdata.backup import daily_backup, newest_backup
from viewer.userdata.db import CorruptStoreError, Database, set_aside, write_error
from viewer.userdata.errors import StoreError, StoreRecovered, StoreWriteError
from viewer.userdata.migrations import LATEST_VERSION, migrate, search_text
from viewer.userdata.models import (
    COLORS,
    CONTEXT_CHARS,
    READ_STATES,
    AnchoredAnnotation,
    AnchoredBookmark,
    Annotation,
    Bookmark,
    Color,
    DocUserData,
    ReadState,
)

_ANNOTATION_COLUMNS = (
    'a.id, a.doc_id, a.quote, a.prefix, a.suffix, a.start, a."end", a.color, a.note, '
    "a.created, a.updated"
)
# Ids per "IN (...)" query: well under SQLite's limit on bound parameters.
_CHUNK = 500
# Beyond this many annotations one scan of all tags is cheaper than looking them up by id.
_SCAN_ALL_TAGS = 3000
_BOOKMARK_COLUMNS = 'id, doc_id, "offset", quote, prefix, label, created'
_SPACES = re.compile(r"\s+")


def utc_now() -> datetime:
    return datetime.now(UTC)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, single-spaced, unique ignoring case (first spelling wins), sorted."""
    seen: dict[str, str] = {}
    for tag in tags:
        if not isinstance(tag, str):
            raise ValueError(f"A tag must be text, not {tag!r}.")
        t = _SPACES.sub(" ", tag).strip()
        if t:
            seen.setdefault(t.casefold(), t)
    return tuple(seen[k] for k in sorted(seen))


def _check_color(color: str) -> Color:
    if color not in COLORS:
        raise ValueError(f"Unknown highlight colour {color!r}: choose one of {', '.join(COLORS)}.")
    return color


def _annotation(row: tuple[Any, ...], tags: tuple[str, ...]) -> Annotation:
    # Positional: the columns of _ANNOTATION_COLUMNS are in Annotation's field order.
    return Annotation._make((*row[:9], tags, row[9], row[10]))


def _bookmark(row: tuple[Any, ...]) -> Bookmark:
    return Bookmark(id=row[0], doc_id=row[1], offset=row[2], quote=row[3], prefix=row[4],
                    label=row[5], created=row[6])


def _correction(row: tuple[Any, ...]) -> Correction:
    return Correction(id=row[0], doc_id=row[1], op=row[2], payload=json.loads(row[3]), created=row[4])


def _payload_json(payload: Any) -> str:
    if not isinstance(payload, dict):
        raise ValueError(f"A correction's payload must be a mapping, not {type(payload).__name__}.")
    try:
        return json.dumps(payload, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"A correction's payload must be plain JSON data: {exc}") from exc


class UserStore:
    """Annotations, bookmarks, tags, read state and extraction corrections.

    Attributes:
        path: the SQLite file.
        recovered: set when the file was damaged at open and a fresh one was started;
            its ``message`` must be shown to the user.
        backup_warning: set when today's automatic backup could not be written (the store
            itself is fine); worth showing once.
        read_only_reason: set when the store could only be opened for reading (e.g. a
            read-only data directory): the notes are shown, every change raises
            :class:`StoreWriteError`.
    """

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now,
                 recovered: StoreRecovered | None = None, backup_warning: str | None = None) -> None:
        self.db = db
        self._clock = clock
        self.recovered = recovered
        self.backup_warning = backup_warning
        self.read_only_reason: str | None = None

    @classmethod
    def open(cls, paths: DataPaths, *, read_only: bool = False, backup: bool = True,
             clock: Callable[[], datetime] = utc_now) -> UserStore:
        """Open (creating, checking, backing up and upgrading as needed) the store of ``paths``.

        A damaged file is renamed aside and a fresh store started (see ``recovered``).
        ``read_only`` opens without ever writing (for inspection); it fails on a damaged or
        outdated file instead of repairing it.
        """
        path = paths.userdata_db
        if not read_only:
            try:
                paths.root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_error(exc, path) from exc
        elif not path.exists():
            raise StoreError(f"There is no notes file at {path}.")
        db = Database(path, read_only=read_only)
        recovered: StoreRecovered | None = None
        read_only_reason: str | None = None
        try:
            db.check()
        except StoreWriteError as exc:
            db.close()
            if read_only or exc.reason != "read_only" or not path.exists():
                raise
            # The notes cannot be written here (read-only folder or medium) but may still be
            # readable: better to show them, refusing changes, than to show nothing.
            # Without write access no -shm file can be made, so WAL readers need ``immutable``;
            # that ignores a -wal file, so it is only used when there is none to ignore.
            wal = Path(f"{path}-wal")
            db = Database(path, read_only=True, immutable=not wal.exists() or wal.stat().st_size == 0)
            try:
                db.check()
            except StoreError:
                db.close()
                raise exc from None
            read_only = True
            read_only_reason = (f"Your notes are open read-only: {path} cannot be written (read-only "
                                f"folder or file, or no permission). Changes cannot be saved until that is "
                                f"fixed; you can also choose another data directory with --data-dir.")
        except CorruptStoreError as exc:
            db.close()
            if read_only:
                raise StoreError(f"{exc}. Open Archive Viewer normally to set it aside and start afresh.") \
                    from exc
            recovered = cls._recover(paths, str(exc))
            db = Database(path)
            db.check()
        warning: str | None = None
        try:
            if read_only:
                if db.user_version() != LATEST_VERSION:
                    raise StoreError(f"{path} was written by another version of Archive Viewer and needs "
                                     f"upgrading, which needs write access to it.")
            else:
                if backup:
                    try:
                        daily_backup(db, paths.backups_dir)
                    except StoreError as exc:
                        warning = f"Today's automatic backup of your notes failed: {exc}"
                migrate(db)
                db.enable_wal()
        except BaseException:
            db.close()
            raise
        store = cls(db, clock=clock, recovered=recovered, backup_warning=warning)
        store.read_only_reason = read_only_reason
        return store

    @staticmethod
    def _recover(paths: DataPaths, detail: str) -> StoreRecovered:
        path = paths.userdata_db
        try:
            aside = set_aside(path)
        except OSError as exc:
            raise write_error(exc, path) from exc
        newest = newest_backup(paths.backups_dir)
        if newest is not None:
            how = (f"The newest backup is {newest}. To restore it, close Archive Viewer and run:\n"
                   f'    archive-viewer restore-backup "{newest}"')
        else:
            how = f"No backup was found in {paths.backups_dir}."
        message = (f"Your notes file could not be read ({detail}).\nIt was moved aside, not deleted, "
                   f"to {aside}\nand a new, empty notes file was started.\n{how}")
        return StoreRecovered(corrupt_path=aside, newest_backup=newest, detail=detail, message=message)

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action; group several store calls in it to save them all or none."""
        with self.db.transaction() as conn:
            yield conn
            conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")

    def revision(self) -> int:
        """A counter that grows with every saved change (from any process): cheap to poll."""
        row = self._read().execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        return int(row[0])

    def _read(self) -> sqlite3.Connection:
        return self.db.connection()

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="microseconds")

    # -- annotations -----------------------------------------------------------------------

    def add_annotation(self, doc_id: str, body: str, start: int, end: int, *, color: str = "yellow",
                       note: str = "", tags: Iterable[str] = ()) -> Annotation:
        """Highlight ``body[start:end]`` of document ``doc_id``."""
        if not 0 <= start < end <= len(body):
            raise ValueError(f"Cannot highlight characters {start}–{end} of a {len(body)}-character text.")
        prefix, suffix = context_around(body, start, end)
        now = self._now()
        a = Annotation(id=str(uuid.uuid4()), doc_id=doc_id, quote=body[start:end], prefix=prefix,
                       suffix=suffix, start=start, end=end, color=_check_color(color), note=note,
                       tags=clean_tags(tags), created=now, updated=now)
        with self.transaction() as conn:
            self._write_annotation(conn, a)
        return a

    def _write_annotation(self, conn: sqlite3.Connection, a: Annotation, deleted: str | None = None) -> None:
        """Insert or fully replace ``a`` (and its tags); live unless ``deleted`` (a time) is given."""
        if not isinstance(a.note, str) or not isinstance(a.quote, str) or not a.quote:
            raise ValueError("An annotation needs a non-empty quote and a text note.")
        _check_color(a.color)
        conn.execute(
            'INSERT INTO annotations (id, doc_id, quote, prefix, suffix, start, "end", color, note, '
            "created, updated, deleted, search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET doc_id=excluded.doc_id, quote=excluded.quote, "
            'prefix=excluded.prefix, suffix=excluded.suffix, start=excluded.start, "end"=excluded."end", '
            "color=excluded.color, note=excluded.note, created=excluded.created, "
            "updated=excluded.updated, deleted=excluded.deleted, search_text=excluded.search_text",
            (a.id, a.doc_id, a.quote, a.prefix, a.suffix, a.start, a.end, a.color, a.note, a.created,
             a.updated, deleted, search_text(a.quote, a.note)),
        )
        conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (a.id,))
        conn.executemany("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)",
                         [(a.id, t) for t in clean_tags(a.tags)])

    def get_annotation(self, annotation_id: str) -> Annotation | None:
        found = self.annotations_by_ids([annotation_id])
        return found[0] if found else None

    def _require(self, annotation_id: str) -> Annotation:
        a = self.get_annotation(annotation_id)
        if a is None:
            raise KeyError(f"No annotation {annotation_id}.")
        return a

    def update_annotation(self, annotation_id: str, *, color: str | None = None, note: str | None = None,
                          tags: Iterable[str] | None = None) -> Annotation:
        """Change the colour, note and/or tags; returns the saved annotation."""
        with self.transaction() as conn:
            old = self._require(annotation_id)
            new = Annotation(
                id=old.id, doc_id=old.doc_id, quote=old.quote, prefix=old.prefix, suffix=old.suffix,
                start=old.start, end=old.end,
                color=_check_color(color) if color is not None else old.color,
                note=note if note is not None else old.note,
                tags=clean_tags(tags) if tags is not None else old.tags,
                created=old.created, updated=self._now(),
            )
            self._write_annotation(conn, new)
        return new

    def reattach_annotation(self, annotation_id: str, body: str, start: int, end: int) -> Annotation:
        """Point a (detached) annotation at ``body[start:end]``, keeping its note and tags."""
        if not 0 <= start < end <= len(body):
            raise ValueError(f"Cannot attach to characters {start}–{end} of a {len(body)}-character text.")
        prefix, suffix = context_around(body, start, end)
        with self.transaction() as conn:
            old = self._require(annotation_id)
            new = Annotation(id=old.id, doc_id=old.doc_id, quote=body[start:end], prefix=prefix,
                             suffix=suffix, start=start, end=end, color=old.color, note=old.note,
                             tags=old.tags, created=old.created, updated=self._now())
            self._write_annotation(conn, new)
        return new

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Delete; returns the annotation as it was, for :meth:`restore_annotation` (undo).

        The row is kept with a deletion time so that merging an older export does not bring
        it back.
        """
        with self.transaction() as conn:
            a = self._require(annotation_id)
            conn.execute("UPDATE annotations SET deleted = ? WHERE id = ?", (self._now(), annotation_id))
        return a

    def restore_annotation(self, a: Annotation) -> Annotation:
        """Undo a delete: put ``a`` back exactly (same id, text, tags and timestamps)."""
        with self.transaction() as conn:
            self._write_annotation(conn, a)
        return a

    def _build(self, conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Annotation]:
        """Annotations from rows of ``_ANNOTATION_COLUMNS``, with their tags."""
        tags: dict[str, list[str]] = {}
        if len(rows) > _SCAN_ALL_TAGS:
            pairs: list[tuple[str, str]] = conn.execute(
                "SELECT annotation_id, tag FROM annotation_tags").fetchall()
        else:
            ids = [r[0] for r in rows]
            pairs = []
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i:i + _CHUNK]
                pairs += conn.execute("SELECT annotation_id, tag FROM annotation_tags WHERE annotation_id "
                                      f"IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        for annotation_id, tag in pairs:
            tags.setdefault(annotation_id, []).append(tag)
        # Stored tags are already cleaned (unique ignoring case), so sorting is all that is left.
        return [_annotation(r, tuple(sorted(tags[r[0]], key=str.casefold)) if r[0] in tags else ())
                for r in rows]

    def annotations_by_ids(self, ids: Iterable[str]) -> list[Annotation]:
        """The live annotations among ``ids``, in the order given (for a lazily filled list)."""
        wanted = list(ids)
        conn = self._read()
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i:i + _CHUNK]
            rows += conn.execute(
                f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a WHERE a.deleted IS NULL AND a.id IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchall()
        position = {annotation_id: n for n, annotation_id in enumerate(wanted)}
        rows.sort(key=lambda r: position[r[0]])
        return self._build(conn, rows)

    def deleted_annotations(self, limit: int | None = None) -> list[tuple[Annotation, str]]:
        """Deleted annotations with the time of deletion, most recent first.

        They are kept so a merge cannot resurrect them, and so a "recently deleted" list can
        offer them back (:meth:`restore_annotation`) long after the undo stack is gone.
        """
        conn = self._read()
        sql = (f"SELECT {_ANNOTATION_COLUMNS}, a.deleted FROM annotations a WHERE a.deleted IS NOT NULL "
               "ORDER BY a.deleted DESC, a.id")
        rows = conn.execute(sql + (" LIMIT ?" if limit is not None else ""),
                            () if limit is None else (int(limit),)).fetchall()
        built = self._build(conn, [r[:-1] for r in rows])
        return [(a, r[-1]) for a, r in zip(built, rows, strict=True)]

    def annotations_for(self, doc_id: str) -> list[Annotation]:
        conn = self._read()
        rows = conn.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a WHERE a.doc_id = ? AND a.deleted IS NULL "
            'ORDER BY a.start, a."end", a.id', (doc_id,)).fetchall()
        return self._build(conn, rows)

    def anchored_annotations(self, doc_id: str, body: str) -> list[AnchoredAnnotation]:
        """The document's annotations placed on ``body`` (its current text), in text order.

        Ones that cannot be found keep their stored offsets and come back ``detached``.
        """
        anchorer = Anchorer(body)
        placed: list[AnchoredAnnotation] = []
        for a in self.annotations_for(doc_id):
            span = anchorer.resolve(a.quote, a.prefix, a.suffix, a.start, a.end)
            if span is None:
                placed.append(AnchoredAnnotation(a, a.start, a.end, detached=True))
            else:
                placed.append(AnchoredAnnotation(a, span[0], span[1]))
        placed.sort(key=lambda p: (p.detached, p.start, p.end))
        return placed

    def list_annotations(self, text: str | None = None, tag: str | None = None, color: str | None = None,
                         doc_id: str | None = None, limit: int | None = None) -> list[Annotation]:
        """Annotations across the archive, newest first, filtered by every given criterion.

        ``text`` matches quote or note, ignoring case; every word must occur (substring
        match, so it works as the user types). For a list of thousands, prefer
        :meth:`annotation_ids` and fetch the visible rows with :meth:`annotations_by_ids`.
        """
        where, params = self._filters(text, tag, color, doc_id)
        sql = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a WHERE {where} ORDER BY a.created DESC, a.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        conn = self._read()
        return self._build(conn, conn.execute(sql, params).fetchall())

    def annotation_ids(self, text: str | None = None, tag: str | None = None, color: str | None = None,
                       doc_id: str | None = None) -> list[str]:
        """Ids of :meth:`list_annotations`, same filters and order, without loading them."""
        where, params = self._filters(text, tag, color, doc_id)
        rows = self._read().execute(
            f"SELECT a.id FROM annotations a WHERE {where} ORDER BY a.created DESC, a.id", params)
        return [r[0] for r in rows]

    @staticmethod
    def _filters(text: str | None, tag: str | None, color: str | None,
                 doc_id: str | None) -> tuple[str, list[Any]]:
        where = ["a.deleted IS NULL"]
        params: list[Any] = []
        for word in (text or "").casefold().split():
            where.append("instr(a.search_text, ?) > 0")
            params.append(word)
        if tag:
            where.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag = ?)")
            params.append(_SPACES.sub(" ", tag).strip())
        if color:
            where.append("a.color = ?")
            params.append(color)
        if doc_id:
            where.append("a.doc_id = ?")
            params.append(doc_id)
        return " AND ".join(where), params

    def all_tags(self) -> list[tuple[str, int]]:
        """Annotation tags with the number of annotations carrying each, by name."""
        rows = self._read().execute(
            "SELECT t.tag, count(*) FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id "
            "WHERE a.deleted IS NULL GROUP BY t.tag ORDER BY t.tag").fetchall()
        return [(r[0], r[1]) for r in rows]

    def annotation_counts(self) -> dict[str, int]:
        rows = self._read().execute(
            "SELECT doc_id, count(*) FROM annotations WHERE deleted IS NULL GROUP BY doc_id").fetchall()
        return {r[0]: r[1] for r in rows}

    # -- document marks ----------------------------------------------------------------------

    def set_starred(self, doc_id: str, starred: bool) -> None:
        with self.transaction() as conn:
            if starred:
                conn.execute("INSERT OR IGNORE INTO starred (doc_id, created) VALUES (?, ?)",
                             (doc_id, self._now()))
            else:
                conn.execute("DELETE FROM starred WHERE doc_id = ?", (doc_id,))

    def is_starred(self, doc_id: str) -> bool:
        row = self._read().execute("SELECT 1 FROM starred WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def starred_ids(self) -> set[str]:
        return {r[0] for r in self._read().execute("SELECT doc_id FROM starred")}

    def set_read_state(self, doc_id: str, state: str) -> None:
        if state not in READ_STATES:
            raise ValueError(f"Unknown read state {state!r}: choose one of {', '.join(READ_STATES)}.")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO read_state (doc_id, state, updated) VALUES (?, ?, ?) ON CONFLICT(doc_id) "
                "DO UPDATE SET state = excluded.state, updated = excluded.updated",
                (doc_id, state, self._now()))

    def read_state(self, doc_id: str) -> ReadState:
        row = self._read().execute("SELECT state FROM read_state WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else "unread"

    def read_states(self) -> dict[str, ReadState]:
        """Every document whose state was ever set; others are 'unread'."""
        return {r[0]: r[1] for r in self._read().execute("SELECT doc_id, state FROM read_state")}

    def set_doc_tags(self, doc_id: str, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace the document's own tags (not its annotations')."""
        cleaned = clean_tags(tags)
        with self.transaction() as conn:
            conn.execute("DELETE FROM doc_tags WHERE doc_id = ?", (doc_id,))
            conn.executemany("INSERT INTO doc_tags (doc_id, tag) VALUES (?, ?)",
                             [(doc_id, t) for t in cleaned])
        return cleaned

    def add_doc_tag(self, doc_id: str, tag: str) -> tuple[str, ...]:
        with self.transaction():  # read and write as one action: no lost update between programs
            return self.set_doc_tags(doc_id, (*self.doc_tags(doc_id), tag))

    def remove_doc_tag(self, doc_id: str, tag: str) -> tuple[str, ...]:
        folded = _SPACES.sub(" ", tag).strip().casefold()
        with self.transaction():
            return self.set_doc_tags(doc_id, [t for t in self.doc_tags(doc_id) if t.casefold() != folded])

    def doc_tags(self, doc_id: str) -> tuple[str, ...]:
        return clean_tags(r[0] for r in self._read().execute("SELECT tag FROM doc_tags WHERE doc_id = ?",
                                                             (doc_id,)))

    def all_doc_tags(self) -> list[tuple[str, int]]:
        """Document tags with the number of documents carrying each, by name."""
        rows = self._read().execute("SELECT tag, count(*) FROM doc_tags GROUP BY tag ORDER BY tag")
        return [(r[0], r[1]) for r in rows]

    # -- position bookmarks -------------------------------------------------------------------

    def add_bookmark(self, doc_id: str, body: str, offset: int, label: str = "") -> Bookmark:
        """Bookmark the position ``offset`` in ``body`` (anchored by the text at and before it)."""
        if not 0 <= offset <= len(body):
            raise ValueError(f"Position {offset} is outside a {len(body)}-character text.")
        b = Bookmark(id=str(uuid.uuid4()), doc_id=doc_id, offset=offset,
                     quote=body[offset:offset + CONTEXT_CHARS],
                     prefix=body[max(0, offset - CONTEXT_CHARS):offset], label=label, created=self._now())
        with self.transaction() as conn:
            self._write_bookmark(conn, b)
        return b

    @staticmethod
    def _write_bookmark(conn: sqlite3.Connection, b: Bookmark) -> None:
        conn.execute(
            f"INSERT OR REPLACE INTO bookmarks ({_BOOKMARK_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
            (b.id, b.doc_id, b.offset, b.quote, b.prefix, b.label, b.created))

    def rename_bookmark(self, bookmark_id: str, label: str) -> Bookmark:
        with self.transaction() as conn:
            b = self._bookmark_or_raise(bookmark_id)
            conn.execute("UPDATE bookmarks SET label = ? WHERE id = ?", (label, bookmark_id))
        return Bookmark(b.id, b.doc_id, b.offset, b.quote, b.prefix, label, b.created)

    def remove_bookmark(self, bookmark_id: str) -> Bookmark:
        """Remove; returns the bookmark for :meth:`restore_bookmark` (undo)."""
        with self.transaction() as conn:
            b = self._bookmark_or_raise(bookmark_id)
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return b

    def restore_bookmark(self, b: Bookmark) -> Bookmark:
        with self.transaction() as conn:
            self._write_bookmark(conn, b)
        return b

    def _bookmark_or_raise(self, bookmark_id: str) -> Bookmark:
        row = self._read().execute(f"SELECT {_BOOKMARK_COLUMNS} FROM bookmarks WHERE id = ?",
                                   (bookmark_id,)).fetchone()
        if row is None:
            raise KeyError(f"No bookmark {bookmark_id}.")
        return _bookmark(row)

    def list_bookmarks(self, doc_id: str | None = None) -> list[Bookmark]:
        """Position bookmarks, newest first (of one document, in text order, if ``doc_id``)."""
        if doc_id is None:
            rows = self._read().execute(
                f"SELECT {_BOOKMARK_COLUMNS} FROM bookmarks ORDER BY created DESC, id")
        else:
            rows = self._read().execute(
                f'SELECT {_BOOKMARK_COLUMNS} FROM bookmarks WHERE doc_id = ? ORDER BY "offset", id',
                (doc_id,))
        return [_bookmark(r) for r in rows]

    def anchored_bookmarks(self, doc_id: str, body: str) -> list[AnchoredBookmark]:
        anchorer = Anchorer(body)
        placed = []
        for b in self.list_bookmarks(doc_id):
            at = anchorer.resolve_position(b.quote, b.prefix, b.offset)
            placed.append(AnchoredBookmark(b, b.offset, True) if at is None else AnchoredBookmark(b, at))
        placed.sort(key=lambda p: (p.detached, p.offset))
        return placed

    # -- what the search index needs --------------------------------------------------------

    def user_facts(self, doc_id: str) -> DocUserData:
        conn = self._read()
        notes_rows = conn.execute(
            "SELECT note FROM annotations WHERE doc_id = ? AND deleted IS NULL ORDER BY start, id",
            (doc_id,)).fetchall()
        ann_tags = conn.execute(
            "SELECT t.tag FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id "
            "WHERE a.doc_id = ? AND a.deleted IS NULL ORDER BY a.start, a.id, t.tag", (doc_id,)).fetchall()
        return DocUserData(
            starred=self.is_starred(doc_id),
            read=self.read_state(doc_id),
            tags=clean_tags([r[0] for r in ann_tags] + list(self.doc_tags(doc_id))),
            notes=tuple(r[0] for r in notes_rows if r[0].strip()),
            annotation_count=len(notes_rows),
            bookmark_count=int(conn.execute("SELECT count(*) FROM bookmarks WHERE doc_id = ?",
                                            (doc_id,)).fetchone()[0]),
        )

    def all_user_facts(self) -> dict[str, DocUserData]:
        """:class:`DocUserData` of every document the user touched (others: the defaults)."""
        conn = self._read()
        starred = self.starred_ids()
        read = self.read_states()
        tags: dict[str, list[str]] = {}
        # Same order as user_facts, so the spelling kept for a tag differing only in case agrees.
        for doc_id, tag in conn.execute(
                "SELECT a.doc_id, t.tag FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id "
                "WHERE a.deleted IS NULL ORDER BY a.doc_id, a.start, a.id, t.tag"):
            tags.setdefault(doc_id, []).append(tag)
        for doc_id, tag in conn.execute("SELECT doc_id, tag FROM doc_tags ORDER BY doc_id, tag"):
            tags.setdefault(doc_id, []).append(tag)
        notes: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        for doc_id, note in conn.execute(
                "SELECT doc_id, note FROM annotations WHERE deleted IS NULL ORDER BY doc_id, start, id"):
            counts[doc_id] = counts.get(doc_id, 0) + 1
            if note.strip():
                notes.setdefault(doc_id, []).append(note)
        bookmarks = dict(conn.execute("SELECT doc_id, count(*) FROM bookmarks GROUP BY doc_id"))
        ids = starred | read.keys() | tags.keys() | counts.keys() | bookmarks.keys()
        return {
            d: DocUserData(starred=d in starred, read=read.get(d, "unread"),
                           tags=clean_tags(tags.get(d, ())), notes=tuple(notes.get(d, ())),
                           annotation_count=counts.get(d, 0), bookmark_count=bookmarks.get(d, 0))
            for d in ids
        }

    # -- extraction corrections ----------------------------------------------------------------

    def add_correction(self, c: Correction) -> Correction:
        """Save a correction; returns it with its ``id`` and ``created`` time."""
        if c.op not in CORRECTION_OPS:
            raise ValueError(f"Unknown correction {c.op!r}: expected one of {', '.join(CORRECTION_OPS)}.")
        payload = _payload_json(c.payload)
        created = self._now()
        with self.transaction() as conn:
            cur = conn.execute("INSERT INTO corrections (doc_id, op, payload, created) VALUES (?, ?, ?, ?)",
                               (c.doc_id, c.op, payload, created))
            new_id = cur.lastrowid
        return Correction(op=c.op, payload=json.loads(payload), doc_id=c.doc_id, id=new_id, created=created)

    def corrections_for(self, doc_id: str) -> list[Correction]:
        """The document's own corrections and the archive-wide ones, in the order made."""
        rows = self._read().execute(
            "SELECT id, doc_id, op, payload, created FROM corrections WHERE doc_id = ? OR doc_id IS NULL "
            "ORDER BY created, id", (doc_id,))
        return [_correction(r) for r in rows]

    def all_corrections(self) -> list[Correction]:
        rows = self._read().execute(
            "SELECT id, doc_id, op, payload, created FROM corrections ORDER BY created, id")
        return [_correction(r) for r in rows]

    def delete_correction(self, correction_id: int) -> Correction | None:
        """Delete; returns what was deleted (``None`` if there was no such correction)."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id, doc_id, op, payload, created FROM corrections WHERE id = ?",
                               (correction_id,)).fetchone()
            conn.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        return _correction(row) if row else None

    def upsert_registry_entry(self, e: RegistryEntry) -> None:
        if not e.key or not e.name:
            raise ValueError("A registry entry needs a key and a name.")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO registry (key, name, aliases, roles, extra, updated) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET name=excluded.name, aliases=excluded.aliases, "
                "roles=excluded.roles, extra=excluded.extra, updated=excluded.updated",
                (e.key, e.name, json.dumps(list(e.aliases), ensure_ascii=False),
                 json.dumps(list(e.roles), ensure_ascii=False), _payload_json(e.extra), self._now()))

    def registry(self) -> list[RegistryEntry]:
        rows = self._read().execute("SELECT key, name, aliases, roles, extra FROM registry ORDER BY key")
        return [RegistryEntry(key=r[0], name=r[1], aliases=tuple(json.loads(r[2])),
                              roles=tuple(json.loads(r[3])), extra=json.loads(r[4])) for r in rows]

    def delete_registry_entry(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM registry WHERE key = ?", (key,))

    # -- export / import (see viewer.userdata.exporting / importing) ------------------------

    def import_json(self, path: Path) -> Any:
        """Merge an export file into the store; see :func:`viewer.userdata.importing.import_json`."""
        from viewer.userdata.importing import import_json

        return import_json(self, path)
