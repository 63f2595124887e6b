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
from collections.abc import Iterator
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
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+(?:[.'’][^\W_{_CJK}]+)*)"
)
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


def _cjk_grams(run: str) -> Iterator[tuple[str, int, int]]:
    if len(run) == 1:
        yield run, 0, 1
        return
    for i in range(len(run) - 1):
        yield run[i:i + 2], i, i + 2


class MixedTokenizer(Tokenizer):
    """Whoosh tokenizer implementing the analysis described in the module docstring."""

    def __init__(self, stem: bool = True, stop: bool = True) -> None:
        self.stem = stem
        self.stop = stop

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, MixedTokenizer) and other.stem == self.stem
                and other.stop == self.stop)

    def __hash__(self) -> int:
        return hash((self.stem, self.stop))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Prefix, wildcard and fuzzy text from the query parser: fold only, a stem of
            # a word fragment would be meaningless.
            t.original = t.text = fold(value)
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        prev_end = 0
        drop_stops = self.stop and removestops
        for m in _TOKEN_RE.finditer(value):
            start = m.start()
            if FIELD_GAP in value[prev_end:start]:
                pos += _POSITION_GAP
            prev_end = m.end()
            run = m.group("cjk")
            if run is not None:
                for gram, s, e in _cjk_grams(run):
                    t.text = gram
                    t.boost = 1.0
                    t.stopped = False
                    if keeporiginal:
                        t.original = gram
                    if positions:
                        t.pos = pos
                    pos += 1
                    if chars:
                        t.startchar = start_char + start + s
                        t.endchar = start_char + start + e
                    yield t
                continue
            word = m.group("word")
            if len(word) == 1 and not word.isdigit():
                continue
            folded = fold(word)
            if drop_stops and folded in STOP_WORDS:
                continue
            t.text = normalize_word(word) if self.stem else folded
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            pos += 1
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + prev_end
            yield t


def text_analyzer() -> MixedTokenizer:
    """Analyzer of prose fields (title, body, notes, names)."""
    return MixedTokenizer(stem=True, stop=True)


def name_analyzer() -> MixedTokenizer:
    """Analyzer of names: folded but neither stemmed nor stop-filtered ('Jun-il', 'Lee')."""
    return MixedTokenizer(stem=False, stop=False)


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


def analyze(text: str, analyzer: MixedTokenizer) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) for every token of ``text``."""
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True)]
