"""Work-arounds for defects of the installed PySide6, applied once when viewer.qt loads.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` (and ``False`` from a failed
``disconnect()``) without taking a reference, so every emit from Python lowers the
reference count of ``True`` by one; after a few thousand emits CPython frees ``True`` and
aborts ("bool_dealloc"). ``QThreadPool.start(callable)`` does the same to the callable's
return value (usually ``None``). Python 3.12 makes these objects immortal; on 3.11 we give
them a reference count no program can exhaust. The fix is only applied when a probe emit
shows the defect, so a corrected PySide6 runs untouched.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Far more emits than a session can make, far below the ssize_t limit.
_PIN = 1 << 48


class _Probe(QObject):
    ping = Signal()


def emit_leaks_references() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def apply() -> bool:
    """Pin None/True/False when this PySide6 leaks them; True if the fix was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_references():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _PIN
    return True
