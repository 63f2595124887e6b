"""Records the user-data store hands out: immutable values, no database handles.

Offsets are character offsets into ``Document.body`` at the time the record was made; the
quote and its context travel with them so the record can be re-attached after the text
changes (see :mod:`viewer.userdata.anchoring`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

Color = Literal["yellow", "green", "blue", "pink", "purple"]
# Names, not hex: the window maps them to theme-appropriate colours, and exports stay readable.
COLORS: tuple[Color, ...] = ("yellow", "green", "blue", "pink", "purple")

ReadState = Literal["unread", "read", "reviewed"]
READ_STATES: tuple[ReadState, ...] = ("unread", "read", "reviewed")

# How much text before and after a quote is kept to tell repeated quotes apart.
CONTEXT_CHARS = 32


class Annotation(NamedTuple):
    """A highlight (with an optional note and tags) on a span of a document's body.

    ``id`` is a uuid string, stable across export and import. ``tags`` are sorted
    case-insensitively and unique; ``note`` is plain text and never interpreted as markup.
    Immutable; a named tuple rather than a dataclass because the Annotations panel may build
    ten thousand of them at once and a tuple is several times cheaper to make.
    """

    id: str
    doc_id: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    color: Color = "yellow"
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""


@dataclass(frozen=True, slots=True)
class AnchoredAnnotation:
    """Where an annotation sits in the current body.

    ``detached`` ones could not be found in the current text: they keep their stored offsets,
    which may now point at other words or past the end, so show them in a list, not in the text.
    """

    annotation: Annotation
    start: int
    end: int
    detached: bool = False


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A position inside a document: ``offset`` plus the text at and before it as an anchor."""

    id: str
    doc_id: str
    offset: int
    quote: str
    prefix: str
    label: str = ""
    created: str = ""


@dataclass(frozen=True, slots=True)
class AnchoredBookmark:
    bookmark: Bookmark
    offset: int
    detached: bool = False


@dataclass(frozen=True, slots=True)
class DocUserData:
    """What the search index needs to know about a document from the user's side."""

    starred: bool = False
    read: ReadState = "unread"
    tags: tuple[str, ...] = ()  # annotation tags and document tags, merged
    notes: tuple[str, ...] = ()  # non-empty annotation notes
    annotation_count: int = 0
    bookmark_count: int = 0  # places bookmarked in it
