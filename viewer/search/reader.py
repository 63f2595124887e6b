"""One index generation as searches see it: a searcher plus what is cached for it.

Counting, facets and ranking run here on posting data read once per generation and
kept in bounded caches: set algebra in C for match sets, one pass per term for BM25,
sorted lists for date ranges. Whoosh's own matchers score one document at a time
through several Python calls, which at tens of thousands of matches costs seconds.
"""

from __future__ import annotations

import bisect
import math
import pickle
import time
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any, Generic, TypeVar

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from viewer.search.query import QueryCompiler, TermSetQuery

# Posting data held in memory for reuse across queries, in docnums: bounds RAM at any
# archive size (about 12 bytes each as arrays, about 70 as the sets counting uses).
POSTINGS_BUDGET = 3_000_000
TERM_SET_BUDGET = 1_000_000
POSITIONS_BUDGET = 500_000
BM25_B = 0.75
BM25_K1 = 1.2


V = TypeVar("V")


class BudgetCache(Generic[V]):
    """Per-term values kept until their summed size passes a budget, then all dropped.

    Dropping everything is crude but cheap, and the reader state is replaced at the next
    commit anyway; what matters is that a long session of varied queries stays bounded.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: dict[tuple[str, str], V] = {}
        self._size = 0

    def get(self, key: tuple[str, str]) -> V | None:
        return self._items.get(key)

    def put(self, key: tuple[str, str], value: V, size: int) -> None:
        if self._size + size > self.budget:
            self._items.clear()
            self._size = 0
        self._items[key] = value
        self._size += size


class ReaderState:
    """A searcher and everything cached for the index state it sees."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.compiler = QueryCompiler(searcher.schema, self.reader, self.term_set,
                                      self.offset_of)
        self._offsets: list[tuple[Any, int, int]] = []
        if searcher.subsearchers:
            for sub, offset in searcher.subsearchers:
                self._offsets.append((sub, offset, sub.reader().doc_count_all()))
        else:
            self._offsets.append((searcher, 0, self.reader.doc_count_all()))
        self._universe: frozenset[int] | None = None
        self._facets: dict[str, list[tuple[str, frozenset[int]]]] = {}
        self._dates: list[str] | None = None
        self._ids: dict[str, int] | None = None
        self._term_sets: BudgetCache[frozenset[int]] = BudgetCache(TERM_SET_BUDGET)
        self._postings: BudgetCache[tuple[array, array]] = BudgetCache(POSTINGS_BUDGET)
        self._lengths: dict[str, list[float]] = {}
        self._positions: BudgetCache[dict[int, bytes]] = BudgetCache(POSITIONS_BUDGET)
        self._phrases: dict[tuple[str, tuple[str, ...]], dict[int, int]] = {}
        self._date_order: list[tuple[str, int]] | None = None
        self._date_keys: list[str] | None = None
        self._partial_dates: list[tuple[str, int]] = []
        self._fingerprints: dict[str, str] | None = None

    def offset_of(self, sub: Any) -> tuple[int, int]:
        """(first docnum, number of docnums) of one segment's searcher."""
        for candidate, offset, count in self._offsets:
            if candidate is sub:
                return offset, count
        return 0, self.reader.doc_count_all()

    @property
    def universe(self) -> frozenset[int]:
        if self._universe is None:
            self._universe = frozenset(self.reader.all_doc_ids())
        return self._universe

    def ids(self) -> dict[str, int]:
        """doc_id -> docnum of every live document."""
        if self._ids is None:
            ids: dict[str, int] = {}
            for docnum, value in enumerate(self.reader.column_reader("idfp")):
                if not self.reader.is_deleted(docnum) and value:
                    text = value.decode("utf-8") if isinstance(value, bytes) else value
                    ids[text.split(" ", 1)[0]] = docnum
            self._ids = ids
        return self._ids

    def seed_fingerprints(self, fingerprints: dict[str, str]) -> None:
        """Take the fingerprints the writer of this state already knows (it just wrote them).

        Reading them back costs a pass over every document's stored column — a good part
        of adding a few documents to a large index. Refused when the count disagrees with
        what this state sees (another program wrote in between).
        """
        if len(fingerprints) == self.reader.doc_count():
            self._fingerprints = dict(fingerprints)

    def fingerprints(self) -> dict[str, str]:
        if self._fingerprints is not None:
            return dict(self._fingerprints)
        out: dict[str, str] = {}
        for docnum, value in enumerate(self.reader.column_reader("idfp")):
            if not self.reader.is_deleted(docnum) and value:
                text = value.decode("utf-8") if isinstance(value, bytes) else value
                doc_id, _, fp = text.partition(" ")
                out[doc_id] = fp
        return out

    def date_range(self, q: wq.TermRange) -> set[int]:
        """Documents whose date falls in the range, by bisecting a sorted date list.

        Whoosh would expand the range into one posting list per distinct date. A date
        known only to the month or year ('2024') is a period, kept when the period
        overlaps the range: the release may well be from inside it.
        """
        if self._date_order is None:
            live = [(v, d) for d, v in enumerate(self.dates())
                    if v and not self.reader.is_deleted(d)]
            self._date_order = sorted((v, d) for v, d in live if len(v) >= 10)
            self._date_keys = [v for v, _d in self._date_order]
            self._partial_dates = [(v, d) for v, d in live if len(v) < 10]
        order, keys = self._date_order, self._date_keys or []
        start, end = (None if v == "*" else v for v in (_text(q.start), _text(q.end)))
        # A partial bound covers its whole period: [2020 to 2021] takes in 2021-12-31,
        # >2024 starts after 2024-12-31.
        if start is not None and q.startexcl and len(start) < 10:
            start += "\uffff"
        if end is not None and not q.endexcl and len(end) < 10:
            end += "\uffff"
        lo = 0 if start is None else (
            bisect.bisect_right(keys, start) if q.startexcl else bisect.bisect_left(keys, start))
        hi = len(keys) if end is None else (
            bisect.bisect_left(keys, end) if q.endexcl else bisect.bisect_right(keys, end))
        found = {d for _v, d in order[lo:hi]}
        for value, docnum in self._partial_dates:
            first = value + "-01-01"[len(value) - 4:]  # '2024' -> '2024-01-01'
            last = value + "\uffff"  # after every day of the period
            if start is not None and (last <= start if q.startexcl else last < start):
                continue
            if end is not None and (first >= end if q.endexcl else first > end):
                continue
            found.add(docnum)
        return found

    def dates(self) -> list[str]:
        if self._dates is None:
            col = self.reader.column_reader("date")
            self._dates = [v.decode("utf-8") if isinstance(v, bytes) else (v or "")
                           for v in col]
        return self._dates

    def facet(self, fieldname: str) -> list[tuple[str, frozenset[int]]]:
        values = self._facets.get(fieldname)
        if values is None:
            values = []
            for btext in self.reader.lexicon(fieldname):
                text = btext.decode("utf-8")
                docs = self.term_set(fieldname, text)
                if docs:
                    values.append((text, docs))
            self._facets[fieldname] = values
        return values

    def term_set(self, fieldname: str, text: str) -> frozenset[int]:
        key = (fieldname, text)
        docs = self._term_sets.get(key)
        if docs is None:
            ids, _weights = self.postings(fieldname, text)
            docs = frozenset(ids)
            self._term_sets.put(key, docs, len(docs))
        return docs

    def postings(self, fieldname: str, text: str) -> tuple[array, array]:
        """(docnums, term frequencies) of one term across all segments, cached."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        ids = array("i")
        weights = array("d")
        if fieldname in self.searcher.schema:
            for sub, offset, _count in self._offsets:
                reader = sub.reader()
                try:
                    m = reader.postings(fieldname, text)
                except Exception:  # TermNotFound: no postings in this segment
                    continue
                _read_postings(m, offset, ids, weights)
        self._postings.put(key, (ids, weights), len(ids))
        return ids, weights

    def lengths(self, fieldname: str) -> list[float]:
        """Length of ``fieldname`` in every document (docnum-indexed), for BM25."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = []
            for sub, _offset, count in self._offsets:
                found.extend(_segment_lengths(sub.reader(), fieldname, count))
            self._lengths[fieldname] = found
        return found

    def scores(self, q: wq.Query, matched: frozenset[int] | set[int], deadline: float
               ) -> dict[int, float]:
        """BM25 score of every matched document: the sum over the query's positive terms.

        Whoosh's matchers score one document at a time through several Python calls;
        here each term's postings are walked once with the document lengths at hand,
        which keeps ranking tens of thousands of matches within budget. Same formula
        and parameters as Whoosh's BM25F (B=0.75, K1=1.2).
        """
        acc: dict[int, float] = {}
        n_docs = max(1, self.reader.doc_count_all())
        for fieldname, text, boost in _positive_terms(q):
            if time.monotonic() > deadline:
                raise TimeLimit
            if fieldname not in self.searcher.schema or \
                    not self.searcher.schema[fieldname].scorable:
                continue
            ids, tfs = self.postings(fieldname, text)
            if not ids:
                continue
            idf = math.log(n_docs / (len(ids) + 1)) + 1.0
            avgfl = (self.searcher.avg_field_length(fieldname) or 1.0) or 1.0
            lengths = self.lengths(fieldname)
            k_norm = BM25_K1 * (1 - BM25_B)
            k_len = BM25_K1 * BM25_B / avgfl
            scale = idf * boost * (BM25_K1 + 1)
            get = acc.get
            for d, tf in zip(ids, tfs, strict=True):
                if d in matched:
                    acc[d] = get(d, 0.0) + scale * tf / (tf + k_norm + k_len * lengths[d])
        for phrase, boost in _positive_phrases(q):
            if phrase.slop != 1 or phrase.fieldname not in self.searcher.schema:
                continue
            freqs = self.phrase_freqs(phrase, deadline)
            if not freqs:
                continue
            # Scored like one term: its frequency in the document, with the summed
            # rarity of its words (as Lucene scores phrases).
            idf = sum(math.log(n_docs / (self.reader.doc_frequency(phrase.fieldname, w) + 1))
                      + 1.0 for w in phrase.words)
            avgfl = (self.searcher.avg_field_length(phrase.fieldname) or 1.0) or 1.0
            lengths = self.lengths(phrase.fieldname)
            k_norm = BM25_K1 * (1 - BM25_B)
            k_len = BM25_K1 * BM25_B / avgfl
            scale = idf * boost * (BM25_K1 + 1)
            get = acc.get
            for d, tf in freqs.items():
                if d in matched:
                    acc[d] = get(d, 0.0) + scale * tf / (tf + k_norm + k_len * lengths[d])
        for docs, boost in _positive_sets(q):
            get = acc.get
            for d in docs:
                if d in matched:
                    acc[d] = get(d, 0.0) + boost
        return acc

    def docset(self, q: wq.Query, deadline: float) -> frozenset[int] | set[int]:
        """Documents matching ``q``, by set algebra over cached posting sets.

        Counting through Whoosh's matchers loops in Python per document; set operations
        run in C, and the per-term sets are shared between queries.
        """
        if time.monotonic() > deadline:
            raise TimeLimit
        if q is wq.NullQuery or type(q).__name__ == "_NullQuery":
            return frozenset()
        if isinstance(q, wq.Every):
            return self.universe
        if isinstance(q, wq.Term):
            text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
            if q.fieldname == "date":  # date:2024 means the whole year
                return self.date_range(wq.TermRange("date", text, text))
            return self.term_set(q.fieldname, text)
        if isinstance(q, TermSetQuery):
            return frozenset(q.sorted_docs)
        if isinstance(q, wq.TermRange) and q.fieldname == "date":
            return self.date_range(q)
        if isinstance(q, wq.And):
            parts = sorted((self.docset(c, deadline) for c in q.subqueries), key=len)
            if not parts:
                return frozenset()
            acc = set(parts[0])
            for p in parts[1:]:
                acc &= p
                if not acc:
                    break
            return acc
        if isinstance(q, wq.Or):
            acc = set()
            for c in q.subqueries:
                acc |= self.docset(c, deadline)
            return acc
        if isinstance(q, wq.Not):
            return self.universe - self.docset(q.query, deadline)
        if isinstance(q, wq.AndNot):
            return set(self.docset(q.a, deadline)) - self.docset(q.b, deadline)
        if isinstance(q, wq.AndMaybe):
            return self.docset(q.a, deadline)
        if isinstance(q, wq.Phrase):
            if q.slop == 1:
                return set(self.phrase_freqs(q, deadline))
            words = [wq.Term(q.fieldname, w) for w in q.words]
            candidates = self.docset(wq.And(words), deadline) if words else frozenset()
            return {d for d in self.searcher.docs_for_query(q) if d in candidates}
        return frozenset(self.searcher.docs_for_query(q))

    def positions(self, fieldname: str, text: str) -> dict[int, bytes]:
        """docnum -> encoded positions of one term, cached within a budget."""
        key = (fieldname, text)
        found = self._positions.get(key)
        if found is not None:
            return found
        found = {}
        for sub, offset, _count in self._offsets:
            try:
                m = sub.reader().postings(fieldname, text)
            except Exception:  # TermNotFound: not in this segment
                continue
            _read_values(m, offset, found)
        self._positions.put(key, found, len(found))
        return found

    def phrase_freqs(self, q: wq.Phrase, deadline: float) -> dict[int, int]:
        """docnum -> how often the exact phrase occurs, for documents where it does.

        Candidates are the documents holding every word (set intersection); positions
        are decoded for those only.
        """
        words = tuple(_text(w) or "" for w in q.words)
        key = (q.fieldname, words)
        cached = self._phrases.get(key)
        if cached is not None:
            return cached
        out: dict[int, int] = {}
        if words:
            sets = sorted((self.term_set(q.fieldname, w) for w in words), key=len)
            candidates = set(sets[0]).intersection(*sets[1:]) if sets[0] else set()
            if len(words) == 1:
                ids, tfs = self.postings(q.fieldname, words[0])
                out = {d: int(tf) for d, tf in zip(ids, tfs, strict=True)}
            elif candidates:
                decode = _positions_decoder(self.searcher.schema[q.fieldname].format)
                maps = [self.positions(q.fieldname, w) for w in words]
                first, rest = maps[0], maps[1:]
                for n, d in enumerate(candidates):
                    if n % 512 == 0 and time.monotonic() > deadline:
                        raise TimeLimit
                    later = [set(decode(m[d])) for m in rest]
                    hits = sum(1 for p in decode(first[d])
                               if all(p + i in s for i, s in enumerate(later, 1)))
                    if hits:
                        out[d] = hits
        if len(self._phrases) > 64:
            self._phrases.clear()
        self._phrases[key] = out
        return out


