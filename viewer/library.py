"""The archive: which documents the user has, their originals, and what was parsed from them.

The library is a SQLite catalog (``library.sqlite3``) plus a folder of originals
(``files/<id><suffix>``); the bundled releases are referenced in place. Parsed documents
and raw extraction results are cached in the catalog so that listing 50,000 documents is
one query; when the parser or the extractor changes version the cache is refreshed from
the originals. The search index is derived from this, never the other way round.

Connections are per thread: imports run in a worker while the window reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from viewer.atomic import write_atomically
from viewer.corrections import Correction, RegistryEntry
from viewer.documents import PARSER_VERSION, Document, InferredDate, content_id
from viewer.entities import Extraction
from viewer.paths import DataPaths, bundled_corpus_dir

if TYPE_CHECKING:
    from viewer.extraction import Extractor
    from viewer.search.records import IndexRecord, UserFacts

# Ingestion, extraction and search are imported where they are used, not here: the window
# needs the catalog at start-up but parses and indexes nothing until it is shown, and
# those packages (Whoosh above all) are almost half a second of start-up time.

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


class UserDataView(Protocol):
    """What the library reads from the user's store (:class:`viewer.userdata.UserStore`)."""

    def corrections_for(self, doc_id: str) -> list[Correction]: ...

    def all_corrections(self) -> list[Correction]: ...

    def all_user_facts(self) -> Mapping[str, Any]: ...

    def registry(self) -> list[RegistryEntry]: ...

    def revision(self) -> int: ...

SCHEMA_VERSION = 1
_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        origin TEXT NOT NULL CHECK (origin IN ('bundled', 'imported')),
        stored TEXT NOT NULL,            -- file name under files/, or the bundled file name
        source_name TEXT NOT NULL,
        source_path TEXT NOT NULL,
        imported_at REAL NOT NULL,
        parser_version INTEGER NOT NULL,
        extractor_version INTEGER NOT NULL,
        title TEXT NOT NULL,
        publisher TEXT,
        date TEXT,                      -- stated or inferred, whichever the document has
        date_inferred INTEGER NOT NULL,
        language TEXT NOT NULL,
        people TEXT NOT NULL,           -- JSON list of canonical names
        document TEXT NOT NULL,         -- Document.to_dict() as JSON
        extraction TEXT NOT NULL,       -- raw Extraction.to_dict() as JSON, before corrections
        content_hash TEXT NOT NULL      -- changes whenever document or extraction changes
    );
    CREATE INDEX documents_date ON documents(date);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
}


@dataclass(frozen=True, slots=True)
class DocSummary:
    """One row of the document list: what the list shows without loading the document."""

    id: str
    title: str
    publisher: str | None
    date: str | None
    date_inferred: bool
    people: tuple[str, ...]
    source_name: str
    language: str
    origin: str

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def display_title(self) -> str:
        return self.title or self.source_name


ImportStatus = Literal["added", "unchanged", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    path: str
    status: ImportStatus
    doc_id: str | None = None
    title: str | None = None
    error: str | None = None


@dataclass(slots=True)
class ImportReport:
    results: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    def _with(self, status: ImportStatus) -> list[ImportOutcome]:
        return [r for r in self.results if r.status == status]

    @property
    def added(self) -> list[ImportOutcome]:
        return self._with("added")

    @property
    def unchanged(self) -> list[ImportOutcome]:
        return self._with("unchanged")

    @property
    def failed(self) -> list[ImportOutcome]:
        return self._with("failed")

    @property
    def skipped(self) -> list[ImportOutcome]:
        return self._with("skipped")

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")
        if self.skipped:
            text += f", {len(self.skipped)} skipped (not a supported file type)"
        return text + (" (cancelled)" if self.cancelled else "")


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, bool]]:
    """Files to import, with whether the user named them explicitly.

    Folders are walked recursively in a stable order; hidden entries inside them are
    ignored, and so are files of unsupported types (reported as skipped by the caller).
    """
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name, False
        else:
            yield path, True


