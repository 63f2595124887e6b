"""Ingestion: real, messy saved release files to clean :class:`~viewer.documents.Document`s.

Qt-free. ``ingest_file`` / ``ingest_bytes`` are the only entry points other packages need;
every failure is an :class:`IngestError` whose message ("<file>: <what is wrong>") can be
shown as is, so a batch import reports it and carries on.

Decisions worth knowing when reading a parsed document:

* ``title`` is '' when the page has no headline (a statement that opens with its first
  sentence); the reader shows the file name instead of a title made up from the text.
* ``date`` is only a date the file states: a Date/created/Written field, a dateline line
  below the headline, a dateline opening the first paragraph ('GENEVA (1 September 2023) –'),
  a statement's opening 'On October 18, 2024, …', a date sharing its line with a section
  label ('08/08/2023 | Press release'), or HTML metadata. A bare date line *above* the
  headline of a saved text page is the site's clock or repost date and goes to
  ``extra['page_date']`` instead. Incomplete dates ('SEOUL, Nov. 10 (Yonhap)') set nothing
  but are kept in ``extra['dateline']``.
* Bullet and number markers live in ``Block.marker``, never in the body; bracketed section
  headers ('[…]') are ``heading`` blocks that keep their brackets, so every block is a
  verbatim piece of the original file.
* A '- … -' line under the headline is ``subtitle`` (without the dashes); trailing
  '* unofficial translation' lines are ``note``. Neither is in the body.
* Files with other suffixes are read as text when they decode as text (saved pages get
  renamed carelessly); binary files are refused with the format named when it is known.
"""

from viewer.ingest.api import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ingest_bytes,
    ingest_file,
    read_release_bytes,
)
from viewer.ingest.errors import IngestError

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "IngestError", "ingest_bytes", "ingest_file",
           "read_release_bytes"]
