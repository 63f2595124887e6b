"""The Bookmarks dock: starred releases and bookmarked places, one click away.

Both lists are short (a person stars and bookmarks by hand), so a plain tree widget is
rebuilt whenever they change. Labels are user text: items show them as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from viewer.qt.annotations.models import DocInfo, plain_tooltip
from viewer.userdata import Bookmark

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # 'doc' or 'place'
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # doc id or bookmark id


class BookmarksPanel(QWidget):
    """Signals:
    open_doc_requested(str): open a starred release.
    open_bookmark_requested(str): go to a bookmarked place (bookmark id).
    unstar_requested(str), remove_bookmark_requested(str): from the item menu.
    """

    open_doc_requested = Signal(str)
    open_bookmark_requested = Signal(str)
    unstar_requested = Signal(str)
    remove_bookmark_requested = Signal(str)

    def __init__(self, doc_info: DocInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarksPanel")
        self._doc_info = doc_info
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("bookmarkTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.starred_root = QTreeWidgetItem(self.tree, ["Starred releases"])
        self.places_root = QTreeWidgetItem(self.tree, ["Bookmarked places"])
        for root in (self.starred_root, self.places_root):
            root.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = root.font(0)
            font.setBold(True)
            root.setFont(0, font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)

    def _title(self, doc_id: str) -> tuple[str, str]:
        info = self._doc_info(doc_id)
        return info if info else (f"{doc_id} (no longer in the archive)", "")

    def set_items(self, starred: Iterable[str], bookmarks: Iterable[Bookmark]) -> None:
        for root in (self.starred_root, self.places_root):
            root.takeChildren()
        rows = sorted((self._title(d), d) for d in starred)
        for (title, date), doc_id in sorted(rows, key=lambda r: r[0][1], reverse=True):
            item = QTreeWidgetItem(self.starred_root, [f"★ {title}"])
            item.setData(0, KIND_ROLE, "doc")
            item.setData(0, ID_ROLE, doc_id)
            item.setToolTip(0, plain_tooltip(title, date))
        for b in bookmarks:
            title, date = self._title(b.doc_id)
            where = b.label or " ".join((b.prefix[-16:] + b.quote).split())
            # The words at the place first: the dock is narrow and titles repeat.
            item = QTreeWidgetItem(self.places_root, [f"“{where}…” — {title}"])
            item.setData(0, KIND_ROLE, "place")
            item.setData(0, ID_ROLE, b.id)
            item.setToolTip(0, plain_tooltip(title, date, f"…{b.prefix}{b.quote}…"))
        self.starred_root.setText(0, f"Starred releases ({self.starred_root.childCount()})")
        self.places_root.setText(0, f"Bookmarked places ({self.places_root.childCount()})")
        self.tree.expandAll()

    def items(self, kind: str) -> list[QTreeWidgetItem]:
        root = self.starred_root if kind == "doc" else self.places_root
        return [item for i in range(root.childCount()) if (item := root.child(i)) is not None]

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind, key = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if kind == "doc":
            self.open_doc_requested.emit(key)
        elif kind == "place":
            self.open_bookmark_requested.emit(key)

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or not item.data(0, KIND_ROLE):
            return
        kind, key = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        menu = QMenu(self)
        if kind == "doc":
            menu.addAction("Open", lambda: self.open_doc_requested.emit(key))
            menu.addAction("Unstar", lambda: self.unstar_requested.emit(key))
        else:
            menu.addAction("Go to this place", lambda: self.open_bookmark_requested.emit(key))
            menu.addAction("Remove bookmark", lambda: self.remove_bookmark_requested.emit(key))
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self._menu_ref: Any = menu
