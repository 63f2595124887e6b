"""The Whoosh schema and its version.

Bodies are analysed but not stored (snippets are cut from the library's text for the
rows shown), which keeps the index small. Prose that users search without naming a
field goes into one catch-all ``text`` field (body, subtitle, names, tags, notes…): a
bare word then costs two posting lists (``title`` boosted, ``text``) instead of eight.
Exact-value copies (``*_facet``) back facets and filters; they keep the original
spelling so facet labels read well.
"""

from __future__ import annotations

import pickle
import struct
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.formats import Positions

from viewer.search.analysis import (
    ANALYZER_VERSION,
    FIELD_GAP,
    MixedTokenizer,
    name_analyzer,
    term_positions,
    text_analyzer,
)

# Bumped whenever fields change; together with the analyzer version it decides whether an
# existing index can be opened or must be rebuilt.
SCHEMA_VERSION = 2
INDEX_FORMAT = f"{SCHEMA_VERSION}.{ANALYZER_VERSION}"

# Fields whose lexicon holds exact values, one per part of a FIELD_GAP-joined value.
_VALUES = RegexTokenizer(rf"[^{FIELD_GAP}]+")

# Field name users type -> indexed field.
FIELD_ALIASES: dict[str, str] = {
    "title": "title", "subtitle": "subtitle", "body": "text", "text": "text",
    "publisher": "publisher", "author": "author", "person": "person", "people": "person",
    "commitment": "commitment", "tag": "tag", "tags": "tag", "note": "note",
    "notes": "note", "starred": "starred", "bookmarked": "bookmarked",
    "bookmark": "bookmarked", "read": "read", "language": "language",
    "lang": "language", "year": "year", "date": "date", "id": "id", "file": "source",
}

# Facet name -> field counted.
FACET_FIELDS: dict[str, str] = {
    "publisher": "publisher_facet", "year": "year", "person": "person_facet",
    "commitment": "commitment", "tag": "tag",
}

DEFAULT_FIELDS = ("title", "text")
TITLE_BOOST = 3.0


_pack_count = struct.Struct("!I").pack


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's :class:`Positions` value bytes for a sorted list of positions."""
    deltas = positions if len(positions) == 1 else [b - a for a, b in pairwise([0, *positions])]
    return _pack_count(len(deltas)) + pickle.dumps(deltas, 2)


class ScannedPositions(Positions):
    """Whoosh's position format, fed straight from :func:`term_positions` when indexing.

    Same bytes on disk; it only skips building a Token object per word, which is a good
    part of indexing time in pure Python.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any
                    ) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(analyzer, MixedTokenizer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in term_positions(value, analyzer.stem).items():
            yield term, len(positions), len(positions) * boost, encode_positions(positions)


class ScannedText(TEXT):
    """A TEXT field that hands Whoosh its postings with the term bytes from a cache.

    Whoosh's ``FieldType.index`` re-encodes every term of every document.
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        for term, count, weight, vbytes in self.format.word_values(value, self.analyzer):
            yield _term_bytes(term), count, weight, vbytes


@lru_cache(maxsize=200_000)
def _term_bytes(term: str) -> bytes:
    return term.encode("utf-8")


def _prose_field(analyzer: MixedTokenizer, stored: bool = False) -> TEXT:
    field = ScannedText(analyzer=analyzer, stored=stored, multitoken_query="phrase")
    field.format = ScannedPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    prose = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        idfp=ID(sortable=True),  # '<id> <fingerprint>': what sync compares against
        source=ID(stored=True),
        title=_prose_field(prose, stored=True),
        subtitle=_prose_field(prose),
        text=_prose_field(prose),
        publisher=_prose_field(names),
        publisher_facet=ID(stored=True),
        author=_prose_field(names, stored=True),
        date=ID(stored=True, sortable=True),
        year=ID(),
        language=ID(),
        person=_prose_field(names),
        person_facet=KEYWORD(analyzer=_VALUES),
        commitment=KEYWORD(lowercase=True),
        starred=ID(),
        bookmarked=ID(),
        read=ID(),
        tag=KEYWORD(analyzer=_VALUES | LowercaseFilter()),
        note=_prose_field(prose),
    )

