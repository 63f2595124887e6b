"""Commitments: clauses in which an actor agreed, pledged, planned or asked another to act.

Each sentence is scanned for trigger phrases ('agreed to', 'reaffirmed its commitment',
'will continue', 'plans to', 'called for', 'expressed hope that X would', 'Let's …'). A
trigger's clause starts at its subject (after an introductory phrase, a reported 'that', or
at the trigger itself when the subject is shared: '…, and requested …') and ends where the
next commitment in the sentence begins or a relative clause ('…, which reflects …') starts.
Describing, stressing, praising, noting and outcome hopes ('hope that the Consultations will
contribute') are not triggers, and 'will' needs an acting subject and an active verb.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.entities import Commitment, CommitmentKind, Person
from viewer.extraction.lexicon import words
from viewer.extraction.sentences import sentence_spans

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class _Trigger:
    start: int
    end: int
    kind: CommitmentKind
    rule: str
    participle: bool = False  # 'Affirming …', 'Urging …': no subject of its own


_COMMIT_NOUN = r"(?:commitments?|determination|resolve|pledge|readiness|willingness)"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A trigger anchored on a word ('commitment', 'would', 'plan') so the regex engine can skip
    ahead to it; what must stand before the anchor is matched backwards (``back``) and, when
    found, starts the trigger. A rule runs only on text holding one of its ``needles``."""

    pattern: re.Pattern[str]
    kind: CommitmentKind
    rule: str
    needles: tuple[str, ...]
    back: re.Pattern[str] | None = None
    back_required: bool = False
    # The same pattern without re.IGNORECASE, run on the lower-cased text: a case-insensitive
    # pattern cannot skip ahead to its first word, which made trigger search the slowest step.
    lower: re.Pattern[str] | None = None


def _r(pattern: str, kind: CommitmentKind, rule: str, needles: tuple[str, ...], back: str | None = None,
       required: bool = False, flags: int = _I, back_flags: int | None = None) -> _Rule:
    lower = re.compile(pattern, flags & ~_I) if flags & _I and not _LITERAL_CAPITAL.search(pattern) else None
    return _Rule(re.compile(pattern, flags), kind, rule, needles,
                 re.compile(back + "$", flags if back_flags is None else back_flags) if back else None,
                 required, lower)


# A capital letter that is a literal, not part of an escape such as '\S' or '\W'.
_LITERAL_CAPITAL = re.compile(r"(?<!\\)[A-Z]")


_STATE_VERB = (r"\b(?:reiterat|renew|express|emphasi[sz]|underscor|confirm|highlight|stress|demonstrat|"
               r"show)\w*"
               r"(?:\s[\w’'-]+){0,3}?\s")
