"""Highlights, notes, tags, bookmarks and reading state in the window.

Attach with ``AnnotationController(window)`` once the main window is built; see
:mod:`viewer.qt.annotations.controller`.
"""

from viewer.qt.annotations.controller import AnnotationController

__all__ = ["AnnotationController"]
