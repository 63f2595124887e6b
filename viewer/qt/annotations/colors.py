"""Annotation colours: a reading tint per theme and a saturated swatch for lists and menus.

The store keeps colour *names*; the tints are chosen so body text (near-black in the light
theme, near-white in the dark one) stays readable on them, and they differ from the search
hit yellow and the entity tints, which are drawn over or under them. Light yellow is a
lemon highlighter tint: the paler cream it replaced was hard to see on the page and close
to the commitment tint (a test measures these distances in CIELAB).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from viewer.qt.theme import Theme
from viewer.userdata import COLORS

LABELS: dict[str, str] = {c: c.capitalize() for c in COLORS}

_LIGHT = {"yellow": "#f8f49c", "green": "#bfe8b0", "blue": "#b5d3fa", "pink": "#fbcde1", "purple": "#ddccfa"}
_DARK = {"yellow": "#5a4d12", "green": "#24502d", "blue": "#22456e", "pink": "#63284a", "purple": "#4a3575"}
_SWATCH = {"yellow": "#e9b800", "green": "#3aa757", "blue": "#3b7be0", "pink": "#e0488c", "purple": "#8758e0"}


def tint(color: str, theme: Theme) -> QColor:
    """Background of an annotated span in the reader."""
    table = _DARK if theme.is_dark else _LIGHT
    return QColor(table.get(color, table["yellow"]))


def swatch_color(color: str) -> QColor:
    return QColor(_SWATCH.get(color, _SWATCH["yellow"]))


def swatch_icon(color: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(swatch_color(color))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    p.end()
    return QIcon(pm)
