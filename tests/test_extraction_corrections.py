"""Corrections replayed over a fresh extraction: every operation, re-found by text."""

from __future__ import annotations

from viewer.corrections import Correction
from viewer.documents import Document, join_blocks
from viewer.entities import Extraction
from viewer.extraction import Extractor, apply_corrections

BODY = ("Vice Minister Cho Koo-rae met Special Envoy Julie Turner on October 10. Vice Minister Cho "
        "asked the U.S. "
        "to keep its support. The two sides agreed to continue discussions in November.")


def make_doc(body: str = BODY, doc_id: str = "d1") -> Document:
    text, blocks = join_blocks([(body, "paragraph", "", 0)])
    return Document(id=doc_id, source_name="t.txt", source_path="t.txt", format="txt", title="", body=text,
                    blocks=blocks, date="2024-10-12", date_text="2024-10-12")


def run(*corrections: Correction, doc: Document | None = None) -> tuple[Document, Extraction]:
    doc = doc or make_doc()
    return doc, apply_corrections(doc, Extractor().extract(doc), corrections)


def test_reject_each_kind() -> None:
    _, ext = run(
        Correction("reject", {"kind": "date", "text": "November", "field": "body", "start": 0}, "d1"),
        Correction("reject", {"kind": "person", "text": "Julie Turner", "field": "body", "start": 40}, "d1"),
        Correction("reject", {"kind": "commitment", "text": "Vice Minister Cho asked", "field": "body",
                              "start": 90}, "d1"),
    )
    assert "November" not in [d.text for d in ext.dates]
    assert [p.name for p in ext.people] == ["Cho Koo-rae"]
    assert [c.kind for c in ext.commitments] == ["agreement"]


def test_reject_survives_moved_text() -> None:
    corr = Correction("reject", {"kind": "date", "text": "October 10", "field": "body", "start": 62}, "d1")
    moved = make_doc("Preface added later. " + BODY)
    _, ext = run(corr, doc=moved)
    assert "October 10" not in [d.text for d in ext.dates]


def test_add_each_kind() -> None:
    doc, ext = run(
        Correction("add", {"kind": "date", "field": "body", "start": 0, "end": 0, "text": "two sides",
                           "value": None, "grain": None}, "d1"),
        Correction("add", {"kind": "person", "field": "body", "start": 0, "end": 0, "text": "Special Envoy",
                           "name": "Julie Turner", "roles": ["Special Envoy"]}, "d1"),
        Correction("add", {"kind": "commitment", "field": "body", "start": 0, "end": 0,
                           "text": "met Special Envoy Julie Turner", "actor": "Cho",
                           "commitment_kind": "plan"},
                   "d1"),
    )
    added = [d for d in ext.dates if d.rule == "user"]
    assert added and doc.body[added[0].start:added[0].end] == "two sides"
    turner = next(p for p in ext.people if p.name == "Julie Turner")
    assert "Special Envoy" in turner.surface_forms and "Special Envoy" in turner.roles
    assert any(c.rule == "user" and c.kind == "plan" for c in ext.commitments)


def test_add_of_text_not_in_document_is_skipped() -> None:
    _, ext = run(Correction("add", {"kind": "date", "field": "body", "start": 0, "end": 5, "text": "Mars 3",
                                    "value": "2024-03-03", "grain": "day"}, "d1"))
    assert all(d.rule != "user" for d in ext.dates)


def test_relabel_each_kind() -> None:
    _, ext = run(
        Correction("relabel", {"kind": "date", "text": "November", "field": "body", "start": 150,
                               "value": "2025-11", "grain": "month"}, "d1"),
        Correction("relabel", {"kind": "commitment", "text": "Vice Minister Cho asked", "field": "body",
                               "start": 90, "commitment_kind": "plan", "actor": "Cho Koo-rae"}, "d1"),
        Correction("relabel", {"kind": "person", "text": "Julie Turner", "field": "body", "start": 40,
                               "roles": ["U.S. Special Envoy"]}, "d1"),
    )
    assert {d.text: d.value for d in ext.dates}["November"] == "2025-11"
    assert ext.commitments[0].kind == "plan" and ext.commitments[0].actor == "Cho Koo-rae"
    assert next(p for p in ext.people if p.name == "Julie Turner").roles == ("U.S. Special Envoy",)


def test_merge_and_split_people() -> None:
    doc = make_doc()
    ext = Extractor().extract(doc)
    keys = [p.key for p in ext.people]
    merged = apply_corrections(doc, ext, [Correction("merge_people", {"keys": keys, "name": "Cho Koo-rae"})])
    assert len(merged.people) == 1
    assert set(merged.people[0].surface_forms) == {"Cho Koo-rae", "Cho", "Julie Turner"}
    split = apply_corrections(doc, ext, [
        Correction("merge_people", {"keys": keys, "name": "Cho Koo-rae"}),
        Correction("split_person", {"key": merged.people[0].key, "mentions": ["Julie Turner"],
                                    "name": "Julie Turner"}),
    ])
    assert sorted(p.name for p in split.people) == ["Cho Koo-rae", "Julie Turner"]


def test_set_date_is_recorded_and_other_documents_are_untouched() -> None:
    _, ext = run(Correction("set_date", {"date": "2024-10-11"}, "d1"),
                 Correction("reject", {"kind": "date", "text": "November", "field": "body", "start": 0},
                            "other"))
    assert ext.extra["publication_date"] == "2024-10-11"
    assert "November" in [d.text for d in ext.dates]


def test_set_date_resolves_relative_dates_again() -> None:
    sentence = "They met in April last year and again this week, on the 15th."
    text, blocks = join_blocks([(sentence, "paragraph", "", 0)])
    doc = Document(id="d2", source_name="t.txt", source_path="t.txt", format="txt", title="", body=text,
                   blocks=blocks)
    ext = Extractor().extract(doc)
    assert {d.text: d.value for d in ext.dates}["April last year"] is None
    fixed = apply_corrections(doc, ext, [Correction("set_date", {"date": "2019-06-20"}, "d2")])
    assert {d.text: d.value for d in fixed.dates} == {
        "April last year": "2018-04", "this week": "2019-06", "the 15th": "2019-06-15"}


def test_corrections_survive_reextraction() -> None:
    doc = make_doc()
    corr = [Correction("reject", {"kind": "date", "text": "November", "field": "body", "start": 150}, "d1")]
    first = apply_corrections(doc, Extractor().extract(doc), corr)
    again = apply_corrections(doc, Extractor().extract(doc), corr)
    assert first == again and "November" not in [d.text for d in again.dates]
