"""Publication-date inference for releases that state no date.

The year comes, in order of strength, from (1) a gazetteer event tied to a relative phrase in
the same sentence ('the Korea-U.S.-Japan summit in August last year' → the summit's year + 1;
'Defectors' Day … this year' → its year; 'the 10th anniversary of the Commission of Inquiry
report' → 2014 + 10), then (2) the latest year the text states or a gazetteer event it
reports as past, as a lower bound. The month is that of the latest past event in that year
(a month-day in a past-tense sentence, or a full date), skipping recurring days such as
Defectors' Day (July 14) and anything announced as upcoming. A release is published on or
after what it reports, so the month is given, not the day.
"""

from __future__ import annotations

import re
from collections import Counter

from viewer.documents import Document, InferredDate
from viewer.entities import Extraction
from viewer.extraction.dates import RawDate, find_dates, shift_raw
from viewer.extraction.gazetteer import ANNIVERSARY, anniversary_number, find_events
from viewer.extraction.sentences import sentence_spans

_LAST_YEAR = re.compile(r"\blast\s(?:year|January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\s(?:of\s)?last\syear\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\syear\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|upcoming|next|plans?\sto|scheduled|to\sbe\sheld|forthcoming|is\sexpected)\b",
                     re.IGNORECASE)
_PAST = re.compile(r"\b(?:\w+ed|met|held|took\splace|was|were|had|began|led|made|gave|sent|came|went|spoke|"
                   r"told|said)\b", re.IGNORECASE)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def infer_publication_date(doc: Document, extraction: Extraction) -> InferredDate | None:
    """The most precise publication date the text supports, with its evidence, or None.

    Only for documents without a stated date; ``extraction`` is the first, unresolved pass
    (its dates are re-read from the text, since their values depend on this very date).
    """
    if doc.date:
        return None
    text = doc.body
    raws = _raw_dates(text, extraction)
    dateline = _dateline(text, raws)
    if dateline is not None:
        return dateline
    exact: Counter[int] = Counter()
    evidence: dict[int, str] = {}
    lower: list[tuple[int, str]] = []
    sentences = sentence_spans(text)
    for ev, s, _e in find_events(text):
        sent = _sentence_of(sentences, s)
        sentence = text[sent[0]:sent[1]]
        quote = _quote(sentence)
        if ANNIVERSARY.search(sentence):
            n = anniversary_number(ANNIVERSARY.search(sentence))  # type: ignore[arg-type]
            if n and n < 100:
                _add(exact, evidence, ev.year + n,
                     f"{ev.label}: its {n}th anniversary → {ev.year + n} ({quote})")
                continue
        if _LAST_YEAR.search(sentence):
            _add(exact, evidence, ev.year + 1,
                 f"{ev.label} described as last year's → {ev.year + 1} ({quote})")
        elif _THIS_YEAR.search(sentence) and not _FUTURE.search(sentence):
            _add(exact, evidence, ev.year, f"{ev.label} described as this year's → {ev.year} ({quote})")
        elif _FUTURE.search(sentence) and ev.recurring_day is None:
            _add(exact, evidence, ev.year, f"{ev.label} described as upcoming → {ev.year} ({quote})")
        else:
            lower.append((ev.year, f"{ev.label} reported → not before {ev.year} ({quote})"))
    for raw in raws:
        if raw.year is not None and raw.grain != "decade":
            sent = _sentence_of(sentences, raw.start)
            if not _FUTURE.search(text[sent[0]:sent[1]]):
                lower.append((raw.year, f"the text states {raw.text!r} → not before {raw.year}"))
    if exact:
        year = max(exact.items(), key=lambda kv: (kv[1], kv[0]))[0]
        reason = evidence[year]
        floor = max((y for y, _ in lower), default=year)
        if floor > year:  # a stated later year outweighs a relative reading
            year, reason = max(lower)
    elif lower:
        year, reason = max(lower)
    else:
        page = _page_date(doc)
        if page is None:
            return None
        (year, page_month), reason = page
        month = _latest_month(text, raws, sentences, year)
        if month is not None and month[0] <= page_month:
            return InferredDate(f"{year:04d}-{month[0]:02d}", f"{reason}; latest past event {month[1]}")
        return InferredDate(f"{year:04d}", reason)
    month = _latest_month(text, raws, sentences, year)
    if month is not None:
        m, why = month
        return InferredDate(f"{year:04d}-{m:02d}", f"{reason}; latest past event {why}")
    return InferredDate(f"{year:04d}", reason)


