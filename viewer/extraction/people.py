"""Named people in a release: found by the shapes this genre writes names in, merged across
their mentions, with the role phrases written beside them.

A capitalised run is a person only with evidence: a romanized Korean surname with a
Korean-shaped given name; a title or role phrase right before it ('Special Envoy … Julie
Turner', 'Ms. Salmón'); a role in apposition ('Signe Poulsen, head of …'); a common given
name first; or a reporting verb after it ('Marzuki Darusman issued'). One-word forms after a
title ('Vice Minister Cho', 'Special Envoy Turner') are merged into the full name they
abbreviate, and a Western surname found that way is then picked up wherever it stands alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from viewer.corrections import RegistryEntry
from viewer.entities import Mention, Person
from viewer.extraction.lexicon import (
    GIVEN_NAMES,
    HONORIFICS,
    KOREAN_GIVEN_JOINED,
    KOREAN_SURNAMES,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    NOT_GIVEN,
    ROLE_HEADS,
    is_korean_given,
    words,
)

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LO = "a-zß-öø-ÿāăąćčďđēėęěğīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
# One capitalised name word: 'Turner', 'Salmón', 'Koo-rae', 'Jung-Hoon', 'O’Brien', 'McDonald'.
_NW = (rf"[{_UP}](?:[{_LO}]+|[’'][{_UP}][{_LO}]+)(?:[{_UP}][{_LO}]+)?(?:[’'][{_UP}][{_LO}]+)?"
       rf"(?:-[{_UP}{_LO}][{_LO}]+)*")
_PART = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
_RUN = re.compile(rf"(?:{_NW})(?:\s(?:[{_UP}]\.\s)?(?:(?:{_PART})\s)*(?:{_NW}))*(?![\w\-])")
_WORD = re.compile(rf"(?:{_NW})")

_PARTICLES_AT_END = re.compile(rf"(?<![\w\-’'])(?:(?:{_PART})\s)+$")
_PARTICLE_FIRST = re.compile(rf"(?:{_PART})\s")
_CAPITALISED = re.compile(r"[A-Z][A-Za-z.]*")
_LEADING_CONNECTORS = re.compile(r"^(?:(?:and|the|The|of|for|on|in|at|to)\s)+")
# Surnames that double as everyday English words are left out ('Go', 'Do', 'No', 'An' …).
_KOREAN_SURNAME_RE = "|".join(
    sorted(KOREAN_SURNAMES - {"Go", "Do", "Doh", "No", "An", "O", "Ra", "Na", "Ma", "Ok", "Um", "Im",
                              "Sa", "Pi", "Ju", "Ku", "Gu", "Bang", "Pang", "Won", "Chi", "Uh", "Yoh"},
           key=len, reverse=True))
_KOREAN = re.compile(
    rf"(?P<sur>{_KOREAN_SURNAME_RE})\s(?P<given>[A-Z][a-z]+-[A-Za-z][a-z]+|[A-Z][a-z]+\s[A-Za-z][a-z]+"
    rf"|[A-Z][a-z]+)(?![\w\-])"
)
# Japan's MOFA writes family names in capitals, family name first: 'Mr. KAMIKAWA Yoko'.
_CAPS_SURNAME = re.compile(r"(?P<sur>[A-Z]{3,})\s(?P<given>[A-Z][a-z]+(?:-[a-z]+)?)(?![\w\-])")
_ACRONYMS = words("DPRK ROK USA UPR NSC ICC ICRC OHCHR UNGA UNSC COI NGO EEAS ASEAN NATO KST JST EST GMT UTC "
                  "MOFA MOU KCNA KBS MBC SBS YTN AFP CNN BBC NHK IAEA UNICEF UNHCR WFP WHO FAO ILO HRC ASF")
# A name that names a place or an institution: 'Kim Il Sung Square', 'Kim Il Sung University'.
_PLACE_AFTER = re.compile(r"\s(?:Square|University|Stadium|Street|Road|Bridge|Station|Park|Hall|Foundation|"
                          r"Institute|Prize|Award|Center|Centre|Airport|Memorial|Palace|Library|Museum|School|Hospital)\b")
# UN meetings coverage writes speakers in capitals before their country or title:
# 'LINDA THOMAS-GREENFIELD (United States) said', 'VOLKER TÜRK, High Commissioner, said'.
_CAPS_SPEAKER = re.compile(
    r"(?P<name>[A-Z][A-ZÀ-ÖØ-Þ’'-]{2,}(?:\s[A-Z][A-ZÀ-ÖØ-Þ’'-]{1,}){1,3})(?=\s\([A-Z]|,\s)")
# A title word right before a bare family name: 'Minister CHO', 'Vice Minister Kim', 'Ambassador Lee'.
_TITLE_BEFORE = re.compile(r"\b(?:Minister|Secretary|Ambassador|Envoy|Rapporteur|Director|President|Chairman|"
                           r"Chairwoman|Spokesperson|Commissioner|Representative|Governor|Professor|Dr\.)\s$")
# British peers are named by title and seat: 'Lord Ahmad of Wimbledon', 'Baroness Chapman of Darlington'.
_PEER = re.compile(r"(?:Lord|Baroness)\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
                   r"(?![\w\-])")
_GENERATION = re.compile(r",?\s(?:Jr\.|Sr\.|II|III|IV)(?![\w])")
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
_HONORIFIC_BEFORE = re.compile(r"(?:Mr|Ms|Mrs|Dr|Prof|Sen|Rep|Gov|Amb|Rev|Gen|Lt|Col|Capt)\.\s$")
_LOWER_ROLE_BEFORE = re.compile(
    r"(?:missionar(?:y|ies)|defectors?|activists?|lawmakers?|journalists?|reporters?|pastors?|"
    r"professors?|prisoners?|detainees?|abductees?|escapees?|survivors?|victims?|envoys?|ambassadors?|"
    r"ministers?|diplomats?|officials?|director|chairman|chairwoman|spokesperson|spokesman|rapporteur|"
    r"advisers?|advisors?|experts?|students?|author|writer|president|secretary|minister|"
    r"(?:[Rr]eporting|[Ee]diting|[Ww]ritten|[Pp]hoto|[Pp]osted)\sby|\bby|[Aa]ccording\sto)\s(?:(?:and|,)\s)?$"
)
_ORG_SUFFIX = re.compile(r"(?:tion|ment|ity|ism|ial|ary|ence|ance|ics|ogy|ship|ness|ure|ies|ing|ese|ean|ian|"
                         r"ists?|ions|ives?|ed)$")
_STRONG_VERBS = words(
    "said says stated told added noted issued urged stressed emphasized emphasised expressed explained "
    "wrote warned met visited asked suggested proposed pledged reaffirmed underscored remarked argued "
    "testified thanked welcomed highlighted announced called"
)
_AUTHOR_NOISE = re.compile(r"\b(?:Views?|Reporter|Staff|Writer|Correspondent|Editor|Columnist)\b.*$|\bBy\s+",
                           re.IGNORECASE)
_MONTHS_DAYS = words(
    "January February March April May June July August September October November December Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday"
)
_PUNCT_STOP = set(",;:.()[]“”\"!?\n□•")


def name_key(name: str) -> str:
    """Case-, space-, hyphen- and accent-insensitive key: 'Chun Young Hee' == 'Chun Younghee'."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


