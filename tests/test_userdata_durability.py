"""Durability under abuse: killed writers, two programs at once, unwritable storage."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from viewer.paths import DataPaths
from viewer.userdata import InstanceLock, InstanceLockedError, StoreWriteError, UserStore

BODY = "The Special Rapporteur presented the report to the Human Rights Council in Geneva. " * 10

WRITER = textwrap.dedent("""
    import sys
    from viewer.paths import DataPaths
    from viewer.userdata import UserStore
    body = {body!r}
    from pathlib import Path
    store = UserStore.open(DataPaths(Path(sys.argv[1])))
    print("ready", flush=True)
    for i in range(int(sys.argv[2])):
        a = store.add_annotation("doc-" + sys.argv[3], body, i % 500, i % 500 + 20,
                                 note="note %d " % i * 30, tags=["burst", sys.argv[3]])
        print(a.id, flush=True)  # only after add_annotation returned, i.e. committed
    store.close()
""").format(body=BODY)


def start_writer(data: Path, count: int, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(count), name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check_integrity(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigkill_mid_burst_loses_nothing_reported_saved(tmp_path: Path) -> None:
    proc = start_writer(tmp_path, 100_000, "k")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    reported: list[str] = []
    while len(reported) < 150:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "writer died"
        reported.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    # Read through the same buffered stream (communicate() would skip what it already holds).
    reported += [x.strip() for x in proc.stdout.read().splitlines() if x.strip()]
    assert proc.wait(timeout=30) == -signal.SIGKILL
    proc.stdout.close()
    if proc.stderr is not None:
        proc.stderr.close()

    check_integrity(tmp_path / "userdata.sqlite3")
    with UserStore.open(DataPaths(tmp_path)) as store:
        assert store.recovered is None
        saved = {a.id for a in store.list_annotations(doc_id="doc-k")}
        assert set(reported) <= saved
        assert len(saved) - len(reported) <= 1  # at most the one committed but not yet printed


def test_second_window_is_refused_politely_and_freed_when_the_first_dies(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from pathlib import Path
            from viewer.userdata import InstanceLock
            lock = InstanceLock(Path(sys.argv[1])).acquire()
            print("locked", flush=True)
            sys.stdin.read()
        """), str(paths.lock_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(InstanceLockedError) as info:
            InstanceLock(paths.lock_file).acquire()
        assert "already open" in str(info.value) and str(tmp_path) in str(info.value)
        # command-line reading and writing still work alongside the window
        with UserStore.open(paths) as s:
            s.set_starred("d", True)
            assert s.starred_ids() == {"d"}
    finally:
        holder.kill()  # a crash, not a clean release
        holder.wait(timeout=10)
    with InstanceLock(paths.lock_file) as lock:
        assert lock.held


def test_concurrent_writers_in_two_processes_do_not_corrupt(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    UserStore.open(paths).close()
    writers = [start_writer(tmp_path, 80, name) for name in ("p1", "p2")]
    with UserStore.open(paths) as mine:  # and this process writes at the same time
        for i in range(40):
            mine.add_annotation("doc-main", BODY, i, i + 5)
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (_, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
    check_integrity(paths.userdata_db)
    with UserStore.open(paths) as s:
        assert s.annotation_counts() == {"doc-p1": 80, "doc-p2": 80, "doc-main": 40}
        for name, (out, _) in zip(("p1", "p2"), outputs, strict=True):
            ids = set(out.split()[1:])
            assert ids == {a.id for a in s.list_annotations(doc_id=f"doc-{name}")}


def test_threads_read_while_the_ui_thread_writes(tmp_path: Path) -> None:
    import threading

    with UserStore.open(DataPaths(tmp_path)) as s:
        errors: list[BaseException] = []
        seen: dict[int, list[int]] = {0: [], 1: []}
        stop = threading.Event()

        def reader(n: int) -> None:
            try:
                while not stop.is_set():
                    seen[n].append(len(s.list_annotations()))
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=reader, args=(n,)) for n in seen]
        for t in threads:
            t.start()
        for i in range(60):
            s.add_annotation("d", BODY, i, i + 3)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(c and c[-1] == 60 for c in seen.values()):
            time.sleep(0.01)
        stop.set()
        for t in threads:
            t.join(timeout=10)
        assert not errors
        for counts in seen.values():
            assert counts and counts == sorted(counts)  # each reader sees commits in order
            assert counts[-1] == 60  # and, in the end, all of them
        assert len(s.list_annotations()) == 60


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions enforced (root bypasses them)")
def test_read_only_data_directory_gives_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    empty.chmod(0o555)
    used = tmp_path / "used"
    with UserStore.open(DataPaths(used)) as s:
        s.set_starred("kept", True)
    used.chmod(0o555)
    try:
        with pytest.raises(StoreWriteError) as info:
            UserStore.open(DataPaths(empty))
        assert info.value.reason == "read_only"
        assert str(empty) in str(info.value)
        # an existing store in a folder that became read-only is still shown, read-only
        with UserStore.open(DataPaths(used)) as s:
            assert s.read_only_reason and s.starred_ids() == {"kept"}
            with pytest.raises(StoreWriteError) as info:
                s.set_starred("new", True)
            assert info.value.reason == "read_only"
            assert s.starred_ids() == {"kept"}
    finally:
        empty.chmod(0o755)
        used.chmod(0o755)


def test_store_is_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    with UserStore.open(DataPaths(tmp_path)) as s:
        conn = s.db.connection()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
