"""Archive viewer for diplomatic press releases.

The package is split into a Qt-free core (documents, ingestion, extraction, search index,
user data, paths) and :mod:`viewer.qt`, the only package that imports PySide6.
"""

__version__ = "0.1.0"
