"""Layered highlighting of the reader's document.

Each layer (entity kinds, search hits, annotations, find-in-document, the flash of a
clicked item) is a list of document ranges sharing one ``QTextCharFormat``. Where layers
overlap their formats are merged in z order with ``QTextCharFormat.merge``, which only
overrides the properties a format sets: entities set an underline and a light tint,
annotations and hits set a background, so an annotated or matched name keeps its entity
underline. Formats are applied by a ``QSyntaxHighlighter``, which never touches the
document's text or undo stack.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat

# Conventional z orders; other layers (e.g. user annotations) pick any value in between.
Z_COMMITMENT = 10
Z_DATE = 12
Z_PERSON = 14
Z_ANNOTATION = 20
Z_HIT = 30
Z_FIND = 34
Z_CURRENT = 40
Z_FLASH = 50


@dataclass(slots=True)
class Span:
    start: int  # document positions
    end: int
    tooltip: str = ""


@dataclass(slots=True)
class Layer:
    name: str
    fmt: QTextCharFormat
    z: int
    label: str = ""  # shown as tooltip prefix, e.g. 'Person'
    visible: bool = True
    spans: list[Span] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _max_len: int = 0

    def set_spans(self, spans: list[Span]) -> None:
        self.spans = sorted((s for s in spans if s.end > s.start), key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]
        self._max_len = max((s.end - s.start for s in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[Span]:
        # Spans starting before ``start`` can still reach in; the longest span bounds how far back.
        lo = bisect.bisect_left(self._starts, start - self._max_len)
        hi = bisect.bisect_left(self._starts, end)
        return [s for s in self.spans[lo:hi] if s.end > start and s.start < end]


class LayeredHighlighter(QSyntaxHighlighter):
    """Applies every visible layer; see the module docstring."""

    def __init__(self, parent: QObject) -> None:
        # Attached to a document later (setDocument): the reader swaps documents per release.
        super().__init__(parent)
        self._layers: dict[str, Layer] = {}

    # -- layer management ---------------------------------------------------------------

    def define_layer(self, name: str, fmt: QTextCharFormat, z: int, label: str = "") -> Layer:
        layer = self._layers.get(name)
        if layer is None:
            layer = Layer(name, QTextCharFormat(fmt), z, label)
            self._layers[name] = layer
        else:
            layer.fmt = QTextCharFormat(fmt)
            layer.z = z
            layer.label = label or layer.label
            self._refresh()
        return layer

    def layer(self, name: str) -> Layer | None:
        return self._layers.get(name)

    def layer_names(self) -> list[str]:
        return list(self._layers)

    def set_spans(self, name: str, spans: list[Span]) -> None:
        layer = self._layers[name]
        old = layer.spans
        layer.set_spans(spans)
        if layer.visible:
            # Only the blocks the layer touched before or touches now need new formats:
            # stepping through hits or find matches stays cheap in a long release.
            self._refresh_spans([*old, *layer.spans])

    def clear_spans(self, *names: str) -> None:
        for name in names or tuple(self._layers):
            if name in self._layers:
                self._layers[name].set_spans([])
        self._refresh()

    def set_visible(self, name: str, visible: bool) -> None:
        layer = self._layers[name]
        if layer.visible != visible:
            layer.visible = visible
            self._refresh_spans(layer.spans)

    def is_visible(self, name: str) -> bool:
        layer = self._layers.get(name)
        return bool(layer and layer.visible)

    def spans_at(self, pos: int) -> list[tuple[Layer, Span]]:
        """Visible spans covering a position, topmost first (for tooltips)."""
        out = [(layer, s) for layer in self._layers.values() if layer.visible
               for s in layer.overlapping(pos, pos + 1)]
        out.sort(key=lambda pair: -pair[0].z)
        return out

    def _refresh(self) -> None:
        if self.document() is not None:
            self.rehighlight()

    def _refresh_spans(self, spans: list[Span]) -> None:
        doc = self.document()
        if doc is None or not spans:
            return
        blocks: set[int] = set()
        for span in spans:
            block = doc.findBlock(span.start)
            while block.isValid() and block.position() < span.end:
                blocks.add(block.blockNumber())
                block = block.next()
        for number in sorted(blocks):
            self.rehighlightBlock(doc.findBlockByNumber(number))

    # -- QSyntaxHighlighter -----------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        bstart = block.position()
        bend = bstart + len(text)
        active: list[tuple[int, QTextCharFormat, int, int]] = []
        for layer in self._layers.values():
            if not layer.visible:
                continue
            for span in layer.overlapping(bstart, bend):
                active.append((layer.z, layer.fmt, max(span.start, bstart), min(span.end, bend)))
        if not active:
            return
        active.sort(key=lambda item: item[0])
        cuts = sorted({p for _, _, a, b in active for p in (a, b)})
        for a, b in itertools.pairwise(cuts):
            merged: QTextCharFormat | None = None
            for _, fmt, s, e in active:
                if s <= a and e >= b:
                    if merged is None:
                        merged = QTextCharFormat(fmt)
                    else:
                        merged.merge(fmt)
            if merged is not None:
                self.setFormat(a - bstart, b - a, merged)
