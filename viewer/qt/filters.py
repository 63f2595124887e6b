"""Facet filters: publisher, year, person and starred, each with counts from the index.

The panel shows the counts of the current result set (so choosing a year shows how many
releases each publisher has in that year) and keeps the chosen value even when its count
drops to zero, so a filter never silently disappears.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QToolButton,
    QWidget,
)

from viewer.qt.icons import icon
from viewer.qt.plain import tooltip

FACETS: tuple[str, ...] = ("publisher", "year", "person")
# Short 'any' labels: the panel must fit a narrow list pane without clipping.
_LABELS = {"publisher": "Publisher", "year": "Year", "person": "Person"}
FacetCounts = Mapping[str, Sequence[tuple[Any, int]]]


class FilterPanel(QWidget):
    """Signals: filters_changed(dict) — the new filters (only the ones set)."""

    filters_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 6)
        layout.setSpacing(6)
        self.combos: dict[str, QComboBox] = {}
        for facet in FACETS:
            combo = QComboBox(self)
            combo.setObjectName(f"{facet}Filter")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)  # shrinks with the pane; the popup shows full names
            combo.setToolTip(f"Show only releases with this {facet}")
            combo.addItem(_LABELS[facet], None)
            if facet == "person":
                # Many names: typing narrows the list.
                combo.setEditable(True)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                completer = QCompleter(combo.model(), combo)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
                combo.setCompleter(completer)
            combo.activated.connect(self._emit)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._sync_tooltip(c))
            self.combos[facet] = combo
            layout.addWidget(combo, 2 if facet != "year" else 1)
        self.starred = QToolButton(self)
        self.starred.setObjectName("starredFilter")
        self.starred.setCheckable(True)
        self.starred.setIcon(icon("star"))
        self.starred.setText("Starred")
        self.starred.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.starred.setToolTip("Show only starred (bookmarked) releases")
        self.starred.toggled.connect(self._emit)
        layout.addWidget(self.starred)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Clear all filters")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        self._update_clear()

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for facet, combo in self.combos.items():
            value = combo.currentData()
            if value is not None:
                out[facet] = value
        if self.starred.isChecked():
            out["starred"] = True
        return out

    def set_filter(self, facet: str, value: Any) -> None:
        """Select a value (adding it if the counts have not listed it yet) and emit."""
        if facet == "starred":
            self.starred.setChecked(bool(value))
            return
        combo = self.combos[facet]
        with QSignalBlocker(combo):
            index = combo.findData(value)
            if index < 0 and value is not None:
                combo.addItem(f"{value}", value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(0, index))
        self._emit()

    def clear(self) -> None:
        changed = bool(self.filters())
        for combo in self.combos.values():
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        with QSignalBlocker(self.starred):
            self.starred.setChecked(False)
        if changed:
            self._emit()
        self._update_clear()

    def set_counts(self, facets: FacetCounts, starred_count: int | None = None) -> None:
        """Refill each list from the index's facet counts, keeping the chosen value."""
        for facet, combo in self.combos.items():
            chosen = combo.currentData()
            values = list(facets.get(facet, ()))
            if facet == "year":
                values.sort(key=lambda vn: str(vn[0]), reverse=True)
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(_LABELS[facet], None)
                seen = False
                for value, count in values:
                    combo.addItem(f"{value}  ({count:,})", value)
                    seen = seen or value == chosen
                if chosen is not None and not seen:
                    combo.addItem(f"{chosen}  (0)", chosen)
                index = combo.findData(chosen) if chosen is not None else 0
                combo.setCurrentIndex(max(0, index))
            edit = combo.lineEdit()
            if edit is not None:
                edit.setCursorPosition(0)  # show the start of a long name
            self._sync_tooltip(combo)
        if starred_count is not None:
            self.set_starred_count(starred_count)
        self._update_clear()

    def set_starred_count(self, count: int) -> None:
        self.starred.setText(f"{count:,}")
        self.starred.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if count
                                        else Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.starred.setToolTip(f"Show only starred (bookmarked) releases ({count:,} here)")

    def _sync_tooltip(self, combo: QComboBox) -> None:
        # A long publisher name is clipped in a narrow pane; the tooltip shows it whole.
        facet = combo.objectName().removesuffix("Filter")
        chosen = combo.currentData()
        combo.setToolTip(tooltip(f"Showing only: {combo.currentText()}") if chosen is not None
                         else f"Show only releases with this {facet}")

    def _emit(self, *_args: object) -> None:
        self._update_clear()
        self.filters_changed.emit(self.filters())

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(bool(self.filters()))
