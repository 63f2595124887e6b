"""Help dialogs: the query syntax and the keyboard shortcuts, each as a readable table.

The syntax comes from the search package as aligned plain text (it also serves the CLI);
here it is split into example and meaning so the dialog can wrap the meanings without
breaking the columns.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.qt import shortcuts


def _dialog(parent: QWidget | None, title: str, body: QWidget, width: int = 640,
            height: int = 520) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(width, height)
    return dialog


def parse_query_help(text: str) -> tuple[str, list[tuple[str, str]], str]:
    """Split the aligned help text into (title, [(example, meaning)], closing notes).

    Indented lines are rows, their two columns separated by two or more spaces; a deeper
    indented line continues the meaning above it; unindented lines after the rows are notes.
    """
    lines = text.splitlines()
    title = lines[0].strip() if lines and not lines[0].startswith(" ") else ""
    rows: list[tuple[str, str]] = []
    notes: list[str] = []
    for line in lines[1 if title else 0:]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            notes.append(line.strip())
        elif line.startswith("    ") and rows:
            example, meaning = rows[-1]
            rows[-1] = (example, f"{meaning} {line.strip()}".strip())
        else:
            parts = re.split(r"\s{2,}(?=\S)", line.strip())
            # The last part is the meaning unless it is more examples ('starred:yes  read:unread').
            if len(parts) > 1 and not _looks_like_query(parts[-1]):
                rows.append(("  ".join(parts[:-1]), parts[-1]))
            else:
                rows.append(("  ".join(parts), ""))
    return title, rows, " ".join(notes)


def _looks_like_query(part: str) -> bool:
    # 'starred:yes  read:unread' is all examples; a meaning has ordinary words.
    return all(":" in w or w.startswith(("-", '"')) for w in part.split())


def query_help_html(text: str) -> str:
    title, rows, notes = parse_query_help(text)
    mono = html.escape(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family())
    out = []
    if title:
        out.append(f"<h3>{html.escape(title)}</h3>")
    out.append('<table cellspacing="0" cellpadding="4" width="100%">')
    for example, meaning in rows:
        out.append(f'<tr><td valign="top" width="40%" style="white-space: pre; font-family: \'{mono}\';">'
                   f"{html.escape(example)}</td><td valign=\"top\">{html.escape(meaning)}</td></tr>")
    out.append("</table>")
    if notes:
        out.append(f"<p>{html.escape(notes)}</p>")
    return "".join(out)


def query_help_dialog(parent: QWidget | None, help_text: str) -> QDialog:
    view = QTextBrowser()
    view.setObjectName("queryHelp")
    view.setOpenLinks(False)  # nothing in the help should navigate anywhere
    view.setHtml(query_help_html(help_text))
    return _dialog(parent, "Search syntax", view, 760, 560)


def shortcuts_dialog(parent: QWidget | None) -> QDialog:
    data = shortcuts.rows()
    table = QTableWidget(len(data), 3)
    table.setObjectName("shortcutTable")
    table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    for r, (keys, description, group) in enumerate(data):
        for c, text in enumerate((keys, description, group)):
            table.setItem(r, c, QTableWidgetItem(text))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return _dialog(parent, "Keyboard shortcuts", table, 680, 560)
