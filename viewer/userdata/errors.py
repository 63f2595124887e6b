"""Errors and notices of the user-data store, each carrying a message fit to show the user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


class StoreError(Exception):
    """Base class; ``str(exc)`` is a complete sentence the window or CLI can show as is."""


class StoreWriteError(StoreError):
    """A change could not be saved; it was rolled back and nothing saved earlier was lost.

    ``reason`` lets the window choose wording or an action ('full': free space, 'read_only':
    pick another data directory, 'busy': another program holds the store, 'io': disk error).
    """

    def __init__(self, message: str, reason: Literal["full", "read_only", "busy", "io"]) -> None:
        super().__init__(message)
        self.reason = reason


class InstanceLockedError(StoreError):
    """Another window already uses this data directory."""

    def __init__(self, message: str, lock_path: Path) -> None:
        super().__init__(message)
        self.lock_path = lock_path


class IncompatibleStoreError(StoreError):
    """The store was written by a newer program version (left untouched)."""


class ImportFormatError(StoreError):
    """An import file is not a valid export; nothing was imported."""


@dataclass(frozen=True, slots=True)
class StoreRecovered:
    """Notice (not an error): the store was unreadable, set aside, and a fresh one started.

    ``message`` tells the user where the damaged file is and how to restore a backup.
    """

    corrupt_path: Path
    newest_backup: Path | None
    detail: str
    message: str