@dataclass
class _Found:
    """A candidate person while mentions are still being gathered."""

    name: str
    korean_order: bool  # surname first ('Kang Jong-suk')
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    confidence: float = 0.9
    rule: str = ""
    key: str = ""

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def surname_forms(self) -> list[str]:
        toks = [t.rstrip(",") for t in self.tokens]
        while len(toks) > 2 and toks[-1] in ("Jr.", "Sr.", "II", "III", "IV"):
            toks.pop()
        if self.korean_order:
            return [toks[0]]
        if len(toks) >= 2 and toks[0] in KOREAN_SURNAMES and toks[0] not in GIVEN_NAMES and "-" in toks[1]:
            return [toks[0]]  # 'Lee Shin-wha' found by its apposition, still surname first
        forms = [toks[-1]]
        if len(toks) >= 3 and toks[-2] in NAME_PARTICLES:
            forms.insert(0, f"{toks[-2]} {toks[-1]}")
        return forms


def _is_role_word(tok: str) -> bool:
    low = tok.lower().rstrip(".,")
    if low in ROLE_HEADS:
        return True
    return any(part in ROLE_HEADS for part in low.split("-"))


def _nameish(tok: str) -> bool:
    return tok not in NON_NAME_WORDS and tok not in _MONTHS_DAYS and not _is_role_word(tok)


