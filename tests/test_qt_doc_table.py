"""The document list model: Qt model contract, lazy rows, sorting, 50,000 documents."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from viewer.qt.doc_table import (
    COL_DATE,
    COL_PEOPLE,
    COL_STAR,
    COL_TITLE,
    DOC_ID_ROLE,
    SNIPPET_ROLE,
    DocumentTable,
    DocumentTableModel,
    Snippet,
)

# The offscreen platform cannot resize to size hints, raise windows or grab the keyboard
# (popups such as the history completer ask for both); those warnings say nothing about us.
pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard")


@dataclass(frozen=True)
class FakeSummary:
    id: str
    title: str
    publisher: str | None
    date: str | None
    date_inferred: bool
    people_count: int
    source_name: str


def summaries(n: int, seed: int = 7) -> list[FakeSummary]:
    rng = random.Random(seed)
    pubs = ["Ministry of Unification", "Ministry of Foreign Affairs", None]
    out = []
    for i in range(n):
        year = 2000 + rng.randrange(25)
        date = None if i % 97 == 0 else f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        out.append(FakeSummary(f"id{i:06d}", f"Release {rng.randrange(10**6):06d} on talks",
                               pubs[i % 3], date, i % 11 == 0, rng.randrange(12), f"f{i}.txt"))
    return out


def test_model_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DocumentTableModel()
    model.set_summaries(summaries(60))
    model.set_results([f"id{i:06d}" for i in range(0, 60, 3)],
                      {"id000003": Snippet("talks about forum", ((12, 17),))})
    model.set_starred({"id000003"})
    qtmodeltester.check(model)


def test_newest_first_and_sort_by_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = DocumentTableModel()
    items = summaries(200)
    model.set_summaries(items)
    dates = [model.summary(model.doc_id(r)).date or "" for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    model.sort(COL_PEOPLE, Qt.SortOrder.DescendingOrder)
    people = [int(model.index(r, COL_PEOPLE).data()) for r in range(model.rowCount())]
    assert people == sorted(people, reverse=True)
    model.sort(-1)  # indicator cleared: back to the given order
    assert [model.doc_id(r) for r in range(5)] == [model.ids()[r] for r in range(5)]


def test_results_keep_relevance_order_and_snippets() -> None:
    model = DocumentTableModel()
    model.set_summaries(summaries(30))
    model.set_results(["id000009", "id000002", "nope", "id000020"],
                      {"id000002": Snippet("a forum", ((2, 7),))})
    assert model.ids() == ["id000009", "id000002", "id000020"]
    assert model.index(1, COL_TITLE).data(SNIPPET_ROLE) == ("a forum", [(2, 7)])
    assert model.index(0, COL_TITLE).data(SNIPPET_ROLE) is None
    assert model.index(1, COL_TITLE).data(DOC_ID_ROLE) == "id000002"
    assert "a forum" in model.index(1, COL_DATE).data(Qt.ItemDataRole.ToolTipRole)


def test_starred_column_and_filter() -> None:
    model = DocumentTableModel()
    model.set_summaries(summaries(20))
    model.set_starred({"id000004", "id000007"})
    row = model.row_of("id000004")
    assert row is not None and model.index(row, COL_STAR).data() == "★"
    model.set_starred_only(True)
    assert sorted(model.ids()) == ["id000004", "id000007"]
    model.set_starred({"id000004"})
    assert model.ids() == ["id000004"]
    model.set_starred_only(False)
    assert model.rowCount() == 20


def test_inferred_dates_are_marked() -> None:
    model = DocumentTableModel()
    model.set_summaries(summaries(12))
    row = model.row_of("id000011")
    assert row is not None
    assert str(model.index(row, COL_DATE).data()).startswith("~")
    assert model.index(row, COL_DATE).data(Qt.ItemDataRole.FontRole).italic()


def test_sort_keeps_the_selection_on_its_document(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = DocumentTable()
    qtbot.addWidget(view)
    model = DocumentTableModel(view)  # owned by the view: deleted after it
    view.setModel(model)
    model.set_summaries(summaries(300))
    assert view.select_doc("id000123")
    view.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert view.current_doc_id() == "id000123"
    view.sortByColumn(COL_PEOPLE, Qt.SortOrder.DescendingOrder)
    assert view.current_doc_id() == "id000123"


def test_j_k_and_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = DocumentTable()
    qtbot.addWidget(view)
    model = DocumentTableModel(view)  # owned by the view: deleted after it
    view.setModel(model)
    model.set_summaries(summaries(10))
    view.show()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.currentIndex().row() == 0
    with qtbot.waitSignal(view.open_requested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert sig.args == [model.doc_id(0)]


def test_fifty_thousand_documents_are_fast(qtbot) -> None:  # type: ignore[no-untyped-def]
    items = summaries(50_000)
    view = DocumentTable()
    qtbot.addWidget(view)
    view.resize(900, 600)
    started = time.perf_counter()
    model = DocumentTableModel(view)
    view.setModel(model)
    model.set_summaries(items)
    view.show()
    qtbot.waitExposed(view)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    view.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    view.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
    sorted_s = time.perf_counter() - started
    started = time.perf_counter()
    model.set_results([s.id for s in items[::2]])
    filtered = time.perf_counter() - started
    assert model.rowCount() == 25_000
    assert loaded < 1.0, loaded
    assert sorted_s < 1.0, sorted_s
    assert filtered < 0.5, filtered
    # Rows are built lazily: only what was painted or asked for is cached.
    assert len(model._cache) < 500


def test_tooltips_show_markup_literally() -> None:
    model = DocumentTableModel()
    model.set_summaries([FakeSummary("x", "<img src=x> <b>Talks</b>", "A & B", "2024-01-01", False, 0,
                                     "x.txt")])
    tip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=x&gt; &lt;b&gt;Talks&lt;/b&gt;" in tip
    assert "<b>" not in tip
