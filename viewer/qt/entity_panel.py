"""Side panel listing what extraction found in the open release.

Three groups (people with roles, dates with normalized values, commitments with actor and
kind). Clicking an item scrolls the reader to it; a person's second column is a filter
button that narrows the archive to releases naming that person.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from viewer.entities import Extraction
from viewer.qt.icons import icon
from viewer.qt.plain import tooltip

_ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_activated)
        self.customContextMenuRequested.connect(self._context_menu)
        self._groups: dict[str, QTreeWidgetItem] = {}
        self.set_extraction(None)

    def set_extraction(self, extraction: Extraction | None) -> None:
        self.clear()
        self._groups = {}
        if extraction is None:
            return
        people = self._group("person", "People", len(extraction.people))
        for person in extraction.people:
            roles = "; ".join(person.roles)
            first = person.mentions[0] if person.mentions else None
            item = QTreeWidgetItem(people, [person.name, ""])
            item.setIcon(1, icon("filter"))
            item.setToolTip(0, tooltip(f"{person.name}\n{roles}" if roles else person.name))
            item.setToolTip(1, tooltip(f"Show only releases naming {person.name}"))
            if roles:
                QTreeWidgetItem(item, [roles]).setFlags(Qt.ItemFlag.ItemIsEnabled)
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
            item.setToolTip(0, tooltip(f"{d.text}\nnormalized: {value} ({d.grain or 'unknown grain'})"))
            item.setData(0, _ITEM_ROLE, _Target("date", d.field, d.start, d.end))
        commitments = self._group("commitment", "Commitments", len(extraction.commitments))
        for c in extraction.commitments:
            short = c.text if len(c.text) <= 90 else c.text[:87].rstrip() + "…"
            item = QTreeWidgetItem(commitments, [f"{c.kind.capitalize()} · {c.actor}"])
            QTreeWidgetItem(item, [short]).setData(
                0, _ITEM_ROLE, _Target("commitment", c.field, c.start, c.end))
            item.setToolTip(0, tooltip(f"{c.kind} by {c.actor}\n\n{c.text}"))
            item.setData(0, _ITEM_ROLE, _Target("commitment", c.field, c.start, c.end))
            item.setExpanded(True)

    def _group(self, kind: str, label: str, count: int) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self, [f"{label} ({count})"])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setFirstColumnSpanned(True)
        group.setExpanded(True)
        self._groups[kind] = group
        return group

    def group(self, kind: str) -> QTreeWidgetItem | None:
        return self._groups.get(kind)

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
        menu.exec(self.viewport().mapToGlobal(pos))
