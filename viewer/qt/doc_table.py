"""The document list: an id-backed table model, its snippet delegate and the view.

The model holds only document ids in display order plus the summaries it was given;
a row's display values are built the first time the row is painted and cached, so a
50,000-document archive costs one list of ids, not 250,000 ``QStandardItem`` objects.
Sorting sorts the id list with precomputed keys (a proxy's per-comparison ``data()``
calls would be far too slow in Python). Search results replace the id list; snippets
ride along and the delegate paints their marked words under the title.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from viewer.qt.plain import tooltip
from viewer.qt.short_names import short_publisher
from viewer.qt.wrap import draw_item_background

ModelIndex = QModelIndex | QPersistentModelIndex

DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2  # (text, [(start, end), ...]) or None
# The smaller second line of a cell: under the date the short publisher (so the publisher
# is visible without a column of its own at laptop widths), under the title the snippet
# while searching (without one the title itself takes both lines).
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS: tuple[str, ...] = ("Date", "Publisher", "Title", "People", "★")
COL_DATE, COL_PUBLISHER, COL_TITLE, COL_PEOPLE, COL_STAR = range(5)


class SummaryLike(Protocol):
    """What the list needs of a document summary (``viewer.library.DocSummary``)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def date_inferred(self) -> bool: ...
    @property
    def people_count(self) -> int: ...
    @property
    def source_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Row:
    date: str
    publisher: str
    publisher_short: str
    title: str
    people: int
    tooltip: str


def _newest_first(summaries: Iterable[SummaryLike]) -> list[str]:
    # Undated releases go last; ties keep a stable title order.
    items = sorted(summaries, key=lambda s: s.title.casefold())
    items.sort(key=lambda s: s.date or "", reverse=True)
    return [s.id for s in items]


