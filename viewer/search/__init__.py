"""Full-text search over the archive (Whoosh), Qt-free.

Build one :class:`SearchIndex` at start-up over ``DataPaths.index_dir`` and pass it to
whatever needs it; :meth:`SearchIndex.sync` keeps it in step with the library (an
:class:`IndexSource`), :meth:`SearchIndex.search` answers queries in the syntax of
:data:`QUERY_HELP`, and :meth:`SearchIndex.match_ranges` marks hits in a reader's text.
"""

from viewer.search.index import IndexBusyError, IndexHealth, SearchIndex, SyncReport
from viewer.search.query import QUERY_HELP
from viewer.search.records import IndexRecord, IndexSource, TextSource, UserFacts
from viewer.search.results import Hit, SearchResults

__all__ = [
    "QUERY_HELP", "Hit", "IndexBusyError", "IndexHealth", "IndexRecord", "IndexSource",
    "SearchIndex", "SearchResults", "SyncReport", "TextSource", "UserFacts",
]
