"""Search index life cycle: incremental sync, removal, exact counts, self-repair."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from viewer.search import IndexRecord, SearchIndex
from viewer.search.index import META_NAME, PID_NAME

REPO = Path(__file__).resolve().parents[1]

WORDS = ["envoy", "accountability", "detainees", "abductees", "roadmap", "briefing", "seoul",
         "washington", "dialogue", "cooperation", "defectors", "families", "council",
         "resolution"]


def make_record(i: int, extra: str = "") -> IndexRecord:
    words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(30))
    year = 2016 + i % 9
    return IndexRecord(
        doc_id=f"doc{i:04d}", title=f"Release {i} on human rights",
        body=f"Paragraph {i}. {words} {extra}".strip(),
        publisher="Ministry of Unification" if i % 3 == 0 else "Ministry of Foreign Affairs",
        date=f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}", source_name=f"{i:03d}.txt",
    )


class CountingSource:
    """In-memory IndexSource that records which ids the index asked for."""

    def __init__(self, records: Sequence[IndexRecord]) -> None:
        self.recs = {r.doc_id: r for r in records}
        self.requested: list[str] = []

    def fingerprints(self) -> dict[str, str]:
        return {k: r.fingerprint() for k, r in self.recs.items()}

    def records(self, doc_ids: Sequence[str]) -> Iterator[IndexRecord]:
        self.requested.extend(doc_ids)
        return (self.recs[i] for i in doc_ids if i in self.recs)


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[SearchIndex, CountingSource]]:
    src = CountingSource([make_record(i) for i in range(120)])
    ix = SearchIndex(tmp_path / "index")
    assert ix.check().status == "missing"
    report = ix.sync(src)
    assert report.rebuilt and report.added == 120 and report.total == 120
    yield ix, src
    ix.close()


def test_sync_is_incremental_and_removes(built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    src.requested.clear()
    again = ix.sync(src)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 120)
    assert src.requested == []
    src.recs["doc0005"] = make_record(5, "zeppelin")
    src.recs["doc9999"] = make_record(9999, "zeppelin")
    del src.recs["doc0007"]
    report = ix.sync(src)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert sorted(src.requested) == ["doc0005", "doc9999"]
    assert {h.doc_id for h in ix.search("zeppelin").hits} == {"doc0005", "doc9999"}
    assert "doc0007" not in {h.doc_id for h in ix.search("*", limit=500).hits}
    assert ix.check().doc_count == 120


def test_unsynced_deletions_are_hidden(built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    before = ix.search("paragraph", limit=500).total
    ix.forget(["doc0004"])  # what the library says when it deletes
    del src.recs["doc0004"]
    assert ix.search("paragraph", limit=500).total == before - 1
    ix.live_ids_ttl = 0.0  # the source is asked again: a deletion nobody announced
    del src.recs["doc0003"]
    r = ix.search("paragraph", limit=500)
    assert r.total == before - 2
    assert not {"doc0003", "doc0004"} & {h.doc_id for h in r.hits}
    assert ix.sync(src).removed == 2
    assert ix.search("paragraph", limit=500).total == before - 2


def test_counts_are_exact_with_ranges_filters_and_limits(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    recs = list(src.recs.values())
    expected = [r for r in recs if "2019-01-01" <= (r.date or "") <= "2021-12-31"
                and "detainees" in r.body]
    assert len(expected) > 5
    r = ix.search("detainees date:[2019-01-01 to 2021-12-31]", limit=3)
    assert r.total == len(expected) and len(r.hits) == 3
    r = ix.search("detainees", limit=2, filters={"year": ["2019", "2020", "2021"]})
    assert r.total == len(expected)
    uni = [x for x in expected if x.publisher == "Ministry of Unification"]
    r = ix.search("detainees year:[2019 to 2021] publisher:unification", limit=1)
    assert r.total == len(uni)
    assert dict(r.facets["publisher"]) == {"Ministry of Unification": len(uni)}
    by_date = ix.search("detainees", sort="date", limit=5)
    dates = [h.date or "" for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    newest = max(x.date or "" for x in recs if "detainees" in x.body)
    assert dates[0] == newest


def test_schema_change_rebuilds(built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    meta_path = ix.index_dir / META_NAME
    meta = json.loads(meta_path.read_text())
    meta["format"] = "0.0"
    meta_path.write_text(json.dumps(meta))
    ix.close()
    assert ix.check().status == "schema-changed"
    report = ix.sync(src)
    assert report.rebuilt and "format" in (report.message or "")
    assert ix.check().ok and ix.search("paragraph").total == 120


def _segment_files(ix: SearchIndex) -> list[Path]:
    meta = json.loads((ix.index_dir / META_NAME).read_text())
    ixdir = ix.index_dir / meta["dir"]
    return sorted(p for p in ixdir.iterdir() if p.suffix in (".seg", ".pst", ".trm"))


@pytest.mark.parametrize("damage", ["delete-segment", "truncate-segment", "garbage-toc",
                                    "garbage-meta"])
def test_damaged_index_is_detected_and_rebuilt(built: tuple[SearchIndex, CountingSource],
                                               damage: str) -> None:
    ix, src = built
    ix.close()
    meta = json.loads((ix.index_dir / META_NAME).read_text())
    ixdir = ix.index_dir / meta["dir"]
    if damage == "delete-segment":
        _segment_files(ix)[0].unlink()
    elif damage == "truncate-segment":
        seg = _segment_files(ix)[0]
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    elif damage == "garbage-toc":
        toc = next(ixdir.glob("*.toc"))
        toc.write_bytes(b"\x00garbage" * 10)
    else:
        (ix.index_dir / META_NAME).write_text("{not json")
    health = ix.check()
    assert health.status == "corrupt", health
    report = ix.sync(src)
    assert report.rebuilt
    assert any(word in (report.message or "") for word in ("damaged", "unreadable"))
    assert ix.check().ok
    assert ix.search("paragraph").total == 120


def test_first_query_on_damaged_index_repairs_it(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    ix.close()
    seg = _segment_files(ix)[0]
    seg.write_bytes(seg.read_bytes()[:100])
    fresh = SearchIndex(ix.index_dir, source=src)
    r = fresh.search("paragraph")
    assert r.total == 120 and r.notice and "rebuilt" in r.notice
    assert fresh.check().ok
    fresh.close()


def test_search_without_source_on_damaged_index_says_so(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, _src = built
    ix.close()
    for seg in _segment_files(ix):
        seg.unlink()
    fresh = SearchIndex(ix.index_dir)
    r = fresh.search("paragraph")
    assert r.total == 0 and r.notice and "damaged" in r.notice
    fresh.close()


def test_stale_lock_from_dead_process_is_cleared(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (ix.index_dir / PID_NAME).write_text(str(dead.pid))
    health = ix.check()
    assert health.status == "stale-lock" and str(dead.pid) in health.message
    src.recs["doc0001"] = make_record(1, "quokka")
    report = ix.sync(src)
    assert report.message and "stale" in report.message and report.updated == 1
    assert not (ix.index_dir / PID_NAME).exists()
    assert [h.doc_id for h in ix.search("quokka").hits] == ["doc0001"]


def wait_for_flag(flag: Path, child: subprocess.Popen[bytes], seconds: float, what: str) -> None:
    """Wait until the child process writes ``flag`` (it is then where the test wants it)."""
    deadline = time.monotonic() + seconds
    while not flag.exists():
        assert child.poll() is None, f"the child exited early: {what}"
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from whoosh.filedb import filestore
    from test_search_lifecycle import CountingSource, make_record
    from viewer.search import SearchIndex
    flag = Path({flag!r})
    real_rename = filestore.FileStorage.rename_file
    def stall(self, old, new, safe=False):
        # Segment files are written; the new table of contents is not yet in place.
        if new.endswith(".toc"):
            flag.write_text("mid-commit")
            time.sleep(60)
        return real_rename(self, old, new, safe)
    filestore.FileStorage.rename_file = stall
    src = CountingSource([make_record(i, "walrus") for i in range(150)])
    SearchIndex(Path({index!r})).sync(src)
""")