# 'requests' and 'demands' are verbs only after their subject ('Japan requests …', 'he demands …'),
# not after a determiner ('similar requests', 'the demands of …').
_VERB_SUBJECT = r"(?:\b[A-Z][\w.’'-]*|\bhe|\bshe|\bit|\balso|\bstrongly|\bfurther)\s"
_RULES: tuple[_Rule, ...] = (
    # Pledges: '(re)affirmed its commitment', 'emphasized his commitment to', 'remains steadfast in its
    # commitment', 'is committed to', 'pledged', 'vowed', 'stands ready to'.
    _r(_COMMIT_NOUN + r"\b", "pledge", "affirmed-commitment", ("affirm",),
       r"\b(?:re)?affirm(?:s|ed)?\b(?:\s[\w’'-]+){0,4}?\s", required=True),
    _r(_COMMIT_NOUN + r"\b", "pledge", "affirming-commitment", ("affirming",),
       r"\b(?:re)?affirming\b(?:\s[\w’'-]+){0,4}?\s", required=True),
    _r(_COMMIT_NOUN + r"\s(?:to|that)\b", "pledge", "stated-commitment",
       ("commitment", "determination", "resolve", "pledge", "readiness", "willingness"), _STATE_VERB,
       required=True),
    _r(r"remain(?:s|ed)?\s(?:steadfast|firm|unwavering|resolute|fully|strongly|deeply|firmly)?\s?"
       r"(?:in\s(?:its|their|our|his|her)\s" + _COMMIT_NOUN + r"|committed)\b", "pledge", "remains-committed",
       ("remain",)),
    _r(r"(?:committed|determined)\sto\b", "pledge", "is-committed", ("committed", "determined"),
       r"\b(?:is|are|am)\s(?:fully\s|firmly\s|strongly\s)?", required=True),
    _r(r"pledg(?:ed|es|e)\b", "pledge", "pledged", ("pledg",)),
    _r(r"promis(?:ed|es)\sto\b", "pledge", "pledged", ("promis",)),
    _r(r"vow(?:ed|s)?\b", "pledge", "pledged", ("vow",)),
    _r(r"commit(?:s|ted)?\s(?:itself\s|themselves\s|ourselves\s)?to\b", "pledge", "commits", ("commit",)),
    _r(r"(?:stands?|stood|is|are|remains?)\sready\sto\b", "pledge", "stands-ready", ("ready",)),
    # Agreements.
    _r(r"agree(?:d|s)?\b(?!\s(?:upon|-upon))(?![\w-])", "agreement", "agreed", ("agree",)),
    _r(r"reach(?:ed)?\s(?:an\s|a\s)?(?:agreement|consensus|understanding)\b", "agreement",
       "reached-agreement", ("reach",)),
    _r(r"decided\sto\b", "agreement", "decided", ("decided",)),
    _r(r"concur(?:red|s)?\b", "agreement", "concurred", ("concur",)),
    _r(r"shared\s(?:the|their|a)\s(?:view|recognition|understanding)\sthat\b", "agreement", "concurred",
       ("shared",)),
    # Plans, and reported futures: 'confirmed that they would work …', 'said on Monday they would keep …'.
    _r(r"would\b(?!\s(?:be|welcome|like|love|appreciate|prefer)\b)", "plan", "would-reported", (" would",),
       r"\b(?:said|stated|confirmed|announced|vowed|declared|promised)(?:\s(?:on|in)\s\w+)?(?:\sthat)?"
       r"\s(?:they|it|he|she|we|both\ssides|the\stwo\ssides)\s", required=True),
    _r(r"would\b(?!\s(?:be|welcome|like|love|appreciate|prefer)\b)", "plan", "would-reported", (" would",),
       r"\b(?:said|stated|confirmed|announced|vowed|declared|promised|added)(?:\s(?:on|in)\s\w+)?(?:\sthat)?"
       r"\s(?:[A-Z][\w.’'-]+|the\s(?:[A-Z][\w.’'-]+\s)*(?:[A-Z][\w.’'-]+|government|ministry|country))\s",
       required=True, back_flags=0),
    _r(r"would\b(?!\s(?:be|welcome|like|love|appreciate|prefer)\b)", "plan", "would-that", (" would",),
       r"\bthat\s(?:[A-Z][\w.’'-]+|the\s(?:government|ministry|country))\s", required=True, back_flags=0),
    _r(r"plan(?:s|ning)?\sto\b", "plan", "plans-to", ("plan",), r"\b(?:its|their|our|his|her|the)\s"),
    _r(r"intend(?:s|ing)?\sto\b", "plan", "plans-to", ("intend",)),
    _r(r"aims?\sto\b", "plan", "plans-to", ("aim",)),
    _r(r"schedul\w+\sto\b", "plan", "plans-to", ("schedul",), r"\b(?:is|are)\s"),
    _r(r"(?:set|due|slated)\sto\b", "plan", "scheduled", ("set to", "due to", "slated"), r"\b(?:is|are)\s",
       required=True),
    _r(r"will\b(?!\s(?:also\s)?be\s(?!\w+ing\b))(?!\s(?:also\s)?serve\sas)"
       r"(?!\s(?:likely|probably|possibly|certainly|surely|undoubtedly)\b)", "plan", "will", ("will",)),
    # Requests.
    _r(r"ask(?:ed|s)?\b(?!\sby\b)", "request", "asked", ("ask",)),
    _r(r"urg(?:ed|es|e|ing)\b(?!\sby\b)", "request", "asked", ("urg",)),
    _r(r"requested\b(?!\sby\b)", "request", "asked", ("requested",)),
    _r(r"(?:would|will|to)\s(?:also\s)?request\b", "request", "asked", ("request",)),
    # 'sought understanding and continued cooperation': asking, unlike 'sought to improve'.
    _r(r"(?:sought|seeks|seeking)\s(?!to\b)", "request", "asked", ("sought", "seek")),
    _r(r"requests\b", "request", "asked", ("requests",), _VERB_SUBJECT, required=True, back_flags=0),
    _r(r"suggest(?:ed|s)\b(?!\sby\b)", "request", "asked", ("suggest",)),
    _r(r"propos(?:ed|es)\b(?!\sby\b)", "request", "asked", ("propos",)),
    _r(r"(?:propose|suggest|demand|request)\b", "request", "asked",
       ("propose", "suggest", "demand", "request"),
       r"\b(?:I|[Ww]e)\s(?:also\s|again\s|strongly\s|hereby\s|therefore\s)?", required=True, back_flags=0),
    _r(r"demanded\b(?!\sby\b)", "request", "asked", ("demand",)),
    _r(r"demands\b", "request", "asked", ("demand",), _VERB_SUBJECT, required=True, back_flags=0),
    _r(r"encourag(?:ed|es)\b(?!\sby\b)", "request", "asked", ("encourag",)),
    _r(r"invited\b(?!\sby\b)", "request", "asked", ("invited",)),
    # Leaders' fact sheets: 'The two Presidents instructed their teams to continue …'.
    _r(r"(?:instructed|directed|tasked)\s(?:\w+\s){1,3}?to\b", "request", "asked",
       ("instructed", "directed", "tasked")),
    _r(r"invites\b", "request", "asked", ("invites",), _VERB_SUBJECT, required=True, back_flags=0),
    _r(r"call(?:ed|s|ing)?\s(?:for|on|upon)\b", "request", "called-for", ("call",)),
    _r(r"appeal(?:ed|s|ing)?\s(?:for|on|upon|to)\b", "request", "called-for", ("appeal",)),
    _r(r"(?:hope|wish|expectation)\sthat\b", "request", "hope-that", ("hope", "wish", "expectation"),
       r"\b(?:express(?:ed|es)?|voic(?:ed|es)|conveyed)\s(?:the\s|its\s|his\s|her\s|their\s|strong\s)?",
       required=True),
    _r(r"hoped\sthat\b", "request", "hope-that", ("hoped",)),
    _r(r"Let(?:[’']s|\sus)\b", "request", "lets", ("let",), flags=0),
    _r(r"we\s(?:need\sto|must|should)\b", "request", "we-must", ("we ",)),
    # 'The government should revise …': what a statement asks of an actor.
    _r(r"should\b(?!\s(?:have|not\shave)\b)", "request", "should", ("should",)),
    _r(r"must\b(?!\s(?:have|not\shave)\b)", "request", "should", ("must",)),
)

