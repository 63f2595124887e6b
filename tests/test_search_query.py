"""Search: analysis, query language, malformed input, ranking, facets, snippets."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from viewer.search import IndexRecord, SearchIndex
from viewer.search.analysis import FIELD_GAP, analyze, text_analyzer
from viewer.search.query import QUERY_HELP, sanitize, within_distance

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


class FakeSource:
    """In-memory IndexSource test double."""

    def __init__(self, records: Sequence[IndexRecord]) -> None:
        self.recs = {r.doc_id: r for r in records}

    def fingerprints(self) -> dict[str, str]:
        return {k: r.fingerprint() for k, r in self.recs.items()}

    def records(self, doc_ids: Sequence[str]) -> Iterator[IndexRecord]:
        return (self.recs[i] for i in doc_ids if i in self.recs)


def rec(doc_id: str, title: str, body: str, **kw: object) -> IndexRecord:
    return IndexRecord(doc_id=doc_id, title=title, body=body, **kw)  # type: ignore[arg-type]


DOCS = [
    rec("d1", "Consultation on North Korean Human Rights",
        "The second consultation took place in Seoul. Julie Turner, Special Envoy, attended. "
        "Both sides agreed to hold further consultations next year.",
        publisher="Ministry of Foreign Affairs", date="2023-11-15",
        people=("Julie Turner",), commitment_kinds=("agreement",), tags=("follow-up",)),
    rec("d2", "Briefing on the unification roadmap",
        "The Ministry of Unification held a briefing. 통일부는 북한인권 보고서를 발간했다. "
        "Participants discussed abductees and detainees.",
        publisher="Ministry of Unification", date="2024-02-16", starred=True),
    rec("d3", "Statement by the Special Rapporteur",
        "Elizabeth Salmón, Special Rapporteur, visited Seoul and met families of abductees.",
        publisher="OHCHR", date="2023-06-01", people=("Elizabeth Salmón",),
        commitment_kinds=("pledge", "request")),
    rec("d4", "Vice Minister meets Special Envoy",
        "Vice Minister Kim Hong-kyun met Special Envoy Julie Turner to discuss accountability "
        "for human rights violations.",
        publisher="Ministry of Foreign Affairs", date="2024-10-12", people=("Julie Turner",),
        notes=("ask about the roadmap",)),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(tmp_path_factory.mktemp("search") / "index")
    report = ix.sync(FakeSource(DOCS))
    assert report.added == len(DOCS) and not report.errors
    yield ix
    ix.close()


def ids(ix: SearchIndex, q: str, **kw: object) -> list[str]:
    return [h.doc_id for h in ix.search(q, **kw).hits]  # type: ignore[arg-type]


def test_analysis_folds_stems_and_cuts_hangul_into_bigrams() -> None:
    terms = [t for t, *_ in analyze("Consultations SALMÓN 통일부는", text_analyzer())]
    assert terms == ["consult", "salmon", "통일", "일부", "부는"]
    # A field gap stops phrases running from one part into the next.
    toks = analyze(f"north{FIELD_GAP}korea", text_analyzer())
    assert toks[1][1] - toks[0][1] > 1


def test_stemming_folding_and_case(index: SearchIndex) -> None:
    assert set(ids(index, "consultations")) == {"d1"}
    assert ids(index, "Salmon") == ["d3"]
    assert ids(index, "SALMÓN") == ["d3"]


def test_hangul_publisher_alias_and_substrings(index: SearchIndex) -> None:
    assert ids(index, "통일부") == ["d2"]
    assert ids(index, "북한인권") == ["d2"]
    assert ids(index, "인권") == ["d2"]  # inside a longer word
    assert set(ids(index, "외교부")) == {"d1", "d4"}


def test_phrases_boolean_and_grouping(index: SearchIndex) -> None:
    assert set(ids(index, '"special envoy"')) == {"d1", "d4"}
    assert ids(index, '"envoy special"') == []
    assert set(ids(index, "abductees OR accountability")) == {"d2", "d3", "d4"}
    assert set(ids(index, "abductees -briefing")) == {"d3"}
    assert set(ids(index, "abductees NOT briefing")) == {"d3"}
    assert set(ids(index, "(briefing OR rapporteur) abductees")) == {"d2", "d3"}
    assert set(ids(index, "seoul abductees")) == {"d3"}


def test_prefix_wildcard_and_fuzzy(index: SearchIndex) -> None:
    assert set(ids(index, "consultat*")) == {"d1"}
    assert set(ids(index, "abduct*")) == {"d2", "d3"}
    assert set(ids(index, "rapp?rteur")) == {"d3"}
    assert set(ids(index, "turnr~")) == {"d1", "d4"}
    assert ids(index, "tunrer~") == []
    assert set(ids(index, "tunrer~2")) == {"d1", "d4"}


def test_field_queries(index: SearchIndex) -> None:
    assert set(ids(index, 'person:"Julie Turner"')) == {"d1", "d4"}
    assert set(ids(index, "person:Turner")) == {"d1", "d4"}
    assert ids(index, "title:briefing") == ["d2"]
    assert ids(index, "title:abductees") == []
    assert set(ids(index, "year:2024")) == {"d2", "d4"}
    assert set(ids(index, "date:[2023-11-01 to 2024-04-30]")) == {"d1", "d2"}
    assert set(ids(index, "date:>2024-01-01")) == {"d2", "d4"}
    assert ids(index, "starred:yes") == ["d2"]
    assert ids(index, "starred:true") == ["d2"]
    assert ids(index, "commitment:pledge") == ["d3"]
    assert ids(index, "tag:follow-up") == ["d1"]
    assert ids(index, "note:roadmap") == ["d4"]
    assert set(ids(index, "publisher:unification")) == {"d2"}
    assert set(ids(index, "body:detainees")) == {"d2"}


def test_filters_argument_and_date_sort(index: SearchIndex) -> None:
    r = index.search("special", filters={"publisher": "Ministry of Foreign Affairs"})
    assert {h.doc_id for h in r.hits} == {"d1", "d4"} and r.total == 2
    r = index.search("special", filters={"year": ["2023"]})
    assert {h.doc_id for h in r.hits} == {"d1", "d3"}
    assert ids(index, "special", sort="date") == ["d4", "d1", "d3"]


def test_facets_count_all_matches(index: SearchIndex) -> None:
    r = index.search("special", limit=1)
    assert r.total == 3 and len(r.hits) == 1
    assert dict(r.facets["publisher"]) == {"Ministry of Foreign Affairs": 2, "OHCHR": 1}
    assert dict(r.facets["year"]) == {"2024": 1, "2023": 2}
    assert dict(r.facets["person"]) == {"Julie Turner": 2, "Elizabeth Salmón": 1}
    assert dict(r.facets["commitment"]) == {"agreement": 1, "pledge": 1, "request": 1}
    assert dict(r.facets["tag"]) == {"follow-up": 1}


def test_snippets_mark_the_matched_words(index: SearchIndex) -> None:
    r = index.search("consultations seoul")
    hit = r.hits[0]
    marked = [hit.snippet[s:e].lower() for s, e in hit.snippet_marks]
    assert "consultation" in marked and "consultations" in marked and "seoul" in marked
    r = index.search("consultations", with_snippets=0)
    assert r.hits[0].snippet == ""


def test_match_ranges_follow_the_analyzers(index: SearchIndex) -> None:
    body = DOCS[1].body
    got = [body[s:e] for s, e in index.match_ranges('통일 "held a briefing" abduct*', body)]
    assert got == ["held a briefing", "통일", "abductees"]
    text = "Ms. Salmón met Mr. Salmon; consultation, CONSULTATIONS."
    got = [text[s:e] for s, e in index.match_ranges("salmon consultations -met", text)]
    assert got == ["Salmón", "Salmon", "consultation", "CONSULTATIONS"]


def test_did_you_mean(index: SearchIndex) -> None:
    r = index.search("rapporter")
    assert r.total == 0 and r.corrected == "rapporteur"
    assert index.search("rapporteur").corrected is None


@pytest.mark.parametrize("typed, meant", [
    ("consultaton", "consultation"),  # the index holds 'consult': a stem plus 'ation'
    ("accountabilty", "accountability"),
    ("abducteez", "abductees"),
    ("violatons", "violations"),
])
def test_did_you_mean_finds_words_whose_stem_is_far_from_what_was_typed(
        index: SearchIndex, typed: str, meant: str) -> None:
    assert index.search(typed).corrected == meant


def test_wildcards_and_fuzzy_terms_match_words_as_written_not_only_stems(
        index: SearchIndex) -> None:
    assert set(ids(index, "r?ghts")) == {"d1", "d4"}  # 'rights' is indexed as 'right'
    assert set(ids(index, "consultaton~")) == {"d1"}
    assert set(ids(index, "accountabilty~")) == {"d4"}
    assert ids(index, "famil?es") == ["d3"]  # 'families' -> 'famili' + 'es'
    assert ids(index, "r?ght") == ids(index, "r?ghts")
    assert ids(index, "zzz?ghts") == []


@pytest.mark.parametrize("query, notice", [
    ('"special envoy', "unbalanced quote"),
    ("(special OR envoy", "unbalanced parenthesis"),
    ("special)", "unbalanced parenthesis"),
    ("title:", "field name"),
    ("* special", "lone wildcard"),
    ("date:[2023", "missing ]"),
    ("special date:[2023-01-01 to 2024-12-31", "missing ]"),
    ("special ]", "unbalanced bracket"),
    ("publsher:special", "unknown field publsher"),
    ("special~99", "at most 2 letters"),
    ("zzqx*", "no word in the archive matches 'zzqx*'"),
])
def test_malformed_queries_search_something_sensible(index: SearchIndex, query: str,
                                                     notice: str) -> None:
    r = index.search(query)
    assert r.notice is not None and notice in r.notice
    if "special" in query:
        assert r.total >= 1


def test_repaired_queries_keep_what_the_user_meant(index: SearchIndex) -> None:
    assert set(ids(index, "date:[2023-11-01 to 2024-04-30")) == {"d1", "d2"}  # ']' added
    assert set(ids(index, 'person:"Julie')) == {"d1", "d4"}  # field kept
    assert set(ids(index, "date:[* to *]")) == {"d1", "d2", "d3", "d4"}
    assert set(ids(index, "date:[2024-01-01 to *]")) == {"d2", "d4"}
    assert set(ids(index, "turnr~9")) == set(ids(index, "turnr~2")) == {"d1", "d4"}
    assert len(ids(index, "**")) == len(ids(index, "*")) == len(DOCS)
    assert index.search("starred:maybe").corrected is None  # a value, not a word
    found = index.search("envoy OR zzqx*")
    assert found.total >= 1 and found.notice is None  # one part matched: nothing to say


def test_more_repairs_and_required_parts(index: SearchIndex) -> None:
    r = index.search("abductees zzqx*")  # a required word that matches nothing
    assert r.total == 0 and r.notice is not None and "zzqx*" in r.notice
    assert set(ids(index, "consultation*")) == set(ids(index, "consultations*")) == {"d1"}
    assert ids(index, "Title:briefing") == ["d2"]
    r = index.search('foo:"Julie Turner"')
    assert {h.doc_id for h in r.hits} == {"d1", "d4"} and "unknown field foo" in (r.notice or "")
    assert set(ids(index, "-abductees")) == set(ids(index, "NOT abductees")) == {"d1", "d4"}
    assert ids(index, "date:2024-2-16") == ids(index, "date:2024-02-16") == ["d2"]
    assert set(ids(index, "date:[2023-6-1 to 2023-11-15]")) == {"d1", "d3"}
    assert sanitize("report 2024-3").text == "report 2024-3"  # only dates of date: are padded
    assert sanitize('-"human -rights"').text == '-"human -rights"'  # phrases untouched


def test_sanitize_repairs() -> None:
    assert sanitize('"a b').text == "a b"
    assert sanitize("(((x").text == "(((x)))"
    assert sanitize("title: x").text == "x"
    assert sanitize('"keep (this" y').notices == []


def test_pasted_walls_of_text_are_shortened_before_parsing(index: SearchIndex) -> None:
    from viewer.search.query import MAX_QUERY_CHARS

    one_token = sanitize("x" * 100_000)
    assert len(one_token.text) == MAX_QUERY_CHARS and "shortened" in one_token.notices[0]
    words = sanitize("special envoy " * 5000)
    assert len(words.text) <= MAX_QUERY_CHARS and words.text.endswith("envoy")
    r = index.search("special envoy " * 5000)
    assert r.total >= 1 and r.notice is not None and "shortened" in r.notice
    assert index.match_ranges("x" * 100_000, "some text") == []


def test_random_queries_never_raise(index: SearchIndex) -> None:
    rng = random.Random(1234)
    alphabet = [*'abc xyz"()*?~:-+^[]{}\\/!ANDORNOT 통일부 é', "AND", "OR", "NOT", "title:",
                "date:[", " to ", "]", "person:", "~2", "year:"]
    for _ in range(400):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        r = index.search(q, limit=5)
        assert r.total >= len(r.hits)
        index.match_ranges(q, DOCS[0].body)


def test_edit_distance() -> None:
    assert within_distance("kitten", "sitting", 3)
    assert not within_distance("kitten", "sitting", 2)
    assert within_distance("turnr", "turner", 1)


def test_help_text_documents_the_syntax() -> None:
    for word in ('"', " OR ", "NOT", "*", "~", "title:", 'person:"Julie Turner"', "year:",
                 "date:[", "통일"):
        assert word in QUERY_HELP


def test_time_limit_flags_partial(index: SearchIndex) -> None:
    r = index.search("special OR envoy", time_limit=1e-9)
    assert r.partial


@pytest.mark.skipif(not CORPUS.is_dir(), reason="bundled corpus not present")
def test_bundled_corpus_korean_publisher(tmp_path: Path) -> None:
    ingest = pytest.importorskip("viewer.ingest")
    docs = [ingest.ingest_file(p) for p in sorted(CORPUS.glob("*.txt"))]
    unification = [d.id for d in docs if d.publisher and "Unification" in d.publisher]
    assert unification
    ix = SearchIndex(tmp_path / "index")
    ix.sync(FakeSource([IndexRecord.build(d, None, None) for d in docs]))
    assert [h.doc_id for h in ix.search("통일부").hits] == unification
    assert ix.search("consultations").total >= 2
    ix.close()


def test_partial_dates_cover_their_period(index: SearchIndex) -> None:
    assert set(ids(index, "date:[2023 to 2023]")) == {"d1", "d3"}
    assert set(ids(index, "date:>2023")) == {"d2", "d4"}
    assert set(ids(index, "date:<2024")) == {"d1", "d3"}


def test_quick_highlighting_agrees_with_the_full_scan() -> None:
    from viewer.search.query import Highlights
    from viewer.search.results import _quick_ranges, _ranges_for, merge_ranges

    rng = random.Random(7)
    words = ["Ministry", "ministries", "agreed", "agreement", "Salmón", "salmon", "U.S.",
             "rights", "righteous", "korea's", "Korean", "consultations", "the", "a",
             "study", "studies", "éclair", "eclairs", "2024", "x"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(30))
        terms = {t for t, *_ in analyze(" ".join(rng.sample(words, 3)), text_analyzer())}
        wanted = Highlights(prose_terms=terms)
        quick = _quick_ranges(text, wanted)
        full = merge_ranges(_ranges_for(text, True, terms, []))
        if quick is not None:
            assert merge_ranges(quick) == full, (text, terms)


def test_own_ranking_matches_whoosh_bm25f(index: SearchIndex) -> None:
    gen = index._generation()
    assert gen is not None
    for q in ["abductees seoul", "special OR envoy", "rights -briefing", "title:special seoul"]:
        cq = gen.compiler.compile(q)
        matched = gen.docset(cq.scored, float("inf"))
        mine = gen.scores(cq.scored, matched, float("inf"))
        theirs = {h.docnum: h.score for h in gen.searcher.search(cq.scored, limit=None)}
        assert set(theirs) == set(matched), q
        for docnum, score in theirs.items():
            assert mine.get(docnum, 0.0) == pytest.approx(score, rel=1e-9), q


def test_large_expansions_are_bounded_and_constant_scored(tmp_path: Path) -> None:
    stems = [f"rocket{i:03d}" for i in range(225)]
    docs = [rec(f"r{i}", f"Launch {i}", f"The {stems[i]} flew. Seoul.", date="2024-01-01")
            for i in range(len(stems))]
    ix = SearchIndex(tmp_path / "index")
    ix.sync(FakeSource(docs))
    r = ix.search("rocket*", limit=5)
    assert r.total == 200 and r.notice and "200" in r.notice
    assert ix.search("rocket0* seoul").total == 100
    text = "A rocket007 and a rocket300."
    assert [text[s:e] for s, e in ix.match_ranges("rocket0*", text)] == ["rocket007"]
    ix.close()


def test_own_phrase_matching_agrees_with_whoosh(tmp_path: Path) -> None:
    from whoosh import query as wq

    rng = random.Random(3)
    vocab = ["north", "korea", "human", "rights", "envoy", "special", "the", "of", "통일부는",
             "북한인권", "Salmón", "seoul", "talks"]
    docs = [rec(f"p{i}", "t", " ".join(rng.choice(vocab) for _ in range(40)))
            for i in range(60)]
    ix = SearchIndex(tmp_path / "index")
    ix.sync(FakeSource(docs))
    gen = ix._generation()
    assert gen is not None
    found = 0
    for _ in range(40):
        words = " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 3)))
        q = gen.compiler.compile(f'body:"{words}"').scored
        phrases = [c for c in [q, *q.children()] if isinstance(c, wq.Phrase)] if not \
            q.is_leaf() else [q]
        for phrase in (p for p in phrases if isinstance(p, wq.Phrase)):
            mine = set(gen.phrase_freqs(phrase, float("inf")))
            theirs = set(gen.searcher.docs_for_query(phrase))
            assert mine == theirs, words
            found += bool(theirs)
    assert found >= 10
    ix.close()


def test_a_release_dated_only_to_the_year_or_month_is_in_every_range_it_overlaps(
        tmp_path: Path) -> None:
    dates = {"y": "2024", "m": "2024-07", "d": "2024-07-15", "before": "2023-12-31",
             "after": "2025-01-01"}
    ix = SearchIndex(tmp_path / "index")

    class Source:
        def __init__(self) -> None:
            self.recs = {k: IndexRecord(doc_id=k, title="release", body="envoy", date=v)
                         for k, v in dates.items()}

        def fingerprints(self) -> dict[str, str]:
            return {k: r.fingerprint() for k, r in self.recs.items()}

        def records(self, ids: Sequence[str]) -> Iterator[IndexRecord]:
            return (self.recs[i] for i in ids)

    ix.sync(Source())

    def found(query: str) -> set[str]:
        return {h.doc_id for h in ix.search(f"envoy {query}", limit=20).hits}

    assert found("date:[2024-01-01 to 2024-12-31]") == {"y", "m", "d"}
    assert found("date:[2024-07-01 to 2024-07-31]") == {"y", "m", "d"}
    assert found("date:[2024-03-01 to 2024-03-31]") == {"y"}  # the month is not known
    assert found("date:[2023-11-01 to 2024-04-30]") == {"before", "y"}
    assert found("date:<2024-01-01") == {"before"}
    assert found("date:>2024") == {"after"}
    assert found("date:[2024 to 2024]") == {"y", "m", "d"}
    assert found("date:[2025-01-01 to 2025-12-31]") == {"after"}
    ix.close()


def test_reader_caches_stay_within_their_budget() -> None:
    from viewer.search.reader import BudgetCache

    cache: BudgetCache[str] = BudgetCache(budget=10)
    cache.put(("text", "a"), "A", 6)
    cache.put(("text", "b"), "B", 4)
    assert cache.get(("text", "a")) == "A" and cache.get(("text", "b")) == "B"
    cache.put(("text", "c"), "C", 1)  # over budget: everything older goes
    assert cache.get(("text", "a")) is None and cache.get(("text", "c")) == "C"
