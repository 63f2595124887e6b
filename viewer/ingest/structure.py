"""The release's own structure: numbered paragraphs, bullets and bracketed section headers.

Markers ('□', 'o', '°', '1.') go to ``Block.marker`` and stay out of the body text, so
search and extraction see only the release's words while the reader can still show them.
Bracketed headers ('[Making North Korea’s …]') keep their brackets in the text: they are
part of what the release says, and keeping them makes every body string occur verbatim in
the original file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from viewer.documents import BlockKind

Part = tuple[str, BlockKind, str, int]

# Korean releases nest '□' > 'o' (or '°') > '-'; the level says how deep a bullet sits.
BULLET_LEVELS: dict[str, int] = {
    "□": 0, "■": 0, "◆": 0, "◇": 0, "▶": 0, "▷": 0, "●": 0, "•": 0, "*": 0, "▲": 0, "►": 0,
    "◎": 0, "◈": 0, "➢": 0, "➤": 0, "✓": 0, "✔": 0, "▪": 1,
    "o": 1, "°": 1, "◦": 1, "○": 1, "ㅇ": 1, "※": 1,
    "-": 2, "–": 2, "·": 2, "ㆍ": 2,
}
_BULLET = re.compile(r"^(?P<m>[□■◆◇▶▷●•°◦○※·ㆍ▲►◎◈➢➤✓✔▪]|[oㅇ*\-–](?=\s))\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(
    r"^(?P<m>(?:\d{1,2}|[IVX]{1,4}|[a-h]|[가-하])[.)]|\((?:\d{1,2}|[a-h]|[가-하])\))\s+(?P<text>\S.*)$"
    r"|^(?P<c>[①-⑳])\s*(?P<ctext>\S.*)$")
_HEADING = re.compile(r"^(?:\[[^\[\]]{2,200}\]|【[^【】]{2,200}】|<\s?[^<>]{2,120}\s?>)$")
_SENTENCE_END = re.compile(r"[.!?。:;]['\"”’)]*$")


def marker_of(line: str) -> tuple[BlockKind, str, int, str] | None:
    """``(kind, marker, level, text)`` when ``line`` opens with a bullet or a number."""
    m = _NUMBERED.match(line)
    if m and m.group("c"):
        return "numbered", m.group("c"), 0, m.group("ctext")
    if m:
        return "numbered", m.group("m"), 0, m.group("text")
    m = _BULLET.match(line)
    if m:
        marker = m.group("m")
        return "bullet", marker, BULLET_LEVELS.get(marker, 0), m.group("text")
    return None


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def looks_hard_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs were broken into short lines (plain-text e-mail style, PDFs)."""
    content = [line for line in lines if line]
    if len(content) < 4 or max(len(line) for line in content) > 100:
        return False
    # Wrapped lines run close to the wrap width; a list of short names or labels does not.
    continued = sum(
        1 for a, b in itertools.pairwise(lines)
        if len(a) >= 40 and b and not _SENTENCE_END.search(a) and marker_of(b) is None
    )
    return continued >= 0.3 * len(content)


def _join(a: str, b: str) -> str:
    # A word hyphenated across the line break is rejoined without the hyphen.
    if re.search(r"[a-z]-$", a) and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


def paragraphs(lines: Iterable[str], wrapped: bool, headings: frozenset[str] = frozenset()) -> list[str]:
    """Group lines into paragraphs: one per line, or blank-line separated when ``wrapped``."""
    out: list[str] = []
    current: str | None = None
    for line in lines:
        if not line:
            if current is not None:
                out.append(current)
            current = None
            continue
        starts_new = (not wrapped or current is None or marker_of(line) is not None
                      or is_heading(line) or line in headings or current in headings)
        if starts_new:
            if current is not None:
                out.append(current)
            current = line
        else:
            current = _join(current or "", line)
    if current is not None:
        out.append(current)
    return out


def to_parts(paras: Iterable[str], headings: frozenset[str] = frozenset()) -> list[Part]:
    parts: list[Part] = []
    for para in paras:
        if para in headings or is_heading(para):
            parts.append((para, "heading", "", 0))
            continue
        marked = marker_of(para)
        if marked:
            kind, marker, level, text = marked
            parts.append((text, kind, marker, level))
        else:
            parts.append((para, "paragraph", "", 0))
    return parts