class DocumentTableModel(QAbstractTableModel):
    """Rows are document ids; see the module docstring.

    Signals:
        order_changed(): the visible ids were replaced or re-sorted.
    """

    order_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summaries: dict[str, SummaryLike] = {}
        self._base_order: list[str] = []  # ids in the order given (newest first or relevance)
        self._ids: list[str] = []
        self._row_of: dict[str, int] | None = None
        self._cache: dict[str, _Row] = {}
        self._starred: frozenset[str] = frozenset()
        self._snippets: dict[str, Snippet] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._starred_only = False
        self._visible_ids: frozenset[str] | None = None

    # -- content -----------------------------------------------------------------

    def set_summaries(self, summaries: Sequence[SummaryLike]) -> None:
        """Load the whole archive (start-up, after an import); shows every document."""
        self.beginResetModel()
        self._summaries = {s.id: s for s in summaries}
        self._cache.clear()
        self._snippets = {}
        self._base_order = _newest_first(self._summaries.values())
        self._ids = self._sorted(self._base_order)
        self._row_of = None
        self.endResetModel()
        self.order_changed.emit()

    def update_summaries(self, summaries: Sequence[SummaryLike]) -> None:
        """New catalog contents (after an import) without changing what is shown; the
        search that follows decides which of the new releases appear."""
        self.beginResetModel()
        self._summaries = {s.id: s for s in summaries}
        self._cache.clear()
        self._base_order = [i for i in self._base_order if i in self._summaries]
        self._ids = self._sorted(self._base_order)
        self._row_of = None
        self.endResetModel()
        self.order_changed.emit()

    def set_results(self, ids: Sequence[str], snippets: dict[str, Snippet] | None = None) -> None:
        """Show only ``ids`` (a search result, in relevance order) with their snippets."""
        self.beginResetModel()
        self._base_order = [i for i in ids if i in self._summaries]
        self._snippets = dict(snippets or {})
        self._ids = self._sorted(self._base_order)
        self._row_of = None
        self.endResetModel()
        self.order_changed.emit()

    def show_all(self) -> None:
        self.set_results(_newest_first(self._summaries.values()))

    def set_starred_only(self, on: bool) -> None:
        """The cheap in-memory filter: only starred releases."""
        if on == self._starred_only:
            return
        self._starred_only = on
        self._refilter()

    def starred_only(self) -> bool:
        return self._starred_only

    def set_visible_ids(self, ids: Iterable[str] | None) -> None:
        """Another in-memory filter (annotated, read state…): only these ids; None shows all."""
        new = frozenset(ids) if ids is not None else None
        if new == self._visible_ids:
            return
        self._visible_ids = new
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._ids = self._sorted(self._base_order)
        self._row_of = None
        self.endResetModel()
        self.order_changed.emit()

    def set_starred(self, starred: Iterable[str]) -> None:
        new = frozenset(starred)
        changed = new ^ self._starred
        self._starred = new
        if self._starred_only and changed:
            self._refilter()
            return
        for doc_id in changed:
            row = self.row_of(doc_id)
            if row is not None:
                ix = self.index(row, COL_STAR)
                self.dataChanged.emit(ix, ix)

    def is_starred(self, doc_id: str) -> bool:
        return doc_id in self._starred

    def summary(self, doc_id: str) -> SummaryLike | None:
        return self._summaries.get(doc_id)

    def total(self) -> int:
        return len(self._summaries)

    def has_snippets(self) -> bool:
        return bool(self._snippets)

    def doc_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def ids(self) -> list[str]:
        return list(self._ids)

    def all_ids(self) -> list[str]:
        """Every release in the archive, shown or not."""
        return list(self._summaries)

    def row_of(self, doc_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {d: r for r, d in enumerate(self._ids)}
        return self._row_of.get(doc_id)

    # -- sorting -----------------------------------------------------------------

    def _sort_key(self, column: int) -> Any:
        summaries = self._summaries
        if column == COL_DATE:
            return lambda d: summaries[d].date or ""
        if column == COL_PUBLISHER:
            return lambda d: (summaries[d].publisher or "").casefold()
        if column == COL_TITLE:
            return lambda d: summaries[d].title.casefold()
        if column == COL_PEOPLE:
            return lambda d: summaries[d].people_count
        starred = self._starred
        return lambda d: d in starred

    def _sorted(self, ids: list[str]) -> list[str]:
        if self._starred_only:
            ids = [i for i in ids if i in self._starred]
        if self._visible_ids is not None:
            ids = [i for i in ids if i in self._visible_ids]
        if self._sort_column < 0:
            return list(ids)
        return sorted(ids, key=self._sort_key(self._sort_column),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # column -1 (indicator cleared) restores the given order: relevance for a search.
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._sort_column = column if 0 <= column < len(COLUMNS) else -1
        self._sort_order = order
        self._ids = self._sorted(self._base_order)
        self._row_of = None
        # Persistent indexes (the selection, the current row) follow their documents.
        new_row = {d: r for r, d in enumerate(self._ids)}
        self._row_of = new_row
        old_list = self.persistentIndexList()
        new_list = []
        for ix in old_list:
            doc = old_ids[ix.row()] if ix.row() < len(old_ids) else None
            row = new_row.get(doc) if doc is not None else None
            new_list.append(self.index(row, ix.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old_list, new_list)
        self.layoutChanged.emit()
        self.order_changed.emit()

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_STAR:
            return "Starred (bookmarked) releases"
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_DATE:
            return ("Date, with the publisher under it (~ marks a date inferred from the text).\n"
                    "Right-click the header for a Publisher column to sort by.")
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_PEOPLE:
            return "Number of people named in the release"
        return None

    def _row(self, doc_id: str) -> _Row:
        row = self._cache.get(doc_id)
        if row is None:
            s = self._summaries[doc_id]
            date = s.date or ""
            if date and s.date_inferred:
                date = f"~{date}"
            tip = s.title
            if s.publisher:
                tip += f"\n{s.publisher}"
            if s.date_inferred and s.date:
                tip += f"\nDate {s.date} is inferred from the text"
            tip += f"\n{s.source_name}"
            # A release without a usable title is still findable in the list by its file.
            title = s.title or f"Untitled ({s.source_name})"
            row = _Row(date, s.publisher or "", short_publisher(s.publisher), title, s.people_count, tip)
            self._cache[doc_id] = row
        return row

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        doc_id = self._ids[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._row(doc_id)
            if col == COL_DATE:
                return row.date
            if col == COL_PUBLISHER:
                return row.publisher
            if col == COL_TITLE:
                return row.title
            if col == COL_PEOPLE:
                return str(row.people)
            return "★" if doc_id in self._starred else ""
        if role == DOC_ID_ROLE:
            return doc_id
        if role == SNIPPET_ROLE:
            snippet = self._snippets.get(doc_id) if col == COL_TITLE else None
            return (snippet.text, list(snippet.marks)) if snippet else None
        if role == SECOND_LINE_ROLE:
            if col == COL_DATE:
                short = self._row(doc_id).publisher_short
                return (short, []) if short else None
            if col != COL_TITLE:
                return None
            snippet = self._snippets.get(doc_id)
            return (snippet.text, list(snippet.marks)) if snippet else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_STAR:
                return "Starred — click to unstar" if doc_id in self._starred else "Click to star"
            if col == COL_PUBLISHER:
                return tooltip(self._row(doc_id).publisher) or None
            tip = self._row(doc_id).tooltip
            snippet = self._snippets.get(doc_id)
            return tooltip(f"{tip}\n\n{snippet.text}" if snippet else tip)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_PEOPLE, COL_STAR):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == COL_DATE and self._summaries[doc_id].date_inferred:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Paints the title and, under it, the search snippet with its marked words.

    Snippet text is drawn as plain runs with ``drawText``: it comes from imported files and
    must never be interpreted as HTML.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark_background = QColor("#ffe066")
        self.mark_foreground = QColor("#1a1a1a")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        snippet = index.data(SECOND_LINE_ROLE)
        if not snippet and index.column() != COL_TITLE:
            super().paint(painter, option, index)
            return
        opt, title = draw_item_background(self, painter, option, index)
        rect = opt.rect.adjusted(4, 2, -4, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active \
            else QPalette.ColorGroup.Inactive
        text_color = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                       else QPalette.ColorRole.Text)
        painter.save()
        fm = QFontMetrics(opt.font)
        line_h = fm.height()
        painter.setFont(opt.font)
        painter.setPen(text_color)
        if not snippet:
            # Browsing: the title gets both lines, so most titles are read whole.
            for i, line in enumerate(_two_lines(title, fm, rect.width())):
                painter.drawText(QRect(rect.left(), rect.top() + i * (line_h + 1), rect.width(), line_h),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
            painter.restore()
            return
        title_rect = QRect(rect.left(), rect.top(), rect.width(), line_h)
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.92))
        painter.setFont(small)
        text, marks = snippet
        dim = QColor(text_color)
        if not selected:
            dim.setAlpha(190)
        self._paint_marked_line(painter, QRect(rect.left(), rect.top() + line_h + 1, rect.width(),
                                               QFontMetrics(small).height()),
                                text, marks, dim)
        painter.restore()

    def _paint_marked_line(self, painter: QPainter, rect: QRect, text: str,
                           marks: list[tuple[int, int]], color: QColor) -> None:
        fm = painter.fontMetrics()
        text = " ".join(text.split())  # a snippet may span lines; the list shows one
        runs: list[tuple[str, bool]] = []
        pos = 0
        flat = _remap_marks(text, marks)
        for start, end in flat:
            if start > pos:
                runs.append((text[pos:start], False))
            runs.append((text[start:end], True))
            pos = end
        if pos < len(text):
            runs.append((text[pos:], False))
        x = rect.left()
        right = rect.right()
        ellipsis_w = fm.horizontalAdvance("…")
        for chunk, marked in runs:
            width = fm.horizontalAdvance(chunk)
            if x + width > right:
                chunk = fm.elidedText(chunk, Qt.TextElideMode.ElideRight, max(0, right - x))
                width = fm.horizontalAdvance(chunk)
                if not chunk:
                    if x + ellipsis_w <= right:
                        painter.setPen(color)
                        painter.drawText(QRect(x, rect.top(), ellipsis_w, rect.height()),
                                         int(Qt.AlignmentFlag.AlignVCenter), "…")
                    break
            box = QRect(x, rect.top(), width, rect.height())
            if marked:
                painter.fillRect(box, self.mark_background)
                painter.setPen(self.mark_foreground)
            else:
                painter.setPen(color)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), chunk)
            x += width
            if x >= right:
                break

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(QFontMetrics(option.font).height() * 2 + 6)
        return size


