"""Light and dark themes: the widget palette, a small stylesheet and the reader's colours.

The mode is 'system' (follow ``QStyleHints.colorScheme`` and its changes), 'light' or
'dark'. Fusion is used in both so the palette fully decides the colours; the stylesheet
(``resources/light.qss`` / ``dark.qss``) only adds spacing and a few accents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from viewer.paths import resources_dir

ThemeMode = Literal["system", "light", "dark"]
THEME_MODES: tuple[ThemeMode, ...] = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class HighlightColors:
    """Reader highlight colours; chosen so black/white text stays readable on each tint."""

    person_bg: QColor
    person_line: QColor
    date_bg: QColor
    date_line: QColor
    commitment_bg: QColor
    commitment_line: QColor
    hit_bg: QColor
    hit_fg: QColor
    current_bg: QColor
    find_bg: QColor
    flash_bg: QColor
    annotation_bg: QColor


@dataclass(frozen=True, slots=True)
class Theme:
    name: Literal["light", "dark"]
    text: QColor
    dim: QColor
    heading: QColor
    highlights: HighlightColors

    @property
    def is_dark(self) -> bool:
        return self.name == "dark"


LIGHT = Theme(
    "light", QColor("#1d1d1f"), QColor("#5f6368"), QColor("#16325c"),
    HighlightColors(
        person_bg=QColor("#dbe9ff"), person_line=QColor("#1f5fbf"),
        date_bg=QColor("#dcf5e3"), date_line=QColor("#1e8a4c"),
        commitment_bg=QColor("#f6ecd9"), commitment_line=QColor("#b8651b"),
        hit_bg=QColor("#ffe066"), hit_fg=QColor("#111111"),
        current_bg=QColor("#ff9f1c"), find_bg=QColor("#b9f0f7"),
        flash_bg=QColor("#ffb3c7"), annotation_bg=QColor("#f9d7f1"),
    ),
)

DARK = Theme(
    "dark", QColor("#e6e6e6"), QColor("#a0a4ab"), QColor("#9ec5ff"),
    HighlightColors(
        person_bg=QColor("#1f3656"), person_line=QColor("#7fb0ff"),
        date_bg=QColor("#1d3e2b"), date_line=QColor("#6fd49a"),
        commitment_bg=QColor("#3d3020"), commitment_line=QColor("#f0a860"),
        hit_bg=QColor("#ffd54a"), hit_fg=QColor("#111111"),
        current_bg=QColor("#ff9f1c"), find_bg=QColor("#4fc3d9"),
        flash_bg=QColor("#d6578a"), annotation_bg=QColor("#5a2f55"),
    ),
)


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        window, base, alt, text = "#26282b", "#1e1f22", "#24262a", "#e6e6e6"
        button, highlight, link, mid = "#303236", "#3d6fb6", "#8ab4f8", "#4a4d52"
        tip_base, tip_text, placeholder, disabled = "#3a3d42", "#f0f0f0", "#8a8f96", "#777b82"
    else:
        window, base, alt, text = "#f3f3f4", "#ffffff", "#f6f7f9", "#1d1d1f"
        button, highlight, link, mid = "#fbfbfc", "#2f6fd0", "#1a56b0", "#c8cacf"
        tip_base, tip_text, placeholder, disabled = "#ffffe8", "#1d1d1f", "#8a8d93", "#a0a3a8"
    roles = QPalette.ColorRole
    pal.setColor(roles.Window, QColor(window))
    pal.setColor(roles.WindowText, QColor(text))
    pal.setColor(roles.Base, QColor(base))
    pal.setColor(roles.AlternateBase, QColor(alt))
    pal.setColor(roles.Text, QColor(text))
    pal.setColor(roles.Button, QColor(button))
    pal.setColor(roles.ButtonText, QColor(text))
    pal.setColor(roles.Highlight, QColor(highlight))
    pal.setColor(roles.HighlightedText, QColor("#ffffff"))
    pal.setColor(roles.Link, QColor(link))
    pal.setColor(roles.LinkVisited, QColor(link))
    pal.setColor(roles.ToolTipBase, QColor(tip_base))
    pal.setColor(roles.ToolTipText, QColor(tip_text))
    pal.setColor(roles.PlaceholderText, QColor(placeholder))
    pal.setColor(roles.Mid, QColor(mid))
    pal.setColor(roles.BrightText, QColor("#ff6b6b"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return pal


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _stylesheet(name: str) -> str:
    path = resources_dir() / f"{name}.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing stylesheet only costs some spacing; the palette still applies


class ThemeManager(QObject):
    """Applies the chosen mode and re-applies when the system scheme changes.

    Signals:
        theme_changed(object): the new :class:`Theme`.
    """

    theme_changed = Signal(object)

    def __init__(self, app: QApplication, mode: ThemeMode = "system") -> None:
        super().__init__(app)
        self._app = app
        self._mode: ThemeMode = mode if mode in THEME_MODES else "system"
        self._theme = LIGHT
        app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)
        self._apply()

    @property
    def mode(self) -> ThemeMode:
        return self._mode

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_mode(self, mode: ThemeMode) -> None:
        if mode not in THEME_MODES:
            raise ValueError(f"unknown theme {mode!r}; choose one of {', '.join(THEME_MODES)}")
        self._mode = mode
        self._apply()

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode == "system":
            self._apply()

    def _apply(self) -> None:
        dark = self._mode == "dark" or (self._mode == "system" and system_prefers_dark())
        theme = DARK if dark else LIGHT
        self._app.setPalette(_palette(dark))
        self._app.setStyleSheet(_stylesheet(theme.name))
        changed = theme is not self._theme
        self._theme = theme
        if changed:
            self.theme_changed.emit(theme)