class BoundedTopCollector(TopCollector):
    """Top-N by score, restricted to ``allow`` and stopped at ``deadline``.

    Whoosh's FilterCollector and TimeLimitCollector do not compose (the outer wrapper
    bypasses the inner one's checks), and the alarm-signal variant only works on the
    main thread; one collector doing both checks per document is simpler and safe in a
    worker thread. Block-quality skipping stays on: the exact count comes from the
    set algebra in :meth:`ReaderState.docset`.
    """

    def __init__(self, limit: int, allow: frozenset[int] | set[int] | None,
                 deadline: float, record: bool = False) -> None:
        # Recording every match needs every match visited: no block skipping then.
        super().__init__(limit=limit, usequality=not record)
        self.allow = allow
        self.deadline = deadline
        self.timed_out = False
        self.seen: set[int] | None = set() if record else None

    def collect(self, sub_docnum: int) -> Any:
        if time.monotonic() > self.deadline:
            self.timed_out = True
            raise TimeLimit
        docnum = self.offset + sub_docnum
        if self.allow is not None and docnum not in self.allow:
            return None
        if self.seen is not None:
            self.seen.add(docnum)
        return super().collect(sub_docnum)


def _read_postings(m: Any, offset: int, ids: array, weights: array) -> None:
    """Append a leaf matcher's docnums (+offset) and weights to the arrays.

    Reads whole blocks through the matcher's block buffers when it has them (Whoosh
    2.7's W3 codec), else steps posting by posting.
    """
    deleted: Any = None
    if isinstance(m, FilterMatcher) and getattr(m, "_exclude", False):
        deleted = m._ids
        m = m.child
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        start = len(ids)
        try:
            while m.is_active():
                m._read_ids()
                m._read_weights()
                if deleted:
                    for d, w in zip(m._ids, m._weights, strict=True):
                        if d not in deleted:
                            ids.append(d + offset)
                            weights.append(w)
                else:
                    ids.extend(d + offset for d in m._ids)
                    weights.fromlist([float(w) for w in m._weights])
                m._next_block()
            return
        except AttributeError:
            del ids[start:], weights[start:]
            m.reset()
    while m.is_active():
        if deleted and m.id() in deleted:
            m.next()
            continue
        ids.append(m.id() + offset)
        weights.append(m.weight())
        m.next()


