"""The real window over a 50,000-release archive (catalog and index are test doubles)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from viewer.documents import Document, join_blocks
from viewer.entities import Extraction
from viewer.paths import DataPaths
from viewer.qt.doc_table import COL_PEOPLE, COL_TITLE
from viewer.qt.main_window import MainWindow
from viewer.qt.settings import WindowSettings
from viewer.qt.theme import ThemeManager
from viewer.userdata import UserStore

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard")

N = 50_000


@dataclass(frozen=True)
class Summary:
    id: str
    title: str
    publisher: str | None
    date: str | None
    date_inferred: bool
    people: tuple[str, ...]
    source_name: str

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


class BigLibrary:
    def __init__(self) -> None:
        self.items = [Summary(f"d{i:05d}", f"Release {i * 7919 % N:05d} on talks", "Ministry of Unification",
                              f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}", False,
                              ("Kim",) * (i % 5), f"{i}.txt") for i in range(N)]

    def summaries(self, doc_ids: Sequence[str] | None = None) -> list[Summary]:
        # Like Library.summaries: every row, or only the rows asked for (corrections).
        if doc_ids is None:
            return list(self.items)
        wanted = set(doc_ids)
        return [s for s in self.items if s.id in wanted]

    def document(self, doc_id: str) -> Document:
        body, blocks = join_blocks([(f"Body of {doc_id}: the talks went well.", "paragraph", "", 0)])
        return Document(doc_id, f"{doc_id}.txt", "", "txt", f"Title {doc_id}", body, blocks)

    def extraction(self, doc_id: str) -> Extraction:
        return Extraction()


@dataclass
class Hit:
    doc_id: str
    snippet: str = ""
    snippet_marks: tuple[tuple[int, int], ...] = ()


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    corrected: str | None = None
    notice: str | None = None
    partial: bool = False
    elapsed_ms: float = 1.0


@dataclass
class Synced:
    total: int = N
    errors: list[str] = field(default_factory=list)
    message: str | None = None


class BigIndex:
    def __init__(self, library: BigLibrary) -> None:
        self.ids = [s.id for s in library.items]

    def sync(self, source: Any, progress: Any = None, cancelled: Any = None) -> Synced:
        return Synced()

    def search(self, query: str, **_kw: Any) -> Results:
        ids = self.ids if query in ("", "*") else self.ids[::2]
        return Results(len(ids), [Hit(i) for i in ids], {"year": [("2024", 2000)]})

    def match_ranges(self, query: str, text: str) -> list[tuple[int, int]]:
        return []


@dataclass
class BigServices:
    paths: DataPaths
    userdata: UserStore
    library: BigLibrary
    index: BigIndex

    def close(self) -> None:
        self.userdata.close()


@pytest.fixture
def big_window(qtbot, qapp, tmp_path: Path) -> Iterator[tuple[MainWindow, float]]:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "data").ensure()
    library = BigLibrary()
    services = BigServices(paths, UserStore.open(paths), library, BigIndex(library))
    started = time.perf_counter()
    window = MainWindow(services, WindowSettings(tmp_path / "gui.ini"), ThemeManager(qapp, "light"))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    shown = time.perf_counter() - started
    yield window, shown
    window.close()
    services.close()


def test_fifty_thousand_releases_stay_responsive(qtbot, big_window: tuple[MainWindow, float]) -> None:  # type: ignore[no-untyped-def]
    window, shown = big_window
    assert window.model.rowCount() == N
    assert shown < 1.5, f"window with {N} releases took {shown:.2f} s"
    started = time.perf_counter()
    window.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    window.table.sortByColumn(COL_PEOPLE, Qt.SortOrder.DescendingOrder)
    sorted_s = (time.perf_counter() - started) / 2
    assert sorted_s < 1.0, f"sorting {N} rows took {sorted_s:.2f} s"
    window.table.select_doc("d00042")
    started = time.perf_counter()
    with qtbot.waitSignal(window.search_finished, timeout=10_000):
        window.search_bar.set_query("talks")
    applied = time.perf_counter() - started
    assert window.model.rowCount() == N // 2
    assert window.table.current_doc_id() == "d00042"  # kept: it is in the new result
    assert applied < 1.0, f"applying a {N // 2}-release result took {applied:.2f} s"
    print(f"shown {shown * 1000:.0f} ms, sort {sorted_s * 1000:.0f} ms, "
          f"search applied {applied * 1000:.0f} ms")
