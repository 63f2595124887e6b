"""From what the user typed to a bounded Whoosh query.

Three steps, each of which may add a notice the user sees:

1. :func:`sanitize` repairs malformed input (unbalanced quotes, brackets and parentheses,
   a field name with nothing after it, a lone ``*``) so parsing never fails;
2. the Whoosh parser builds the query tree;
3. :class:`QueryCompiler` replaces every prefix, wildcard and fuzzy term by an explicit
   OR of at most :data:`MAX_EXPANSION` index terms (the most frequent ones), so one query
   cannot walk the whole vocabulary, and splits exact-value clauses on the top level
   (``year:2024``, ``date:[… to …]``, ``starred:yes`` …) off into a filter, which is
   cheaper than scoring them and keeps counts exact.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from viewer.search.analysis import SURFACE_ENDINGS, fold, has_cjk, normalize_word
from viewer.search.schema import DEFAULT_FIELDS, FIELD_ALIASES, TITLE_BOOST

MAX_EXPANSION = 200
MAX_FUZZY_DISTANCE = 2

QUERY_HELP = """\
Search syntax
  rights council          both words (all words must match)
  "special envoy"         the exact phrase
  envoy OR ambassador     either word (OR, AND, NOT in capitals)
  rights NOT council      exclude a word; -council does the same
  (envoy OR ambassador) seoul
                          group with parentheses
  consult*  r?ghts        prefix and wildcards (the 200 most frequent matching words)
  turnr~  turnr~2         spelling-tolerant: 1 (default) or 2 letters off
  title:envoy             search one field: title, subtitle, body, publisher, author,
                          person, commitment, tag, note, language, file
  person:"Julie Turner"   a person named by extraction; person:Turner also works
  year:2024               publication year; date:2024-02-16 for one day
  date:[2023-11-01 to 2024-04-30]   a date range (date:>2023-12-31 also works);
                          a release dated only 2024 is in any range overlapping 2024
  starred:yes  bookmarked:yes  read:unread  tag:follow-up  commitment:pledge
