"""Replaying the user's corrections over a fresh extraction.

Corrections name items by their text and a hinted offset; the item is found again as the
occurrence of that text closest to the hint, so a correction survives re-extraction and
small changes in parsing. A correction whose item is gone is skipped, never an error: the
other corrections of the document still apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from viewer.corrections import Correction
from viewer.documents import Document
from viewer.entities import Commitment, DateRef, Extraction, Mention, Person
from viewer.extraction.dates import RawDate, Ref, find_dates, resolve


def apply_corrections(doc: Document, extraction: Extraction, corrections: Sequence[Correction]) -> Extraction:
    """``extraction`` with ``corrections`` applied in order (those of other documents are ignored).

    ``set_date`` is recorded in ``extra['publication_date']`` for the caller to put on the
    document, and relative dates found by the rules ('last year') are resolved again against it.
    """
    people = list(extraction.people)
    dates = list(extraction.dates)
    commitments = list(extraction.commitments)
    extra = dict(extraction.extra)
    for corr in corrections:
        if corr.doc_id is not None and corr.doc_id != doc.id:
            continue
        p = corr.payload
        if corr.op == "reject":
            _reject(doc, p, people, dates, commitments)
        elif corr.op == "add":
            _add(doc, p, people, dates, commitments)
        elif corr.op == "relabel":
            _relabel(doc, p, people, dates, commitments)
        elif corr.op == "merge_people":
            people = _merge(people, list(p.get("keys", ())), p.get("name"))
        elif corr.op == "split_person":
            people = _split(people, p.get("key", ""), list(p.get("mentions", ())), p.get("name"))
        elif corr.op == "set_date":
            extra["publication_date"] = p.get("date")
    if "publication_date" in extra:
        dates = _reresolve(doc, dates, extra["publication_date"] or doc.date)
    return Extraction(tuple(people), tuple(dates), tuple(commitments), extraction.version, extra)


def _reresolve(doc: Document, dates: list[DateRef], publication_date: str | None) -> list[DateRef]:
    """Date values recomputed against a user-set publication date (the user's own dates kept)."""
    ref = Ref.parse(publication_date)
    out = list(dates)
    parsed: dict[str, dict[tuple[int, int], RawDate]] = {}
    by_field: dict[str, list[tuple[int, RawDate]]] = {}
    for i, d in enumerate(dates):
        if d.rule == "user":
            continue
        if d.field not in parsed:
            parsed[d.field] = {(r.start, r.end): r for r in find_dates(doc.field_text(d.field))}
        raw = parsed[d.field].get((d.start, d.end))
        if raw is not None:
            by_field.setdefault(d.field, []).append((i, raw))
    for items in by_field.values():
        for (i, _raw), (_r, value) in zip(items, resolve([r for _, r in items], ref), strict=True):
            out[i] = replace(out[i], value=value)
    return out


# -- locating items ---------------------------------------------------------------------------

def _span(doc: Document, p: dict[str, Any]) -> tuple[str, int, int] | None:
    """The occurrence of ``p['text']`` in its field closest to the hinted start."""
    field = p.get("field") or "body"
    text = p.get("text") or ""
    hay = doc.field_text(field)
    if not text or not hay:
        return None
    hint = int(p.get("start") or 0)
    best, pos = None, hay.find(text)
    while pos >= 0:
        if best is None or abs(pos - hint) < abs(best - hint):
            best = pos
        pos = hay.find(text, pos + 1)
    return None if best is None else (field, best, best + len(text))


def _index(items: Sequence[DateRef | Commitment], field: str, start: int, end: int, text: str) -> int | None:
    """The item at the located span, else the item with the same text nearest to it."""
    best: int | None = None
    for i, it in enumerate(items):
        if it.field != field:
            continue
        if it.start == start and it.end == end:
            return i
        if it.text == text and (best is None or abs(it.start - start) < abs(items[best].start - start)):
            best = i
    if best is None:
        for i, it in enumerate(items):
            if it.field == field and it.start < end and start < it.end:
                return i
    return best


def _person_index(people: list[Person], p: dict[str, Any], span: tuple[str, int, int] | None) -> int | None:
    key = p.get("key")
    for i, person in enumerate(people):
        if key and person.key == key:
            return i
    text = p.get("text") or ""
    for i, person in enumerate(people):
        if span and any(m.field == span[0] and m.start < span[2] and span[1] < m.end
                        for m in person.mentions):
            return i
    for i, person in enumerate(people):
        if text and (person.name == text or text in person.surface_forms):
            return i
    return None


# -- operations -------------------------------------------------------------------------------

def _reject(doc: Document, p: dict[str, Any], people: list[Person], dates: list[DateRef],
            commitments: list[Commitment]) -> None:
    kind = p.get("kind")
    span = _span(doc, p)
    if kind == "person":
        i = _person_index(people, p, span)
        if i is not None:
            del people[i]
        return
    if span is None:
        return
    items: list[Any] = dates if kind == "date" else commitments if kind == "commitment" else []
    j = _index(items, *span, p.get("text") or "")
    if j is not None:
        del items[j]


def _add(doc: Document, p: dict[str, Any], people: list[Person], dates: list[DateRef],
         commitments: list[Commitment]) -> None:
    kind = p.get("kind")
    span = _span(doc, p)
    if span is None:
        return
    field, start, end = span
    text = doc.field_text(field)[start:end]
    if kind == "date":
        # The user's span replaces whatever the rules found overlapping it.
        dates[:] = [d for d in dates if not (d.field == field and d.start < end and start < d.end)]
        dates.append(DateRef(field, start, end, text, p.get("value"), p.get("grain"), 1.0, "user"))
        dates.sort(key=lambda d: (d.field != "date", d.field, d.start))
    elif kind == "commitment":
        commitments.append(Commitment(field, start, end, text, p.get("actor") or "",
                                      p.get("commitment_kind") or "pledge", 1.0, "user"))
        commitments.sort(key=lambda c: (c.field, c.start))
    elif kind == "person":
        from viewer.extraction.people import name_key

        name = p.get("name") or text
        mention = Mention(field, start, end, text)
        key = name_key(name)
        for i, person in enumerate(people):
            if person.key == key:
                people[i] = replace(person, mentions=(*person.mentions, mention),
                                    roles=tuple(dict.fromkeys((*person.roles, *p.get("roles", ())))))
                return
        people.append(Person(key, name, (mention,), tuple(p.get("roles", ())), 1.0, "user"))


def _relabel(doc: Document, p: dict[str, Any], people: list[Person], dates: list[DateRef],
             commitments: list[Commitment]) -> None:
    kind = p.get("kind")
    span = _span(doc, p)
    if kind == "person":
        i = _person_index(people, p, span)
        if i is None:
            return
        person = people[i]
        changes: dict[str, Any] = {"rule": "user"}
        if p.get("name"):
            changes["name"] = p["name"]
        if "roles" in p:
            changes["roles"] = tuple(p["roles"])
        people[i] = replace(person, **changes)
        return
    if span is None:
        return
    if kind == "date":
        j = _index(dates, *span, p.get("text") or "")
        if j is not None:
            d = dates[j]
            dates[j] = replace(d, value=p.get("value", d.value), grain=p.get("grain", d.grain), rule="user")
    elif kind == "commitment":
        j = _index(commitments, *span, p.get("text") or "")
        if j is not None:
            c = commitments[j]
            commitments[j] = replace(c, kind=p.get("commitment_kind", c.kind), actor=p.get("actor", c.actor),
                                     rule="user")


def _merge(people: list[Person], keys: list[str], name: str | None) -> list[Person]:
    group = [p for p in people if p.key in keys]
    if len(group) < 2:
        return people
    keep = next((p for p in group if name and (p.name == name or name in p.surface_forms)), group[0])
    mentions = tuple(sorted({m for p in group for m in p.mentions}, key=lambda m: (m.field, m.start)))
    roles = tuple(dict.fromkeys(r for p in group for r in p.roles))
    merged = replace(keep, name=name or keep.name, mentions=mentions, roles=roles, rule="user")
    out: list[Person] = []
    for p in people:
        if p.key in keys:
            if p is group[0]:
                out.append(merged)
            continue
        out.append(p)
    return out


def _split(people: list[Person], key: str, mention_texts: list[str], name: str | None) -> list[Person]:
    from viewer.extraction.people import name_key

    out: list[Person] = []
    for p in people:
        if p.key != key:
            out.append(p)
            continue
        moved = tuple(m for m in p.mentions if m.text in mention_texts)
        kept = tuple(m for m in p.mentions if m.text not in mention_texts)
        if not moved:
            out.append(p)
            continue
        new_name = name or moved[0].text
        if kept:
            out.append(replace(p, mentions=kept, rule="user"))
        out.append(Person(name_key(new_name), new_name, moved, (), 1.0, "user"))
    return out
