"""Text analysis shared by indexing, querying and hit highlighting.

One tokenizer does everything in a single pass (cheaper in pure Python than a chain of
filter generators): Latin-script words are lower-cased, accent-folded ('Salmón' ->
'salmon'), stop-word filtered and Porter-stemmed ('consultations' -> 'consult');
Hangul (and CJK ideographs) are cut into overlapping character bigrams, as Lucene's
CJKAnalyzer does. Bigrams need no dictionary or morphological analyser (none ships with
Whoosh, and Korean particles glue onto nouns: 통일부는, 통일부의 …), they keep the index small,
and any query of two or more syllables becomes a phrase of bigrams that matches inside
longer words ('통일' finds '통일부'). A lone syllable is indexed as a unigram.

Field values made of several parts (title + body + names …) are joined with
:data:`FIELD_GAP`; the tokenizer leaves a position gap there so a phrase never matches
across two parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Bumped whenever tokens for the same text would differ: the index is then rebuilt.
ANALYZER_VERSION = 1

FIELD_GAP = "\x1f"
_POSITION_GAP = 100

_CJK = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\u3400-\u4dbf"
# Words, with inner apostrophes and dots kept ("korea's", "u.s"); a word that is not
# ASCII may hold Hangul and is split again by _SPLIT_RE.
_WORD_RE = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
_SPLIT_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^{_CJK}'’.]+(?:['’.][^{_CJK}'’.]+)*)")
_APOSTROPHES = str.maketrans({"’": "'"})

# Small on purpose: only words that carry no meaning in press releases and would make
# every AND query scan nearly every document.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will",
    "with",
})


_CJK_RE = re.compile(f"[{_CJK}]")


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case and strip accents; keeps Hangul intact (accent_map would not touch it)."""
    return word.lower().translate(accent_map).translate(_APOSTROPHES)


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """The index term for one Latin-script word: folded and stemmed."""
    folded = fold(word)
    if folded.endswith("'s"):
        folded = folded[:-2]
    return porter_stem(folded) if folded.isalpha() else folded


# Endings the Porter stemmer takes off English words ('consultation' -> 'consult'). Spelling-
# tolerant and wildcard matching compare what was typed with a stem plus one of these,
# since the index holds stems only ('consultaton~' must find 'consult' + 'ation').
SURFACE_ENDINGS = (
    "", "s", "es", "e", "ed", "ing", "er", "ers", "al", "ly", "ion", "ions", "ation",
    "ations", "ication", "ications", "ization", "ate", "ated", "ates", "ating", "ity",
    "ities", "ive", "ment", "ments", "ness", "ance", "ence", "ability", "able", "ible",
    "ism", "ist", "ists",
)


@lru_cache(maxsize=200_000)
def prose_term(word: str) -> str | None:
    if len(word) == 1 and not word.isdigit():
        return None
    if fold(word) in STOP_WORDS:
        return None
    return normalize_word(word)


@lru_cache(maxsize=200_000)
def name_term(word: str) -> str | None:
    if len(word) == 1 and not word.isdigit():
        return None
    return fold(word)


Scanned = list[tuple[str, int, int, int]]  # (term, position, start, end)


def _split_word(word: str, term_of: Callable[[str], str | None]
                ) -> list[tuple[str, int, int]]:
    """(term, start, end) within one word that is not plain ASCII: Hangul and CJK runs
    become bigrams (a lone syllable a unigram), the rest ordinary words."""
    out: list[tuple[str, int, int]] = []
    for sub in _SPLIT_RE.finditer(word):
        piece = sub.group()
        s, e = sub.start(), sub.end()
        if sub.lastgroup == "cjk":
            if len(piece) == 1:
                out.append((piece, s, e))
            else:
                out.extend((piece[i:i + 2], s + i, s + i + 2) for i in range(len(piece) - 1))
            continue
        term = term_of(piece)
        if term is not None:
            out.append((term, s, e))
    return out