# After 'will': verbs of carrying on one's own course make a pledge, anything else a plan.
_PLEDGE_VERBS = re.compile(
    r"\s(?:also\s|further\s|closely\s|actively\s|continuously\s|steadfastly\s|firmly\s)*"
    r"(?:continue|remain|keep|maintain|strive|spare|stand|never|not|do\s(?:its|our|their|his|her)\sbest|"
    r"make\s(?:every|all|efforts)|work|strengthen|support|cooperate|redouble|persist|pursue)\b", _I)
_NON_ACTOR_HEADS = words(
    "it this which that there issue issues meeting meetings consultation consultations resolution report "
    "event session conference dialogue visit discussion discussions talks agreement situation law act "
    "measure measures move efforts effort cooperation opportunity results outcome who what findings data "
    "evidence figures steps actions remarks statement comments policy policies plan plans program programs "
    "programme project projects system rules laws bill treaty"
)
_ACTOR_WORDS = re.compile(
    r"\b(?:he|she|we|they|i|side|sides|government|governments|administration|ministry|countries|country|"
    r"community|parties|party|delegation|delegations|participants|states|members|congress|minister|envoy|"
    r"ambassador|rapporteur|secretary|president|spokesperson|director|council|office|both|all|"
    r"representatives?|speakers?|officials?|ministers|leaders|delegates?|authorities|association|"
    r"organi[sz]ations?|groups?|union|agency|department|institute|committee|commission|families)\b", _I)
_INTRO_WORDS = re.compile(r"^(?:and|or|but)\s", _I)
# A clause joined by a conjunction has its own subject: '…, as speakers urged …', '…, while Seoul will …'.
_SUBORDINATE = re.compile(r"(?:as|while|whereas|because|since|after|when|(?:in|by|under)\swhich)\s(?=\S+\s)")
_CONJ_PRONOUN = re.compile(r"(?:and|but)\s(?=(?:we|he|she|they|I)\s)")
# A wire dateline before the first sentence: 'SEOUL, Aug. 15 (Yonhap) -- '.
_DATELINE = re.compile(r"[^\n]{0,50}?\([A-Z][\w .]{1,20}\)\s?(?:--|—|–|-)\s")
# A parenthetical just before the trigger: '…that the Government, as a member of the Council, will …'.
_PARENTHETICAL = re.compile(
    r",\s(?:as|including|in|on|at|with|despite|together\swith|like|through)\s[^,]{1,80},\s$")
_LIST_TAIL = re.compile(r"^[^,]{0,40},\s(?:and|or)\s[^,]{0,40}$")
# 'that' after a verb of saying opens a reported clause ('mentioned that the US Congress will …').
_THAT = re.compile(r"\b(?:\w+ed|said|says|told|hope|hopes|believe|believes|stress|stresses|note|notes|"
                   r"agree|agrees|emphasizes|mentions|states|\w+s|and)\s(?:also\s)?that,?\s")
_SENTENCE_INTRO = re.compile(
    r"^(?:[A-Z]{3,}[^–—]{0,40}[–—]\s)?(?:(?:In\sparticular|Furthermore|Moreover|Meanwhile|Therefore|However|"
    r"In\saddition|Additionally|Also|Accordingly|Then|Lastly|Finally|Today|Yesterday|Separately|Notably|"
    r"(?:In|On|At|During|Based|Through|After|Following|Upon|With|As|Since|Before|By|For|Under|Despite|"
    r"Regarding)\s[^,]{0,70}|"
    r"[A-Z][a-z]+ing\s[^,]{0,70}),\s)?")
