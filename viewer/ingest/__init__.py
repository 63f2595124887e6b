"""Ingestion: real, messy saved release files to clean :class:`~viewer.documents.Document`s.

Qt-free. ``ingest_file`` / ``ingest_bytes`` are the only entry points other packages need;
every failure is an :class:`IngestError` whose message can be shown as is.
"""

from viewer.ingest.api import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, ingest_bytes, ingest_file
from viewer.ingest.errors import IngestError

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "IngestError", "ingest_bytes", "ingest_file"]
