"""The open release's corrections, in words, each one undoable."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.corrections import Correction

_KIND = {"person": "a person", "date": "a date", "commitment": "a commitment"}


def describe(c: Correction) -> str:
    """One line a user recognises their own action in."""
    p = c.payload
    kind = str(p.get("kind") or "")
    text = str(p.get("text") or "")
    if c.op == "reject":
        return f"“{text}” is not {_KIND.get(kind, 'an item')}"
    if c.op == "add":
        detail = {"person": p.get("name"), "date": p.get("value"),
                  "commitment": f"{p.get('commitment_kind')} by {p.get('actor')}"}.get(kind)
        return f"“{text}” marked as {_KIND.get(kind, 'an item')}" + (f": {detail}" if detail else "")
    if c.op == "relabel":
        if kind == "date":
            detail = f"{p.get('value') or 'unresolved'} ({p.get('grain') or 'no grain'})"
        elif kind == "commitment":
            detail = f"{p.get('commitment_kind')} by {p.get('actor')}"
        else:
            roles = "; ".join(p.get("roles") or ())
            detail = f"{p.get('name')}" + (f" — {roles}" if roles else "")
        return f"“{text}” relabelled: {detail}"
    if c.op == "merge_people":
        where = " (in every release)" if c.doc_id is None else ""
        return f"People merged as {p.get('name')}{where}"
    if c.op == "split_person":
        names = ", ".join(f"“{m}”" for m in p.get("mentions") or ())
        return f"{names} split off as {p.get('name')}"
    if c.op == "set_date":
        return f"Publication date set to {p.get('date')}" if p.get("date") else "Publication date cleared"
    return c.op


class CorrectionsDialog(QDialog):
    """Lists corrections (newest first); Undo removes the selected one through ``undo``."""

    def __init__(self, parent: QWidget | None, undo: Callable[[Correction], bool]) -> None:
        super().__init__(parent)
        self.setObjectName("correctionsDialog")
        self.setWindowTitle("Corrections to this release")
        self._undo = undo
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QListWidget(self)
        self.list.setObjectName("correctionsList")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.undo_button = QPushButton("&Undo this correction", self)
        self.undo_button.setObjectName("undoCorrection")
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self.undo_selected)
        self.list.itemActivated.connect(lambda _item: self.undo_button.setFocus())
        self.list.currentRowChanged.connect(lambda row: self.undo_button.setEnabled(row >= 0))
        layout.addWidget(buttons)
        self.resize(520, 340)

    def set_corrections(self, title: str, corrections: Sequence[Correction]) -> None:
        self.heading.setText(f"{title}\n{len(corrections)} correction{'s' if len(corrections) != 1 else ''}"
                             " — newest first. Undo removes one; the release is shown again without it.")
        self.list.clear()
        for c in reversed(corrections):
            item = QListWidgetItem(describe(c), self.list)
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(f"{c.created[:19].replace('T', ' ')} UTC")
        self.list.setCurrentRow(0 if corrections else -1)
        self.undo_button.setEnabled(bool(corrections))

    def corrections(self) -> list[Correction]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def undo_selected(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        return self._undo(item.data(Qt.ItemDataRole.UserRole))
