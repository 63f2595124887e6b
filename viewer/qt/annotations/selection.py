"""Map a selection in the reader (document positions) back to exact body offsets.

Only the release's body can be annotated. A selection that starts in the heading or ends
in the closing note is clamped to the body; paragraph markers ('□', '1.') are not part of
the body, so a selection across them simply leaves them out of the quote. Positions are
Qt's UTF-16 positions; offsets are code points of ``Document.body``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from viewer.qt.reader_document import SpanMap

BODY = "body"


@dataclass(frozen=True, slots=True)
class BodySelection:
    start: int  # code-point offsets into Document.body
    end: int
    clamped: bool  # part of the selection lay outside the body and was left out


class _Segment(Protocol):
    start: int
    end: int
    pos: int
    astral: list[int]


def _seg_len(seg: _Segment) -> int:
    return (seg.end - seg.start) + len(seg.astral)


def _offset_in(seg: _Segment, pos: int) -> int:
    """Body offset of a document position inside ``seg`` (surrogate pairs count twice)."""
    offset, p = seg.start, seg.pos
    astral = set(seg.astral)
    while p < pos and offset < seg.end:
        p += 2 if offset in astral else 1
        offset += 1
    return offset


def body_selection(span_map: SpanMap, start_pos: int, end_pos: int) -> BodySelection | None:
    """The body part of document range ``[start_pos, end_pos)``, or None if it has none."""
    if end_pos < start_pos:
        start_pos, end_pos = end_pos, start_pos
    segs = span_map.segments.get(BODY, [])
    inside = [s for s in segs if s.pos < end_pos and s.pos + _seg_len(s) > start_pos]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    start = _offset_in(first, max(start_pos, first.pos))
    end = _offset_in(last, min(end_pos, last.pos + _seg_len(last)))
    if end <= start:
        return None
    clamped = start_pos < first.pos or end_pos > last.pos + _seg_len(last)
    return BodySelection(start, end, clamped)


def body_position(span_map: SpanMap, pos: int) -> int | None:
    """Body offset at a cursor position (a position outside the body snaps to the next paragraph)."""
    segs = span_map.segments.get(BODY, [])
    for seg in segs:
        if pos <= seg.pos + _seg_len(seg):
            return _offset_in(seg, max(pos, seg.pos))
    return segs[-1].end if segs else None
