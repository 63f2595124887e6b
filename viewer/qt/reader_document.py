"""Lay a :class:`Document` out as a ``QTextDocument`` and keep the exact offset map.

Every span the core produces is ``(field, start, end)`` in code points of
``doc.field_text(field)``. The reader builds its ``QTextDocument`` block by block with
``QTextCursor.insertText`` (never HTML: imported files may contain markup), recording
where each field segment starts, so a span maps to document positions exactly. Markers
('□', 'o', '1.') are inserted as separate text before a block's own words and are not part
of any segment. Qt counts positions in UTF-16 units, so characters outside the BMP are
counted twice; the map accounts for them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from viewer.documents import Document

# Characters that would change the block structure or are invisible controls; each is
# replaced by one character so offsets stay put. A line break inside a paragraph becomes a
# Qt line separator (a soft break in the same block).
_LINE_SEPARATOR = "\u2028"
_CONTROL = {c: " " for c in range(0x20) if c not in (9, 10)} | {0x7F: " "}
_CONTROL |= {10: _LINE_SEPARATOR, 13: " ", 0x2029: _LINE_SEPARATOR}


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _safe(text: str) -> str:
    return text.translate(_CONTROL)


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(slots=True)
class _Segment:
    start: int  # code-point offset in the field
    end: int
    pos: int  # document position of ``start``
    astral: list[int]  # field offsets of non-BMP characters inside the segment

    def to_pos(self, offset: int) -> int:
        return self.pos + (offset - self.start) + bisect.bisect_left(self.astral, offset)


@dataclass(slots=True)
class SpanMap:
    """Field offsets ↔ positions in the reader's ``QTextDocument``."""

    segments: dict[str, list[_Segment]] = field(default_factory=dict)

    def add(self, name: str, start: int, text: str, pos: int) -> None:
        astral = [start + m.start() for m in _ASTRAL.finditer(text)]
        self.segments.setdefault(name, []).append(_Segment(start, start + len(text), pos, astral))

    def fields(self) -> list[str]:
        return list(self.segments)

    def to_pos(self, name: str, offset: int) -> int | None:
        """Document position of a field offset (an offset between blocks snaps to the next one)."""
        segs = self.segments.get(name)
        if not segs:
            return None
        starts = [s.start for s in segs]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return segs[0].pos
        seg = segs[i]
        if offset <= seg.end:
            return seg.to_pos(offset)
        return segs[i + 1].pos if i + 1 < len(segs) else seg.to_pos(seg.end)

    def to_range(self, name: str, start: int, end: int) -> tuple[int, int] | None:
        """Document ``(start, end)`` of a field span, or None if the field is not shown."""
        a = self.to_pos(name, start)
        b = self.to_pos(name, end)
        if a is None or b is None or b < a:
            return None
        # A span ending exactly at a block's end must not swallow the next block's start.
        segs = self.segments[name]
        starts = [s.start for s in segs]
        i = bisect.bisect_right(starts, max(start, end - 1)) - 1
        if 0 <= i < len(segs) and segs[i].start <= end <= segs[i].end:
            b = segs[i].to_pos(end)
        return a, b

    def to_field(self, pos: int) -> tuple[str, int] | None:
        """Field and offset under a document position (for selections → annotations)."""
        for name, segs in self.segments.items():
            for seg in segs:
                seg_len = (seg.end - seg.start) + len(seg.astral)
                if seg.pos <= pos <= seg.pos + seg_len:
                    # Walk code points: segments are short (one paragraph).
                    offset, p = seg.start, seg.pos
                    astral = set(seg.astral)
                    while p < pos and offset < seg.end:
                        p += 2 if offset in astral else 1
                        offset += 1
                    return name, offset
        return None


@dataclass(slots=True)
class ReaderStyle:
    """Fonts and colours the layout uses; the theme supplies them."""

    base_font: QFont
    text: QColor
    dim: QColor
    heading: QColor


@dataclass(slots=True)
class ReaderLayout:
    document: QTextDocument
    span_map: SpanMap
    tooltips: list[tuple[int, int, str]]  # document ranges with a tooltip (e.g. inferred date)


TITLE_SCALE = 1.55
LONG_TITLE = 90  # characters; longer titles are set smaller
LONG_TITLE_SCALE = 1.25


