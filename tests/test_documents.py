"""The document model: offsets, blocks, serialisation, header dates."""

from __future__ import annotations

from pathlib import Path

from viewer.documents import Document, InferredDate, content_id, join_blocks
from viewer.extraction import Extractor
from viewer.ingest import ingest_file

REPO = Path(__file__).resolve().parents[1]


def test_blocks_are_exact_ranges_of_the_body() -> None:
    body, blocks = join_blocks([("First.", "numbered", "1.", 0), ("", "paragraph", "", 0),
                                ("Second point.", "bullet", "o", 1)])
    assert [body[b.start:b.end] for b in blocks] == ["First.", "Second point."]
    assert blocks[1].marker == "o" and blocks[1].level == 1
    doc = Document("x", "a.txt", "", "txt", "T", body, blocks)
    assert doc.block_at(blocks[1].start + 2) == 1
    assert doc.block_at(len(body)) == 1


def test_round_trip_keeps_everything() -> None:
    doc = ingest_file(REPO / "corpus" / "000_3b1b61814a9714d6.txt")
    doc.date_inferred = InferredDate("2024", "test")
    again = Document.from_dict(doc.to_dict())
    assert again == doc


def test_content_id_is_stable_and_content_based() -> None:
    assert content_id(b"abc") == content_id(b"abc") != content_id(b"abd")


def test_a_repeated_dateline_is_kept_as_a_header_date_and_listed() -> None:
    doc = ingest_file(REPO / "corpus" / "000_3b1b61814a9714d6.txt")
    assert doc.date_text == "2024-02-16"
    assert doc.header_dates == ("February 16, 2024",)
    assert "February 16, 2024" not in doc.body
    dates = Extractor().extract(doc).dates
    header = [d for d in dates if d.field == "header"]
    assert [(d.text, d.value) for d in header] == [("February 16, 2024", "2024-02-16")]
    assert doc.field_text("header")[header[0].start:header[0].end] == "February 16, 2024"
