"""Side panel listing what extraction found in the open release.

Three groups (people with roles, dates with normalized values, commitments with actor and
kind). Clicking an item scrolls the reader to it; a person's second column is a filter
button that narrows the archive to releases naming that person.

A commitment is read, not scanned: its row shows the kind and actor, then the whole
sentence wrapped to the panel's width (up to :data:`COMMITMENT_LINES` lines) instead of a
truncated fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from viewer.entities import Extraction
from viewer.qt.icons import icon
from viewer.qt.plain import tooltip
from viewer.qt.wrap import draw_item_background, wrap_lines

_ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
BODY_ROLE = Qt.ItemDataRole.UserRole + 2  # the wrapped text under a row's heading
# A person's roles are the smaller line under the name (a commitment's heading is the
# smaller line above its sentence).
_DIM_BODY_ROLE = Qt.ItemDataRole.UserRole + 3
# A date row's (normalized value, phrase as written): values in one aligned column, the
# phrase beside it wrapped rather than cut ("November 15, local time" at 1024 px).
_DATE_ROLE = Qt.ItemDataRole.UserRole + 4
_VALUE_SAMPLE = "0000-00-00"
ROLE_LINES = 3
DATE_LINES = 3
COMMITMENT_LINES = 8  # a long clause still reads whole at 240 px; beyond, the tooltip has it
_PAD = 3


class _PanelDelegate(QStyledItemDelegate):
    """Paints rows carrying :data:`BODY_ROLE` (the heading, then the body wrapped) and
    :data:`_DATE_ROLE` (value, then the phrase wrapped beside it)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view
        # A commitment's heading in the colour of its underline in the text (the legend's
        # colour); unset, the palette's dim text.
        self.heading_color: QColor | None = None

    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self._view
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        # Each level is indented, and top-level rows too when the root is decorated; a row
        # spanning the columns also has the filter column's width.
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        width = view.columnWidth(0)
        if view.isFirstColumnSpanned(index.row(), index.parent()):
            width += sum(view.columnWidth(c) for c in range(1, view.columnCount()))
        return width - indent - 2 * _PAD

    @staticmethod
    def _max_lines(index: QModelIndex | QPersistentModelIndex) -> int:
        return ROLE_LINES if index.data(_DIM_BODY_ROLE) else COMMITMENT_LINES

    @staticmethod
    def _value_width(fm: QFontMetrics) -> int:
        return fm.horizontalAdvance(_VALUE_SAMPLE + "   ")

    def _date_lines(self, index: QModelIndex | QPersistentModelIndex, font: QFont,
                    phrase: str) -> list[str]:
        if not phrase:
            return []
        width = self._text_width(index) - self._value_width(QFontMetrics(font))
        return wrap_lines(phrase, font, width, DATE_LINES)

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        body = index.data(BODY_ROLE)
        size = super().sizeHint(option, index)
        date = index.data(_DATE_ROLE)
        if date:
            # One line's height as the style sizes it (the item's own text would be
            # word-wrapped in the narrower column), plus the phrase's further lines.
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = date[0]
            opt.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
            widget = opt.widget
            style = widget.style() if widget is not None else None
            one = (style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), widget)
                   if style is not None else size)
            n = len(self._date_lines(index, option.font, date[1]))
            extra = QFontMetrics(option.font).height() * max(0, n - 1)
            return QSize(size.width(), one.height() + extra)
        if not body:
            return size
        fm = QFontMetrics(option.font)
        n = len(wrap_lines(body, option.font, self._text_width(index), self._max_lines(index)))
        return QSize(size.width(), fm.height() * (n + 1) + 2 * _PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        body = index.data(BODY_ROLE)
        date = index.data(_DATE_ROLE)
        if date:
            self._paint_date(painter, option, index, date[0], date[1])
            return
        if not body:
            super().paint(painter, option, index)
            return
        opt, heading = draw_item_background(self, painter, option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                       else QPalette.ColorRole.Text)
        dim = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                else QPalette.ColorRole.PlaceholderText)
        dim_body = bool(index.data(_DIM_BODY_ROLE))
        rect = opt.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        fm = QFontMetrics(opt.font)
        line_h = fm.height()
        painter.save()
        head_font = QFont(opt.font)
        head_font.setBold(not dim_body)
        painter.setFont(head_font)
        accent = self.heading_color if not selected and not dim_body else None
        painter.setPen(text_color if dim_body else (accent or dim))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line_h), flags,
                         QFontMetrics(head_font).elidedText(heading, Qt.TextElideMode.ElideRight,
                                                            rect.width()))
        painter.setFont(opt.font)
        painter.setPen(dim if dim_body else text_color)
        for i, line in enumerate(wrap_lines(body, opt.font, self._text_width(index), self._max_lines(index))):
            painter.drawText(QRect(rect.left(), rect.top() + (i + 1) * line_h, rect.width(), line_h),
                             flags, line)
        painter.restore()


    def _paint_date(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex, value: str, phrase: str) -> None:
        opt, _text = draw_item_background(self, painter, option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        fm = QFontMetrics(opt.font)
        lines = self._date_lines(index, opt.font, phrase)
        rect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        line_h = fm.height()
        top = rect.top() + (rect.height() - line_h * max(1, len(lines))) // 2
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                         else QPalette.ColorRole.Text))
        painter.drawText(QRect(rect.left(), top, rect.width(), line_h), flags,
                         fm.elidedText(value, Qt.TextElideMode.ElideRight, rect.width()))
        left = rect.left() + self._value_width(fm)
        for i, line in enumerate(lines):
            painter.drawText(QRect(left, top + i * line_h, rect.right() - left, line_h), flags, line)
        painter.restore()


