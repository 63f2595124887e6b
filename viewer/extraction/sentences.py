"""Sentence spans of a text, aware of the abbreviations press releases use.

'U.S.' ends a sentence only when the next word is one that starts sentences ('… support
from the U.S. He also stressed …'); titles such as 'Mr.' or 'Dr.' never do.
"""

from __future__ import annotations

import re

from viewer.extraction.lexicon import words

# Never end a sentence: a name or a number follows.
_TITLE_ABBREVS = words(
    "mr. mrs. ms. dr. prof. sen. rep. gov. amb. gen. lt. col. capt. st. no. nos. vs. jr. sr. rev. "
    "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. e.g. i.e. etc. approx. art. para. "
    "fri. mon. tue. tues. wed. thu. thur. thurs. sat. sun. fig. vol. p. pp. op. cf."
)
# Initialisms that may end a sentence.
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"[A-Z]\.")
_STARTERS = words(
    "He She They It The This That These Those We I In On At As Also Both Meanwhile Moreover "
    "Furthermore However Since During After Before While When Following Through Based Special "
    "Director Vice Deputy Minister Ambassador Foreign President Secretary Ms. Mr. Dr."
)

_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n+")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in ``text[start:end]``, trimmed of spaces."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group().startswith(("\n",)) or "\n" in m.group():
            cut = m.start() if m.group()[0] == "\n" else m.end()
        else:
            cut = m.end()
            if not _is_boundary(text, m.start(), m.end(), end):
                continue
        _push(text, cur, cut, spans)
        cur = m.end()
    _push(text, cur, end, spans)
    return spans


def _is_boundary(text: str, dot: int, after: int, end: int) -> bool:
    if text[dot] != ".":
        return True
    word_start = text.rfind(" ", 0, dot) + 1
    word = text[word_start:dot + 1]
    low = word.lower().lstrip("(\"“‘'")
    nxt = text[after:min(end, after + 20)].split(" ", 1)[0]
    if not nxt:
        return True
    if low in _TITLE_ABBREVS or _INITIAL.fullmatch(word.lstrip("(\"“‘'")):
        return False  # a title, or an initial: 'Antony J. Blinken', 'N. Korea'

    if _INITIALISM.search(low.rstrip(".") + "."):
        return nxt in _STARTERS or nxt[:1] in "“\""
    return nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "“\"‘(□o°-•[" or not nxt[0].isalpha()


def _push(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
