"""Well-known dated events of the North Korean human rights field.

A release that names one of these events with a relative phrase ('the Korea-U.S.-Japan
summit in August last year') pins its own year even when it states no date. Each entry is
public record; add one only with its source event and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    label: str
    pattern: re.Pattern[str]
    year: int
    month: int | None = None
    recurring_day: tuple[int, int] | None = None  # (month, day) the event recurs on, if it is a day
    needles: tuple[str, ...] = ()  # lower-case words one of which the text must contain
    # The pattern with its capitals lowered and no re.IGNORECASE, run on the lower-cased text:
    # a case-insensitive pattern cannot skip ahead to its first word.
    lower: re.Pattern[str] | None = None


def _e(label: str, pattern: str, year: int, month: int | None = None,
       recurring_day: tuple[int, int] | None = None, needles: tuple[str, ...] = ()) -> Event:
    # A leading '\\b' keeps the regex engine from skipping ahead; find_events checks it instead.
    source = pattern.removeprefix("\\b")
    lowered = re.sub(r"(?<!\\)[A-Z]", lambda m: m.group().lower(), source)
    return Event(label, re.compile(source, re.IGNORECASE), year, month, recurring_day, needles,
                 re.compile(lowered))


_UPR = ("universal periodic review", "upr")


EVENTS: tuple[Event, ...] = (
    # UN Human Rights Council reviews of the DPRK (UPR cycles 1-4).
    _e("1st Universal Periodic Review of the DPRK (December 2009)",
       r"\b(?:first|1st)\s(?:cycle\sof\s(?:the\s)?)?(?:Universal\sPeriodic\sReview|UPR)\b", 2009, 12,
       needles=_UPR),
    _e("2nd Universal Periodic Review of the DPRK (May 2014)",
       r"\b(?:second|2nd)\s(?:cycle\sof\s(?:the\s)?)?(?:Universal\sPeriodic\sReview|UPR)\b", 2014, 5,
       needles=_UPR),
    _e("3rd Universal Periodic Review of the DPRK (May 2019)",
       r"\b(?:third|3rd)\s(?:cycle\sof\s(?:the\s)?)?(?:Universal\sPeriodic\sReview|UPR)\b", 2019, 5,
       needles=_UPR),
    _e("4th Universal Periodic Review of the DPRK (November 2024)",
       r"\b(?:fourth|4th)\s(?:cycle\sof\s(?:the\s)?)?(?:Universal\sPeriodic\sReview|UPR)\b", 2024, 11,
       needles=_UPR),
    # ROK: North Korean Defectors' Day (July 14) was established in 2024.
    _e("North Korean Defectors' Day established (2024, observed July 14)",
       r"\bDefectors[’']?\sDay\b|\bDay\sof\s(?:North\sKorean\s)?Defectors\b", 2024, 7, (7, 14),
       needles=("defectors",)),
    # The Korea-U.S.-Japan summit at Camp David, 18 August 2023.
    _e("Korea-U.S.-Japan summit at Camp David (August 2023)",
       r"\bCamp\sDavid\b|\b(?:Korea|ROK)-U\.?S\.?-Japan\s(?:summit|Summit)\b", 2023, 8,
       needles=("camp david", "japan summit")),
    # The ROK-US consultation on North Korean human rights resumed in November 2023 after six years.
    _e("ROK-U.S. consultation on North Korean human rights relaunched (November 2023)",
       r"\b(?:six|6)-year\s(?:hiatus|pause|gap|break)\b", 2023, 11, needles=("-year",)),
    # The ROK North Korean Human Rights Act took effect on 4 September 2016.
    _e("ROK North Korean Human Rights Act in force (September 2016)",
       r"\bNorth\sKorean\sHuman\sRights\sAct\b(?!\sof)(?=.{0,80}\b(?:into\sforce|took\seffect|in\seffect))",
       2016, 9, needles=("human rights act",)),
    # The UN Commission of Inquiry on human rights in the DPRK reported in February 2014.
    _e("UN Commission of Inquiry report on the DPRK (February 2014)",
       r"\bCommission\sof\sInquiry\b|\bCOI\sreport\b", 2014, 2,
       needles=("commission of inquiry", "coi report")),
    # The ROK's 'August 15 Unification Doctrine' was announced on 15 August 2024.
    _e("August 15 Unification Doctrine announced (August 2024)", r"\bAugust\s15\sUnification\sDoctrine\b",
       2024, 8, needles=("unification doctrine",)),
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25,
             "thirtieth": 30, "fiftieth": 50}
ANNIVERSARY = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\sanniversary\b|\b(?P<w>[a-z-]+)\sanniversary\b",
                         re.IGNORECASE)


def anniversary_number(m: re.Match[str]) -> int | None:
    if m["n"]:
        return int(m["n"])
    return _ORDINALS.get((m["w"] or "").lower())


def find_events(text: str) -> list[tuple[Event, int, int]]:
    """Every gazetteer event named in ``text`` with its span."""
    out: list[tuple[Event, int, int]] = []
    low = text.lower()
    for ev in EVENTS:
        if ev.needles and not any(n in low for n in ev.needles):
            continue
        pattern = ev.pattern if ev.lower is None or len(low) != len(text) else ev.lower
        for m in pattern.finditer(low if pattern is ev.lower else text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue
            out.append((ev, m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return out
