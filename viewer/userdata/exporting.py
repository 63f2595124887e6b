"""Exporting the user's annotations and bookmarks: Markdown, CSV and JSON.

* **JSON** is the complete, versioned record (annotations with their anchors, deleted
  annotations, bookmarks, stars, read states, document tags, corrections, the person
  registry) that :mod:`viewer.userdata.importing` restores exactly.
* **Markdown** is for reading and quoting: grouped by document, each highlight with a
  citation line (publisher, title, date, paragraph).
* **CSV** is for spreadsheets: one row per annotation (and per position bookmark).

Documents are looked up through a ``doc_lookup(doc_id) -> Document | None`` callable so this
module needs no library; a missing document is cited by its id and never stops the export.
User text is exported as plain text: Markdown output escapes ``<``, ``>`` and ``&`` so a
note containing markup renders literally, and CSV cells that a spreadsheet would run as a
formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from viewer.documents import Document
from viewer.userdata.anchoring import Anchorer
from viewer.userdata.models import Annotation, Bookmark
from viewer.userdata.store import UserStore

EXPORT_FORMAT = "archive-viewer-userdata"
EXPORT_VERSION = 1
FORMATS = ("md", "csv", "json")

DocLookup = Callable[[str], Document | None]


# -- JSON --------------------------------------------------------------------------------------

def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return conn.execute(sql).fetchall()


def export_data(store: UserStore, exported_at: str | None = None) -> dict[str, Any]:
    """Everything the user made, as a JSON-ready envelope (deleted annotations excluded)."""
    conn = store.db.connection()
    annotations = sorted(store.list_annotations(), key=lambda a: (a.doc_id, a.start, a.end, a.id))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "annotations": [_annotation_json(a) for a in annotations],
        # Kept so that importing this file elsewhere deletes them there too (newest change wins).
        "deleted_annotations": [
            {**_annotation_json(a), "deleted": when}
            for a, when in sorted(store.deleted_annotations(),
                                  key=lambda d: (d[0].doc_id, d[0].start, d[0].id))
        ],
        "bookmarks": [_bookmark_json(b) for b in sorted(store.list_bookmarks(),
                                                       key=lambda b: (b.doc_id, b.offset, b.id))],
        "starred": [{"doc_id": d, "created": c}
                    for d, c in _rows(conn, "SELECT doc_id, created FROM starred ORDER BY doc_id")],
        "read_states": [{"doc_id": d, "state": s, "updated": u} for d, s, u in _rows(
            conn, "SELECT doc_id, state, updated FROM read_state ORDER BY doc_id")],
        "doc_tags": [{"doc_id": d, "tag": t} for d, t in _rows(
            conn, "SELECT doc_id, tag FROM doc_tags ORDER BY doc_id, tag")],
        "corrections": [
            {"id": c.id, "doc_id": c.doc_id, "op": c.op, "payload": c.payload, "created": c.created}
            for c in store.all_corrections()
        ],
        "registry": [
            {"key": k, "name": n, "aliases": json.loads(al), "roles": json.loads(ro),
             "extra": json.loads(ex), "updated": up}
            for k, n, al, ro, ex, up in _rows(
                conn, "SELECT key, name, aliases, roles, extra, updated FROM registry ORDER BY key")
        ],
    }


def _annotation_json(a: Annotation) -> dict[str, Any]:
    return {"id": a.id, "doc_id": a.doc_id, "quote": a.quote, "prefix": a.prefix, "suffix": a.suffix,
            "start": a.start, "end": a.end, "color": a.color, "note": a.note, "tags": list(a.tags),
            "created": a.created, "updated": a.updated}


def _bookmark_json(b: Bookmark) -> dict[str, Any]:
    return {"id": b.id, "doc_id": b.doc_id, "offset": b.offset, "quote": b.quote, "prefix": b.prefix,
            "label": b.label, "created": b.created}


def export_json(store: UserStore, out: TextIO, exported_at: str | None = None) -> None:
    with store.db.snapshot():
        data = export_data(store, exported_at)
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# -- citations ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Placed:
    """An annotation or bookmark located in its document's current text, for citing."""

    paragraph: int | None  # 1-based
    start: int
    detached: bool


