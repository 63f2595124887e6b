"""Where things live: the user data directory (with its overrides) and the bundled data.

The data directory is chosen, in order, from an explicit ``--data-dir``, the
``ARCHIVE_VIEWER_DATA`` environment variable, and platformdirs' user data directory.
Tests and separate archives use the overrides so they never touch a user's real notes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "archive-viewer"
APP_AUTHOR = "archive-viewer"
DATA_DIR_ENV = "ARCHIVE_VIEWER_DATA"

_PACKAGE_DIR = Path(__file__).resolve().parent


def resolve_data_dir(override: str | os.PathLike[str] | None = None,
                     environ: Mapping[str, str] | None = None) -> Path:
    """Return the data directory to use, without creating it."""
    env = os.environ if environ is None else environ
    if override:
        return Path(override).expanduser().resolve()
    if env.get(DATA_DIR_ENV):
        return Path(env[DATA_DIR_ENV]).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def _bundled(name: str) -> Path:
    # A wheel carries the top-level folders as viewer/_data/<name>; a source checkout or an
    # editable install has them next to the package.
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_corpus_dir() -> Path:
    """The releases shipped with the program: the default archive."""
    return _bundled("corpus")


def resources_dir() -> Path:
    """Icons and stylesheets."""
    return _bundled("resources")


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The files inside one data directory."""

    root: Path

    @property
    def library_db(self) -> Path:
        """Catalog of the archive's documents (parsed text and extraction results)."""
        return self.root / "library.sqlite3"

    @property
    def files_dir(self) -> Path:
        """Copies of imported files, named by content id: the archive's originals."""
        return self.root / "files"

    @property
    def userdata_db(self) -> Path:
        """Annotations, bookmarks, tags, read state and extraction corrections."""
        return self.root / "userdata.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def index_dir(self) -> Path:
        """The Whoosh index: a cache that can always be rebuilt from the library."""
        return self.root / "index"

    @property
    def lock_file(self) -> Path:
        return self.root / "instance.lock"

    def ensure(self) -> DataPaths:
        self.root.mkdir(parents=True, exist_ok=True)
        self.files_dir.mkdir(exist_ok=True)
        return self

    @classmethod
    def resolve(cls, override: str | os.PathLike[str] | None = None) -> DataPaths:
        return cls(resolve_data_dir(override))
