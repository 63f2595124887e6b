"""Import feedback: the status-bar progress strip and the end-of-import summary.

The import itself runs in the window's write pool; this module only shows it. The
summary lists every file with its outcome and, for failures, the reason — one bad file
never hides the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.qt.plain import tooltip


class OutcomeLike(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...


class ReportLike(Protocol):
    @property
    def results(self) -> Sequence[OutcomeLike]: ...
    @property
    def cancelled(self) -> bool: ...


STATUS_LABELS = {"added": "Added", "unchanged": "Already in the archive", "failed": "Failed",
                 "skipped": "Skipped"}


class ProgressStrip(QWidget):
    """Progress bar with a label and a Cancel button, for the status bar.

    Signals: cancel_requested().
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressStrip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, label: str, cancellable: bool = True) -> None:
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setText("Cancel")
        self.show()

    def update_progress(self, done: int, total: int, label: str = "") -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{done:,}/{total:,}")
        if label:
            name = label.replace("\\", "/").rsplit("/", 1)[-1]
            self.bar.setToolTip(tooltip(name))

    def finish(self) -> None:
        self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancel_requested.emit()


class ImportSummaryDialog(QDialog):
    """What happened to each file of an import."""

    def __init__(self, report: ReportLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.setObjectName("importSummary")
        counts: dict[str, int] = {}
        for r in report.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = [f"{counts.get('added', 0)} added", f"{counts.get('unchanged', 0)} unchanged",
                 f"{counts.get('failed', 0)} failed"]
        if counts.get("skipped"):
            parts.append(f"{counts['skipped']} skipped")
        headline = ", ".join(parts) + "."
        if report.cancelled:
            headline = "Cancelled — files not yet read were left out. " + headline
        self.headline = QLabel(headline, self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["File", "Result", "Details"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        order = {"failed": 0, "skipped": 1, "added": 2, "unchanged": 3}
        items = []
        # Failures must stand out from a long list of 'Added': red and bold, readable on
        # either theme's background.
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        failed_color = QColor("#ff8a80" if dark else "#b3261e")
        bold = self.font()
        bold.setBold(True)
        for r in sorted(report.results, key=lambda r: (order.get(r.status, 9), r.path)):
            name = r.path.replace("\\", "/").rsplit("/", 1)[-1]
            detail = r.error or r.title or ""
            item = QTreeWidgetItem([name, STATUS_LABELS.get(r.status, r.status), detail])
            item.setToolTip(0, tooltip(r.path))
            item.setToolTip(2, tooltip(detail))
            item.setData(0, Qt.ItemDataRole.UserRole, (r.path, detail))
            if r.status == "failed":
                item.setForeground(1, failed_color)
                item.setFont(1, bold)
            items.append(item)
        self.tree.addTopLevelItems(items)
        # The reason of a failure is the point of this dialog and rarely fits its column:
        # the selected row is shown whole under the list (the first failure to begin with).
        self.detail = QLabel(self)
        self.detail.setObjectName("importDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.currentItemChanged.connect(self._show_detail)
        if items:
            self.tree.setCurrentItem(items[0])
        # Fixed widths and uniform rows: measuring every row of a 10,000-file import would
        # freeze the window when the dialog first paints.
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.fontMetrics()
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, fm.horizontalAdvance(STATUS_LABELS["unchanged"]) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.resize(680, 420)

    def _show_detail(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            self.detail.clear()
            return
        path, detail = data
        self.detail.setText(f"{path}\n{detail}" if detail else path)
