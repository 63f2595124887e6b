"""Importing a JSON export: restore exactly, merge without duplicates, all or nothing.

The whole file is read and validated before anything is written, and written in one
transaction, so a bad file imports nothing and tells the user what is wrong and where.

Merge rules (re-importing the same file is a no-op):

* annotations — by id: the newest change wins, a deletion counting as a change made when
  it happened (so a deletion travels with the file, and an older copy never resurrects a
  deleted note, while a copy edited after the deletion brings it back);
* bookmarks — by id: ones not present are added;
* stars and document tags — union;
* read states and registry entries — the newer ``updated`` wins;
* corrections — an identical one (same document, operation and payload) is not added twice.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from viewer.corrections import CORRECTION_OPS
from viewer.userdata.errors import ImportFormatError
from viewer.userdata.exporting import EXPORT_FORMAT, EXPORT_VERSION
from viewer.userdata.models import COLORS, READ_STATES, Annotation, Bookmark
from viewer.userdata.store import UserStore, clean_tags


@dataclass(slots=True)
class ImportReport:
    """How many records of each kind were added, updated, or already present."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {k}" for k, n in sorted(d.items())) or "nothing"

        return f"added {fmt(self.added)}; updated {fmt(self.updated)}; already present {fmt(self.unchanged)}"


# -- validation ------------------------------------------------------------------------------

class _Fields:
    """Typed access to one record, with errors that say which record and field is wrong."""

    def __init__(self, where: str, record: Any) -> None:
        if not isinstance(record, dict):
            raise ImportFormatError(f"{where} should be an object, not {type(record).__name__}.")
        self.where = where
        self.record = record

    def _bad(self, name: str, expected: str) -> ImportFormatError:
        return ImportFormatError(f"{self.where}: field {name!r} should be {expected} "
                                 f"(found {self.record.get(name)!r}).")

    def text(self, name: str, *, required: bool = True, nonempty: bool = False) -> str:
        value = self.record.get(name, None if required else "")
        if not isinstance(value, str) or (nonempty and not value):
            raise self._bad(name, "non-empty text" if nonempty else "text")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.record.get(name)
        if value is not None and not isinstance(value, str):
            raise self._bad(name, "text or null")
        return value

    def integer(self, name: str, minimum: int = 0) -> int:
        value = self.record.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._bad(name, f"a whole number \u2265 {minimum}")
        return value

    def timestamp(self, name: str) -> str:
        value = self.text(name, nonempty=True)
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise self._bad(name, "an ISO date and time") from None
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.record.get(name)
        if value not in options:
            raise self._bad(name, "one of " + ", ".join(options))
        return str(value)

    def text_list(self, name: str) -> list[str]:
        value = self.record.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(name, "a list of texts")
        return value

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.record.get(name, {})
        if not isinstance(value, dict):
            raise self._bad(name, "an object")
        return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ImportFormatError(f"{key!r} should be a list.")
    return value


def _when(ts: str) -> datetime:
    try:
        moment = datetime.fromisoformat(ts)
    except ValueError:  # an unreadable local time must not block the import: treat it as oldest
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                                f"{exc.msg}). Nothing was imported.") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFormatError(f"{source} is not an Archive Viewer annotations export "
                                f"(expected \"format\": \"{EXPORT_FORMAT}\"). Nothing was imported.")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"{source} has no valid export version. Nothing was imported.")
    if version > EXPORT_VERSION:
        raise ImportFormatError(f"{source} was exported by a newer version of Archive Viewer (format "
                                f"version {version}); update the program to import it. Nothing was imported.")
    return data


