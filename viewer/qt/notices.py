"""Messages to the user from the window's controllers: a status-bar line, or a box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

STATUS_MS = 5000


def show_status(window: QMainWindow, text: str) -> None:
    window.statusBar().showMessage(text, STATUS_MS)


def message_box(parent: QWidget, title: str, message: str,
                icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """Open a window-modal box that does not block the caller and deletes itself.

    The text is plain: it may quote a user's note or a file name, never markup.
    """
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
