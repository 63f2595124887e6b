"""Extraction never fails on odd input and every span points at its text."""

from __future__ import annotations

import random
from pathlib import Path

from viewer.corrections import Correction
from viewer.documents import Document, join_blocks
from viewer.extraction import Extractor, apply_corrections, infer_publication_date, to_gold_shape

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:'\"“”’()-–—/\n□o°가나다年월일"


def test_random_slices_and_noise() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    rng = random.Random(4)
    extractor = Extractor()
    for i in range(300):
        source = rng.choice(texts)
        a = rng.randrange(len(source))
        s = source[a:a + rng.randrange(1, 600)]
        if i % 3 == 0:
            s = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 200)))
        text, blocks = join_blocks([(s, "paragraph", "", 0)]) if s else ("", ())
        doc = Document(id="x", source_name="x", source_path="", format="txt", title=s[:rng.randrange(0, 60)],
                       body=text, blocks=blocks, author=rng.choice([None, "", "By X", "고민석", s[:20]]),
                       date=rng.choice([None, "2024-02-29"]), date_text=rng.choice([None, "2024-02-29"]),
                       subtitle=rng.choice([None, s[-50:]]))
        ext = extractor.extract(doc)
        if doc.date is None:
            infer_publication_date(doc, ext)
        to_gold_shape(doc, ext)
        fixed = apply_corrections(doc, ext, [
            Correction("reject", {"kind": "date", "text": s[:5], "field": "body", "start": 3}),
            Correction("merge_people", {"keys": [p.key for p in ext.people]}),
            Correction("set_date", {"date": "2020-01-01"}),
        ])
        for result in (ext, fixed):
            items = [*result.dates, *result.commitments, *(m for p in result.people for m in p.mentions)]
            for item in items:
                assert doc.field_text(item.field)[item.start:item.end] == item.text
