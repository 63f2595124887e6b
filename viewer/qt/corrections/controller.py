"""Corrections to extraction in the window: reject, add, relabel, merge and split people,
and the publication date.

:class:`CorrectionController` attaches to a built :class:`~viewer.qt.main_window.MainWindow`
through its public parts: a Corrections menu, entries in the side panel's context menu
(through ``EntityPanel.menu_providers``) and in the reader's (beside the annotations'),
and a line above the text when the user has set the publication date. Each correction is
one store transaction; the window then shows the release again with its corrected
extraction, and the search index catches up in the background like after a note. Undo
goes on the window's Ctrl+Z stack (shared with notes) and is also offered per correction
in the release's Corrections list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QMouseEvent, QUndoStack
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QVBoxLayout

from viewer.corrections import Correction, RegistryEntry
from viewer.entities import Commitment, DateRef, Extraction, Person
from viewer.qt import shortcuts
from viewer.qt.annotations.commands import StoreCommand
from viewer.qt.annotations.selection import body_selection
from viewer.qt.corrections.dialogs import (
    CommitmentDialog,
    CorrectionDialog,
    DateDialog,
    MergeDialog,
    PersonDialog,
    PublicationDateDialog,
    SplitDialog,
    Values,
)
from viewer.qt.corrections.history import CorrectionsDialog
from viewer.qt.dialog_slot import DialogSlot
from viewer.qt.notices import message_box, show_status
from viewer.userdata import StoreError

if TYPE_CHECKING:
    from viewer.qt.main_window import MainWindow

log = logging.getLogger(__name__)

KIND_NOUNS = {"person": "person", "date": "date", "commitment": "commitment"}
Item = Person | DateRef | Commitment


@dataclass(slots=True)
class _Saved:
    """A correction as currently stored: redo saves it again under a new id."""

    correction: Correction
    registry: RegistryEntry | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """An extraction item the user pointed at, and the mention they pointed at for a person."""

    kind: str
    item: Item
    field: str
    start: int
    end: int
    text: str


class CorrectionController(QObject):
    """Signals:
    changed(): a correction was saved or undone and the open release shown again.
    """

    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.store = window.services.userdata
        self.reader = window.reader
        self._dialogs: DialogSlot[CorrectionDialog] = DialogSlot()
        self.history: CorrectionsDialog | None = None
        self.notice: QMessageBox | None = None
        self.reader_menu: QMenu | None = None
        self._extraction: Extraction | None = None
        self._listed: set[str] = set()  # releases whose list row carries corrections
        self._press: QPoint | None = None
        annotations = getattr(window, "annotations", None)
        # One Ctrl+Z for everything the user did to their data: notes and corrections alike.
        self.undo_stack: QUndoStack = getattr(annotations, "undo_stack", None) or QUndoStack(self)
        self._actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_menu()
        self._build_banner()
        window.entity_panel.menu_providers.append(self._panel_menu)
        view = self.reader.view
        # Connected after the annotations controller, which builds the reader's menu: ours
        # adds to it (see _reader_menu).
        view.customContextMenuRequested.connect(self._reader_menu)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        window.document_opened.connect(self._on_document_opened)
        window.import_finished.connect(lambda _report: self.refresh_list_dates())
        self.refresh_list_dates()
        if window.current_doc_id():  # the window reopened the last release before we existed
            self._on_document_opened(window.current_doc_id() or "")

    # -- construction -------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], object], *, shortcut: bool = True,
                panel_only: bool = False, reader_only: bool = False) -> QAction:
        # Delete and F2 act on the side panel's item only while the panel has focus;
        # Ctrl+Alt+digit is AltGr+digit on many keyboards ('@', '{'), so marking works only
        # in the text, never while typing in the search box.
        scope = self.window.entity_panel if panel_only else self.reader.view if reader_only else None
        action = shortcuts.make_action(self.window, name, slot, text=text, scope=scope, shortcut=shortcut)
        self._actions[name] = action
        return action

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def _build_actions(self) -> None:
        for kind, label in (("person", "a person"), ("date", "a date"), ("commitment", "a commitment")):
            self._action(f"mark_{kind}", f"Mark the selection as {label}…",
                         lambda k=kind: self.mark_selection(k), reader_only=True)  # type: ignore[misc]
        self._action("reject_item", "Not a person, date or commitment (selected in the panel)",
                     lambda: self._on_panel_item(self.reject), panel_only=True)
        self._action("relabel_item", "Relabel the item selected in the panel…",
                     lambda: self._on_panel_item(self.relabel), panel_only=True)
        self._action("merge_person", "Merge the selected person with…",
                     lambda: self._on_panel_item(self.merge), shortcut=False)
        self._action("split_person", "Split the selected person…",
                     lambda: self._on_panel_item(self.split), shortcut=False)
        self._action("publication_date", "Publication date…", self.edit_publication_date)
        self._action("show_corrections", "Corrections to this release…", self.show_history, shortcut=False)

    def _build_menu(self) -> None:
        w = self.window
        menu = QMenu("&Corrections", w)
        menu.setObjectName("correctionsMenu")
        for name in ("mark_person", "mark_date", "mark_commitment", None, "reject_item", "relabel_item",
                     "merge_person", "split_person", None, "publication_date", "show_corrections"):
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self._actions[name])
        help_action = next((a for a in w.menuBar().actions() if a.text().replace("&", "") == "Help"), None)
        if help_action is not None:
            w.menuBar().insertMenu(help_action, menu)
        else:
            w.menuBar().addMenu(menu)
        self.menu = menu

    def _build_banner(self) -> None:
        """A line above the text when the publication date is the user's, not the file's."""
        self.banner = QFrame(self.reader)
        self.banner.setObjectName("userDateBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(8, 2, 8, 2)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        edit = QPushButton("Edit…", self.banner)
        edit.setFlat(True)
        edit.clicked.connect(self.edit_publication_date)
        restore = QPushButton("Restore the file's date", self.banner)
        restore.setFlat(True)
        restore.clicked.connect(self._restore_from_banner)
        row.addWidget(self.banner_label, 1)
        row.addWidget(edit)
        row.addWidget(restore)
        self.banner.hide()
        layout = self.reader.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.banner)  # under the legend bar, over the text

    # -- the open release -----------------------------------------------------------------------

    def _on_document_opened(self, doc_id: str) -> None:
        try:
            self._extraction = self.services.library.extraction(doc_id)
        except Exception:  # a release that cannot be read offers nothing to correct
            log.exception("cannot read the extraction of %s", doc_id)
            self._extraction = None
        self._update_banner(doc_id)
        self.refresh_history()

    def _user_date(self, doc_id: str) -> str | None:
        dates = [c for c in self.store.corrections_for(doc_id) if c.op == "set_date" and c.doc_id == doc_id]
        return dates[-1].payload.get("date") if dates else None

    def _file_date(self, doc_id: str) -> str:
        doc = self.services.library.find(doc_id)
        if doc is None:
            return "no date"
        stated, inferred = doc.extra.get("file_date"), doc.extra.get("file_date_inferred")
        if stated:
            return stated
        return f"{inferred}, inferred from the text" if inferred else "no date"

    def _update_banner(self, doc_id: str) -> None:
        try:
            value = self._user_date(doc_id)
        except StoreError as exc:
            self._status(str(exc))
            value = None
        if value:
            self.banner_label.setText(f"Publication date set by you: {value}   "
                                      f"(the file: {self._file_date(doc_id)})")
        self.banner.setVisible(bool(value))

    def _status(self, text: str) -> None:
        show_status(self.window, text)

    def _warn(self, title: str, message: str) -> None:
        self.notice = message_box(self.window, title, message)

    # -- finding what the user points at --------------------------------------------------------

    def find_target(self, target: object) -> Found | None:
        """The extraction item behind a side-panel entry (its ``kind``/``field``/``start``/``end``)."""
        ext = self._extraction
        kind = getattr(target, "kind", None)
        where = (getattr(target, "field", None), getattr(target, "start", None), getattr(target, "end", None))
        if ext is None or kind is None:
            return None
        if kind == "person":
            for p in ext.people:
                for m in p.mentions:
                    if (m.field, m.start, m.end) == where:
                        return Found("person", p, m.field, m.start, m.end, m.text)
            return None
        items: Sequence[DateRef | Commitment] = ext.dates if kind == "date" else ext.commitments
        for it in items:
            if (it.field, it.start, it.end) == where:
                return Found(kind, it, it.field, it.start, it.end, it.text)
        return None

    def found_at(self, pos: int) -> list[Found]:
        """Items under a position of the reader's document (people first)."""
        ext = self._extraction
        at = self.reader.span_map.to_field(pos) if self.reader.document is not None else None
        if ext is None or at is None:
            return []
        field, offset = at
        out: list[Found] = []
        for p in ext.people:
            for m in p.mentions:
                if m.field == field and m.start <= offset < m.end:
                    out.append(Found("person", p, m.field, m.start, m.end, m.text))
        for kind, items in (("date", ext.dates), ("commitment", ext.commitments)):
            for it in items:
                if it.field == field and it.start <= offset < it.end:
                    out.append(Found(kind, it, it.field, it.start, it.end, it.text))
        return out

    def _on_panel_item(self, step: Callable[[Found], object]) -> None:
        found = self.find_target(self.window.entity_panel.current_target())
        if found is None:
            self._status("Select a person, date or commitment in the side panel first.")
            return
        step(found)

    @staticmethod
    def _locator(found: Found) -> dict[str, Any]:
        """How the core finds the item again after re-extraction: its text near its offset."""
        payload: dict[str, Any] = {"kind": found.kind, "text": found.text, "field": found.field,
                                   "start": found.start}
        if isinstance(found.item, Person):
            payload["key"] = found.item.key
        return payload

    # -- saving and undoing -----------------------------------------------------------------------

    def _save(self, saved: _Saved) -> None:
        c = saved.correction
        with self.store.transaction():  # the correction and its registry entry, or neither
            if saved.registry is not None:
                self.store.upsert_registry_entry(saved.registry)
            saved.correction = self.store.add_correction(replace(c, id=None, created=""))
        if saved.registry is not None or (c.doc_id is None and c.op in ("merge_people", "split_person")):
            self.services.reload_registry()

    def _remove(self, saved: _Saved) -> None:
        c = saved.correction
        if c.id is None:
            return
        with self.store.transaction():
            self.store.delete_correction(c.id)
            if saved.registry is not None:
                self.store.delete_registry_entry(saved.registry.key)
        if saved.registry is not None or c.doc_id is None:
            self.services.reload_registry()

    def apply(self, correction: Correction, label: str, registry: RegistryEntry | None = None) -> Correction:
        """Save a correction (raises :class:`StoreError` when it cannot be, for the dialog to show)
        and show the release with it; Ctrl+Z undoes it."""
        saved = _Saved(correction, registry)
        self._save(saved)
        self._push(label, lambda: self._save(saved), lambda: self._remove(saved), correction.doc_id)
        self._after_change()
        self._status(f"{label}. Ctrl+Z undoes it.")
        return saved.correction

    def undo_correction(self, correction: Correction) -> bool:
        """Remove one stored correction (from the Corrections list); Ctrl+Z brings it back."""
        saved = _Saved(correction, self._registry_of(correction))
        try:
            self._remove(saved)
        except StoreError as exc:
            self._warn("Correction not undone", str(exc))
            return False
        self._push("Undo correction", lambda: self._remove(saved), lambda: self._save(saved),
                   correction.doc_id)
        self._after_change()
        self._status("Correction undone. Ctrl+Z brings it back.")
        return True

    def _registry_of(self, c: Correction) -> RegistryEntry | None:
        key = c.payload.get("registry_key")
        if not key:
            return None
        return next((e for e in self.store.registry() if e.key == key), None)

    def _push(self, text: str, redo: Callable[[], object], undo: Callable[[], object],
              doc_id: str | None) -> None:
        # Undo and redo show the release they change, like an editor scrolls to its change.
        self.undo_stack.push(StoreCommand(text, redo, undo, lambda: self._after_change(doc_id),
                                          lambda msg: self._warn("Cannot undo or redo", msg)))

    def _after_change(self, doc_id: str | None = None) -> None:
        doc_id = doc_id or self.window.current_doc_id()
        if doc_id is not None:
            # Reader, side panel and header with the corrected extraction (the window tells
            # the user if the release has left the archive meanwhile).
            self.window.open_document(doc_id)
        self.refresh_list_dates()
        self.refresh_history()
        annotations = getattr(self.window, "annotations", None)
        if annotations is not None:
            annotations.schedule_index_sync()  # the index holds people, dates and commitments
        self.changed.emit()

    # -- the operations -----------------------------------------------------------------------------

    def _doc_id(self) -> str | None:
        doc_id = self.window.current_doc_id()
        if doc_id is None or self.reader.document is None:
            self._status("Open a release first.")
            return None
        return doc_id

    def reject(self, found: Found) -> Correction | None:
        doc_id = self._doc_id()
        if doc_id is None:
            return None
        name = found.item.name if isinstance(found.item, Person) else found.text
        try:
            return self.apply(Correction("reject", self._locator(found), doc_id),
                              f"“{_short(name)}” is not a {KIND_NOUNS[found.kind]}")
        except (StoreError, ValueError) as exc:
            self._warn("Correction not saved", str(exc))
            return None

    def relabel(self, found: Found) -> CorrectionDialog | None:
        doc_id = self._doc_id()
        if doc_id is None:
            return None
        base = self._locator(found)

        def save(values: Values) -> None:
            self.apply(Correction("relabel", {**base, **values}, doc_id),
                       f"“{_short(found.text)}” relabelled")

        item = found.item
        title = f"Relabel this {KIND_NOUNS[found.kind]}"
        if isinstance(item, DateRef):
            return self._open(DateDialog(self.window, title, item.text, item.value, item.grain, save))
        if isinstance(item, Commitment):
            return self._open(CommitmentDialog(self.window, title, item.text, item.kind, item.actor, save))
        return self._open(PersonDialog(self.window, title, found.text, item.name, item.roles, save))

    def mark_selection(self, kind: str) -> CorrectionDialog | None:
        """'Mark as person / date / commitment…' for the reader's selection (body text only)."""
        doc_id = self._doc_id()
        doc = self.reader.document
        if doc_id is None or doc is None:
            return None
        cursor = self.reader.view.textCursor()
        if not cursor.hasSelection():
            self._status("Select the words in the release's text first.")
            return None
        sel = body_selection(self.reader.span_map, cursor.selectionStart(), cursor.selectionEnd())
        if sel is None:
            self._status("Only the release's own text can be marked, not its heading or details.")
            return None
        text = doc.body[sel.start:sel.end]
        stripped = text.strip()
        start = sel.start + (len(text) - len(text.lstrip()))
        if not stripped:
            self._status("Select some words, not only spaces.")
            return None
        base = {"kind": kind, "field": "body", "start": start, "end": start + len(stripped), "text": stripped}

        def save(values: Values) -> None:
            self.apply(Correction("add", {**base, **values}, doc_id),
                       f"“{_short(stripped)}” marked as a {KIND_NOUNS[kind]}")

        title = f"Mark as a {KIND_NOUNS[kind]}"
        if kind == "date":
            value, grain = _guess_date(stripped, doc.effective_date)
            return self._open(DateDialog(self.window, title, stripped, value, grain, save))
        if kind == "commitment":
            return self._open(CommitmentDialog(self.window, title, stripped, "pledge", "", save))
        return self._open(PersonDialog(self.window, title, stripped, " ".join(stripped.split()), (), save))

    def merge(self, found: Found) -> CorrectionDialog | None:
        doc_id = self._doc_id()
        ext = self._extraction
        if doc_id is None or ext is None or not isinstance(found.item, Person):
            return None
        person = found.item
        others = [(p.key, p.name) for p in ext.people if p.key != person.key]
        if not others:
            self._status("This release names nobody else to merge with.")
            return None
        people = {p.key: p for p in ext.people}

        def save(values: Values) -> None:
            keys, name = values["keys"], values["name"]
            if not values["everywhere"]:
                self.apply(Correction("merge_people", {"keys": keys, "name": name}, doc_id),
                           f"Merged as {name}")
                return
            group = [people[k] for k in keys if k in people]
            forms = {f for p in group for f in (p.name, *p.surface_forms)} - {name}
            entry = RegistryEntry(key=keys[0], name=name, aliases=tuple(sorted(forms)),
                                  roles=tuple(dict.fromkeys(r for p in group for r in p.roles)))
            known = {e.key for e in self.store.registry()}
            payload: dict[str, Any] = {"keys": keys, "name": name}
            if entry.key not in known:  # undo forgets only what this merge taught the registry
                payload["registry_key"] = entry.key
            self.apply(Correction("merge_people", payload, None), f"Merged as {name} in every release",
                       entry if entry.key not in known else None)

        return self._open(MergeDialog(self.window, (person.key, person.name), others, save))

    def split(self, found: Found) -> CorrectionDialog | None:
        doc_id = self._doc_id()
        if doc_id is None or not isinstance(found.item, Person):
            return None
        person = found.item
        forms = person.surface_forms
        if len(forms) < 2:
            self._status(f"{person.name} is named only one way here; nothing to split.")
            return None

        def save(values: Values) -> None:
            self.apply(Correction("split_person", {"key": person.key, **values}, doc_id),
                       f"Split {values['name']} from {person.name}")

        return self._open(SplitDialog(self.window, person.name, forms, save))

    def edit_publication_date(self) -> CorrectionDialog | None:
        doc_id = self._doc_id()
        doc = self.reader.document
        if doc_id is None or doc is None:
            return None
        user = self._user_date(doc_id)

        def save(values: Values) -> None:
            self.apply(Correction("set_date", {"date": values["date"]}, doc_id),
                       f"Publication date set to {values['date']}")

        return self._open(PublicationDateDialog(
            self.window, user or doc.effective_date, self._file_date(doc_id), bool(user), save,
            lambda: self.restore_file_date(doc_id)))

    def restore_file_date(self, doc_id: str) -> None:
        """Forget every date the user set on the release (one transaction; Ctrl+Z restores)."""
        saved = [_Saved(c) for c in self.store.corrections_for(doc_id)
                 if c.op == "set_date" and c.doc_id == doc_id]
        if not saved:
            return

        def remove() -> None:
            with self.store.transaction():
                for s in saved:
                    self._remove(s)

        def put_back() -> None:
            with self.store.transaction():
                for s in saved:
                    self._save(s)

        remove()
        self._push("Restore the file's date", remove, put_back, doc_id)
        self._after_change()
        self._status("The file's own date is back. Ctrl+Z undoes.")

    def _restore_from_banner(self) -> None:
        doc_id = self._doc_id()
        if doc_id is None:
            return
        try:
            self.restore_file_date(doc_id)
        except StoreError as exc:
            self._warn("Date not restored", str(exc))

    def _open(self, dialog: CorrectionDialog) -> CorrectionDialog:
        return self._dialogs.open(dialog)

    @property
    def dialog(self) -> CorrectionDialog | None:
        """The correction dialog being shown, if any."""
        return self._dialogs.current

    # -- the corrections list -------------------------------------------------------------------------

    def show_history(self) -> CorrectionsDialog | None:
        if self._doc_id() is None:
            return None
        if self.history is None:
            self.history = CorrectionsDialog(self.window, self.undo_correction)
        self.refresh_history()
        if self.history.isVisible():
            self.history.raise_()
        self.history.show()
        return self.history

    def refresh_history(self) -> None:
        doc = self.reader.document
        if self.history is None or doc is None:
            return
        try:
            corrections = self.store.corrections_for(doc.id)
        except StoreError as exc:
            self._status(str(exc))
            return
        self.history.set_corrections(doc.title or doc.source_name, corrections)

    # -- the release list's dates -----------------------------------------------------------------------

    def refresh_list_dates(self) -> None:
        """Show corrected dates and people in the release list.

        The library applies corrections to the rows it returns; only the rows of releases
        that have (or just lost) corrections are read again.
        """
        model = self.window.model
        try:
            ids = {c.doc_id for c in self.store.all_corrections() if c.doc_id}
            fresh = self.services.library.summaries(sorted(ids | self._listed))
        except StoreError as exc:
            self._status(str(exc))
            return
        self._listed = ids
        updates = {row.id: row for row in fresh if model.summary(row.id) != row}
        if not updates:
            return
        keep = self.window.current_doc_id()
        rows = [updates.get(d) or model.summary(d) for d in model.all_ids()]
        model.update_summaries([r for r in rows if r is not None])
        if keep is not None:
            self.window.table.select_doc(keep, scroll=False)

    # -- panel and reader menus -------------------------------------------------------------------------

    def _panel_menu(self, menu: QMenu, target: object) -> None:
        found = self.find_target(target)
        if found is not None:
            menu.addSeparator()
            self._add_item_actions(menu, found)

    def _add_item_actions(self, menu: QMenu, found: Found) -> None:
        name = found.item.name if isinstance(found.item, Person) else _short(found.text)
        noun = KIND_NOUNS[found.kind]
        menu.addAction(f"Not a {noun}: {_short(name)}", lambda: self.reject(found))
        menu.addAction(f"Relabel this {noun}…", lambda: self.relabel(found))
        if found.kind == "person":
            menu.addAction("Merge with…", lambda: self.merge(found))
            split = menu.addAction("Split…", lambda: self.split(found))
            split.setEnabled(isinstance(found.item, Person) and len(found.item.surface_forms) > 1)

    def _reader_menu(self, pos: QPoint) -> None:
        view = self.reader.view
        menu = getattr(getattr(self.window, "annotations", None), "reader_menu", None)
        try:
            shown = isinstance(menu, QMenu) and menu.isVisible()
        except RuntimeError:  # the last menu, already closed and deleted
            shown = False
        if not shown:
            menu = QMenu(view)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(view.viewport().mapToGlobal(pos))
        assert isinstance(menu, QMenu)
        menu.addSeparator()
        marks = menu.addMenu("Mark as")
        marks.setEnabled(view.textCursor().hasSelection() and self.reader.document is not None)
        for kind in ("person", "date", "commitment"):
            marks.addAction(self._actions[f"mark_{kind}"])
        for found in self.found_at(view.cursorForPosition(pos).position()):
            sub = menu.addMenu(f"{found.kind.capitalize()}: {_short(found.text)}")
            self._add_item_actions(sub, found)
        self.reader_menu = menu

    # -- clicking the date in the header --------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Type and identity first: no call into a view that may be going away with the window.
        if not isinstance(event, QMouseEvent) or watched is not self._viewport \
                or event.button() != Qt.MouseButton.LeftButton:
            return False
        view = self.reader.view
        if event.type() == QEvent.Type.MouseButtonPress:
            self._press = event.position().toPoint()
        elif event.type() == QEvent.Type.MouseButtonRelease and self._press is not None:
            moved = (event.position().toPoint() - self._press).manhattanLength()
            self._press = None
            click = moved <= QGuiApplication.styleHints().startDragDistance()
            if click and not view.textCursor().hasSelection() and self.reader.document is not None:
                pos = view.cursorForPosition(event.position().toPoint()).position()
                at = self.reader.span_map.to_field(pos)
                if at is not None and at[0] == "date":
                    QTimer.singleShot(0, self.edit_publication_date)
        return False


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _guess_date(text: str, publication_date: str | None) -> tuple[str | None, str | None]:
    """The value and grain the date rules give the selected words, to prefill the dialog."""
    from viewer.extraction.dates import Ref, find_dates, resolve

    raws = find_dates(text)
    if not raws:
        return None, None
    raw, value = next(iter(resolve(raws[:1], Ref.parse(publication_date))))
    return value, raw.grain