class Library:
    """The user's archive. Thread-safe: each thread gets its own SQLite connection."""

    def __init__(self, paths: DataPaths, userdata: UserDataView | None = None,
                 extractor: Extractor | None = None) -> None:
        self.paths = paths.ensure()
        self._extractor = extractor
        self._userdata = userdata
        self._fingerprint_cache: tuple[tuple[int, int], dict[str, str]] | None = None
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._migrate()

    # -- connections -------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.paths.library_db, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            before = conn.total_changes
            try:
                yield conn
                # Any connection in any process can read this to learn that something
                # changed (SQLite's data_version only compares one connection with itself).
                if conn.total_changes != before:
                    conn.execute("INSERT INTO meta VALUES ('revision', '1') ON CONFLICT(key) "
                                 "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self._transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.paths.library_db} was written by a newer version of the program "
                    f"(schema {version}, this one knows {SCHEMA_VERSION})")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step}")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- user data ---------------------------------------------------------------
    def _corrections(self, doc_id: str) -> Sequence[Correction]:
        return self._userdata.corrections_for(doc_id) if self._userdata is not None else ()

    def _facts(self) -> dict[str, UserFacts]:
        from viewer.search.records import UserFacts

        if self._userdata is None:
            return {}
        return {doc_id: UserFacts(starred=f.starred, read=f.read, tags=tuple(f.tags), notes=tuple(f.notes),
                                  bookmarked=f.bookmark_count > 0)
                for doc_id, f in self._userdata.all_user_facts().items()}

    # -- reading -----------------------------------------------------------------
    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT id FROM documents")]

    def summaries(self, doc_ids: Sequence[str] | None = None) -> list[DocSummary]:
        """List rows, newest first, as the user sees them: with their corrections applied.

        Only the few documents the user corrected are loaded in full; every other row comes
        straight from the catalog.
        """
        query = ("SELECT id, title, publisher, date, date_inferred, people, source_name, language, origin "
                 "FROM documents")
        if doc_ids is None:
            rows = self._conn().execute(query + " ORDER BY date DESC, title").fetchall()
        else:
            rows = []
            for doc_id in doc_ids:
                rows += self._conn().execute(query + " WHERE id = ?", (doc_id,)).fetchall()
        out = [DocSummary(r[0], r[1], r[2], r[3], bool(r[4]), tuple(json.loads(r[5])), r[6], r[7], r[8])
               for r in rows]
        corrected = self._corrected_ids()
        if not corrected:
            return out
        return [self._corrected_summary(s) if s.id in corrected or None in corrected else s for s in out]

    def _corrected_ids(self) -> set[str | None]:
        if self._userdata is None:
            return set()
        return {c.doc_id for c in self._userdata.all_corrections()}

    def _corrected_summary(self, summary: DocSummary) -> DocSummary:
        doc = self.document(summary.id)
        people = tuple(p.name for p in self.extraction(summary.id).people)
        inferred = (doc.date is None and doc.date_inferred is not None
                    and not doc.extra.get("date_set_by_user"))  # the user's word is not a guess
        return replace(summary, date=doc.effective_date, date_inferred=inferred, people=people)

    def _row(self, doc_id: str) -> tuple[str, str]:
        row = self._conn().execute(
            "SELECT document, extraction FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return row[0], row[1]

    def __contains__(self, doc_id: object) -> bool:
        return bool(self._conn().execute(
            "SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone())

    def find(self, doc_id: str) -> Document | None:
        """Like :meth:`document`, but ``None`` for a document no longer in the archive."""
        try:
            return self.document(doc_id)
        except KeyError:
            return None

    def document(self, doc_id: str) -> Document:
        """The document as the reader shows it, with a user-set date applied."""
        doc_json, _ = self._row(doc_id)
        doc = Document.from_dict(json.loads(doc_json))
        return self._with_user_date(doc, self._corrections(doc_id))

    def extraction(self, doc_id: str) -> Extraction:
        """Extraction with the user's corrections applied."""
        doc_json, ext_json = self._row(doc_id)
        doc = Document.from_dict(json.loads(doc_json))
        corrections = self._corrections(doc_id)
        doc = self._with_user_date(doc, corrections)
        raw = Extraction.from_dict(json.loads(ext_json))
        if not corrections:
            return raw
        from viewer.extraction import apply_corrections

        return apply_corrections(doc, raw, corrections)

    @staticmethod
    def _with_user_date(doc: Document, corrections: Sequence[Correction]) -> Document:
        dates = [c for c in corrections if c.op == "set_date" and c.doc_id == doc.id]
        if not dates:
            return doc
        value = dates[-1].payload.get("date")
        # date_text is what the file states; with the user's date in force it no longer
        # describes the document, so it moves to extra for the record.
        extra = {**doc.extra, "date_set_by_user": value or "", "file_date": doc.date_text or "",
                 "file_date_inferred": doc.date_inferred.value if doc.date_inferred else ""}
        if not value:
            return replace(doc, date=None, date_text=None, date_inferred=None, extra=extra)
        if len(value) == 10:
            return replace(doc, date=value, date_text=None, date_inferred=None, extra=extra)
        return replace(doc, date=None, date_text=None, date_inferred=InferredDate(value, "set by the user"),
                       extra=extra)

    def original_path(self, doc_id: str) -> Path:
        row = self._conn().execute(
            "SELECT origin, stored FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        origin, stored = row
        return (bundled_corpus_dir() if origin == "bundled" else self.paths.files_dir) / stored

    # -- index source ------------------------------------------------------------
    def _version_key(self) -> tuple[int, int]:
        # Both counters are stored in their databases and grow with every committed
        # change, whichever thread, connection or process made it.
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        catalog = int(row[0]) if row else 0
        user = self._userdata.revision() if self._userdata is not None else 0
        return catalog, user

    def version(self) -> tuple[int, int]:
        """Changes whenever the catalog or the user store may have (any process)."""
        return self._version_key()

    def fingerprints(self) -> dict[str, str]:
        """doc id -> hash of everything the index holds for it (content, corrections, user facts).

        Cached until the catalog or the user store changes: the index asks on every search."""
        key = self._version_key()
        cached = self._fingerprint_cache
        if cached is not None and cached[0] == key:
            return dict(cached[1])
        out = self._compute_fingerprints()
        self._fingerprint_cache = (key, out)
        return dict(out)

    def _compute_fingerprints(self) -> dict[str, str]:
        facts = self._facts()
        corrections: dict[str | None, list[Correction]] = {}
        if self._userdata is not None:
            for c in self._userdata.all_corrections():
                corrections.setdefault(c.doc_id, []).append(c)
        archive_wide = corrections.get(None, [])
        out: dict[str, str] = {}
        for doc_id, content_hash in self._conn().execute("SELECT id, content_hash FROM documents"):
            user = facts.get(doc_id)
            own = corrections.get(doc_id, [])
            if user is None and not own and not archive_wide:
                out[doc_id] = content_hash
                continue
            h = hashlib.sha1(content_hash.encode())
            h.update(repr(user).encode())
            h.update(repr([(c.op, c.payload) for c in (*archive_wide, *own)]).encode())
            out[doc_id] = h.hexdigest()
        return out

    def records(self, doc_ids: Sequence[str]) -> Iterator[IndexRecord]:
        from viewer.search.records import IndexRecord

        facts = self._facts()
        for doc_id in doc_ids:
            try:
                doc = self.document(doc_id)
                extraction = self.extraction(doc_id)
            except KeyError:
                continue  # removed while the index was syncing
            yield IndexRecord.build(doc, extraction, facts.get(doc_id))

    def texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for doc_id in doc_ids:
            try:
                out[doc_id] = self.document(doc_id).body
            except KeyError:
                continue
        return out

    # -- writing -----------------------------------------------------------------
    def _store(self, conn: sqlite3.Connection, doc: Document, extraction: Extraction,
               origin: str, stored: str, imported_at: float) -> None:
        doc_json = json.dumps(doc.to_dict(), ensure_ascii=False)
        ext_json = json.dumps(extraction.to_dict(), ensure_ascii=False)
        people = json.dumps([p.name for p in extraction.people], ensure_ascii=False)
        content_hash = hashlib.sha1((doc_json + ext_json).encode()).hexdigest()
        conn.execute(
            "INSERT OR REPLACE INTO documents (id, origin, stored, source_name, source_path, imported_at,"
            " parser_version, extractor_version, title, publisher, date, date_inferred, language, people,"
            " document, extraction, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, origin, stored, doc.source_name, doc.source_path, imported_at, doc.parser_version,
             extraction.version, doc.title, doc.publisher, doc.effective_date,
             int(doc.date is None and doc.date_inferred is not None), doc.language, people, doc_json,
             ext_json, content_hash))

    def import_paths(self, paths: Iterable[str | os.PathLike[str]], progress: ProgressFn | None = None,
                     cancelled: CancelledFn | None = None, *, origin: str = "imported") -> ImportReport:
        """Import files and folders. Each file succeeds or fails on its own."""
        from viewer.ingest import SUPPORTED_SUFFIXES

        report = ImportReport()
        candidates = list(expand_paths(paths))
        total = len(candidates)
        for n, (path, explicit) in enumerate(candidates):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(n, total, str(path))
            if not explicit and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                reason = f"{path.suffix or 'no suffix'}: not a supported type"
                report.results.append(ImportOutcome(str(path), "skipped", error=reason))
                continue
            report.results.append(self._import_one(path, origin))
        if progress is not None and not report.cancelled:
            progress(total, total, "")
        return report

    def _import_one(self, path: Path, origin: str) -> ImportOutcome:
        from viewer.ingest import IngestError, ingest_bytes, read_release_bytes
        from viewer.pipeline import analyse_document

        try:
            raw = read_release_bytes(path)
        except IngestError as exc:
            return ImportOutcome(str(path), "failed", error=str(exc))
        doc_id = content_id(raw)
        if doc_id in self:
            row = self._conn().execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
            return ImportOutcome(str(path), "unchanged", doc_id, row[0] if row else None)
        try:
            doc = ingest_bytes(raw, path.name, str(path))
            doc, extraction = analyse_document(self.extractor(), doc)
        except IngestError as exc:
            return ImportOutcome(str(path), "failed", error=str(exc))
        except Exception as exc:  # a parser bug must not stop the batch or lose the rest
            return ImportOutcome(str(path), "failed",
                                 error=f"{path.name}: could not be read ({type(exc).__name__}: {exc})")
        try:
            stored = path.name if origin == "bundled" else self._keep_original(doc_id, path.suffix, raw)
            with self._transaction() as conn:
                self._store(conn, doc, extraction, origin, stored, time.time())
        except OSError as exc:
            return ImportOutcome(str(path), "failed", error=f"{path.name}: cannot be saved ({exc})")
        return ImportOutcome(str(path), "added", doc_id, doc.title)

    def _keep_original(self, doc_id: str, suffix: str, raw: bytes) -> str:
        name = doc_id + suffix.lower()
        target = self.paths.files_dir / name
        if not target.exists():
            write_atomically(target, raw)
        return name

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Remove documents from the archive (their originals too; user notes stay in the store)."""
        removed = 0
        for doc_id in doc_ids:
            with self._transaction() as conn:
                row = conn.execute("SELECT origin, stored FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    continue
                conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            removed += 1
            if row[0] == "imported":
                (self.paths.files_dir / row[1]).unlink(missing_ok=True)
        return removed

    # -- the bundled archive and refreshes ---------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def ensure_seeded(self) -> ImportReport | None:
        """Put the bundled releases into a new archive, once: removed ones stay removed."""
        if self._meta("seeded"):
            return None
        corpus = bundled_corpus_dir()
        files = sorted(p for p in corpus.iterdir() if p.is_file()) if corpus.is_dir() else []
        report = self.import_paths(files, origin="bundled")
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('seeded', ?)", (str(time.time()),))
        return report

    def stale_ids(self) -> list[str]:
        """Documents parsed or extracted by an older version of the program."""
        from viewer.extraction import EXTRACTOR_VERSION

        return [r[0] for r in self._conn().execute(
            "SELECT id FROM documents WHERE parser_version != ? OR extractor_version != ?",
            (PARSER_VERSION, EXTRACTOR_VERSION))]

    def refresh(self, doc_ids: Sequence[str] | None = None, progress: ProgressFn | None = None,
                cancelled: CancelledFn | None = None) -> int:
        """Re-parse and re-extract from the originals (stale ones by default)."""
        from viewer.ingest import IngestError, ingest_bytes
        from viewer.pipeline import analyse_document

        ids = self.stale_ids() if doc_ids is None else list(doc_ids)
        done = 0
        for n, doc_id in enumerate(ids):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(n, len(ids), doc_id)
            row = self._conn().execute(
                "SELECT origin, stored, source_name, source_path, imported_at FROM documents WHERE id = ?",
                (doc_id,)).fetchone()
            if row is None:
                continue
            origin, stored, source_name, source_path, imported_at = row
            try:
                raw = self.original_path(doc_id).read_bytes()
                doc = ingest_bytes(raw, source_name, source_path)
                doc, extraction = analyse_document(self.extractor(), doc)
            except (OSError, IngestError):
                continue  # keep the cached parse rather than lose the document
            with self._transaction() as conn:
                self._store(conn, doc, extraction, origin, stored, imported_at)
            done += 1
        return done

    def extractor(self) -> Extractor:
        """The extractor, built on first use with the user's person registry."""
        if self._extractor is None:
            from viewer.extraction import Extractor

            registry = self._userdata.registry() if self._userdata is not None else []
            self._extractor = Extractor(registry=registry)
        return self._extractor

    def reload_registry(self) -> None:
        """Extract with the user's current person registry from now on."""
        self._extractor = None