# '… explained X, and said the Ministry will …': the reported clause is the commitment.
_AND_SAID = re.compile(r"\band\s(?:also\s)?((?:said|added|stated|noted|told\s\w+)\s)(?!that\b)")
# 'Yoon said his government will …': the reported clause, without 'that'.
_SAID_NO_THAT = re.compile(r"\b(?:said|says|added|stated|announced|noted)\s(?=(?:his|her|its|their|our)\s)")
_AND_GROUP = re.compile(r"\sand\s(?=(?:the\stwo|both\ssides|both)\s)")
_SAYING = re.compile(r"\b(?:said|says|stated|announced|told|confirmed|declared|vowed|added|insisted)\b")
_CLAUSE_END = re.compile(r",\s(?:which|who)\s|\sand\sthat\s|,\s(?:as|while)\s(?:he|she|they|it|the|we)\s")
_PARTICIPLE_END = re.compile(r",\s(?:the|a|an|its|their|his|her|our|we|he|she|they|it)\s")
_AND_END = re.compile(r",?\sand\s(?:also\s)?$")
_AND_WILL = re.compile(r",?\sand\s(?:also\s)?will$")
_JUST_AND = re.compile(r"\s(?:and|,\sand)\s")
_ENDS_WITH_JOIN = re.compile(r"(?:,|;|\band)\s(?:(?:has|have|had|also)\s)*$")
_COMMA = re.compile(r",\s")
_CLAUSE_MARK = re.compile(r"[,;“\"]|\bthat\b")
_MAIN_VERB = re.compile(r"(.*?)\s(?:\w+ed|will|has|have|spoke|met|held)\b")
_GROUP_WORDS = re.compile(r"\b(?:they|both|the two|two sides|two officials|two leaders|we|our|them)\b")
_PARTY_RE = re.compile(
    r"\b(?:the\s)?(?:(?<!People's\s)(?<!People’s\s)Republic\sof\sKorea|ROK|South\sKorea|United\sStates|U\.S\.|"
    r"US|Japan|Canada|the\sUK|United\sKingdom|EU|European\sUnion|Australia|(?<!of\s)(?<!North\s)Korea|France|"
    r"Germany|Italy|New\sZealand|the\sNetherlands)(?![\w])")
_PLURAL_SUBJECT = re.compile(r"\b(?:they|both|two|sides|we|countries|parties|and|ministers|leaders|officials|"
                             r"governments|delegations|participants|members|council|committee|assembly|it)\b",
                             _I)


