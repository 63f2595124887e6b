"""The fast indexing path writes exactly what Whoosh's own would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.fields import TEXT, Schema
from whoosh.writing import SegmentWriter

from viewer.search import IndexRecord
from viewer.search.analysis import FIELD_GAP, scan, term_positions
from viewer.search.bulkwrite import BulkSegmentWriter
from viewer.search.index import record_fields
from viewer.search.schema import build_schema

WORDS = ["the", "Envoy", "pledged", "consultations", "Salmón", "통일부는", "북한인권",
         "U.S.", "Korea's", "of", "a", "2024", "x", "détenus", "Jun-il", "abductees", "и",
         "北韓", "통", "rights", "human", "to", "will", "’s", "Lee"]


def random_text(rng: random.Random, gaps: bool = True) -> str:
    parts = []
    for _ in range(rng.randint(1, 4) if gaps else 1):
        words = rng.choices(WORDS, k=rng.randint(0, 40))
        parts.append(" ".join(w + rng.choice(["", "", ",", ".", " —"]) for w in words))
    return FIELD_GAP.join(parts)


def positions_from_scan(text: str, stem: bool) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for term, pos, _start, _end in scan(text, stem):
        out.setdefault(term, []).append(pos)
    return out


@pytest.mark.parametrize("stem", [True, False])
def test_term_positions_equal_scan(stem: bool) -> None:
    rng = random.Random(7)
    for _ in range(400):
        text = random_text(rng)
        assert term_positions(text, stem) == positions_from_scan(text, stem), text


def test_term_positions_leave_a_gap_between_parts_without_counting_empty_ones() -> None:
    found = term_positions(f"envoy{FIELD_GAP}{FIELD_GAP}the{FIELD_GAP}rights", stem=True)
    assert found == {"envoi": [0], "right": [100]}  # Porter stems


def make_records(count: int, seed: int = 3) -> list[IndexRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        records.append(IndexRecord(
            doc_id=f"d{i:04d}", title=random_text(rng, gaps=False) or "untitled",
            body=random_text(rng), publisher=rng.choice(
                ["Ministry of Unification", "U.S. Department of State", None]),
            date=f"{2015 + i % 10}-0{1 + i % 9}-1{i % 10}" if i % 7 else None,
            people=tuple(rng.sample(["Julie Turner", "Kim Yung-ho", "Lee Shin-wha"],
                                    rng.randint(0, 2))),
            commitment_kinds=tuple(rng.sample(["pledge", "plan", "request"], rng.randint(0, 2))),
            tags=("Follow up", "통일") if i % 5 == 0 else (), notes=(random_text(rng),) if i % 4 == 0 else (),
            subtitle=random_text(rng, gaps=False) if i % 3 == 0 else None,
            starred=i % 6 == 0, source_name=f"{i}.txt",
        ))
    return records


def segment_files(index_dir: Path) -> dict[str, bytes]:
    # Segment names are random; the rest of each file name says what it holds.
    out = {}
    for path in index_dir.iterdir():
        if path.suffix == ".toc" or "WRITELOCK" in path.name:
            continue
        out[path.name.split(".", 1)[1]] = path.read_bytes()
    return out


def build(index_dir: Path, writer_cls: type[SegmentWriter], docs: list[dict[str, object]],
          schema: Schema | None = None, **kwargs: object) -> dict[str, bytes]:
    index_dir.mkdir()
    ix = windex.create_in(str(index_dir), schema or build_schema())
    writer = writer_cls(ix, compound=False, **kwargs)
    for fields in docs:
        writer.add_document(**fields)
    writer.commit()
    ix.close()
    return segment_files(index_dir)


@pytest.mark.parametrize("limitmb", [128, 0], ids=["in-memory", "spilled-every-document"])
def test_bulk_writer_writes_the_same_segment_as_whoosh(tmp_path: Path, limitmb: int) -> None:
    # 60 documents with limitmb=0 spill 60 runs, more than are merged at once.
    docs = [record_fields(rec, f"fp{i}") for i, rec in enumerate(make_records(60))]
    expected = build(tmp_path / "whoosh", SegmentWriter, docs)
    written = build(tmp_path / "bulk", BulkSegmentWriter, docs, limitmb=limitmb)
    assert sorted(written) == sorted(expected)
    for name, data in expected.items():
        assert written[name] == data, name
    assert not list((tmp_path / "bulk").glob("*.terms")), "spill files were left behind"


def test_bulk_writer_falls_back_for_schemas_it_does_not_handle(tmp_path: Path) -> None:
    schema = Schema(body=TEXT(vector=True, stored=True))
    docs: list[dict[str, object]] = [{"body": "envoy pledged envoy"}, {"body": "rights"}]
    expected = build(tmp_path / "whoosh", SegmentWriter, docs, schema=schema)
    assert build(tmp_path / "bulk", BulkSegmentWriter, docs, schema=schema) == expected


def test_bulk_writer_index_answers_queries(tmp_path: Path) -> None:
    from whoosh.qparser import QueryParser

    records = make_records(40)
    build(tmp_path / "bulk", BulkSegmentWriter, [record_fields(r, "fp") for r in records],
          limitmb=0)
    ix = windex.open_dir(str(tmp_path / "bulk"))
    with ix.searcher() as searcher:
        hits = searcher.search(QueryParser("title", ix.schema).parse("통일"), limit=None)
        expected = {r.doc_id for r in records if "통일" in r.title}
        assert expected and {hit["id"] for hit in hits} == expected


def test_cancelled_bulk_writer_leaves_no_spill_files(tmp_path: Path) -> None:
    ix = windex.create_in(str(tmp_path), build_schema())
    writer = BulkSegmentWriter(ix, limitmb=0, compound=False)
    for rec in make_records(5):
        writer.add_document(**record_fields(rec, "fp"))
    assert writer.pool.runs
    writer.cancel()
    assert not list(tmp_path.rglob("*.terms"))


def test_bulk_writer_merging_segments_writes_what_whoosh_writes(tmp_path: Path) -> None:
    # A merge feeds postings through the pool's generic path, out of the fast one.
    docs = [record_fields(rec, "fp") for rec in make_records(30)]
    results = []
    for name, writer_cls in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        index_dir = tmp_path / name
        index_dir.mkdir()
        ix = windex.create_in(str(index_dir), build_schema())
        for part in (docs[:10], docs[10:20]):
            first = SegmentWriter(ix, compound=False)
            for fields in part:
                first.add_document(**fields)
            first.commit(merge=False)
        writer = writer_cls(ix, compound=False)
        writer.delete_by_term("id", "d0003")
        for fields in docs[20:]:
            writer.add_document(**fields)
        writer.commit(optimize=True)
        assert len(ix._segments()) == 1
        ix.close()
        results.append(segment_files(index_dir))
    assert results[0] == results[1]
