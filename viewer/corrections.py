"""User corrections to extraction, and the person registry they feed.

These are plain records: :mod:`viewer.userdata` stores them (one transaction per user
action) and :mod:`viewer.extraction` applies them after every (re-)extraction, so a
correction outlives re-import, re-parsing and extractor upgrades.

Operations and their ``payload`` keys:

``reject``        ``kind`` ('person' | 'date' | 'commitment'), ``text``, ``field``, ``start``
                  (offsets are a hint; the item is found again by its text)
``add``           ``kind``, ``field``, ``start``, ``end``, ``text`` and, by kind,
                  ``name``/``roles`` (person), ``value``/``grain`` (date),
                  ``actor``/``commitment_kind`` (commitment)
``relabel``       ``kind``, ``text``, ``field``, ``start`` and the new values:
                  ``value``/``grain`` (date), ``commitment_kind``/``actor`` (commitment),
                  ``name``/``roles`` (person)
``merge_people``  ``keys``: person keys to merge, ``name``: the name to keep
``split_person``  ``key``: the merged person, ``mentions``: list of mention texts that form
                  the new person, ``name``: its name
``set_date``      ``date``: 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' | null (publication date)

``doc_id`` is ``None`` for archive-wide corrections (a merge that holds everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CorrectionOp = Literal["reject", "add", "relabel", "merge_people", "split_person", "set_date"]
CORRECTION_OPS: tuple[CorrectionOp, ...] = (
    "reject", "add", "relabel", "merge_people", "split_person", "set_date",
)


@dataclass(frozen=True, slots=True)
class Correction:
    op: CorrectionOp
    payload: dict[str, Any]
    doc_id: str | None = None
    id: int | None = None  # assigned by the store
    created: str = ""  # ISO timestamp, assigned by the store


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """A person the user has confirmed: extraction recognises these names everywhere."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
