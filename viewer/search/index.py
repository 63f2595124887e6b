"""The search index: life cycle, incremental sync, self-repair and queries.

Layout of the index directory::

    meta.json        which Whoosh directory is current, its format version, and the
                     file sizes recorded at the last commit (written atomically)
    ix-<hex>/        the Whoosh index itself
    writer.pid       pid of the process writing, while it writes

A rebuild writes a fresh ``ix-<hex>`` and then swaps ``meta.json`` in one rename, so a
crash at any point leaves either the old index or the new one. Incremental syncs commit
in batches; each Whoosh commit is itself atomic (the table of contents is renamed into
place last), so a killed writer leaves the last committed state.

Threads: :meth:`SearchIndex.search` may run in one thread while :meth:`SearchIndex.sync`
runs in another. Writers are serialised by a lock; searches share one searcher, which is
refreshed (under the read lock) after each commit.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.collectors import TimeLimit
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from viewer.search import building
from viewer.search.analysis import FIELD_GAP, publisher_aliases
from viewer.search.health import (
    PID_NAME,
    WHOOSH_LOCK,
    IndexHealth,
    atomic_write,
    describe_exc,
    file_crc,
    lock_state,
    pid_alive,
    read_pid,
    sizes_match,
    verify,
)
from viewer.search.query import (
    CompiledQuery,
    highlights,
)
from viewer.search.reader import BoundedTopCollector, ReaderState, needs_whoosh_matcher
from viewer.search.records import IndexRecord, IndexSource, VersionedSource
from viewer.search.results import Hit, SearchResults, find_ranges, snippet_for
from viewer.search.schema import FACET_FIELDS, INDEX_FORMAT, build_schema
from viewer.search.suggest import suggest_query

META_NAME = "meta.json"
COMMIT_BATCH = 2000
# Incremental commits add a segment without merging until there are this many: merging on
# every commit rewrote the build's small segments and doubled the time to add 100
# documents; past this count Whoosh's small-segment merge keeps queries fast.
MERGE_AT_SEGMENTS = 8
MAX_FACET_VALUES = 50
# A directory left by a killed rebuild is removed once it has not changed for this long.
STRAY_AGE_S = 600.0


class IndexBusyError(RuntimeError):
    """Another live process is writing the index."""


@dataclass(slots=True)
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    total: int = 0  # documents in the index afterwards
    rebuilt: bool = False
    message: str | None = None  # why a rebuild happened, or what was repaired
    cancelled: bool = False
    errors: list[str] = field(default_factory=list)  # records skipped, with reasons
    elapsed_s: float = 0.0

    @property
    def written(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        """One line for a person: what happened, and any repair or problem."""
        if self.cancelled:
            parts = [self.message or "cancelled"]
        else:
            parts = [f"{self.total} documents indexed"]
            changes = [f"{n} {what}" for n, what in ((self.added, "added"), (self.updated, "updated"),
                                                       (self.removed, "removed")) if n]
            if changes:
                parts.append(", ".join(changes))
            if self.message:
                parts.append(self.message)
        return "; ".join(parts + self.errors)


def record_fields(rec: IndexRecord, fingerprint: str) -> dict[str, Any]:
    """Whoosh field values for one record."""
    aliases = publisher_aliases(rec.publisher)
    publisher = FIELD_GAP.join(p for p in (rec.publisher, *aliases) if p)
    catch_all = FIELD_GAP.join(p for p in (
        rec.body, rec.subtitle or "", publisher, rec.author or "", *rec.people,
        *rec.tags, *rec.notes) if p)
    fields: dict[str, Any] = {
        "id": rec.doc_id,
        "idfp": f"{rec.doc_id} {fingerprint}",
        "source": rec.source_name or rec.doc_id,
        "title": rec.title or "",
        "text": catch_all,
        "date": rec.date or "",
        "language": rec.language or "",
        "starred": "yes" if rec.starred else "no",
        "bookmarked": "yes" if rec.bookmarked else "no",
        "read": rec.read or "unread",
    }
    optional = {
        "subtitle": rec.subtitle, "publisher": publisher or None,
        "publisher_facet": rec.publisher, "author": rec.author, "year": rec.year,
        "person": FIELD_GAP.join(rec.people) or None,
        "person_facet": FIELD_GAP.join(rec.people) or None,
        "commitment": " ".join(rec.commitment_kinds) or None,
        "tag": FIELD_GAP.join(rec.tags) or None,
        "note": FIELD_GAP.join(rec.notes) or None,
    }
    fields.update({k: v for k, v in optional.items() if v})
    return fields


class SearchIndex:
    """The full-text index of one archive (a rebuildable cache of the library)."""

    def __init__(self, index_dir: Path, source: IndexSource | None = None) -> None:
        self.index_dir = Path(index_dir)
        self._source = source
        self._write_lock = threading.Lock()
        self._read_lock = threading.RLock()
        self._ix: windex.FileIndex | None = None
        self._gen: ReaderState | None = None
        self._writing = False
        self._schema = build_schema()
        self.last_problem: str | None = None  # what went wrong the last time, if anything
        self.live_ids_ttl = 2.0
        self._live: set[str] | None = None
        self._live_version: object = None
        self._meta_stamp: tuple[int, int] | None = None
        self._live_at = 0.0
        self._removed: set[str] = set()
        self._trusted: tuple[str, int] | None = None  # (dir, generation) last committed here
        self._built_fingerprints: dict[str, str] | None = None  # for the next reader state

    # -- paths and metadata ------------------------------------------------------------

    def _meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.index_dir / META_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_meta(self, data: dict[str, Any]) -> None:
        atomic_write(self.index_dir / META_NAME, json.dumps(data, indent=1))

    def _current_dir(self) -> Path | None:
        meta = self._meta()
        if not meta or not isinstance(meta.get("dir"), str):
            return None
        return self.index_dir / meta["dir"]

    def attach(self, source: IndexSource) -> None:
        """Use ``source`` for snippets and to hide documents deleted since the last sync."""
        self._source = source

    # -- health ------------------------------------------------------------------------

    def check(self, deep: bool = False) -> IndexHealth:
        """Find out, without changing anything, whether the index can be used as it is.

        ``deep`` also compares every file with the checksum taken when it was written
        (damage that keeps a file's size); it reads the whole index.
        """
        meta = self._meta()
        ixdir = self._current_dir()
        if meta is None or ixdir is None or not ixdir.is_dir():
            if (self.index_dir / META_NAME).exists():
                return IndexHealth("corrupt", "index metadata is unreadable")
            return IndexHealth("missing", "no search index yet")
        if meta.get("format") != INDEX_FORMAT:
            return IndexHealth("schema-changed",
                               f"index format {meta.get('format')} differs from "
                               f"{INDEX_FORMAT} used by this version")
        lock = self._lock_state(ixdir)
        if lock is not None:
            return lock
        try:
            count = verify(ixdir, meta, self._schema, deep=deep)
        except Exception as exc:  # any failure to read means damage
            return IndexHealth("corrupt", f"index is damaged ({describe_exc(exc)})")
        return IndexHealth("ok", f"{count} documents indexed", count)

    def _health_for_sync(self) -> IndexHealth:
        """check(), minus re-reading every segment when this process already has the
        current index open and working (each sync would otherwise pay for it)."""
        gen = self._gen
        meta = self._meta()
        ixdir = self._current_dir()
        if meta is not None and ixdir is not None and self._trusted is not None \
                and self._trusted == (meta.get("dir"), meta.get("generation")) \
                and meta.get("format") == INDEX_FORMAT and sizes_match(ixdir, meta):
            # Written and recorded by this object since it was opened: no re-reading.
            lock = self._lock_state(ixdir)
            return lock or IndexHealth("ok", "index written by this program")
        if gen is not None and meta is not None and ixdir is not None \
                and meta.get("format") == INDEX_FORMAT and self._ix is not None:
            try:
                current = self._ix.latest_generation() == gen.reader.generation()
            except Exception:
                current = False
            if current:
                lock = self._lock_state(ixdir)
                return lock or IndexHealth("ok", "index open", gen.reader.doc_count())
        return self.check()

    def _lock_state(self, ixdir: Path) -> IndexHealth | None:
        return lock_state(self.index_dir, ixdir, self._writing)

    def _clear_lock(self) -> None:
        ixdir = self._current_dir()
        for path in ((ixdir / WHOOSH_LOCK) if ixdir else None, self.index_dir / PID_NAME):
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    # -- opening -----------------------------------------------------------------------

    def _generation(self) -> ReaderState | None:
        """The current searcher, opening the index if needed (None when there is none)."""
        with self._read_lock:
            if self._gen is not None:
                return self._gen
            ixdir = self._current_dir()
            meta = self._meta()
            if ixdir is None or meta is None or meta.get("format") != INDEX_FORMAT:
                return None
            ix = windex.open_dir(str(ixdir), schema=self._schema)
            # A truncated postings file reads as "no such term" rather than failing, so
            # check the sizes recorded at the last commit before trusting the files.
            if ix.latest_generation() == meta.get("generation") and \
                    not sizes_match(ixdir, meta):
                ix.close()
                raise OSError("index files differ from what was last written")
            self._ix = ix
            self._gen = ReaderState(ix.searcher())
            if self._built_fingerprints is not None:  # what the rebuild just wrote
                self._gen.seed_fingerprints(self._built_fingerprints)
                self._built_fingerprints = None
            return self._gen

    def _follow_other_writers(self) -> None:
        """Reopen when another program has committed or rebuilt since this object looked.

        A rebuild elsewhere deletes the directory this object has open, and files it
        would open later (a date column) then read as empty: results silently wrong.
        One stat of meta.json per search tells.
        """
        try:
            st = (self.index_dir / META_NAME).stat()
        except OSError:
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._meta_stamp:
            return
        self._meta_stamp = stamp
        gen, ix, meta = self._gen, self._ix, self._meta()
        if gen is None or ix is None or meta is None:
            return
        try:
            same = meta.get("dir") == Path(ix.storage.folder).name and \
                meta.get("generation") == gen.reader.generation()
        except Exception:
            same = False
        if not same:
            self._drop()

    def _refresh(self) -> None:
        """Point searches at the latest commit.

        A fresh searcher rather than ``Searcher.refresh()``: the latter reuses segment
        readers by segment id and so keeps their old deletion sets, which would count
        replaced documents twice.
        """
        with self._read_lock:
            if self._gen is None or self._ix is None:
                return
            old = self._gen
            try:
                self._gen = ReaderState(self._ix.searcher())
            except Exception:
                self._drop()
                return
            with contextlib.suppress(Exception):
                old.searcher.close()

    def _drop(self) -> None:
        with self._read_lock:
            if self._gen is not None:
                # A damaged reader may fail to close.
                with contextlib.suppress(Exception):
                    self._gen.searcher.close()
            self._gen = None
            if self._ix is not None:
                self._ix.close()
            self._ix = None

    def close(self) -> None:
        self._drop()
        self._trusted = None

    # -- writing -----------------------------------------------------------------------

    def sync(self, source: IndexSource, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None, *, verify: bool = False
             ) -> SyncReport:
        """Bring the index up to date with ``source``: write new and changed documents,
        delete removed ones; rebuild when the index is missing, damaged or outdated.

        ``verify`` first reads every file against its checksum (damage that keeps sizes
        and raises nothing would otherwise give wrong results quietly); the window does
        it once per session, in the background.
        """
        started = time.monotonic()
        self._source = source
        self._live = None
        with self._write_lock:
            health = self.check(deep=True) if verify else self._health_for_sync()
            repaired = None
            if health.status == "stale-lock":
                self._clear_lock()
                repaired = f"cleared a stale write lock: {health.message}"
                health = self.check()
            if health.status == "locked":
                return SyncReport(errors=[health.message], message=health.message,
                                  elapsed_s=time.monotonic() - started)
            if health.status != "ok":
                report = self._rebuild(source, progress, cancelled, reason=health.message)
                report.elapsed_s = time.monotonic() - started
                return report
            current = self._current_dir()
            if current is not None:
                self._remove_strays(keep=current.name, older_than=STRAY_AGE_S)
            report = self._incremental(source, progress, cancelled)
            if repaired:
                report.message = repaired
            report.elapsed_s = time.monotonic() - started
            return report

    def rebuild(self, source: IndexSource, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> SyncReport:
        """Build a fresh index from ``source`` and swap it in when complete."""
        started = time.monotonic()
        self._source = source
        with self._write_lock:
            report = self._rebuild(source, progress, cancelled, reason="rebuild requested")
        report.elapsed_s = time.monotonic() - started
        return report

    def _rebuild(self, source: IndexSource, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None, reason: str) -> SyncReport:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        new_name = f"ix-{uuid.uuid4().hex[:12]}"
        new_dir = self.index_dir / new_name
        new_dir.mkdir()
        report = SyncReport(rebuilt=True, message=f"index rebuilt: {reason}")
        wanted = source.fingerprints()
        ids = sorted(wanted)
        self._set_writing(True)
        try:
            try:
                self._build_into(new_dir, source, wanted, ids, report, progress, cancelled,
                                 parallel=True)
            except building.WorkerDied as exc:
                # Lost a worker (or its segment): build again, in this process only.
                shutil.rmtree(new_dir, ignore_errors=True)
                new_dir.mkdir()
                report.added = 0
                report.errors.clear()
                self._build_into(new_dir, source, wanted, ids, report, progress, cancelled,
                                 parallel=False)
                report.message = f"{report.message} (in one process: {exc})"
        except BaseException:
            shutil.rmtree(new_dir, ignore_errors=True)
            raise
        finally:
            self._set_writing(False)
        if report.cancelled:
            shutil.rmtree(new_dir, ignore_errors=True)
            report.message = "rebuild cancelled; the previous index is kept"
            report.added = 0
            return report
        self._commit_meta(new_dir, new_name)
        self._drop()
        self._remove_strays(keep=new_name)  # the replaced directory too
        report.total = report.added
        self._built_fingerprints = {i: wanted[i] for i in ids}  # refused if a record failed
        self._removed.clear()
        self.last_problem = None if reason == "rebuild requested" else reason
        return report

    def _build_into(self, new_dir: Path, source: IndexSource, wanted: Mapping[str, str],
                    ids: Sequence[str], report: SyncReport,
                    progress: Callable[[int, int], None] | None,
                    cancelled: Callable[[], bool] | None, parallel: bool) -> None:
        ix = windex.create_in(str(new_dir), self._schema)
        try:
            writer = building.bulk_writer(ix, len(ids), parallel=parallel)
            try:
                for done, rec in enumerate(_safe_records(source, ids, report.errors), 1):
                    if cancelled is not None and cancelled():
                        report.cancelled = True
                        break
                    fp = wanted.get(rec.doc_id) or rec.fingerprint()
                    writer.add_document(**record_fields(rec, fp))
                    report.added += 1
                    if progress is not None and (done % 50 == 0 or done == len(ids)):
                        progress(done, len(ids))
            except BaseException:
                writer.cancel()
                raise
            if report.cancelled:
                writer.cancel()
                return
            writer.commit()
            # Whoosh drops a worker's segment silently if the worker died at the end.
            with ix.reader() as reader:
                if reader.doc_count() != report.added:
                    raise building.WorkerDied(
                        f"{reader.doc_count()} of {report.added} documents were written")
        finally:
            ix.close()

    def _incremental(self, source: IndexSource, progress: Callable[[int, int], None] | None,
                     cancelled: Callable[[], bool] | None) -> SyncReport:
        report = SyncReport()
        ixdir = self._current_dir()
        assert ixdir is not None
        wanted = source.fingerprints()
        gen, indexed = self._indexed_now(ixdir)
        removed, changed = _differences(indexed, wanted)
        report.unchanged = len(wanted) - len(changed)
        if not removed and not changed:
            report.total = len(indexed)
            return report
        ix = windex.open_dir(str(ixdir), schema=self._schema)
        self._set_writing(True)
        writer: Any = None
        try:
            try:
                writer = building.incremental_writer(ix)
            except LockError:
                ix.close()
                report.errors.append("the index is being written by another program; "
                                     "try again when it has finished")
                return report
            if writer.generation - 1 != gen.reader.generation():
                # Another program committed between the comparison and the lock: compare
                # again against what is there now, or its documents would be added twice.
                gen, indexed = self._indexed_now(ixdir)
                removed, changed = _differences(indexed, wanted)
                report.unchanged = len(wanted) - len(changed)
            pending = 0
            interrupted = False
            written: dict[str, str] = {}
            for doc_id in removed:
                writer.delete_by_term("id", doc_id)
                report.removed += 1
                pending += 1
            for done, rec in enumerate(_safe_records(source, changed, report.errors), 1):
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    break
                fp = wanted.get(rec.doc_id) or rec.fingerprint()
                if rec.doc_id in indexed:
                    writer.update_document(**record_fields(rec, fp))
                    report.updated += 1
                else:
                    writer.add_document(**record_fields(rec, fp))
                    report.added += 1
                written[rec.doc_id] = fp
                pending += 1
                if pending >= COMMIT_BATCH:
                    own = writer.generation
                    writer.commit(mergetype=_merge_policy)
                    writer = None
                    if self._commit_meta(ixdir, ixdir.name, ix, only_if_current=True):
                        self._refresh()  # searches see each batch as it lands
                        # A rebuild elsewhere may have deleted the directory meanwhile.
                        with contextlib.suppress(LockError, OSError):
                            writer = building.incremental_writer(ix)
                    if writer is None or writer.generation - 1 != own:
                        # Another program wrote or rebuilt between two batches: what is
                        # left must be compared again with that, which the next sync does.
                        if writer is not None:
                            writer.cancel()
                            writer = None
                        interrupted = True
                        break
                    pending = 0
                if progress is not None and (done % 50 == 0 or done == len(changed)):
                    progress(done, len(changed))
            if writer is not None:
                writer.commit(mergetype=_merge_policy)
                writer = None
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        finally:
            self._set_writing(False)
        if not self._commit_meta(ixdir, ixdir.name, ix, only_if_current=True):
            interrupted = True  # rebuilt elsewhere: that index stays the current one
        if interrupted:
            report.message = ("another program wrote or rebuilt the index during this "
                              "update; the rest is indexed at the next update")
        ix.close()
        self._refresh()
        self._removed.difference_update(removed)
        latest = self._generation()
        if latest is not None and not interrupted:
            gone = set(removed)
            now = {i: fp for i, fp in indexed.items() if i not in gone}
            now.update(written)
            latest.seed_fingerprints(now)
        report.total = latest.reader.doc_count() if latest is not None else 0
        return report

    def _indexed_now(self, ixdir: Path) -> tuple[ReaderState, dict[str, str]]:
        """The reader state of the latest commit in ``ixdir`` and its fingerprints.

        The cached state is reused only while it still is that commit: another program
        (the command line beside the window) may have written or rebuilt the index.
        """
        with self._read_lock:
            gen = self._generation()
            ix = self._ix
            stale = gen is None or ix is None
            if not stale:
                assert gen is not None and ix is not None
                try:
                    stale = Path(ix.storage.folder) != ixdir or \
                        ix.latest_generation() != gen.reader.generation()
                except Exception:
                    stale = True
            if stale:
                self._drop()
                gen = self._generation()
            if gen is None:
                raise RuntimeError("index vanished during sync")
            return gen, gen.fingerprints()

    def _remove_strays(self, keep: str, older_than: float = 0.0) -> None:
        """Delete index directories other than ``keep``: replaced ones, and half-built
        ones of a rebuild that was killed. With ``older_than``, only when no other live
        program is writing and the directory has not changed for that long (a rebuild
        running elsewhere creates files in its directory all the time)."""
        if older_than:
            pid = read_pid(self.index_dir / PID_NAME)
            if pid is not None and pid != os.getpid() and pid_alive(pid):
                return
        now = time.time()
        for stray in self.index_dir.glob("ix-*"):
            if stray.name == keep or not stray.is_dir():
                continue
            with contextlib.suppress(OSError):
                if older_than and now - stray.stat().st_mtime < older_than:
                    continue
                if _write_locked(stray):
                    continue  # another program's sync is still writing there
                shutil.rmtree(stray, ignore_errors=True)

    def _set_writing(self, on: bool) -> None:
        self._writing = on
        pid_path = self.index_dir / PID_NAME
        if on:
            atomic_write(pid_path, str(os.getpid()))
        else:
            with contextlib.suppress(FileNotFoundError):
                pid_path.unlink()

    def _commit_meta(self, ixdir: Path, name: str, ix: windex.FileIndex | None = None,
                     only_if_current: bool = False) -> bool:
        """Record the commit just made in ``ixdir`` as the current index; with
        ``only_if_current``, not if another program has meanwhile made another directory
        current (its rebuild must not be undone). Returns whether it was recorded."""
        if only_if_current and self._current_dir() != ixdir:
            return False
        own = ix is None
        ix = ix or windex.open_dir(str(ixdir), schema=self._schema)
        try:
            gen = ix.latest_generation()
        finally:
            if own:
                ix.close()
        files = {p.name: p.stat().st_size for p in ixdir.iterdir()
                 if p.is_file() and not p.name.endswith("LOCK")}
        # Whoosh never rewrites a file under the same name, so a checksum taken at an
        # earlier commit still holds when the size does.
        before = self._meta() or {}
        known = before.get("crc", {}) if before.get("dir") == name else {}
        old_sizes = before.get("files", {}) if known else {}
        crc = {n: known[n] if n in known and old_sizes.get(n) == size else file_crc(ixdir / n)
               for n, size in files.items()}
        self._write_meta({"format": INDEX_FORMAT, "dir": name, "generation": gen,
                          "files": files, "crc": crc, "written": time.time()})
        self._trusted = (name, gen)
        return True

    # -- searching ---------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50, sort: str = "relevance",
               filters: Mapping[str, str | Sequence[str]] | None = None,
               with_snippets: bool | int = True, time_limit: float = 1.0,
               facets: bool = True) -> SearchResults:
        """Run ``query``; never raises for bad input (problems are in ``notice``)."""
        started = time.monotonic()
        try:
            results = self._search(query, limit, sort, filters, with_snippets, time_limit,
                                   facets, started)
        except _Damaged as exc:
            results = self._recover(exc, query, limit, sort, filters, with_snippets,
                                    time_limit, facets)
        results.elapsed_ms = (time.monotonic() - started) * 1000.0
        return results

    def _recover(self, exc: _Damaged, query: str, limit: int, sort: str,
                 filters: Mapping[str, str | Sequence[str]] | None,
                 with_snippets: bool | int, time_limit: float, facets: bool
                 ) -> SearchResults:
        self._drop()
        problem = str(exc)
        self.last_problem = problem if problem.startswith("index is damaged") \
            else f"index is damaged ({problem})"
        if self._source is None:
            return SearchResults(query, notice=f"{self.last_problem}; it must be rebuilt")
        # Damage is established: rebuild rather than sync, whose quick health check
        # trusts files this object wrote when their sizes still agree.
        self._trusted = None
        with self._write_lock:
            report = self._rebuild(self._source, None, None, reason=self.last_problem)
        if report.errors and not report.added:
            return SearchResults(query, notice=report.errors[0])
        try:
            results = self._search(query, limit, sort, filters, with_snippets, time_limit,
                                   facets, time.monotonic())
        except _Damaged as again:
            return SearchResults(query, notice=f"index is damaged ({again})")
        note = report.message or "index rebuilt"
        results.notice = f"{note}; {results.notice}" if results.notice else note
        return results

    def _search(self, query: str, limit: int, sort: str,
                filters: Mapping[str, str | Sequence[str]] | None,
                with_snippets: bool | int, time_limit: float, facets: bool,
                started: float) -> SearchResults:
        deadline = started + max(0.0, time_limit)
        with self._read_lock:
            self._follow_other_writers()
            try:
                gen = self._generation()
            except Exception as exc:  # cannot open: damaged
                raise _Damaged(describe_exc(exc)) from exc
            if gen is None:
                health = self.check()
                if health.status == "missing":
                    note = "the search index has not been built yet"
                else:
                    note = f"the search index needs rebuilding: {health.message}"
                return SearchResults(query, notice=note)
            try:
                return self._run(gen, query, limit, sort, filters, with_snippets, facets,
                                 deadline)
            except _Damaged:
                raise
            except TimeLimit:
                return SearchResults(query, partial=True,
                                     notice="search took too long and was stopped")
            except Exception as exc:  # damaged files, or a bug of ours
                failure = exc
        # Only a failing health check makes this damage; a bug must not cost a rebuild.
        health = self.check(deep=True)
        if health.status == "corrupt":
            raise _Damaged(health.message)
        return SearchResults(query, notice=f"search failed: {describe_exc(failure)}")

    def _run(self, gen: ReaderState, text: str, limit: int, sort: str,
             filters: Mapping[str, str | Sequence[str]] | None,
             with_snippets: bool | int, facets: bool, deadline: float) -> SearchResults:
        cq = gen.compiler.compile(text, filters)
        results = SearchResults(text)
        notices = list(cq.notices)
        if cq.is_empty:
            results.notice = "; ".join(notices) or None
            if text.strip():
                results.corrected = self.suggest(text)
            return results
        partial = False
        allow = self._allowed(gen, cq, deadline)
        matched: frozenset[int] | set[int] | None
        if needs_whoosh_matcher(cq.scored):
            # Checking phrase positions is the costly part: do it once, collecting the
            # exact match set while ranking, instead of once to count and once to rank.
            order, matched, timed_out = self._by_score(gen, cq, allow, limit, deadline,
                                                       record=True)
            partial = timed_out
            if sort == "date" and matched is not None:
                order = self._by_date(gen, matched, limit)
        else:
            try:
                matched = gen.docset(cq.scored, deadline)
                if allow is not None:
                    matched = matched & allow
            except TimeLimit:
                matched = None
                partial = True
            if sort == "date" or cq.match_all:
                order = self._by_date(gen, matched if matched is not None else allow, limit)
            elif matched is not None:
                try:
                    scores = gen.scores(cq.scored, matched, deadline)
                    top = heapq.nlargest(limit, matched,
                                         key=lambda d: (scores.get(d, 0.0), -d))
                    order = [(d, scores.get(d, 0.0)) for d in top]
                except TimeLimit:
                    # Out of time: show the matches in index order, flagged partial.
                    order = [(d, 0.0) for d in sorted(matched)[:limit]]
                    partial = True
            else:
                order, _seen, timed_out = self._by_score(gen, cq, allow, limit, deadline)
                partial = partial or timed_out
        if sort == "date" and not cq.match_all and order:
            # Shown in date order, still with their relevance (the CLI's JSON has it).
            with contextlib.suppress(TimeLimit):
                scores = gen.scores(cq.scored, {d for d, _ in order}, deadline)
                order = [(d, scores.get(d, 0.0)) for d, _ in order]
        results.total = len(matched) if matched is not None else len(order)
        results.partial = partial
        results.hits = self._hits(gen, cq, order, with_snippets)
        if facets and matched is not None and time.monotonic() < deadline:
            results.facets = self._facets(gen, matched)
        if results.total == 0 and not partial:
            results.corrected = self.suggest(text)
        if partial:
            notices.append("search took too long; results may be incomplete")
        results.notice = "; ".join(notices) or None
        return results

    def _allowed(self, gen: ReaderState, cq: CompiledQuery, deadline: float
                 ) -> frozenset[int] | set[int] | None:
        allow: frozenset[int] | set[int] | None = None
        if cq.filter is not None:
            allow = gen.docset(cq.filter, deadline)
        stale = self._stale_docnums(gen)
        if stale:
            base = allow if allow is not None else gen.universe
            allow = set(base) - stale
        return allow

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Hide documents the archive no longer has, at once, until the next sync removes
        them (the library calls this when it deletes documents)."""
        self._removed.update(doc_ids)

    def _live_ids(self) -> set[str] | None:
        # The source's fingerprints can cost a catalog scan. A source that can say
        # cheaply whether anything changed (another program removing documents included)
        # is asked on every search; any other at most every live_ids_ttl seconds, with
        # forget() covering deletions made in between.
        now = time.monotonic()
        if self._source is None:
            return None
        version: object = None
        if isinstance(self._source, VersionedSource):
            with contextlib.suppress(Exception):
                version = self._source.version()
        if self._live is not None:
            if version is not None and version == self._live_version:
                return self._live
            if version is None and now - self._live_at < self.live_ids_ttl:
                return self._live
        try:
            self._live = set(self._source.fingerprints())
        except Exception:  # a failing source must not break searching
            return None
        self._live_at = now
        self._live_version = version
        return self._live

    def _stale_docnums(self, gen: ReaderState) -> set[int]:
        """Documents still in the index but gone from the archive since the last sync."""
        live = self._live_ids()
        ids = gen.ids() if (live is not None or self._removed) else {}
        stale = {ids[i] for i in self._removed if i in ids}
        if live is not None and not (len(live) >= len(ids) and live.issuperset(ids)):
            stale.update(docnum for doc_id, docnum in ids.items() if doc_id not in live)
        return stale

    def _by_score(self, gen: ReaderState, cq: CompiledQuery,
                  allow: frozenset[int] | set[int] | None, limit: int, deadline: float,
                  record: bool = False
                  ) -> tuple[list[tuple[int, float]], set[int] | None, bool]:
        """(top docs with scores, every match if ``record`` and complete, timed out)."""
        if cq.match_all:
            # Nothing to rank by: newest first is the useful order.
            base = allow if allow is not None else gen.universe
            return ([(d, 0.0) for d, _ in self._by_date(gen, base, limit)],
                    set(base) if record else None, False)
        top = BoundedTopCollector(max(1, limit), allow, deadline, record=record)
        timed_out = False
        try:
            gen.searcher.search_with_collector(cq.scored, top)
        except TimeLimit:
            timed_out = True
        ranked = sorted((-score, -negdoc) for score, negdoc in top.items)
        order = [(docnum, -negscore) for negscore, docnum in ranked][:limit]
        return order, (None if timed_out else top.seen), timed_out

    def _by_date(self, gen: ReaderState, docs: Iterable[int] | None, limit: int
                 ) -> list[tuple[int, float]]:
        if docs is None:
            docs = gen.universe
        dates = gen.dates()
        top = heapq.nlargest(limit, docs, key=lambda d: (dates[d] if d < len(dates) else "",
                                                         -d))
        return [(d, 0.0) for d in top]

    def _hits(self, gen: ReaderState, cq: CompiledQuery, order: list[tuple[int, float]],
              with_snippets: bool | int) -> list[Hit]:
        n_snip = len(order) if with_snippets is True else int(with_snippets or 0)
        stored = [gen.searcher.stored_fields(d) for d, _ in order]
        texts = self._texts([s.get("id", "") for s in stored[:n_snip]]) if n_snip else {}
        wanted = highlights(cq.scored) if texts else None
        hits = []
        for i, ((_docnum, score), fields) in enumerate(zip(order, stored, strict=True)):
            doc_id = fields.get("id", "")
            snippet: str = ""
            marks: tuple[tuple[int, int], ...] = ()
            if wanted is not None and i < n_snip and doc_id in texts:
                body = texts[doc_id]
                snippet, marks = snippet_for(body, wanted)
            hits.append(Hit(doc_id=doc_id, score=float(score), title=fields.get("title", ""),
                            date=fields.get("date") or None,
                            publisher=fields.get("publisher_facet"),
                            source_name=fields.get("source", ""), snippet=snippet,
                            snippet_marks=marks))
        return hits

    def _texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        source = self._source
        if source is None or not doc_ids:
            return {}
        try:
            texts = getattr(source, "texts", None)
            if callable(texts):
                return dict(texts(doc_ids))
            return {r.doc_id: r.body for r in source.records(doc_ids)}
        except Exception:  # snippets are optional; hits still show
            return {}

    def _facets(self, gen: ReaderState, matched: frozenset[int] | set[int]
                ) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        everything = len(matched) == len(gen.universe)
        for name, fieldname in FACET_FIELDS.items():
            counts = []
            for value, docs in gen.facet(fieldname):
                n = len(docs) if everything else len(matched & docs)
                if n:
                    counts.append((value, n))
            if name == "year":
                counts.sort(key=lambda vc: vc[0], reverse=True)
            else:
                counts.sort(key=lambda vc: (-vc[1], vc[0]))
            out[name] = counts[:MAX_FACET_VALUES]
        return out

    def document_count(self) -> int:
        with self._read_lock:
            gen = self._generation()
            return gen.reader.doc_count() if gen is not None else 0

    # -- highlighting ------------------------------------------------------------------

    def match_ranges(self, query: str, text: str) -> list[tuple[int, int]]:
        """Character ranges in ``text`` that ``query`` matches, for the reader's hit marks."""
        try:
            with self._read_lock:
                gen = self._generation()
                if gen is not None:
                    cq = gen.compiler.compile(query)
                    return find_ranges(text, highlights(cq.scored))
        except Exception:  # fall through to the index-free path
            pass
        return find_ranges(text, highlights(_parse_without_index(query)))

    # -- did you mean ------------------------------------------------------------------

    def suggest(self, query: str) -> str | None:
        """The query with unknown words replaced by close, frequent archive words."""
        try:
            with self._read_lock:
                gen = self._generation()
                if gen is None:
                    return None
                return suggest_query(gen, query, self._texts)
        except Exception:  # a suggestion is optional
            return None


class _Damaged(Exception):
    """Reading the index failed in a way that means its files are damaged."""


def _parse_without_index(query: str) -> wq.Query:
    from viewer.search.query import make_parser, sanitize
    try:
        return make_parser(build_schema()).parse(sanitize(query).text)
    except Exception:  # nothing to highlight then
        return wq.NullQuery


def _safe_records(source: IndexSource, ids: Sequence[str], errors: list[str]
                  ) -> Iterator[IndexRecord]:
    """Records in batches; a record the source cannot produce is skipped and reported."""
    step = 200
    for i in range(0, len(ids), step):
        chunk = ids[i:i + step]
        try:
            batch = list(source.records(chunk))
        except Exception as exc:  # one bad batch: retry one by one
            batch = []
            for doc_id in chunk:
                try:
                    batch.extend(source.records([doc_id]))
                except Exception as one:  # reported, never fatal
                    errors.append(f"{doc_id}: {describe_exc(one)}")
            if not batch and not errors:
                errors.append(f"records {chunk[0]}…: {describe_exc(exc)}")
        for rec in batch:
            if not isinstance(rec, IndexRecord):
                errors.append(f"{getattr(rec, 'doc_id', '?')}: not an IndexRecord")
                continue
            yield rec


def _write_locked(ixdir: Path) -> bool:
    """Whether some writer (any process) holds the Whoosh write lock of ``ixdir``."""
    if not (ixdir / WHOOSH_LOCK).exists():
        return False
    lock = FileStorage(str(ixdir)).lock(WHOOSH_LOCK)
    if lock.acquire(blocking=False):
        lock.release()
        return False
    return True


def _differences(indexed: Mapping[str, str], wanted: Mapping[str, str]
                 ) -> tuple[list[str], list[str]]:
    """(ids to remove, ids to write) to turn ``indexed`` into ``wanted`` (id -> fingerprint)."""
    removed = [i for i in indexed if i not in wanted]
    changed = sorted(i for i, fp in wanted.items() if indexed.get(i) != fp)
    return removed, changed


def _merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Which segments an incremental commit keeps as they are (Whoosh merge-policy API).

    A segment at least half made of deleted (replaced or removed) documents is rewritten
    with only its live ones, or dropped when none are left: otherwise re-indexing most of
    the archive (a tag added everywhere) left every old copy on disk, and searches paid
    for reading past them. Small segments are merged once MERGE_AT_SEGMENTS have gathered.
    """
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL

    keep = []
    for segment in segments:
        total = segment.doc_count_all()
        if not total or segment.deleted_count() * 2 < total:
            keep.append(segment)
            continue
        if segment.doc_count():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
    if len(keep) + 1 >= MERGE_AT_SEGMENTS:
        keep = MERGE_SMALL(writer, keep)
    # The new segment holds the batch and whatever was merged into it (add_reader
    # numbers merged documents on from the batch's).
    written = writer.docnum - writer.docbase
    if written >= building.LARGE_SEGMENT_DOCS and hasattr(writer.codec, "large"):
        writer.codec.large = True
    return keep
