"""The About box."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from viewer import __version__


def show_about(parent: QWidget | None, data_dir: str, documents: int) -> None:
    # The only rich text in the program: fixed wording plus escaped values.
    text = (
        f"<h3>Archive Viewer {html.escape(__version__)}</h3>"
        "<p>Read, search and annotate an offline archive of diplomatic press releases "
        "on North Korean human rights: people, dates and commitments are found in each "
        "release and highlighted.</p>"
        f"<p>Archive: {documents:,} releases<br>Data folder: <code>{html.escape(data_dir)}</code></p>"
        f"<p><small>Python {html.escape(platform.python_version())} · Qt {html.escape(qVersion())} · "
        f"PySide6 {html.escape(pyside_version)}<br>Search by Whoosh-Reloaded. MIT licence.</small></p>"
    )
    box = QMessageBox(parent)
    box.setWindowTitle("About Archive Viewer")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.setIcon(QMessageBox.Icon.Information)
    box.open()