def scan(text: str, stem: bool = True, start_pos: int = 0, start_char: int = 0) -> Scanned:
    """All tokens of ``text``: the one loop highlighting and query analysis run.

    Plain tuples rather than Whoosh Token objects: highlighting a few bodies per query
    then costs well under a millisecond each.
    """
    if FIELD_GAP in text:
        out: Scanned = []
        pos, offset = start_pos, start_char
        for part in text.split(FIELD_GAP):
            tokens = scan(part, stem, pos, offset)
            out.extend(tokens)
            if tokens:
                pos = tokens[-1][1] + _POSITION_GAP
            offset += len(part) + len(FIELD_GAP)
        return out
    term_of = prose_term if stem else name_term
    out = []
    append = out.append
    pos = start_pos
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if word.isascii():
            term = term_of(word)
            if term is not None:
                append((term, pos, start_char + m.start(), start_char + m.end()))
                pos += 1
            continue
        base = start_char + m.start()
        for term, s, e in _split_word(word, term_of):
            append((term, pos, base + s, base + e))
            pos += 1
    return out


def term_positions(text: str, stem: bool = True) -> dict[str, list[int]]:
    """Every term of ``text`` with its positions, as :func:`scan` numbers them.

    The indexing path: it needs no character offsets, so it lets the regex engine
    collect the words in one call and skips a tuple per word; indexing spends most of
    its time here. A test keeps it equal to :func:`scan`.
    """
    term_of = prose_term if stem else name_term
    out: dict[str, list[int]] = {}
    get = out.get
    pos = 0
    for part in text.split(FIELD_GAP) if FIELD_GAP in text else (text,):
        first = pos
        for word in _WORD_RE.findall(part):
            if word.isascii():
                term = term_of(word)
                if term is None:
                    continue
                terms: Iterable[str] = (term,)
            else:
                terms = [t for t, _s, _e in _split_word(word, term_of)]
            for term in terms:
                found = get(term)
                if found is None:
                    out[term] = [pos]
                else:
                    found.append(pos)
                pos += 1
        if pos != first:
            pos += _POSITION_GAP - 1
    return out


class MixedTokenizer(Tokenizer):
    """Whoosh tokenizer implementing the analysis described in the module docstring."""

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MixedTokenizer) and other.stem == self.stem

    def __hash__(self) -> int:
        return hash(self.stem)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            # Prefix, wildcard and fuzzy text from the query parser: fold only, a stem of
            # a word fragment would be meaningless.
            t.original = t.text = fold(value)
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for term, pos, start, end in scan(value, self.stem, start_pos, start_char):
            t.text = term
            if keeporiginal:
                t.original = value[start - start_char:end - start_char]
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start
                t.endchar = end
            yield t


def text_analyzer() -> MixedTokenizer:
    """Analyzer of prose fields (title, body, notes): stemmed, stop words dropped."""
    return MixedTokenizer(stem=True)


def name_analyzer() -> MixedTokenizer:
    """Analyzer of names: folded but neither stemmed nor stop-filtered ('Jun-il', 'Lee')."""
    return MixedTokenizer(stem=False)


# Korean names of the publishers this archive comes from: the masthead ('통일부') is page
# chrome that ingestion drops, so the alias is indexed with the publisher instead.
PUBLISHER_ALIASES: dict[str, tuple[str, ...]] = {
    "ministry of unification": ("통일부",),
    "ministry of foreign affairs": ("외교부",),
    "ministry of justice": ("법무부",),
    "ministry of national defense": ("국방부",),
}


def publisher_aliases(publisher: str | None) -> tuple[str, ...]:
    if not publisher:
        return ()
    low = fold(publisher)
    found: list[str] = []
    for name, aliases in PUBLISHER_ALIASES.items():
        if name in low:
            found.extend(aliases)
    return tuple(found)


def analyze(text: str, analyzer: MixedTokenizer) -> Scanned:
    """(term, position, start, end) for every token of ``text``."""
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True)]
