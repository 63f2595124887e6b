"""Icons are hand-written SVGs in ``resources/icons``; load them by name."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from viewer.paths import resources_dir


@cache
def icon(name: str) -> QIcon:
    """``icon("filter")`` → ``resources/icons/filter.svg`` (an empty icon if it is missing)."""
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))
