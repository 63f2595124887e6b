"""Corrections to extraction in the real window on a temporary archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from viewer.entities import Person
from viewer.qt.app import create_window
from viewer.qt.corrections import CorrectionController
from viewer.qt.corrections.controller import Found
from viewer.qt.corrections.dialogs import (
    CommitmentDialog,
    DateDialog,
    MergeDialog,
    PublicationDateDialog,
    date_value_error,
    publication_date_error,
)
from viewer.qt.main_window import MainWindow
from viewer.userdata import StoreWriteError

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _open_window(qtbot, root: Path, settings: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    # Not qtbot.addWidget: pytest-qt would delete the window before _close could wait for
    # the background index sync and close the services.
    w = create_window(root, settings_path=settings, theme="light")
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.index_ready, timeout=20_000):
        w.start()
    qtbot.waitUntil(lambda: w.applied_generation() == w.last_generation(), timeout=5000)
    return w


def _close(qtbot, w: MainWindow) -> None:  # type: ignore[no-untyped-def]
    if w.corrections.dialog is not None:
        w.corrections.dialog.reject()
    qtbot.waitUntil(lambda: not w.annotations.sync_pending(), timeout=10_000)
    w.close()
    w.services.close()
    w.deleteLater()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = _open_window(qtbot, tmp_path / "archive", tmp_path / "gui.ini")
    yield w
    _close(qtbot, w)


def ctl(w: MainWindow) -> CorrectionController:
    return w.corrections


def open_with_people(w: MainWindow, at_least: int = 2) -> str:
    """Open the first release naming at least ``at_least`` people."""
    for doc_id in w.model.all_ids():
        if len(w.services.library.extraction(doc_id).people) >= at_least:
            assert w.open_document(doc_id)
            return doc_id
    pytest.skip("no bundled release names enough people")


def panel_names(w: MainWindow, kind: str) -> list[str]:
    group = w.entity_panel.group(kind)
    assert group is not None
    return [group.child(i).text(0) for i in range(group.childCount())]


def person_spans(w: MainWindow) -> list[str]:
    layer = w.reader.highlighter.layer("person")
    assert layer is not None
    return [w.reader.text_at(s.start, s.end) for s in layer.spans]


def found_person(w: MainWindow, person: Person) -> Found:
    m = person.mentions[0]
    return Found("person", person, m.field, m.start, m.end, m.text)


def select_body(w: MainWindow, start: int, end: int) -> None:
    r = w.reader.span_map.to_range("body", start, end)
    assert r is not None
    cursor = QTextCursor(w.reader.view.document())
    cursor.setPosition(r[0])
    cursor.setPosition(r[1], QTextCursor.MoveMode.KeepAnchor)
    w.reader.view.setTextCursor(cursor)


def test_reject_a_person_from_the_panel_menu_survives_reopening(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = _open_window(qtbot, tmp_path / "archive", tmp_path / "gui.ini")
    doc_id = open_with_people(w)
    person = w.services.library.extraction(doc_id).people[-1]
    assert any(person.name in n for n in panel_names(w, "person"))
    assert person.mentions[0].text in person_spans(w) or person.mentions[0].field != "body"
    # The panel's own context menu, with the corrections provider's entries.
    item = next(w.entity_panel.group("person").child(i)  # type: ignore[union-attr]
                for i in range(w.entity_panel.group("person").childCount())  # type: ignore[union-attr]
                if person.name in w.entity_panel.group("person").child(i).text(0))  # type: ignore[union-attr]
    menu = QMenu()
    for provider in w.entity_panel.menu_providers:
        provider(menu, _target_of(w, item))
    texts = [a.text() for a in menu.actions()]
    assert f"Not a person: {person.name}" in texts and "Merge with…" in texts
    next(a for a in menu.actions() if a.text().startswith("Not a person")).trigger()
    assert not any(person.name in n for n in panel_names(w, "person"))
    assert all(m.text not in person_spans(w) for m in person.mentions if
               not any(m.text in q.surface_forms for q in w.services.library.extraction(doc_id).people))
    assert person.key not in {p.key for p in w.services.library.extraction(doc_id).people}
    _close(qtbot, w)

    w = _open_window(qtbot, tmp_path / "archive", tmp_path / "gui.ini")
    assert w.current_doc_id() == doc_id  # the window reopens the last release
    assert not any(person.name in n for n in panel_names(w, "person"))
    assert person.key not in {p.key for p in w.services.library.extraction(doc_id).people}
    _close(qtbot, w)


def _target_of(w: MainWindow, item) -> object:  # type: ignore[no-untyped-def]
    w.entity_panel.setCurrentItem(item)
    return w.entity_panel.current_target()


def test_relabel_a_date_value_and_undo_it_with_ctrl_z(window: MainWindow) -> None:
    doc_id = open_with_people(window, 0)
    ext = window.services.library.extraction(doc_id)
    d = next(x for x in ext.dates if x.field == "body")
    dialog = ctl(window).relabel(Found("date", d, d.field, d.start, d.end, d.text))
    assert isinstance(dialog, DateDialog)
    assert dialog.value_edit.text() == (d.value or "")
    dialog.value_edit.setText("1999-12")
    dialog.grain_combo.setCurrentText("day")
    dialog.save_button.click()  # a month is not a day: refused, dialog kept
    assert dialog.isVisible() and "month" in dialog.error_label.text()
    dialog.grain_combo.setCurrentText("month")
    dialog.save_button.click()
    assert not dialog.isVisible()
    new = next(x for x in window.services.library.extraction(doc_id).dates
               if (x.field, x.start, x.end) == (d.field, d.start, d.end))
    assert (new.value, new.grain, new.rule) == ("1999-12", "month", "user")
    assert any(n.startswith("1999-12") for n in panel_names(window, "date"))
    window.corrections.undo_stack.undo()
    back = next(x for x in window.services.library.extraction(doc_id).dates
                if (x.field, x.start, x.end) == (d.field, d.start, d.end))
    assert back.value == d.value
    assert not any(n.startswith("1999-12") for n in panel_names(window, "date"))


def test_add_a_commitment_from_the_reader_selection(window: MainWindow) -> None:
    doc_id = open_with_people(window, 0)
    doc = window.reader.document
    assert doc is not None
    block = max(doc.blocks, key=lambda b: b.end - b.start)
    start, end = block.start, block.start + min(60, block.end - block.start)
    select_body(window, start, end)
    before = len(window.services.library.extraction(doc_id).commitments)
    dialog = ctl(window).mark_selection("commitment")
    assert isinstance(dialog, CommitmentDialog)
    assert doc.body[start:end].strip() in dialog.intro.text()
    dialog.save_button.click()
    assert dialog.isVisible() and "Name who" in dialog.error_label.text()
    dialog.kind_combo.setCurrentText("plan")
    dialog.actor_edit.setText("Test Ministry")
    dialog.save_button.click()
    assert not dialog.isVisible()
    commitments = window.services.library.extraction(doc_id).commitments
    assert len(commitments) == before + 1
    added = next(c for c in commitments if c.rule == "user")
    assert (added.actor, added.kind, added.text) == ("Test Ministry", "plan", doc.body[start:end].strip())
    assert doc.body[added.start:added.end] == added.text  # exact body offsets
    assert any("Test Ministry" in n for n in panel_names(window, "commitment"))
    layer = window.reader.highlighter.layer("commitment")
    assert layer is not None and added.text in [window.reader.text_at(s.start, s.end) for s in layer.spans]


def test_merge_two_people(window: MainWindow) -> None:
    doc_id = open_with_people(window, 2)
    a, b = window.services.library.extraction(doc_id).people[:2]
    dialog = ctl(window).merge(found_person(window, a))
    assert isinstance(dialog, MergeDialog)
    row = next(i for i in range(dialog.people_list.count()) if dialog.people_list.item(i).text() == b.name)
    from PySide6.QtCore import Qt

    dialog.people_list.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.save_button.click()
    assert not dialog.isVisible()
    people = window.services.library.extraction(doc_id).people
    merged = next(p for p in people if p.name == a.name)
    assert b.name not in {p.name for p in people}
    assert {m for m in (*a.mentions, *b.mentions)} <= set(merged.mentions)
    assert len(panel_names(window, "person")) == len(people)


def test_merge_everywhere_teaches_the_registry_and_undo_forgets(window: MainWindow) -> None:
    doc_id = open_with_people(window, 2)
    a, b = window.services.library.extraction(doc_id).people[:2]
    dialog = ctl(window).merge(found_person(window, a))
    assert isinstance(dialog, MergeDialog)
    from PySide6.QtCore import Qt

    for i in range(dialog.people_list.count()):
        if dialog.people_list.item(i).text() == b.name:
            dialog.people_list.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.everywhere.setChecked(True)
    dialog.save_button.click()
    store = window.services.userdata
    assert [c.doc_id for c in store.all_corrections()] == [None]
    entry = next(e for e in store.registry() if e.key == a.key)
    assert b.name in entry.aliases and entry.name == a.name
    assert b.name not in {p.name for p in window.services.library.extraction(doc_id).people}
    window.corrections.undo_stack.undo()
    assert store.all_corrections() == [] and store.registry() == []
    assert b.name in {p.name for p in window.services.library.extraction(doc_id).people}


def test_publication_date_shows_in_header_banner_and_list_and_restores(window: MainWindow) -> None:
    doc_id = open_with_people(window, 0)
    original = window.model.summary(doc_id)
    assert original is not None
    dialog = ctl(window).edit_publication_date()
    assert isinstance(dialog, PublicationDateDialog)
    dialog.edit.setText("2019-02-30")
    dialog.save_button.click()
    assert dialog.isVisible() and "calendar" in dialog.error_label.text()
    dialog.edit.setText("2019-03")
    dialog.save_button.click()
    assert not dialog.isVisible()
    doc = window.reader.document
    assert doc is not None and doc.effective_date == "2019-03"
    assert window.corrections.banner.isVisible()
    assert "set by you: 2019-03" in window.corrections.banner_label.text()
    summary = window.model.summary(doc_id)
    assert summary is not None and summary.date == "2019-03"
    assert "2019-03 (set by you)" in window.reader.view.toPlainText()
    row = window.model.row_of(doc_id)
    assert row is not None
    assert any(window.model.index(row, c).data() == "2019-03" for c in range(window.model.columnCount()))
    assert window.table.current_doc_id() == doc_id
    # Restore the file's date from a fresh dialog.
    dialog = ctl(window).edit_publication_date()
    assert isinstance(dialog, PublicationDateDialog) and dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert not window.corrections.banner.isVisible()
    assert window.model.summary(doc_id) == original
    assert window.reader.document.effective_date == original.date  # type: ignore[union-attr]


def test_undo_from_the_corrections_list_and_redo(window: MainWindow) -> None:
    doc_id = open_with_people(window, 1)
    person = window.services.library.extraction(doc_id).people[0]
    ctl(window).reject(found_person(window, person))
    history = ctl(window).show_history()
    assert history is not None and history.list.count() == 1
    assert person.mentions[0].text in history.list.item(0).text()
    assert history.undo_selected()
    assert history.list.count() == 0
    assert window.services.userdata.corrections_for(doc_id) == []
    assert person.key in {p.key for p in window.services.library.extraction(doc_id).people}
    window.corrections.undo_stack.undo()  # Ctrl+Z brings the rejection back
    assert history.list.count() == 1
    assert person.key not in {p.key for p in window.services.library.extraction(doc_id).people}
    history.close()


def test_a_failed_save_keeps_the_dialog_and_its_input(window: MainWindow,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    doc_id = open_with_people(window, 1)
    person = window.services.library.extraction(doc_id).people[0]
    store = window.services.userdata

    def full(*_a: object, **_k: object) -> None:
        raise StoreWriteError("The disk is full; your change was not saved.", "full")

    monkeypatch.setattr(store, "add_correction", full)
    dialog = ctl(window).relabel(found_person(window, person))
    assert dialog is not None
    dialog.name_edit.setText("Somebody Else")  # type: ignore[attr-defined]
    dialog.save_button.click()
    assert dialog.isVisible() and "disk is full" in dialog.error_label.text()
    assert dialog.name_edit.text() == "Somebody Else"  # type: ignore[attr-defined]
    assert window.corrections.undo_stack.count() == 0
    monkeypatch.undo()
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert "Somebody Else" in {p.name for p in window.services.library.extraction(doc_id).people}


# Popups on the offscreen platform cannot raise or grab the keyboard; nothing of ours.
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support (raise|grabbing)")
def test_the_reader_menu_offers_marks_and_the_items_under_the_cursor(window: MainWindow) -> None:
    doc_id = open_with_people(window, 1)
    person = next(p for p in window.services.library.extraction(doc_id).people
                  if any(m.field == "body" for m in p.mentions))
    m = next(m for m in person.mentions if m.field == "body")
    r = window.reader.span_map.to_range("body", m.start, m.end)
    assert r is not None
    found = ctl(window).found_at(r[0])
    assert any(f.kind == "person" and f.item == person for f in found)
    select_body(window, m.start, m.end)
    point = window.reader.view.cursorRect(window.reader.view.textCursor()).center()
    window.reader.view.customContextMenuRequested.emit(point)
    menu = ctl(window).reader_menu
    assert menu is not None
    titles = [a.text() for a in menu.actions()]
    assert "Mark as" in titles
    menu.close()


def test_date_checks() -> None:
    assert publication_date_error("2024-02-16") is None
    assert publication_date_error("2024") is None
    assert publication_date_error("16/02/2024") is not None
    assert publication_date_error("2024-13") is not None
    assert date_value_error("", "day") is None
    assert date_value_error("2024-H2", "half") is None
    assert date_value_error("2024-02-16", "month") is not None
    assert date_value_error("soon", "day") is not None


def test_split_a_person_by_the_names_found(window: MainWindow) -> None:
    doc_id = None
    for candidate in window.model.all_ids():
        if any(len(p.surface_forms) > 1 for p in window.services.library.extraction(candidate).people):
            doc_id = candidate
            break
    if doc_id is None:
        pytest.skip("no bundled release names a person two ways")
    assert window.open_document(doc_id)
    person = next(p for p in window.services.library.extraction(doc_id).people if len(p.surface_forms) > 1)
    dialog = ctl(window).split(found_person(window, person))
    assert dialog is not None
    from PySide6.QtCore import Qt

    forms = dialog.forms_list  # type: ignore[attr-defined]
    for i in range(forms.count()):
        forms.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.save_button.click()  # every name ticked: nobody would be left
    assert dialog.isVisible() and "at least one" in dialog.error_label.text()
    forms.item(0).setCheckState(Qt.CheckState.Unchecked)
    moved = [forms.item(i).text() for i in range(1, forms.count())]
    dialog.name_edit.setText("Someone Else")  # type: ignore[attr-defined]
    dialog.save_button.click()
    assert not dialog.isVisible()
    people = {p.name: p for p in window.services.library.extraction(doc_id).people}
    assert set(people["Someone Else"].surface_forms) == set(moved)
    assert not set(people[person.name].surface_forms) & set(moved)
    assert any("Someone Else" in n for n in panel_names(window, "person"))


def test_delete_in_the_panel_rejects_the_selected_date(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    doc_id = open_with_people(window, 0)
    group = window.entity_panel.group("date")
    assert group is not None and group.childCount()
    item = group.child(0)
    first = window.services.library.extraction(doc_id).dates[0]
    window.entity_panel.setFocus()
    window.entity_panel.setCurrentItem(item)
    qtbot.keyClick(window.entity_panel, Qt.Key.Key_Delete)
    dates = window.services.library.extraction(doc_id).dates
    assert (first.field, first.start, first.end) not in {(d.field, d.start, d.end) for d in dates}
    assert window.entity_panel.group("date").childCount() == len(dates)  # type: ignore[union-attr]


def test_a_correction_reaches_the_search_index(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    doc_id = open_with_people(window, 1)
    person = window.services.library.extraction(doc_id).people[0]
    query = f'person:"{person.name}"'
    index = window.services.index
    assert doc_id in {h.doc_id for h in index.search(query, limit=100).hits}
    with qtbot.waitSignal(window.annotations.index_synced, timeout=20_000):
        ctl(window).reject(found_person(window, person))
    assert doc_id not in {h.doc_id for h in index.search(query, limit=100).hits}


def test_ctrl_alt_digit_marks_only_in_the_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    open_with_people(window, 0)
    doc = window.reader.document
    assert doc is not None and doc.blocks
    select_body(window, doc.blocks[0].start, doc.blocks[0].start + 5)
    window.search_bar.edit.setFocus()  # with a selection waiting in the text
    qtbot.keyClick(window.search_bar.edit, Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert ctl(window).dialog is None
    window.reader.view.setFocus()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert isinstance(ctl(window).dialog, DateDialog)
