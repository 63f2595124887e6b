"""The archive catalog: seeding, importing, removing, refreshing, corrections and the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from viewer.corrections import Correction
from viewer.services import Services, open_services

RELEASE = """Press Releases

Foreign Minister Meets UN Special Rapporteur

Date
2024-05-02
hit
12

1. Foreign Minister Cho Tae-yul met with UN Special Rapporteur Elizabeth Salmón on May 2.

2. The two sides agreed to continue close cooperation on accountability.
"""


@pytest.fixture
def services(tmp_path: Path) -> Services:
    s = open_services(tmp_path / "data")
    yield s
    s.close()


def test_a_new_archive_holds_the_bundled_releases_once(tmp_path: Path) -> None:
    with open_services(tmp_path / "d") as s:
        rows = s.library.summaries()
        assert len(rows) == 5
        assert {r.origin for r in rows} == {"bundled"}
        assert all(r.title for r in rows)
        s.library.remove([rows[0].id])
    with open_services(tmp_path / "d") as s:  # removed stays removed: no re-seeding
        assert s.library.count() == 4


def test_import_adds_once_and_keeps_the_original(services: Services, tmp_path: Path) -> None:
    f = tmp_path / "release.txt"
    f.write_text(RELEASE, encoding="utf-8")
    first = services.library.import_paths([f])
    assert [r.status for r in first.results] == ["added"]
    doc_id = first.added[0].doc_id
    assert doc_id is not None
    again = services.library.import_paths([f])
    assert [r.status for r in again.results] == ["unchanged"]
    assert services.library.original_path(doc_id).read_bytes() == f.read_bytes()
    doc = services.library.document(doc_id)
    assert doc.title == "Foreign Minister Meets UN Special Rapporteur"
    assert doc.date == "2024-05-02"
    names = {p.name for p in services.library.extraction(doc_id).people}
    assert "Elizabeth Salmón" in names


def test_bad_files_fail_alone_with_a_reason(services: Services, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(RELEASE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    missing = tmp_path / "missing.txt"
    report = services.library.import_paths([empty, binary, missing, good, tmp_path / "nowhere"])
    statuses = {Path(r.path).name: r.status for r in report.results}
    assert statuses["good.txt"] == "added"
    for name in ("empty.txt", "image.txt", "missing.txt"):
        assert statuses[name] == "failed"
    for r in report.failed:
        assert r.error and Path(r.path).name in r.error
    assert "1 added" in report.summary() and "failed" in report.summary()


def test_folders_are_walked_and_unsupported_files_skipped(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(RELEASE, encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# A heading\n\nSome release text about talks.\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    report = services.library.import_paths([folder])
    assert len(report.added) == 2
    assert [Path(r.path).name for r in report.skipped] == ["photo.jpg"]


def test_cancel_stops_between_files(services: Services, tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"r{n}.txt").write_text(RELEASE.replace("May 2", f"May {n + 3}"), encoding="utf-8")
    calls: list[int] = []

    def progress(done: int, total: int, _path: str) -> None:
        calls.append(done)

    report = services.library.import_paths(sorted(tmp_path.glob("r*.txt")), progress,
                                           cancelled=lambda: len(calls) >= 2)
    assert report.cancelled
    assert len(report.added) == 2


def test_stale_documents_are_reparsed_from_their_originals(services: Services) -> None:
    doc_id = services.library.summaries()[0].id
    before = services.library.document(doc_id)
    with sqlite3.connect(services.paths.library_db) as conn:
        conn.execute("UPDATE documents SET parser_version = 0, title = 'old' WHERE id = ?", (doc_id,))
    assert services.library.stale_ids() == [doc_id]
    assert services.refresh_library() == 1
    assert services.library.stale_ids() == []
    assert services.library.document(doc_id).title == before.title


def test_user_date_and_rejections_survive_reloading(services: Services) -> None:
    row = next(r for r in services.library.summaries() if r.date_inferred)
    saved = services.correct(Correction("set_date", {"date": "2024-03-05"}, doc_id=row.id))
    assert saved.id is not None
    assert services.library.document(row.id).date == "2024-03-05"
    # The list shows the user's date, no longer marked inferred.
    listed = {r.id: r for r in services.library.summaries()}[row.id]
    assert (listed.date, listed.date_inferred) == ("2024-03-05", False)
    assert services.library.summaries([row.id]) == [listed]
    person = services.library.extraction(row.id).people[0]
    services.correct(Correction("reject", {"kind": "person", "text": person.mentions[0].text,
                                           "field": person.mentions[0].field,
                                           "start": person.mentions[0].start}, doc_id=row.id))
    assert person.name not in {p.name for p in services.library.extraction(row.id).people}
    assert person.name not in services.library.summaries([row.id])[0].people


def test_a_user_date_replaces_the_stated_one_everywhere(services: Services) -> None:
    row = next(r for r in services.library.summaries() if not r.date_inferred)
    before = services.library.document(row.id)
    assert before.date_text
    services.correct(Correction("set_date", {"date": "2019-03"}, doc_id=row.id))
    doc = services.library.document(row.id)
    assert (doc.date, doc.date_text, doc.effective_date) == (None, None, "2019-03")
    assert doc.extra["file_date"] == before.date_text
    listed = services.library.summaries([row.id])[0]
    assert (listed.date, listed.date_inferred) == ("2019-03", False)


def test_index_follows_imports_removals_and_stars(services: Services, tmp_path: Path) -> None:
    services.sync_index()
    f = tmp_path / "release.txt"
    f.write_text(RELEASE.replace("accountability", "zebracrossing"), encoding="utf-8")
    doc_id = services.library.import_paths([f]).added[0].doc_id
    services.sync_index()
    assert [h.doc_id for h in services.index.search("zebracrossing").hits] == [doc_id]
    assert services.index.search("starred:yes").total == 0
    services.userdata.set_starred(doc_id, True)
    services.sync_index()
    assert [h.doc_id for h in services.index.search("starred:yes").hits] == [doc_id]
    assert services.index.search("bookmarked:yes").total == 0
    bookmark = services.userdata.add_bookmark(doc_id, services.library.document(doc_id).body, 10)
    services.sync_index()
    assert [h.doc_id for h in services.index.search("bookmarked:yes").hits] == [doc_id]
    assert [h.doc_id for h in services.index.search(
        "cooperation", filters={"bookmarked": "yes"}).hits] == [doc_id]
    services.userdata.remove_bookmark(bookmark.id)
    services.sync_index()
    assert services.index.search("bookmark:yes").total == 0
    services.remove_documents([doc_id])
    # Even before the next sync, a removed document is never a hit.
    assert services.index.search("zebracrossing").total == 0


def test_a_release_removed_by_another_program_stops_matching_at_once(tmp_path: Path) -> None:
    window = open_services(tmp_path / "d")
    try:
        window.sync_index()
        hit = window.index.search("Turner", limit=50).hits
        assert hit
        doc_id = hit[0].doc_id
        with open_services(tmp_path / "d") as command_line:  # its own catalog connection
            assert command_line.library.remove([doc_id]) == 1
        # No sync, no forget() in this process, no waiting out a cache.
        assert doc_id not in {h.doc_id for h in window.index.search("Turner", limit=50).hits}
    finally:
        window.close()


def test_changes_by_another_program_are_seen_from_every_thread(tmp_path: Path) -> None:
    # The window searches and syncs from worker threads, each with its own catalog
    # connection; SQLite's data_version cannot compare one connection with another.
    from concurrent.futures import ThreadPoolExecutor

    def in_new_thread(fn):  # type: ignore[no-untyped-def]
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(fn).result()

    window = open_services(tmp_path / "d")
    try:
        in_new_thread(window.sync_index)
        hits = in_new_thread(lambda: window.index.search("Turner", limit=50).hits)
        doc_id = hits[0].doc_id
        release = tmp_path / "new.txt"
        release.write_text(RELEASE.replace("accountability", "wombatcrossing"), encoding="utf-8")
        with open_services(tmp_path / "d") as command_line:
            assert command_line.library.remove([doc_id]) == 1
            added = command_line.library.import_paths([release]).added[0].doc_id
        found = in_new_thread(lambda: {h.doc_id for h in window.index.search("Turner", limit=50).hits})
        assert doc_id not in found
        report = in_new_thread(window.sync_index)
        assert (report.added, report.removed) == (1, 1)
        assert [h.doc_id for h in window.index.search("wombatcrossing").hits] == [added]
    finally:
        window.close()


def test_opening_the_catalog_is_not_a_change(tmp_path: Path) -> None:
    with open_services(tmp_path / "d") as first:
        version = first.library.version()
    with open_services(tmp_path / "d") as again:  # every command opens it
        assert again.library.version() == version
        release = tmp_path / "r.txt"
        release.write_text(RELEASE, encoding="utf-8")
        again.library.import_paths([release])
        assert again.library.version() != version
