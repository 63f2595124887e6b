"""A segment writer for building segments out of many new documents.

Whoosh's :class:`SegmentWriter` keeps one tuple per posting in a pool, spills the pool to
disk one pickled posting at a time, merges the spills back posting by posting, and asks
the segment's length column for the document's field length once per posting. At 350
postings a release, that was two thirds of the time of building an index.

:class:`BulkSegmentWriter` writes the same segment files from a pool grouped by term:
each term keeps one flat list of ``docnum, weight, value`` (documents arrive in order,
so the list is already sorted), a spill writes one record per term, the merge works term
by term, and field lengths are kept in memory as they are written. Everything else
(stored fields, columns, the codec, the commit) is Whoosh's own.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

TermKey = tuple[str, bytes]  # (field name, term bytes)
Group = tuple[TermKey, list[Any]]  # the key and its flat [docnum, weight, value, ...]

# Rough bytes per posting held (three list slots, the value bytes, a float) and per new
# term (key tuple, term bytes, list); only used to decide when to spill.
_POSTING_BYTES = 90
_TERM_BYTES = 260
_MAX_RUNS = 48  # more spill files than this are merged into one before the final merge


class TermPool:
    """Postings grouped by term, spilled to sorted run files past a memory limit."""

    def __init__(self, tempstore: Any, limitmb: int) -> None:
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.terms: dict[TermKey, list[Any]] = {}
        self.size = 0
        self.runs: list[str] = []
        self.fieldnames: set[str] = set()
        # Postings that came through add() (Whoosh's own paths: merging a segment in,
        # a schema the fast path does not handle) rather than the writer's fast path.
        self.foreign = False

    # Whoosh's pool interface (merging segments in, MpWriter) ---------------------------

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, value = item
        self.foreign = True
        self.fieldnames.add(fieldname)
        flat = self.terms.get((fieldname, btext))
        if flat is None:
            self.terms[(fieldname, btext)] = [docnum, weight, value]
            self.size += _TERM_BYTES
        else:
            flat += (docnum, weight, value)
            self.size += _POSTING_BYTES
        self.maybe_spill()

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for (fieldname, btext), flat in self.groups():
            # Whoosh's paths may add a term's postings out of document order.
            postings = sorted(zip(flat[0::3], flat[1::3], flat[2::3], strict=True),
                              key=itemgetter(0))
            for docnum, weight, value in postings:
                yield fieldname, btext, docnum, weight, value

    def save(self) -> None:
        self.spill()

    def cleanup(self) -> None:
        for name in self.runs:
            self._remove(name)
        self.runs = []
        self.terms = {}
        self.size = 0

    # Grouped interface ----------------------------------------------------------------

    def grew(self, new_terms: int, postings: int) -> None:
        self.size += new_terms * _TERM_BYTES + postings * _POSTING_BYTES
        self.maybe_spill()

    def maybe_spill(self) -> None:
        if self.size > self.limit:
            self.spill()

    def spill(self) -> None:
        if not self.terms:
            return
        terms, self.terms, self.size = self.terms, {}, 0
        self.runs.append(self._write_run((key, terms[key]) for key in sorted(terms)))
        if len(self.runs) > _MAX_RUNS:
            runs, self.runs = self.runs, []
            self.runs.append(self._write_run(self._merged(runs, ())))

    def groups(self) -> Iterator[Group]:
        """Every term with all its postings, in (field, term) order."""
        memory = sorted(self.terms.items(), key=itemgetter(0))
        if not self.runs:
            return iter(memory)
        runs, self.runs = self.runs, []
        return self._merged(runs, memory)

    def _merged(self, runs: list[str], memory: Iterable[Group]) -> Iterator[Group]:
        # heapq.merge keeps equal keys in the order of its inputs, and runs were written
        # in document order, so joining equal keys keeps each list sorted by docnum.
        sources = [self._read_run(name) for name in runs]
        current: Group | None = None
        for key, flat in heapq.merge(*sources, memory, key=itemgetter(0)):
            if current is not None and current[0] == key:
                current[1].extend(flat)
                continue
            if current is not None:
                yield current
            current = (key, flat)
        if current is not None:
            yield current

    def _write_run(self, groups: Iterable[Group]) -> str:
        # The temporary storage is shared by every process building the index.
        name = f"{random_name()}.terms"
        with self.tempstore.create_file(name).raw_file() as f:
            for group in groups:
                marshal.dump(group, f)
        return name

    def _read_run(self, name: str) -> Iterator[Group]:
        try:
            with self.tempstore.open_file(name).raw_file() as f:
                while True:
                    try:
                        yield marshal.load(f)
                    except EOFError:
                        return
        finally:
            self._remove(name)

    def _remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            self.tempstore.delete_file(name)


class BulkSegmentWriter(SegmentWriter):
    """A :class:`SegmentWriter` that indexes many documents quickly (see module doc).

    Schemas with term vectors or separate spelling fields go through Whoosh's own code.
    """

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool: TermPool = TermPool(self._tempstorage, limitmb)
        self._fast = not any(field.vector or field.separate_spelling()
                             for _name, field in self.schema.items())
        # field name -> quantized length per document (what the segment's length
        # column will answer), appended as documents are written.
        self._lengths: dict[str, list[int]] = {}
        self._quantized: dict[int, int] = {}

    def add_document(self, **fields: Any) -> None:
        if not self._fast:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        terms = self.pool.terms
        new_terms = postings = 0
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    scorable = field.scorable
                    self.pool.fieldnames.add(fieldname)
                    for btext, freq, weight, vbytes in field.index(value):
                        if fieldboost != 1.0:
                            weight *= fieldboost
                        if scorable:
                            length += freq
                        flat = terms.get((fieldname, btext))
                        if flat is None:
                            terms[(fieldname, btext)] = [docnum, weight, vbytes]
                            new_terms += 1
                        else:
                            flat += (docnum, weight, vbytes)
                            postings += 1
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None,
                                       length)
                if length:
                    self._set_length(fieldname, docnum, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        self.pool.grew(new_terms, postings)

    def _set_length(self, fieldname: str, docnum: int, length: int) -> None:
        quantized = self._quantized.get(length)
        if quantized is None:
            quantized = self._quantized[length] = byte_to_length(length_to_byte(length))
        column = self._lengths.setdefault(fieldname, [])
        index = docnum - self.docbase
        if len(column) <= index:
            column.extend([0] * (index + 1 - len(column)))
        column[index] = quantized

    def _flush_segment(self) -> None:
        if self.pool.foreign:
            # Lengths of those postings are only in the segment's length column.
            super()._flush_segment()
            return
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        schema = self.schema
        base = self.docbase
        current: str | None = None
        lengths: list[int] = []
        for (fieldname, btext), flat in self.pool.groups():
            if fieldname != current:
                if current is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, schema[fieldname])
                current = fieldname
                lengths = self._lengths.get(fieldname, [])
            fieldwriter.start_term(btext)
            add = fieldwriter.add
            known = len(lengths)
            for i in range(0, len(flat), 3):
                at = flat[i] - base
                add(flat[i], flat[i + 1], flat[i + 2] or b"",
                    lengths[at] if at < known else 0)
            fieldwriter.finish_term()
        if current is not None:
            fieldwriter.finish_field()
        fieldwriter.close()
