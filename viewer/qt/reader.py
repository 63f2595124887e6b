"""The reader pane: one release laid out for reading, with layered highlights.

Above the text sits a bar with the highlight legend (one toggle per entity kind, each
showing its colour), the search-hit navigator ('3 of 12', F3 / Shift+F3) and zoom; the
find bar (Ctrl+F, Esc closes) sits below. Other parts of the program add layers through
:attr:`ReaderPane.highlighter` and map spans with :attr:`ReaderPane.span_map`; e.g. the
annotations UI defines an ``"annotations"`` layer at ``Z_ANNOTATION``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from viewer.documents import Document
from viewer.entities import EntityKind, Extraction
from viewer.qt.highlighter import (
    Z_COMMITMENT,
    Z_CURRENT,
    Z_DATE,
    Z_FIND,
    Z_FLASH,
    Z_HIT,
    Z_PERSON,
    LayeredHighlighter,
    Span,
)
from viewer.qt.plain import tooltip
from viewer.qt.reader_document import ReaderStyle, SpanMap, build_reader_document
from viewer.qt.theme import LIGHT, Theme

ENTITY_KINDS: tuple[EntityKind, ...] = ("person", "date", "commitment")
KIND_LABELS: dict[str, str] = {"person": "People", "date": "Dates", "commitment": "Commitments"}
HitRanges = Mapping[str, Sequence[tuple[int, int]]]  # field -> [(start, end)]

MIN_ZOOM, MAX_ZOOM = -6, 12


def _swatch(bg: QColor, line: QColor) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.fillRect(1, 1, 12, 10, bg)
    p.fillRect(1, 11, 12, 2, line)
    p.end()
    return QIcon(pm)


DOC_MARGIN = 22  # pixels around the text
MEASURE = 84  # characters per line at most; readable and still dense for analysts


class ReaderView(QTextBrowser):
    """Read-only text view that shows tooltips for highlighted spans and metadata."""

    def __init__(self, pane: ReaderPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.setObjectName("readerView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_measure()

    def fit_measure(self) -> None:
        """Keep lines near :data:`MEASURE` characters: on a wide screen the text sits in a
        centred column (as in a book or calibre) instead of lines too long to follow."""
        doc = self.document()
        root = doc.rootFrame()
        fmt = root.frameFormat()
        em = QFontMetricsF(doc.defaultFont()).averageCharWidth()
        spare = self.viewport().width() - 2 * DOC_MARGIN - em * MEASURE
        side = float(DOC_MARGIN + max(0, int(spare // 2)))
        if abs(fmt.leftMargin() - side) >= 1 or abs(fmt.rightMargin() - side) >= 1:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            root.setFrameFormat(fmt)

    def setDocument(self, document: QTextDocument) -> None:
        super().setDocument(document)
        self.fit_measure()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._pane.find_bar.isVisible():
            self._pane.escape_pressed.emit()  # back to the list, for keyboard-only reading
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._pane.tooltip_at(self.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class FindBar(QWidget):
    """Find in the open release. Signals: closed()."""

    closed = Signal()

    def __init__(self, pane: ReaderPane) -> None:
        super().__init__(pane)
        self.setObjectName("findBar")
        self._pane = pane
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in this release")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setMinimumWidth(80)
        self.case = QCheckBox("Match case", self)
        prev_btn = QToolButton(self)
        prev_btn.setText("▲")
        prev_btn.setToolTip("Previous match (Shift+Enter)")
        next_btn = QToolButton(self)
        next_btn.setText("▼")
        next_btn.setToolTip("Next match (Enter)")
        close_btn = QToolButton(self)
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        close_btn.setAutoRaise(True)
        for w in (QLabel("Find:", self), self.edit, prev_btn, next_btn, self.case, self.count):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close_btn)
        self.edit.textChanged.connect(lambda _t: pane.update_find())
        self.case.toggled.connect(lambda _c: pane.update_find())
        self.edit.returnPressed.connect(lambda: pane.step_find(1))
        prev_btn.clicked.connect(lambda: pane.step_find(-1))
        next_btn.clicked.connect(lambda: pane.step_find(1))
        close_btn.clicked.connect(self.close_bar)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._pane.step_find(-1)
            return
        super().keyPressEvent(event)

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()


class ReaderPane(QWidget):
    """Shows one :class:`Document` with its extraction and search hits.

    Signals:
        hit_status_changed(str): the 'n of m' text (empty when there are no hits).
        zoom_changed(int): the zoom step (0 = default size).
        escape_pressed(): Esc in the text (the window returns focus to the list).
        layout_ready(): the release was laid out anew (open, zoom, theme) and every layer
            cleared; spans set now are painted in the same highlighting pass.
    """

    hit_status_changed = Signal(str)
    zoom_changed = Signal(int)
    escape_pressed = Signal()
    layout_ready = Signal()

    def __init__(self, parent: QWidget | None = None, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self._theme = theme
        self._doc: Document | None = None
        self._extraction: Extraction | None = None
        self._hit_ranges: dict[str, list[tuple[int, int]]] = {}
        self._hits: list[tuple[int, int]] = []
        self._hit_index = -1
        self._finds: list[tuple[int, int]] = []
        self._find_index = -1
        self._zoom = 0
        self._tooltips: list[tuple[int, int, str]] = []
        self.span_map = SpanMap()
        self.base_font = QFont(self.font())
        self.base_font.setPointSizeF(max(11.0, self.font().pointSizeF() * 1.15))

        self.view = ReaderView(self)
        self.highlighter = LayeredHighlighter(self)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(900)
        self._flash_timer.timeout.connect(lambda: self.highlighter.clear_spans("flash"))

        self._legend = QWidget(self)
        self._legend.setObjectName("readerBar")
        # The bar adapts to the pane (see _fit_legend) instead of setting the pane's minimum
        # width; otherwise the splitter could never make the reader narrow enough to adapt.
        self._legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        bar = QHBoxLayout(self._legend)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.setSpacing(4)
        self.kind_buttons: dict[str, QToolButton] = {}
        for kind in ENTITY_KINDS:
            btn = QToolButton(self._legend)
            btn.setText(KIND_LABELS[kind])
            btn.setCheckable(True)
            btn.setChecked(True)
            btn.setAutoRaise(True)
            btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            btn.setToolTip(f"Highlight {KIND_LABELS[kind].lower()} (toggle)")
            btn.toggled.connect(lambda on, k=kind: self.set_kind_visible(k, on))
            self.kind_buttons[kind] = btn
            bar.addWidget(btn)
        bar.addStretch(1)
        self.hit_label = QLabel(self._legend)
        self.hit_label.setObjectName("hitLabel")
        self.prev_hit_btn = QToolButton(self._legend)
        self.prev_hit_btn.setText("◀")
        self.prev_hit_btn.setToolTip("Previous search hit (Shift+F3)")
        self.prev_hit_btn.setAutoRaise(True)
        self.next_hit_btn = QToolButton(self._legend)
        self.next_hit_btn.setText("▶")
        self.next_hit_btn.setToolTip("Next search hit (F3)")
        self.next_hit_btn.setAutoRaise(True)
        self.prev_hit_btn.clicked.connect(self.previous_hit)
        self.next_hit_btn.clicked.connect(self.next_hit)
        for w in (self.hit_label, self.prev_hit_btn, self.next_hit_btn):
            bar.addWidget(w)

        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.find_bar.closed.connect(self._on_find_closed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._legend)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self._define_layers()
        self._update_hit_ui()
        self.clear()

    # -- theme and layers ---------------------------------------------------------------

    def _define_layers(self) -> None:
        c = self._theme.highlights
        h = self.highlighter

        def entity(bg: QColor, line: QColor, style: QTextCharFormat.UnderlineStyle) -> QTextCharFormat:
            fmt = QTextCharFormat()
            fmt.setBackground(bg)
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(line)
            return fmt

        solid = QTextCharFormat.UnderlineStyle.SingleUnderline
        h.define_layer("person", entity(c.person_bg, c.person_line, solid), Z_PERSON, "Person")
        h.define_layer("date", entity(c.date_bg, c.date_line, solid), Z_DATE, "Date")
        h.define_layer("commitment", entity(c.commitment_bg, c.commitment_line,
                                            QTextCharFormat.UnderlineStyle.DashUnderline),
                       Z_COMMITMENT, "Commitment")
        hit = QTextCharFormat()
        hit.setBackground(c.hit_bg)
        hit.setForeground(c.hit_fg)
        h.define_layer("hits", hit, Z_HIT, "Search hit")
        find = QTextCharFormat()
        find.setBackground(c.find_bg)
        find.setForeground(c.hit_fg)
        h.define_layer("find", find, Z_FIND, "Find")
        current = QTextCharFormat()
        current.setBackground(c.current_bg)
        current.setForeground(c.hit_fg)
        h.define_layer("current", current, Z_CURRENT)
        flash = QTextCharFormat()
        flash.setBackground(c.flash_bg)
        h.define_layer("flash", flash, Z_FLASH)
        for kind in ENTITY_KINDS:
            btn = self.kind_buttons[kind]
            btn.setIcon(_swatch(getattr(c, f"{kind}_bg"), getattr(c, f"{kind}_line")))
        self._fit_legend()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def _fit_legend(self) -> None:
        # The legend is the only key to the colours, so names go last: first the swatches
        # make way (the names then take the highlight's colour), and only in a very narrow
        # pane do the names give way to swatches (names in tooltips). Nothing is elided and
        # nothing overlaps the hit counter.
        buttons = list(self.kind_buttons.values())
        if not buttons:
            return
        # Besides the buttons the bar holds the hit counter as it reads now with its arrows
        # when shown, the margins and spacing. Re-checked whenever the counter changes.
        rest = self.hit_label.sizeHint().width() if self.hit_label.text() else 0
        for arrow in (self.prev_hit_btn, self.next_hit_btn):
            rest += arrow.sizeHint().width() if not arrow.isHidden() else 0
        bar = self._legend.layout()
        if bar is not None:
            margins = bar.contentsMargins()
            rest += margins.left() + margins.right() + bar.spacing() * (len(buttons) + 3)
        names = sum(b.fontMetrics().horizontalAdvance(b.text()) for b in buttons)
        icon_w = buttons[0].iconSize().width()
        # Fusion's frame and the icon-text gap add about 20 px to a button, 14 without icon.
        if self.width() >= rest + names + len(buttons) * (icon_w + 20):
            style = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        elif self.width() >= rest + names + len(buttons) * 14:
            style = Qt.ToolButtonStyle.ToolButtonTextOnly
        else:
            style = Qt.ToolButtonStyle.ToolButtonIconOnly
        lines = self._theme.highlights
        for kind, b in self.kind_buttons.items():
            if b.toolButtonStyle() != style:
                b.setToolButtonStyle(style)
            if style == Qt.ToolButtonStyle.ToolButtonTextOnly:
                pal = QPalette(b.palette())
                pal.setColor(QPalette.ColorRole.ButtonText, getattr(lines, f"{kind}_line"))
                b.setPalette(pal)
            elif b.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
                b.setPalette(QPalette())  # back to the theme's colours

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._define_layers()
        if self._doc is not None:
            self._relayout()

    def _style(self) -> ReaderStyle:
        font = QFont(self.base_font)
        font.setPointSizeF(max(6.0, self.base_font.pointSizeF() + self._zoom))
        return ReaderStyle(font, self._theme.text, self._theme.dim, self._theme.heading)

    # -- content ----------------------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        return self._doc

    def clear(self) -> None:
        self._doc = None
        self._extraction = None
        self._hit_ranges = {}
        qdoc = QTextDocument(self)
        qdoc.setDocumentMargin(22)
        qdoc.setPlainText("Select a release in the list to read it.")
        self.highlighter.setDocument(None)
        self.view.setDocument(qdoc)
        self.span_map = SpanMap()
        self._tooltips = []
        self.highlighter.clear_spans()
        self._hits = []
        self._hit_index = -1
        self._update_hit_ui()

    def show_document(self, doc: Document, extraction: Extraction | None,
                      hits: HitRanges | None = None) -> None:
        same = self._doc is not None and self._doc.id == doc.id
        scroll = self.view.verticalScrollBar().value() if same else 0
        self._doc = doc
        self._extraction = extraction
        self._hit_ranges = {k: list(v) for k, v in (hits or {}).items()}
        self._relayout()
        self.view.verticalScrollBar().setValue(scroll)
        if self._hits and not same:
            self._go_hit(0)

    def set_hits(self, hits: HitRanges | None) -> None:
        """Replace the search hits (same document, new query)."""
        self._hit_ranges = {k: list(v) for k, v in (hits or {}).items()}
        self._apply_hits()

    def _relayout(self) -> None:
        assert self._doc is not None
        layout = build_reader_document(self._doc, self._style())
        layout.document.setParent(self)
        old = self.view.document()
        self.highlighter.setDocument(None)
        self.view.setDocument(layout.document)
        if old is not None and old is not layout.document:
            old.deleteLater()
        self.span_map = layout.span_map
        self._tooltips = layout.tooltips
        self.highlighter.clear_spans()
        self._apply_entities()
        self._apply_hits(rehighlight=False)
        self.layout_ready.emit()
        self.highlighter.setDocument(layout.document)
        # setDocument only schedules highlighting; do it now so the first paint is complete.
        self.highlighter.rehighlight()
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self.update_find()

    def _doc_range(self, field: str, start: int, end: int) -> tuple[int, int] | None:
        return self.span_map.to_range(field, start, end)

    def _apply_entities(self) -> None:
        ext = self._extraction
        spans: dict[str, list[Span]] = {k: [] for k in ENTITY_KINDS}
        if ext is not None:
            for person in ext.people:
                role = f" — {', '.join(person.roles)}" if person.roles else ""
                for m in person.mentions:
                    r = self._doc_range(m.field, m.start, m.end)
                    if r:
                        spans["person"].append(Span(r[0], r[1], f"{person.name}{role}"))
            for d in ext.dates:
                r = self._doc_range(d.field, d.start, d.end)
                if r:
                    value = f"{d.value} ({d.grain})" if d.value else "unresolved"
                    spans["date"].append(Span(r[0], r[1], value))
            for c in ext.commitments:
                r = self._doc_range(c.field, c.start, c.end)
                if r:
                    spans["commitment"].append(Span(r[0], r[1], f"{c.kind} by {c.actor}"))
        for kind, items in spans.items():
            layer = self.highlighter.layer(kind)
            if layer is not None:
                layer.set_spans(items)

    def _apply_hits(self, rehighlight: bool = True) -> None:
        hits: list[tuple[int, int]] = []
        for field, ranges in self._hit_ranges.items():
            for start, end in ranges:
                r = self._doc_range(field, start, end)
                if r and r[1] > r[0]:
                    hits.append(r)
        self._hits = sorted(set(hits))
        self._hit_index = -1
        layer = self.highlighter.layer("hits")
        if layer is not None:
            layer.set_spans([Span(a, b) for a, b in self._hits])
        cur = self.highlighter.layer("current")
        if cur is not None:
            cur.set_spans([])
        if rehighlight:
            self.highlighter.rehighlight()
        self._update_hit_ui()

    # -- entity kinds ----------------------------------------------------------------------

    def set_kind_visible(self, kind: str, visible: bool) -> None:
        self.highlighter.set_visible(kind, visible)
        btn = self.kind_buttons.get(kind)
        if btn is not None and btn.isChecked() != visible:
            btn.setChecked(visible)

    def kind_visible(self, kind: str) -> bool:
        return self.highlighter.is_visible(kind)

    # -- hits ------------------------------------------------------------------------------

    def hit_count(self) -> int:
        return len(self._hits)

    def current_hit(self) -> int:
        return self._hit_index

    def hit_status(self) -> str:
        if not self._hits:
            return ""
        n = len(self._hits)
        if self._hit_index < 0:  # new hits in the open release; F3 goes to the first
            return f"{n} hit{'s' if n != 1 else ''}"
        return f"{self._hit_index + 1} of {n}"

    def next_hit(self) -> None:
        if self._hits:
            self._go_hit((self._hit_index + 1) % len(self._hits))

    def previous_hit(self) -> None:
        if self._hits:
            self._go_hit((self._hit_index - 1) % len(self._hits))

    def _go_hit(self, index: int) -> None:
        self._hit_index = index
        start, end = self._hits[index]
        self.highlighter.set_spans("current", [Span(start, end)])
        self._scroll_to(start, end)
        self._update_hit_ui()

    def _update_hit_ui(self) -> None:
        status = self.hit_status()
        self.hit_label.setText(status)
        self.hit_label.setToolTip(f"Search hit {status} (F3 / Shift+F3)" if status else "")
        has = bool(self._hits)
        self.prev_hit_btn.setEnabled(has)
        self.next_hit_btn.setEnabled(has)
        self.prev_hit_btn.setVisible(has)
        self.next_hit_btn.setVisible(has)
        self._fit_legend()
        self.hit_status_changed.emit(status)

    # -- moving around -------------------------------------------------------------------------

    def _scroll_to(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(end)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        cursor.setPosition(start)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def reveal(self, field: str, start: int, end: int) -> bool:
        """Scroll to a field span and flash it; False if it is not shown."""
        r = self._doc_range(field, start, end)
        if r is None:
            return False
        self._scroll_to(*r)
        self.highlighter.set_spans("flash", [Span(*r)])
        self._flash_timer.start()
        return True

    def text_at(self, start: int, end: int) -> str:
        """Document text between two positions (tests and the annotations UI)."""
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2028", "\n").replace("\u2029", "\n")

    def tooltip_at(self, pos: int) -> str:
        lines = []
        for layer, span in self.highlighter.spans_at(pos):
            if layer.label:
                lines.append(f"{layer.label}: {span.tooltip}" if span.tooltip else layer.label)
        lines.extend(tip for a, b, tip in self._tooltips if a <= pos < b)
        return "\n".join(lines)

    # -- find in document ------------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_bar.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 80:
            self.find_bar.edit.setText(selected)
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()
        self.update_find()

    def update_find(self) -> None:
        needle = self.find_bar.edit.text()
        self._finds = []
        if needle:
            flags = QTextDocument.FindFlag(0)
            if self.find_bar.case.isChecked():
                flags |= QTextDocument.FindFlag.FindCaseSensitively
            qdoc = self.view.document()
            cursor = qdoc.find(needle, 0, flags)
            while not cursor.isNull() and len(self._finds) < 10_000:
                self._finds.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = qdoc.find(needle, cursor, flags)
        self.highlighter.set_spans("find", [Span(a, b) for a, b in self._finds])
        self._find_index = -1
        if self._finds:
            self.step_find(1)
        else:
            self.highlighter.set_spans("current", [])
            self.find_bar.count.setText("No matches" if needle else "")

    def step_find(self, delta: int) -> None:
        if not self._finds:
            return
        self._find_index = (self._find_index + delta) % len(self._finds)
        start, end = self._finds[self._find_index]
        self.highlighter.set_spans("current", [Span(start, end)])
        self._scroll_to(start, end)
        self.find_bar.count.setText(f"{self._find_index + 1} of {len(self._finds)}")

    def find_matches(self) -> list[tuple[int, int]]:
        return list(self._finds)

    def _on_find_closed(self) -> None:
        self._finds = []
        self.highlighter.set_spans("find", [])
        self.highlighter.set_spans("current", [])
        self._hit_index = -1
        self._update_hit_ui()
        self.view.setFocus()

    # -- zoom ------------------------------------------------------------------------------------

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, step: int) -> None:
        step = max(MIN_ZOOM, min(MAX_ZOOM, step))
        if step == self._zoom:
            return
        self._zoom = step
        if self._doc is not None:
            bar = self.view.verticalScrollBar()
            ratio = bar.value() / bar.maximum() if bar.maximum() else 0.0
            self._relayout()
            bar.setValue(round(ratio * bar.maximum()))
        self.zoom_changed.emit(step)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def zoom_reset(self) -> None:
        self.set_zoom(0)
