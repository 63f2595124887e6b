"""Window state kept between sessions (QSettings, INI format).

Runtime state only — geometry, splitter and column layout, the last open release, zoom,
theme choice, which highlight kinds are on and the search history. The archive's own data
lives in the data directory, never here. Tests pass an explicit file so they never touch
the user's configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from viewer.paths import APP_AUTHOR, APP_NAME

STATE_VERSION = 1


class WindowSettings:
    """Typed accessors over one ``QSettings`` file."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        if self._qs.value("state_version", 0, int) != STATE_VERSION:
            # Layout blobs from another version may not fit the current widgets.
            self._qs.clear()
            self._qs.setValue("state_version", STATE_VERSION)

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def integer(self, key: str, default: int = 0) -> int:
        try:
            return int(str(self._qs.value(key, default)))
        except (TypeError, ValueError):
            return default

    def set_integer(self, key: str, value: int) -> None:
        self._qs.setValue(key, int(value))

    def flag(self, key: str, default: bool = True) -> bool:
        value: Any = self._qs.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def set_flag(self, key: str, value: bool) -> None:
        self._qs.setValue(key, bool(value))

    def strings(self, key: str) -> list[str]:
        value: Any = self._qs.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value or []]

    def set_strings(self, key: str, values: list[str]) -> None:
        self._qs.setValue(key, list(values))

    def sync(self) -> None:
        self._qs.sync()
