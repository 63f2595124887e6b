"""The window (PySide6). The only package that imports Qt; see ``viewer.qt.app``."""

from viewer.qt import pyside_fixes

pyside_fixes.apply()
