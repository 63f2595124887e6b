"""Re-attaching annotations to a document whose text may have changed.

An annotation remembers the exact quote, about 32 characters on each side, and the offsets
it had. After a re-import or a different cleaning of the same release the offsets may be
stale; :func:`resolve_anchor` finds the span again, trying in order:

1. the old offsets, if the quote still sits exactly there;
2. every exact occurrence of the quote, scored by how well the text around it matches the
   remembered prefix/suffix, with a small bonus for being near the old offset (so a quote
   that merely moved is found, and a repeated quote goes to the right occurrence);
3. the same search on a normalised form of both texts — words only, case-folded, any run
   of whitespace or punctuation reduced to one space — with an offset map back to the
   original, so changes of whitespace, punctuation or quote style do not lose it;
4. otherwise ``None``: the caller keeps the annotation and shows it as detached.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from difflib import SequenceMatcher

from viewer.userdata.models import CONTEXT_CHARS

# With very short quotes ('the') there can be thousands of hits; scoring each costs time.
_MAX_CANDIDATES = 200
_NEAR_WINDOW = 5_000
# Candidates compared with the (slower) edit-tolerant similarity after a quick ranking.
_FINE_CANDIDATES = 12
_WORD = re.compile(r"\w+")


def context_around(body: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The prefix and suffix stored with a new annotation."""
    return body[max(0, start - chars):start], body[end:end + chars]


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _best(text: str, needle: str, prefix: str, suffix: str, near: int) -> int | None:
    """Start of the occurrence of ``needle`` in ``text`` whose surroundings fit best."""
    hits = _occurrences(text, needle)
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    if len(hits) > _MAX_CANDIDATES:
        hits = sorted(hits, key=lambda i: abs(i - near))[:_MAX_CANDIDATES]
    n = len(needle)

    def around(i: int) -> tuple[str, str]:
        return text[max(0, i - len(prefix)):i], text[i + n:i + n + len(suffix)]

    def proximity(i: int) -> float:
        return 0.1 / (1 + abs(i - near) / _NEAR_WINDOW)

    def exact_context(i: int) -> float:
        # Characters of context that match outward from the quote: exact and fast, but one
        # changed character next to the quote hides the rest, hence the finer pass below.
        before, after = around(i)
        left = _common_suffix(prefix, before) / len(prefix) if prefix else 1.0
        right = _common_prefix(suffix, after) / len(suffix) if suffix else 1.0
        return (left + right) / 2

    ranked = sorted(hits, key=lambda i: exact_context(i) + proximity(i), reverse=True)
    if exact_context(ranked[0]) == 1.0:  # the whole remembered context is there
        return ranked[0]

    def fine(i: int) -> float:
        before, after = around(i)
        return (_similarity(prefix, before) + _similarity(suffix, after)) / 2 + proximity(i)

    return max(ranked[:_FINE_CANDIDATES], key=fine)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def normalise(text: str) -> tuple[str, list[int]]:
    """Words of ``text`` case-folded and joined by single spaces, and for each character of
    the result the index of the character of ``text`` it came from."""
    parts: list[str] = []
    index: list[int] = []
    prev_end: int | None = None
    for m in _WORD.finditer(text):
        if prev_end is not None:
            parts.append(" ")
            index.append(prev_end)
        word = m.group().casefold()
        parts.append(word)
        if len(word) == m.end() - m.start():
            index.extend(range(m.start(), m.end()))
        else:  # folding changed the length ('ß' -> 'ss'): map char by char
            for pos in range(m.start(), m.end()):
                index.extend([pos] * len(text[pos].casefold()))
        prev_end = m.end()
    return "".join(parts), index


class Anchorer:
    """Resolves many anchors against one body, normalising the body at most once."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._normalised: tuple[str, list[int]] | None = None

    def _norm_body(self) -> tuple[str, list[int]]:
        if self._normalised is None:
            self._normalised = normalise(self.body)
        return self._normalised

    def resolve(self, quote: str, prefix: str, suffix: str, start: int, end: int) -> tuple[int, int] | None:
        body = self.body
        if not quote:
            return None
        if start >= 0 and self.body[start:end] == quote:
            return start, end
        hit = _best(body, quote, prefix, suffix, start)
        if hit is not None:
            return hit, hit + len(quote)
        norm_quote, _ = normalise(quote)
        if not norm_quote:
            return None
        norm_body, index = self._norm_body()
        norm_prefix, _ = normalise(prefix)
        norm_suffix, _ = normalise(suffix)
        # Where the old offset falls in the normalised body, for the proximity bonus.
        near = bisect_left(index, start)
        hit = _best(norm_body, norm_quote, norm_prefix, norm_suffix, near)
        if hit is None:
            return None
        return index[hit], index[hit + len(norm_quote) - 1] + 1

    def resolve_position(self, quote: str, prefix: str, offset: int) -> int | None:
        """Where a position bookmark (the text at ``offset`` and before it) now sits."""
        if quote:
            span = self.resolve(quote, prefix, "", offset, offset + len(quote))
            return span[0] if span else None
        if prefix:  # a bookmark at the very end of a text: find what came before it
            span = self.resolve(prefix, "", "", offset - len(prefix), offset)
            return span[1] if span else None
        return offset if offset <= len(self.body) else None


def resolve_anchor(quote: str, prefix: str, suffix: str, start: int, end: int,
                   body: str) -> tuple[int, int] | None:
    """Where the quoted span sits in ``body`` now, or ``None`` if it cannot be found."""
    return Anchorer(body).resolve(quote, prefix, suffix, start, end)
