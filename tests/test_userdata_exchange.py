"""Export (Markdown, CSV, JSON) and JSON import: exact round trip, merging, bad files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from viewer.corrections import Correction, RegistryEntry
from viewer.documents import Document, join_blocks
from viewer.paths import DataPaths
from viewer.userdata import ImportFormatError, UserStore
from viewer.userdata.exporting import export_data, export_text
from viewer.userdata.importing import import_json

PARAS = [
    "The Ministry of Foreign Affairs welcomed the adoption of the resolution.",
    "It called on the DPRK to cooperate with the Special Rapporteur.",
    "The Government will continue to raise the issue of abductions.",
]
BODY, BLOCKS = join_blocks([(p, "paragraph", "", 0) for p in PARAS])
DOC = Document(id="doc1", source_name="001.txt", source_path="/x/001.txt", format="txt",
               title="Statement on the UN resolution", body=BODY, blocks=BLOCKS,
               publisher="Ministry of Foreign Affairs", date="2024-02-16")


def lookup(doc_id: str) -> Document | None:
    return DOC if doc_id == "doc1" else None


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 3, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


def open_store(path: Path, clock: Clock | None = None) -> UserStore:
    return UserStore.open(DataPaths(path), clock=clock or Clock())


def fill(s: UserStore) -> None:
    i = BODY.index("Special Rapporteur")
    s.add_annotation("doc1", BODY, i, i + len("Special Rapporteur"), color="blue",
                     note='Follow up.\nSecond line, "quoted", <script>alert(1)</script>',
                     tags=["UN", "follow-up"])
    j = BODY.index("abductions")
    s.add_annotation("doc1", BODY, j, j + len("abductions"), color="pink", note="=SUM(A1:A9)")
    s.add_annotation("gone-doc", "Some text from a document no longer in the library.", 5, 9, note="orphan")
    s.add_bookmark("doc1", BODY, BODY.index("It called"), "second paragraph")
    s.set_starred("doc1", True)
    s.set_read_state("doc1", "reviewed")
    s.set_doc_tags("doc1", ["resolutions"])
    s.add_correction(Correction("set_date", {"date": "2024-02-16"}, doc_id="doc1"))
    s.add_correction(Correction("merge_people", {"keys": ["a", "b"], "name": "Kim"}))
    s.upsert_registry_entry(RegistryEntry("kim", "Kim", aliases=("K.",), roles=("envoy",), extra={"n": 1}))


def without_stamp(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_json_round_trip_is_exact_and_reimport_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as src:
        fill(src)
        # an edit and a deletion in the history must not leak into the export
        victim = src.add_annotation("doc1", BODY, 0, 3)
        src.delete_annotation(victim.id)
        src.delete_correction(src.add_correction(Correction("reject", {"text": "x"})).id)
        exported = export_data(src)
        out = tmp_path / "notes.json"
        out.write_text(export_text(src, "json", lookup), encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "archive-viewer-userdata"
    with open_store(tmp_path / "b") as dst:
        report = import_json(dst, out)
        assert report.added["annotations"] == 3 and not report.updated
        assert without_stamp(export_data(dst)) == without_stamp(exported)
        again = dst.import_json(out)
        assert not again.added and not again.updated
        assert without_stamp(export_data(dst)) == without_stamp(exported)
        assert len(dst.list_annotations()) == 3


def test_merge_keeps_the_newer_edit_and_respects_deletions(tmp_path: Path) -> None:
    clock = Clock()
    with open_store(tmp_path / "a", clock) as s:
        a = s.add_annotation("doc1", BODY, 0, 3, note="original")
        b = s.add_annotation("doc1", BODY, 4, 12, note="will be deleted")
        old_export = tmp_path / "old.json"
        old_export.write_text(export_text(s, "json", lookup), encoding="utf-8")
        s.update_annotation(a.id, note="edited later")
        s.delete_annotation(b.id)
        r = import_json(s, old_export)
        assert s.get_annotation(a.id).note == "edited later"  # local edit is newer
        assert s.get_annotation(b.id) is None  # deletion is newer than the exported copy
        assert r.unchanged["annotations"] == 2
        s.restore_annotation(b)
        newer = tmp_path / "newer.json"
        newer.write_text(export_text(s, "json", lookup), encoding="utf-8")
        s.update_annotation(a.id, note="local but older than nothing")
    with open_store(tmp_path / "c", clock) as other:
        other.import_json(newer)
        other.update_annotation(a.id, note="edited on the other machine")
        theirs = tmp_path / "theirs.json"
        theirs.write_text(export_text(other, "json", lookup), encoding="utf-8")
    with UserStore.open(DataPaths(tmp_path / "a"), clock=clock) as s:
        r = s.import_json(theirs)
        assert r.updated == {"annotations": 1}
        assert s.get_annotation(a.id).note == "edited on the other machine"
        assert len(s.list_annotations()) == 2  # merged, not duplicated


@pytest.mark.parametrize("bad", [
    '{"format": "archive-viewer-userdata", "version": 1, "annotations": [',  # truncated
    '{"format": "something-else", "version": 1}',
    '{"format": "archive-viewer-userdata", "version": 99}',
    "[1, 2, 3]",
])
def test_bad_files_import_nothing_with_a_clear_message(tmp_path: Path, bad: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(bad, encoding="utf-8")
    with open_store(tmp_path / "s") as s:
        rev = s.revision()
        with pytest.raises(ImportFormatError, match="Nothing was imported"):
            s.import_json(f)
        assert s.revision() == rev


def test_one_bad_record_imports_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as src:
        fill(src)
        data = export_data(src)
    data["annotations"][1]["color"] = "crimson"  # good records before and after it
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    with open_store(tmp_path / "b") as dst:
        with pytest.raises(ImportFormatError) as info:
            dst.import_json(f)
        assert "annotation #2" in str(info.value) and "color" in str(info.value)
        assert dst.list_annotations() == [] and not dst.starred_ids() and dst.registry() == []
    with pytest.raises(ImportFormatError, match="Cannot read"):
        import_json(dst, tmp_path / "missing.json")


def test_markdown_groups_by_document_with_citations_and_plain_text_notes(tmp_path: Path) -> None:
    with open_store(tmp_path) as s:
        fill(s)
        md = export_text(s, "md", lookup)
    assert "## Statement on the UN resolution" in md
    cite = ("Ministry of Foreign Affairs, \u201cStatement on the UN resolution\u201d, 2024-02-16, "
            "paragraph 2")
    assert cite in md
    assert "paragraph 3" in md  # 'abductions' is in the third paragraph
    assert "> Special Rapporteur" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "document gone-doc (not in the library)" in md
    assert "- second paragraph (paragraph 2)" in md
    assert "\u2605 starred" in md
    # the document comes before the one that is missing from the library
    assert md.index("## Statement") < md.index("## gone-doc")


def test_csv_one_row_per_annotation_with_newlines_and_formula_guard(tmp_path: Path) -> None:
    with open_store(tmp_path) as s:
        fill(s)
        text = export_text(s, "csv", lookup)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    notes = [r for r in rows if r["kind"] == "annotation"]
    assert len(notes) == 3 and len([r for r in rows if r["kind"] == "bookmark"]) == 1
    rap = next(r for r in notes if r["quote"] == "Special Rapporteur")
    assert rap["note"] == 'Follow up.\nSecond line, "quoted", <script>alert(1)</script>'
    assert rap["paragraph"] == "2" and rap["publisher"] == "Ministry of Foreign Affairs"
    assert rap["tags"] == "follow-up; UN" and rap["detached"] == "no"
    assert next(r for r in notes if r["quote"] == "abductions")["note"] == "'=SUM(A1:A9)"
    assert next(r for r in notes if r["doc_id"] == "gone-doc")["detached"] == "yes"


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path) as s, pytest.raises(ValueError, match="md, csv, json"):
        export_text(s, "xml", lookup)


def test_a_deletion_travels_with_the_export(tmp_path: Path) -> None:
    clock = Clock()
    with open_store(tmp_path / "a", clock) as a_store, open_store(tmp_path / "b", clock) as b_store:
        note = a_store.add_annotation("doc1", BODY, 0, 3, note="to be deleted on A")
        keep = a_store.add_annotation("doc1", BODY, 4, 12, note="kept")
        first = tmp_path / "first.json"
        first.write_text(export_text(a_store, "json", lookup), encoding="utf-8")
        b_store.import_json(first)
        a_store.delete_annotation(note.id)
        second = tmp_path / "second.json"
        second.write_text(export_text(a_store, "json", lookup), encoding="utf-8")
        report = b_store.import_json(second)
        assert report.updated == {"deletions": 1}
        assert [x.id for x in b_store.list_annotations()] == [keep.id]
        deleted = b_store.deleted_annotations()
        assert [(a, bool(when)) for a, when in deleted] == [(note, True)]
        b_store.restore_annotation(deleted[0][0])  # "recently deleted" can still bring it back
        assert b_store.get_annotation(note.id) == note
        # and an older file without the deletion does not undo it on A
        a_store.import_json(first)
        assert a_store.get_annotation(note.id) is None
