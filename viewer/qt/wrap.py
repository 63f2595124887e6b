"""Plain text broken into lines of a given pixel width, for delegates that paint rows
themselves (side panel, notes panel) and must size a row before painting it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` pixels; the last kept line is elided
    when more would follow."""
    layout = QTextLayout(" ".join(text.split()), font)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(10, width))
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    flat = layout.text()
    out = [flat[a:a + n].rstrip() for a, n in lines[:max_lines]]
    if len(lines) > max_lines and out:
        rest = flat[lines[max_lines - 1][0]:]
        out[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, max(10, width))
    return out


def draw_item_background(delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem,
                         index: QModelIndex | QPersistentModelIndex) -> tuple[QStyleOptionViewItem, str]:
    """Paint a row's background, selection and icon but not its text; return the style
    option and the text, for a delegate that lays the text out itself."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    text = opt.text
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget is not None else None
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    return opt, text
