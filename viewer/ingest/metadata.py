"""Metadata lines around a release's headline: labelled fields, bylines, subtitles, notes.

Korean government boards print fields as a label line followed by a value line
('writer' / '고민석' / 'created' / '2024-02-16' / 'hit' / '525'); other sites print
'Date: 2024-10-12 | Views: 12' or 'Written: 2021-11-18' on one line. Both are read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from viewer.ingest.chrome import fold
from viewer.ingest.dates import date_only

FieldKind = Literal["date", "views", "author", "other"]

FIELD_LABELS: dict[str, FieldKind] = {
    "date": "date", "dated": "date", "created": "date", "written": "date", "posted": "date",
    "posted on": "date", "published": "date", "published on": "date", "issued": "date",
    "release date": "date", "date of issue": "date", "작성일": "date", "등록일": "date",
    "게시일": "date", "날짜": "date", "보도일": "date", "배포일": "date", "보도시점": "date",
    "배포일시": "date", "보도일시": "date",
    "hit": "views", "hits": "views", "views": "views", "view": "views", "조회": "views",
    "조회수": "views", "read": "views", "reads": "views",
    "writer": "author", "author": "author", "by": "author", "reporter": "author", "작성자": "author",
    "글쓴이": "author", "posted by": "author", "written by": "author",
    "updated": "other", "last updated": "other", "modified": "other", "수정일": "other",
    "department": "other", "담당부서": "other", "부서": "other", "담당자": "other", "contact": "other",
    "배포": "other", "담당": "other", "매수": "other", "과장": "other", "팀장": "other", "사무관": "other",
    "주무관": "other", "엠바고": "other", "media contact": "other", "press contact": "other",
    "연락처": "other", "문의": "other", "source": "other", "출처": "other", "category": "other",
    "분류": "other", "file": "other", "첨부파일": "other", "attachment": "other",
}
_LABEL_ALT = "|".join(re.escape(k) for k in sorted(FIELD_LABELS, key=len, reverse=True))
# One 'Label: value' pair; the value runs to the next known label, a '|' or the line's end,
# so 'Published : 2024-02-16 17:24 Updated : 2024-02-16 18:00' gives two fields.
_PAIR = re.compile(
    rf"(?P<label>{_LABEL_ALT})(?P<colon>\s*[:：]\s*|\s+)(?P<value>.+?)"
    rf"(?=\s*[|·]\s*|\s+(?:{_LABEL_ALT})\s*[:：]|\s{{2,}}(?:{_LABEL_ALT})\b"
    rf"|\s+(?:{_LABEL_ALT})\s+\d|$)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\s|·]*$")
# first words of the labels: a cheap test that rules out almost every article line
_FIRST_WORDS = frozenset(label.split()[0] for label in FIELD_LABELS)
_HANGUL_LABEL = re.compile(r"^[\uac00-\ud7a3]+$")


@dataclass(frozen=True, slots=True)
class Field:
    kind: FieldKind
    label: str  # as written
    value: str  # as written


def label_kind(line: str) -> FieldKind | None:
    """The field kind if ``line`` is a bare label whose value is on the next line."""
    if len(line) > 30:
        return None
    return FIELD_LABELS.get(fold(line))


def accepts(kind: FieldKind, value: str) -> bool:
    """Whether ``value`` fits a field of ``kind`` (a label line must not eat a headline)."""
    v = value.strip()
    if not v or len(v) > 120 or label_kind(v) is not None:
        return False
    if kind == "date":
        return date_only(v) is not None
    if kind == "views":
        return bool(re.fullmatch(r"\d[\d,]*", v))
    if kind == "author":
        return len(v.split()) <= 6 and not v.endswith(".")
    return len(v) <= 80


def inline_fields(line: str) -> list[Field]:
    """Fields written on one line: 'Date: 2024-10-12 | hit 1830', 'Written: 2021-11-18'.

    The whole line must be fields (and separators), so a sentence that happens to start
    with 'Date' or 'By' is never read as metadata.
    """
    found: list[Field] = []
    s = line.strip()
    first = s.split(None, 1)[0].casefold().rstrip(":：") if s else ""
    if len(s) > 200 or first not in _FIRST_WORDS:
        return found
    pos = 0
    for m in _PAIR.finditer(s):
        if not _SEPARATOR.match(s[pos:m.start()]):
            return []
        kind = FIELD_LABELS[fold(m.group("label"))]
        value = m.group("value").strip()
        bare = ":" not in m.group("colon") and "：" not in m.group("colon")
        # A bare 'by Jane' or 'Contact the ministry…' is no field: in English a bare label
        # is trusted only before a date or a count. Korean headers never use colons.
        korean_label = bool(_HANGUL_LABEL.match(m.group("label")))
        if not accepts(kind, value) or (bare and kind in ("author", "other") and not korean_label):
            return []
        found.append(Field(kind, m.group("label"), value))
        pos = m.end()
    if not found or not _SEPARATOR.match(s[pos:]):
        return []
    return found


_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|van|von|de|der|da|bin|al))*"
_BY = re.compile(r"^(?:By|BY|Written by|Posted by|Reported by)\s+(?P<name>" + _NAME +
                 r"(?:\s+and\s+" + _NAME + r")?)(?:\s*(?:,|\||/|-|–)\s*.*)?$")
_NAME_VIEWS = re.compile(r"^(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){1,3})\s+(?:Views?|Hits?)"
                         r"(?:\s*[:：]?\s*(?P<n>\d[\d,]*))?$")
_NAME_EMAIL = re.compile(r"^(?:Reporter\s+)?(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){1,3})\s*"
                         r"[(<]?[\w.+\-]+@[\w\-]+\.[\w.\-]+[)>]?$")
_KOREAN_REPORTER = re.compile(r"^(?P<name>[가-힣]{2,4})\s*(?:기자|특파원)(?:\s+\S+@\S+)?$")


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    views: int | None = None


def byline(line: str) -> Byline | None:
    """'By Jane Doe', 'Daniel Kim Views' (a news page's author and view counter), '홍길동 기자'."""
    s = line.strip()
    if len(s) > 100:
        return None
    m = _NAME_VIEWS.match(s)
    if m:
        n = m.group("n")
        return Byline(m.group("name"), int(n.replace(",", "")) if n else None)
    m = _BY.match(s) or _NAME_EMAIL.match(s) or _KOREAN_REPORTER.match(s)
    if m:
        return Byline(m.group("name").strip())
    return None


_POSTED = re.compile(r"^(?:Posted|Published|Written)(?:\s+on)?\s*:?\s+(?P<date>.+?)\s+by\s+(?P<name>.+)$",
                     re.IGNORECASE)


def posted_by(line: str) -> tuple[str, str] | None:
    """``(date text, author)`` from a blog-style 'Posted on May 2, 2024 by Jane Doe' line."""
    m = _POSTED.match(line.strip())
    if not m or len(m.group("name").split()) > 5:
        return None
    return m.group("date"), m.group("name").strip()


_SUBTITLE = re.compile(r"^[-–—]\s*(?P<text>.+?)\s*[-–—]$")


def subtitle(line: str) -> str | None:
    """The text of a '- … -' subtitle line."""
    m = _SUBTITLE.match(line.strip())
    return m.group("text") if m and len(m.group("text")) > 10 else None


_NOTE = re.compile(
    r"^(?:[*※•]\s*|\(\s*)?(?:this is an?\s+)?(?:unofficial|informal|provisional|courtesy)\s+"
    r"(?:english\s+)?translation\)?\.?$|^[*※•]\s*.{0,100}(?:translation|번역).{0,40}$",
    re.IGNORECASE,
)


def is_note(line: str) -> bool:
    """A trailing note such as '* unofficial translation'."""
    return bool(_NOTE.match(line.strip()))


_PREAMBLE = re.compile(
    r"^The following (?:is the )?(?:text|statement|joint statement|readout)?\s*(?:was )?"
    r"(?:released|issued|published) by (?:the )?(?P<who>.+?)"
    r"(?:\s+on the occasion of\b.*|\s+on\s+.*|\s+following\s+.*|\s+at\s+.*)?[.:]?$",
)


def preamble_publisher(line: str) -> str | None:
    """Who released a text introduced by 'The following text was released by …'."""
    m = _PREAMBLE.match(line.strip())
    return m.group("who").strip() if m else None


def is_text_marker(line: str) -> bool:
    """'Begin Text:' / 'End Text.' brackets around a reproduced statement."""
    return fold(line) in {"begin text", "begin text.", "end text", "end text.", "text begins", "text ends"}