Case and accents are ignored (Salmon finds Salmón); word endings are ignored
(consultations finds consultation). Korean: any two or more syllables find the words
that contain them (통일 finds 통일부); publishers can be searched by Korean name (외교부).
"""

# Fields whose clauses only select documents: cheaper as a filter than scored.
FILTER_FIELDS = frozenset({
    "date", "year", "language", "starred", "bookmarked", "read", "publisher_facet",
    "person_facet",
    "commitment", "tag", "id", "source",
})

# Filter keys accepted by SearchIndex.search(filters=…) -> field.
FILTER_KEYS: dict[str, str] = {
    "publisher": "publisher_facet", "person": "person_facet", "year": "year",
    "commitment": "commitment", "tag": "tag", "starred": "starred", "read": "read",
    "bookmarked": "bookmarked",
    "language": "language", "id": "id",
}

_TRUE = {"yes", "true", "1", "on", "y"}
_FALSE = {"no", "false", "0", "off", "n"}


@dataclass(slots=True)
class Sanitized:
    text: str
    notices: list[str] = field(default_factory=list)


_EMPTY_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\s|$|\)|\()")
_LONE_WILDCARD = re.compile(r"(?:(?<=\s)|^)[*?]+(?=\s|$|\))")
_DATE_CLAUSE = re.compile(r"\bdate:(?:\[[^\]]*\]?|\S+)", re.IGNORECASE)
_DATE_VALUE = re.compile(r"(?<![\w-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\w-])")
_OPEN_RANGE = re.compile(r"\[\s*\*\s+to\s+\*\s*\]", re.IGNORECASE)
_FIELD_NAME = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=[^\s)]|$)")
_FUZZY_DISTANCE = re.compile(r"(?<=\w)~(\d{2,}|[3-9])")
_FIELD_BOOL = re.compile(r"\b(starred|bookmarked|bookmark):(\S+)", re.IGNORECASE)


# Whoosh's parser takes time quadratic in a token's length (100,000 characters pasted in
# took two minutes); no real query comes near this.
MAX_QUERY_CHARS = 1000


def sanitize(text: str) -> Sanitized:
    """Repair what the parser would choke on or silently misread, saying what was done."""
    out = Sanitized(text.replace("\x00", " ").strip())
    s = out.text
    if len(s) > MAX_QUERY_CHARS:
        cut = s.rfind(" ", MAX_QUERY_CHARS // 2, MAX_QUERY_CHARS + 1)
        s = s[:cut if cut > 0 else MAX_QUERY_CHARS]
        out.notices.append(f"query shortened to its first {len(s):,} characters")
    if s.count('"') % 2:
        cut = s.rfind('"')
        # person:"Julie keeps its field: the quote goes, not the word's place after it.
        s = s[:cut] + ("" if s[cut - 1:cut] == ":" else " ") + s[cut + 1:]
        out.notices.append("unbalanced quote ignored")
    # Operators and brackets inside a phrase are literal text, so balance only outside.
    parts = s.split('"')
    # Whoosh reads [* to *] as the word '*'; an open range with one real bound parses.
    parts[0::2] = [_OPEN_RANGE.sub("[* to 9999]", p) for p in parts[0::2]]
    # Dates are indexed zero-padded: date:2020-7-1 is date:2020-07-01.
    parts[0::2] = [_DATE_CLAUSE.sub(lambda m: _DATE_VALUE.sub(_pad_date, m.group()), p)
                   for p in parts[0::2]]
    last = parts[-1] if len(parts) % 2 else ""
    if re.search(r"\w:\[[^\]]*$", last):  # date:[2023-11-01 to 2024-04-30
        parts[-1] = last.rstrip() + "]"
        out.notices.append("missing ] added")
    outside = "".join(parts[0::2])
    if outside.count("[") != outside.count("]") or outside.count("{") != outside.count("}"):
        parts[0::2] = [re.sub(r"[\[\]{}]", " ", p) for p in parts[0::2]]
        out.notices.append("unbalanced bracket ignored")
    fixed_parens, paren_fixed = _balance_parens(parts[0::2])
    if paren_fixed:
        parts[0::2] = fixed_parens
        out.notices.append("unbalanced parenthesis ignored")
    unknown: list[str] = []

    def drop_unknown(m: re.Match[str]) -> str:
        if m.group(1).lower() in FIELD_ALIASES:
            return m.group(1).lower() + ":"  # Title: is title:
        unknown.append(m.group(1))
        return ""

    parts[0::2] = [_FIELD_NAME.sub(drop_unknown, p) for p in parts[0::2]]
    if unknown:
        out.notices.append(f"unknown field {', '.join(dict.fromkeys(unknown))}: searched the words")
    s = '"'.join(parts)
    words = s.split()
    if words and not re.search(r'["()]', s) and all(
            w.startswith("-") and w[1:2].isalnum() for w in words):
        # '-council' alone: NOT is what was meant (the parser finds nothing to keep).
        s = " ".join("NOT " + w[1:] for w in words)
    stripped = _EMPTY_FIELD.sub(" ", s)
    if stripped != s:
        out.notices.append("field name with nothing after it ignored")
        s = stripped
    if s.strip().strip("*?") and _LONE_WILDCARD.search(s):
        s = _LONE_WILDCARD.sub(" ", s)
        out.notices.append("lone wildcard ignored")
    s = _FIELD_BOOL.sub(_bool_value, s)
    capped = _FUZZY_DISTANCE.sub(lambda m: f"~{min(int(m.group(1)), MAX_FUZZY_DISTANCE)}", s)
    if capped != s:
        out.notices.append(f"spelling tolerance is at most {MAX_FUZZY_DISTANCE} letters")
        s = capped
    if s.strip() and not s.strip().strip("*?"):  # '**' is '*'
        s = "*"
    out.text = " ".join(s.split())
    return out


def _pad_date(m: re.Match[str]) -> str:
    year, month, day = m.groups()
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def _bool_value(m: re.Match[str]) -> str:
    value = m.group(2).lower()
    if value in _TRUE:
        value = "yes"
    elif value in _FALSE:
        value = "no"
    return f"{m.group(1).lower()}:{value}"


def _balance_parens(chunks: list[str]) -> tuple[list[str], bool]:
    depth = 0
    changed = False
    result: list[str] = []
    for chunk in chunks:
        buf = []
        for ch in chunk:
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    changed = True
                    buf.append(" ")
                    continue
                depth -= 1
            buf.append(ch)
        result.append("".join(buf))
    if depth:
        changed = True
        result[-1] = result[-1] + ")" * depth
    return result, changed


@dataclass(slots=True)
class CompiledQuery:
    """A query ready to run: what to score, what to filter by, and what to tell the user."""

    text: str
    scored: wq.Query
    filter: wq.Query | None
    notices: list[str]
    match_all: bool = False  # the query was '*' or only filters

    @property
    def is_empty(self) -> bool:
        return _is_null(self.scored)


def make_parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema,
                                      fieldboosts={"title": TITLE_BOOST})
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # '-' and '+' are operators only at the start of a word: 'Yong-hyon' is one name.
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+",
                                              minusexpr=r"(?<![^\s(])-(?=\S)"))
    parser.add_plugin(qparser.GtLtPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, target in FIELD_ALIASES.items():
        if alias != target:
            aliases.setdefault(target, []).append(alias)
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    return parser


def _fallback_text(text: str) -> str:
    # Last resort when the parser still fails: plain words only.
    return " ".join(re.findall(r"[^\W_]+", text))


TermDocs = Callable[[str, str], frozenset[int]]
OffsetOf = Callable[[Any], tuple[int, int]]

# Expansions up to this size are scored term by term; larger ones become one
# constant-score clause (as Lucene rewrites prefix queries), which costs a set union
# instead of a Python-level merge of hundreds of posting lists.
SCORED_EXPANSION = 8


class TermSetQuery(wq.Query):
    """Documents holding any of ``terms`` in ``fieldname``, all scoring ``boost``.

    The matching documents are computed up front (a union of cached posting sets) and
    matched per segment from a sorted list.
    """

    def __init__(self, fieldname: str, terms: Sequence[str], docs: Iterable[int],
                 offset_of: OffsetOf, boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.terms_list = tuple(terms)
        self.sorted_docs = sorted(docs)
        self.offset_of = offset_of
        self.boost = boost

    def __repr__(self) -> str:
        return f"TermSetQuery({self.fieldname!r}, {len(self.terms_list)} terms)"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, TermSetQuery) and other.fieldname == self.fieldname
                and other.terms_list == self.terms_list)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.terms_list))

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.sorted_docs)

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        for t in self.terms_list:
            yield self.fieldname, t

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        from whoosh.matching import ListMatcher, NullMatcher

        start, count = self.offset_of(searcher)
        lo = bisect.bisect_left(self.sorted_docs, start)
        hi = bisect.bisect_left(self.sorted_docs, start + count)
        if lo >= hi:
            return NullMatcher()
        ids = [d - start for d in self.sorted_docs[lo:hi]]
        return ListMatcher(ids, all_weights=self.boost)


class QueryCompiler:
    """Parses and bounds queries against one reader generation (caches are per reader)."""

    def __init__(self, schema: Schema, reader: IndexReader, term_docs: TermDocs | None = None,
                 offset_of: OffsetOf | None = None) -> None:
        self.schema = schema
        self.reader = reader
        self.parser = make_parser(schema)
        self.term_docs = term_docs
        self.offset_of = offset_of
        self._by_initial: dict[tuple[str, str], dict[tuple[str, int], list[str]]] = {}
        self._lexicon: dict[str, list[str]] = {}

    # -- parsing -----------------------------------------------------------------------

    def compile(self, text: str, filters: Mapping[str, str | Sequence[str]] | None = None
                ) -> CompiledQuery:
        clean = sanitize(text)
        notices = list(clean.notices)
        if clean.text in ("*", "?"):
            parsed: wq.Query = wq.Every()
        else:
            try:
                parsed = self.parser.parse(clean.text)
            except Exception:  # any parser failure falls back to words
                notices.append("query syntax not understood; searched for the words")
                parsed = self.parser.parse(_fallback_text(clean.text))
        parsed = _required_nulls(self._bound(parsed, notices))
        scored, filt = _split_filters(parsed)
        extra = self._filters_query(filters)
        if extra is not None:
            filt = extra if filt is None else wq.And([filt, extra])
        match_all = False
        if scored is None or isinstance(scored, wq.Every):
            match_all = filt is not None or isinstance(scored, wq.Every)
            scored = wq.Every()
            if not match_all:
                scored = wq.NullQuery
        unmatched = [n for n in notices if n.startswith("no word in the archive")]
        if not _is_null(scored) or match_all:
            # A word may match in one field only (title or body): not worth a notice.
            notices = [n for n in notices if n not in unmatched]
        elif clean.text and not unmatched:
            notices.append("nothing searchable in the query")
        return CompiledQuery(clean.text, scored, filt, _dedupe(notices), match_all)

    def _filters_query(self, filters: Mapping[str, str | Sequence[str]] | None
                       ) -> wq.Query | None:
        if not filters:
            return None
        clauses: list[wq.Query] = []
        for key, value in filters.items():
            fieldname = FILTER_KEYS.get(key)
            if fieldname is None:
                continue
            values = [value] if isinstance(value, str) else list(value)
            terms: list[wq.Query] = []
            for v in values:
                v = str(v)
                if fieldname == "tag":
                    v = v.lower()
                elif fieldname in ("starred", "bookmarked"):
                    v = "yes" if v.lower() in _TRUE else "no"
                terms.append(wq.Term(fieldname, v))
            if terms:
                clauses.append(terms[0] if len(terms) == 1 else wq.Or(terms))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else wq.And(clauses)

    # -- bounded expansion -------------------------------------------------------------

    def _bound(self, q: wq.Query, notices: list[str]) -> wq.Query:
        if isinstance(q, wq.FuzzyTerm):
            return self._expand(q, self._fuzzy_terms(q), notices)
        if isinstance(q, wq.Prefix):
            return self._expand(q, self._prefix_terms(q.fieldname, q.text), notices)
        if isinstance(q, wq.Wildcard):
            return self._expand(q, self._wildcard_terms(q.fieldname, q.text), notices)
        if isinstance(q, (wq.Regex, wq.Variations)):
            return self._expand(q, self._wildcard_terms(q.fieldname, "*"), notices)
        if q.is_leaf():
            return q
        return q.apply(lambda child: self._bound(child, notices))

    def _expand(self, q: Any, candidates: Iterable[str], notices: list[str]) -> wq.Query:
        fieldname = q.fieldname
        found = list(dict.fromkeys(candidates))
        if len(found) > MAX_EXPANSION:
            df = self.reader.doc_frequency
            found.sort(key=lambda t: -df(fieldname, t))
            found = found[:MAX_EXPANSION]
            notices.append(f"'{_describe(q)}' matches many words; "
                           f"used the {MAX_EXPANSION} most frequent")
        if not found:
            notices.append(f"no word in the archive matches '{_describe(q)}'")
            return wq.NullQuery
        if len(found) > SCORED_EXPANSION and self.term_docs and self.offset_of:
            docs: set[int] = set()
            for t in found:
                docs |= self.term_docs(fieldname, t)
            return TermSetQuery(fieldname, found, docs, self.offset_of, q.boost)
        terms = [wq.Term(fieldname, t, boost=q.boost) for t in found]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    def _words(self, fieldname: str, prefix: str) -> Iterable[str]:
        if fieldname not in self.schema:
            return
        for btext in self.reader.expand_prefix(fieldname, prefix):
            yield btext.decode("utf-8")

    def _prefix_terms(self, fieldname: str, prefix: str) -> list[str]:
        prefix = fold(prefix)
        found = []
        for word in self._words(fieldname, prefix):
            found.append(word)
            if len(found) >= MAX_EXPANSION * 20:
                break
        if not has_cjk(prefix) and prefix.isalpha():
            # The index holds stems: 'consultat*' must also find 'consult' (consultation),
            # and 'consultation*' the stem of the whole word.
            stems = [prefix[:k] for k in range(len(prefix) - 1, max(3, len(prefix) - 4) - 1, -1)]
            for stem in dict.fromkeys([normalize_word(prefix), *stems]):
                if stem != prefix and self._has_term(fieldname, stem):
                    found.append(stem)
        return found

    def _has_term(self, fieldname: str, text: str) -> bool:
        try:
            return (fieldname, text) in self.reader
        except Exception:  # an unknown field simply has no terms
            return False

    def _wildcard_terms(self, fieldname: str, pattern: str) -> list[str]:
        pattern = fold(pattern)
        m = re.search(r"[*?]", pattern)
        fixed = pattern[:m.start()] if m else pattern
        regex = re.compile(
            "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
            + r"\Z", re.DOTALL)
        source = self._words(fieldname, fixed) if fixed else iter(self._all_terms(fieldname))
        found = []
        for word in source:
            if regex.match(word):
                found.append(word)
                if len(found) >= MAX_EXPANSION * 20:
                    return found
        if fixed and fieldname in PROSE_FIELDS:
            # 'r?ghts' is matched by the stem 'right' written with its ending. The stem
            # may be shorter than the pattern's fixed start ('consultations?').
            seen = set(found)
            for word in self._words(fieldname, fixed[:3]):
                if word not in seen and any(regex.match(word + e) for e in SURFACE_ENDINGS[1:]):
                    found.append(word)
                    if len(found) >= MAX_EXPANSION * 20:
                        break
        return found

    def _fuzzy_terms(self, q: wq.FuzzyTerm) -> list[str]:
        maxdist = max(0, min(int(q.maxdist), MAX_FUZZY_DISTANCE))
        raw = fold(q.text)
        wanted = sorted({raw, normalize_word(raw)}) if raw.isalpha() else [raw]
        endings = SURFACE_ENDINGS if raw.isalpha() and q.fieldname in PROSE_FIELDS else ("",)
        table = self.buckets(q.fieldname)
        found: dict[str, None] = {}
        for word in wanted:
            if not word:
                continue
            # Two edits anywhere in a word match too much and cost too much to look for;
            # like most spell-checkers, trust the first letters (two for ~2).
            keep = max(0, min(max(q.prefixlength, maxdist), len(word)))
            initials = [word[:1]] if keep else sorted({k[0] for k in table})
            for cand in close_stems(table, word, maxdist, keep, initials,
                                    endings if word == raw else ("",)):
                found.setdefault(cand, None)
        return list(found)

    def _all_terms(self, fieldname: str) -> list[str]:
        terms = self._lexicon.get(fieldname)
        if terms is None:
            terms = [b.decode("utf-8") for b in self.reader.lexicon(fieldname)] \
                if fieldname in self.schema else []
            self._lexicon[fieldname] = terms
        return terms

    def buckets(self, fieldname: str) -> dict[tuple[str, int], list[str]]:
        """The field's terms by (first letter, length): fuzzy matching looks at few."""
        table = self._by_initial.get((fieldname, ""))
        if table is None:
            table = {}
            for t in self._all_terms(fieldname):
                table.setdefault((t[:1], len(t)), []).append(t)
            self._by_initial[(fieldname, "")] = table
        return table


