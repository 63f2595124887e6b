"""Undoable user actions on the notes store.

Each action has already been saved (one store call) before its command is pushed, so the
first ``redo`` that ``QUndoStack.push`` makes is skipped; later undo/redo make one store
call each. Undoing a delete restores the very same annotation (same id, note, tags and
timestamps) through ``restore_annotation``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from viewer.userdata import StoreError

Step = Callable[[], object]


class StoreCommand(QUndoCommand):
    """A saved action with its inverse; ``failed`` reports a store error to the user."""

    def __init__(self, text: str, redo: Step, undo: Step, after: Callable[[], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._after = after
        self._failed = failed
        self._first = True

    def _run(self, step: Step) -> None:
        try:
            step()
        except (StoreError, KeyError, ValueError) as exc:
            self._failed(str(exc))
            self.setObsolete(True)  # the stack drops it rather than offer a step that cannot work
        self._after()

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)