def _safe_lookup(doc_lookup: DocLookup, doc_id: str) -> Document | None:
    try:
        return doc_lookup(doc_id)
    except Exception:  # a library failure for one document must not stop the export
        return None


def _paragraph(doc: Document, offset: int) -> int | None:
    block = doc.block_at(offset)
    return block + 1 if block is not None else None


class _Citer:
    def __init__(self, doc_lookup: DocLookup) -> None:
        self._lookup = doc_lookup
        self._docs: dict[str, Document | None] = {}
        self._anchorers: dict[str, Anchorer] = {}

    def doc(self, doc_id: str) -> Document | None:
        if doc_id not in self._docs:
            self._docs[doc_id] = _safe_lookup(self._lookup, doc_id)
        return self._docs[doc_id]

    def _anchorer(self, doc: Document) -> Anchorer:
        if doc.id not in self._anchorers:
            self._anchorers[doc.id] = Anchorer(doc.body)
        return self._anchorers[doc.id]

    def place(self, a: Annotation) -> _Placed:
        doc = self.doc(a.doc_id)
        if doc is None:
            return _Placed(None, a.start, True)
        span = self._anchorer(doc).resolve(a.quote, a.prefix, a.suffix, a.start, a.end)
        if span is None:
            return _Placed(None, a.start, True)
        return _Placed(_paragraph(doc, span[0]), span[0], False)

    def place_bookmark(self, b: Bookmark) -> _Placed:
        doc = self.doc(b.doc_id)
        if doc is None:
            return _Placed(None, b.offset, True)
        at = self._anchorer(doc).resolve_position(b.quote, b.prefix, b.offset)
        if at is None:
            return _Placed(None, b.offset, True)
        return _Placed(_paragraph(doc, at), at, False)


def citation(doc: Document | None, doc_id: str, paragraph: int | None) -> str:
    """'Publisher, "Title", 2024-02-16, paragraph 3' (parts that are unknown are left out)."""
    if doc is None:
        parts = [f"document {doc_id} (not in the library)"]
    else:
        parts = [p for p in (doc.publisher, f"\u201c{doc.title}\u201d" if doc.title else None,
                             doc.effective_date) if p]
    if paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    return ", ".join(parts)


# -- Markdown ----------------------------------------------------------------------------------

def _md(text: str) -> str:
    """Plain text safe for Markdown: markup shows literally instead of rendering."""
    return html.escape(text, quote=False)


def _doc_order(citer: _Citer, doc_ids: set[str]) -> list[str]:
    def key(d: str) -> tuple[int, str, str, str]:
        doc = citer.doc(d)
        if doc is None:
            return (1, "", "", d)
        return (0, doc.effective_date or "9999", doc.title, d)

    return sorted(doc_ids, key=key)