class PeopleFinder:
    """Finds people in a document's fields; built once with the user's person registry."""

    def __init__(self, registry: Sequence[RegistryEntry] = ()) -> None:
        self._registry = list(registry)
        self._registry_patterns: list[tuple[RegistryEntry, re.Pattern[str]]] = []
        for entry in self._registry:
            forms = sorted({entry.name, *entry.aliases} - {""}, key=len, reverse=True)
            if forms:
                alt = "|".join(re.escape(f) for f in forms)
                self._registry_patterns.append((entry, re.compile(rf"(?<![\w\-])(?:{alt})(?![\w\-])")))

    # -- public ---------------------------------------------------------------------------

    def find(self, fields: Sequence[tuple[str, str]], author: str | None,
             author_is_writer: bool) -> list[Person]:
        found: list[_Found] = []
        aliases: list[tuple[Mention, str]] = []  # one-word mentions after titles, with their role
        if author:
            self._author(author, author_is_writer, found)
        for fname, text in fields:
            if text:
                self._scan(fname, text, found, aliases)
        self._attach_aliases(aliases, found)
        for fname, text in fields:
            if text:
                self._bare_surnames(fname, text, found)
        self._apply_registry(fields, found)
        return [self._to_person(f) for f in _merge(found)]

    # -- byline ----------------------------------------------------------------------------

    def _author(self, author: str, is_writer: bool, found: list[_Found]) -> None:
        text = author.strip()
        start = author.find(text)
        if _HANGUL_NAME.match(text):
            m = Mention("author", start, start + len(text), text)
            found.append(_Found(text, True, [m], ["writer"] if is_writer else [], 1.0, "byline"))
            return
        cleaned = _AUTHOR_NOISE.sub("", text)
        # The first capitalised run with name words: 'Senator the Hon Penny Wong' → 'Penny Wong'.
        toks: list[str] = []
        for run in _RUN.finditer(cleaned):
            toks = [t for t in run.group().split() if _nameish(t)]
            if toks:
                break
        if not toks:
            return
        name = " ".join(toks)
        pos = author.find(name)
        if pos < 0:
            return
        m = Mention("author", pos, pos + len(name), name)
        found.append(_Found(name, toks[0] in KOREAN_SURNAMES and len(toks) > 1 and toks[0] not in GIVEN_NAMES,
                            [m], ["writer"] if is_writer else [], 1.0, "byline"))

    # -- body and titles -------------------------------------------------------------------

    def _scan(self, fname: str, text: str, found: list[_Found], aliases: list[tuple[Mention, str]]) -> None:
        taken: list[tuple[int, int]] = []
        for m in _KOREAN.finditer(text):
            if _glued(text, m.start()):
                continue
            span = self._korean(m)
            if span is None or _PLACE_AFTER.match(text, span[1]):
                continue
            s, e = span
            role = _role_before(text, s, taken) or _role_after(text, e)
            name = text[s:e]
            found.append(_Found(name, True, [Mention(fname, s, e, name)], [role] if role else [],
                                0.95, "korean-name"))
            taken.append((s, e))
        for m in _CAPS_SPEAKER.finditer(text):
            toks = m["name"].split()
            if (_glued(text, m.start()) or any(t in _ACRONYMS or t.title() in NON_NAME_WORDS for t in toks)
                    or any(a < m.end() and m.start() < b for a, b in taken)):
                continue
            s, e = m.start(), m.end()
            role = _role_after(text, e)
            if not (role or text.startswith(" (", e)):
                continue
            mention = Mention(fname, s, e, m["name"])
            found.append(_Found(m["name"], toks[0].title() in KOREAN_SURNAMES, [mention],
                                [role] if role else [], 0.85, "capitalised-speaker"))
            taken.append((s, e))
        if "Lord " in text or "Baroness " in text:
            for m in _PEER.finditer(text):
                if _glued(text, m.start()) or any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                role = _role_after(text, m.end())
                found.append(_Found(m.group(), False, [Mention(fname, m.start(), m.end(), m.group())],
                                    [role] if role else [], 0.85, "peer"))
                taken.append((m.start(), m.end()))
        for m in _CAPS_SURNAME.finditer(text):
            if _glued(text, m.start()) or m["sur"] in _ACRONYMS or not _nameish(m["given"]):
                continue
            s, e = m.start(), m.end()
            before = text[max(0, s - 60):s]
            role = _role_before(text, s, taken) or _role_after(text, e)
            if not (role or _HONORIFIC_BEFORE.search(before)):
                continue
            found.append(_Found(m.group(), True, [Mention(fname, s, e, m.group())], [role] if role else [],
                                0.9, "capitalised-family-name"))
            taken.append((s, e))
        # Spans already named by the rules above; the runs below never overlap one another.
        mask = bytearray(len(text))
        for a, b in taken:
            mask[a:b] = b"\x01" * (b - a)
        for run in _RUN.finditer(text):
            if _glued(text, run.start()) or mask.find(1, run.start(), run.end()) != -1:
                continue
            if self._given_first_korean(fname, text, run, found, taken):
                continue
            self._western(fname, text, run, found, aliases, taken)

    @staticmethod
    def _given_first_korean(fname: str, text: str, run: re.Match[str], found: list[_Found],
                            taken: list[tuple[int, int]]) -> bool:
        """Korean names in Western order, as bylines and wires write them: 'Hyonhee Shin'."""
        parts = run.group().split()
        if len(parts) != 2 or parts[1] not in KOREAN_SURNAMES:
            return False
        given = parts[0]
        if given in NON_NAME_WORDS or given in GIVEN_NAMES:
            return False
        pieces = given.lower().split("-")
        joined = len(pieces) == 1 and KOREAN_GIVEN_JOINED.fullmatch(pieces[0])
        if not (all(is_korean_given(p) for p in pieces) and (len(pieces) == 2 or joined)):
            return False
        s, e = run.start(), run.end()
        role = _role_after(text, e)
        before = text[max(0, s - 30):s]
        if not (role or _LOWER_ROLE_BEFORE.search(before) or _verb_after(text, e)
                or _HONORIFIC_BEFORE.search(before)):
            return False
        found.append(_Found(run.group(), False, [Mention(fname, s, e, run.group())], [role] if role else [],
                            0.8, "korean-given-first"))
        taken.append((s, e))
        return True

    @staticmethod
    def _korean(m: re.Match[str]) -> tuple[int, int] | None:
        given = m["given"]
        if "-" in given:
            parts = given.split("-")
            if all(is_korean_given(p) for p in parts) and len(parts) == 2:
                return m.start(), m.end()
            return None
        if " " in given:
            a, b = given.split(" ")
            if (len(a) <= 5 and len(b) <= 5 and is_korean_given(a) and is_korean_given(b)
                    and b not in NON_NAME_WORDS and b.lower() not in NOT_GIVEN and a not in NON_NAME_WORDS):
                return m.start(), m.end()
            given = a
        if (given not in NON_NAME_WORDS and given.lower() not in NOT_GIVEN
                and KOREAN_GIVEN_JOINED.fullmatch(given.lower())):
            return m.start(), m.start("given") + len(given)
        return None

    def _western(self, fname: str, text: str, run: re.Match[str], found: list[_Found],
                 aliases: list[tuple[Mention, str]], taken: list[tuple[int, int]]) -> None:
        if run.group() in NON_NAME_WORDS:
            return  # one capitalised word that is never a name ('The', 'Korea', 'Ministry')
        words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(text, run.start(), run.end())]
        # Particles and initials are kept with the word after them.
        i = len(words)
        while i > 0 and _nameish(words[i - 1][2]):
            i -= 1
        # A known given name inside the kept words starts the name ('… Indo-Pacific Anne-Marie Trevelyan').
        for k in range(i + 1, len(words) - 1):
            if all(part in GIVEN_NAMES for part in words[k][2].split("-")):
                i = k
                break
        suffix = words[i:]
        if not suffix:
            return
        s = suffix[0][0]
        # A particle or initial just before the first kept word belongs to the name.
        head = text[run.start():s]
        m_part = _PARTICLES_AT_END.search(head)
        if m_part and i > 0:
            s = run.start() + m_part.start()
        if i == 0 and _PARTICLE_FIRST.match(text, run.start()):
            s = run.start()
        e = suffix[-1][1]
        generation = _GENERATION.match(text, e)
        if generation and len(suffix) >= 2:
            e = generation.end()  # 'Joseph R. Biden, Jr.' is the fullest form of the name
        name = text[s:e]
        toks = name.split()
        if len(toks) > 4:
            return
        if any(_NOT_NAME_ENDING.search(t) for t in toks) or (
                toks[0] not in GIVEN_NAMES and toks[0].endswith(("ing", "ed")) and len(toks[0]) > 5):
            return
        before = text[max(0, s - 60):s]
        titled = i > 0 and _is_role_word(words[i - 1][2])
        honorific = bool(_HONORIFIC_BEFORE.search(before)) or (i > 0 and words[i - 1][2] in HONORIFICS)
        role = _role_before(text, s, taken)
        surname_form = len(toks) == 1 or (len(toks) == 2 and toks[0] in NAME_PARTICLES)
        if surname_form:
            if (titled or honorific) and _plausible_surname(toks[-1]):
                aliases.append((Mention(fname, s, e, name), role or ""))
                taken.append((s, e))
            return
        evidence = ""
        if titled or honorific or role:
            evidence = "title"
        elif _LOWER_ROLE_BEFORE.search(before):
            evidence = "descriptor"
        elif toks[0] in GIVEN_NAMES and all(_nameish(t) or t in NAME_PARTICLES for t in toks):
            evidence = "given-name"
        else:
            after_role = _role_after(text, e)
            if after_role:
                evidence, role = "apposition", after_role
            elif _apposition_before(text, s):
                evidence = "apposition"
            elif _verb_after(text, e) and not any(_ORG_SUFFIX.search(t) for t in toks) and len(toks) <= 3:
                evidence = "verb"
        if not evidence:
            return
        if not role:
            role = _role_after(text, e) or _apposition_before(text, s)
        found.append(_Found(name, False, [Mention(fname, s, e, name)], [role] if role else [],
                            0.9 if evidence in ("title", "given-name", "apposition") else 0.75, evidence))
        taken.append((s, e))

    # -- merging one-word forms ---------------------------------------------------------------

    def _attach_aliases(self, aliases: list[tuple[Mention, str]], found: list[_Found]) -> None:
        for mention, role in aliases:
            target = _owner(mention, found)
            if target is None:
                target = _Found(mention.text, False, [], [], 0.6, "title-surname")
                found.append(target)
            target.mentions.append(mention)
            if role and not target.roles:
                target.roles.append(role)

    def _bare_surnames(self, fname: str, text: str, found: list[_Found]) -> None:
        self._bare_family_names(fname, text, found)
        for person in found:
            if person.korean_order or len(person.tokens) < 2 or person.rule == "byline":
                continue
            for form in person.surname_forms():
                if not _plausible_surname(form.split()[-1]) or form in GIVEN_NAMES:
                    continue
                for m in re.finditer(rf"(?<![\w\-’']){re.escape(form)}(?![\w\-])", text):
                    if _covered(found, fname, m.start()):
                        continue
                    person.mentions.append(Mention(fname, m.start(), m.end(), form))

    @staticmethod
    def _bare_family_names(fname: str, text: str, found: list[_Found]) -> None:
        """Family names standing alone: 'Minister KAMIKAWA', and 'Koo said' once 'Koo Byoung-sam' is
        named, when no one else in the release has that family name."""
        families: dict[str, list[_Found]] = {}
        for person in found:
            if person.korean_order and len(person.tokens) >= 2:
                families.setdefault(person.tokens[0], []).append(person)
        for family, owners in families.items():
            if len(owners) != 1 or len(family) < 2:
                continue
            person = owners[0]
            caps = family.isupper()
            pos = text.find(family)
            while pos != -1:
                start, end = pos, pos + len(family)
                pos = text.find(family, end)
                if (start and (text[start - 1].isalnum() or text[start - 1] in "-’'_")) or (
                        end < len(text) and (text[end].isalnum() or text[end] in "-_")):
                    continue
                if _covered(found, fname, start):
                    continue
                before = text[max(0, start - 40):start]
                if not (caps or _verb_after(text, end) or _TITLE_BEFORE.search(before)
                        or _HONORIFIC_BEFORE.search(before)):
                    continue
                person.mentions.append(Mention(fname, start, end, family))

    def _apply_registry(self, fields: Sequence[tuple[str, str]], found: list[_Found]) -> None:
        """Names the user confirmed: recognised everywhere, and they name whoever they overlap."""
        for entry, pattern in self._registry_patterns:
            keys = {name_key(entry.name), entry.key, *(name_key(a) for a in entry.aliases)}
            target = next((f for f in found if name_key(f.name) in keys), None)
            for fname, text in fields:
                for m in pattern.finditer(text or ""):
                    owner = next((p for p in found for x in p.mentions
                                  if x.field == fname and x.start < m.end() and m.start() < x.end), None)
                    if owner is not None:
                        if target is None:
                            target = owner
                        elif owner is not target and not owner.key:
                            target.mentions.extend(owner.mentions)
                            found.remove(owner)
                        continue
                    if target is None:
                        target = _Found(entry.name, False, [], [], 1.0, "registry")
                        found.append(target)
                    target.mentions.append(Mention(fname, m.start(), m.end(), m.group()))
            if target is not None:
                target.key = entry.key
                target.name = entry.name
                target.rule = "registry"
                target.confidence = 1.0
                target.roles = list(dict.fromkeys([*entry.roles, *target.roles]))

    @staticmethod
    def _to_person(f: _Found) -> Person:
        mentions = sorted(f.mentions, key=lambda m: (m.field != "author", m.field, m.start))
        return Person(f.key or name_key(f.name), f.name, tuple(mentions), tuple(dict.fromkeys(f.roles)),
                      f.confidence, f.rule)