def _annotations(data: dict[str, Any], key: str = "annotations",
                 label: str = "annotation") -> list[tuple[Annotation, str | None]]:
    """Annotations of ``data[key]`` with their deletion time (``None`` for live ones)."""
    found = []
    for i, record in enumerate(_list(data, key)):
        f = _Fields(f"{label} #{i + 1}", record)
        start, end = f.integer("start"), f.integer("end")
        if end <= start:
            raise ImportFormatError(f"{label} #{i + 1}: 'end' must be after 'start'.")
        deleted = f.timestamp("deleted") if key == "deleted_annotations" else None
        found.append((Annotation(
            id=f.text("id", nonempty=True), doc_id=f.text("doc_id", nonempty=True),
            quote=f.text("quote", nonempty=True), prefix=f.text("prefix", required=False),
            suffix=f.text("suffix", required=False), start=start, end=end,
            color=f.choice("color", COLORS),  # type: ignore[arg-type]
            note=f.text("note", required=False), tags=clean_tags(f.text_list("tags")),
            created=f.timestamp("created"), updated=f.timestamp("updated")), deleted))
    return found


def _bookmarks(data: dict[str, Any]) -> list[Bookmark]:
    found = []
    for i, record in enumerate(_list(data, "bookmarks")):
        f = _Fields(f"bookmark #{i + 1}", record)
        found.append(Bookmark(
            id=f.text("id", nonempty=True), doc_id=f.text("doc_id", nonempty=True),
            offset=f.integer("offset"), quote=f.text("quote", required=False),
            prefix=f.text("prefix", required=False), label=f.text("label", required=False),
            created=f.timestamp("created")))
    return found


# -- merging ----------------------------------------------------------------------------------

