"""What the index needs to know about one document, and where it gets it from.

The library owns documents, extraction results and user data; the index only ever sees
:class:`IndexRecord` values handed over through an :class:`IndexSource`. Keeping the
record flat and hashable lets the index decide cheaply, by fingerprint, which documents
changed since the last sync without re-reading them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

from viewer.documents import Document
from viewer.entities import Extraction
from viewer.search.schema import INDEX_FORMAT


@dataclass(frozen=True, slots=True)
class UserFacts:
    """What the user has said about a document: indexed so it can be searched and filtered."""

    starred: bool = False
    read: str = "unread"
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bookmarked: bool = False  # a place in it is bookmarked


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """Everything the index holds about one document (the body is analysed, not stored)."""

    doc_id: str
    title: str
    body: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'
    language: str = "en"
    people: tuple[str, ...] = ()  # canonical names
    commitment_kinds: tuple[str, ...] = ()
    starred: bool = False
    read: str = "unread"
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bookmarked: bool = False
    subtitle: str | None = None
    source_name: str = ""  # the imported file's name, shown by `search --json`

    @classmethod
    def build(cls, doc: Document, extraction: Extraction | None,
              user: UserFacts | None) -> IndexRecord:
        user = user or UserFacts()
        people: dict[str, None] = {}
        kinds: dict[str, None] = {}
        if extraction is not None:
            for person in extraction.people:
                people.setdefault(person.name, None)
            for commitment in extraction.commitments:
                kinds.setdefault(commitment.kind, None)
        return cls(
            doc_id=doc.id, title=doc.title, body=doc.body, publisher=doc.publisher,
            author=doc.author, date=doc.effective_date, language=doc.language,
            people=tuple(people), commitment_kinds=tuple(sorted(kinds)),
            starred=user.starred, read=user.read, tags=tuple(user.tags),
            notes=tuple(user.notes), bookmarked=user.bookmarked, subtitle=doc.subtitle,
            source_name=doc.source_name,
        )

    @property
    def year(self) -> str | None:
        if self.date and self.date[:4].isdigit():
            return self.date[:4]
        return None

    def fingerprint(self) -> str:
        """Changes whenever anything the index holds for this document changes.

        The schema version is part of it so a schema change marks every document dirty
        even for a caller that caches fingerprints.
        """
        payload = json.dumps([INDEX_FORMAT, asdict(self)], ensure_ascii=False,
                             sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


@runtime_checkable
class IndexSource(Protocol):
    """The archive as the index sees it; implemented by the library."""

    def fingerprints(self) -> dict[str, str]:
        """doc_id -> :meth:`IndexRecord.fingerprint` for every document in the archive."""
        ...

    def records(self, doc_ids: Sequence[str]) -> Iterator[IndexRecord]:
        """Records for the given ids (unknown ids are skipped)."""
        ...


@runtime_checkable
class VersionedSource(Protocol):
    """Optional extra of an :class:`IndexSource`: a value that changes whenever its
    documents or fingerprints may have (in any process), cheap enough to ask per search."""

    def version(self) -> object:
        ...


@runtime_checkable
class TextSource(Protocol):
    """Optional extra an :class:`IndexSource` may offer: bodies only, for snippets.

    Cheaper than :meth:`IndexSource.records` when a library can read one column; the
    index uses it when present and falls back to ``records`` otherwise.
    """

    def texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        ...