def close_stems(table: Mapping[tuple[str, int], Sequence[str]], word: str, maxdist: int,
                keep: int, initials: Iterable[str], endings: Sequence[str] = ("",)
                ) -> Iterator[str]:
    """Index terms (stems) within ``maxdist`` edits of ``word`` once written with one of
    ``endings``, from a (first letter, length) table of terms."""
    # In a match, the ending lines up with a tail of the word at most maxdist letters
    # longer or shorter, itself at most maxdist edits away: most endings drop out here.
    endings = [e for e in endings if not e or any(
        within_distance(word[len(word) - j:], e, maxdist)
        for j in range(max(0, len(e) - maxdist), min(len(word), len(e) + maxdist) + 1))]
    for initial in initials:
        for ending in endings:
            stem_length = len(word) - len(ending)
            if stem_length < 3 and ending:
                continue
            for length in range(stem_length - maxdist, stem_length + maxdist + 1):
                for cand in table.get((initial, length), ()):
                    if cand.startswith(word[:keep]) and within_distance(word, cand + ending, maxdist):
                        yield cand


def within_distance(a: str, b: str, maxdist: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``maxdist``.

    Strips the common prefix and suffix (string compares run in C), then tries the three
    edits at the first difference: at most 3**maxdist short branches, much faster in
    Python than a full table for the small distances fuzzy queries allow.
    """
    if a == b:
        return True
    if maxdist <= 0 or abs(len(a) - len(b)) > maxdist:
        return False
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and a[-1 - j] == b[-1 - j]:
        j += 1
    a = a[i:len(a) - j]
    b = b[i:len(b) - j]
    if not a or not b:
        return max(len(a), len(b)) <= maxdist
    d = maxdist - 1
    return (within_distance(a[1:], b[1:], d) or within_distance(a[1:], b, d)
            or within_distance(a, b[1:], d))


def _describe(q: Any) -> str:
    text = getattr(q, "text", "")
    if isinstance(q, wq.FuzzyTerm):
        return f"{text}~{q.maxdist}"
    if isinstance(q, wq.Prefix):
        return f"{text}*"
    return str(text)


def _required_nulls(q: wq.Query) -> wq.Query:
    """A required part that can match nothing makes its whole AND match nothing.

    Whoosh's normalising drops null parts from an AND as from an OR, so 'rights zzqx*'
    (no word starts with zzqx) found every release about rights.
    """
    if isinstance(q, wq.And):
        parts = [_required_nulls(p) for p in q.subqueries]
        if any(_is_null(p) for p in parts):
            return wq.NullQuery
        return q.__class__(parts, boost=q.boost)
    if isinstance(q, wq.AndNot):
        positive = _required_nulls(q.a)
        return wq.NullQuery if _is_null(positive) else wq.AndNot(positive, q.b)
    if isinstance(q, wq.AndMaybe):
        required = _required_nulls(q.a)
        return wq.NullQuery if _is_null(required) else wq.AndMaybe(required, q.b)
    if isinstance(q, wq.Or):
        parts = [p for p in (_required_nulls(p) for p in q.subqueries) if not _is_null(p)]
        return q.__class__(parts, boost=q.boost) if parts else wq.NullQuery
    return q


def _is_null(q: wq.Query) -> bool:
    return q is wq.NullQuery or type(q).__name__ == "_NullQuery"


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _is_filter_clause(q: wq.Query) -> bool:
    if isinstance(q, (wq.Term, wq.TermRange)):
        return getattr(q, "fieldname", None) in FILTER_FIELDS
    if isinstance(q, wq.Or):
        return all(_is_filter_clause(c) for c in q.subqueries)
    return False


def _split_filters(q: wq.Query) -> tuple[wq.Query | None, wq.Query | None]:
    """(scored part, filter part) of a parsed query; either may be None."""
    q = q.normalize()
    if _is_null(q):
        return q, None
    if _is_filter_clause(q):
        return None, q
    if isinstance(q, wq.And):
        keep = [c for c in q.subqueries if not _is_filter_clause(c)]
        filt = [c for c in q.subqueries if _is_filter_clause(c)]
        if filt:
            scored = None if not keep else keep[0] if len(keep) == 1 else wq.And(keep)
            return scored, filt[0] if len(filt) == 1 else wq.And(filt)
    return q, None


# -- what to highlight -------------------------------------------------------------------

PROSE_FIELDS = frozenset({"title", "text", "subtitle", "note"})
NAME_FIELDS = frozenset({"person", "author", "publisher"})


@dataclass(slots=True)
class Highlights:
    """Terms and phrases of a query, by analyzer family, that a text should light up on."""

    prose_terms: set[str] = field(default_factory=set)
    prose_phrases: list[tuple[str, ...]] = field(default_factory=list)
    name_terms: set[str] = field(default_factory=set)
    name_phrases: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.prose_terms or self.prose_phrases or self.name_terms
                    or self.name_phrases)


def highlights(q: wq.Query) -> Highlights:
    out = Highlights()
    _collect(q, out, negated=False)
    return out


def _collect(q: wq.Query, out: Highlights, negated: bool) -> None:
    if isinstance(q, wq.Not):
        return  # excluded words are never shown as hits
    if isinstance(q, wq.AndNot):
        _collect(q.a, out, negated)
        return
    fieldname = getattr(q, "fieldname", None)
    if isinstance(q, TermSetQuery):
        target = out.prose_terms if fieldname in PROSE_FIELDS else \
            out.name_terms if fieldname in NAME_FIELDS else None
        if target is not None:
            target.update(q.terms_list)
        return
    if isinstance(q, wq.Phrase):
        words = tuple(q.words)
        if fieldname in PROSE_FIELDS:
            out.prose_phrases.append(words)
        elif fieldname in NAME_FIELDS:
            out.name_phrases.append(words)
        return
    if isinstance(q, wq.Term) and not negated:
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        if fieldname in PROSE_FIELDS:
            out.prose_terms.add(text)
        elif fieldname in NAME_FIELDS:
            out.name_terms.add(text)
        return
    if not q.is_leaf():
        for child in q.children():
            _collect(child, out, negated)
