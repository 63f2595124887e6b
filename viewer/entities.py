"""What extraction finds in a document: people, dates and commitments, as located spans.

Each located item names the document field it sits in (``"body"`` for almost all; the
byline person lives in ``"author"``, a metadata date in ``"date"``, a commitment in a
``- … -`` subtitle in ``"subtitle"``) and character offsets into that field's text, so
``doc.field_text(item.field)[item.start:item.end] == item.text`` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DateGrain = Literal["day", "week", "month", "quarter", "half", "year", "decade"]
CommitmentKind = Literal["agreement", "pledge", "plan", "request"]
COMMITMENT_KINDS: tuple[CommitmentKind, ...] = ("agreement", "pledge", "plan", "request")
EntityKind = Literal["person", "date", "commitment"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a person's name (titles excluded) in a field."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    key: str  # canonical, case/space/hyphen-folded name: stable across documents
    name: str  # fullest form used in the text
    mentions: tuple[Mention, ...]
    roles: tuple[str, ...] = ()
    confidence: float = 1.0
    rule: str = ""

    @property
    def surface_forms(self) -> list[str]:
        """Distinct name strings, in first-seen order (the gold 'mentions')."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class DateRef:
    field: str
    start: int
    end: int
    text: str
    value: str | None  # 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', 'YYYY-H1', 'YYYY-Www', 'YYYY-Qn' or None
    grain: DateGrain | None
    confidence: float = 1.0
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Commitment:
    field: str
    start: int
    end: int
    text: str
    actor: str
    kind: CommitmentKind
    confidence: float = 1.0
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything found in one document."""

    people: tuple[Person, ...] = ()
    dates: tuple[DateRef, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    version: int = 0  # extractor version that produced it
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        people = tuple(
            Person(
                key=p["key"], name=p["name"],
                mentions=tuple(Mention(**m) for m in p["mentions"]),
                roles=tuple(p.get("roles", ())), confidence=p.get("confidence", 1.0),
                rule=p.get("rule", ""),
            )
            for p in d.get("people", ())
        )
        dates = tuple(DateRef(**x) for x in d.get("dates", ()))
        commitments = tuple(Commitment(**x) for x in d.get("commitments", ()))
        return cls(people, dates, commitments, d.get("version", 0), dict(d.get("extra", {})))
