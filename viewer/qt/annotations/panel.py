"""The Annotations dock: every highlight and note across the archive, searchable and filtered.

Filters (text, tag, colour, 'this release only') become one id query in the store; the list
paints each row itself — swatch, release title and date, the quote, the note and the tags —
always as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.qt.annotations.colors import LABELS, swatch_color, swatch_icon
from viewer.qt.annotations.models import (
    ANNOTATION_ROLE,
    DATE_ROLE,
    DETACHED_ROLE,
    TITLE_ROLE,
    AnnotationListModel,
    DetachedIds,
    DocInfo,
)
from viewer.qt.wrap import wrap_lines
from viewer.userdata import COLORS, Annotation, UserStore

ModelIndex = QModelIndex | QPersistentModelIndex
FILTER_DELAY_MS = 150  # typing in the box waits this long before asking the store
_PAD = 6
_SWATCH_W = 5


def quote_line_budget(has_note: bool, has_tags: bool) -> int:
    """Lines of a row under its title left for the quote (of three)."""
    return 3 - int(has_note) - int(has_tags)


class AnnotationDelegate(QStyledItemDelegate):
    """Four plain-text lines per row: title · date, then the quote wrapped over the lines
    the note and the tags (and 'detached') leave free. Rows keep one height so that 10,000
    of them lay out lazily; the quote — the words the analyst marked — gets the room."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        italic = QFont(option.font)
        italic.setItalic(True)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.9))
        return bold, italic, small

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, line * 4 + _PAD * 2 + 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        a: Annotation | None = index.data(ANNOTATION_ROLE)
        if a is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = QColor(text_color)
        dim.setAlphaF(0.68)
        r = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        painter.fillRect(QRect(r.left(), r.top(), _SWATCH_W, r.height()), swatch_color(a.color))
        r.setLeft(r.left() + _SWATCH_W + _PAD)
        bold, italic, small = self._fonts(option)
        line = QFontMetrics(option.font).height()

        date = index.data(DATE_ROLE) or ""
        painter.setFont(small)
        date_w = QFontMetrics(small).horizontalAdvance(date) + (8 if date else 0)
        painter.setPen(dim)
        painter.drawText(QRect(r.right() - date_w, r.top(), date_w, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, date)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = QFontMetrics(bold).elidedText(index.data(TITLE_ROLE) or "", Qt.TextElideMode.ElideRight,
                                              r.width() - date_w)
        painter.drawText(QRect(r.left(), r.top(), r.width() - date_w, line), Qt.AlignmentFlag.AlignVCenter,
                         title)

        note = " ".join(a.note.split())
        bits = []
        if index.data(DETACHED_ROLE):
            bits.append("⚠ detached")
        bits.extend(f"#{t}" for t in a.tags)
        quote_lines = quote_line_budget(bool(note), bool(bits))
        painter.setFont(italic)
        quote = " ".join(a.quote.split())
        for i, text in enumerate(wrap_lines(f"“{quote}”", italic, r.width(), quote_lines)):
            painter.drawText(QRect(r.left(), r.top() + (1 + i) * line, r.width(), line),
                             Qt.AlignmentFlag.AlignVCenter, text)
        row = 1 + quote_lines

        painter.setFont(option.font)
        if note:
            note = QFontMetrics(option.font).elidedText(note, Qt.TextElideMode.ElideRight, r.width())
            painter.drawText(QRect(r.left(), r.top() + row * line, r.width(), line),
                             Qt.AlignmentFlag.AlignVCenter, note)
            row += 1

        if bits:
            painter.setFont(small)
            tags = QFontMetrics(small).elidedText("  ".join(bits), Qt.TextElideMode.ElideRight, r.width())
            painter.setPen(dim)
            painter.drawText(QRect(r.left(), r.top() + row * line, r.width(), line),
                             Qt.AlignmentFlag.AlignVCenter, tags)
        painter.restore()


class LazyComboBox(QComboBox):
    """Fills its list when opened: counting every tag at 10,000 annotations is not free,
    and the list is rarely looked at compared with how often annotations change."""

    def __init__(self, fill: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self.stale = True

    def showPopup(self) -> None:
        if self.stale:
            self._fill()
        super().showPopup()


class AnnotationsPanel(QWidget):
    """Signals:
    open_requested(str): show this annotation in the reader (by id).
    edit_requested(str), delete_requested(str): from the row menu.
    """

    open_requested = Signal(str)
    edit_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, store: UserStore, doc_info: DocInfo, detached_ids: DetachedIds,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self._store = store
        self._current_doc: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.reload)

        self.search = QLineEdit(self)
        self.search.setObjectName("annotationSearch")
        self.search.setPlaceholderText("Search quotes and notes")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.tag_combo = LazyComboBox(self.refresh_tags, self)
        self.tag_combo.setObjectName("annotationTagFilter")
        self.tag_combo.setToolTip("Only highlights with this tag")
        self.tag_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Short minimums: this panel shares the side dock's width (~240 px on a laptop).
        self.tag_combo.setMinimumContentsLength(3)
        self.color_combo = QComboBox(self)
        self.color_combo.setObjectName("annotationColorFilter")
        self.color_combo.setToolTip("Only highlights of this colour")
        self.color_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.color_combo.setMinimumContentsLength(4)
        self.color_combo.addItem("Colour", None)
        for c in COLORS:
            self.color_combo.addItem(swatch_icon(c), LABELS[c], c)
        self.this_doc = QToolButton(self)
        self.this_doc.setObjectName("annotationThisDoc")
        self.this_doc.setText("This release")
        self.this_doc.setCheckable(True)
        self.this_doc.setToolTip("Only the highlights of the open release")
        for w in (self.tag_combo, self.color_combo):
            w.activated.connect(lambda _i: self.reload())
        self.this_doc.toggled.connect(lambda _on: self.reload())

        self.model = AnnotationListModel(store, doc_info, detached_ids, self)
        # A tree view with uniform rows lays out only what is visible; a QListView would
        # walk all 10,000 rows on every filter change.
        self.view = QTreeView(self)
        self.view.setObjectName("annotationList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(AnnotationDelegate(self.view))
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("annotationCount")

        # Two short rows rather than one long one: the panel must fit a laptop's side dock.
        search_row = QHBoxLayout()
        search_row.setSpacing(4)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.this_doc)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.tag_combo, 1)
        filters.addWidget(self.color_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.tag_combo.addItem("Tag", None)

    # -- filters -------------------------------------------------------------------------------

    def filters(self) -> dict[str, str | None]:
        return {
            "text": self.search.text().strip() or None,
            "tag": self.tag_combo.currentData(),
            "color": self.color_combo.currentData(),
            "doc_id": self._current_doc if self.this_doc.isChecked() else None,
        }

    def set_current_doc(self, doc_id: str | None) -> None:
        self._current_doc = doc_id
        if self.this_doc.isChecked():
            self.reload()

    def set_filter(self, *, text: str | None = None, tag: str | None = None, color: str | None = None,
                   this_doc: bool | None = None) -> None:
        """Set filters from code (tests, 'show notes with this tag') and reload at once."""
        if text is not None:
            self.search.blockSignals(True)
            self.search.setText(text)
            self.search.blockSignals(False)
        if tag is not None:
            if tag and self.tag_combo.findData(tag) < 0:
                self.refresh_tags()
            i = self.tag_combo.findData(tag or None)
            self.tag_combo.setCurrentIndex(max(0, i))
        if color is not None:
            self.color_combo.setCurrentIndex(max(0, self.color_combo.findData(color or None)))
        if this_doc is not None:
            self.this_doc.blockSignals(True)
            self.this_doc.setChecked(this_doc)
            self.this_doc.blockSignals(False)
        self.reload()

    def tags_changed(self) -> None:
        """The tag list is re-read the next time it is opened."""
        self.tag_combo.stale = True

    def refresh_tags(self) -> None:
        self.tag_combo.stale = False
        chosen = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("Tag", None)
        for tag, n in self._store.all_tags():
            self.tag_combo.addItem(f"{tag}  ({n:,})", tag)
        if chosen is not None and self.tag_combo.findData(chosen) < 0:
            self.tag_combo.addItem(f"{chosen}  (0)", chosen)  # a filter never silently disappears
        i = self.tag_combo.findData(chosen) if chosen is not None else 0
        self.tag_combo.setCurrentIndex(max(0, i))
        self.tag_combo.blockSignals(False)

    def reload(self) -> None:
        """Run the filters again (also after any change to the annotations)."""
        self._timer.stop()
        f = self.filters()
        ids = self._store.annotation_ids(f["text"], f["tag"], f["color"], f["doc_id"])
        self.model.set_ids(ids)
        n = len(ids)
        filtered = any(v for v in f.values())
        self.count_label.setText(f"{n:,} highlight{'s' if n != 1 else ''}{' (filtered)' if filtered else ''}")

    # -- rows ------------------------------------------------------------------------------------

    def _id_at(self, index: QModelIndex) -> str | None:
        a: Annotation | None = index.data(ANNOTATION_ROLE) if index.isValid() else None
        return a.id if a is not None else None

    def _activated(self, index: QModelIndex) -> None:
        annotation_id = self._id_at(index)
        if annotation_id:
            self.open_requested.emit(annotation_id)

    def _menu(self, pos: QPoint) -> None:
        annotation_id = self._id_at(self.view.indexAt(pos))
        if not annotation_id:
            return
        menu = QMenu(self)
        menu.addAction("Show in the release", lambda: self.open_requested.emit(annotation_id))
        menu.addAction("Edit note, colour and tags…", lambda: self.edit_requested.emit(annotation_id))
        menu.addSeparator()
        menu.addAction("Delete highlight", lambda: self.delete_requested.emit(annotation_id))
        menu.popup(self.view.viewport().mapToGlobal(pos))
        self._menu_ref: Any = menu
