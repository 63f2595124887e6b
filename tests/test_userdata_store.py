"""UserStore behaviour: annotations, document marks, bookmarks, facts, corrections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from viewer.corrections import Correction, RegistryEntry
from viewer.paths import DataPaths
from viewer.userdata import DocUserData, StoreWriteError, UserStore

BODY = ("The Ministry welcomed the resolution on human rights in the DPRK. "
        "It urged the DPRK to cooperate with the Special Rapporteur on human rights.")


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    s = UserStore.open(DataPaths(tmp_path / "data"))
    yield s
    s.close()


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def test_add_annotation_keeps_quote_context_and_survives_reopen(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    with UserStore.open(paths) as s:
        start, end = span(BODY, "human rights", 1)
        a = s.add_annotation("doc1", BODY, start, end, color="green", note="line 1\n<b>line 2</b>",
                             tags=["UN ", "un", "rapporteur"])
    with UserStore.open(paths) as s:
        got = s.get_annotation(a.id)
    assert got == a
    assert got.quote == "human rights"
    assert got.prefix == BODY[start - 32:start] and got.suffix == BODY[end:end + 32]
    assert got.tags == ("rapporteur", "UN")
    assert got.note == "line 1\n<b>line 2</b>"  # plain text, stored verbatim


@pytest.mark.parametrize("color", ["red", "#ffff00", ""])
def test_bad_colour_is_refused_and_nothing_saved(store: UserStore, color: str) -> None:
    with pytest.raises(ValueError, match="colour"):
        store.add_annotation("doc1", BODY, 0, 3, color=color)
    assert store.list_annotations() == []


def test_bad_offsets_are_refused(store: UserStore) -> None:
    with pytest.raises(ValueError):
        store.add_annotation("doc1", BODY, 5, 5)
    with pytest.raises(ValueError):
        store.add_annotation("doc1", BODY, 0, len(BODY) + 1)


def test_update_changes_only_what_is_given(store: UserStore) -> None:
    a = store.add_annotation("doc1", BODY, 4, 12, note="n", tags=["x"])
    b = store.update_annotation(a.id, note="new note")
    assert (b.note, b.color, b.tags, b.created) == ("new note", a.color, ("x",), a.created)
    assert b.updated >= a.updated
    c = store.update_annotation(a.id, tags=[], color="pink")
    assert store.get_annotation(a.id) == c and c.tags == () and c.note == "new note"


def test_delete_then_undo_restores_exactly(store: UserStore) -> None:
    a = store.add_annotation("doc1", BODY, 4, 12, color="purple", note="keep me", tags=["t1", "t2"])
    deleted = store.delete_annotation(a.id)
    assert deleted == a
    assert store.get_annotation(a.id) is None
    assert store.list_annotations() == [] and store.all_tags() == []
    store.restore_annotation(deleted)
    assert store.get_annotation(a.id) == a
    assert store.all_tags() == [("t1", 1), ("t2", 1)]


def test_missing_annotation_raises_keyerror(store: UserStore) -> None:
    with pytest.raises(KeyError):
        store.delete_annotation("nope")
    with pytest.raises(KeyError):
        store.update_annotation("nope", note="x")


def test_list_annotations_filters(store: UserStore) -> None:
    a = store.add_annotation("d1", BODY, *span(BODY, "Ministry"), color="yellow", tags=["gov"])
    b = store.add_annotation("d1", BODY, *span(BODY, "Special Rapporteur"), color="blue",
                             note="Ask about Élan", tags=["UN", "gov"])
    c = store.add_annotation("d2", BODY, *span(BODY, "resolution"), color="blue")
    assert {x.id for x in store.list_annotations()} == {a.id, b.id, c.id}
    assert [x.id for x in store.list_annotations(color="blue", doc_id="d1")] == [b.id]
    assert {x.id for x in store.list_annotations(tag="GOV")} == {a.id, b.id}
    # case-insensitive beyond ASCII, words anywhere in quote or note
    assert [x.id for x in store.list_annotations(text="élan special")] == [b.id]
    assert store.list_annotations(text="absent") == []
    assert len(store.list_annotations(limit=2)) == 2
    assert store.all_tags() == [("gov", 2), ("UN", 1)]
    assert store.annotation_counts() == {"d1": 2, "d2": 1}


def test_list_is_newest_first(tmp_path: Path) -> None:
    t = [datetime(2026, 1, 1, tzinfo=UTC)]

    def clock() -> datetime:
        t[0] += timedelta(seconds=1)
        return t[0]

    with UserStore.open(DataPaths(tmp_path), clock=clock) as s:
        ids = [s.add_annotation("d", BODY, i, i + 3).id for i in range(3)]
        assert [a.id for a in s.list_annotations()] == ids[::-1]


def test_anchored_annotations_follow_changed_text(store: UserStore) -> None:
    a = store.add_annotation("d", BODY, *span(BODY, "human rights", 1))
    b = store.add_annotation("d", BODY, *span(BODY, "welcomed the resolution"))
    new_body = "Press release\n\n" + BODY.replace("welcomed the resolution", "welcomed   the  resolution")
    placed = store.anchored_annotations("d", new_body)
    by_id = {p.annotation.id: p for p in placed}
    pa, pb = by_id[a.id], by_id[b.id]
    assert not pa.detached and (pa.start, pa.end) == span(new_body, "human rights", 1)
    assert not pb.detached and new_body[pb.start:pb.end] == "welcomed   the  resolution"
    gone = store.anchored_annotations("d", "A completely different text.")
    assert all(p.detached for p in gone) and len(gone) == 2  # kept, flagged, never dropped
    assert {(p.start, p.end) for p in gone} == {(a.start, a.end), (b.start, b.end)}


def test_reattach_moves_a_detached_annotation(store: UserStore) -> None:
    a = store.add_annotation("d", BODY, 4, 12, note="n", tags=["t"])
    other = "Something else entirely about the Ministry."
    r = store.reattach_annotation(a.id, other, *span(other, "Ministry"))
    assert (r.quote, r.note, r.tags, r.id) == ("Ministry", "n", ("t",), a.id)
    assert not store.anchored_annotations("d", other)[0].detached


def test_starring_read_state_and_doc_tags(store: UserStore) -> None:
    assert not store.is_starred("d1") and store.read_state("d1") == "unread"
    store.set_starred("d1", True)
    store.set_starred("d1", True)
    store.set_starred("d2", True)
    store.set_starred("d2", False)
    assert store.is_starred("d1") and store.starred_ids() == {"d1"}
    store.set_read_state("d1", "read")
    store.set_read_state("d1", "reviewed")
    store.set_read_state("d2", "read")
    assert store.read_states() == {"d1": "reviewed", "d2": "read"}
    with pytest.raises(ValueError, match="read state"):
        store.set_read_state("d1", "skimmed")
    assert store.read_state("d1") == "reviewed"
    store.add_doc_tag("d1", "Sanctions")
    store.add_doc_tag("d1", "sanctions ")
    store.add_doc_tag("d1", "abductions")
    assert store.doc_tags("d1") == ("abductions", "Sanctions")
    store.remove_doc_tag("d1", "SANCTIONS")
    assert store.doc_tags("d1") == ("abductions",)
    assert store.all_doc_tags() == [("abductions", 1)]


def test_position_bookmarks(store: UserStore) -> None:
    off = BODY.index("It urged")
    b = store.add_bookmark("d", BODY, off, "second sentence")
    end = store.add_bookmark("d", BODY, len(BODY))
    assert store.list_bookmarks("d") == [b, end]
    moved = "Intro.\n\n" + BODY
    placed = {p.bookmark.id: p for p in store.anchored_bookmarks("d", moved)}
    assert placed[b.id].offset == moved.index("It urged") and not placed[b.id].detached
    assert placed[end.id].offset == len(moved)
    renamed = store.rename_bookmark(b.id, "renamed")
    assert [b.label for b in store.list_bookmarks("d")] == ["renamed", ""]
    removed = store.remove_bookmark(b.id)
    assert removed == renamed and len(store.list_bookmarks()) == 1
    store.restore_bookmark(removed)
    assert renamed in store.list_bookmarks("d")
    with pytest.raises(ValueError):
        store.add_bookmark("d", BODY, len(BODY) + 1)


def test_user_facts_for_the_index(store: UserStore) -> None:
    store.add_annotation("d1", BODY, 4, 12, note="first note", tags=["ann-tag"])
    store.add_annotation("d1", BODY, 20, 30, note="  ", tags=["Shared"])
    store.set_doc_tags("d1", ["shared", "doc-tag"])
    store.set_starred("d2", True)
    store.set_read_state("d3", "reviewed")
    store.add_bookmark("d4", BODY, 5)
    f1 = store.user_facts("d1")
    assert f1.tags == ("ann-tag", "doc-tag", "Shared")
    assert f1.notes == ("first note",) and f1.annotation_count == 2
    assert not f1.starred and f1.read == "unread"
    everything = store.all_user_facts()
    assert set(everything) == {"d1", "d2", "d3", "d4"}
    assert everything["d1"] == f1 and f1.bookmark_count == 0
    assert everything["d4"] == store.user_facts("d4") and everything["d4"].bookmark_count == 1
    assert everything["d2"].starred and everything["d3"].read == "reviewed"
    assert "never-touched" not in everything
    assert store.user_facts("never-touched") == DocUserData()


def test_revision_grows_with_every_change(store: UserStore) -> None:
    r0 = store.revision()
    a = store.add_annotation("d", BODY, 0, 3)
    r1 = store.revision()
    store.set_starred("d", True)
    r2 = store.revision()
    store.list_annotations()
    assert r0 < r1 < r2 == store.revision()
    store.delete_annotation(a.id)
    assert store.revision() > r2


def test_failed_action_rolls_back_everything_of_that_action(store: UserStore) -> None:
    store.add_annotation("d", BODY, 0, 3, note="before")
    rev = store.revision()
    with pytest.raises(RuntimeError), store.transaction():
        store.set_starred("d", True)
        store.add_annotation("d", BODY, 4, 12, note="inside")
        raise RuntimeError("boom")
    assert not store.is_starred("d")
    assert [a.note for a in store.list_annotations()] == ["before"]
    assert store.revision() == rev


def test_corrections_and_registry(store: UserStore) -> None:
    c1 = store.add_correction(Correction("reject", {"kind": "person", "text": "Kim", "field": "body",
                                                    "start": 3}, doc_id="d1"))
    c2 = store.add_correction(Correction("merge_people", {"keys": ["a", "b"], "name": "A B"}))
    c3 = store.add_correction(Correction("set_date", {"date": "2024-01-02"}, doc_id="d2"))
    assert c1.id is not None and c1.created and c1.payload["text"] == "Kim"
    assert store.corrections_for("d1") == [c1, c2]
    assert store.corrections_for("d2") == [c2, c3]
    assert store.all_corrections() == [c1, c2, c3]
    assert store.delete_correction(c2.id) == c2
    assert store.delete_correction(c2.id) is None
    assert store.corrections_for("d1") == [c1]
    with pytest.raises(ValueError, match="Unknown correction"):
        store.add_correction(Correction("explode", {}))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="JSON"):
        store.add_correction(Correction("add", {"when": datetime.now()}))
    e = RegistryEntry("kim jong un", "Kim Jong Un", aliases=("Kim Jong-un",), roles=("leader",),
                      extra={"note": "x"})
    store.upsert_registry_entry(e)
    store.upsert_registry_entry(RegistryEntry("a", "A"))
    assert store.registry() == [RegistryEntry("a", "A"), e]
    store.upsert_registry_entry(RegistryEntry("a", "A renamed"))
    store.delete_registry_entry("kim jong un")
    assert store.registry() == [RegistryEntry("a", "A renamed")]


def test_full_disk_gives_store_write_error_and_keeps_earlier_data(store: UserStore) -> None:
    kept = store.add_annotation("d", BODY, 0, 3, note="saved before the disk filled")
    conn = store.db.connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreWriteError) as info:
        store.add_annotation("d", BODY, 4, 12, note="x" * 200_000)
    assert info.value.reason == "full" and "full" in str(info.value)
    assert store.list_annotations() == [kept]
    conn.execute("PRAGMA max_page_count = 1073741823")
    store.add_annotation("d", BODY, 4, 12, note="works again")
    assert len(store.list_annotations()) == 2


def test_read_only_store_refuses_writes_clearly(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    with UserStore.open(paths) as s:
        a = s.add_annotation("d", BODY, 0, 3)
    with UserStore.open(paths, read_only=True) as ro:
        assert ro.list_annotations() == [a]
        with pytest.raises(StoreWriteError) as info:
            ro.set_starred("d", True)
        assert info.value.reason == "read_only"
        assert "cannot be written" in str(info.value)


def test_ids_then_rows_for_a_lazy_panel(store: UserStore) -> None:
    made = [store.add_annotation("d", BODY, i, i + 4, color="blue" if i % 2 else "green",
                                 tags=["odd"] if i % 2 else []) for i in range(6)]
    store.delete_annotation(made[5].id)
    assert store.annotation_ids() == [a.id for a in store.list_annotations()]
    assert store.annotation_ids(color="blue", tag="odd") == [a.id for a in store.list_annotations(
        color="blue", tag="odd")]
    wanted = [made[3].id, made[0].id, made[5].id, "missing"]
    assert store.annotations_by_ids(wanted) == [made[3], made[0]]  # deleted and unknown left out
