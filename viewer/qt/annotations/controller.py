"""Annotations, bookmarks and reading state in the window.

:class:`AnnotationController` attaches to a built :class:`~viewer.qt.main_window.MainWindow`
through its public parts: it adds the Notes menu, reader context-menu entries and
shortcuts, paints the open release's highlights as reader layers (one per colour, at
``Z_ANNOTATION``, background only, so entity underlines and search hits stay visible), and
adds the Annotations and Bookmarks docks. Every user action is one store call; a failed
save shows its message and, in the note dialog, keeps what was typed. After each action
the search index is brought up to date in the background (notes and tags are searchable
with ``note:`` and ``tag:``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QGuiApplication,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QTextCharFormat,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QToolTip,
    QWidget,
)

from viewer.qt import shortcuts
from viewer.qt.annotations.bookmarks import BookmarksPanel
from viewer.qt.annotations.colors import LABELS, swatch_icon, tint
from viewer.qt.annotations.commands import StoreCommand
from viewer.qt.annotations.models import plain_tooltip
from viewer.qt.annotations.note_dialog import NoteDialog
from viewer.qt.annotations.panel import AnnotationsPanel
from viewer.qt.annotations.selection import BodySelection, body_position, body_selection
from viewer.qt.annotations.transfer import FILE_FILTERS, export_to_file, format_for, import_from_file
from viewer.qt.dialog_slot import DialogSlot
from viewer.qt.highlighter import Z_ANNOTATION, Span
from viewer.qt.notices import message_box, show_status
from viewer.qt.theme import Theme
from viewer.qt.workers import Task, TaskContext
from viewer.userdata import COLORS, READ_STATES, AnchoredAnnotation, Annotation, StoreError

if TYPE_CHECKING:
    from viewer.documents import Document
    from viewer.qt.main_window import MainWindow

log = logging.getLogger(__name__)

SYNC_DELAY_MS = 400  # a burst of actions (several highlights in a row) makes one index sync
READ_LABELS = {"unread": "Unread", "read": "Read", "reviewed": "Reviewed"}


def _layer(color: str) -> str:
    return f"annotation_{color}"


class AnnotationController(QObject):
    """Signals:
    changed(): annotations, bookmarks, stars or read states changed (after the store call).
    index_synced(): the background index sync after a change finished.
    exported(object): the path an export was written to.
    imported(object): the ImportReport of an import, after the window was refreshed.
    """

    changed = Signal()
    index_synced = Signal()
    exported = Signal(object)
    imported = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.services.userdata
        self.reader = window.reader
        self.undo_stack = QUndoStack(self)
        self._dialogs: DialogSlot[NoteDialog] = DialogSlot()
        self.notice: QMessageBox | None = None
        self._last_color: str = COLORS[0]
        self._anchors: list[AnchoredAnnotation] = []
        self._spans: list[tuple[int, int, Annotation]] = []  # document positions of the open release
        self._detached: dict[str, frozenset[str]] = {}
        self._press: QPoint | None = None
        self._sync_task: Task | None = None
        self._sync_again = False
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self._sync_now)
        self._actions: dict[str, QAction] = {}

        self._define_layers(window.themes.theme)
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_list_filter()
        self.read_label = QLabel(window)
        self.read_label.setObjectName("readStateLabel")
        window.statusBar().addPermanentWidget(self.read_label)

        view = self.reader.view
        view.viewport().installEventFilter(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._reader_menu)
        window.document_opened.connect(self._on_document_opened)
        # Every new layout (open, zoom, theme) clears the layers: place ours before its one
        # highlighting pass rather than paint the whole release a second time.
        self.reader.layout_ready.connect(self._on_layout_ready)
        # Stars are toggled by the window (list column, Ctrl+D); the list model reports them.
        window.model.dataChanged.connect(lambda *_a: self._on_marks_changed())
        self.refresh_bookmarks()
        if window.current_doc_id():  # the window reopened the last release before we existed
            self.repaint()
            self._on_document_opened(window.current_doc_id() or "")
        QTimer.singleShot(0, self.show_start_notices)

    # -- construction ---------------------------------------------------------------------------

    def _define_layers(self, theme: Theme) -> None:
        self._theme_name = theme.name
        for color in COLORS:
            fmt = QTextCharFormat()
            fmt.setBackground(tint(color, theme))
            self.reader.highlighter.define_layer(_layer(color), fmt, Z_ANNOTATION, "Highlight")

    def _build_docks(self) -> None:
        w = self.window
        self.panel = AnnotationsPanel(self.store, self.doc_info, self.detached_ids, w)
        self.panel.open_requested.connect(self.show_annotation)
        self.panel.edit_requested.connect(self.edit_annotation)
        self.panel.delete_requested.connect(self.delete_annotation)
        # "Notes" like the menu: a short tab title keeps the side panel's tabs readable.
        self.annotations_dock = QDockWidget("Notes", w)
        self.annotations_dock.setObjectName("annotationsDock")
        self.annotations_dock.setWidget(self.panel)
        self.bookmarks_panel = BookmarksPanel(self.doc_info, w)
        self.bookmarks_panel.open_doc_requested.connect(self._open_doc)
        self.bookmarks_panel.open_bookmark_requested.connect(self.show_bookmark)
        self.bookmarks_panel.unstar_requested.connect(self.window.toggle_star)
        self.bookmarks_panel.remove_bookmark_requested.connect(self.remove_bookmark)
        self.bookmarks_dock = QDockWidget("Bookmarks", w)
        self.bookmarks_dock.setObjectName("bookmarksDock")
        self.bookmarks_dock.setWidget(self.bookmarks_panel)
        for dock, name in ((self.annotations_dock, "toggle_annotations"),
                           (self.bookmarks_dock, "toggle_bookmarks")):
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            w.add_side_dock(dock)
            w.restoreDockWidget(dock)  # in case the window restored its layout before this dock existed
            toggle = dock.toggleViewAction()
            toggle.setText("Notes && highlights panel" if dock is self.annotations_dock
                           else "Bookmarks panel")
            toggle.setShortcuts(shortcuts.key_sequences(name))
            w.addAction(toggle)
        w.entity_dock.raise_()
        self.panel.reload()

    def _action(self, name: str, slot: Callable[[], Any], *, reader_only: bool = False) -> QAction:
        action = shortcuts.make_action(self.window, name, slot,
                                       scope=self.reader.view if reader_only else None)
        self._actions[name] = action
        return action

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def _build_actions(self) -> None:
        a = self._action("highlight", self.highlight, reader_only=True)
        a.setText("Highlight")
        for color in COLORS:
            a = self._action(f"highlight_{color}", partial(self.highlight, color))
            a.setText(LABELS[color])
            a.setIcon(swatch_icon(color))
        self._action("highlight_note", self.highlight_with_note, reader_only=True).setText(
            "Highlight with a note…")
        self._action("bookmark_position", self.bookmark_position).setText("Bookmark this place")
        self._action("mark_read", self.toggle_read).setText("Mark as read")
        self._action("mark_reviewed", lambda: self.set_read_state("reviewed")).setText("Mark as reviewed")
        unread = QAction("Mark as unread", self.window)
        unread.setObjectName("mark_unread")
        unread.triggered.connect(lambda _c=False: self.set_read_state("unread"))
        self._actions["mark_unread"] = unread
        self.undo_action = self.undo_stack.createUndoAction(self.window, "&Undo")
        self.undo_action.setObjectName("undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self.window, "&Redo")
        self.redo_action.setObjectName("redo")
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        for act in (self.undo_action, self.redo_action):
            self.window.addAction(act)
        export = QAction("Export annotations…", self.window)
        export.setObjectName("export_annotations")
        export.triggered.connect(lambda _c=False: self.export_dialog())
        self._actions["export_annotations"] = export
        imp = QAction("Import annotations…", self.window)
        imp.setObjectName("import_annotations")
        imp.triggered.connect(lambda _c=False: self.import_dialog())
        self._actions["import_annotations"] = imp

    def _menu_of(self, action: QAction) -> QMenu | None:
        for top in self.window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu) and action in menu.actions():
                return menu
        return None

    def _build_menus(self) -> None:
        w = self.window
        quit_action = w.action("quit")
        file_menu = self._menu_of(quit_action)
        if file_menu is not None:
            file_menu.insertAction(quit_action, self._actions["export_annotations"])
            file_menu.insertAction(quit_action, self._actions["import_annotations"])
            file_menu.insertSeparator(quit_action)
        edit_menu = self._menu_of(w.action("find"))
        if edit_menu is not None:
            first = edit_menu.actions()[0]
            edit_menu.insertAction(first, self.undo_action)
            edit_menu.insertAction(first, self.redo_action)
            edit_menu.insertSeparator(first)

        notes = QMenu("&Notes", w)
        notes.setObjectName("notesMenu")
        notes.addAction(self._actions["highlight"])
        colours = notes.addMenu("Highlight in")
        for color in COLORS:
            colours.addAction(self._actions[f"highlight_{color}"])
        notes.addAction(self._actions["highlight_note"])
        notes.addSeparator()
        notes.addAction(w.action("toggle_star"))
        notes.addAction(self._actions["bookmark_position"])
        notes.addSeparator()
        for name in ("mark_read", "mark_reviewed", "mark_unread"):
            notes.addAction(self._actions[name])
        notes.addSeparator()
        notes.addAction(self.annotations_dock.toggleViewAction())
        notes.addAction(self.bookmarks_dock.toggleViewAction())
        help_action = next((a for a in w.menuBar().actions() if a.text().replace("&", "") == "Help"), None)
        if help_action is not None:
            w.menuBar().insertMenu(help_action, notes)
        else:
            w.menuBar().addMenu(notes)
        self.notes_menu = notes

    def _build_list_filter(self) -> None:
        """'Show' menu beside the list's filters: annotated releases, reading state."""
        self.list_filter_button = QToolButton(self.window.filter_panel)
        self.list_filter_button.setObjectName("userFilter")
        self.list_filter_button.setText("Notes")
        self.list_filter_button.setToolTip("Show only annotated releases, or by reading state")
        self.list_filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list_filter_button.setCheckable(True)
        menu = QMenu(self.list_filter_button)
        self.annotated_only = menu.addAction("Annotated releases only")
        self.annotated_only.setObjectName("filter_annotated")
        self.annotated_only.setCheckable(True)
        menu.addSeparator()
        group = QActionGroup(menu)
        self.read_filters: dict[str | None, QAction] = {}
        for state, label in ((None, "Any reading state"), ("unread", "Unread"), ("read", "Read"),
                             ("reviewed", "Reviewed")):
            act = menu.addAction(label)
            act.setObjectName(f"filter_read_{state or 'any'}")
            act.setCheckable(True)
            act.setChecked(state is None)
            group.addAction(act)
            self.read_filters[state] = act
        for act in (self.annotated_only, *self.read_filters.values()):
            act.toggled.connect(lambda _on: self.apply_list_filter())
        self.list_filter_button.setMenu(menu)
        self.list_filter_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        panel = self.window.filter_panel
        layout = panel.layout()
        if isinstance(layout, QBoxLayout) and layout.indexOf(panel.clear_button) >= 0:
            layout.insertWidget(layout.indexOf(panel.clear_button), self.list_filter_button)
        elif layout is not None:  # the panel was rearranged: still offer the filter
            layout.addWidget(self.list_filter_button)
        # Keyboard order follows the row: star filter, this menu, then the list (it was added
        # last, so Tab reached it only after the side panels).
        QWidget.setTabOrder(panel.starred, self.list_filter_button)
        QWidget.setTabOrder(self.list_filter_button, self.window.table)
        panel.clear_button.clicked.connect(self.clear_list_filter)

    # -- the open release -------------------------------------------------------------------------

    def doc_info(self, doc_id: str) -> tuple[str, str] | None:
        s = self.window.model.summary(doc_id)
        return (s.title, s.date or "") if s is not None else None

    def detached_ids(self, doc_id: str) -> frozenset[str]:
        """Ids of the release's annotations whose text cannot be found (cached per release)."""
        found = self._detached.get(doc_id)
        if found is None:
            try:
                body = self.window.services.library.document(doc_id).body
                found = frozenset(a.annotation.id for a in self.store.anchored_annotations(doc_id, body)
                                  if a.detached)
            except KeyError:  # the release left the archive: every note on it is detached
                found = frozenset(a.id for a in self.store.annotations_for(doc_id))
            except Exception:
                log.exception("cannot anchor the annotations of %s", doc_id)
                found = frozenset()
            self._detached[doc_id] = found
        return found

    def _on_document_opened(self, doc_id: str) -> None:
        self.panel.set_current_doc(doc_id)
        self._update_read_label()

    def _on_layout_ready(self) -> None:
        theme = self.window.themes.theme
        if theme.name != self._theme_name:
            self._define_layers(theme)  # the layout comes from a theme change
        self.repaint()

    def repaint(self) -> None:
        """Place the open release's annotations and paint them (one layer per colour)."""
        doc = self.reader.document
        spans: dict[str, list[Span]] = {c: [] for c in COLORS}
        had = bool(self._spans)
        self._anchors, self._spans = [], []
        if doc is not None:
            try:
                self._anchors = self.store.anchored_annotations(doc.id, doc.body)
            except StoreError as exc:
                self._status(str(exc))
            for placed in self._anchors:
                if placed.detached:
                    continue
                r = self.reader.span_map.to_range("body", placed.start, placed.end)
                if r is not None and r[1] > r[0]:
                    spans[placed.annotation.color].append(Span(r[0], r[1]))
                    self._spans.append((r[0], r[1], placed.annotation))
            self._detached[doc.id] = frozenset(p.annotation.id for p in self._anchors if p.detached)
        hl = self.reader.highlighter
        for color, items in spans.items():
            layer = hl.layer(_layer(color))
            if layer is not None:
                layer.set_spans(items)
        if (self._spans or had) and hl.document() is not None:
            hl.rehighlight()

    def anchors(self) -> list[AnchoredAnnotation]:
        """The open release's annotations as placed on its current text (detached ones last)."""
        return list(self._anchors)

    def annotations_at(self, pos: int) -> list[Annotation]:
        if self.reader.document is None:  # the placeholder text has no notes
            return []
        return [a for s, e, a in self._spans if s <= pos < e]

    def _status(self, text: str) -> None:
        show_status(self.window, text)

    def _warn(self, title: str, message: str) -> None:
        self.notice = message_box(self.window, title, message)

    # -- selection → highlight ----------------------------------------------------------------------

    def selection(self) -> BodySelection | None:
        """The reader's selection as body offsets; tells the user why when there is none."""
        if self.reader.document is None:
            self._status("Open a release first.")
            return None
        cursor = self.reader.view.textCursor()
        if not cursor.hasSelection():
            self._status("Select some of the release's text first.")
            return None
        sel = body_selection(self.reader.span_map, cursor.selectionStart(), cursor.selectionEnd())
        if sel is None:
            self._status("Only the release's text can be highlighted, not its heading, details or notes.")
        elif sel.clamped:
            self._status("Only the release's text was highlighted; the heading or notes part of the "
                         "selection was left out.")
        return sel

    def highlight(self, color: str | None = None) -> Annotation | None:
        """Highlight the selection (one store call); returns the saved annotation."""
        doc, sel = self.reader.document, self.selection()
        if doc is None or sel is None:
            return None
        try:
            return self._add(doc, sel, color or self._last_color, "", ())
        except (StoreError, ValueError) as exc:
            self._warn("Highlight not saved", str(exc))
            return None

    def highlight_with_note(self) -> NoteDialog | None:
        doc, sel = self.reader.document, self.selection()
        if doc is None or sel is None:
            return None
        return self._open_dialog(NoteDialog(
            self.window, doc.body[sel.start:sel.end], color=self._last_color, known_tags=self._known_tags(),
            save=lambda c, n, t: self._add(doc, sel, c, n, t) and None, title="New highlight"))

    def _add(self, doc: Document, sel: BodySelection, color: str, note: str,
             tags: tuple[str, ...]) -> Annotation:
        a = self.store.add_annotation(doc.id, doc.body, sel.start, sel.end, color=color, note=note, tags=tags)
        self._last_color = color
        self._push("Highlight", lambda: self.store.restore_annotation(a),
                   lambda: self.store.delete_annotation(a.id))
        cursor = self.reader.view.textCursor()
        cursor.clearSelection()  # show the new colour rather than the selection over it
        self.reader.view.setTextCursor(cursor)
        self._after_change(doc.id)
        if not sel.clamped:
            self._status("Highlighted. Click it to add a note; Ctrl+Z undoes.")
        return a

    def _known_tags(self) -> list[str]:
        try:
            return [t for t, _n in self.store.all_tags()]
        except StoreError:
            return []

    def _open_dialog(self, dialog: NoteDialog) -> NoteDialog:
        return self._dialogs.open(dialog)

    @property
    def dialog(self) -> NoteDialog | None:
        """The note dialog being shown, if any."""
        return self._dialogs.current

    # -- editing and deleting -----------------------------------------------------------------------

    def edit_annotation(self, annotation_id: str) -> NoteDialog | None:
        try:
            a = self.store.get_annotation(annotation_id)
        except StoreError as exc:
            self._warn("Cannot read the note", str(exc))
            return None
        if a is None:
            self._status("That highlight no longer exists.")
            return None
        return self._open_dialog(NoteDialog(
            self.window, a.quote, color=a.color, note=a.note, tags=a.tags, known_tags=self._known_tags(),
            save=lambda c, n, t: self._update(a, c, n, t), delete=lambda: self._delete(a.id),
            detached=annotation_id in self.detached_ids(a.doc_id)))

    def _update(self, old: Annotation, color: str, note: str, tags: tuple[str, ...]) -> None:
        new = self.store.update_annotation(old.id, color=color, note=note, tags=tags)
        self._last_color = color
        self._push("Edit note", lambda: self.store.restore_annotation(new),
                   lambda: self.store.restore_annotation(old))
        self._after_change(old.doc_id)

    def delete_annotation(self, annotation_id: str) -> bool:
        try:
            self._delete(annotation_id)
        except (StoreError, KeyError) as exc:
            self._warn("Highlight not deleted", str(exc))
            return False
        return True

    def _delete(self, annotation_id: str) -> None:
        old = self.store.delete_annotation(annotation_id)
        self._push("Delete highlight", lambda: self.store.delete_annotation(annotation_id),
                   lambda: self.store.restore_annotation(old))
        self._after_change(old.doc_id)
        self._status("Highlight deleted. Ctrl+Z brings it back.")

    def _push(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        self.undo_stack.push(StoreCommand(text, redo, undo, self._after_undo,
                                          lambda msg: self._warn("Cannot undo or redo", msg)))

    def _after_undo(self) -> None:
        self._detached.clear()
        self._after_change(None)

    def _after_change(self, doc_id: str | None) -> None:
        if doc_id is not None:
            self._detached.pop(doc_id, None)
        self.repaint()
        self.panel.tags_changed()
        self.panel.reload()
        self.refresh_bookmarks()
        self.apply_list_filter()
        self._update_read_label()
        self.schedule_index_sync()
        self.changed.emit()

    # -- going to a note or a place -------------------------------------------------------------------

    def _open_doc(self, doc_id: str) -> bool:
        if self.window.current_doc_id() == doc_id:
            return True
        return self.window.open_document(doc_id)

    def show_annotation(self, annotation_id: str) -> bool:
        """Open the annotation's release and reveal its text; False if it cannot be shown."""
        a = self.store.get_annotation(annotation_id)
        if a is None or not self._open_doc(a.doc_id):
            return False
        placed = next((p for p in self._anchors if p.annotation.id == annotation_id), None)
        if placed is None or placed.detached:
            self._status("This note's text can no longer be found in the release (detached); "
                         "the note is kept in the Annotations panel.")
            return False
        return self.reader.reveal("body", placed.start, placed.end)

    def show_bookmark(self, bookmark_id: str) -> bool:
        b = next((b for b in self.store.list_bookmarks() if b.id == bookmark_id), None)
        if b is None or not self._open_doc(b.doc_id):
            return False
        doc = self.reader.document
        assert doc is not None
        placed = next((p for p in self.store.anchored_bookmarks(b.doc_id, doc.body) if p.bookmark.id == b.id),
                      None)
        if placed is None or placed.detached:
            self._status("The bookmarked text can no longer be found; showing the release from the top.")
            return False
        end = placed.offset
        while end < len(doc.body) and end - placed.offset < 40 and not doc.body[end].isspace():
            end += 1
        return self.reader.reveal("body", placed.offset, max(end, min(len(doc.body), placed.offset + 1)))

    # -- bookmarks, stars and reading state ----------------------------------------------------------

    def bookmark_position(self) -> None:
        doc = self.reader.document
        if doc is None:
            self._status("Open a release first.")
            return
        view = self.reader.view
        cursor = view.textCursor()
        if cursor.hasSelection():
            pos = cursor.selectionStart()
        elif view.viewport().rect().contains(view.cursorRect(cursor).center()):
            pos = cursor.position()
        else:  # no cursor in sight: the place being read is the top of the view
            pos = view.cursorForPosition(QPoint(24, 8)).position()
        offset = body_position(self.reader.span_map, pos)
        if offset is None:
            self._status("This release has no text to bookmark.")
            return
        try:
            b = self.store.add_bookmark(doc.id, doc.body, offset)
        except (StoreError, ValueError) as exc:
            self._warn("Bookmark not saved", str(exc))
            return
        self._push("Bookmark", lambda: self.store.restore_bookmark(b),
                   lambda: self.store.remove_bookmark(b.id))
        self._after_change(None)
        self._status("Bookmarked this place (see the Bookmarks panel).")

    def remove_bookmark(self, bookmark_id: str) -> None:
        try:
            b = self.store.remove_bookmark(bookmark_id)
        except (StoreError, KeyError) as exc:
            self._warn("Bookmark not removed", str(exc))
            return
        self._push("Remove bookmark", lambda: self.store.remove_bookmark(b.id),
                   lambda: self.store.restore_bookmark(b))
        self._after_change(None)

    def refresh_bookmarks(self) -> None:
        try:
            self.bookmarks_panel.set_items(self.store.starred_ids(), self.store.list_bookmarks())
        except StoreError as exc:
            self._status(str(exc))

    def _on_marks_changed(self) -> None:
        # Only stars change list rows in place; anything else here is harmless to redo.
        self.refresh_bookmarks()
        self.apply_list_filter()
        self.schedule_index_sync()

    def set_read_state(self, state: str) -> None:
        doc_id = self.window.current_doc_id()
        if doc_id is None:
            self._status("Open a release first.")
            return
        try:
            before = self.store.read_state(doc_id)
            self.store.set_read_state(doc_id, state)
        except (StoreError, ValueError) as exc:
            self._warn("Reading state not saved", str(exc))
            return
        self._push(f"Mark {state}", lambda: self.store.set_read_state(doc_id, state),
                   lambda: self.store.set_read_state(doc_id, before))
        self._after_change(None)
        self._status(f"Marked {READ_LABELS[state].lower()}.")

    def toggle_read(self) -> None:
        doc_id = self.window.current_doc_id()
        if doc_id is None:
            self._status("Open a release first.")
            return
        self.set_read_state("unread" if self.store.read_state(doc_id) != "unread" else "read")

    def _update_read_label(self) -> None:
        doc_id = self.window.current_doc_id()
        if doc_id is None:
            self.read_label.setText("")
            return
        try:
            state = self.store.read_state(doc_id)
        except StoreError:
            return
        n = sum(1 for p in self._anchors)
        notes = f"{n} highlight{'s' if n != 1 else ''} · " if n else ""
        self.read_label.setText(f"{notes}{READ_LABELS[state]}")
        self._actions["mark_read"].setText("Mark as unread" if state != "unread" else "Mark as read")

    # -- the list's filters ------------------------------------------------------------------------

    def read_filter(self) -> str | None:
        return next((s for s, act in self.read_filters.items() if act.isChecked()), None)

    def set_list_filter(self, *, annotated: bool | None = None, read: str | bool | None = False) -> None:
        """Set the list filters from code; ``read=None`` means any state (False: unchanged)."""
        if annotated is not None:
            self.annotated_only.setChecked(annotated)
        if read is not False:
            assert read is None or read in READ_STATES
            self.read_filters[read].setChecked(True)
        self.apply_list_filter()

    def clear_list_filter(self) -> None:
        self.set_list_filter(annotated=False, read=None)

    def apply_list_filter(self) -> None:
        annotated, state = self.annotated_only.isChecked(), self.read_filter()
        self.list_filter_button.setChecked(annotated or state is not None)
        labels = (["annotated"] if annotated else []) + ([READ_LABELS[state].lower()] if state else [])
        self.list_filter_button.setText("Notes: " + ", ".join(labels) if labels else "Notes")
        if not annotated and state is None:
            self.window.model.set_visible_ids(None)
            return
        try:
            ids: set[str] | None = set(self.store.annotation_counts()) if annotated else None
            if state is not None:
                states = self.store.read_states()
                if state == "unread":
                    every = {s.id for s in self.window.services.library.summaries()}
                    match = {d for d in every if states.get(d, "unread") == "unread"}
                else:
                    match = {d for d, s in states.items() if s == state}
                ids = match if ids is None else ids & match
        except StoreError as exc:
            self._status(str(exc))
            return
        self.window.model.set_visible_ids(ids)

    # -- reader events ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self.reader.view
        if watched is not view.viewport():
            return False
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = view.cursorForPosition(event.pos()).position()
            found = self.annotations_at(pos)
            if not found:
                return False  # the reader's own tooltip (entities, hits)
            lines = [self.reader.tooltip_at(pos)]
            for a in found:
                lines.append(f"Note: {a.note}" if a.note else "No note — click to add one")
                if a.tags:
                    lines.append(f"Tags: {', '.join(a.tags)}")
            QToolTip.showText(event.globalPos(), plain_tooltip(*lines), view.viewport())
            return True
        if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            if kind == QEvent.Type.MouseButtonPress:
                self._press = event.position().toPoint()
            elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
                moved = (event.position().toPoint() - self._press).manhattanLength()
                self._press = None
                if moved <= QGuiApplication.styleHints().startDragDistance() \
                        and not view.textCursor().hasSelection():
                    found = self.annotations_at(view.cursorForPosition(event.position().toPoint()).position())
                    if found:
                        # After the click is handled, so the view is in a settled state.
                        annotation_id = found[-1].id
                        QTimer.singleShot(0, lambda: self.edit_annotation(annotation_id))
            elif kind == QEvent.Type.MouseButtonDblClick:
                self._press = None
        return False

    def _reader_menu(self, pos: QPoint) -> None:
        view = self.reader.view
        menu = view.createStandardContextMenu(pos)
        menu.addSeparator()
        has_selection = view.textCursor().hasSelection()
        for name in ("highlight", "highlight_note"):
            act = self._actions[name]
            act.setEnabled(has_selection)
            menu.addAction(act)
        colours = menu.addMenu("Highlight in")
        colours.setEnabled(has_selection)
        for color in COLORS:
            colours.addAction(self._actions[f"highlight_{color}"])
        found = self.annotations_at(view.cursorForPosition(pos).position())
        if found:
            a = found[-1]
            menu.addSeparator()
            menu.addAction("Edit this highlight…", lambda: self.edit_annotation(a.id))
            menu.addAction("Delete this highlight", lambda: self.delete_annotation(a.id))
        menu.addSeparator()
        menu.addAction(self._actions["bookmark_position"])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.aboutToHide.connect(self._enable_highlight_actions)
        menu.popup(view.viewport().mapToGlobal(pos))
        self.reader_menu = menu

    def _enable_highlight_actions(self) -> None:
        # Shortcuts must keep working after a menu disabled them for want of a selection.
        for name in ("highlight", "highlight_note"):
            self._actions[name].setEnabled(True)

    # -- index --------------------------------------------------------------------------------------------

    def schedule_index_sync(self) -> None:
        """Index the change (notes, tags, stars, reading state) in the background, soon."""
        self._sync_timer.start()

    def _sync_now(self) -> None:
        if self._sync_task is not None:
            self._sync_again = True
            return
        services = self.window.services

        def job(ctx: TaskContext) -> object:
            return services.index.sync(services.library, progress=None, cancelled=ctx.cancelled)

        self._sync_task = self.window.runner.submit(job, self._sync_done, self._sync_failed, write=True)

    def _sync_done(self, _result: object) -> None:
        self._sync_task = None
        if self._sync_again:
            self._sync_again = False
            self._sync_now()
        else:
            self.index_synced.emit()

    def _sync_failed(self, message: str) -> None:
        self._sync_task = None
        log.warning("index sync after a note change failed: %s", message)
        self._status("The search index could not take in the latest notes; they are saved.")

    def sync_pending(self) -> bool:
        return self._sync_timer.isActive() or self._sync_task is not None

    # -- export, import, notices -------------------------------------------------------------------------

    def export_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export annotations", str(Path.home() / "annotations.md"),
            ";;".join(FILE_FILTERS.values()))
        if path:
            self.export_annotations(Path(path), format_for(Path(path), chosen))

    def export_annotations(self, path: Path, fmt: str) -> Task:
        store, library = self.store, self.window.services.library
        self._status(f"Exporting annotations to {path}…")
        return self.window.runner.submit(
            lambda _ctx: export_to_file(store, library, fmt, path),
            self._export_done,
            lambda msg: self._warn("Export failed",
                                   f"The annotations could not be exported to {path}.\n\n{msg}"))

    def _export_done(self, written: Path) -> None:
        self._status(f"Annotations exported to {written}.")
        self.exported.emit(written)

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import annotations", str(Path.home()),
                                              "Annotations export (*.json);;All files (*)")
        if path:
            self.import_annotations(Path(path))

    def import_annotations(self, path: Path) -> Task:
        store = self.store
        return self.window.runner.submit(
            lambda _ctx: import_from_file(store, path), self._import_done,
            lambda msg: self._warn("Import failed", f"Nothing was imported from {path}.\n\n{msg}"),
            write=True)

    def _import_done(self, report: Any) -> None:
        self._detached.clear()
        self._after_change(None)
        self.window.model.set_starred(self.store.starred_ids())
        self.notice = message_box(self.window, "Annotations imported",
                                  f"Import finished: {report.summary()}.", QMessageBox.Icon.Information)
        self.imported.emit(report)

    def show_start_notices(self) -> None:
        """Tell the user once if the notes file was set aside, or could not be backed up or written."""
        messages = []
        recovered = getattr(self.store, "recovered", None)
        if recovered is not None:
            messages.append(recovered.message)
        if getattr(self.store, "read_only_reason", None):
            messages.append(f"Your notes can be read but not changed: {self.store.read_only_reason}")
        if getattr(self.store, "backup_warning", None):
            messages.append(str(self.store.backup_warning))
        if messages:
            self._warn("Your notes", "\n\n".join(messages))