def _char(style: ReaderStyle, *, scale: float = 1.0, bold: bool = False, italic: bool = False,
          color: QColor | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    font = QFont(style.base_font)
    if scale != 1.0:
        font.setPointSizeF(style.base_font.pointSizeF() * scale)
    font.setBold(bold)
    font.setItalic(italic)
    fmt.setFont(font)
    fmt.setForeground(color or style.text)
    return fmt


def build_reader_document(doc: Document, style: ReaderStyle) -> ReaderLayout:
    """Lay out title, subtitle, metadata line, body blocks and note."""
    qdoc = QTextDocument()
    qdoc.setDefaultFont(style.base_font)
    qdoc.setDocumentMargin(22)
    qdoc.setUndoRedoEnabled(False)
    span_map = SpanMap()
    tooltips: list[tuple[int, int, str]] = []
    cursor = QTextCursor(qdoc)
    line = style.base_font.pointSizeF()
    first = True

    def new_block(block_fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        nonlocal first
        if first:
            cursor.setBlockFormat(block_fmt)
            cursor.setBlockCharFormat(char_fmt)
            first = False
        else:
            cursor.insertBlock(block_fmt, char_fmt)

    def put(text: str, fmt: QTextCharFormat, field_name: str | None = None, start: int = 0) -> None:
        if field_name is not None:
            span_map.add(field_name, start, text, cursor.position())
        cursor.insertText(_safe(text), fmt)

    # Title
    bf = QTextBlockFormat()
    bf.setBottomMargin(line * 0.5)
    bf.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    # A joint statement's title can run to 150 characters; at full heading size it would
    # fill a laptop's pane before the first paragraph.
    title_scale = TITLE_SCALE if len(doc.title) <= LONG_TITLE else LONG_TITLE_SCALE
    title_fmt = _char(style, scale=title_scale, bold=True, color=style.heading)
    new_block(bf, title_fmt)
    if doc.title:
        put(doc.title, title_fmt, "title")
    else:  # ingestion found no usable title; say so rather than leave a blank heading
        cursor.insertText("Untitled release", _char(style, scale=1.55, bold=True, italic=True,
                                                    color=style.dim))

    if doc.subtitle:
        bf = QTextBlockFormat()
        bf.setBottomMargin(line * 0.5)
        sub_fmt = _char(style, scale=1.1, italic=True, color=style.heading)
        new_block(bf, sub_fmt)
        put(doc.subtitle, sub_fmt, "subtitle")

    # Metadata line: publisher · date · author · source file
    bf = QTextBlockFormat()
    bf.setBottomMargin(line * 1.4)
    meta = _char(style, scale=0.9, color=style.dim)
    meta_strong = _char(style, scale=0.9, bold=True, color=style.dim)
    new_block(bf, meta)
    parts_started = False

    def sep() -> None:
        nonlocal parts_started
        if parts_started:
            cursor.insertText("  ·  ", meta)
        parts_started = True

    if doc.publisher:
        sep()
        cursor.insertText(_safe(doc.publisher), meta_strong)
    if doc.date_text:
        sep()
        put(doc.date_text, meta, "date")
    elif doc.extra.get("date_set_by_user") and doc.effective_date:
        sep()
        start = cursor.position()
        cursor.insertText(f"{doc.effective_date} (set by you)", meta)
        file_date = doc.extra.get("file_date") or doc.extra.get("file_date_inferred") or "none"
        tooltips.append((start, cursor.position(), f"Publication date set by you; the file's: {file_date}"))
    elif doc.date:
        sep()
        cursor.insertText(doc.date, meta)
    elif doc.date_inferred:
        sep()
        start = cursor.position()
        inferred = _char(style, scale=0.9, italic=True, color=style.dim)
        cursor.insertText(f"{doc.date_inferred.value} (inferred)", inferred)
        tooltips.append((start, cursor.position(),
                         f"Date inferred from the text: {doc.date_inferred.evidence}"))
    if doc.author:
        sep()
        cursor.insertText("by ", meta)
        put(doc.author, meta, "author")
    sep()
    start = cursor.position()
    cursor.insertText(_safe(doc.source_name), meta)
    tooltips.append((start, cursor.position(), f"Source file: {doc.source_path or doc.source_name}"))
    if doc.view_count is not None:
        sep()
        cursor.insertText(f"{doc.view_count:,} views", meta)

    # Body
    body_fmt = _char(style)
    marker_fmt = _char(style, bold=True, color=style.dim)
    heading_fmt = _char(style, scale=1.18, bold=True, color=style.heading)
    indent_step = line * 1.6
    for block in doc.blocks:
        bf = QTextBlockFormat()
        bf.setBottomMargin(line * 0.75)
        bf.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt = body_fmt
        if block.kind == "heading":
            bf.setTopMargin(line * 0.6)
            fmt = heading_fmt
        elif block.kind in ("bullet", "numbered"):
            # Hanging indent: the marker sits in the margin, wrapped lines align with the text.
            bf.setLeftMargin(indent_step * (block.level + 1))
            bf.setTextIndent(-indent_step)
        new_block(bf, fmt)
        if block.marker:
            cursor.insertText(_safe(block.marker), marker_fmt)
            cursor.insertText("\t" if block.kind in ("bullet", "numbered") else " ", fmt)
        put(doc.body[block.start:block.end], fmt, "body", block.start)
    if not doc.blocks and doc.body:
        new_block(QTextBlockFormat(), body_fmt)
        put(doc.body, body_fmt, "body", 0)

    if doc.note:
        bf = QTextBlockFormat()
        bf.setTopMargin(line)
        note_fmt = _char(style, scale=0.92, italic=True, color=style.dim)
        new_block(bf, note_fmt)
        put(doc.note, note_fmt, "note")
    _set_tab_stop(qdoc, indent_step)
    return ReaderLayout(qdoc, span_map, tooltips)


def _set_tab_stop(qdoc: QTextDocument, width: float) -> None:
    # The tab after a marker lands on the hanging indent; with a wider marker ('10.') the
    # next stop keeps the text readable rather than overlapping.
    option = qdoc.defaultTextOption()
    option.setTabStopDistance(max(1.0, width / 2))
    qdoc.setDefaultTextOption(option)
