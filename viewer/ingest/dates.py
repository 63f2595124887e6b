"""Recognise the publication dates releases state, in the forms their sites print them.

Only complete dates (year, month and day) become a ``Document.date``; a dateline such as
'SEOUL, Nov. 10 (Yonhap)' has no year, and guessing one is extraction's job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?")
_ORD = r"(?:st|nd|rd|th)?"
_TIME = (r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
         r"(?:\s*\(?(?:kst|utc|gmt|[ecmp][sd]t|cet|cest)\)?)?)?")

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE) for p in (
        r"(?P<y>(?:19|20)\d{2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<d>\d{1,2})\.?(?:T[\d:.+\-Z]*)?",
        r"(?P<y>(?:19|20)\d{2})년\s*(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일(?:\s*\([월화수목금토일]\))?",
        _WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>(?:19|20)\d{2})",
        _WEEKDAY + r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>(?:19|20)\d{2})",
        r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})",
    )
)
_WEEKDAY_PAREN = r"(?:\s*\((?:[월화수목금토일]|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\))?"
# Whole-line forms: the date, an optional '(금)' / '(Thu)' and an optional time of day.
# Korean release headers add the edition after the date: '2024. 2. 16.(금) 조간' (morning papers).
_EDITION = r"(?:\s*(?:조간|석간|이후|부터|\d{1,2}:\d{2}\s*이후))?"
_FULL: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (p, re.compile(p.pattern + _WEEKDAY_PAREN + _TIME + _EDITION + r"\s*[.,]?", re.IGNORECASE))
    for p in _PATTERNS
)
# Labels that introduce a publication date on the same line ('Written: 2021-11-18').
_DATE_LABELS = ("date", "dated", "created", "written", "posted", "posted on", "published", "published on",
                "issued", "release date", "date of issue", "작성일", "등록일", "게시일", "날짜", "보도일",
                "배포일", "보도시점", "배포일시", "보도일시")
_DATE_LABEL = re.compile(
    r"^(?:" + "|".join(sorted(_DATE_LABELS, key=len, reverse=True)) + r")\s*[:：]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str  # 'YYYY-MM-DD'
    text: str  # as written
    start: int
    end: int
    ambiguous: bool = False  # a numeric date whose day and month could be swapped


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> FoundDate | None:
    g = m.groupdict()
    y = int(g["y"])
    ambiguous = False
    if g.get("mon"):
        month, day = MONTHS[g["mon"].lower()], int(g["d"])
    elif g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        # Numeric 'NN/NN/YYYY' is month-first on US-made pages and day-first elsewhere; a
        # value over 12 settles it, otherwise month-first is assumed and flagged.
        if a > 12 >= b:
            month, day = b, a
        else:
            month, day = a, b
            ambiguous = a != b and b <= 12
    else:
        month, day = int(g["m"]), int(g["d"])
    iso = _valid(y, month, day)
    if iso is None:
        return None
    return FoundDate(iso, m.group(0).strip(), m.start(), m.end(), ambiguous)


def find_date(text: str) -> FoundDate | None:
    """The first complete date anywhere in ``text``."""
    best: FoundDate | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            found = _from_match(m)
            if found and (best is None or found.start < best.start):
                best = found
            if found:
                break
    return best


def date_only(line: str) -> FoundDate | None:
    """The date if ``line`` is nothing but a date (with an optional label, weekday or time)."""
    body = _DATE_LABEL.sub("", line.strip(), count=1) if len(line) < 80 else ""
    if not body or len(body) > 60:
        return None
    for pattern, full in _FULL:
        if full.fullmatch(body):
            # match again without the time so the recorded text is the date alone
            inner = pattern.match(body)
            found = _from_match(inner) if inner else None
            if found:
                offset = line.find(found.text)
                return FoundDate(found.iso, found.text, offset, offset + len(found.text),
                                 found.ambiguous)
    return None


# A dateline opening a news or UN paragraph: 'SEOUL, Nov. 10 (Yonhap) -- ',
# 'GENEVA (1 September 2023) – ', 'WASHINGTON, July 11, 2024 — '.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\- ]{1,30}?)(?:,\s*|\s+\()"
    r"(?P<date>[^()\n]{3,40}?)\)?\s*(?P<agency>\((?:Yonhap|AFP|AP|Reuters|KCNA|Kyodo|UPI|Xinhua)\))?"
    r"\s*(?:--|[–—]|-)\s+"
)
_MONTH_NAME = _MONTH.replace("?P<mon>", "?:")
_PARTIAL = re.compile(_WEEKDAY + _MONTH_NAME + r"\s+\d{1,2}" + _ORD + r"$|^\d{1,2}\s+" + _MONTH_NAME + "$",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # the whole dateline, e.g. 'SEOUL, Nov. 10 (Yonhap)'
    date: FoundDate | None  # only when complete
    agency: str | None  # 'Yonhap' …


def find_dateline(paragraph: str) -> Dateline | None:
    """A dateline at the start of ``paragraph``, if there is one."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    date_part = m.group("date").strip()
    found = date_only(date_part)
    if found is None and not _PARTIAL.match(date_part):
        return None
    text = paragraph[:m.end()].rstrip(" -–—")
    if found:
        offset = m.start("date") + found.start
        found = FoundDate(found.iso, found.text, offset, offset + len(found.text), found.ambiguous)
    agency = m.group("agency")
    return Dateline(text.strip(), found, agency.strip("()") if agency else None)


_LEAD = re.compile(r"^(?:On|As of)\s+")


def lead_date(paragraph: str) -> FoundDate | None:
    """A complete date opening a statement's first sentence: 'On October 18, 2024, the …'."""
    m = _LEAD.match(paragraph)
    if not m:
        return None
    rest = paragraph[m.end():m.end() + 40]
    cut = rest.find(",", rest.find(",") + 1) if re.match(r"[A-Za-z]", rest) else rest.find(",")
    if cut <= 0:
        return None
    found = date_only(rest[:cut])
    if found is None:
        return None
    start = m.end() + found.start
    return FoundDate(found.iso, found.text, start, start + len(found.text), found.ambiguous)