class CommitmentFinder:
    """Finds commitments sentence by sentence; stateless, holds compiled rules only."""

    def find(self, fields: Sequence[tuple[str, str]], people: Sequence[Person]) -> list[Commitment]:
        out: list[Commitment] = []
        seen: set[str] = set()
        parties = _parties(dict(fields).get("title", ""), dict(fields).get("body", ""))
        for fname, text in fields:
            if not text:
                continue
            if fname == "title":
                demand = _HEADLINE_DEMAND.match(text)
                if demand:
                    clause = text.rstrip(" .")
                    seen.add(" ".join(clause.lower().split()))
                    out.append(Commitment(fname, 0, len(clause), clause, (demand["subj"] or "").strip(" :"),
                                          "request", 0.7, "headline-demand"))
                headline = None if demand else _HEADLINE_PLAN.match(text)
                if headline:
                    clause = text[:headline.end("rest")].rstrip(" .")
                    seen.add(" ".join(clause.lower().split()))
                    out.append(Commitment(fname, 0, len(clause), clause, headline["subj"].strip(), "plan",
                                          0.7, "headline-to"))
            triggers = _triggers(text)
            if not triggers:
                continue
            i = 0
            for ss, se in sentence_spans(text):
                while i < len(triggers) and triggers[i].start < ss:
                    i += 1
                j = i
                while j < len(triggers) and triggers[j].end <= se:
                    j += 1
                if j == i:
                    continue
                for c in self._sentence(fname, text, ss, se, triggers[i:j], people, parties):
                    norm = " ".join(c.text.lower().split())
                    if norm in seen:
                        continue
                    seen.add(norm)
                    out.append(c)
        return out

    def _sentence(self, fname: str, text: str, ss: int, se: int, triggers: list[_Trigger],
                  people: Sequence[Person], parties: tuple[str, ...]) -> list[Commitment]:
        clauses: list[_Clause] = []
        for trig in triggers:
            start = trig.start if trig.participle else _clause_start(text, ss, trig.start)
            if trig.rule in ("will", "should") and not _will_ok(text, start, trig):
                continue
            if trig.rule == "hope-that" and not _hoped_actor(text, trig.end, se):
                continue
            if trig.rule == "would-that" and not _SAYING.search(text, ss, trig.start):
                continue
            if text[ss:se].rstrip("”\"’' ").endswith("?"):
                continue  # a question asks nothing of anyone: 'Will the Minister meet the families?'
            kind = trig.kind
            if trig.rule in ("will", "would-reported", "would-that"):
                kind = "pledge" if _PLEDGE_VERBS.match(text, trig.end) else "plan"
                if text.startswith(("promised", "vowed", "pledged"), trig.start):
                    kind = "pledge"  # 'promised that the ministry would set up …'
            if trig.rule == "decided":
                subj = text[start:trig.start]
                kind = "agreement" if _PLURAL_SUBJECT.search(subj) or not subj.strip() else "pledge"
            if clauses:
                prev = clauses[-1]
                between = text[prev.last.end:trig.start]
                # One subject, two pledges: 'will make every effort …, and will raise it …', 'will keep its
                # measures under review and stands ready to …'.
                same_pledge = (start == trig.start and kind == prev.kind == "pledge"
                               and _AND_END.search(between) is not None)
                if _JUST_AND.fullmatch(between) or same_pledge or (
                        trig.rule == prev.last.rule == "will" and start == trig.start
                        and _AND_WILL.search(text, prev.last.end, trig.end) is not None):
                    if trig.rule != "will" and not same_pledge:
                        prev.kind = trig.kind  # 'agreed and suggested …': one commitment, the later kind
                    prev.last = trig
                    continue
                if start <= prev.last.end or not _boundary_between(text, prev.last.end, start, trig.start):
                    continue
                prev.end = _trim_end(text, prev.start, start)
            clauses.append(_Clause(start, se, trig, trig, kind))
        out: list[Commitment] = []
        prev_actor = ""
        for i, cl in enumerate(clauses):
            end = _clause_end(text, cl.start, cl.end, cl.last)
            clause = text[cl.start:end].rstrip(" ,;")
            end = cl.start + len(clause)
            if len(clause.split()) < 3:
                continue
            reported = i > 0 and bool(_THAT.search(text, ss, clauses[i - 1].start + 1))
            if cl.start == cl.first.start and prev_actor and not cl.first.participle and not reported:
                actor = prev_actor
            else:
                actor = _actor(text, ss, se, cl.start, cl.first, people, parties)
            prev_actor = actor
            conf = 0.8 if cl.first.rule in ("will", "we-must", "asked") else 0.9
            out.append(Commitment(fname, cl.start, end, clause, actor, cl.kind, conf, cl.first.rule))
        return out


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    first: _Trigger
    last: _Trigger
    kind: CommitmentKind


# 'as agreed', 'previously agreed': a past agreement recalled, not made here.
# News headlines announce plans with a bare infinitive: 'Seoul to host conference next month'.
_HEADLINE_PLAN = re.compile(r"(?P<subj>(?:[A-Z][\w.’'-]*\s){1,4}?)to\s(?!be\b)[a-z]+\b(?P<rest>[^:|]*)")
# Advocacy headlines open with an imperative, after the addressee and a colon or on their own.
_HEADLINE_DEMAND = re.compile(
    r"(?:(?P<subj>[A-Z][\w.’' -]{1,40}):\s)?(?:Stop|End|Release|Free|Halt|Allow|Protect|Investigate|Ensure|"
    r"Cease|Repeal|Open|Abolish|Account\sfor|Let|Grant|Lift|Return|Respect|Don[’']t|Do\snot)\s")
_RECALLED = re.compile(r"\b(?:as|previously|already)\s$", _I)


def _triggers(text: str) -> list[_Trigger]:
    """Every trigger in a field, in text order, the longest where two overlap."""
    found: list[_Trigger] = []
    low = text.lower()
    same_length = len(low) == len(text)  # lower-casing keeps offsets (not so for a few letters: 'İ')
    for r in _RULES:
        if not any(n in low for n in r.needles):
            continue
        matches = r.lower.finditer(low) if r.lower is not None and same_length else r.pattern.finditer(text)
        for m in matches:
            s = m.start()
            if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
                continue
            rule = r.rule
            if r.back is not None:
                b = r.back.search(text, max(0, s - 80), s)
                if b is not None:
                    s = b.start()
                    if rule == "plans-to" and b.group().split()[0].lower() in _POSSESSIVES:
                        rule = "plan-noun"
                elif r.back_required:
                    continue
            if rule == "would-that":
                s += 5  # the clause is what follows 'that'
            if rule == "agreed" and _RECALLED.search(text, max(0, s - 12), s):
                continue
            participle = rule == "plan-noun" or (
                text[s:m.end()].split()[0].lower().endswith("ing") and rule != "plans-to")
            found.append(_Trigger(s, m.end(), r.kind, rule, participle))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    chosen: list[_Trigger] = []
    for t in found:
        if chosen and t.start < chosen[-1].end:
            continue
        chosen.append(t)
    return chosen


