"""What a search returns, and where its words sit in a text.

Hit ranges are found by running the index's own analyzers over the text, so whatever
made a document match (a stem, a folded accent, a Hangul bigram, an expanded prefix)
is what gets marked — in a snippet or in the reader's full body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.support.charset import accent_map

from viewer.search.analysis import name_term, prose_term, scan
from viewer.search.query import Highlights

SNIPPET_CHARS = 240
# Snippets look for matches in this much of the body first: the window is nearly always
# there, and scanning all of a long body for twenty rows would dominate query time.
SNIPPET_SCAN_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    score: float
    title: str
    date: str | None
    publisher: str | None
    source_name: str = ""
    snippet: str = ""  # plain text
    snippet_marks: tuple[tuple[int, int], ...] = ()  # offsets into snippet

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.doc_id, "file": self.source_name, "title": self.title,
            "date": self.date, "publisher": self.publisher, "score": round(self.score, 4),
            "snippet": self.snippet, "snippet_marks": [list(m) for m in self.snippet_marks],
        }


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    corrected: str | None = None  # 'did you mean' when nothing was found
    notice: str | None = None  # what was repaired or capped in the query
    partial: bool = False  # the time limit cut the search short
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query, "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [[v, n] for v, n in vals] for k, vals in self.facets.items()},
            "corrected": self.corrected, "notice": self.notice, "partial": self.partial,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


def _ranges_for(text: str, stem: bool, terms: set[str],
                phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    if not terms and not phrases:
        return []
    tokens = scan(text, stem)
    ranges = [(s, e) for term, _pos, s, e in tokens if term in terms]
    if phrases:
        by_pos = {pos: (term, s, e) for term, pos, s, e in tokens}
        for phrase in phrases:
            if not phrase:
                continue
            first = phrase[0]
            for term, pos, s, _e in tokens:
                if term != first:
                    continue
                end = None
                for k, word in enumerate(phrase[1:], 1):
                    nxt = by_pos.get(pos + k)
                    if nxt is None or nxt[0] != word:
                        break
                    end = nxt[2]
                else:
                    ranges.append((s, end if end is not None else _e))
    return ranges


_SIMPLE_TERM = re.compile(r"[a-z0-9]+\Z")


def _quick_ranges(text: str, wanted: Highlights) -> list[tuple[int, int]] | None:
    """Ranges of plain (ASCII, phrase-free) query terms found by one regex pass.

    A Porter stem is a prefix of its word, or is once its final 'i' (from 'y') is dropped,
    so a regex over word starts finds every candidate in C; only candidates are then
    normalised like the tokenizer does. None when the query needs the full scan.
    """
    if wanted.prose_phrases or wanted.name_phrases:
        return None
    terms = wanted.prose_terms | wanted.name_terms
    if not terms or not all(_SIMPLE_TERM.match(t) for t in terms):
        return None
    folded = text.lower().translate(accent_map)
    if len(folded) != len(text):
        return None
    prefixes = {t[:-1] if t.endswith("i") and len(t) > 1 else t for t in terms}
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(sorted(map(re.escape, prefixes), key=len, reverse=True))
        + r")[^\W_]*(?:['’.][^\W_]+)*")
    ranges = []
    for m in pattern.finditer(folded):
        word = text[m.start():m.end()]
        if prose_term(word) in wanted.prose_terms or name_term(word) in wanted.name_terms:
            ranges.append((m.start(), m.end()))
    return ranges


def find_ranges(text: str, wanted: Highlights) -> list[tuple[int, int]]:
    """Sorted, merged character ranges of ``text`` that the query matches."""
    quick = _quick_ranges(text, wanted)
    if quick is not None:
        return merge_ranges(quick)
    ranges = _ranges_for(text, True, wanted.prose_terms, wanted.prose_phrases)
    ranges += _ranges_for(text, False, wanted.name_terms, wanted.name_phrases)
    return merge_ranges(ranges)


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def snippet_for(text: str, wanted: Highlights) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Snippet of ``text`` around the query's matches, scanning as little as needed."""
    if len(text) > SNIPPET_SCAN_CHARS * 1.5:
        cut = text.rfind(" ", 0, SNIPPET_SCAN_CHARS)
        cut = cut if cut > 0 else SNIPPET_SCAN_CHARS
        ranges = find_ranges(text[:cut], wanted)
        if ranges:
            return make_snippet(text, ranges)
    return make_snippet(text, find_ranges(text, wanted))


def make_snippet(text: str, ranges: list[tuple[int, int]], width: int = SNIPPET_CHARS
                 ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of about ``width`` characters holding the most matches, cut at spaces."""
    if not text:
        return "", ()
    if not ranges:
        cut = _cut_end(text, min(len(text), width))
        return _flatten(text[:cut]) + ("…" if cut < len(text) else ""), ()
    best_i, best_n = 0, 0
    j = 0
    for i, (s, _e) in enumerate(ranges):
        while j < len(ranges) and ranges[j][1] <= s + width:
            j += 1
        if j - i > best_n:
            best_i, best_n = i, j - i
    first = ranges[best_i][0]
    last = ranges[best_i + best_n - 1][1]
    slack = max(0, width - (last - first))
    start = max(0, first - min(slack // 3, 80))
    start = _cut_start(text, start, first)
    end = _cut_end(text, min(len(text), max(last, start + width)))
    prefix = "…" if start > 0 else ""
    body = text[start:end]
    marks = tuple((s - start + len(prefix), e - start + len(prefix))
                  for s, e in ranges if s >= start and e <= end)
    snippet = prefix + _flatten(body) + ("…" if end < len(text) else "")
    return snippet, marks


def _flatten(s: str) -> str:
    # Same length in and out, so mark offsets stay valid.
    return s.replace("\n", " ").replace("\r", " ").replace("\t", " ")


def _cut_start(text: str, start: int, limit: int) -> int:
    if start == 0:
        return 0
    space = text.find(" ", start, limit)
    return space + 1 if space != -1 else start


def _cut_end(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, end - 40), end)
    return space if space > 0 else end
