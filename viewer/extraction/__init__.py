"""People, dates and commitments in a release (Qt-free, deterministic, no network).

Build one :class:`Extractor` at start-up (with the user's person registry) and call
:meth:`Extractor.extract` per document. When a document states no date, call
:func:`infer_publication_date` on the first extraction, set ``doc.date_inferred`` and extract
again so relative dates resolve (``viewer.pipeline.analyse_document`` does exactly this).
:func:`apply_corrections` replays the user's corrections over a fresh extraction, and
:func:`to_gold_shape` gives the JSON shape of the gold annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from viewer.corrections import RegistryEntry
from viewer.documents import Document
from viewer.entities import Commitment, DateRef, Extraction, Person
from viewer.extraction.apply_corrections import apply_corrections
from viewer.extraction.commitments import CommitmentFinder
from viewer.extraction.dates import RawDate, Ref, find_dates, resolve
from viewer.extraction.inference import infer_publication_date
from viewer.extraction.people import PeopleFinder

__all__ = ["EXTRACTOR_VERSION", "Extractor", "apply_corrections", "infer_publication_date", "to_gold_shape"]

# Bumped whenever the same document would yield different items, so the library re-extracts.
EXTRACTOR_VERSION = 11

# Fields scanned for items, in reading order; 'author' is handled as a byline.
_TEXT_FIELDS = ("date", "header", "title", "subtitle", "body")
_METADATA_FIELDS = ("date", "header")  # dates only: no names or clauses live there


class Extractor:
    """Finds people, dates and commitments.

    Holds the compiled rules, the user's person registry and the date-independent results of
    the last document (so the second pass after date inference only re-resolves dates).
    """

    def __init__(self, registry: Sequence[RegistryEntry] = ()) -> None:
        self._people = PeopleFinder(registry)
        self._commitments = CommitmentFinder()
        # What does not depend on the publication date, for the last document seen: the
        # pipeline extracts an undated document twice (before and after inferring its date).
        self._last: tuple[tuple[str | None, ...], _DateFree] | None = None

    def extract(self, doc: Document) -> Extraction:
        fields = [(name, doc.field_text(name)) for name in _TEXT_FIELDS]
        key = (doc.title, doc.subtitle, doc.body, doc.author, doc.date_text, doc.field_text("header"),
               _author_label(doc))
        if self._last is not None and self._last[0] == key:
            free = self._last[1]
        else:
            people = self._people.find([f for f in fields if f[0] not in _METADATA_FIELDS], doc.author,
                                       _author_is_writer(doc))
            raws = [(name, find_dates(text)) for name, text in fields if text]
            commitments = self._commitments.find(
                [f for f in fields if f[0] in ("title", "subtitle", "body")], people)
            free = _DateFree(tuple(people), raws, tuple(commitments))
            self._last = (key, free)
        ref = Ref.parse(doc.date or (doc.date_inferred.value if doc.date_inferred else None))
        return Extraction(free.people, tuple(_dates(free.raws, ref)), free.commitments, EXTRACTOR_VERSION)


class _DateFree(NamedTuple):
    people: tuple[Person, ...]
    raws: list[tuple[str, list[RawDate]]]
    commitments: tuple[Commitment, ...]


def _author_label(doc: Document) -> str:
    return doc.extra.get("author_label") or doc.extra.get("author_field") or ""


def _author_is_writer(doc: Document) -> bool:
    """The byline's role is 'writer' only where the file labels it so."""
    label = _author_label(doc)
    return label.strip().lower() == "writer" or any(k.strip().lower() == "writer" for k in doc.extra)


def _dates(raws: list[tuple[str, list[RawDate]]], ref: Ref) -> list[DateRef]:
    out: list[DateRef] = []
    for name, found in raws:
        for raw, value in resolve(found, ref):
            conf = 1.0 if raw.year is not None else 0.85 if value else 0.6
            out.append(DateRef(name, raw.start, raw.end, raw.text, value, raw.grain, conf, raw.rule))
    return out


def to_gold_shape(doc: Document, extraction: Extraction) -> dict[str, Any]:
    """The gold-annotation shape: people with distinct mention strings, each date text once."""
    people = [{"name": p.name, "mentions": p.surface_forms, "roles": list(p.roles)}
              for p in extraction.people]
    dates: list[dict[str, Any]] = []
    seen: set[str] = set()
    for d in extraction.dates:
        if d.text not in seen:
            seen.add(d.text)
            dates.append({"text": d.text, "value": d.value})
    commitments: list[dict[str, Any]] = []
    seen_c: set[str] = set()
    for c in extraction.commitments:
        if c.text not in seen_c:
            seen_c.add(c.text)
            commitments.append({"text": c.text, "actor": c.actor, "kind": c.kind})
    return {"people": people, "dates": dates, "commitments": commitments}