_POSSESSIVES = frozenset({"its", "their", "our", "his", "her", "the"})


def _clause_start(text: str, ss: int, pos: int) -> int:
    """Where the clause of a trigger at ``pos`` begins: its subject, or the trigger itself."""
    prefix = text[ss:pos]
    paren = _PARENTHETICAL.search(prefix)
    if paren and _THAT.search(prefix, 0, paren.start()):
        prefix = prefix[:paren.start()]
    elif _ENDS_WITH_JOIN.search(prefix) or not prefix.strip() or prefix.endswith(" that "):
        return pos if prefix.strip() else ss
    best = ss
    dateline = _DATELINE.match(prefix)
    if dateline:
        best = ss + dateline.end()
    quote = max(prefix.rfind("“"), prefix.rfind('"'))
    if quote >= 0 and prefix.count("”", quote) == 0:
        best = max(best, ss + quote)
    that = max((m.end() for m in _THAT.finditer(prefix)), default=-1)
    if that >= 0:
        best = max(best, ss + that)
    group = max((m.end() for m in _AND_GROUP.finditer(prefix)), default=-1)
    if group >= 0:  # '… met with Türk and the two agreed …'
        best = max(best, ss + group)
    said = max((m.start(1) for m in _AND_SAID.finditer(prefix)), default=-1)
    if said >= 0:
        best = max(best, ss + said)
    else:
        said = max((m.end() for m in _SAID_NO_THAT.finditer(prefix)), default=-1)
        if said >= 0:
            best = max(best, ss + said)
    # Commas outside quotes: the last one whose chunk looks like a subject, skipping list items
    # ('the United States, the ROK, and Japan urge …').
    commas = [m.end() for m in _COMMA.finditer(prefix)]
    for c in reversed(commas):
        chunk = prefix[c:]
        if ss + c <= best:
            break
        pron = _CONJ_PRONOUN.match(chunk)
        if pron:
            best = ss + c + pron.end()
            break
        if _INTRO_WORDS.match(chunk) or _LIST_TAIL.match(chunk):
            continue
        if chunk.startswith("who "):  # '…, Kim Yung-ho, who promised that …'
            best = ss + c + 4
            break
        sub = _SUBORDINATE.match(chunk)
        if sub:
            best = ss + c + sub.end()
            break
        first = chunk.split()[0] if chunk.split() else ""
        if first[:1].isupper() or first.lower() in ("the", "both", "all", "we", "he", "she", "they", "it",
                                                     "its", "their", "our", "this", "these", "each"):
            best = ss + c
        break
    # Skip a leading connective kept in the subject ('…that, despite …, the ROK will …').
    while best < pos and text[best] in " ,":
        best += 1
    return best


def _clause_end(text: str, start: int, end: int, trig: _Trigger) -> int:
    if trig.participle:
        m = _PARTICIPLE_END.search(text, trig.end, end)
        if m:
            return m.start()
    m = _CLAUSE_END.search(text, trig.end, end)
    if m and trig.rule not in ("agreed", "decided"):
        return m.start()
    if m and m.group().startswith(", wh"):
        return m.start()
    if trig.rule == "lets":
        close = text.find("”", trig.end, end)
        if close >= 0:
            return close + 1
    return end


def _trim_end(text: str, start: int, nxt: int) -> int:
    chunk = text[start:nxt]
    chunk = re.sub(r"(?:[,;]\s*(?:and\s)?|\sand\s)(?:(?:has|have|had|also)\s)*$", "", chunk)
    return start + len(chunk)


def _boundary_between(text: str, a: int, start: int, pos: int) -> bool:
    if start == pos:
        return bool(_ENDS_WITH_JOIN.search(text, a, pos))
    return bool(_CLAUSE_MARK.search(text, a, start + 1))


_DETERMINERS = words("The This It That There These Those Such Its Their Our His Her A An Any Some Many")
_SAYS_IT = re.compile(r"\b(?:says?|said|announced|stated|added)\s(?:that\s)?it\s$")


