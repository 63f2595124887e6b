"""Short publisher names for the document list, where a column is about 90 pixels wide.

Publishers of diplomatic releases are long ("Ministry of Foreign Affairs, Republic of
Korea"); the list shows them in the conventional short form analysts use (MOFA ROK). The
full name stays in the tooltip and the reader. Pure string work, no Qt.
"""

from __future__ import annotations

import re

MAX_SHORT = 14  # characters that fit under a date in the list at the default font

# Conventional forms, longest first so "Ministry of Foreign Affairs of Japan" wins over
# "Ministry of Foreign Affairs". These are the names' usual abbreviations, not data.
_KNOWN: tuple[tuple[str, str], ...] = tuple(sorted((
    ("Ministry of Foreign Affairs of Japan", "MOFA Japan"),
    ("Ministry of Foreign Affairs", "MOFA"),
    ("Ministry of Unification", "MOU"),
    ("Republic of Korea", "ROK"),
    ("Democratic People's Republic of Korea", "DPRK"),
    ("U.S. Department of State", "State Dept"),
    ("United States Department of State", "State Dept"),
    ("Department of State", "State Dept"),
    ("United States", "US"),
    ("United Kingdom", "UK"),
    ("United Nations", "UN"),
    ("European Union", "EU"),
    ("European External Action Service", "EEAS"),
    ("Office of the High Commissioner for Human Rights", "OHCHR"),
    ("Human Rights Council", "HRC"),
    ("Human Rights Watch", "HRW"),
    ("Amnesty International", "Amnesty"),
    ("Foreign, Commonwealth & Development Office", "FCDO"),
    ("Foreign, Commonwealth and Development Office", "FCDO"),
    ("Department of Foreign Affairs and Trade", "DFAT"),
    ("Global Affairs Canada", "GAC"),
    ("Federal Foreign Office", "FFO"),
), key=lambda pair: -len(pair[0])))

_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "&"})


def _acronym(name: str) -> str:
    # Initials of the significant words; abbreviations already in capitals stay whole
    # ("Permanent Mission of the ROK to the UN" -> "PM ROK UN").
    groups: list[str] = []
    initials = ""
    for word in re.findall(r"[\w'’.-]+", name):
        if word.casefold() in _SMALL_WORDS or not word[0].isalpha():
            continue
        if len(word) > 1 and word.isupper():
            if initials:
                groups.append(initials)
                initials = ""
            groups.append(word)
        else:
            initials += word[0].upper()
    if initials:
        groups.append(initials)
    return " ".join(groups)


def short_publisher(name: str | None) -> str:
    """The publisher in at most about :data:`MAX_SHORT` characters ('' for none)."""
    if not name:
        return ""
    text = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.IGNORECASE)
    if len(text) <= MAX_SHORT:
        return text
    for long, short in _KNOWN:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    text = re.sub(r"\s*,\s*", " ", text).strip()
    if len(text) <= MAX_SHORT:
        return text
    # Unknown long names: the initials of each comma-separated part ("Korea Institute for
    # National Unification" -> "KINU"), keeping parts that are already short.
    parts = [p.strip() for p in re.split(r"\s*[,;(]\s*", " ".join(name.split())) if p.strip(" )")]
    out = []
    for part in parts:
        part = part.strip(" )")
        for long, short in _KNOWN:
            part = re.sub(re.escape(long), short, part, flags=re.IGNORECASE)
        initials = _acronym(part)
        # Two letters say less than an elided name ("Korea Herald Daily" is not "KHD"-famous).
        out.append(part if len(part) <= 6 or " " not in part or len(initials) < 3 else initials)
    return " ".join(p for p in out if p)
