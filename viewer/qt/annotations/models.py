"""The Annotations panel's list model: annotation ids in order, rows loaded a page at a time.

A filter asks the store for ids only (a few milliseconds at 10,000 annotations); the
annotations themselves are read in pages of :data:`PAGE` when a row is first painted, so
opening the panel or changing a filter costs one id query plus one page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.userdata import Annotation, UserStore

ModelIndex = QModelIndex | QPersistentModelIndex
PAGE = 200

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Annotation
DETACHED_ROLE = Qt.ItemDataRole.UserRole + 2  # bool: its text is no longer in the release
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3  # the release title (or its id if it is gone)
DATE_ROLE = Qt.ItemDataRole.UserRole + 4  # the release date, '' if unknown

DocInfo = Callable[[str], tuple[str, str] | None]  # doc id -> (title, date), None if not in the archive
DetachedIds = Callable[[str], frozenset[str]]  # doc id -> ids of its detached annotations


def plain_tooltip(*parts: str) -> str:
    """Rich-text tooltip whose every part is escaped: a note's markup shows as typed, never rendered."""
    body = "<br>".join(html.escape(p).replace("\n", "<br>") for p in parts if p)
    return f"<qt>{body}</qt>" if body else ""


class AnnotationListModel(QAbstractListModel):
    def __init__(self, store: UserStore, doc_info: DocInfo, detached_ids: DetachedIds,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._doc_info = doc_info
        self._detached_ids = detached_ids
        self._ids: list[str] = []
        self._loaded: dict[str, Annotation] = {}
        self._pages: set[int] = set()

    def set_ids(self, ids: Sequence[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._loaded.clear()
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, annotation_id: str) -> int | None:
        try:
            return self._ids.index(annotation_id)
        except ValueError:
            return None

    def forget_rows(self) -> None:
        """Re-read annotations when next painted (after an edit elsewhere)."""
        self._loaded.clear()
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def annotation(self, row: int) -> Annotation | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE
        if page not in self._pages:
            self._pages.add(page)
            for a in self._store.annotations_by_ids(self._ids[page * PAGE:(page + 1) * PAGE]):
                self._loaded[a.id] = a
        return self._loaded.get(self._ids[row])

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.annotation(index.row())
        if a is None:
            return None
        if role == ANNOTATION_ROLE:
            return a
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return a.quote
        if role == DETACHED_ROLE:
            return a.id in self._detached_ids(a.doc_id)
        info = self._doc_info(a.doc_id) if role in (TITLE_ROLE, DATE_ROLE, Qt.ItemDataRole.ToolTipRole) \
            else None
        if role == TITLE_ROLE:
            return info[0] if info else f"{a.doc_id} (no longer in the archive)"
        if role == DATE_ROLE:
            return info[1] if info else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            tags = f"Tags: {', '.join(a.tags)}" if a.tags else ""
            detached = "Detached: this text can no longer be found in the release." \
                if a.id in self._detached_ids(a.doc_id) else ""
            return plain_tooltip(info[0] if info else a.doc_id, f"“{a.quote}”", a.note, tags, detached)
        return None