def _will_ok(text: str, start: int, trig: _Trigger) -> bool:
    """'will' commits only an acting subject: not 'it', 'the issue', 'which' or an event."""
    subject = re.split(r"\s(?:on|of|for|in|at|between|with|from)\s", text[start:trig.start])[0]
    words = re.findall(r"[\w’'.-]+", subject)
    if not words:
        return True  # shared subject ('Salmón, who …, will present …')
    head = words[-1].lower()
    if head == "it" and _SAYS_IT.search(text, max(0, trig.start - 30), trig.start):
        return True  # 'US says it will keep pressing …': 'it' is the speaker
    if len(words) == 1 and head == "it" and _actor_sentence_before(text, start):
        return True  # 'The EU remains committed to …. It will continue to lead …'
    if head in _NON_ACTOR_HEADS:
        return False
    if trig.rule == "should" and (len(text[start:trig.start].split()) > 8 or (
            len(words) >= 2 and head in ("they", "we", "he", "she", "you") and words[-2][:1].islower())):
        return False  # 'the measures they should take': a relative clause, not a demand
    if words[0].lower() in ("which", "who", "it", "this", "there", "that"):
        return False
    subject = " ".join(words)
    if re.search(r"\bhope[sd]?\sthat\s*$", text[max(0, start - 30):start]):
        return False  # an outcome hoped for, not a commitment
    return bool(_ACTOR_WORDS.search(subject) or any(w[:1].isupper() for w in words[1:])
                or (words[0][:1].isupper() and words[0] not in _DETERMINERS))


