"""The Whoosh schema and its version.

Bodies are analysed but not stored (snippets are cut from the library's text for the
rows shown), which keeps the index small. Prose that users search without naming a
field goes into one catch-all ``text`` field (body, subtitle, names, tags, notes…): a
bare word then costs two posting lists (``title`` boosted, ``text``) instead of eight.
Exact-value copies (``*_facet``) back facets and filters; they keep the original
spelling so facet labels read well.
"""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from viewer.search.analysis import ANALYZER_VERSION, FIELD_GAP, name_analyzer, text_analyzer

# Bumped whenever fields change; together with the analyzer version it decides whether an
# existing index can be opened or must be rebuilt.
SCHEMA_VERSION = 1
INDEX_FORMAT = f"{SCHEMA_VERSION}.{ANALYZER_VERSION}"

# Fields whose lexicon holds exact values, one per part of a FIELD_GAP-joined value.
_VALUES = RegexTokenizer(rf"[^{FIELD_GAP}]+")

# Field name users type -> indexed field.
FIELD_ALIASES: dict[str, str] = {
    "title": "title", "subtitle": "subtitle", "body": "text", "text": "text",
    "publisher": "publisher", "author": "author", "person": "person", "people": "person",
    "commitment": "commitment", "tag": "tag", "tags": "tag", "note": "note",
    "notes": "note", "starred": "starred", "read": "read", "language": "language",
    "lang": "language", "year": "year", "date": "date", "id": "id", "file": "source",
}

# Facet name -> field counted.
FACET_FIELDS: dict[str, str] = {
    "publisher": "publisher_facet", "year": "year", "person": "person_facet",
    "commitment": "commitment", "tag": "tag",
}

DEFAULT_FIELDS = ("title", "text")
TITLE_BOOST = 3.0


def build_schema() -> Schema:
    prose = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        idfp=ID(sortable=True),  # '<id> <fingerprint>': what sync compares against
        source=ID(stored=True),
        title=TEXT(analyzer=prose, stored=True, multitoken_query="phrase"),
        subtitle=TEXT(analyzer=prose, multitoken_query="phrase"),
        text=TEXT(analyzer=prose, multitoken_query="phrase"),
        publisher=TEXT(analyzer=names, multitoken_query="phrase"),
        publisher_facet=ID(stored=True),
        author=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        date=ID(stored=True, sortable=True),
        year=ID(),
        language=ID(),
        person=TEXT(analyzer=names, multitoken_query="phrase"),
        person_facet=KEYWORD(analyzer=_VALUES),
        commitment=KEYWORD(lowercase=True),
        starred=ID(),
        read=ID(),
        tag=KEYWORD(analyzer=_VALUES | LowercaseFilter()),
        note=TEXT(analyzer=prose, multitoken_query="phrase"),
    )

