"""Highlights, notes, bookmarks and reading state in the real window on a temporary archive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

from viewer.qt.annotations import AnnotationController
from viewer.qt.annotations.colors import tint
from viewer.qt.annotations.models import ANNOTATION_ROLE, DETACHED_ROLE
from viewer.qt.annotations.selection import body_position, body_selection
from viewer.qt.app import create_window
from viewer.qt.main_window import MainWindow
from viewer.qt.reader_document import SpanMap
from viewer.userdata import Annotation, StoreWriteError

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NASTY = "<img src=x onerror=alert(1)><b>bold</b>"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = create_window(tmp_path / "archive", settings_path=tmp_path / "gui.ini", theme="light")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.index_ready, timeout=20_000):
        w.start()
    qtbot.waitUntil(lambda: w.applied_generation() == w.last_generation(), timeout=5000)
    yield w
    if w.annotations.dialog is not None:
        w.annotations.dialog.reject()
    w.close()
    w.services.close()


def ctl(window: MainWindow) -> AnnotationController:
    return window.annotations


def open_doc(window: MainWindow, row: int = 0) -> str:
    doc_id = window.model.doc_id(row)
    assert doc_id is not None and window.open_document(doc_id)
    return doc_id


def select_body(window: MainWindow, start: int, end: int) -> None:
    r = window.reader.span_map.to_range("body", start, end)
    assert r is not None
    cursor = QTextCursor(window.reader.view.document())
    cursor.setPosition(r[0])
    cursor.setPosition(r[1], QTextCursor.MoveMode.KeepAnchor)
    window.reader.view.setTextCursor(cursor)


def word_span(window: MainWindow, word: str, nth: int = 0) -> tuple[int, int]:
    body = window.reader.document.body  # type: ignore[union-attr]
    at = -1
    for _ in range(nth + 1):
        at = body.index(word, at + 1)
    return at, at + len(word)


def format_at(window: MainWindow, pos: int) -> QTextCharFormat:
    block = window.reader.view.document().findBlock(pos)
    rel = pos - block.position()
    formats = block.layout().formats()
    for fr in formats:
        if fr.start <= rel < fr.start + fr.length:
            return QTextCharFormat(fr.format)
    return QTextCharFormat()


def highlight(window: MainWindow, start: int, end: int, color: str = "yellow") -> Annotation:
    select_body(window, start, end)
    window.annotations.action(f"highlight_{color}").trigger()
    saved = [a for a in window.services.userdata.annotations_for(window.current_doc_id() or "")
             if (a.start, a.end) == (start, end)]
    assert len(saved) == 1
    return saved[0]


# -- selection mapping (no window) ------------------------------------------------------------------

def test_selection_maps_to_exact_body_offsets_with_astral_characters() -> None:
    m = SpanMap()
    m.add("title", 0, "Title", 0)
    m.add("body", 0, "a😀b", 10)  # 😀 takes positions 11 and 12
    m.add("body", 5, "cd", 20)  # a marker sits between the blocks (positions 15-19)
    assert body_selection(m, 13, 14) == body_selection(m, 13, 14)
    sel = body_selection(m, 11, 14)
    assert sel is not None and (sel.start, sel.end, sel.clamped) == (1, 3, False)
    across = body_selection(m, 12 + 1, 21)  # from 'b' over the marker into 'c'
    assert across is not None and (across.start, across.end, across.clamped) == (2, 6, False)
    from_title = body_selection(m, 2, 11)
    assert from_title is not None and (from_title.start, from_title.end, from_title.clamped) == (0, 1, True)
    assert body_selection(m, 0, 5) is None  # the title only
    assert body_position(m, 16) == 5  # a cursor on the marker bookmarks the next paragraph


# -- highlighting in the reader ---------------------------------------------------------------------

def test_select_then_highlight_saves_quote_and_offsets_and_paints(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    doc_id = open_doc(window)
    body = window.reader.document.body  # type: ignore[union-attr]
    start, end = 10, 60
    a = highlight(window, start, end, "green")
    assert (a.doc_id, a.quote, a.start, a.end, a.color) == (doc_id, body[start:end], start, end, "green")
    r = window.reader.span_map.to_range("body", start, end)
    assert r is not None
    assert window.reader.text_at(*r) == a.quote
    spans = window.reader.highlighter.layer("annotation_green").spans  # type: ignore[union-attr]
    assert [(s.start, s.end) for s in spans] == [r]
    assert format_at(window, r[0] + 1).background().color() == tint("green", window.themes.theme)
    assert not window.reader.view.textCursor().hasSelection()
    # Shown in the panel, counted in the status bar, searchable once the index caught up.
    assert ctl(window).panel.model.ids()[0] == a.id
    assert ctl(window).read_label.text().startswith("1 highlight")


def test_selection_in_the_heading_is_refused_and_across_it_clamped(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_doc(window)
    store = window.services.userdata
    title = window.reader.span_map.to_range("title", 0, 5)
    assert title is not None
    cursor = QTextCursor(window.reader.view.document())
    cursor.setPosition(title[0])
    cursor.setPosition(title[1], QTextCursor.MoveMode.KeepAnchor)
    window.reader.view.setTextCursor(cursor)
    assert ctl(window).highlight() is None
    assert store.annotation_ids() == []
    assert "Only the release's text" in window.statusBar().currentMessage()
    body_start = window.reader.span_map.to_range("body", 0, 12)
    assert body_start is not None
    cursor.setPosition(0)
    cursor.setPosition(body_start[1], QTextCursor.MoveMode.KeepAnchor)
    window.reader.view.setTextCursor(cursor)
    a = ctl(window).highlight()
    assert a is not None and (a.start, a.end) == (0, 12)
    assert "left out" in window.statusBar().currentMessage()


def test_click_a_highlight_edit_note_and_tags_then_search_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    doc_id = open_doc(window)
    a = highlight(window, 20, 50)
    r = window.reader.span_map.to_range("body", 20, 50)
    assert r is not None
    view = window.reader.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(r[0] + 3)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: ctl(window).dialog is not None, timeout=2000)
    dialog = ctl(window).dialog
    assert dialog is not None and dialog.quote_label.text() == f"“{a.quote}”"
    dialog.note_edit.setPlainText("check the zebrafinch wording")
    dialog.tags_edit.setText("follow-up, UN")
    dialog.color_buttons["pink"].setChecked(True)
    with qtbot.waitSignal(ctl(window).index_synced, timeout=10_000):
        dialog.save_button.click()
    assert ctl(window).dialog is None
    saved = window.services.userdata.get_annotation(a.id)
    assert saved is not None
    assert saved.note == "check the zebrafinch wording"
    assert (saved.tags, saved.color) == (("follow-up", "UN"), "pink")
    hits = window.services.index.search("note:zebrafinch").hits
    assert [h.doc_id for h in hits] == [doc_id]
    assert [h.doc_id for h in window.services.index.search("tag:follow-up").hits] == [doc_id]


def test_delete_then_ctrl_z_restores_the_same_annotation(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_doc(window)
    store = window.services.userdata
    a = highlight(window, 5, 40, "blue")
    store.update_annotation(a.id, note="keep me", tags=["x"])
    before = store.get_annotation(a.id)
    dialog = ctl(window).edit_annotation(a.id)
    assert dialog is not None and dialog.delete_button is not None
    dialog.delete_button.click()
    assert store.get_annotation(a.id) is None
    assert window.reader.highlighter.layer("annotation_blue").spans == []  # type: ignore[union-attr]
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.activateWindow()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get_annotation(a.id) == before
    assert len(window.reader.highlighter.layer("annotation_blue").spans) == 1  # type: ignore[union-attr]
    ctl(window).redo_action.trigger()
    assert store.get_annotation(a.id) is None


def test_keyboard_highlight_note_and_undo_from_the_reader(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_doc(window)
    store = window.services.userdata
    view = window.reader.view
    view.setFocus()
    select_body(window, 30, 45)
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    [a] = store.annotations_for(window.current_doc_id() or "")
    assert (a.start, a.end, a.color) == (30, 45, "blue")
    select_body(window, 50, 70)
    qtbot.keyClick(view, Qt.Key.Key_H)  # the last colour used
    assert [x.color for x in store.annotations_for(a.doc_id)] == ["blue", "blue"]
    select_body(window, 80, 95)
    qtbot.keyClick(view, Qt.Key.Key_N)
    dialog = ctl(window).dialog
    assert dialog is not None and dialog.windowTitle() == "New highlight"
    assert len(store.annotations_for(a.doc_id)) == 2  # nothing saved until Save
    dialog.note_edit.setPlainText("typed first")
    dialog.save_button.click()
    assert [x.note for x in store.annotations_for(a.doc_id)][-1] == "typed first"
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(store.annotations_for(a.doc_id)) == 2
    # A bare letter typed in the search box searches; it never highlights.
    select_body(window, 100, 110)
    window.search_bar.edit.setFocus()
    qtbot.keyClick(window.search_bar.edit, Qt.Key.Key_H)
    assert len(store.annotations_for(a.doc_id)) == 2


# -- the Annotations panel ------------------------------------------------------------------------

def test_panel_lists_filters_and_clicks_through(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.services.userdata
    first = open_doc(window, 0)
    a = highlight(window, 0, 30, "yellow")
    store.update_annotation(a.id, note="Geneva meeting", tags=["UN"])
    second = open_doc(window, 1)
    b = highlight(window, 40, 90, "green")
    store.update_annotation(b.id, tags=["sanctions"])
    panel = ctl(window).panel
    panel.refresh_tags()
    panel.reload()
    assert sorted(panel.model.ids()) == sorted([a.id, b.id])
    assert panel.count_label.text() == "2 highlights"
    panel.set_filter(color="green")
    assert panel.model.ids() == [b.id]
    panel.set_filter(color="", text="geneva")
    assert panel.model.ids() == [a.id]
    panel.set_filter(text="", tag="sanctions")
    assert panel.model.ids() == [b.id]
    panel.set_filter(tag="", this_doc=True)
    assert panel.model.ids() == [b.id]  # the open release is the second
    panel.set_filter(this_doc=False)
    assert len(panel.model.ids()) == 2
    # Clicking a row opens its release and flashes the highlighted text.
    ctl(window).annotations_dock.show()
    ctl(window).annotations_dock.raise_()
    row = panel.model.row_of(a.id)
    assert row is not None
    rect = panel.view.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_doc_id() == first != second
    expected = window.reader.span_map.to_range("body", a.start, a.end)
    flash = window.reader.highlighter.layer("flash").spans  # type: ignore[union-attr]
    assert [(s.start, s.end) for s in flash] == [expected]


def test_detached_annotations_are_listed_and_marked_never_dropped(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.services.userdata
    doc_id = open_doc(window)
    gone = Annotation(id="11111111-2222-3333-4444-555555555555", doc_id=doc_id,
                      quote="a sentence that was never in this release at all", prefix="", suffix="",
                      start=3, end=52, note="still mine", created="2024-01-01T00:00:00+00:00",
                      updated="2024-01-01T00:00:00+00:00")
    store.restore_annotation(gone)
    ctl(window).repaint()
    panel = ctl(window).panel
    panel.reload()
    index = panel.model.index(panel.model.row_of(gone.id) or 0)
    assert index.data(ANNOTATION_ROLE).id == gone.id
    assert index.data(DETACHED_ROLE) is True
    assert [p.detached for p in ctl(window).anchors()] == [True]
    assert ctl(window).show_annotation(gone.id) is False
    assert "detached" in window.statusBar().currentMessage()


# -- plain text and failures ---------------------------------------------------------------------

def test_markup_in_a_note_is_shown_literally_everywhere(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_doc(window)
    a = highlight(window, 0, 25)
    window.services.userdata.update_annotation(a.id, note=NASTY, tags=["<i>t</i>"])
    ctl(window).panel.reload()
    dialog = ctl(window).edit_annotation(a.id)
    assert dialog is not None
    assert dialog.note_edit.toPlainText() == NASTY
    assert dialog.quote_label.textFormat() == Qt.TextFormat.PlainText
    dialog.reject()
    tip = ctl(window).panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    rendered = QTextDocument()
    rendered.setHtml(tip)
    assert NASTY in rendered.toPlainText()
    assert "<img" not in tip and "<b>" not in tip
    assert rendered.resource(QTextDocument.ResourceType.ImageResource, "x") is None


def test_a_failed_save_keeps_the_dialog_and_what_was_typed(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    open_doc(window)
    store = window.services.userdata
    a = highlight(window, 0, 25)

    def full(*_a: object, **_k: object) -> None:
        raise StoreWriteError("The disk is full; your change was not saved.", "full")

    monkeypatch.setattr(store, "update_annotation", full)
    dialog = ctl(window).edit_annotation(a.id)
    assert dialog is not None
    dialog.note_edit.setPlainText("two pages of careful notes")
    dialog.tags_edit.setText("important")
    dialog.save_button.click()
    assert dialog.isVisible() and ctl(window).dialog is dialog
    assert dialog.note_edit.toPlainText() == "two pages of careful notes"
    assert dialog.tags_edit.text() == "important"
    assert "disk is full" in dialog.error_label.text() and dialog.error_label.isVisible()
    monkeypatch.undo()
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert store.get_annotation(a.id).note == "two pages of careful notes"  # type: ignore[union-attr]

    monkeypatch.setattr(store, "add_annotation", full)
    select_body(window, 30, 40)
    assert ctl(window).highlight() is None
    assert ctl(window).notice is not None and "disk is full" in ctl(window).notice.text()
    ctl(window).notice.close()


# -- overlapping highlights stay legible --------------------------------------------------------

def test_annotation_over_entity_and_hit_keeps_underline(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    library = window.services.library
    for row in range(window.model.rowCount()):
        doc_id = window.model.doc_id(row) or ""
        ext = library.extraction(doc_id)
        mentions = [m for p in (ext.people if ext else ()) for m in p.mentions if m.field == "body"]
        if mentions:
            break
    else:
        pytest.skip("no person mentioned in a bundled body")
    m = mentions[0]
    window.open_document(doc_id)
    highlight(window, max(0, m.start - 5), m.end + 5, "purple")
    pos = window.reader.span_map.to_range("body", m.start, m.end)[0] + 1  # type: ignore[index]
    fmt = format_at(window, pos)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline  # the person's line
    assert fmt.background().color() == tint("purple", window.themes.theme)
    # A search hit on the same words is drawn over the annotation; the underline survives.
    name = window.reader.document.body[m.start:m.end]  # type: ignore[union-attr]
    window.reader.set_hits({"body": [(m.start, m.end)]})
    fmt = format_at(window, pos)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert fmt.background().color() == window.themes.theme.highlights.hit_bg
    assert name
    # Theme and zoom lay the release out again; the highlight is painted again too.
    window.set_theme_mode("dark")
    assert format_at(window, pos - 1 if pos > 0 else pos).background().color() in (
        tint("purple", window.themes.theme), window.themes.theme.highlights.hit_bg)
    window.reader.set_hits({})
    window.reader.zoom_in()
    assert format_at(window, pos).background().color() == tint("purple", window.themes.theme)


# -- bookmarks, stars, reading state, list filters ----------------------------------------------

def test_bookmark_a_place_star_and_mark_read_with_list_filters(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.services.userdata
    doc_id = open_doc(window, 2)
    r = window.reader.span_map.to_range("body", 120, 121)
    assert r is not None
    cursor = QTextCursor(window.reader.view.document())
    cursor.setPosition(r[0])
    window.reader.view.setTextCursor(cursor)
    window.reader.view.ensureCursorVisible()
    ctl(window).action("bookmark_position").trigger()
    [b] = store.list_bookmarks()
    assert (b.doc_id, b.offset) == (doc_id, 120)
    panel = ctl(window).bookmarks_panel
    [place] = panel.items("place")
    window.toggle_star(doc_id)
    assert [i.data(0, Qt.ItemDataRole.UserRole + 2) for i in panel.items("doc")] == [doc_id]
    open_doc(window, 0)
    panel._activate(place)
    assert window.current_doc_id() == doc_id
    flash = window.reader.highlighter.layer("flash").spans  # type: ignore[union-attr]
    assert flash and flash[0].start == r[0]

    ctl(window).action("mark_read").trigger()
    assert store.read_state(doc_id) == "read"
    assert ctl(window).read_label.text().endswith("Read")
    ctl(window).set_list_filter(read="read")
    assert window.model.ids() == [doc_id]
    ctl(window).set_list_filter(read="unread")
    assert doc_id not in window.model.ids() and len(window.model.ids()) == window.model.total() - 1
    ctl(window).set_list_filter(read=None, annotated=True)
    assert window.model.ids() == []
    highlight(window, 0, 10)
    assert window.model.ids() == [doc_id]
    window.filter_panel.clear_button.setEnabled(True)
    window.filter_panel.clear_button.click()
    assert len(window.model.ids()) == window.model.total()
    ctl(window).action("mark_read").trigger()  # again: back to unread
    assert store.read_state(doc_id) == "unread"
    ctl(window).undo_action.trigger()
    assert store.read_state(doc_id) == "read"


# -- export, import and start-up notices -----------------------------------------------------------

def test_export_and_import_through_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = window.services.userdata
    open_doc(window)
    a = highlight(window, 0, 20)
    store.update_annotation(a.id, note=NASTY)
    out = tmp_path / "notes.json"
    with qtbot.waitSignal(ctl(window).exported, timeout=10_000):
        ctl(window).export_annotations(out, "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [x["note"] for x in data["annotations"]] == [NASTY]
    md = tmp_path / "notes.md"
    with qtbot.waitSignal(ctl(window).exported, timeout=10_000):
        ctl(window).export_annotations(md, "md")
    assert "&lt;img" in md.read_text(encoding="utf-8")
    store.delete_annotation(a.id)
    store.db.connection().execute("DELETE FROM annotations")  # as if on a fresh machine
    with qtbot.waitSignal(ctl(window).imported, timeout=10_000):
        ctl(window).import_annotations(out)
    assert "Import finished" in ctl(window).notice.text()  # type: ignore[union-attr]
    assert store.get_annotation(a.id).note == NASTY  # type: ignore[union-attr]
    assert ctl(window).panel.model.ids() == [a.id]
    ctl(window).notice.close()  # type: ignore[union-attr]


def test_a_damaged_notes_file_is_reported_once_at_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from viewer.paths import DataPaths

    paths = DataPaths(tmp_path / "archive").ensure()
    paths.userdata_db.write_bytes(b"this is not a database" * 100)
    w = create_window(paths.root, settings_path=tmp_path / "gui.ini", theme="light")
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: w.annotations.notice is not None, timeout=3000)
        text = w.annotations.notice.text()  # type: ignore[union-attr]
        assert "moved aside, not deleted" in text and "corrupt" in text
        w.annotations.notice.close()  # type: ignore[union-attr]
    finally:
        w.close()
        w.services.close()


def test_start_up_notices_are_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.services.userdata
    assert ctl(window).notice is None  # a healthy store says nothing
    store.backup_warning = "Today's automatic backup of your notes failed: disk full"
    ctl(window).show_start_notices()
    box = ctl(window).notice
    assert box is not None and "backup of your notes failed" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()


def test_note_shortcuts_come_from_the_shared_table_and_are_listed_in_help(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    from viewer.qt import shortcuts

    described = {r[1] for r in shortcuts.rows()}
    for name in ("highlight", "highlight_yellow", "highlight_note", "bookmark_position", "mark_read"):
        spec = shortcuts.by_name(name)
        assert ctl(window).action(name).shortcut() == QKeySequence(spec.keys[0])
        assert spec.description in described
    assert ctl(window).annotations_dock.toggleViewAction().shortcut() == QKeySequence("Ctrl+Shift+A")
    assert ctl(window).notes_menu.title() == "&Notes"


def _lab(color: QColor) -> tuple[float, float, float]:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_every_highlight_tint_stands_out_from_the_page_and_from_search_hits(theme_name: str) -> None:
    import math
    import re

    from viewer.paths import resources_dir
    from viewer.qt.theme import DARK, LIGHT
    from viewer.userdata import COLORS

    theme = LIGHT if theme_name == "light" else DARK
    qss = (resources_dir() / f"{theme_name}.qss").read_text(encoding="utf-8")
    page = re.search(r"QTextBrowser#readerView \{[^}]*background: (#[0-9a-f]{6})", qss)
    assert page is not None
    # CIE76 distance; about 2 is barely visible, over 20 is plain at a glance.
    for color in COLORS:
        for other in (QColor(page.group(1)), theme.highlights.hit_bg):
            distance = math.dist(_lab(tint(color, theme)), _lab(other))
            assert distance >= 20, (color, other.name(), round(distance))
    yellow = _lab(tint("yellow", theme))
    assert math.dist(yellow, _lab(theme.highlights.commitment_bg)) >= 20
