"""Calendar references in release text, each with a normalised value and a grain.

Finding and resolving are separate steps: :func:`find_dates` returns :class:`RawDate`
parses that know their own year/month/day or their offset from the publication date, and
:func:`resolve` turns them into values against a reference date. That lets publication-date
inference run on the unresolved parses, then resolve everything against what it found.

Slash dates: 'a/b/yyyy' is read month-first (the US pages that write slashes do so) unless
the first number cannot be a month; 'yyyy/mm/dd' and 'yyyy.mm.dd' (Korean pages) are
year-first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from viewer.entities import DateGrain

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MON = rf"(?:{_FULL}|(?:{_ABBR})\.?)"
MON_FULL = rf"(?:{_FULL})"
_WEEKDAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
            r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20[0-4]\d)"
_TZ = r"(?:KST|JST|EST|EDT|CET|CEST|GMT|UTC|PST|PDT|(?:Seoul|Geneva|New York|Washington|Tokyo|local) time)"
# Kept in the span: '(Thursday)', '(local time)', ', local time', '(KST)'.
_QUAL = rf"(?:\s?\((?:{_WEEKDAY}|{_TZ})\)|,\s(?:local time|{_TZ})(?=[\s,.;:)]))?"
_RANGE_SEP = r"\s?(?:-|–|—|to|through|until|till)\s?"
_NUMWORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "a": 1}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@dataclass(frozen=True, slots=True)
class Ref:
    """The reference date relative expressions resolve against (any part may be unknown)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Ref:
        if not value:
            return cls()
        parts = value.split("-")
        try:
            nums = [int(p) for p in parts[:3]]
        except ValueError:
            return cls()
        padded: list[int | None] = [*nums, None, None, None]
        return cls(padded[0], padded[1], padded[2])

    def as_date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


@dataclass(frozen=True, slots=True)
class RawDate:
    """An unresolved date mention.

    ``year``/``month``/``day`` are what the text states; ``rel`` names how the missing parts
    come from the reference date ('' when nothing is relative).
    """

    start: int
    end: int
    text: str
    grain: DateGrain
    year: int | None = None
    month: int | None = None
    day: int | None = None
    rel: str = ""  # 'year', 'same_year', 'month_of', 'day_of_month', 'week', 'day', 'month_rel'
    offset: int = 0  # years/months/days/weeks from the reference, by ``rel``
    part: str = ""  # 'H1', 'H2', 'Q3' for halves and quarters
    rule: str = ""

    @property
    def explicit_year(self) -> int | None:
        return self.year


Handler = Callable[[re.Match[str]], RawDate | None]
_PATTERNS: list[tuple[re.Pattern[str], Handler]] = []


