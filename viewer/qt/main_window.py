"""The main window: search and filters over the release list, the reader beside it, and the
panel of people, dates and commitments as a dock.

The window receives the services built at start-up and never builds its own. Searches,
index syncs and imports run through :class:`~viewer.qt.workers.TaskRunner`; each search
carries a generation number and a result that arrives after a newer search started is
dropped. Opening a release reads one row from the catalog (about a millisecond), so that
stays on the GUI thread.

Extension points for later features: :meth:`MainWindow.add_side_dock` (e.g. Annotations,
Bookmarks — tabbed with the entity panel) and ``reader.highlighter`` layers.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from viewer.qt import shortcuts
from viewer.qt.about import show_about
from viewer.qt.annotations import AnnotationController
from viewer.qt.corrections import CorrectionController
from viewer.qt.doc_table import DocumentTable, DocumentTableModel, Snippet
from viewer.qt.entity_panel import EntityPanel
from viewer.qt.filters import FilterPanel
from viewer.qt.help import query_help_dialog, shortcuts_dialog
from viewer.qt.import_dialog import ImportSummaryDialog, ProgressStrip
from viewer.qt.plain import tooltip
from viewer.qt.reader import ENTITY_KINDS, KIND_LABELS, ReaderPane
from viewer.qt.search_bar import SearchBar
from viewer.qt.settings import WindowSettings
from viewer.qt.theme import THEME_MODES, Theme, ThemeManager, ThemeMode
from viewer.qt.workers import Task, TaskContext, TaskRunner

if TYPE_CHECKING:
    from viewer.services import Services

log = logging.getLogger(__name__)

SEARCH_LIMIT = 1_000_000  # the list shows every match; it is lazy, so size is not a concern
# Snippets for the first results only: building them is the costly part of a search, and
# rows further down show their publisher line instead.
SNIPPET_COUNT = 100


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    generation: int
    query: str
    filters: dict[str, Any]
    results: Any  # viewer.search.SearchResults


class MainWindow(QMainWindow):
    """Signals:
    document_opened(str): a release is shown in the reader.
    search_finished(int): results of the given generation were applied.
    import_finished(object): the ImportReport, after the list and index were updated.
    index_ready(): the background index sync finished.
    """

    document_opened = Signal(str)
    search_finished = Signal(int)
    import_finished = Signal(object)
    index_ready = Signal()

    def __init__(self, services: Services, settings: WindowSettings, themes: ThemeManager) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Archive Viewer")
        self.setAcceptDrops(True)
        self.services = services
        self.settings = settings
        self.themes = themes
        self.runner = TaskRunner(self)
        self._generation = 0
        self._applied_generation = 0
        self._search_task: Task | None = None
        self._query = ""
        self._filters: dict[str, Any] = {}
        self._current_id: str | None = None
        self._sync_task: Task | None = None
        self._index_verified = False  # the first sync of the session checks every file
        self._import_task: Task | None = None
        self._index_state = "checking"
        self._actions: dict[str, QAction] = {}
        self._selecting = False
        self._matched: list[str] = []  # ids of the last search, for the starred count
        self._needs_default_layout = True
        self._pending_state: QByteArray | None = None

        self._build_widgets()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.reader.set_theme(themes.theme)
        self._apply_delegate_theme(themes.theme)
        themes.theme_changed.connect(self._on_theme_changed)

        self.model.set_summaries(services.library.summaries())
        self.model.set_starred(self._starred_ids())
        self._restore_state()
        self._update_archive_label()
        self.annotations = AnnotationController(self)  # highlights, notes, bookmarks, read state
        self.corrections = CorrectionController(self)  # reject, add, relabel, merge/split, date

    # -- construction -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_bar = SearchBar(self)
        self.filter_panel = FilterPanel(self)
        self.model = DocumentTableModel(self)
        self.table = DocumentTable(self)
        self.table.setModel(self.model)
        left = QWidget(self)
        left.setObjectName("listPane")
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.search_bar)
        lay.addWidget(self.filter_panel)
        lay.addWidget(self.table, 1)
        self.reader = ReaderPane(self, self.themes.theme)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.entity_panel = EntityPanel(self)
        # Short tab titles: the three side panels share a tab bar that must fit ~240 px.
        self.entity_dock = QDockWidget("This release", self)
        self.entity_dock.setObjectName("entityDock")
        self.entity_dock.setWidget(self.entity_panel)
        self.entity_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.entity_dock)

    def add_side_dock(self, dock: QDockWidget) -> None:
        """Add a panel (annotations, bookmarks…) tabbed with the entity panel."""
        if not dock.objectName():
            raise ValueError("a dock needs an objectName so its place can be remembered")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.entity_dock, dock)
        self._view_menu_docks.addAction(dock.toggleViewAction())

    def _action(self, name: str, slot: Callable[[], Any], *, checkable: bool = False,
                checked: bool = False) -> QAction:
        spec = shortcuts.by_name(name)
        action = QAction(spec.description, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        action.setCheckable(checkable)
        if checkable:
            action.setChecked(checked)  # before connecting: the initial state is not a user toggle
            action.toggled.connect(lambda _on: slot())
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        self._actions[name] = action
        return action

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("import_files", self.import_files_dialog))
        file_menu.addAction(self._action("import_folder", self.import_folder_dialog))
        file_menu.addSeparator()
        quit_action = self._action("quit", self.close)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("find", self.reader.open_find))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("focus_search", self.focus_search))
        edit_menu.addAction(self._action("clear_search", self.clear_search))

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self._action("next_hit", self.reader.next_hit))
        view_menu.addAction(self._action("previous_hit", self.reader.previous_hit))
        view_menu.addSeparator()
        highlight_menu = view_menu.addMenu("&Highlight")
        for kind in ENTITY_KINDS:
            action = self._action(f"toggle_{kind}", partial(self._toggle_kind, kind), checkable=True,
                                  checked=True)
            action.setText(KIND_LABELS[kind])
            self.reader.kind_buttons[kind].toggled.connect(action.setChecked)
            highlight_menu.addAction(action)
        view_menu.addAction(self._action("zoom_in", self.reader.zoom_in))
        view_menu.addAction(self._action("zoom_out", self.reader.zoom_out))
        view_menu.addAction(self._action("zoom_reset", self.reader.zoom_reset))
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        group = QActionGroup(self)
        self._theme_actions: dict[str, QAction] = {}
        for mode in THEME_MODES:
            action = QAction(mode.capitalize() if mode != "system" else "Follow system", self)
            action.setObjectName(f"theme_{mode}")
            action.setCheckable(True)
            action.setChecked(mode == self.themes.mode)
            action.triggered.connect(lambda _c=False, m=mode: self.set_theme_mode(m))
            group.addAction(action)
            theme_menu.addAction(action)
            self._theme_actions[mode] = action
        view_menu.addSeparator()
        self._view_menu_docks = view_menu
        entities_toggle = self.entity_dock.toggleViewAction()
        entities_toggle.setShortcuts(shortcuts.key_sequences("toggle_entities"))
        entities_toggle.setText("This release panel (people, dates, commitments)")
        view_menu.addAction(entities_toggle)

        go_menu = bar.addMenu("&Go")
        go_menu.addAction(self._action("focus_list", self.focus_list))
        go_menu.addAction(self._action("toggle_star", self.toggle_star_current))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("search_help", self.show_query_help))
        shortcuts_action = QAction("Keyboard shortcuts", self)
        shortcuts_action.setObjectName("show_shortcuts")
        shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts_action)
        help_menu.addSeparator()
        about = QAction("About Archive Viewer", self)
        about.setObjectName("about")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.archive_label = QLabel(self)
        self.archive_label.setObjectName("archiveLabel")
        self.index_label = QLabel(self)
        self.index_label.setObjectName("indexLabel")
        self.progress = ProgressStrip(self)
        status.addWidget(self.archive_label)
        status.addWidget(self.index_label)
        status.addPermanentWidget(self.progress)
        self.progress.cancel_requested.connect(self._cancel_busy)

    def _connect(self) -> None:
        self.search_bar.search_requested.connect(self._on_query)
        self.search_bar.help_requested.connect(self.show_query_help)
        self.filter_panel.filters_changed.connect(self._on_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.open_requested.connect(self._open_and_focus)
        self.table.star_toggled.connect(self.toggle_star)
        self.reader.escape_pressed.connect(self.focus_list)
        self.entity_panel.reveal_requested.connect(self.reader.reveal)
        self.entity_panel.person_filter_requested.connect(self.filter_by_person)
        self.reader.zoom_changed.connect(lambda step: self.settings.set_integer("reader/zoom", step))
        self.model.order_changed.connect(self._update_placeholder)

    # -- start-up -------------------------------------------------------------------------------

    def start(self) -> None:
        """Called once the window is shown: sync the index in the background, then search."""
        # Everything built so far (modules, Qt wrappers, the catalog's summaries) lives as
        # long as the program. Frozen, it is no longer scanned by full garbage collections,
        # which otherwise held the GIL for >100 ms and stalled the window during an import.
        gc.collect()
        gc.freeze()
        self._set_index_state("checking")
        self._sync_task = self.runner.submit(
            self._sync_job, self._on_sync_done, self._on_sync_failed, self._on_sync_progress, write=True)
        self.progress.start("Updating the search index", cancellable=False)
        self._run_search()

    def _sync_job(self, ctx: TaskContext) -> Any:
        index = self.services.index
        started = time.perf_counter()
        # The session's first sync reads every index file against its checksum: damage
        # that raises nothing would otherwise give quietly wrong results.
        result = index.sync(self.services.library, progress=ctx.progress, cancelled=ctx.cancelled,
                            verify=not self._index_verified)
        if not result.errors and not result.cancelled:  # not stopped by another writer
            self._index_verified = True
        return result, time.perf_counter() - started

    def _on_sync_progress(self, done: int, total: int, label: str) -> None:
        self._set_index_state("indexing", done, total)
        if self._import_task is None:  # an import's own progress takes the strip
            self.progress.update_progress(done, total, label)

    def _on_sync_done(self, outcome: tuple[Any, float]) -> None:
        report, _seconds = outcome
        self._sync_task = None
        if self._import_task is None:
            self.progress.finish()
        errors = list(getattr(report, "errors", None) or [])
        if errors and not getattr(report, "total", 0):
            self._set_index_state("failed", message="\n".join(errors[:5]))
        else:
            self._set_index_state("ready")
            # Skipped records or a repair are worth a look, not an alarm.
            notes = [getattr(report, "message", None) or "", *errors[:5]]
            self.index_label.setToolTip(tooltip("\n".join(n for n in notes if n)))
        self.index_ready.emit()
        self._run_search()

    def _on_sync_failed(self, message: str) -> None:
        self._sync_task = None
        if self._import_task is None:
            self.progress.finish()
        self._set_index_state("failed", message=message)

    def _set_index_state(self, state: str, done: int = 0, total: int = 0, message: str = "") -> None:
        self._index_state = state
        if state == "indexing" and total:
            text = f"Indexing {done:,}/{total:,}…"
        elif state == "checking":
            text = "Checking the search index…"
        elif state == "ready":
            text = "Index up to date"
        elif state == "failed":
            text = "Search index unavailable"
            self.index_label.setToolTip(tooltip(message))
        else:
            text = state
        self.index_label.setText(text)

    def index_state(self) -> str:
        return self._index_state

    def _update_archive_label(self) -> None:
        n = self.model.total()
        self.archive_label.setText(f"{n:,} release{'s' if n != 1 else ''} in the archive")

    # -- search ---------------------------------------------------------------------------------

    def _on_query(self, query: str) -> None:
        self._query = query
        self._run_search()

    def _on_filters(self, filters: dict[str, Any]) -> None:
        # Stars live in the user store and change with a click; the list filters them in
        # memory so a fresh star shows at once, without re-indexing.
        self.model.set_starred_only(bool(filters.pop("starred", False)))
        self._filters = dict(filters)
        self._run_search()

    def _run_search(self) -> None:
        self._generation += 1
        generation = self._generation
        query, filters = self._query, dict(self._filters)
        if self._search_task is not None:
            self._search_task.cancel()  # the stale search may stop early; its result is dropped anyway
        services = self.services

        def job(ctx: TaskContext) -> SearchOutcome:
            # The first use opens the index (and imports Whoosh): here, not on the UI thread.
            # '*' matches everything: an empty box with filters still lists (and counts) releases.
            results = services.index.search(query or "*", limit=SEARCH_LIMIT, sort="relevance",
                                            filters=filters, with_snippets=SNIPPET_COUNT if query else False)
            return SearchOutcome(generation, query, filters, results)

        self._search_task = self.runner.submit(job, self._on_search_done,
                                               partial(self._on_search_failed, generation))

    def _on_search_done(self, outcome: SearchOutcome) -> None:
        if outcome.generation != self._generation:
            return  # a newer search is running; this one is stale
        self._search_task = None
        self._applied_generation = outcome.generation
        res = outcome.results
        ids = [h.doc_id for h in res.hits]
        snippets = {h.doc_id: Snippet(h.snippet, tuple(tuple(m) for m in (h.snippet_marks or ())))
                    for h in res.hits if getattr(h, "snippet", None)}
        keep = self._current_id
        if not outcome.query and not outcome.filters:
            # The whole archive, straight from the catalog: right even before the index exists.
            self.model.show_all()
        else:
            self.model.set_results(ids, snippets)
        # Stars are counted here, like the other facets over the current result.
        self._matched = ids if (outcome.query or outcome.filters) else self.model.all_ids()
        self.filter_panel.set_counts(res.facets or {}, self._starred_in_result())
        self.search_bar.show_result(self.model.rowCount(), self.model.total(), notice=res.notice or "",
                                    corrected=res.corrected or "", partial=bool(res.partial),
                                    elapsed_ms=res.elapsed_ms)
        if keep is not None:
            self._select_quietly(keep)
            self._refresh_hits()
        self.search_finished.emit(outcome.generation)

    def _update_placeholder(self) -> None:
        # Any narrowing can empty the list (search, facets, starred, the Notes filters).
        filtered = bool(self._filters) or self.model.starred_only() or self.annotations_filtering()
        self.table.set_placeholder(self._empty_list_text(self._query, filtered))

    def annotations_filtering(self) -> bool:
        controller = getattr(self, "annotations", None)  # absent while the window is built
        return bool(controller is not None and (controller.annotated_only.isChecked()
                                                or controller.read_filter()))

    def _empty_list_text(self, query: str, filtered: bool) -> str:
        if self.model.total() == 0:
            return ("The archive is empty.\n\nImport releases with File › Import files… or "
                    "Import folder…, or drop files on this window.")
        if self.model.rowCount() > 0:
            return ""
        what = f"No releases match “{query}”" if query else "No releases match"
        hint = "check the spelling, try fewer words"
        if filtered:
            hint += ", or clear the filters (✕)"
        scope = " with these filters" if filtered else ""
        return f"{what}{scope}.\n\n{hint.capitalize()}; F1 lists the search syntax."

    def _on_search_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._search_task = None
        self.search_bar.show_error(message)
        self.search_finished.emit(generation)

    def last_generation(self) -> int:
        return self._generation

    def applied_generation(self) -> int:
        return self._applied_generation

    def focus_search(self) -> None:
        self.search_bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.edit.selectAll()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.select_doc(self.model.doc_id(0))

    def clear_search(self) -> None:
        self.filter_panel.clear()
        self.search_bar.set_query("")

    def filter_by_person(self, name: str) -> None:
        self.filter_panel.set_filter("person", name)

    # -- reading --------------------------------------------------------------------------------

    def _select_quietly(self, doc_id: str) -> None:
        """Move the list's selection to a release without re-opening it."""
        self._selecting = True
        try:
            self.table.select_doc(doc_id)
        finally:
            self._selecting = False

    def _on_current_row(self, current: Any, _previous: Any) -> None:
        if self._selecting:
            return
        doc_id = self.model.doc_id(current.row()) if current.isValid() else None
        if doc_id and doc_id != self._current_id:
            self.open_document(doc_id)

    def _open_and_focus(self, doc_id: str) -> None:
        self.open_document(doc_id)
        self.reader.view.setFocus()

    def open_document(self, doc_id: str) -> bool:
        library = self.services.library
        try:
            doc = library.document(doc_id)
            extraction = library.extraction(doc_id)
        except KeyError:
            self.statusBar().showMessage("That release is no longer in the archive.", 5000)
            return False
        except Exception as exc:  # a damaged row must not take the window down
            log.exception("cannot open %s", doc_id)
            QMessageBox.warning(self, "Cannot open release", f"{doc_id}: {exc}")
            return False
        self._current_id = doc_id
        if self._query:
            # Opening a result is what makes a typed query worth keeping in the history.
            self.search_bar.remember(self._query)
        self.reader.show_document(doc, extraction, self._hit_ranges(doc))
        self.setWindowTitle(f"{doc.title or doc.source_name} — Archive Viewer")
        self.entity_panel.set_extraction(extraction)
        self.settings.set_text("last_document", doc_id)
        if self.table.current_doc_id() != doc_id:
            self._select_quietly(doc_id)
        self.document_opened.emit(doc_id)
        return True

    def current_doc_id(self) -> str | None:
        return self._current_id

    def _hit_ranges(self, doc: Any) -> dict[str, list[tuple[int, int]]]:
        if not self._query:
            return {}
        index = self.services.index
        ranges: dict[str, list[tuple[int, int]]] = {}
        for field in ("title", "subtitle", "body"):
            text = doc.field_text(field)
            if text:
                try:
                    found = index.match_ranges(self._query, text)
                except Exception:  # a query the index rejects has no hits to show
                    found = []
                if found:
                    ranges[field] = [(int(a), int(b)) for a, b in found]
        return ranges

    def _refresh_hits(self) -> None:
        doc = self.reader.document
        if doc is not None:
            self.reader.set_hits(self._hit_ranges(doc))

    def _toggle_kind(self, kind: str) -> None:
        on = self._actions[f"toggle_{kind}"].isChecked()
        self.reader.set_kind_visible(kind, on)
        self.settings.set_flag(f"reader/show_{kind}", on)

    # -- user data ------------------------------------------------------------------------------

    def _starred_ids(self) -> set[str]:
        store = self.services.userdata
        try:
            return set(store.starred_ids())
        except Exception:
            log.exception("cannot read stars")
            return set()

    def toggle_star(self, doc_id: str) -> None:
        store = self.services.userdata
        new = not self.model.is_starred(doc_id)
        try:
            store.set_starred(doc_id, new)
        except Exception as exc:
            QMessageBox.warning(self, "Cannot save", str(exc))
            return
        self.model.set_starred(self._starred_ids())
        self.filter_panel.set_starred_count(self._starred_in_result())

    def _starred_in_result(self) -> int:
        return sum(1 for doc_id in self._matched if self.model.is_starred(doc_id))

    def toggle_star_current(self) -> None:
        if self._current_id:
            self.toggle_star(self._current_id)

    # -- import ---------------------------------------------------------------------------------

    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import releases", str(Path.home()),
            "Releases (*.txt *.md *.html *.htm *.pdf);;All files (*)")
        if files:
            self.import_paths(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of releases", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str | Path]) -> Task | None:
        if self._import_task is not None:
            self.statusBar().showMessage("An import is already running; try again when it ends.", 6000)
            return None
        # During the start-up index sync the import simply queues behind it (one write pool).
        library, index = self.services.library, self.services.index
        items = [str(p) for p in paths]

        def job(ctx: TaskContext) -> Any:
            report = library.import_paths(items, progress=ctx.progress, cancelled=ctx.cancelled)
            ctx.progress(0, 0, "Updating the search index")
            index.sync(library, progress=None, cancelled=None)
            # Read the new list here too: with a large archive that query is not free.
            return report, library.summaries()

        self.progress.start(f"Importing {len(items)} item{'s' if len(items) != 1 else ''}")
        self._import_task = self.runner.submit(job, self._on_import_done, self._on_import_failed,
                                               self.progress.update_progress, write=True)
        return self._import_task

    def _cancel_busy(self) -> None:
        if self._import_task is not None:
            self._import_task.cancel()

    def _on_import_done(self, outcome: tuple[Any, list[Any]]) -> None:
        report, summaries = outcome
        self._import_task = None
        self.progress.finish()
        self.model.update_summaries(summaries)
        self.model.set_starred(self._starred_ids())
        self._update_archive_label()
        self._set_index_state("ready")
        # One step per turn of the event loop: the list, then the summary's first paint,
        # then the search that brings the new releases into the list. Run together (the
        # search thread competing for the GIL with the dialog's construction) they stalled
        # the window for ~100 ms after a 300-file import.
        QTimer.singleShot(0, lambda: self._show_import_summary(report))

    def _show_import_summary(self, report: Any) -> None:
        dialog = ImportSummaryDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        QTimer.singleShot(30, self._run_search)
        self.import_finished.emit(report)

    def _on_import_failed(self, message: str) -> None:
        self._import_task = None
        self.progress.finish()
        QMessageBox.warning(self, "Import failed", message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- dialogs --------------------------------------------------------------------------------

    def show_query_help(self) -> None:
        from viewer.search import QUERY_HELP

        query_help_dialog(self, QUERY_HELP).open()

    def show_shortcuts(self) -> None:
        shortcuts_dialog(self).open()

    def show_about(self) -> None:
        show_about(self, str(self.services.paths.root), self.model.total())

    # -- theme ------------------------------------------------------------------------------------

    def set_theme_mode(self, mode: ThemeMode) -> None:
        self.themes.set_mode(mode)
        self._theme_actions[mode].setChecked(True)
        self.settings.set_text("theme", mode)

    def _on_theme_changed(self, theme: Theme) -> None:
        self.reader.set_theme(theme)
        self._apply_delegate_theme(theme)
        self.table.viewport().update()

    def _apply_delegate_theme(self, theme: Theme) -> None:
        self.entity_panel.set_commitment_color(theme.highlights.commitment_line)
        delegate = self.table.snippet_delegate
        delegate.mark_background = theme.highlights.hit_bg
        delegate.mark_foreground = theme.highlights.hit_fg

    # -- state ------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        geometry = s.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            if avail is not None:
                self.resize(min(1366, avail.width()), min(820, avail.height()))
            else:
                self.resize(1280, 800)
        # Docks and toolbars are restored at the first show, once every part of the window
        # (including panels added after construction, e.g. annotations) exists.
        self._pending_state = s.bytes("window/state")
        splitter = s.bytes("window/splitter")
        # Without saved sizes, proportions are set at the first show, when the size is final.
        self._needs_default_layout = splitter is None or not self.splitter.restoreState(splitter)
        header = s.bytes("list/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        for kind in ENTITY_KINDS:
            on = s.flag(f"reader/show_{kind}", True)
            self._actions[f"toggle_{kind}"].setChecked(on)
            self.reader.set_kind_visible(kind, on)
        self.reader.set_zoom(s.integer("reader/zoom", 0))
        self.search_bar.set_history(s.strings("search/history"))
        last = s.text("last_document")
        if last and self.model.row_of(last) is not None:
            self.open_document(last)

    def save_state(self) -> None:
        s = self.settings
        s.set_bytes("window/geometry", self.saveGeometry())
        s.set_bytes("window/state", self.saveState())
        s.set_bytes("window/splitter", self.splitter.saveState())
        s.set_bytes("list/header", self.table.horizontalHeader().saveState())
        s.set_strings("search/history", self.search_bar.history())
        if self._current_id:
            s.set_text("last_document", self._current_id)
        s.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_state is not None:
            self.restoreState(self._pending_state)
            self._pending_state = None
        if self._needs_default_layout:
            self._needs_default_layout = False
            self.apply_default_layout()

    def apply_default_layout(self) -> None:
        """Side panel a fifth of the width (at least its tab titles), then list 45 % and
        reader 55 % of what it leaves."""
        width = self.width()
        dock = max(self._side_tabs_width(), 200, min(300, width // 5))
        self.resizeDocks([self.entity_dock], [dock], Qt.Orientation.Horizontal)
        rest = width - dock
        self.splitter.setSizes([rest * 45 // 100, rest * 55 // 100])

    def _side_tabs_width(self) -> int:
        """Width the side panels' tab bar needs to show every title whole."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self and bar.isVisible() and bar.count() > 1:
                titles = {bar.tabText(i) for i in range(bar.count())}
                if self.entity_dock.windowTitle() in titles:
                    return bar.sizeHint().width() + 8
        return 0

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        for task in (self._import_task, self._sync_task):
            if task is not None:
                task.cancel()
        self.runner.shutdown()
        super().closeEvent(event)