def _glued(text: str, start: int) -> bool:
    """Whether a match starts inside a word (the regexes leave this check out, for speed)."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_’'")


def _covered(found: list[_Found], fname: str, pos: int) -> bool:
    return any(x.field == fname and x.start <= pos < x.end for p in found for x in p.mentions)


def _plausible_surname(tok: str) -> bool:
    return (len(tok) >= 2 and _nameish(tok) and tok.lower() not in NOT_GIVEN
            and not _NOT_NAME_ENDING.search(tok) and not (len(tok) > 5 and tok.endswith(("ed", "ing"))))


def _owner(mention: Mention, found: list[_Found]) -> _Found | None:
    """The person a one-word form abbreviates: the closest earlier one whose surname it is."""
    best: _Found | None = None
    best_pos = -1
    text = mention.text.casefold()
    for family_first in (False, True):
        for f in found:
            if len(f.tokens) < 2:
                continue
            if family_first:
                # East Asian names written family name first without capitals ('Okano Masataka').
                if f.tokens[0] in GIVEN_NAMES or f.tokens[0].casefold() != text:
                    continue
            elif text not in {x.casefold() for x in f.surname_forms()}:
                continue
            first = min((m.start for m in f.mentions if m.field == mention.field), default=None)
            pos = first if first is not None and first <= mention.start else -2
            if best is None or pos > best_pos:
                best, best_pos = f, pos
        if best is not None:
            return best
    return best


def _merge(found: list[_Found]) -> list[_Found]:
    """Join candidates naming the same person (same key, or a shorter form of a longer name)."""
    out: list[_Found] = []
    by_key: dict[str, _Found] = {}
    for f in sorted(found, key=lambda f: -len(f.tokens)):
        key = f.key or name_key(f.name)
        target = by_key.get(key)
        if target is None and len(f.tokens) <= 2:
            target = next((o for o in out if len(o.tokens) > len(f.tokens)
                           and (f.name.casefold() in {x.casefold() for x in o.surname_forms()}
                                or (len(f.tokens) == 2 and f.tokens[0] in NAME_PARTICLES
                                    and o.name.endswith(f.name))
                                or (len(f.tokens) == 2 and not o.korean_order and not f.korean_order
                                    and f.tokens[0] not in GIVEN_NAMES and o.name.endswith(" " + f.name)))),
                          None)
        if target is None:
            f.key = key
            by_key[key] = f
            out.append(f)
            continue
        target.mentions.extend(f.mentions)
        for r in f.roles:
            if r not in target.roles:
                target.roles.append(r)
        target.confidence = max(target.confidence, f.confidence)
    out.sort(key=lambda f: min(((m.field != "author"), m.field != "title", m.start) for m in f.mentions)
             if f.mentions else (True, True, 0))
    return [f for f in out if f.mentions]


# -- role phrases ---------------------------------------------------------------------------

_ROLE_TOKEN = re.compile(r"\S+")
# 'U.S.', 'U.K.', 'U.N.': a full stop that ends no sentence, so a role may run through it.
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
_CONNECT = frozenset({"of", "for", "on", "the", "in", "at", "to", "and", "de"})


def _role_before(text: str, start: int, taken: list[tuple[int, int]]) -> str:
    """The capitalised role phrase right before a name ('Vice Minister for Strategy …')."""
    limit = max((b for a, b in taken if b <= start), default=0)
    seg_start = start
    tokens = list(_ROLE_TOKEN.finditer(text, max(limit, start - 200), start))
    for tok in reversed(tokens):
        word = tok.group()
        stop = any(ch in _PUNCT_STOP for ch in word[-1:]) and not _INITIALISM.fullmatch(word)
        if stop and tok.end() != start:
            break
        core = word.strip("“”\"()")
        if core != word:
            break
        if core == "and" and any(_is_role_word(t) for t in text[tok.end():start].split()):
            break
        if core in _CONNECT or core[:1].isupper() or _CAPITALISED.fullmatch(core):
            seg_start = tok.start()
            continue
        if core.lower() in ("former", "new", "acting") or (core in ROLE_HEADS and not core.endswith("s")):
            # 'Ministry spokesperson Koo', 'missionary Kim' (a plural names a group, not this person)
            seg_start = tok.start()
            continue
        break
    phrase = text[seg_start:start].strip()
    phrase = _LEADING_CONNECTORS.sub("", phrase)
    if phrase and any(_is_role_word(t) for t in phrase.split()):
        return phrase
    return ""


_LOWER_ROLE_STARTS = words("head director chair chairman former a an the deputy president spokesperson "
                           "secretary")
_APPOSITION_STOP = re.compile(r"[,;(\n]|(?<=[a-z)])\.(?=\s|$)|\s(?:and|who|which|will|said|met|to)\s")
# Word endings of headline verbs and abstract nouns: 'Joined', 'Affirming', 'Commitment'.
_NOT_NAME_ENDING = re.compile(r"(?:ment|tion|sion|ness|ity)$")


# Where a meeting took place is no part of the title: 'Special Envoy for North Korean Human Rights
# in Washington, DC, on the 15th'. A place after an office or institution names it, though:
# 'head of the UN Human Rights Office in Seoul', 'a researcher at the Institute … in Seoul'.
_VENUE = re.compile(r"\s(?:in|at)\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)?$")
_PLACE_NAMED_BY = words("Office Embassy Mission Institute Center Centre University Bureau Consulate "
                        "Headquarters Delegation School Foundation Committee Council Court Station Branch")


def _drop_venue(phrase: str) -> str:
    m = _VENUE.search(phrase)
    if m is None or " at " in phrase[:m.start()]:
        return phrase
    before = phrase[:m.start()].split()
    if not before or before[-1] in _PLACE_NAMED_BY or not any(_is_role_word(w) for w in before):
        return phrase
    return phrase[:m.start()]


def _role_after(text: str, end: int) -> str:
    """A role in apposition: 'Signe Poulsen, head of the UN Human Rights Office in Seoul'."""
    if not text.startswith(", ", end):
        return ""
    seg_end = end + 2
    m = _APPOSITION_STOP.search(text, seg_end)
    stop = m.start() if m else len(text)
    phrase = text[seg_end:stop].strip()
    words = phrase.split()
    if not words or len(words) > 18:
        return ""
    if words[0][0].islower() and words[0] not in _LOWER_ROLE_STARTS and not _is_role_word(words[0]):
        return ""
    if any(_is_role_word(w) for w in words[:8]):
        return _drop_venue(phrase)
    return ""


# A verb makes the words before a name a clause, not a role ('The EU calls upon … the UN Special
# Rapporteur, Ms. Elizabeth Salmón').
_CLAUSE_VERB = re.compile(r"\b(?:calls?|urges?|asks?|said|says|met|meets|welcomed|welcomes|cooperate|is|are|"
                          r"was|were|has|have|had|with)\b")


def _apposition_before(text: str, start: int) -> str:
    """A role phrase ending in a comma before the name ('The UN Special Rapporteur …, Elizabeth Salmón,')."""
    hon = _HONORIFIC_BEFORE.search(text, max(0, start - 6), start)
    if hon:
        start = hon.start()
    if text[max(0, start - 2):start] != ", ":
        return ""
    seg = text[max(0, start - 200):start - 2]
    cut = max(seg.rfind(ch) for ch in ",;:.()–—\n")
    phrase = seg[cut + 1:].strip()
    words = phrase.split()
    if not words or len(words) > 25 or _CLAUSE_VERB.search(phrase):
        return ""
    if any(_is_role_word(w) for w in words):
        return re.sub(r"^(?:The|the)\s", "", phrase)
    return ""


def _verb_after(text: str, end: int) -> bool:
    m = re.compile(r"\s(?:also\s)?([a-z]+)").match(text, end)
    return bool(m and m.group(1) in _STRONG_VERBS)
