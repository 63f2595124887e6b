"""The composition root: every service built once, at start-up, and passed in.

The window and each CLI command call :func:`open_services` once and hand the result (or
its parts) to whatever needs it; nothing in the program reaches for a global.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from viewer.corrections import Correction
from viewer.library import Library
from viewer.paths import DataPaths
from viewer.userdata import UserStore

if TYPE_CHECKING:
    from viewer.search import SearchIndex
    from viewer.search.index import SyncReport


@dataclass
class Services:
    paths: DataPaths
    userdata: UserStore
    library: Library
    _index: SearchIndex | None = field(default=None, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def index(self) -> SearchIndex:
        """The search index, opened on first use.

        Importing Whoosh is a good part of start-up; the window shows first and its first
        search or index sync (in a worker) pays for it.
        """
        with self._index_lock:
            if self._index is None:
                from viewer.search import SearchIndex

                self._index = SearchIndex(self.paths.index_dir, source=self.library)
            return self._index

    def sync_index(self, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, *, verify: bool = False
                   ) -> SyncReport:
        """Bring the index up to date with the archive (incremental; rebuilds if damaged;
        ``verify`` checks every index file's checksum first)."""
        return self.index.sync(self.library, progress=progress, cancelled=cancelled,
                               verify=verify)

    def refresh_library(self, progress: Callable[[int, int, str], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
        """Re-parse documents read by an older parser or extractor version."""
        return self.library.refresh(progress=progress, cancelled=cancelled)

    def remove_documents(self, doc_ids: Sequence[str]) -> int:
        """Remove documents from the archive; search stops finding them at once."""
        removed = self.library.remove(doc_ids)
        self.index.forget(doc_ids)
        return removed

    def correct(self, correction: Correction) -> Correction:
        """Record a user's correction (one transaction); returns it with its id."""
        saved = self.userdata.add_correction(correction)
        if saved.doc_id is None:  # archive-wide: later extraction must know
            self.reload_registry()
        return saved

    def reload_registry(self) -> None:
        """Make later extraction use the user's confirmed people."""
        self.library.reload_registry()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.library.close()
        self.userdata.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_services(data_dir: str | Path | None = None, *, seed: bool = True) -> Services:
    """Open the archive in ``data_dir`` (flag, else ``$ARCHIVE_VIEWER_DATA``, else the
    platform's user data directory). Cheap: indexing and refreshing are left to the caller,
    which runs them in the background in the window."""
    paths = DataPaths.resolve(data_dir).ensure()
    userdata = UserStore.open(paths)
    try:
        library = Library(paths, userdata)
        if seed:
            library.ensure_seeded()
    except BaseException:
        userdata.close()
        raise
    return Services(paths, userdata, library)
