"""Reader pane: exact offset mapping, layered highlights, hits, find and zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from viewer.documents import Document, InferredDate, join_blocks
from viewer.entities import Commitment, DateRef, Extraction, Mention, Person
from viewer.qt.reader import ReaderPane
from viewer.qt.reader_document import SpanMap

# The offscreen platform warns that it cannot propagate size hints whenever a window is
# shown; that says nothing about our code.
# The offscreen platform cannot resize to size hints, raise windows or grab the keyboard
# (popups such as the history completer ask for both); those warnings say nothing about us.
pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard")

PARAS = [
    ("Minister Kim Young-ho met envoys on 15 March 2024.", "paragraph", "", 0),
    ("Scope of the talks", "heading", "", 0),
    ("The ministry <b>pledged</b> to host a forum\nnext year 🙂 with Kim.", "bullet", "□", 0),
    ("통일부 장관 김영호 said the 🙂🙂 forum opens in April 2025.", "bullet", "o", 1),
    ("Both sides agreed to meet again.", "numbered", "1.", 0),
]


def make_doc(**kw: object) -> Document:
    body, blocks = join_blocks(list(PARAS))  # type: ignore[arg-type]
    fields = dict(id="d1", source_name="d1.txt", source_path="/x/d1.txt", format="txt",
                  title="Talks with 🙂 Kim Young-ho", body=body, blocks=blocks,
                  publisher="Ministry of Unification", author="Lee Ji-won", date=None,
                  date_text=None, date_inferred=InferredDate("2024-03", "dateline 'March 2024'"),
                  subtitle="- Both sides agreed to meet -")
    fields.update(kw)
    return Document(**fields)  # type: ignore[arg-type]


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def make_extraction(doc: Document) -> Extraction:
    b = doc.body
    mentions = [Mention("body", *span(b, "Kim Young-ho"), "Kim Young-ho"),
                Mention("body", *span(b, "Kim", 1), "Kim"),
                Mention("title", *span(doc.title, "Kim Young-ho"), "Kim Young-ho")]
    people = (Person("kim young-ho", "Kim Young-ho", tuple(mentions), ("Minister",)),
              Person("김영호", "김영호", (Mention("body", *span(b, "김영호"), "김영호"),)),
              Person("lee ji-won", "Lee Ji-won", (Mention("author", 0, 10, "Lee Ji-won"),), ("writer",)))
    dates = (DateRef("body", *span(b, "15 March 2024"), "15 March 2024", "2024-03-15", "day"),
             DateRef("body", *span(b, "April 2025"), "April 2025", "2025-04", "month"))
    commitments = (Commitment("body", *span(b, "The ministry <b>pledged</b> to host a forum\nnext year"),
                              "The ministry <b>pledged</b> to host a forum\nnext year", "The ministry",
                              "pledge"),
                   Commitment("subtitle", *span(doc.subtitle or "", "Both sides agreed to meet"),
                              "Both sides agreed to meet", "Both sides", "agreement"))
    return Extraction(people, dates, commitments)


@pytest.fixture
def reader(qtbot):  # type: ignore[no-untyped-def]
    pane = ReaderPane()
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    return pane


def test_every_entity_maps_to_exactly_its_text(reader: ReaderPane) -> None:
    doc = make_doc()
    ext = make_extraction(doc)
    reader.show_document(doc, ext)
    checked = 0
    items = [(m.field, m.start, m.end, m.text) for p in ext.people for m in p.mentions]
    items += [(d.field, d.start, d.end, d.text) for d in ext.dates]
    items += [(c.field, c.start, c.end, c.text) for c in ext.commitments]
    for field, start, end, text in items:
        r = reader.span_map.to_range(field, start, end)
        assert r is not None, (field, text)
        assert reader.text_at(*r) == text
        checked += 1
    assert checked == 9


def test_markup_in_text_stays_literal(reader: ReaderPane) -> None:
    reader.show_document(make_doc(), None)
    assert "<b>pledged</b>" in reader.view.toPlainText()


def test_markers_are_shown_but_not_mapped(reader: ReaderPane) -> None:
    doc = make_doc()
    reader.show_document(doc, None)
    text = reader.view.toPlainText()
    assert "□\tThe ministry" in text and "1.\tBoth sides" in text
    for block in doc.blocks:
        r = reader.span_map.to_range("body", block.start, block.end)
        assert r is not None
        assert reader.text_at(*r) == doc.body[block.start:block.end]


def test_span_map_reverse_lookup() -> None:
    m = SpanMap()
    m.add("body", 10, "a🙂b", 100)
    assert m.to_pos("body", 12) == 103  # the emoji counts as two UTF-16 units
    assert m.to_field(103) == ("body", 12)


def test_highlight_layers_format_the_text(reader: ReaderPane) -> None:
    doc = make_doc()
    reader.show_document(doc, make_extraction(doc))
    start, _end = reader.span_map.to_range("body", *span(doc.body, "15 March 2024"))  # type: ignore[misc]
    block = reader.view.document().findBlock(start)
    formats = block.layout().formats()
    rel = start - block.position()
    date_bg = reader.highlighter.layer("date").fmt.background()  # type: ignore[union-attr]
    assert any(f.start <= rel < f.start + f.length and f.format.background() == date_bg for f in formats)
    reader.set_kind_visible("date", False)
    formats = block.layout().formats()
    assert not any(f.start <= rel < f.start + f.length and f.format.background() == date_bg
                   for f in formats)
    assert not reader.kind_buttons["date"].isChecked()


def test_hits_navigate_with_n_of_m(reader: ReaderPane) -> None:
    doc = make_doc()
    hits = {"body": [span(doc.body, "forum"), span(doc.body, "forum", 1)],
            "title": [span(doc.title, "Kim")]}
    reader.show_document(doc, make_extraction(doc), hits)
    assert reader.hit_count() == 3
    assert reader.hit_status() == "1 of 3"
    reader.next_hit()
    assert reader.hit_status() == "2 of 3"
    current = reader.highlighter.layer("current").spans[0]  # type: ignore[union-attr]
    assert reader.text_at(current.start, current.end) == "forum"
    reader.previous_hit()
    reader.previous_hit()
    assert reader.hit_status() == "3 of 3"


def test_find_bar_counts_and_escape_closes(reader: ReaderPane, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader.show_document(make_doc(), None)
    reader.open_find()
    qtbot.keyClicks(reader.find_bar.edit, "kim")
    assert len(reader.find_matches()) == 3  # title + two in the body, case-insensitive
    assert reader.find_bar.count.text() == "1 of 3"
    reader.find_bar.case.setChecked(True)
    assert reader.find_matches() == []
    qtbot.keyClick(reader.find_bar.edit, Qt.Key.Key_Escape)
    assert not reader.find_bar.isVisible()


def test_inferred_date_has_evidence_tooltip(reader: ReaderPane) -> None:
    reader.show_document(make_doc(), None)
    text = reader.view.toPlainText()
    pos = text.index("2024-03 (inferred)")
    assert "dateline 'March 2024'" in reader.tooltip_at(pos + 2)


def test_zoom_relayouts_and_keeps_map(reader: ReaderPane) -> None:
    doc = make_doc()
    reader.show_document(doc, make_extraction(doc))
    size = reader.view.document().defaultFont().pointSizeF()
    reader.zoom_in()
    reader.zoom_in()
    assert reader.view.document().defaultFont().pointSizeF() == size + 2
    r = reader.span_map.to_range("body", *span(doc.body, "April 2025"))
    assert r is not None and reader.text_at(*r) == "April 2025"
    reader.zoom_reset()
    assert reader.zoom == 0


def test_reveal_flashes_the_item(reader: ReaderPane) -> None:
    doc = make_doc()
    reader.show_document(doc, make_extraction(doc))
    assert reader.reveal("subtitle", *span(doc.subtitle or "", "Both sides agreed to meet"))
    flash = reader.highlighter.layer("flash").spans  # type: ignore[union-attr]
    assert len(flash) == 1 and reader.text_at(flash[0].start, flash[0].end) == "Both sides agreed to meet"
    assert not reader.reveal("note", 0, 3)


def test_new_hits_in_the_open_release_wait_for_f3(reader: ReaderPane) -> None:
    doc = make_doc()
    reader.show_document(doc, None)
    reader.set_hits({"body": [span(doc.body, "forum"), span(doc.body, "forum", 1)]})
    assert reader.hit_status() == "2 hits"
    reader.next_hit()
    assert reader.hit_status() == "1 of 2"
    reader.set_hits({})
    assert reader.hit_status() == "" and reader.hit_count() == 0