def _actor_sentence_before(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` opens with a named actor ('The EU', 'Japan')."""
    spans = _spans_before(text, start)
    if not spans or text[spans[-1][1]:start].strip():
        return False
    subject = _sentence_subject(text, *spans[-1])
    words = re.findall(r"[\w’'.-]+", subject)
    return bool(words) and len(words) <= 6 and words[-1].lower() not in _NON_ACTOR_HEADS and (
        any(w[:1].isupper() and w not in _DETERMINERS for w in words) or bool(_ACTOR_WORDS.search(subject)))


def _hoped_actor(text: str, pos: int, se: int) -> bool:
    """'hope that X would …' asks X to act only when X is an actor, not an event."""
    m = re.compile(r"\s*(.{0,80}?)\s(?:would|will|could|can|should|might)\b").match(text, pos, se)
    if not m:
        return False
    subject = re.split(r"\s(?:on|of|for|in|at|between|with|to|from)\s", m.group(1))[0]
    words = re.findall(r"[\w’'.-]+", subject)
    if not words or words[-1].lower() in _NON_ACTOR_HEADS:
        return False
    return bool(_ACTOR_WORDS.search(subject) or any(w[:1].isupper() for w in words))


def _parties(title: str, body: str) -> tuple[str, ...]:
    """The governments a release is about, in order of first mention (the headline first)."""
    seen: list[str] = []
    for m in _PARTY_RE.finditer(title + "\n" + body[:700]):
        name = re.sub(r"^the\s", "", m.group())
        canon = {"Republic of Korea": "ROK", "South Korea": "ROK", "Korea": "ROK", "United States": "U.S.",
                 "US": "U.S.", "United Kingdom": "UK", "European Union": "EU"}.get(name, name)
        if canon not in seen:
            seen.append(canon)
    return tuple(seen)


def _party_label(parties: tuple[str, ...], subject: str) -> str:
    """'the two sides' are the first two governments named; 'we' in a joint statement is all of them."""
    if len(parties) == 1 and not re.search(r"\b(?:two|both)\b", subject, _I):
        return parties[0]
    if len(parties) < 2:
        return "the parties"
    chosen = parties[:2] if re.search(r"\b(?:two|both)\b", subject, _I) else parties[:10]
    return ", ".join(chosen[:-1]) + " and " + chosen[-1]


def _actor(text: str, ss: int, se: int, start: int, trig: _Trigger, people: Sequence[Person],
           parties: tuple[str, ...]) -> str:
    """Who commits: the clause's subject, a pronoun's person, or the parties for 'both sides'."""
    subj_start = start
    if text.endswith(", who ", 0, start):  # the person the relative clause hangs on
        owner = next((p.name for p in people for m in p.mentions if m.field == "body" and m.end == start - 6),
                     None)
        if owner:
            return owner
    if trig.participle and trig.rule != "plan-noun":
        cut = _PARTICIPLE_END.search(text, trig.end, se)
        main = _MAIN_VERB.match(text, cut.start() + 2, se) if cut else None
        if cut and main:
            subject, subj_start = main.group(1), main.start(1)
        else:
            subject, subj_start = text[ss:trig.start], ss
    elif not text[start:trig.start].strip(" “\"") and re.match(r"(?:I|We|we)\s", text[trig.start:trig.end]):
        subject, subj_start = text[trig.start:trig.start + 2].strip(), trig.start  # 'I propose …'
    elif trig.rule in ("lets", "we-must", "plan-noun") or start == trig.start:
        subject, subj_start = _sentence_subject(text, ss, trig.start), ss
    else:
        subject = text[start:trig.start]
    subject = re.sub(r"\s(?:has|have|had|also|again|jointly|further|will|would|then|thus)\s*$", "",
                     subject.strip(" ,“\"")).strip(" ,“\"")
    subject = re.split(r",\s(?:who|which|as|including|despite)\b|\swho\b", subject)[0].strip(" ,")
    subject = re.sub(r"^(?:said|added|stated|noted|told\s\w+|[Aa]nd|[Bb]ut)\s", "", subject)
    low = subject.lower()
    if low in ("he", "she", "his", "her"):
        return _subject_person(text, ss, people) or _last_person(people, ss) or subject
    subject = re.sub(r"\s(?:said|says|added|announced|stated)(?:\sthat)?\s(?:it|they)$", "", subject)
    low = subject.lower()
    if low == "it" and subj_start > ss:  # '…, in which it decided …': the sentence's subject
        return _sentence_subject(text, ss, subj_start) or subject
    if low == "it":  # 'The EU remains committed …. It will continue …'
        spans = _spans_before(text, ss)
        if spans:
            prev = _sentence_subject(text, *spans[-1])
            return _person_in(people, spans[-1][0], spans[-1][0] + len(prev) + 1) or prev or subject
    if low == "we" and _in_quote(text, ss, trig.start):  # a spokesperson's 'we'
        speaker = _person_in(people, ss, se) or _last_person(people, ss)
        if speaker:
            return speaker
    if low == "we" and not parties:  # 'Germany has co-sponsored …, and we will continue …'
        head = _sentence_subject(text, ss, trig.start)
        if head[:1].isupper() and head.lower() not in ("we", "and we"):
            return head
    if low == "i":  # a quote's speaker, named beside it or just before
        return (_person_in(people, ss, se) or _subject_person(text, ss, people) or _last_person(people, ss)
                or subject)
    person = _person_in(people, subj_start, max(subj_start, trig.start) if subject else trig.start)
    if person:
        return person
    if _GROUP_WORDS.search(low) and not re.search(r"[A-Z]", subject[1:]):
        if len(parties) < 2 and re.search(r"\b(?:two|both)\b", low):
            named = _people_between(people, ss, start)  # 'Kim met Türk and the two agreed …'
            if len(named) == 2:
                return " and ".join(named)
        return _party_label(parties, low)
    return subject[:120] if subject else _party_label(parties, "")


def _people_between(people: Sequence[Person], a: int, b: int) -> list[str]:
    firsts = sorted((min(m.start for m in p.mentions if m.field == "body" and a <= m.start < b), p.name)
                    for p in people if any(m.field == "body" and a <= m.start < b for m in p.mentions))
    return [name for _, name in firsts]


def _in_quote(text: str, ss: int, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation opened in its paragraph."""
    para = max(text.rfind("\n", 0, ss), 0)
    chunk = text[para:pos]
    return chunk.count("“") > chunk.count("”") or chunk.count('"') % 2 == 1


def _person_in(people: Sequence[Person], a: int, b: int) -> str | None:
    for p in people:
        if any(m.field == "body" and a <= m.start < b for m in p.mentions):
            return p.name
    return None


_FIRST_VERB = re.compile(
    r"(.*?)\s(?:also\s|again\s|then\s)?(?:[a-z]+ed|said|says|is|are|was|were|has|have|will|met|spoke|held|took|"
    r"gave|made|told|led|began|sent|wrote|intends?|plans?|aims?|must|should|would|remains?|stands?|calls?|"
    r"urges?|reiterates?|recalls?|welcomes?|condemns?|reaffirms?)\b")


def _sentence_subject(text: str, ss: int, pos: int) -> str:
    chunk = text[ss:pos]
    chunk = chunk[_SENTENCE_INTRO.match(chunk).end():]  # type: ignore[union-attr]
    m = _FIRST_VERB.match(chunk)
    return (m.group(1) if m else chunk).strip(" ,“\"")


def _last_person(people: Sequence[Person], before: int) -> str | None:
    best: tuple[int, str] | None = None
    for p in people:
        for m in p.mentions:
            if m.field == "body" and m.start < before and (best is None or m.start > best[0]):
                best = (m.start, p.name)
    return best[1] if best else None


def _subject_person(text: str, before: int, people: Sequence[Person]) -> str | None:
    """Who 'he' or 'she' is: the person heading one of the last three sentences, named or by role
    ('The Special Rapporteur also welcomed …. He will present …'), not whoever was named last."""
    spans = _spans_before(text, before)[-3:]
    for ss, se in reversed(spans):
        subject = _sentence_subject(text, ss, se)
        if not subject:
            continue
        person = _person_in(people, ss, ss + len(text[ss:se]) - len(text[ss:se].lstrip()) + len(subject) + 1)
        if person:
            return person
        role = re.sub(r"^(?:the|The)\s", "", subject).lower()
        if role in ("he", "she"):
            continue
        for p in people:
            if any(role and role in r.lower() for r in p.roles):
                return p.name
        return None
    return None


def _spans_before(text: str, pos: int) -> list[tuple[int, int]]:
    """The sentences ending before ``pos``, read from a line start at most ~800 characters back."""
    window = text.rfind("\n", 0, max(0, pos - 800)) + 1
    return sentence_spans(text, window, pos)
