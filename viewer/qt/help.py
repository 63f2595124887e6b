"""Help dialogs: the query syntax and the keyboard shortcuts (both plain text tables)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.qt import shortcuts


def _dialog(parent: QWidget | None, title: str, body: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(640, 520)
    return dialog


def query_help_dialog(parent: QWidget | None, help_text: str) -> QDialog:
    view = QPlainTextEdit(help_text)
    view.setObjectName("queryHelp")
    view.setReadOnly(True)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    view.setFont(QFont(font))
    return _dialog(parent, "Search syntax", view)


def shortcuts_dialog(parent: QWidget | None) -> QDialog:
    data = shortcuts.rows()
    table = QTableWidget(len(data), 3)
    table.setObjectName("shortcutTable")
    table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, (keys, description, group) in enumerate(data):
        for c, text in enumerate((keys, description, group)):
            table.setItem(r, c, QTableWidgetItem(text))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return _dialog(parent, "Keyboard shortcuts", table)