def _positive_terms(q: wq.Query) -> Iterator[tuple[str, str, float]]:
    """(field, term, boost) of every term that adds to a score (not under NOT)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_terms(q.a)
        return
    if isinstance(q, wq.Term):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        yield q.fieldname, text, q.boost
        return
    if isinstance(q, TermSetQuery) or q.is_leaf():
        return
    boost = getattr(q, "boost", 1.0)
    for child in q.children():
        for fieldname, text, b in _positive_terms(child):
            yield fieldname, text, b * boost


def _positive_sets(q: wq.Query) -> Iterator[tuple[Sequence[int], float]]:
    """Constant-score clauses (large expansions) that add to a score."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_sets(q.a)
        return
    if isinstance(q, TermSetQuery):
        yield q.sorted_docs, q.boost
        return
    if q.is_leaf():
        return
    for child in q.children():
        yield from _positive_sets(child)


def _text(value: str | bytes | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _positive_phrases(q: wq.Query) -> Iterator[tuple[wq.Phrase, float]]:
    """Phrases that add to a score (not under NOT), with their combined boost."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_phrases(q.a)
        return
    if isinstance(q, wq.Phrase):
        yield q, q.boost
        return
    if q.is_leaf():
        return
    boost = getattr(q, "boost", 1.0)
    for child in q.children():
        for phrase, b in _positive_phrases(child):
            yield phrase, b * boost


def _segment_lengths(reader: Any, fieldname: str, count: int) -> list[float]:
    """Field lengths of one segment's documents as BM25 uses them.

    Reads Whoosh 2.7's length column in one go when it can (a call per document costs
    a second at 50k documents), else asks document by document.
    """
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None:
            values = [float(byte_to_length(b)) if b else 0.0 for b in column]
            if len(values) == count:
                return values
    except Exception:  # another codec: the slow, public way below
        pass
    dfl = reader.doc_field_length
    return [float(dfl(d, fieldname, 0) or 0) for d in range(count)]


def _positions_decoder(fmt: Any) -> Any:
    """Whoosh's decode_positions with the running sum done in C (itertools)."""
    from whoosh.formats import Positions

    if type(fmt).decode_positions is not Positions.decode_positions:
        return fmt.decode_positions

    def decode(value: bytes) -> list[int]:
        if not value.endswith(b"."):
            value += b"."
        return list(accumulate(pickle.loads(value[4:])))

    return decode


def needs_whoosh_matcher(q: wq.Query) -> bool:
    """True for queries the set algebra does not evaluate itself (sloppy phrases)."""
    if isinstance(q, wq.Phrase):
        return q.slop != 1
    return not q.is_leaf() and any(needs_whoosh_matcher(c) for c in q.children())


def _read_values(m: Any, offset: int, out: dict[int, bytes]) -> None:
    """Collect a leaf matcher's posting values (encoded positions) by docnum."""
    deleted: Any = None
    if isinstance(m, FilterMatcher) and getattr(m, "_exclude", False):
        deleted = m._ids
        m = m.child
    if hasattr(m, "_read_ids") and hasattr(m, "_read_values"):
        try:
            while m.is_active():
                m._read_ids()
                m._read_values()
                for d, v in zip(m._ids, m._values, strict=True):
                    if not deleted or d not in deleted:
                        out[d + offset] = v
                m._next_block()
            return
        except AttributeError:
            m.reset()
    while m.is_active():
        if not deleted or m.id() not in deleted:
            out[m.id() + offset] = m.value()
        m.next()