def test_writer_killed_mid_commit_leaves_old_state(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path) -> None:
    ix, src = built
    ix.close()
    flag = tmp_path / "flag"
    script = KILLED_WRITER.format(tests=str(REPO / "tests"), flag=str(flag),
                                  index=str(ix.index_dir))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        wait_for_flag(flag, child, 20, "the writer never reached the commit")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    fresh = SearchIndex(ix.index_dir)
    health = fresh.check()
    assert health.status == "stale-lock", health
    assert fresh.search("walrus").total == 0  # the killed commit never happened
    assert fresh.search("paragraph").total == 120
    src.recs.update({r.doc_id: r for r in (make_record(i, "walrus") for i in range(150))})
    report = fresh.sync(src)
    assert not report.errors and report.total == 150
    assert fresh.search("walrus").total == 150
    assert fresh.check().ok
    fresh.close()


def test_bad_records_are_reported_not_fatal(tmp_path: Path) -> None:
    class Flaky(CountingSource):
        def records(self, doc_ids: Sequence[str]) -> Iterator[IndexRecord]:
            if "doc0002" in doc_ids:
                raise ValueError("cannot read doc0002")
            return super().records(doc_ids)

    ix = SearchIndex(tmp_path / "index")
    report = ix.sync(Flaky([make_record(i) for i in range(5)]))
    assert report.added == 4 and len(report.errors) == 1 and "doc0002" in report.errors[0]
    ix.close()