# What may stand before a dateline's date: a place, an agency, 'Posted on', 'Updated:'.
_DATELINE_PREFIX = re.compile(r"^[\w .,:'’()/|–—-]{0,40}$")


def _raw_dates(text: str, extraction: Extraction) -> list[RawDate]:
    """The body's date parses: re-read from each found date's own text (cheap), or from the body."""
    found = [d for d in extraction.dates if d.field == "body"]
    if not found:
        return find_dates(text)
    raws: list[RawDate] = []
    for d in found:
        for raw in find_dates(d.text):
            raws.append(shift_raw(raw, d.start))
    return raws


def _dateline(text: str, raws: list[RawDate]) -> InferredDate | None:
    """A full date opening the body ('Brussels, 17.02.2024', 'Posted on 08/08/2023') dates the page."""
    head = text[:120]
    for raw in raws:
        if raw.start > 60:
            break
        if raw.year is None or raw.month is None or raw.day is None:
            continue
        prefix = head[:raw.start]
        if "\n" in prefix or not _DATELINE_PREFIX.match(prefix):
            continue
        value = f"{raw.year:04d}-{raw.month:02d}-{raw.day:02d}"
        return InferredDate(value, f"dateline at the top of the text: {head[:raw.end].strip()!r}")
    return None


def _page_date(doc: Document) -> tuple[tuple[int, int], str] | None:
    """A date the page carries outside the release (a repost's page date): the release is no later."""
    for key, value in doc.extra.items():
        if "date" not in key.lower() or not value:
            continue
        for raw in find_dates(value):
            if raw.year is not None and raw.month is not None:
                return (raw.year, raw.month), f"the page is dated {value!r} ({key}), the release no later"
    return None


def _add(exact: Counter[int], evidence: dict[int, str], year: int, why: str) -> None:
    exact[year] += 1
    evidence.setdefault(year, why)


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in sentences:
        if s <= pos < e:
            return s, e
    return pos, pos


def _quote(sentence: str) -> str:
    s = " ".join(sentence.split())
    return f"“{s[:90]}…”" if len(s) > 90 else f"“{s}”"


def _latest_month(text: str, raws: list[RawDate], sentences: list[tuple[int, int]],
                  year: int) -> tuple[int, str] | None:
    """Month of the latest past-tense event in ``year`` (month-day mentions and full dates)."""
    recurring = {ev.recurring_day for ev, _s, _e in find_events(text) if ev.recurring_day}
    best: tuple[tuple[int, int], str] | None = None
    for raw in raws:
        if raw.month is None or raw.grain not in ("day", "month") or raw.part:
            continue
        if raw.year is not None and raw.year != year:
            continue
        # A month named without its year ('in September') is as often ahead as behind.
        if raw.year is None and (raw.rel != "month_of" or raw.day is None):
            continue
        if (raw.month, raw.day) in recurring:
            continue
        sent = _sentence_of(sentences, raw.start)
        sentence = text[sent[0]:sent[1]]
        if _FUTURE.search(sentence) or not _PAST.search(sentence):
            continue
        key = (raw.month, raw.day or 0)
        if best is None or key > best[0]:
            best = (key, f"{raw.text!r} in “{' '.join(sentence.split())[:80]}…”")
    if best is None:
        return None
    return best[0][0], best[1]
