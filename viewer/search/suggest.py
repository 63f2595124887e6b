"""'Did you mean': close, frequent words of the archive for the words that found nothing.

Candidates come from the index's own vocabulary (bounded edit distance, first letter
kept, at most six words looked at), so nothing extra is stored at index time or kept in
step with the archive; a stem found is turned back into a word as a document writes it.
Whoosh's ``correct_query`` does the same job but slows to seconds once the index has
several segments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from viewer.search.analysis import fold, has_cjk, normalize_word, scan
from viewer.search.query import within_distance
from viewer.search.reader import ReaderState

TextsFn = Callable[[Sequence[str]], dict[str, str]]

_PIECES = re.compile(r"(\s+|[()\"])")
_WORD = re.compile(r"([A-Za-z_]+:)?([^\W\d_]{3,})(\*|~\d?)?")
MAX_WORDS_CHECKED = 6


def suggest_query(gen: ReaderState, query: str, texts: TextsFn) -> str | None:
    """``query`` with unknown words replaced, or None when there is nothing to offer."""
    changed = False
    out = []
    checked = 0
    for piece in _PIECES.split(query):
        word = piece
        plain = _WORD.fullmatch(piece)
        if plain and checked < MAX_WORDS_CHECKED and piece not in ("AND", "OR", "NOT"):
            checked += 1
            head, body = plain.group(1) or "", plain.group(2)
            term = normalize_word(body)
            if not has_cjk(body) and gen.reader.doc_frequency("text", term) == 0:
                best = _closest(gen, term, fold(body), texts)
                if best is not None:
                    word = head + best + (plain.group(3) or "")
                    changed = True
        out.append(word)
    return "".join(out) if changed else None


def _closest(gen: ReaderState, term: str, folded: str, texts: TextsFn) -> str | None:
    # Compared both as typed and as stemmed: 'rapporter' stems to 'rapport', three
    # edits from 'rapporteur', but is one edit from it as typed.
    buckets = gen.compiler.buckets("text")
    best: tuple[int, int, str] | None = None
    for dist in (1, 2):
        for target in dict.fromkeys((folded, term)):
            if dist == 2 and len(target) < 5:
                continue
            for length in range(len(target) - dist, len(target) + dist + 1):
                for cand in buckets.get((target[:1], length), ()):
                    if within_distance(target, cand, dist):
                        key = (dist, -gen.reader.doc_frequency("text", cand), cand)
                        if best is None or key < best:
                            best = key
        if best is not None:
            break
    if best is None:
        return None
    return _surface(gen, best[2], texts) or best[2]


def _surface(gen: ReaderState, stem: str, texts: TextsFn) -> str | None:
    """A word as written in the archive whose index term is ``stem``."""
    ids, _tfs = gen.postings("text", stem)
    if not len(ids):
        return None
    fields = gen.searcher.stored_fields(ids[0])
    for text in (*texts([fields.get("id", "")]).values(), fields.get("title", "")):
        for term, _pos, start, end in scan(text):
            if term == stem:
                return str(text[start:end].lower())
    return None
