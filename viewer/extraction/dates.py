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
# Flat alternations of words let the regex engine skip ahead to a month quickly.
MON = rf"(?:{_FULL}|{'|'.join(a + chr(92) + '.' for a in _ABBR.split('|'))}|{_ABBR})"
_MON_DOTTED = rf"(?:{_FULL}|{'|'.join(a + chr(92) + '.' for a in _ABBR.split('|'))})"
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
    rel: str = ""  # 'year', 'same_year', 'month_of', 'day_of_month', 'week', 'day', 'month_rel', 'weekday'
    offset: int = 0  # years/months/days/weeks from the reference, by ``rel``
    part: str = ""  # 'H1', 'H2', 'Q3' for halves and quarters; 'mon'…'sun' for weekdays
    rule: str = ""


Handler = Callable[[re.Match[str]], RawDate | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern. Patterns start with a plain character so the regex engine can skip ahead
    fast; what may not precede a match (``not_after``) and words that may be pulled into it
    from before (``back``, matched against the text just before) are checked here instead."""

    pattern: re.Pattern[str]
    handler: Handler
    not_after: str  # characters that may not stand right before; 'w' means any letter or digit
    back: re.Pattern[str] | None


_RULES: list[_Rule] = []
_WEEKDAY_BEFORE = (r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|"
                   r"Thur|Thurs|Fri|Sat|Sun)\.?,?\s)$")


def _rule(pattern: str, flags: int = 0, not_after: str = "w",
          back: str | None = None) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        _RULES.append(_Rule(re.compile(pattern, flags), fn, not_after,
                            re.compile(back) if back else None))
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


def _raw(m: re.Match[str], grain: DateGrain, rule: str, start: int | None = None,
         **kw: object) -> RawDate | None:
    """A parse of ``m``, optionally begun earlier at ``start`` (a qualifier read before it)."""
    s = m.start() if start is None else start
    raw = RawDate(s, m.end(), m.string[s:m.end()], grain, rule=rule, **kw)  # type: ignore[arg-type]
    return raw if _valid(raw.year, raw.month, raw.day) else None


# --- numeric forms -------------------------------------------------------------------------

@_rule(rf"(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d\-])", not_after="w/.-")
def _iso(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "iso", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


@_rule(rf"(?P<y>{_YEAR})(?P<sep>[./])\s?(?P<m>[01]?\d)(?P=sep)\s?(?P<d>[0-3]?\d)\.?(?![\d/])",
       not_after="w/.")
def _year_first(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "year-first", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


# European pages write 'dd.mm.yyyy' (EEAS, German and Swiss ministries).
@_rule(rf"(?P<d>\d\d?)\.(?P<m>[01]?\d)\.(?P<y>{_YEAR})(?![\d/]|\.\d)", not_after="w/.")
def _dotted_dmy(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "day", "dotted-dmy", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


@_rule(rf"(?P<a>\d\d?)/(?P<b>[0-3]?\d)/(?P<y>{_YEAR})(?![\d/])", not_after="w/.")
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

@_rule(rf"(?P<mon>{MON})\s(?P<d>{_DAY})(?![\d:])"
       rf"(?:(?P<sep>{_RANGE_SEP}|\sand\s)(?:(?P<mon2>{MON})\s)?(?P<d2>{_DAY})(?![\d:]))?"
       rf"(?:,?\s(?P<y>{_YEAR})(?!\d)|\s(?:of\s)?(?P<rel>last|this|next|the\s(?:same|previous|following))"
       rf"\syear\b)?{_QUAL}", back=_WEEKDAY_BEFORE)
def _month_day(m: re.Match[str]) -> RawDate | None:
    year = _num(m["y"])
    month = _month(m["mon"])
    if m["rel"] and not m["d2"]:  # 'June 12 last year', 'March 3 of the same year'
        which = m["rel"]
        if "same" in which:
            return _raw(m, "day", "month-day-relative-year", month=month, day=_num(m["d"]), rel="same_year")
        return _raw(m, "day", "month-day-relative-year", month=month, day=_num(m["d"]), rel="year",
                    offset={"last": -1, "this": 0, "next": 1, "the previous": -1, "the following": 1}[which])
    if m["d2"]:
        if m["mon2"] is not None and "and" in m["sep"]:
            return None
        if not _valid(year, month, _num(m["d"])):
            return None
        return _raw(m, "month", "month-day-range", year=year, month=month,
                    rel="" if year else "month_of")
    return _raw(m, "day", "month-day", year=year, month=month, day=_num(m["d"]),
                rel="" if year else "month_of")


@_rule(rf"(?P<d>\d\d?(?:st|nd|rd|th)?)(?:(?P<sep>{_RANGE_SEP}|\sand\s)(?P<d2>{_DAY}))?"
       rf"(?:\sof)?\s(?P<mon>{MON})(?![a-z])(?:,?\s(?:in\s)?(?P<y>{_YEAR})(?!\d))?{_QUAL}",
       back=rf"(?:{_WEEKDAY_BEFORE[:-1]}|the\s)$")
def _day_month(m: re.Match[str]) -> RawDate | None:
    year = _num(m["y"])
    month = _month(m["mon"])
    if m["d2"]:
        if not _valid(year, month, _num(m["d2"])):
            return None
        return _raw(m, "month", "day-month-range", year=year, month=month,
                    rel="" if year else "month_of")
    return _raw(m, "day", "day-month", year=year, month=month, day=_num(m["d"]),
                rel="" if year else "month_of")


@_rule(rf"(?P<mon>{_MON_DOTTED})(?:,|\sof)?\s(?P<y>{_YEAR})(?!\d)")
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


_MONTH_QUALIFIER = re.compile(r"\b(?:[Tt]he\s)?(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Mm]id|[Ll]ate|"
                              r"(?:end|middle|beginning|start)\sof)[\s\-]$")


# 'last August', 'mid October', 'the end of May 2024': the qualifier is read before the month.
@_rule(rf"(?P<mon>{MON_FULL})(?:,?\s(?P<y>{_YEAR})(?!\d)|\s(?:of\s)?(?P<rel>last|this|next)\syear\b)?(?![\w\-])")
def _qualified_month(m: re.Match[str]) -> RawDate | None:
    q = _MONTH_QUALIFIER.search(m.string, max(0, m.start() - 20), m.start())
    if q is None:
        return None
    which = q["which"].lower()
    month = _month(m["mon"])
    start = q.start()
    if m["y"]:
        return _raw(m, "month", "qualified-month", start, year=int(m["y"]), month=month)
    if m["rel"]:  # 'mid-September of last year'
        return _raw(m, "month", "qualified-month", start, month=month, rel="year",
                    offset={"last": -1, "this": 0, "next": 1}[m["rel"]])
    if which in ("last", "this", "next"):
        return _raw(m, "month", "relative-month-name", start, month=month, rel="named_month",
                    offset={"last": -1, "this": 0, "next": 1}[which])
    return _raw(m, "month", "qualified-month", start, month=month, rel="month_of")


_MAY_CONTEXT = re.compile(r"(?:\b(?:[Ii]n|since|until|by|of|from|during|before|after|through|this|last|next|"
                          r"early|late|mid|to|and|or)\s|\bmid-|\(\s?)$")


# A bare month name; 'May' only after a preposition, since 'may' also starts sentences.
@_rule(r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
       r"(?![\w\-])")
def _bare_month(m: re.Match[str]) -> RawDate | None:
    if m.group() == "May" and not _MAY_CONTEXT.search(m.string, max(0, m.start() - 8), m.start()):
        return None
    return _raw(m, "month", "month", month=_month(m.group()), rel="month_of")


# --- years and parts of years --------------------------------------------------------------

@_rule(rf"(?P<y>{_YEAR})(?:\s?[–\-]\s?(?P<y2>{_YEAR}|\d\d))?(?![\w/%]|\.\d|-\d|,\d)", not_after="w$#/.-")
def _year(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "year", "year-range" if m["y2"] else "year", year=int(m["y"]))


@_rule(r"(?P<y>(?:19|20)\d0)s\b", back=r"(?:[Tt]he\s)$")
def _decade(m: re.Match[str]) -> RawDate | None:
    return _raw(m, "decade", "decade", year=int(m["y"]))


_YEAR_QUALIFIER = re.compile(
    r"\b(?:[Tt]he\s)?(?:[Ee]arly|[Mm]id|[Ll]ate|(?:end|beginning|start|middle)\sof)[\s\-]$")


@_rule(rf"(?P<y>{_YEAR})(?!\d)", not_after="w")
def _qualified_year(m: re.Match[str]) -> RawDate | None:
    q = _YEAR_QUALIFIER.search(m.string, max(0, m.start() - 20), m.start())
    return _raw(m, "year", "qualified-year", q.start(), year=int(m["y"])) if q else None


@_rule(rf"(?P<ord>first|second|1st|2nd)\shalf\sof\s(?:(?P<y>{_YEAR})|(?P<which>this|last|next|"
       r"the\s(?:same|previous|following)|the)\syear)", back=r"(?:[Tt]he\s)$")
def _half(m: re.Match[str]) -> RawDate | None:
    part = f"H{_ORDINAL[m['ord']]}"
    if m["y"]:
        return _raw(m, "half", "half-year", year=int(m["y"]), part=part)
    return _year_relative(m, m["which"], "half", "half-year", part)


@_rule(rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\squarter\sof\s(?:(?P<y>{_YEAR})|"
       r"(?P<which>this|last|next|the\s(?:same|previous|following)|the)\syear)", back=r"(?:[Tt]he\s)$")
def _quarter(m: re.Match[str]) -> RawDate | None:
    part = f"Q{_ORDINAL[m['ord']]}"
    if m["y"]:
        return _raw(m, "quarter", "quarter", year=int(m["y"]), part=part)
    return _year_relative(m, m["which"], "quarter", "quarter", part)


def _year_relative(m: re.Match[str], which: str, grain: DateGrain, rule: str,
                   part: str = "", start: int | None = None) -> RawDate | None:
    which = which.lower()
    if "same" in which:
        return _raw(m, grain, rule, start, rel="same_year", part=part)
    off = {"last": -1, "this": 0, "the": 0, "next": 1, "the previous": -1, "the following": 1,
           "the past": -1}[which]
    return _raw(m, grain, rule, start, rel="year", offset=off, part=part)


# --- relative to the publication date ------------------------------------------------------

_UNIT_QUALIFIER = re.compile(
    r"(?:\b(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate|[Mm]id-?)\s?)?(?:(?:\b[Tt]he\s)?(?:end|beginning|start|middle)\sof\s)?"
    r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Tt]he\s(?:previous|following|same|past))\s$"
    # 'by the end of the year': the year of publication.
    r"|(?:\b[Tt]he\s)?(?:end|beginning|start|middle|rest|remainder)\sof\s(?P<this>the)\s$")


@_rule(r"(?P<unit>year|month|week|weekend)\b", not_after="")
def _relative_unit(m: re.Match[str]) -> RawDate | None:
    q = _UNIT_QUALIFIER.search(m.string, max(0, m.start() - 40), m.start())
    if q is None:
        return None
    which, unit, start = (q["which"] or "this").lower(), m["unit"], q.start()
    if unit == "year":
        return _year_relative(m, which, "year", "relative-year", start=start)
    if "same" in which:
        return None
    off = {"last": -1, "this": 0, "next": 1, "the previous": -1, "the following": 1, "the past": -1}[which]
    if unit == "month":
        return _raw(m, "month", "relative-month", start, rel="month_rel", offset=off)
    return _raw(m, "week", "relative-week", start, rel="week", offset=off)


_SEASON_QUALIFIER = re.compile(r"\b(?P<which>[Tt]his|[Ll]ast|[Nn]ext|[Ee]arly|[Ll]ate|[Tt]he)\s$")


# Seasons name a year: 'this autumn', 'last winter', 'the spring of 2025', 'summer 2023'.
# Case spelled out rather than re.IGNORECASE, which keeps the engine from skipping ahead to a season.
@_rule(rf"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|SPRING|SUMMER|AUTUMN|FALL|WINTER)"
       rf"(?:\s(?:of\s)?(?P<y>{_YEAR}))?\b(?!-)")
def _season(m: re.Match[str]) -> RawDate | None:
    q = _SEASON_QUALIFIER.search(m.string, max(0, m.start() - 6), m.start())
    if m["y"]:
        return _raw(m, "year", "season", q.start() if q else None, year=int(m["y"]))
    if q is None or q["which"].lower() not in ("this", "last", "next"):
        return None
    if m["season"].lower() == "fall" and q["which"].lower() == "the":
        return None
    return _raw(m, "year", "season", q.start(), rel="year",
                offset={"this": 0, "last": -1, "next": 1}[q["which"].lower()])


_AGO_COUNT = re.compile(r"\b(?:(?i:one|two|three|four|five|six|seven|eight|nine|ten|a)|\d{1,2})\s$")


@_rule(r"(?P<unit>years?|months?)\sago\b", back=_AGO_COUNT.pattern)
def _ago(m: re.Match[str]) -> RawDate | None:
    count = _AGO_COUNT.search(m.string, max(0, m.start() - 8), m.start())
    if count is None:
        return None
    word = count.group().strip().lower()
    n = int(word) if word.isdigit() else _NUMWORD[word]
    if m["unit"].startswith("year"):
        return _raw(m, "year", "years-ago", rel="year", offset=-n)
    return _raw(m, "month", "months-ago", rel="month_rel", offset=-n)


@_rule(r"(?P<w>oday|esterday|omorrow)\b", not_after="")
def _day_word(m: re.Match[str]) -> RawDate | None:
    start = m.start() - 1
    if start < 0 or m.string[start] not in "TtYy" or (start and m.string[start - 1].isalnum()):
        return None
    word = m.string[start:m.end()].lower()
    if word not in ("today", "yesterday", "tomorrow"):
        return None
    if word == "tomorrow" and (m.string.endswith("of ", 0, start)
                               or m.string.startswith(("’s", "'s"), m.end())):
        return None  # 'the accountability processes of tomorrow': the future, not a day
    off = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    return _raw(m, "day", "day-word", start, rel="day", offset=off)


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_QUALIFIER = re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Tt]his\spast|[Tt]his\scoming)\s$")
# A future-tense clause before a bare weekday points forward ('will hold a seminar on Friday').
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|is\sto|are\sto|to\sbe|plans?\sto|scheduled|set\sto|due\sto|"
                            r"expected\sto|upcoming)\b")


_PAST_BEFORE = re.compile(r"\b(?:[a-z]+ed|said|told|met|held|spoke|began|made|took|gave|wrote|sent)"
                          r"\s(?:on\s)?$")


# Wire copy dates events by weekday: 'said Tuesday', 'on Friday', 'last Monday'. The day is the
# latest such weekday up to publication, or the next one after it for a future-tense clause.
@_rule(r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w\-])"
       rf"(?!\s?,?\s?(?:(?:morning|afternoon|evening|night),?\s)?(?:the\s)?(?:{MON}|\d))")
def _weekday(m: re.Match[str]) -> RawDate | None:
    text = m.string
    if text[m.start() - 1:m.start()] == "(":
        return None  # a qualifier left over from a date not read here
    q = _WEEKDAY_QUALIFIER.search(text, max(0, m.start() - 15), m.start())
    which = q["which"].lower() if q else ""
    if which in ("last", "this past"):
        direction = -1
    elif which in ("next", "this coming"):
        direction = 2  # after publication day, never on it
    elif _PAST_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        direction = 0  # 'the ministry said Friday', after a clause in the future tense
    else:
        clause_start = max(text.rfind(". ", 0, m.start()), text.rfind(", ", 0, m.start()),
                           text.rfind("\n", 0, m.start()), 0)
        direction = 1 if _FUTURE_BEFORE.search(text, clause_start, m.start()) else 0
    return _raw(m, "day", "weekday", q.start() if q else None, rel="weekday", offset=direction,
                part=m["wd"][:3].lower())


# 'on the 15th (local time)': a day of the publication month, common in Korean wire copy.
_DAY_OF_MONTH_BEFORE = re.compile(r"\b(?:[Oo]n|since|until|by)\s$")


@_rule(rf"the\s(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)"
       rf"(?:\sof\s(?:this|last)\smonth)?{_QUAL}(?=[\s,.;:)]|$)(?!\s[A-Z0-9])")
def _day_of_month(m: re.Match[str]) -> RawDate | None:
    if not _DAY_OF_MONTH_BEFORE.search(m.string, max(0, m.start() - 7), m.start()):
        return None
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
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            start = m.start()
            if start and rule.not_after:
                prev = text[start - 1]
                if prev in rule.not_after or ("w" in rule.not_after and (prev.isalnum() or prev == "_")):
                    continue
            raw = rule.handler(m)
            if raw is None:
                continue
            if rule.back is not None and start:
                ext = rule.back.search(text, max(0, start - 40), start)
                if ext is not None and ext.start() < start:
                    raw = replace(raw, start=ext.start(), text=text[ext.start():raw.end])
            found.append(raw)
    if not found:
        return []
    urls = [(u.start(), u.end()) for u in _URL.finditer(text)] if _may_have_url(text) else []
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


def _may_have_url(text: str) -> bool:
    return "://" in text or "www." in text or any(t in text for t in (".com", ".org", ".net", ".gov", ".kr",
                                                                     ".jp", ".int"))


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
    elif rel == "weekday":
        base = ref.as_date()
        if base is None:
            return None, None
        wd = _WEEKDAYS.index(raw.part)
        if raw.offset > 1:
            shifted = base + dt.timedelta(days=(wd - base.weekday() - 1) % 7 + 1)
        elif raw.offset == 1:  # 'will address Congress on Thursday', published that Thursday: the same day
            shifted = base + dt.timedelta(days=(wd - base.weekday()) % 7)
        else:
            # 'last Friday' on a Friday is a week back; a bare 'Friday' on a Friday is that day.
            back = (base.weekday() - wd) % 7
            shifted = base - dt.timedelta(days=back or (7 if raw.offset < 0 else 0))
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
