"""The document model every other part works on.

A release is parsed once into a :class:`Document`: metadata fields plus one canonical body
text. Paragraphs, bullets and headings are :class:`Block` ranges over that text, with the
bullet or number marker kept apart so the body holds only the release's own words. Every
later span (an entity, a search hit, an annotation) is a pair of character offsets into
``Document.body`` (or, for metadata items, into the named field), so the reader can show
exactly what was found.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "bullet", "numbered", "heading"]

# Bumped whenever ingestion would produce different text for the same bytes, so the
# library knows to re-parse its stored originals (annotations re-anchor by quote).
PARSER_VERSION = 3

# Separator between blocks in the canonical body text.
BLOCK_SEPARATOR = "\n\n"


def content_id(raw: bytes) -> str:
    """Stable id of a file's content: re-importing the same bytes is a no-op."""
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of the body: ``body[start:end]`` without its marker."""

    start: int
    end: int
    kind: BlockKind = "paragraph"
    marker: str = ""  # '□', 'o', '°', '1.', '-' … as written, shown by the reader
    level: int = 0  # nesting depth of bullets: '□' is 0, 'o' under it is 1


@dataclass(frozen=True, slots=True)
class InferredDate:
    """A publication date worked out from the text when the file states none."""

    value: str  # 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    evidence: str  # human-readable reason, shown in the reader and the CLI


@dataclass(slots=True)
class Document:
    """A parsed release.

    ``date`` is only ever a date the file states (a Date/created field or a dateline);
    ``date_inferred`` is filled by extraction when it is missing.
    """

    id: str
    source_name: str  # file name as imported, e.g. '000_3b1b61814a9714d6.txt'
    source_path: str  # where it was imported from (informational; the original is kept)
    format: str  # 'txt', 'md', 'html', 'pdf'
    title: str
    body: str
    blocks: tuple[Block, ...] = ()
    subtitle: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # 'YYYY-MM-DD' as stated
    date_text: str | None = None  # the date as written in the file, e.g. '2024-02-16'
    date_inferred: InferredDate | None = None
    header_dates: tuple[str, ...] = ()  # other dates the header states, as written
    view_count: int | None = None
    language: str = "en"
    note: str | None = None  # a trailing note such as '* unofficial translation'
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    parser_version: int = PARSER_VERSION
    extra: dict[str, str] = field(default_factory=dict)  # other metadata lines kept verbatim

    @property
    def effective_date(self) -> str | None:
        """The stated date, else the inferred one: what lists sort and facet by."""
        if self.date:
            return self.date
        return self.date_inferred.value if self.date_inferred else None

    @property
    def year(self) -> int | None:
        d = self.effective_date
        return int(d[:4]) if d and d[:4].isdigit() else None

    def paragraphs(self) -> list[str]:
        return [self.body[b.start:b.end] for b in self.blocks]

    def block_at(self, offset: int) -> int | None:
        """Index of the block containing ``offset`` (for 'paragraph N' citations)."""
        lo, hi = 0, len(self.blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid
            elif offset >= b.end and not (offset == b.end == len(self.body)):
                lo = mid + 1
            else:
                return mid
        return None

    def field_text(self, name: str) -> str:
        """Text of a field that spans may point into ('body', 'title', 'subtitle', …)."""
        value = {
            "body": self.body,
            "title": self.title,
            "subtitle": self.subtitle,
            "author": self.author,
            "date": self.date_text,
            "header": "\n".join(self.header_dates),
            "note": self.note,
        }.get(name)
        return value or ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["blocks"] = [[b.start, b.end, b.kind, b.marker, b.level] for b in self.blocks]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = dict(d)
        d["blocks"] = tuple(Block(s, e, k, m, lv) for s, e, k, m, lv in d.get("blocks", ()))
        inferred = d.get("date_inferred")
        d["date_inferred"] = InferredDate(**inferred) if inferred else None
        d["warnings"] = tuple(d.get("warnings", ()))
        d["header_dates"] = tuple(d.get("header_dates", ()))
        return cls(**d)


def join_blocks(parts: list[tuple[str, BlockKind, str, int]]) -> tuple[str, tuple[Block, ...]]:
    """Build the canonical body from ``(text, kind, marker, level)`` parts."""
    pieces: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for text, kind, marker, level in parts:
        if not text:
            continue
        if pieces:
            pieces.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        pieces.append(text)
        blocks.append(Block(pos, pos + len(text), kind, marker, level))
        pos += len(text)
    return "".join(pieces), tuple(blocks)