@dataclass(frozen=True, slots=True)
class _Target:
    kind: str  # 'person' | 'date' | 'commitment'
    field: str
    start: int
    end: int
    person: str = ""  # the person's name, for filtering


class EntityPanel(QTreeWidget):
    """Signals:
    reveal_requested(str, int, int): field, start, end of the clicked item.
    person_filter_requested(str): the person's name.
    """

    reveal_requested = Signal(str, int, int)
    person_filter_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setExpandsOnDoubleClick(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 28)
        self._delegate = _PanelDelegate(self)
        self.setItemDelegateForColumn(0, self._delegate)
        self._laid_out_width = -1
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_activated)
        self.customContextMenuRequested.connect(self._context_menu)
        self._groups: dict[str, QTreeWidgetItem] = {}
        # Outside code (corrections) adds its actions to an item's context menu: each is called
        # with the menu and the item's target (``kind``, ``field``, ``start``, ``end``, ``person``).
        self.menu_providers: list[Callable[[QMenu, object], None]] = []
        self.set_extraction(None)

    def set_extraction(self, extraction: Extraction | None) -> None:
        self.clear()
        self._groups = {}
        if extraction is None:
            return
        # Items are filled while detached and added in one call: attached, every setData or
        # setToolTip re-measured the wrapped rows (a release with 100 items took 150 ms).
        self._fill(extraction)
        self.addTopLevelItems(list(self._groups.values()))
        for group in self._groups.values():
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
        # Rows without a filter button take its column too.
        for kind in ("date", "commitment"):
            group = self._groups[kind]
            for i in range(group.childCount()):
                child = group.child(i)
                if child is not None:
                    child.setFirstColumnSpanned(True)
        # Heights measured before the spans were set are for the narrower column.
        self.scheduleDelayedItemsLayout()

    def _fill(self, extraction: Extraction) -> None:
        people = self._group("person", "People", len(extraction.people))
        for person in extraction.people:
            roles = "; ".join(person.roles)
            first = person.mentions[0] if person.mentions else None
            item = QTreeWidgetItem(people, [person.name, ""])
            item.setIcon(1, icon("filter"))
            item.setToolTip(0, tooltip(f"{person.name}\n{roles}" if roles else person.name))
            item.setToolTip(1, tooltip(f"Show only releases naming {person.name}"))
            if roles:  # on the row itself: an analyst reads who someone is without expanding
                item.setData(0, BODY_ROLE, roles)
                item.setData(0, _DIM_BODY_ROLE, True)
            if first is not None:
                item.setData(0, _ITEM_ROLE, _Target("person", first.field, first.start, first.end,
                                                    person.name))
            forms = person.surface_forms
            if len(person.mentions) > 1:
                for m in person.mentions:
                    child = QTreeWidgetItem(item, [f"“{m.text}”  ({m.field})" if m.field != "body"
                                                   else f"“{m.text}”"])
                    child.setData(0, _ITEM_ROLE, _Target("person", m.field, m.start, m.end, person.name))
            elif forms and forms[0] != person.name:
                item.setText(0, f"{person.name} (“{forms[0]}”)")
        dates = self._group("date", "Dates", len(extraction.dates))
        for d in extraction.dates:
            value = d.value or "?"
            # The normalized value first: it is what a reader scans for, and it survives eliding.
            item = QTreeWidgetItem(dates, [f"{value}   {d.text}" if value != d.text else value])
            item.setData(0, _DATE_ROLE, (value, d.text if value != d.text else ""))
            item.setToolTip(0, tooltip(f"{d.text}\nnormalized: {value} ({d.grain or 'unknown grain'})"))
            item.setData(0, _ITEM_ROLE, _Target("date", d.field, d.start, d.end))
        commitments = self._group("commitment", "Commitments", len(extraction.commitments))
        for c in extraction.commitments:
            item = QTreeWidgetItem(commitments, [f"{c.kind.capitalize()} · {c.actor}"])
            item.setData(0, BODY_ROLE, c.text)
            item.setToolTip(0, tooltip(f"{c.kind} by {c.actor}\n\n{c.text}"))
            item.setData(0, _ITEM_ROLE, _Target("commitment", c.field, c.start, c.end))

    def set_commitment_color(self, color: QColor) -> None:
        """Tie commitment headings to the reader's commitment highlight (theme changes)."""
        self._delegate.heading_color = QColor(color)
        self.viewport().update()

    def commitment_color(self) -> QColor | None:
        return self._delegate.heading_color

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped rows change height with the width; the tree caches row heights.
        if self.columnWidth(0) != self._laid_out_width:
            self._laid_out_width = self.columnWidth(0)
            self.scheduleDelayedItemsLayout()

    def _group(self, kind: str, label: str, count: int) -> QTreeWidgetItem:
        group = QTreeWidgetItem([f"{label} ({count})"])  # attached by set_extraction
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._groups[kind] = group
        return group

    def group(self, kind: str) -> QTreeWidgetItem | None:
        return self._groups.get(kind)

    def current_target(self) -> object | None:
        """The selected item's target (see ``menu_providers``), for keyboard actions on it."""
        item = self.currentItem()
        target = item.data(0, _ITEM_ROLE) if item is not None else None
        return target if isinstance(target, _Target) else None

    def _on_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        target = item.data(0, _ITEM_ROLE)
        if not isinstance(target, _Target):
            return
        if column == 1 and target.kind == "person" and item.parent() is self._groups.get("person"):
            self.person_filter_requested.emit(target.person)
            return
        self.reveal_requested.emit(target.field, target.start, target.end)

    def _on_activated(self, item: QTreeWidgetItem, column: int) -> None:
        self._on_clicked(item, column)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        target = item.data(0, _ITEM_ROLE) if item is not None else None
        if not isinstance(target, _Target):
            return
        menu = QMenu(self)
        menu.addAction("Show in text", lambda: self.reveal_requested.emit(
            target.field, target.start, target.end))
        if target.kind == "person":
            menu.addAction(f"Filter archive by {target.person}",
                           lambda: self.person_filter_requested.emit(target.person))
        for provider in self.menu_providers:
            provider(menu, target)
        menu.exec(self.viewport().mapToGlobal(pos))
