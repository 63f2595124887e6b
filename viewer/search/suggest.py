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

from viewer.search.analysis import SURFACE_ENDINGS, fold, has_cjk, normalize_word, scan
from viewer.search.query import PROSE_FIELDS, close_stems
from viewer.search.reader import ReaderState
from viewer.search.schema import FIELD_ALIASES

TextsFn = Callable[[Sequence[str]], dict[str, str]]

_PIECES = re.compile(r"(\s+|[()\"])")
_WORD = re.compile(r"([A-Za-z_]+:)?([^\W\d_]{3,})(\*|~\d?)?")
MAX_WORDS_CHECKED = 6
SURFACE_DOCS = 3


def suggest_query(gen: ReaderState, query: str, texts: TextsFn) -> str | None:
    """``query`` with unknown words replaced, or None when there is nothing to offer."""
    changed = False
    out = []
    checked = 0
    for piece in _PIECES.split(query):
        word = piece
        plain = _WORD.fullmatch(piece)
        field = (plain.group(1) or "")[:-1].lower() if plain else ""
        # Values of fields such as starred: or read: are not words of the archive.
        words_field = not field or FIELD_ALIASES.get(field) in PROSE_FIELDS
        if plain and words_field and checked < MAX_WORDS_CHECKED \
                and piece not in ("AND", "OR", "NOT"):
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
    # edits from 'rapporteur', but is one edit from it as typed. As typed, a stem is
    # tried with the endings the stemmer removes: 'consultaton' is one edit from
    # 'consult' + 'ation'.
    buckets = gen.compiler.buckets("text")
    best: tuple[int, int, str] | None = None
    tries = {folded: SURFACE_ENDINGS, term: ("",)} if folded != term else {folded: SURFACE_ENDINGS}
    for dist in (1, 2):
        for target, endings in tries.items():
            if dist == 2 and len(target) < 5:
                continue
            for cand in close_stems(buckets, target, dist, 1, [target[:1]], endings):
                key = (dist, -gen.reader.doc_frequency("text", cand), cand)
                if best is None or key < best:
                    best = key
        if best is not None:
            break
    if best is None:
        return None
    return _surface(gen, best[2], folded, texts) or best[2]


def _surface(gen: ReaderState, stem: str, typed: str, texts: TextsFn) -> str | None:
    """The word as written in the archive, with index term ``stem``, closest to ``typed``."""
    ids, _tfs = gen.postings("text", stem)
    if not len(ids):
        return None
    # A few releases give the word's usual forms ('delegates', 'delegation').
    stored = [gen.searcher.stored_fields(int(d)) for d in ids[:SURFACE_DOCS]]
    forms: set[str] = set()
    bodies = texts([f.get("id", "") for f in stored])
    for text in (*bodies.values(), *(f.get("title", "") for f in stored)):
        forms.update(text[start:end].lower() for term, _pos, start, end in scan(text)
                     if term == stem)
    return min(forms, key=lambda form: (_edits(form, typed), form)) if forms else None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (words are short)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
