"""Plain text broken into lines of a given pixel width, for delegates that paint rows
themselves (side panel, notes panel) and must size a row before painting it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout


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
