"""At most one open dialog of a kind: opening another closes the first."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


class DialogSlot(Generic[D]):
    """Holds the open dialog (``current``) until it finishes; the dialog deletes itself."""

    def __init__(self) -> None:
        self.current: D | None = None

    def open(self, dialog: D) -> D:
        if self.current is not None:
            self.current.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._finished(d))
        self.current = dialog
        dialog.open()
        return dialog

    def _finished(self, dialog: D) -> None:
        if self.current is dialog:
            self.current = None
