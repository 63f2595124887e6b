"""Corrections to extraction in the window (reject, add, relabel, merge, split, publication date).

Attach with ``CorrectionController(window)`` once the main window and its annotations
controller are built; see :mod:`viewer.qt.corrections.controller`.
"""

from viewer.qt.corrections.controller import CorrectionController

__all__ = ["CorrectionController"]