def test_cancelled_rebuild_keeps_nothing_half_done(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    src = CountingSource([make_record(i) for i in range(60)])
    report = ix.sync(src, cancelled=lambda: True)
    assert report.cancelled and ix.check().status == "missing"
    seen: list[tuple[int, int]] = []
    report = ix.sync(src, progress=lambda done, total: seen.append((done, total)))
    assert report.added == 60 and seen[-1] == (60, 60)
    ix.close()


def test_cancelled_parallel_rebuild_stops_its_workers(tmp_path: Path,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    import multiprocessing

    from viewer.search.building import PARALLEL_BUILD_MIN

    ix = SearchIndex(tmp_path / "index")
    src = CountingSource([make_record(i) for i in range(PARALLEL_BUILD_MIN + 200)])
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] > 600  # workers have started by then (they take 100 at a time)

    report = ix.sync(src, cancelled=cancelled)
    assert report.cancelled and ix.check().status == "missing"
    assert not multiprocessing.active_children()
    assert "Traceback" not in capfd.readouterr().err
    assert ix.sync(src).added == PARALLEL_BUILD_MIN + 200
    ix.close()


def test_search_runs_while_sync_writes(built: tuple[SearchIndex, CountingSource]) -> None:
    import threading

    ix, src = built
    for i in range(120, 500):
        src.recs[f"doc{i:04d}"] = make_record(i)
    errors: list[BaseException] = []
    totals: list[int] = []

    def searching() -> None:
        try:
            while worker.is_alive():
                totals.append(ix.search("paragraph", limit=5).total)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    worker = threading.Thread(target=ix.sync, args=(src,))
    worker.start()
    reader = threading.Thread(target=searching)
    reader.start()
    worker.join()
    reader.join()
    assert not errors
    assert all(t >= 120 for t in totals)
    assert ix.search("paragraph").total == 500


def test_index_locked_by_a_live_writer_is_left_alone(
        built: tuple[SearchIndex, CountingSource]) -> None:
    from whoosh.filedb.filestore import FileStorage

    ix, src = built
    meta = json.loads((ix.index_dir / META_NAME).read_text())
    lock = FileStorage(str(ix.index_dir / meta["dir"])).lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False)  # as another program's writer would
    try:
        ix.close()
        assert ix.check().status == "locked"
        src.recs["doc0001"] = make_record(1, "okapi")
        report = ix.sync(src)
        assert report.errors and report.written == 0 and not report.rebuilt
        assert ix.search("paragraph").total == 120  # still searchable meanwhile
    finally:
        lock.release()
    assert ix.sync(src).updated == 1
    assert [h.doc_id for h in ix.search("okapi").hits] == ["doc0001"]