def _two_lines(text: str, fm: QFontMetrics, width: int) -> list[str]:
    """``text`` broken at a space to fill one line, the rest elided on a second."""
    text = " ".join(text.split())
    if width <= 0 or fm.horizontalAdvance(text) <= width:
        return [text]
    cut = 0
    for i, ch in enumerate(text):
        if ch == " ":
            if fm.horizontalAdvance(text[:i]) > width:
                break
            cut = i
    if cut == 0:  # one long word: no good break, elide it
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    return [text[:cut], fm.elidedText(text[cut + 1:], Qt.TextElideMode.ElideRight, width)]


def _remap_marks(text: str, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clamp, sort and de-overlap mark ranges (whitespace folding keeps lengths for
    single-space text; marks past the end are dropped rather than drawn wrongly)."""
    out: list[tuple[int, int]] = []
    last = 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in marks):
        start = max(start, last)
        if end > start:
            out.append((start, end))
            last = end
    return out


class DocumentTable(QTableView):
    """The list view: j/k move, Enter opens, a click on the star column toggles it.

    Signals:
        open_requested(str): the user pressed Enter or double-clicked a row.
        star_toggled(str): the star cell of a row was clicked.
    """

    open_requested = Signal(str)
    star_toggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSortIndicatorClearable(True)  # third click returns to relevance order
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._placeholder = ""
        self._delegate = SnippetDelegate(self)
        self.setItemDelegateForColumn(COL_TITLE, self._delegate)
        self.setItemDelegateForColumn(COL_DATE, self._delegate)
        self.doubleClicked.connect(self._on_double_clicked)
        self.clicked.connect(self._on_clicked)

    @property
    def snippet_delegate(self) -> SnippetDelegate:
        return self._delegate

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # The short publisher is shown under each date; the column (full names) is there for
        # sorting by it and for wide windows.
        header.setSectionHidden(COL_PUBLISHER, True)
        fm = self.fontMetrics()
        self.setColumnWidth(COL_DATE, fm.horizontalAdvance("~0000-00-00") + 12)
        self.setColumnWidth(COL_PUBLISHER, fm.horizontalAdvance("Ministry of U") + 16)
        self.setColumnWidth(COL_PEOPLE, fm.horizontalAdvance("People") + 14)
        self.setColumnWidth(COL_STAR, fm.horizontalAdvance("★") + 24)
        if isinstance(model, DocumentTableModel):
            model.modelReset.connect(self._fit_rows)
        self._fit_rows()

    def _fit_rows(self) -> None:
        # Uniform heights (no per-row resize: that would touch all 50,000 rows).
        line = self.fontMetrics().height()
        self.verticalHeader().setDefaultSectionSize(line * 2 + 10)

    def _header_menu(self, pos: QPoint) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        for col, name in enumerate(COLUMNS):
            if col == COL_TITLE:
                continue
            action = menu.addAction(name if col != COL_STAR else "★ Starred")
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(col))
            action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    def set_placeholder(self, text: str) -> None:
        """What an empty list says instead of nothing (no match, empty archive)."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                       | Qt.TextFlag.TextWordWrap), self._placeholder)
            painter.end()

    def current_doc_id(self) -> str | None:
        ix = self.currentIndex()
        return ix.data(DOC_ID_ROLE) if ix.isValid() else None

    def select_doc(self, doc_id: str | None, scroll: bool = True) -> bool:
        model = self.model()
        if not isinstance(model, DocumentTableModel) or doc_id is None:
            return False
        row = model.row_of(doc_id)
        if row is None:
            self.clearSelection()
            return False
        ix = model.index(row, COL_TITLE)
        self.selectionModel().setCurrentIndex(
            ix, self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows)
        if scroll:
            self.scrollTo(ix, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and key in (Qt.Key.Key_J, Qt.Key.Key_K):
            self._step(1 if key == Qt.Key.Key_J else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            doc_id = self.current_doc_id()
            if doc_id:
                self.open_requested.emit(doc_id)
            return
        super().keyPressEvent(event)

    def _step(self, delta: int) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = self.currentIndex().row()
        row = 0 if row < 0 else max(0, min(model.rowCount() - 1, row + delta))
        ix = model.index(row, COL_TITLE)
        self.selectionModel().setCurrentIndex(
            ix, self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows)
        self.scrollTo(ix)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        doc_id = index.data(DOC_ID_ROLE)
        if doc_id and index.column() != COL_STAR:
            self.open_requested.emit(doc_id)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_STAR:
            doc_id = index.data(DOC_ID_ROLE)
            if doc_id:
                self.star_toggled.emit(doc_id)