def import_json(store: UserStore, path: Path | str) -> ImportReport:
    """Merge the export at ``path`` into ``store``; raises ImportFormatError on a bad file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"Cannot read {source}: {exc}. Nothing was imported.") from None
    return import_text(store, text, source)


def import_text(store: UserStore, text: str, source: str = "the import") -> ImportReport:
    data = _parse(text, source)
    try:
        annotations = _annotations(data) + _annotations(data, "deleted_annotations", "deleted annotation")
        bookmarks = _bookmarks(data)
        starred = [(f.text("doc_id", nonempty=True), f.timestamp("created")) for f in (
            _Fields(f"starred #{i + 1}", r) for i, r in enumerate(_list(data, "starred")))]
        read_states = [(f.text("doc_id", nonempty=True), f.choice("state", READ_STATES),
                        f.timestamp("updated")) for f in (
            _Fields(f"read state #{i + 1}", r) for i, r in enumerate(_list(data, "read_states")))]
        doc_tags = []
        for i, r in enumerate(_list(data, "doc_tags")):
            f = _Fields(f"document tag #{i + 1}", r)
            cleaned = clean_tags([f.text("tag")])
            if not cleaned:
                raise ImportFormatError(f"document tag #{i + 1}: the tag is empty.")
            doc_tags.append((f.text("doc_id", nonempty=True), cleaned[0]))
        corrections = []
        for i, r in enumerate(_list(data, "corrections")):
            f = _Fields(f"correction #{i + 1}", r)
            cid = r.get("id")
            if cid is not None and (not isinstance(cid, int) or isinstance(cid, bool)):
                raise ImportFormatError(f"correction #{i + 1}: field 'id' should be a whole number.")
            corrections.append((cid, f.optional_text("doc_id"), f.choice("op", CORRECTION_OPS),
                                json.dumps(f.mapping("payload"), ensure_ascii=False, sort_keys=True),
                                f.timestamp("created")))
        registry = []
        for i, r in enumerate(_list(data, "registry")):
            f = _Fields(f"registry entry #{i + 1}", r)
            registry.append((f.text("key", nonempty=True), f.text("name", nonempty=True),
                             json.dumps(f.text_list("aliases"), ensure_ascii=False),
                             json.dumps(f.text_list("roles"), ensure_ascii=False),
                             json.dumps(f.mapping("extra"), ensure_ascii=False, sort_keys=True),
                             f.timestamp("updated")))
    except ImportFormatError as exc:
        raise ImportFormatError(f"{source}: {exc} Nothing was imported.") from None

    report = ImportReport()
    with store.transaction() as conn:
        for a, deleted in annotations:
            _merge_annotation(store, conn, a, deleted, report)
        for b in bookmarks:
            if conn.execute("SELECT 1 FROM bookmarks WHERE id = ?", (b.id,)).fetchone():
                report.count(report.unchanged, "bookmarks")
            else:
                store._write_bookmark(conn, b)
                report.count(report.added, "bookmarks")
        for doc_id, created in starred:
            cur = conn.execute("INSERT OR IGNORE INTO starred (doc_id, created) VALUES (?, ?)",
                               (doc_id, created))
            report.count(report.added if cur.rowcount else report.unchanged, "stars")
        for doc_id, state, updated in read_states:
            _merge_read_state(conn, doc_id, state, updated, report)
        for doc_id, tag in doc_tags:
            cur = conn.execute("INSERT OR IGNORE INTO doc_tags (doc_id, tag) VALUES (?, ?)", (doc_id, tag))
            report.count(report.added if cur.rowcount else report.unchanged, "document tags")
        for correction in corrections:
            _merge_correction(conn, correction, report)
        for entry in registry:
            _merge_registry(conn, entry, report)
    return report


def _merge_annotation(store: UserStore, conn: sqlite3.Connection, a: Annotation, deleted: str | None,
                      report: ImportReport) -> None:
    """Newest change wins, where deleting counts as a change made at the time of deletion."""
    kind = "annotations" if deleted is None else "deletions"
    row = conn.execute("SELECT updated, deleted FROM annotations WHERE id = ?", (a.id,)).fetchone()
    if row is None:
        store._write_annotation(conn, a, deleted)
        report.count(report.added, kind)
        return
    local_updated, local_deleted = row
    local_time = _when(local_deleted or local_updated)
    incoming_time = _when(deleted or a.updated)
    if incoming_time > local_time:
        store._write_annotation(conn, a, deleted)
        report.count(report.updated, kind)
    else:
        report.count(report.unchanged, kind)


def _merge_read_state(conn: sqlite3.Connection, doc_id: str, state: str, updated: str,
                      report: ImportReport) -> None:
    row = conn.execute("SELECT updated FROM read_state WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is not None and _when(row[0]) >= _when(updated):
        report.count(report.unchanged, "read states")
        return
    conn.execute("INSERT INTO read_state (doc_id, state, updated) VALUES (?, ?, ?) ON CONFLICT(doc_id) "
                 "DO UPDATE SET state = excluded.state, updated = excluded.updated", (doc_id, state, updated))
    report.count(report.added if row is None else report.updated, "read states")


def _merge_correction(conn: sqlite3.Connection, c: tuple[int | None, str | None, str, str, str],
                      report: ImportReport) -> None:
    cid, doc_id, op, payload, created = c
    if conn.execute("SELECT 1 FROM corrections WHERE doc_id IS ? AND op = ? AND payload = ?",
                    (doc_id, op, payload)).fetchone():
        report.count(report.unchanged, "corrections")
        return
    # Keep the exported id when it is free, so a restore into a fresh store is exact.
    free = cid is not None and not conn.execute("SELECT 1 FROM corrections WHERE id = ?", (cid,)).fetchone()
    conn.execute("INSERT INTO corrections (id, doc_id, op, payload, created) VALUES (?, ?, ?, ?, ?)",
                 (cid if free else None, doc_id, op, payload, created))
    report.count(report.added, "corrections")


def _merge_registry(conn: sqlite3.Connection, entry: tuple[str, str, str, str, str, str],
                    report: ImportReport) -> None:
    key, updated = entry[0], entry[5]
    row = conn.execute("SELECT updated FROM registry WHERE key = ?", (key,)).fetchone()
    if row is not None and _when(row[0]) >= _when(updated):
        report.count(report.unchanged, "registry entries")
        return
    conn.execute("INSERT INTO registry (key, name, aliases, roles, extra, updated) VALUES (?,?,?,?,?,?) "
                 "ON CONFLICT(key) DO UPDATE SET name=excluded.name, aliases=excluded.aliases, "
                 "roles=excluded.roles, extra=excluded.extra, updated=excluded.updated", entry)
    report.count(report.added if row is None else report.updated, "registry entries")
