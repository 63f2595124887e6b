"""The search bar: debounced search-as-you-type, history, result count and notices.

The bar only decides *when* to search: it emits :attr:`SearchBar.search_requested` 200 ms
after the last keystroke (at once on Enter). The window runs the query off the GUI thread
and reports back with :meth:`show_result` / :meth:`show_error`. History is kept most-recent
first; Up/Down walk it and a completer offers it while typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.qt.plain import tooltip

DEBOUNCE_MS = 200
HISTORY_SIZE = 50


class QueryEdit(QLineEdit):
    """Line edit whose Up/Down keys walk the search history."""

    history_step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup() if self.completer() else None
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not (popup and popup.isVisible()):
            self.history_step.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class SearchBar(QWidget):
    """Signals:
    search_requested(str): run this query now (debounced typing, Enter, a suggestion).
    help_requested(): the user asked for the query syntax.
    """

    search_requested = Signal(str)
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self._history: list[str] = []
        self._history_pos = -1
        self._last_emitted: str | None = None

        self.edit = QueryEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("Search releases — words, \"phrases\", person:Kim, year:2024…  (Ctrl+K)")
        self.edit.setClearButtonEnabled(True)
        self._history_model = QStringListModel(self)
        completer = QCompleter(self._history_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        help_btn = QToolButton(self)
        help_btn.setText("?")
        help_btn.setToolTip("Search syntax (F1)")
        help_btn.setAutoRaise(True)
        help_btn.clicked.connect(self.help_requested)

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("searchNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        self.suggestion_button = QPushButton(self)
        self.suggestion_button.setObjectName("didYouMean")
        self.suggestion_button.setFlat(True)
        self.suggestion_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.suggestion_button.clicked.connect(self._use_suggestion)
        self._suggestion = ""

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(help_btn)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(2, 0, 0, 0)
        bottom.setSpacing(6)
        bottom.addWidget(self.suggestion_button)
        bottom.addWidget(self.notice_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self._set_notice("", error=False)
        self.suggestion_button.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.textChanged.connect(self._on_changed)
        self.edit.returnPressed.connect(self._on_return)
        self.edit.history_step.connect(self._step_history)

    # -- input ---------------------------------------------------------------------------------

    def query(self) -> str:
        return self.edit.text().strip()

    def set_query(self, text: str, *, run: bool = True) -> None:
        """Put a query in the box (a suggestion, a person filter) and optionally run it."""
        self.edit.setText(text)
        if run:
            self._timer.stop()
            self._fire(force=True)

    def _on_edited(self, _text: str) -> None:
        self._history_pos = -1
        self._timer.start()

    def _on_changed(self, text: str) -> None:
        # The clear button changes the text without an edit signal.
        if not text:
            self._timer.start()

    def _on_return(self) -> None:
        self._timer.stop()
        self.remember(self.query())
        self._fire(force=True)

    def _fire(self, force: bool = False) -> None:
        query = self.query()
        if not force and query == self._last_emitted:
            return
        self._last_emitted = query
        self.search_requested.emit(query)

    def pending(self) -> bool:
        return self._timer.isActive()

    # -- history ---------------------------------------------------------------------------------

    def history(self) -> list[str]:
        return list(self._history)

    def set_history(self, items: Sequence[str]) -> None:
        self._history = [q for q in dict.fromkeys(i.strip() for i in items) if q][:HISTORY_SIZE]
        self._history_model.setStringList(self._history)

    def remember(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        self._history = [query, *(q for q in self._history if q != query)][:HISTORY_SIZE]
        self._history_model.setStringList(self._history)

    def _step_history(self, direction: int) -> None:
        if not self._history:
            return
        # Up (-1) goes back in time, i.e. further into the most-recent-first list.
        pos = self._history_pos - direction
        if pos < -1:
            pos = -1
        pos = min(pos, len(self._history) - 1)
        self._history_pos = pos
        self.edit.setText("" if pos < 0 else self._history[pos])
        self._timer.start()

    # -- feedback ---------------------------------------------------------------------------------

    def show_result(self, total: int, shown_total: int, *, notice: str = "", corrected: str = "",
                    partial: bool = False, elapsed_ms: float | None = None) -> None:
        query = self.query()
        if query:
            if total != shown_total:
                text = f"{total:,} of {shown_total:,} release{'s' if shown_total != 1 else ''}"
            else:
                text = f"{total:,} release{'s' if total != 1 else ''}"
            if partial:
                text += " (partial)"
        else:
            text = f"{total:,} releases"
        self.count_label.setText(text)
        if elapsed_ms is not None:
            self.count_label.setToolTip(f"Search took {elapsed_ms:.0f} ms")
        self._set_notice(notice, error=False)
        self.set_suggestion(corrected if corrected and corrected != query else "")

    def show_error(self, message: str) -> None:
        self.count_label.setText("—")
        self._set_notice(message, error=True)
        self.set_suggestion("")

    def set_suggestion(self, text: str) -> None:
        self._suggestion = text
        # Plain text on a button: a suggestion is built from words of imported files.
        self.suggestion_button.setText(f"Did you mean: {text}" if text else "")
        self.suggestion_button.setToolTip(tooltip(f"Search for {text}") if text else "")
        self.suggestion_button.setVisible(bool(text))

    def suggestion(self) -> str:
        return self._suggestion

    def notice(self) -> str:
        return self.notice_label.text()

    def notice_is_error(self) -> bool:
        return bool(self.notice_label.property("error"))

    def _set_notice(self, text: str, *, error: bool) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))
        if bool(self.notice_label.property("error")) != error:
            self.notice_label.setProperty("error", error)
            # Re-polish so the stylesheet's [error="true"] rule applies.
            self.notice_label.style().unpolish(self.notice_label)
            self.notice_label.style().polish(self.notice_label)

    def _use_suggestion(self) -> None:
        if self._suggestion:
            self.set_query(self._suggestion)
            self.remember(self._suggestion)
