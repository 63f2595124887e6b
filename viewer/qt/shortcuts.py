"""Every keyboard shortcut in one table: menus use it and Help › Keyboard shortcuts lists it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str  # action name used by the main window
    keys: tuple[str, ...]  # portable key sequences; the first is shown in menus
    description: str
    group: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("import_files", ("Ctrl+O",), "Import files…", "Archive"),
    Shortcut("import_folder", ("Ctrl+Shift+O",), "Import a folder…", "Archive"),
    Shortcut("quit", ("Ctrl+Q",), "Quit", "Archive"),
    Shortcut("focus_search", ("Ctrl+K", "/"), "Go to the search box", "Search"),
    Shortcut("clear_search", ("Ctrl+Shift+K",), "Clear the search and filters", "Search"),
    Shortcut("search_help", ("F1",), "Search syntax", "Search"),
    Shortcut("focus_list", ("Ctrl+L",), "Go to the release list", "List"),
    Shortcut("toggle_star", ("Ctrl+D",), "Star or unstar the open release", "List"),
    Shortcut("find", ("Ctrl+F",), "Find in the open release (Esc closes)", "Reader"),
    Shortcut("next_hit", ("F3",), "Next search hit", "Reader"),
    Shortcut("previous_hit", ("Shift+F3",), "Previous search hit", "Reader"),
    Shortcut("toggle_person", ("Ctrl+1",), "Highlight people on/off", "Reader"),
    Shortcut("toggle_date", ("Ctrl+2",), "Highlight dates on/off", "Reader"),
    Shortcut("toggle_commitment", ("Ctrl+3",), "Highlight commitments on/off", "Reader"),
    Shortcut("zoom_in", ("Ctrl+=", "Ctrl++"), "Larger text", "Reader"),
    Shortcut("zoom_out", ("Ctrl+-",), "Smaller text", "Reader"),
    Shortcut("zoom_reset", ("Ctrl+0",), "Default text size", "Reader"),
    Shortcut("toggle_entities", ("Ctrl+E",), "Show or hide the This release panel (people, dates…)",
             "Reader"),
    Shortcut("highlight", ("H",), "Highlight the selection (last colour used)", "Notes"),
    Shortcut("highlight_yellow", ("Alt+1",), "Highlight the selection in yellow", "Notes"),
    Shortcut("highlight_green", ("Alt+2",), "Highlight the selection in green", "Notes"),
    Shortcut("highlight_blue", ("Alt+3",), "Highlight the selection in blue", "Notes"),
    Shortcut("highlight_pink", ("Alt+4",), "Highlight the selection in pink", "Notes"),
    Shortcut("highlight_purple", ("Alt+5",), "Highlight the selection in purple", "Notes"),
    Shortcut("highlight_note", ("N",), "Highlight the selection with a note and tags…", "Notes"),
    Shortcut("bookmark_position", ("Ctrl+B",), "Bookmark this place in the open release", "Notes"),
    Shortcut("mark_read", ("Ctrl+Shift+R",), "Mark the open release read (again: unread)", "Notes"),
    Shortcut("mark_reviewed", ("Ctrl+Shift+V",), "Mark the open release reviewed", "Notes"),
    Shortcut("toggle_annotations", ("Ctrl+Shift+A",), "Show or hide the Notes panel", "Notes"),
    Shortcut("toggle_bookmarks", ("Ctrl+Shift+B",), "Show or hide the Bookmarks panel", "Notes"),
    Shortcut("mark_person", ("Ctrl+Alt+1",), "Mark the selection as a person…", "Corrections"),
    Shortcut("mark_date", ("Ctrl+Alt+2",), "Mark the selection as a date…", "Corrections"),
    Shortcut("mark_commitment", ("Ctrl+Alt+3",), "Mark the selection as a commitment…", "Corrections"),
    Shortcut("reject_item", ("Del",), "Not a person, date or commitment (item selected in the side panel)",
             "Corrections"),
    Shortcut("relabel_item", ("F2",), "Relabel the item selected in the side panel…", "Corrections"),
    Shortcut("publication_date", ("Ctrl+Shift+D",), "Edit the open release's publication date…",
             "Corrections"),
)

# Keys handled by widgets rather than actions; listed so the help is complete.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("j / ↓", "Next release in the list", "List"),
    ("k / ↑", "Previous release in the list", "List"),
    ("Enter", "Open the selected release / run the search now", "List"),
    ("Esc in the text", "Back to the release list", "Reader"),
    ("↑ / ↓ in the search box", "Walk the search history", "Search"),
    ("Enter / Shift+Enter in the find bar", "Next / previous match", "Reader"),
    ("Click a highlight", "Edit its note, colour and tags, or delete it", "Notes"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo the last change to a note or bookmark", "Notes"),
)


def by_name(name: str) -> Shortcut:
    for s in SHORTCUTS:
        if s.name == name:
            return s
    raise KeyError(name)


def key_sequences(name: str) -> list[QKeySequence]:
    return [QKeySequence(k) for k in by_name(name).keys]


def make_action(window: QWidget, name: str, slot: Callable[[], object], *, text: str | None = None,
                scope: QWidget | None = None, shortcut: bool = True) -> QAction:
    """An action called ``name`` with its keys from :data:`SHORTCUTS`.

    With ``scope`` the keys only work while the focus is inside that widget: a bare letter
    (H, N) or an AltGr-like chord must not fire while the user types in the search box.
    """
    action = QAction(text or by_name(name).description, window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcuts(key_sequences(name))
    action.triggered.connect(lambda _checked=False: slot())
    if scope is not None:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        scope.addAction(action)
    else:
        window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def rows() -> list[tuple[str, str, str]]:
    """(keys as shown to the user, description, group) for the help table."""
    out = [(" or ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in s.keys),
            s.description, s.group) for s in SHORTCUTS]
    out.extend(WIDGET_KEYS)
    order = ["Search", "List", "Reader", "Notes", "Corrections", "Archive"]
    out.sort(key=lambda r: order.index(r[2]) if r[2] in order else len(order))
    return out
