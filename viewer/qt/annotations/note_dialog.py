"""The dialog that edits one highlight: colour, note and tags (and deletes it).

Saving goes through a callback that makes one store call. If that call fails (full disk,
read-only folder…) the message is shown inside the dialog and the dialog stays open with
everything the user typed, so nothing written is lost; the user can free space and press
Save again. The quote and the note are only ever shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.qt.annotations.colors import LABELS, swatch_icon
from viewer.userdata import COLORS, StoreError

SaveFn = Callable[[str, str, tuple[str, ...]], None]  # colour, note, tags
DeleteFn = Callable[[], None]

QUOTE_PREVIEW = 400


def split_tags(text: str) -> tuple[str, ...]:
    """'UN, follow-up , ,COI' → ('UN', 'follow-up', 'COI'); the store cleans case duplicates."""
    return tuple(t.strip() for t in text.split(",") if t.strip())


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the earlier ones."""

    def __init__(self, tags: Sequence[str], edit: QLineEdit) -> None:
        super().__init__(QStringListModel(list(tags)), edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: object) -> str:
        chosen = super().pathFromIndex(index)  # type: ignore[arg-type]
        head = self._edit.text().rsplit(",", 1)[0] if "," in self._edit.text() else ""
        return f"{head}, {chosen}, " if head else f"{chosen}, "


class NoteDialog(QDialog):
    """Edit (or create) one highlight; see the module docstring.

    ``save`` raising :class:`StoreError` or ``ValueError`` keeps the dialog open with the
    message; any other outcome closes it. Result: Accepted (saved), Rejected, or DELETED.
    """

    DELETED = 2

    def __init__(self, parent: QWidget | None, quote: str, *, color: str, note: str = "",
                 tags: Sequence[str] = (), known_tags: Sequence[str] = (), save: SaveFn,
                 delete: DeleteFn | None = None, detached: bool = False, title: str = "Highlight") -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle(title)
        self._save = save
        self._delete = delete
        layout = QVBoxLayout(self)

        preview = quote if len(quote) <= QUOTE_PREVIEW else quote[:QUOTE_PREVIEW] + "…"
        self.quote_label = QLabel(f"“{preview}”", self)
        self.quote_label.setObjectName("noteQuote")
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.quote_label)
        if detached:
            gone = QLabel("This text can no longer be found in the release (detached); "
                          "the note is kept.", self)
            gone.setObjectName("detachedNotice")
            gone.setWordWrap(True)
            layout.addWidget(gone)

        form = QFormLayout()
        colours = QWidget(self)
        row = QHBoxLayout(colours)
        row.setContentsMargins(0, 0, 0, 0)
        self.color_group = QButtonGroup(self)
        self.color_buttons: dict[str, QToolButton] = {}
        for n, name in enumerate(COLORS, start=1):
            btn = QToolButton(colours)
            btn.setObjectName(f"color_{name}")
            btn.setCheckable(True)
            btn.setIcon(swatch_icon(name, 18))
            btn.setToolTip(f"{LABELS[name]} (Alt+{n})")
            btn.setAutoRaise(True)
            self.color_group.addButton(btn)
            self.color_buttons[name] = btn
            row.addWidget(btn)
        row.addStretch(1)
        self.color_buttons.get(color, self.color_buttons[COLORS[0]]).setChecked(True)
        form.addRow("Colour", colours)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("Your note (plain text)")
        self.note_edit.setPlainText(note)
        self.note_edit.setTabChangesFocus(True)
        form.addRow("Note", self.note_edit)

        self.tags_edit = QLineEdit(", ".join(tags), self)
        self.tags_edit.setObjectName("tagsEdit")
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        self.tags_edit.setCompleter(TagCompleter(known_tags, self.tags_edit))
        form.addRow("Tags", self.tags_edit)
        layout.addLayout(form)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("noteError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.delete_button: QPushButton | None = None
        if delete is not None:
            self.delete_button = buttons.addButton("Delete highlight",
                                                   QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.setObjectName("deleteHighlight")
            self.delete_button.clicked.connect(self._on_delete)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, 360)
        self.note_edit.setFocus()

    # -- values ----------------------------------------------------------------------------

    def color(self) -> str:
        for name, btn in self.color_buttons.items():
            if btn.isChecked():
                return name
        return COLORS[0]

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def tags(self) -> tuple[str, ...]:
        return split_tags(self.tags_edit.text())

    def show_error(self, message: str) -> None:
        self.error_label.setText(f"{message}\nYour text is kept here: fix the problem and press Save again.")
        self.error_label.show()

    # -- actions -----------------------------------------------------------------------------

    def _on_save(self) -> None:
        try:
            self._save(self.color(), self.note(), self.tags())
        except (StoreError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self.accept()

    def _on_delete(self) -> None:
        assert self._delete is not None
        try:
            self._delete()
        except (StoreError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self.done(self.DELETED)
