"""The user's own data — annotations, bookmarks, tags, read state, corrections — kept safe.

Qt-free. Open one :class:`UserStore` at start-up with ``UserStore.open(paths)``; the window
also takes an :class:`InstanceLock` so a second window on the same data is refused.
"""

from viewer.userdata.anchoring import resolve_anchor
from viewer.userdata.backup import list_backups, restore_backup
from viewer.userdata.db import InstanceLock
from viewer.userdata.errors import (
    ImportFormatError,
    IncompatibleStoreError,
    InstanceLockedError,
    StoreError,
    StoreRecovered,
    StoreWriteError,
)
from viewer.userdata.models import (
    COLORS,
    READ_STATES,
    AnchoredAnnotation,
    AnchoredBookmark,
    Annotation,
    Bookmark,
    DocUserData,
)
from viewer.userdata.store import UserStore

__all__ = [
    "COLORS",
    "READ_STATES",
    "AnchoredAnnotation",
    "AnchoredBookmark",
    "Annotation",
    "Bookmark",
    "DocUserData",
    "ImportFormatError",
    "IncompatibleStoreError",
    "InstanceLock",
    "InstanceLockedError",
    "StoreError",
    "StoreRecovered",
    "StoreWriteError",
    "UserStore",
    "list_backups",
    "resolve_anchor",
    "restore_backup",
]