def _rule(pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        _PATTERNS.append((re.compile(pattern, flags), fn))
        return fn
    return deco


def _num(s: str | None) -> int | None:
    if not s:
        return None
    digits = re.match(r"\d+", s)
    return int(digits.group()) if digits else None


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if not 1 <= d <= 31:
            return False
        if m is not None and d > calendar.monthrange(y or 2024, m)[1]:
            return False
    return True


def _raw(m: re.Match[str], grain: DateGrain, rule: str, **kw: object) -> RawDate | None:
    raw = RawDate(m.start(), m.end(), m.group(), grain, rule=rule, **kw)  # type: ignore[arg-type]
    return raw if _valid(raw.year, raw.month, raw.day) else None


# --- numeric forms -------------------------------------------------------------------------

@_rule(rf"(?<![\d/.\-])(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d\-])")
def _iso(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "iso", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


@_rule(rf"(?<![\d/.])(?P<y>{_YEAR})(?P<sep>[./])\s?(?P<m>[01]?\d)(?P=sep)\s?(?P<d>[0-3]?\d)\.?(?![\d/])")
def _year_first(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "year-first", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


# European pages write 'dd.mm.yyyy' (EEAS, German and Swiss ministries).
@_rule(rf"(?<![\d/.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>{_YEAR})(?![\d/]|\.\d)")
def _dotted_dmy(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "dotted-dmy", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


@_rule(rf"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>{_YEAR})(?![\d/])")
def _slash(m: re.Match[str]) -> RawDate | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 else (a, b)
    return _raw(m, "day", "slash-mdy", year=int(m["y"]), month=month, day=day)


@_rule(rf"(?P<y>{_YEAR})년\s?(?:(?P<m>1[0-2]|0?[1-9])월\s?(?:(?P<d>[0-3]?\d)일)?)?")
def _korean(m: re.Match[str]) -> RawDate | None:
    month, day = _num(m["m"]), _num(m["d"])
    grain: DateGrain = "day" if day else "month" if month else "year"
    return _raw(m, grain, "korean", year=int(m["y"]), month=month, day=day)


# --- month-name forms ----------------------------------------------------------------------

@_rule(rf"(?:{_WEEKDAY},?\s)?(?P<mon>{MON})\s(?P<d>{_DAY})(?![\d:])"
       rf"(?:(?P<sep>{_RANGE_SEP}|\sand\s)(?:(?P<mon2>{MON})\s)?(?P<d2>{_DAY})(?![\d:]))?"
       rf"(?:,?\s(?P<y>{_YEAR})(?!\d))?{_QUAL}")
def _month_day(m: re.Match[str]) -> RawDate | None:
    year = _num(m["y"])
    month = _month(m["mon"])
    if m["d2"]:
        if m["mon2"] is not None and "and" in m["sep"]:
            return None
        if not _valid(year, month, _num(m["d"])):
            return None
        return _raw(m, "month", "month-day-range", year=year, month=month,
                    rel="" if year else "month_of")
    return _raw(m, "day", "month-day", year=year, month=month, day=_num(m["d"]),
                rel="" if year else "month_of")


@_rule(rf"(?:{_WEEKDAY},?\s)?(?:the\s)?(?P<d>{_DAY})(?:(?P<sep>{_RANGE_SEP}|\sand\s)(?P<d2>{_DAY}))?"
       rf"(?:\sof)?\s(?P<mon>{MON})(?![a-z])(?:,?\s(?:in\s)?(?P<y>{_YEAR})(?!\d))?{_QUAL}")
def _day_month(m: re.Match[str]) -> RawDate | None:
    year = _num(m["y"])
    month = _month(m["mon"])
    if m.group().startswith("the ") and not m["d"][-1].isalpha():
        return None
    if m["d2"]:
        if not _valid(year, month, _num(m["d2"])):
            return None
        return _raw(m, "month", "day-month-range", year=year, month=month,
                    rel="" if year else "month_of")
    return _raw(m, "day", "day-month", year=year, month=month, day=_num(m["d"]),
                rel="" if year else "month_of")


@_rule(rf"(?P<mon>{MON_FULL}|(?:{_ABBR})\.)(?:,|\sof)?\s(?P<y>{_YEAR})(?!\d)")
def _month_year(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "month", "month-year", year=int(m["y"]), month=_month(m["mon"]))


@_rule(rf"(?P<mon>{MON_FULL})(?:\sof)?\s(?P<which>last|this|next|the\s(?:same|previous|following)|"
       r"the\s(?:last|past)|that)\syear\b")
def _month_rel_year(m: re.Match[str]) -> RawDate | None:
    which = m["which"]
    if "same" in which or which == "that":
        return _raw(m, "month", "month-same-year", month=_month(m["mon"]), rel="same_year")
    off = {"last": -1, "this": 0, "next": 1, "the previous": -1, "the following": 1,
           "the last": -1, "the past": -1}[which]
    return _raw(m, "month", "month-relative-year", month=_month(m["mon"]), rel="year", offset=off)


@_rule(rf"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s)?(?:end|beginning|start|"
       rf"middle)\sof)[\s\-](?P<mon>{MON_FULL})(?:,?\s(?P<y>{_YEAR})(?!\d))?")
def _qualified_month(m: re.Match[str]) -> RawDate | None:
    which = m["which"].lower()
    month = _month(m["mon"])
    if m["y"]:
        return _raw(m, "month", "qualified-month", year=int(m["y"]), month=month)
    if which in ("last", "this", "next"):
        return _raw(m, "month", "relative-month-name", month=month, rel="named_month",
                    offset={"last": -1, "this": 0, "next": 1}[which])
    return _raw(m, "month", "qualified-month", month=month, rel="month_of")


_MONTH_CONTEXT = (r"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bof\s)|"
                  r"(?<=\bfrom\s)|(?<=\bduring\s)|(?<=\bbefore\s)|(?<=\bafter\s)|(?<=\bthrough\s)|"
                  r"(?<=\bthis\s)|(?<=\blast\s)|(?<=\bnext\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid\s)|"
                  r"(?<=\bmid-)|(?<=\bto\s)|(?<=\band\s)|(?<=\bor\s)|(?<=\(\s)|(?<=\())")


# A bare month name; 'May' only after a preposition, since 'may' also starts sentences.
@_rule(rf"(?:{_MONTH_CONTEXT}May|\b(?:January|February|March|April|June|July|August|September|"
       r"October|November|December))(?![\w\-])")
def _bare_month(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "month", "month", month=_month(m.group()), rel="month_of")


# --- years and parts of years --------------------------------------------------------------

@_rule(rf"(?<![\w$#/.\-])(?P<y>{_YEAR})(?:\s?[–\-]\s?(?P<y2>{_YEAR}|\d\d))?(?![\w/%]|\.\d|-\d|,\d)")
def _year(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "year", "year-range" if m["y2"] else "year", year=int(m["y"]))


@_rule(r"\b(?:[Tt]he\s)?(?P<y>(?:19|20)\d0)s\b")
def _decade(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "decade", "decade", year=int(m["y"]))


@_rule(rf"\b(?P<which>[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s)?(?:end|beginning|start|middle)\sof)[\s\-]"
       rf"(?P<y>{_YEAR})(?!\d)")
def _qualified_year(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "year", "qualified-year", year=int(m["y"]))


@_rule(rf"\b(?:[Tt]he\s)?(?P<ord>first|second|1st|2nd)\shalf\sof\s(?:(?P<y>{_YEAR})|(?P<which>this|last|next|"
       r"the\s(?:same|previous|following))\syear)")
def _half(m: re.Match[str]) -> RawDate | None:
    part = f"H{_ORDINAL[m['ord']]}"
    if m["y"]:
        return _raw(m, "half", "half-year", year=int(m["y"]), part=part)
    return _year_relative(m, m["which"], "half", "half-year", part)


@_rule(rf"\b(?:[Tt]he\s)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\squarter\sof\s(?:(?P<y>{_YEAR})|"
       r"(?P<which>this|last|next|the\s(?:same|previous|following))\syear)")
def _quarter(m: re.Match[str]) -> RawDate | None:
    part = f"Q{_ORDINAL[m['ord']]}"
    if m["y"]:
        return _raw(m, "quarter", "quarter", year=int(m["y"]), part=part)
    return _year_relative(m, m["which"], "quarter", "quarter", part)


def _year_relative(m: re.Match[str], which: str, grain: DateGrain, rule: str,
                   part: str = "") -> RawDate | None:
    which = which.lower()
    if "same" in which:
        return _raw(m, grain, rule, rel="same_year", part=part)
    off = {"last": -1, "this": 0, "next": 1, "the previous": -1, "the following": 1}[which]
    return _raw(m, grain, rule, rel="year", offset=off, part=part)


# --- relative to the publication date ------------------------------------------------------

@_rule(r"\b(?:(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate|[Mm]id-?)\s?)?(?:(?:the\s)?(?:end|beginning|start|middle)\sof\s)?"
       r"(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Tt]he\s(?:previous|following|same))\s(?P<unit>year|month|week)\b")
def _relative_unit(m: re.Match[str]) -> RawDate | None:
    which, unit = m["which"].lower(), m["unit"]
    if unit == "year":
        return _year_relative(m, which, "year", "relative-year")
    if "same" in which:
        return None
    off = {"last": -1, "this": 0, "next": 1, "the previous": -1, "the following": 1}[which]
    if unit == "month":
        return _raw(m, "month", "relative-month", rel="month_rel", offset=off)
    return _raw(m, "week", "relative-week", rel="week", offset=off)


@_rule(r"\b(?P<n>(?i:one|two|three|four|five|six|seven|eight|nine|ten|a)|\d{1,2})\s(?P<unit>years?|months?)\sago\b")
def _ago(m: re.Match[str]) -> RawDate | None:
    n = int(m["n"]) if m["n"].isdigit() else _NUMWORD[m["n"].lower()]
    if m["unit"].startswith("year"):
        return _raw(m, "year", "years-ago", rel="year", offset=-n)
    return _raw(m, "month", "months-ago", rel="month_rel", offset=-n)


@_rule(r"\b(?P<w>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b")
def _day_word(m: re.Match[str]) -> RawDate | None:
    off = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["w"].lower()]
    return _raw(m, "day", "day-word", rel="day", offset=off)


# 'on the 15th (local time)': a day of the publication month, common in Korean wire copy.
@_rule(rf"(?:(?<=\bon\s)|(?<=\bOn\s)|(?<=since\s)|(?<=until\s)|(?<=\bby\s))the\s(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)"
       rf"(?:\sof\s(?:this|last)\smonth)?{_QUAL}(?=[\s,.;:)]|$)(?!\s[A-Z0-9])")
def _day_of_month(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "day-of-month", day=int(m["d"]),
                rel="day_of_month", offset=-1 if "last month" in m.group() else 0)


# --- filters -------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|gov|kr|jp|int|go\.kr|or\.kr)(?:/\S*)?")
_COUNTER_BEFORE = re.compile(r"(?:©|\(c\)|\bCopyright|\bhits?|\bviews?|\bViews?|\bread|조회수?|\bNo\.|"
                             r"\bno\.|#|\bresolution|\bResolution|\bresolutions|\bRoom|\broom|\bNo)\s*:?\s*$")
_UNIT_AFTER = re.compile(r"^\s?(?:people|persons|participants|defectors|won|dollars|yen|km|tons|cases|"
                         r"members|individuals|households|students|troops|soldiers|pages|words|times|"
                         r"units|meters|metres|feet|hours|minutes|%|percent)\b")


def find_dates(text: str) -> list[RawDate]:
    """All date mentions in ``text``, non-overlapping, longest first, in text order."""
    found: list[RawDate] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            raw = handler(m)
            if raw is not None:
                found.append(raw)
    if not found:
        return []
    urls = [(u.start(), u.end()) for u in _URL.finditer(text)]
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    chosen: list[RawDate] = []
    last_end = -1
    for raw in found:
        if raw.start < last_end:
            continue
        if any(a <= raw.start < b for a, b in urls):
            continue
        if raw.grain in ("year", "decade") and raw.rule in ("year", "year-range") and _is_counter(text, raw):
            continue
        chosen.append(raw)
        last_end = raw.end
    return chosen


def _is_counter(text: str, raw: RawDate) -> bool:
    before = text[max(0, raw.start - 14):raw.start]
    return bool(_COUNTER_BEFORE.search(before) or _UNIT_AFTER.match(text[raw.end:raw.end + 14]))


# --- resolution ----------------------------------------------------------------------------

def resolve(raws: list[RawDate], ref: Ref) -> Iterator[tuple[RawDate, str | None]]:
    """Yield each mention with its value, resolved in text order against ``ref``.

    'the same year' takes the year of the closest earlier mention that has one.
    """
    last_year: int | None = None
    for raw in raws:
        value, year = _value(raw, ref, last_year)
        if year is not None:
            last_year = year
        yield raw, value


def _value(raw: RawDate, ref: Ref, last_year: int | None) -> tuple[str | None, int | None]:
    rel = raw.rel
    year = raw.year
    month = raw.month
    day = raw.day
    if rel == "year":
        year = ref.year + raw.offset if ref.year else None
    elif rel == "same_year":
        year = last_year
    elif rel == "month_of":
        year = ref.year
    elif rel == "named_month":
        year = _named_month_year(month or 1, raw.offset, ref)
    elif rel == "month_rel":
        if ref.year is None or ref.month is None:
            return None, None
        total = ref.year * 12 + (ref.month - 1) + raw.offset
        year, month = divmod(total, 12)
        month += 1
    elif rel == "week":
        base = ref.as_date()
        if base is None:
            if raw.offset == 0 and ref.year and ref.month:
                return f"{ref.year:04d}-{ref.month:02d}", ref.year
            return None, None
        shifted = base + dt.timedelta(weeks=raw.offset)
        return f"{shifted.year:04d}-{shifted.month:02d}", shifted.year
    elif rel == "day":
        base = ref.as_date()
        if base is None:
            return None, None
        shifted = base + dt.timedelta(days=raw.offset)
        return shifted.isoformat(), shifted.year
    elif rel == "day_of_month":
        if ref.year is None or ref.month is None:
            return None, None
        year, month = ref.year, ref.month
        # A day later than the publication day is in the month before ('on the 28th', published the 2nd).
        back = raw.offset - (1 if ref.day is not None and (day or 0) > ref.day else 0)
        if back:
            year, month = divmod(year * 12 + month - 1 + back, 12)
            month += 1
        if not _valid(year, month, day):
            return None, None
    if year is None:
        return None, None
    if raw.part:
        return f"{year:04d}-{raw.part}", year
    if raw.grain in ("year", "decade") or month is None:
        return (f"{year:04d}" if raw.grain != "decade" else None), year
    if raw.grain == "day" and day is not None:
        if not _valid(year, month, day):
            return None, year
        return f"{year:04d}-{month:02d}-{day:02d}", year
    return f"{year:04d}-{month:02d}", year


def _named_month_year(month: int, offset: int, ref: Ref) -> int | None:
    """'last August', 'this August', 'next August' relative to the publication month."""
    if ref.year is None:
        return None
    if offset == 0:
        return ref.year
    if ref.month is None:
        return ref.year + offset
    if offset < 0:
        return ref.year if month < ref.month else ref.year - 1
    return ref.year if month > ref.month else ref.year + 1


def shift_raw(raw: RawDate, delta: int) -> RawDate:
    """The same mention with offsets moved by ``delta`` characters (for metadata fields)."""
    return replace(raw, start=raw.start + delta, end=raw.end + delta)