def export_markdown(store: UserStore, out: TextIO, doc_lookup: DocLookup,
                    exported_at: str | None = None) -> None:
    citer = _Citer(doc_lookup)
    by_doc: dict[str, list[Annotation]] = {}
    for a in store.list_annotations():
        by_doc.setdefault(a.doc_id, []).append(a)
    marks: dict[str, list[Bookmark]] = {}
    for b in store.list_bookmarks():
        marks.setdefault(b.doc_id, []).append(b)
    starred = store.starred_ids()
    stamp = exported_at or datetime.now(UTC).isoformat(timespec="seconds")
    out.write(f"# Annotations and bookmarks\n\nExported from Archive Viewer at {stamp}.\n")
    for doc_id in _doc_order(citer, set(by_doc) | set(marks) | starred):
        doc = citer.doc(doc_id)
        title = doc.title if doc and doc.title else doc_id
        out.write(f"\n## {_md(title)}\n\n")
        facts = [citation(doc, doc_id, None)]
        if doc_id in starred:
            facts.append("\u2605 starred")
        tags = store.doc_tags(doc_id)
        if tags:
            facts.append("tags: " + ", ".join(_md(t) for t in tags))
        out.write(" \u00b7 ".join(_md(f) for f in facts) + "\n")
        placed = sorted(((citer.place(a), a) for a in by_doc.get(doc_id, ())),
                        key=lambda pa: (pa[0].detached, pa[0].start, pa[1].id))
        for where, a in placed:
            out.write("\n")
            for line in a.quote.splitlines() or [""]:
                out.write(f"> {_md(line)}\n")
            cite = citation(doc, doc_id, where.paragraph)
            if where.detached and doc is not None:
                cite += " (this passage is no longer found in the current text)"
            out.write(f"\n\u2014 {_md(cite)}  \n")
            details = [f"colour: {a.color}"]
            if a.tags:
                details.append("tags: " + ", ".join(a.tags))
            out.write(_md(" \u00b7 ".join(details)) + "\n")
            if a.note.strip():
                out.write("\nNote:  \n" + "  \n".join(_md(line) for line in a.note.splitlines()) + "\n")
        bookmarks = sorted(((citer.place_bookmark(b), b) for b in marks.get(doc_id, ())),
                           key=lambda pb: (pb[0].detached, pb[0].start, pb[1].id))
        if bookmarks:
            out.write("\nBookmarks:\n\n")
            for where, b in bookmarks:
                label = b.label or (b.quote.strip() + "\u2026" if b.quote.strip() else "end of text")
                para = f"paragraph {where.paragraph}" if where.paragraph else "position not found"
                out.write(f"- {_md(label)} ({para})\n")


# -- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = ("kind", "id", "doc_id", "title", "publisher", "date", "paragraph", "color", "tags",
               "quote", "note", "start", "end", "detached", "created", "updated")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    # A spreadsheet would evaluate these as formulas (CSV injection); an apostrophe keeps them text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(store: UserStore, out: TextIO, doc_lookup: DocLookup) -> None:
    """One row per annotation, then one per position bookmark (``kind`` tells them apart).

    Newlines inside notes are kept (the cell is quoted), so a spreadsheet shows them as typed.
    """
    citer = _Citer(doc_lookup)
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    annotations = sorted(store.list_annotations(), key=lambda a: (a.doc_id, a.start, a.id))
    for a in annotations:
        doc = citer.doc(a.doc_id)
        where = citer.place(a)
        writer.writerow([
            "annotation", a.id, a.doc_id, _cell(doc.title if doc else ""),
            _cell(doc.publisher or "" if doc else ""), doc.effective_date or "" if doc else "",
            where.paragraph or "", a.color, _cell("; ".join(a.tags)), _cell(a.quote), _cell(a.note),
            a.start, a.end, "yes" if where.detached else "no", a.created, a.updated,
        ])
    for b in sorted(store.list_bookmarks(), key=lambda b: (b.doc_id, b.offset, b.id)):
        doc = citer.doc(b.doc_id)
        where = citer.place_bookmark(b)
        writer.writerow([
            "bookmark", b.id, b.doc_id, _cell(doc.title if doc else ""),
            _cell(doc.publisher or "" if doc else ""), doc.effective_date or "" if doc else "",
            where.paragraph or "", "", "", _cell(b.quote), _cell(b.label), b.offset, b.offset,
            "yes" if where.detached else "no", b.created, b.created,
        ])


def export(store: UserStore, fmt: str, out: TextIO, doc_lookup: DocLookup) -> None:
    """Write the export in ``fmt`` ('md', 'csv' or 'json') to ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    with store.db.snapshot():
        if fmt == "json":
            export_json(store, out)
        elif fmt == "md":
            export_markdown(store, out, doc_lookup)
        else:
            export_csv(store, out, doc_lookup)


def export_text(store: UserStore, fmt: str, doc_lookup: DocLookup) -> str:
    buf = io.StringIO(newline="")
    export(store, fmt, buf, doc_lookup)
    return buf.getvalue()
