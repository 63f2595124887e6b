"""What a reader sees at laptop sizes: publisher in the list, commitments read whole,
side-panel tabs that fit, a legend that keeps its names while it has room."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTabBar

from viewer.entities import Commitment, Extraction
from viewer.qt.app import create_window
from viewer.qt.doc_table import COL_DATE, COL_TITLE, SECOND_LINE_ROLE, DocumentTableModel
from viewer.qt.entity_panel import BODY_ROLE, EntityPanel
from viewer.qt.main_window import MainWindow
from viewer.qt.short_names import MAX_SHORT, short_publisher
from viewer.qt.theme import LIGHT
from viewer.qt.wrap import wrap_lines

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.mark.parametrize(("name", "short"), [
    ("Ministry of Foreign Affairs, Republic of Korea", "MOFA ROK"),
    ("Ministry of Unification", "MOU"),
    ("Korea Institute for National Unification", "KINU"),
    ("Permanent Mission of the Republic of Korea to the United Nations", "PM ROK UN"),
    ("The Korea Herald", "Korea Herald"),
    ("Daily NK", "Daily NK"),
    (None, ""),
])
def test_short_publisher(name: str | None, short: str) -> None:
    assert short_publisher(name) == short


def test_short_publisher_fits_or_falls_back_to_initials() -> None:
    long = "Citizens' Alliance for North Korean Human Rights, Seoul Office"
    assert len(short_publisher(long)) <= MAX_SHORT + 6
    assert short_publisher(long).startswith("CANKHR")


def _window(qtbot, tmp_path: Path, width: int, height: int) -> MainWindow:  # type: ignore[no-untyped-def]
    window = create_window(tmp_path / "archive", settings_path=tmp_path / "gui.ini", theme="light")
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    QApplication.processEvents()
    return window


@pytest.fixture
def small_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    window = _window(qtbot, tmp_path, 1024, 640)
    yield window
    window.close()
    window.services.close()


def test_publisher_is_under_every_date_and_titles_take_two_lines(small_window: MainWindow) -> None:
    model: DocumentTableModel = small_window.model
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        doc_id = model.doc_id(row)
        summary = model.summary(doc_id)  # type: ignore[arg-type]
        second = model.index(row, COL_DATE).data(SECOND_LINE_ROLE)
        if summary is not None and summary.publisher:
            assert second == (short_publisher(summary.publisher), [])
        # Browsing, the title has no second line of its own: it wraps onto it.
        assert model.index(row, COL_TITLE).data(SECOND_LINE_ROLE) is None
    assert "publisher" in model.headerData(COL_DATE, Qt.Orientation.Horizontal,
                                           Qt.ItemDataRole.ToolTipRole).lower()


def test_side_panel_tabs_fit_the_default_dock_width(small_window: MainWindow) -> None:
    bars = [b for b in small_window.findChildren(QTabBar) if b.parent() is small_window and b.isVisible()]
    assert bars, "the side panels should be tabbed together"
    bar = bars[0]
    titles = [bar.tabText(i) for i in range(bar.count())]
    assert titles == ["This release", "Notes", "Bookmarks"]
    # Every title drawn whole: the bar's natural width fits beside the dock's edge.
    assert bar.sizeHint().width() <= small_window.entity_dock.width()
    assert small_window.entity_dock.width() <= 260  # the reader keeps the width it needs
    ann = small_window.annotations.annotations_dock
    assert ann.widget().minimumSizeHint().width() <= small_window.entity_dock.width()


def test_legend_keeps_its_names_when_there_is_room(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.reader import ReaderPane

    reader = ReaderPane(None, LIGHT)
    qtbot.addWidget(reader)
    reader.setMinimumWidth(0)
    reader.show()
    text = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    reader.resize(360, 400)
    QApplication.processEvents()
    assert all(b.toolButtonStyle() == text for b in reader.kind_buttons.values())
    # What the bar then asks for fits the pane: nothing overlaps the hit counter.
    assert reader._legend.minimumSizeHint().width() <= reader.width()
    # Narrower: the swatches make way, the names stay, drawn in their highlight's colour.
    reader.resize(290, 400)
    QApplication.processEvents()
    only_text = Qt.ToolButtonStyle.ToolButtonTextOnly
    assert all(b.toolButtonStyle() == only_text for b in reader.kind_buttons.values())
    person = reader.kind_buttons["person"]
    assert person.palette().color(QPalette.ColorRole.ButtonText) == LIGHT.highlights.person_line
    assert reader._legend.minimumSizeHint().width() <= reader.width()
    # Very narrow: swatches only (names in tooltips).
    reader.resize(200, 400)
    QApplication.processEvents()
    assert all(b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
               for b in reader.kind_buttons.values())
    # Back to full width, the names take the theme's text colour again.
    reader.resize(500, 400)
    QApplication.processEvents()
    assert person.palette().color(QPalette.ColorRole.ButtonText) != LIGHT.highlights.person_line


def shown_panel(qtbot, width: int, height: int) -> EntityPanel:  # type: ignore[no-untyped-def]
    panel = EntityPanel()
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    return panel


LONG = ("The Government of the Republic of Korea will continue to work closely with the "
        "international community to improve the human rights situation in North Korea, "
        "including the issue of separated families.")


def test_commitments_show_actor_kind_and_the_whole_sentence(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, 260, 500)
    panel.set_extraction(Extraction((), (), (
        Commitment("body", 0, len(LONG), LONG, "the ROK", "pledge"),)))
    QApplication.processEvents()
    group = panel.group("commitment")
    assert group is not None
    item = group.child(0)
    assert item.text(0) == "Pledge · the ROK"
    assert item.data(0, BODY_ROLE) == LONG and item.childCount() == 0
    width = panel.itemDelegateForColumn(0)._text_width(panel.indexFromItem(item, 0))  # type: ignore[attr-defined]
    lines = wrap_lines(LONG, panel.font(), width, 8)
    assert len(lines) >= 3 and " ".join(lines) == " ".join(LONG.split())  # nothing cut
    line_h = panel.fontMetrics().height()
    # The row is as tall as its heading and every wrapped line.
    assert panel.visualItemRect(item).height() >= line_h * (len(lines) + 1)
    # Wider panel, fewer lines, a shorter row.
    tall = panel.visualItemRect(item).height()
    panel.resize(600, 500)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: panel.visualItemRect(item).height() < tall, timeout=2000)


def test_wrap_lines_elides_past_the_limit(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = EntityPanel()
    qtbot.addWidget(panel)
    lines = wrap_lines(LONG * 4, panel.font(), 120, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_a_release_without_title_is_named_in_list_and_reader(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import dataclass

    from viewer.documents import Document, join_blocks
    from viewer.qt.reader import ReaderPane

    @dataclass(frozen=True)
    class Summary:
        id: str
        title: str
        publisher: str | None
        date: str | None
        date_inferred: bool
        people_count: int
        source_name: str

    model = DocumentTableModel()
    model.set_summaries([Summary("a", "", None, None, False, 0, "joint_statement.txt")])
    assert model.index(0, COL_TITLE).data() == "Untitled (joint_statement.txt)"
    body, blocks = join_blocks([("Both sides met.", "paragraph", "", 0)])
    doc = Document(id="a", source_name="joint_statement.txt", source_path="/x/a.txt", format="txt",
                   title="", body=body, blocks=blocks)
    reader = ReaderPane(None, LIGHT)
    qtbot.addWidget(reader)
    reader.show_document(doc, Extraction((), (), ()), {})
    assert reader.view.toPlainText().startswith("Untitled release")


def test_an_empty_list_says_why(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, tmp_path, 1366, 768)
    try:
        with qtbot.waitSignal(window.index_ready, timeout=20_000):
            window.start()
        qtbot.waitUntil(lambda: window.applied_generation() == window.last_generation(), timeout=5000)
        assert window.model.rowCount() > 0 and window.table.placeholder() == ""
        with qtbot.waitSignal(window.search_finished, timeout=5000):
            window.search_bar.set_query("zzqqxxnothing")
        qtbot.waitUntil(lambda: window.applied_generation() == window.last_generation(), timeout=5000)
        assert window.model.rowCount() == 0
        assert "No releases match “zzqqxxnothing”" in window.table.placeholder()
        assert "F1" in window.table.placeholder()
        with qtbot.waitSignal(window.search_finished, timeout=5000):
            window.search_bar.set_query("")
        qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=5000)
        assert window.table.placeholder() == ""
    finally:
        window.close()
        window.services.close()


def test_an_empty_archive_says_how_to_fill_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.doc_table import DocumentTable

    table = DocumentTable()
    qtbot.addWidget(table)
    model = DocumentTableModel()
    table.setModel(model)
    table.set_placeholder("The archive is empty.")
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    # The text is painted in the empty viewport: some pixels differ from the background.
    image = table.viewport().grab().toImage()
    background = image.pixelColor(2, 2)
    assert any(image.pixelColor(x, y) != background for x in range(0, 400, 2) for y in range(20, 60))


def test_import_summary_shows_the_first_failure_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import dataclass

    from viewer.qt.import_dialog import ImportSummaryDialog

    @dataclass(frozen=True)
    class Outcome:
        path: str
        status: str
        doc_id: str | None = None
        title: str | None = None
        error: str | None = None

    @dataclass(frozen=True)
    class Report:
        results: list[Outcome]
        cancelled: bool = False

    reason = ("scan.pdf: the PDF has no text layer (a scanned image?); run it through OCR first, "
              "then import the result — nothing was added for this file")
    dialog = ImportSummaryDialog(Report([Outcome("/in/a.txt", "added", "a", "A title"),
                                         Outcome("/in/scan.pdf", "failed", error=reason)]))
    qtbot.addWidget(dialog)
    current = dialog.tree.currentItem()
    assert current is not None and current.text(0) == "scan.pdf"
    assert dialog.detail.text() == f"/in/scan.pdf\n{reason}"
    assert current.font(1).bold() and not dialog.tree.topLevelItem(1).font(1).bold()
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
    assert dialog.detail.text() == "/in/a.txt\nA title"


def test_tab_walks_the_filter_row_in_order_then_the_list(qtbot, small_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = small_window.filter_panel
    notes_filter = small_window.annotations.list_filter_button
    assert panel.starred.nextInFocusChain() is notes_filter
    chain = []
    w = notes_filter.nextInFocusChain()
    while w is not small_window.table and len(chain) < 50:
        chain.append(w)
        w = w.nextInFocusChain()
    # Nothing that takes Tab focus sits between the Notes filter and the list.
    assert w is small_window.table
    assert not [c for c in chain if c.focusPolicy() & Qt.FocusPolicy.TabFocus and c.isVisible()]


def test_reader_keeps_a_readable_measure_on_wide_screens(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontMetricsF

    from viewer.documents import Document, join_blocks
    from viewer.qt.reader import DOC_MARGIN, MEASURE, ReaderPane

    body, blocks = join_blocks([(LONG * 3, "paragraph", "", 0)])
    doc = Document(id="a", source_name="a.txt", source_path="/x/a.txt", format="txt",
                   title="Talks", body=body, blocks=blocks)
    reader = ReaderPane(None, LIGHT)
    qtbot.addWidget(reader)
    reader.resize(1500, 700)
    reader.show()
    reader.show_document(doc, Extraction((), (), ()), {})
    QApplication.processEvents()
    view = reader.view
    root = view.document().rootFrame().frameFormat()
    em = QFontMetricsF(view.document().defaultFont()).averageCharWidth()
    text_width = view.viewport().width() - root.leftMargin() - root.rightMargin()
    assert root.leftMargin() > DOC_MARGIN and abs(root.leftMargin() - root.rightMargin()) < 1
    assert text_width <= em * MEASURE + 2
    # A narrow pane uses its whole width again.
    reader.resize(500, 700)
    QApplication.processEvents()
    assert view.document().rootFrame().frameFormat().leftMargin() == DOC_MARGIN


def test_notes_panel_gives_the_quote_the_free_lines(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.annotations.panel import quote_line_budget

    assert quote_line_budget(False, False) == 3
    assert quote_line_budget(True, False) == quote_line_budget(False, True) == 2
    assert quote_line_budget(True, True) == 1
    panel = EntityPanel()  # any widget, for its font
    qtbot.addWidget(panel)
    quote = "“" + LONG + "”"
    lines = wrap_lines(quote, panel.font(), 200, quote_line_budget(False, False))
    assert len(lines) == 3 and lines[0].startswith("“The Government") and lines[-1].endswith("…")


def test_commitment_headings_follow_the_theme(small_window: MainWindow) -> None:
    from viewer.qt.theme import DARK

    panel = small_window.entity_panel
    assert panel.commitment_color() == LIGHT.highlights.commitment_line
    small_window.set_theme_mode("dark")
    try:
        assert panel.commitment_color() == DARK.highlights.commitment_line
    finally:
        small_window.set_theme_mode("light")


def test_wrapped_rows_fit_the_width_they_are_painted_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.entities import Mention, Person

    role = "Special Representative for Korean Peninsula Peace and Security Affairs of the Ministry"
    panel = shown_panel(qtbot, 240, 500)
    panel.set_extraction(Extraction(
        (Person("kim", "Kim Gunn", (Mention("body", 0, 8, "Kim Gunn"),), (role,)),), (),
        (Commitment("body", 0, len(LONG), LONG, "the ROK", "pledge"),)))
    QApplication.processEvents()
    fm = panel.fontMetrics()
    for group, text in (("person", role), ("commitment", LONG)):
        item = panel.group(group).child(0)  # type: ignore[union-attr]
        index = panel.indexFromItem(item, 0)
        painted = panel.visualRect(index)
        if panel.isFirstColumnSpanned(index.row(), index.parent()):
            painted.setRight(panel.viewport().width())
        width = panel.itemDelegateForColumn(0)._text_width(index)  # type: ignore[attr-defined]
        lines = wrap_lines(text, panel.font(), width, 8)
        assert len(lines) >= 2
        assert max(fm.horizontalAdvance(line) for line in lines) <= painted.width() - 6, group


def test_an_empty_archive_is_explained_in_the_list(small_window: MainWindow) -> None:
    small_window.model.set_summaries([])  # as after the last release was removed
    text = small_window.table.placeholder()
    assert text.startswith("The archive is empty.") and "Import files" in text


def test_a_long_title_is_set_smaller(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.documents import Document, join_blocks
    from viewer.qt.reader import ReaderPane

    body, blocks = join_blocks([("Both sides met.", "paragraph", "", 0)])
    reader = ReaderPane(None, LIGHT)
    qtbot.addWidget(reader)
    sizes = []
    for title in ("Minister meets families", "Joint Statement of the Foreign Ministers of the Republic of "
                  "Korea, the United States and Japan on the Human Rights Situation in North Korea"):
        doc = Document(id="a", source_name="a.txt", source_path="/x/a.txt", format="txt",
                       title=title, body=body, blocks=blocks)
        reader.show_document(doc, Extraction((), (), ()), {})
        block = reader.view.document().firstBlock()
        sizes.append(block.begin().fragment().charFormat().font().pointSizeF())
    assert sizes[1] < sizes[0]


def test_date_phrases_wrap_beside_an_aligned_value_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.entities import DateRef

    phrase = "the second half of this year (local time)"
    panel = shown_panel(qtbot, 260, 400)
    panel.set_extraction(Extraction((), (
        DateRef("body", 0, 11, "November 15", "2016-11-15", "day"),
        DateRef("body", 20, 20 + len(phrase), phrase, "2024-H2", "half"),
        DateRef("body", 90, 94, "2016", "2016", "year")), ()))
    QApplication.processEvents()
    group = panel.group("date")
    assert group is not None
    short, long_, bare = (group.child(i) for i in range(3))
    # The text a reader copies or a screen reader speaks is unchanged.
    assert long_.text(0) == f"2024-H2   {phrase}" and bare.text(0) == "2016"
    one_line = panel.visualItemRect(short).height()
    assert panel.visualItemRect(bare).height() == one_line
    # The long phrase is not cut: it takes as many lines as it needs, up to three.
    delegate = panel.itemDelegateForColumn(0)
    lines = delegate._date_lines(panel.indexFromItem(long_, 0), panel.font(), phrase)  # type: ignore[attr-defined]
    assert 2 <= len(lines) <= 3 and " ".join(lines) == phrase
    assert panel.visualItemRect(long_).height() >= panel.fontMetrics().height() * len(lines)
    # Wide enough, it is one line again.
    panel.resize(700, 400)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: panel.visualItemRect(long_).height() == one_line, timeout=2000)