def test_parallel_build_in_spawned_workers(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.search import building

    monkeypatch.setattr(building, "PARALLEL_BUILD_MIN", 10)
    src = CountingSource([make_record(i) for i in range(80)])
    ix = SearchIndex(tmp_path / "index")
    report = ix.sync(src)
    assert report.added == 80 and not report.errors
    assert ix.search("paragraph").total == 80
    assert ix.search("detainees").total == sum("detainees" in r.body for r in src.recs.values())
    ix.close()


def test_fingerprints_kept_after_a_sync_equal_what_the_index_holds(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    first = ix._generation()
    assert first is not None and first._fingerprints == src.fingerprints()  # seeded by the build
    src.recs["doc0003"] = make_record(3, "changed")
    src.recs["doc5000"] = make_record(5000)
    del src.recs["doc0010"]
    ix.sync(src)
    gen = ix._generation()
    assert gen is not None and gen._fingerprints is not None  # seeded by the sync
    seeded = gen.fingerprints()
    gen._fingerprints = None
    assert seeded == gen.fingerprints() == src.fingerprints()  # read back from the index
    # A seed that disagrees with the index (another writer in between) is refused.
    gen.seed_fingerprints({"doc0001": "x"})
    assert gen._fingerprints is None


def test_small_syncs_add_segments_until_a_merge_is_due(built: tuple[SearchIndex, CountingSource]) -> None:
    from whoosh import index as windex

    from viewer.search.index import MERGE_AT_SEGMENTS

    ix, src = built
    for k in range(2 * MERGE_AT_SEGMENTS):
        src.recs[f"doc{7000 + k}"] = make_record(7000 + k, "quokka")
        ix.sync(src)
        ixdir = ix._current_dir()
        assert ixdir is not None
        segments = len(windex.open_dir(str(ixdir))._segments())
        assert segments <= MERGE_AT_SEGMENTS
    assert ix.search("quokka").total == 2 * MERGE_AT_SEGMENTS
    assert ix.check().doc_count == 120 + 2 * MERGE_AT_SEGMENTS


@pytest.mark.parametrize("other_rebuilds", [False, True], ids=["other-adds", "other-rebuilds"])
def test_a_second_program_writing_the_index_never_doubles_a_document(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path, other_rebuilds: bool) -> None:
    # The window's index object has searched (and cached what it saw); the command line
    # beside it then writes the same index.
    ix, src = built
    assert ix.search("paragraph", limit=1).total == 120
    src.recs["doc9000"] = make_record(9000, "quokkafest")
    other = SearchIndex(tmp_path / "index")
    report = other.rebuild(src) if other_rebuilds else other.sync(src)
    assert report.total == 121
    other.close()
    again = ix.sync(src)
    assert (again.added, again.updated, again.removed) == (0, 0, 0) and again.total == 121
    hits = ix.search("quokkafest", limit=10)
    assert hits.total == 1 and [h.doc_id for h in hits.hits] == ["doc9000"]
    assert ix.check().doc_count == 121


def test_a_commit_between_comparing_and_locking_is_compared_again(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.search import building

    ix, src = built
    assert ix.search("paragraph", limit=1).total == 120
    src.recs["doc9001"] = make_record(9001, "wombatfest")
    real_writer = building.incremental_writer

    def other_commits_first(whoosh_ix):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(building, "incremental_writer", real_writer)  # once
        other = SearchIndex(tmp_path / "index")
        assert other.sync(src).added == 1
        other.close()
        return real_writer(whoosh_ix)

    monkeypatch.setattr(building, "incremental_writer", other_commits_first)
    report = ix.sync(src)
    assert report.added == 0 and report.total == 121
    assert ix.search("wombatfest", limit=10).total == 1


def test_replacing_most_documents_does_not_leave_their_old_copies_on_disk(
        built: tuple[SearchIndex, CountingSource]) -> None:
    from dataclasses import replace

    from whoosh import index as windex

    ix, src = built

    def segments() -> list[tuple[int, int]]:
        ixdir = ix._current_dir()
        assert ixdir is not None
        whoosh_ix = windex.open_dir(str(ixdir))
        try:
            return [(s.doc_count_all(), s.deleted_count()) for s in whoosh_ix._segments()]
        finally:
            whoosh_ix.close()

    for round_ in range(4):
        # A tag added to most releases re-indexes them; their old copies become deletions.
        for i in range(0, 100):
            doc_id = f"doc{i:04d}"
            src.recs[doc_id] = replace(src.recs[doc_id], tags=(f"round{round_}",))
        assert ix.sync(src).updated == 100
        held = segments()
        # No segment is kept that is mostly dead copies.
        assert all(deleted * 2 < total for total, deleted in held), held
        assert sum(total for total, _deleted in held) < 2 * 120, held
    assert ix.search("tag:round3").total == 100 and ix.search("tag:round2").total == 0
    assert ix.check().doc_count == 120


KILLED_REBUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from test_search_lifecycle import CountingSource, make_record
    from viewer.search import SearchIndex
    import viewer.search.index as index_module
    flag = Path({flag!r})
    real_safe_records = index_module._safe_records
    def slow_records(source, ids, errors):
        for n, rec in enumerate(real_safe_records(source, ids, errors)):
            if n == 1500:
                flag.write_text("workers busy")
                import time
                time.sleep(60)
            yield rec
    index_module._safe_records = slow_records
    if __name__ == "__main__":
        src = CountingSource([make_record(i) for i in range(3000)])
        SearchIndex(Path({index!r})).rebuild(src)
""")


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or shutil.which("pgrep") is None,
                    reason="reads child processes from /proc and pgrep")
def test_a_killed_parallel_rebuild_leaves_no_workers_and_its_directory_is_cleared(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path) -> None:
    ix, src = built
    ix.close()
    flag = tmp_path / "flag"
    script = tmp_path / "rebuild.py"
    script.write_text(KILLED_REBUILD.format(tests=str(REPO / "tests"), flag=str(flag),
                                            index=str(ix.index_dir)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, str(script)], env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for_flag(flag, child, 60, "the rebuild never started its workers")
        workers = [int(p) for p in subprocess.run(
            ["pgrep", "-P", str(child.pid)], capture_output=True, text=True).stdout.split()]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert workers, "the rebuild had no worker processes"
    # Orphaned workers notice within a second or two and exit.
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _proc_state(pid) for pid in workers):
        assert time.monotonic() < deadline, "indexing workers outlived their parent"
        time.sleep(0.2)
    fresh = SearchIndex(ix.index_dir)
    assert fresh.search("paragraph").total == 120  # the old index is untouched
    current = fresh._current_dir()
    assert current is not None
    half_built = [d for d in ix.index_dir.glob("ix-*") if d != current]
    assert half_built
    fresh.sync(src)
    assert all(d.exists() for d in half_built)  # too recent: it may be another rebuild
    old = time.time() - 3600
    for d in half_built:
        os.utime(d, (old, old))
    fresh.sync(src)
    assert not any(d.exists() for d in half_built)
    assert fresh.search("paragraph").total == 120
    fresh.close()


def _proc_state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_damage_that_keeps_file_sizes_is_found_and_repaired(
        built: tuple[SearchIndex, CountingSource], monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.search.query import QueryCompiler

    ix, _src = built
    ixdir = ix._current_dir()
    assert ixdir is not None
    terms = next(ixdir.glob("*.trm"))
    data = bytearray(terms.read_bytes())
    data[200:1200] = b"\xff" * 1000
    terms.write_bytes(bytes(data))
    assert ix.check().ok  # the quick check looks at sizes only
    deep = ix.check(deep=True)
    assert deep.status == "corrupt" and "changed since it was written" in deep.message
    # A search that trips over the damage has it confirmed and the index rebuilt.
    real_compile = QueryCompiler.compile

    def failing_compile(self, text, filters=None):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(QueryCompiler, "compile", real_compile)
        raise ValueError("read length must be non-negative")

    monkeypatch.setattr(QueryCompiler, "compile", failing_compile)
    results = ix.search("paragraph")
    assert results.notice is not None and "index rebuilt" in results.notice
    assert results.total == 120 and ix.check(deep=True).ok


def batched(built: tuple[SearchIndex, CountingSource], monkeypatch: pytest.MonkeyPatch
            ) -> tuple[SearchIndex, CountingSource]:
    """The built index with 40 new releases to sync, committed 10 at a time."""
    import viewer.search.index as index_module

    ix, src = built
    monkeypatch.setattr(index_module, "COMMIT_BATCH", 10)
    for i in range(9100, 9140):
        src.recs[f"doc{i}"] = make_record(i, "batchfest")
    return ix, src


def test_another_program_writing_between_two_batches_stops_the_sync_without_doubles(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.search import building

    ix, src = batched(built, monkeypatch)
    real_writer = building.incremental_writer
    calls = [0]

    def other_writes_between_batches(whoosh_ix):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 2:  # the lock was released after the first batch
            monkeypatch.setattr(building, "incremental_writer", real_writer)
            other = SearchIndex(tmp_path / "index")
            other.sync(src)
            other.close()
        return real_writer(whoosh_ix)

    monkeypatch.setattr(building, "incremental_writer", other_writes_between_batches)
    report = ix.sync(src)
    assert report.message is not None and "another program" in report.message
    assert ix.check().doc_count == 160  # every release once
    assert ix.search("batchfest", limit=100).total == 40
    assert ix.sync(src).written == 0


def test_an_open_index_follows_a_rebuild_made_by_another_program(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path) -> None:
    ix, src = built
    assert ix.search("paragraph", limit=1).total == 120  # open, dates not read yet
    expected = ix.search("paragraph year:2020", limit=200).total
    assert expected > 0
    other = SearchIndex(tmp_path / "index")
    other.rebuild(src)  # deletes the directory the first object has open
    other.close()
    assert ix.search("paragraph date:[2020-01-01 to 2020-12-31]", limit=200).total == expected
    dates = [h.date for h in ix.search("paragraph", limit=200, sort="date").hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 120


def test_a_rebuild_leaves_a_directory_another_program_is_writing_in(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage

    from viewer.search.health import WHOOSH_LOCK

    ix, src = built
    old = ix._current_dir()
    assert old is not None
    lock = FileStorage(str(old)).lock(WHOOSH_LOCK)  # as another program's sync holds it
    assert lock.acquire(blocking=False)
    try:
        other = SearchIndex(tmp_path / "index")
        other.rebuild(src)
        other.close()
        assert old.exists()  # not pulled from under the writer
    finally:
        lock.release()
    again = SearchIndex(tmp_path / "index")
    again.rebuild(src)
    again.close()
    assert not old.exists()  # once free, a later rebuild clears it


def test_a_verifying_sync_repairs_damage_that_raises_nothing(
        built: tuple[SearchIndex, CountingSource]) -> None:
    ix, src = built
    ixdir = ix._current_dir()
    assert ixdir is not None
    postings = next(ixdir.glob("*.pst"))
    data = bytearray(postings.read_bytes())
    data[len(data) // 2:len(data) // 2 + 500] = bytes(500)
    postings.write_bytes(bytes(data))
    assert ix.sync(src).written == 0  # the everyday sync trusts sizes
    report = ix.sync(src, verify=True)
    assert report.rebuilt and "changed since it was written" in (report.message or "")
    assert ix.check(deep=True).ok and ix.search("paragraph").total == 120


def test_large_rewritten_segments_stay_compressed(tmp_path: Path) -> None:
    from dataclasses import replace

    def size(ix: SearchIndex) -> int:
        ixdir = ix._current_dir()
        assert ixdir is not None
        return sum(p.stat().st_size for p in ixdir.iterdir())

    src = CountingSource([make_record(i) for i in range(1200)])
    ix = SearchIndex(tmp_path / "index")
    ix.sync(src)
    for round_ in range(2):
        for i in range(1100):
            doc_id = f"doc{i:04d}"
            src.recs[doc_id] = replace(src.recs[doc_id], tags=(f"round{round_}",))
        assert ix.sync(src).updated == 1100
    churned = size(ix)
    ix.rebuild(src)
    assert churned < 1.3 * size(ix)
    assert ix.search("tag:round1").total == 1100
    ix.close()


@pytest.mark.parametrize("while_locked", [False, True],
                         ids=["rebuilt-between-batches", "rebuilt-while-this-sync-holds-the-lock"])
def test_a_rebuild_by_another_program_during_a_batched_sync_is_kept(
        built: tuple[SearchIndex, CountingSource], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, while_locked: bool) -> None:
    import json

    from viewer.search import building

    ix, src = batched(built, monkeypatch)
    real_writer = building.incremental_writer
    calls = [0]
    rebuilt: list[str] = []

    def rebuild_elsewhere() -> None:
        other = SearchIndex(tmp_path / "index")
        other.rebuild(src)
        other.close()
        rebuilt.append(json.loads((tmp_path / "index" / META_NAME).read_text())["dir"])

    def hook(whoosh_ix):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 2:
            monkeypatch.setattr(building, "incremental_writer", real_writer)
            if not while_locked:  # the old directory is deleted under this sync
                rebuild_elsewhere()
                return real_writer(whoosh_ix)
            writer = real_writer(whoosh_ix)
            rebuild_elsewhere()
            return writer
        return real_writer(whoosh_ix)

    monkeypatch.setattr(building, "incremental_writer", hook)
    report = ix.sync(src)  # neither raises nor undoes the other program's rebuild
    assert report.message is not None and "another program" in report.message
    assert json.loads((tmp_path / "index" / META_NAME).read_text())["dir"] == rebuilt[0]
    fresh = SearchIndex(tmp_path / "index")
    assert fresh.check().doc_count == 160
    assert fresh.search("batchfest", limit=100).total == 40
    fresh.close()
