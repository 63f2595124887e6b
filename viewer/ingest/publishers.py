"""Who issued a release: a small table of mastheads, templates and section labels.

Publishers are normalised names, not verbatim text. Each rule says where its evidence may
appear: ``header`` (a line above the body: masthead, skip-link list, section label) or
``title``. Rules are tried in order and the first that matches wins, so specific evidence
(a ministry's masthead) comes before generic evidence (a 'Ministry of …' line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from viewer.ingest.chrome import SECTION_WORDS

MOU = "Ministry of Unification"
MOFA = "Ministry of Foreign Affairs, Republic of Korea"
STATE = "U.S. Department of State"
OHCHR = "Office of the UN High Commissioner for Human Rights (OHCHR)"

Where = Literal["header", "title"]


@dataclass(frozen=True, slots=True)
class PublisherRule:
    publisher: str
    where: Where
    pattern: re.Pattern[str]
    why: str  # shown in tests and debugging: what the evidence is


def _rule(publisher: str, where: Where, pattern: str, why: str) -> PublisherRule:
    return PublisherRule(publisher, where, re.compile(pattern, re.IGNORECASE), why)


RULES: tuple[PublisherRule, ...] = (
    _rule(MOU, "header", r"^(?:통일부|ministry of unification(?:,? (?:the )?republic of korea)?)$",
          "masthead"),
    _rule(MOU, "title", r"\bunification spokesperson|^통일부 대변인", "spokesperson's title"),
    # Korean ministries open their own release titles with their name: '통일부, …'
    _rule(MOU, "title", r"^통일부\s*[,，]", "ministry-name title"),
    # MOU's page template opens with this skip-link pair even when the masthead is an image.
    _rule(MOU, "header", r"상단메뉴 가기", "MOU page template"),
    _rule(MOFA, "header", r"^(?:외교부|ministry of foreign affairs,?\s+(?:the\s+)?republic of korea)$",
          "masthead"),
    _rule(MOFA, "header", r"^\d+\.\s*ministry of\s+foreign affairs,\s*republic of korea\s+\w+$",
          "social links"),
    _rule(MOFA, "title", r"^외교부\s*[,，]", "ministry-name title"),
    # MOFA's page template: its skip-link list starts with this heading (003/004 have no masthead).
    _rule(MOFA, "header", r"^바로가기 메뉴$", "MOFA page template"),
    _rule(OHCHR, "header",
          r"^(?:media advisories|press releases?|news releases?|statements?(?: and speeches)?|speeches|news|"
          r"press briefing notes|meeting summaries|media advisory)\s+"
          r"(?:special procedures|treaty bodies|human rights council|high commissioner|"
          r"un human rights|human rights bodies)$", "OHCHR section label"),
    _rule(OHCHR, "header", r"^(?:ohchr|un human rights office|office of the (?:united nations|un) high "
                           r"commissioner for human rights)$", "masthead"),
    _rule(STATE, "header", r"^(?:u\.?s\.? department of state|united states department of state)$",
          "masthead"),
    _rule(STATE, "header", r"^office of the spokesperson$", "State Department office"),
    _rule(STATE, "header", r",\s*department spokesperson$", "State Department spokesperson's byline"),
)

# A masthead line of some other issuing body: kept verbatim as the publisher.
_GENERIC_MASTHEAD = re.compile(
    r"^(?:The )?(?:Embassy|Consulate General|Permanent Mission|Delegation) of (?:the )?[A-Z][\w.']*"
    r"(?: (?:[A-Z(][\w.')]*|of|to|the|in|and|at|for|on))*$"
)

# Names of outlets and bodies as sites print them (og:site_name, a news agency tag).
ALIASES: dict[str, str] = {
    "통일부": MOU, "ministry of unification": MOU, "unification ministry": MOU,
    "외교부": MOFA, "ministry of foreign affairs": MOFA, "mofa": MOFA,
    "ministry of foreign affairs, republic of korea": MOFA,
    "u.s. department of state": STATE, "united states department of state": STATE,
    "state department": STATE, "department of state": STATE,
    "ohchr": OHCHR, "un human rights office": OHCHR,
    "yonhap": "Yonhap News Agency", "연합뉴스": "Yonhap News Agency",
    "yonhap news agency": "Yonhap News Agency", "the korea herald": "The Korea Herald",
    "korea herald": "The Korea Herald", "the korea times": "The Korea Times",
    "korea times": "The Korea Times", "korea joongang daily": "Korea JoongAng Daily",
    "nk news": "NK News", "daily nk": "Daily NK", "kbs world": "KBS World",
    "arirang news": "Arirang News", "voice of america": "Voice of America", "voa": "Voice of America",
    "radio free asia": "Radio Free Asia", "united nations": "United Nations",
    "un news": "UN News",
}


def known(name: str) -> str | None:
    """The canonical name if ``name`` is one of the publishers this table knows."""
    return ALIASES.get(re.sub(r"\s+", " ", name).strip().casefold())


def normalise(name: str) -> str:
    """The canonical form of a publisher name met in metadata, else the name as given."""
    cleaned = re.sub(r"\s+", " ", name).strip()
    return ALIASES.get(cleaned.casefold(), cleaned)


def without_section_label(line: str) -> str:
    """'Ministry of Unification Press Release' → 'Ministry of Unification'."""
    words = line.split()
    while len(words) > 1 and words[-1].casefold().strip(":|-") in SECTION_WORDS:
        words.pop()
    return " ".join(words)


def from_lines(header_lines: Iterable[str], title: str) -> tuple[str, str] | None:
    """``(publisher, evidence)`` from the header lines and the headline, if any rule fits."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in header_lines]
    lines = [line for line in lines if line]
    lines += [bare for bare in (without_section_label(line) for line in lines) if bare not in lines]
    for rule in RULES:
        candidates = [title] if rule.where == "title" else lines
        for line in candidates:
            if rule.pattern.search(line):
                return rule.publisher, rule.why
    for line in lines:
        if _GENERIC_MASTHEAD.match(line) and len(line.split()) <= 12:
            return line, "masthead"
        known = ALIASES.get(line.casefold())
        if known:
            return known, "outlet masthead"
    return None


def is_masthead(line: str) -> bool:
    """Whether a header line is a publisher's masthead (and so not a headline)."""
    s = without_section_label(re.sub(r"\s+", " ", line).strip())
    if any(r.where == "header" and r.why == "masthead" and r.pattern.search(s) for r in RULES):
        return True
    if re.fullmatch(r"ministry of foreign affairs,?\s+(?:the\s+)?republic of korea", s, re.IGNORECASE):
        return True
    if s.casefold() in ALIASES:
        return True
    return bool(_GENERIC_MASTHEAD.match(s)) and len(s.split()) <= 12
