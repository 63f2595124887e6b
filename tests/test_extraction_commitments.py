"""Commitment rules: triggers and kinds, clause cuts, actors, and what only describes."""

from __future__ import annotations

import pytest

from viewer.documents import Document, join_blocks
from viewer.entities import Commitment
from viewer.extraction import Extractor
from viewer.extraction.sentences import sentence_spans


def make_doc(body: str, title: str = "", subtitle: str | None = None) -> Document:
    text, blocks = join_blocks([(p, "paragraph", "", 0) for p in body.split("\n\n")])
    return Document(id="t", source_name="t.txt", source_path="t.txt", format="txt", title=title, body=text,
                    blocks=blocks, subtitle=subtitle, date="2024-07-15", date_text="2024-07-15")


def commitments(body: str, **kw: str) -> list[Commitment]:
    return list(Extractor().extract(make_doc(body, **kw)).commitments)


@pytest.mark.parametrize("sentence,text,kind", [
    ("Both sides agreed that the situation has worsened.", None, "agreement"),
    ("They agreed on the need for more cooperation.", None, "agreement"),
    ("The two ministers concurred that pressure must continue.", None, "agreement"),
    ("They also decided to continue urging North Korea to comply.", None, "agreement"),
    ("The Ministry reaffirms its commitment to working closely with partners.", None, "pledge"),
    ("The United States remains steadfast in its commitment to advancing human rights.", None, "pledge"),
    ("The leaders committed to deepening trilateral cooperation.", None, "pledge"),
    ("The ROK will continue its efforts to achieve peace.", None, "pledge"),
    ("Salmón will meet government officials and civil society.", None, "plan"),
    ("Based on this meeting, both countries plan to push for the next meeting.",
     "both countries plan to push for the next meeting.", "plan"),
    ("In doing so, we intend to increase our joint efforts.", "we intend to increase our joint "
                                                              "efforts.", "plan"),
    ("Minister Yun asked the Ambassador to do his best.", None, "request"),
    ("He called for joint efforts between the ROK and the U.S.", None, "request"),
    ("The EU calls on the DPRK to engage with the UN system.", None, "request"),
    ("He suggested that the two sides continue to explore pathways.", None, "request"),
    ("Vice Minister Cho expressed hope that the U.S. Congress would swiftly approve the Act.", None,
     "request"),
    ("We urge the DPRK to provide information immediately.", None, "request"),
    ("Turner said, “Let’s continue to closely coordinate our measures.”",
     "“Let’s continue to closely coordinate our measures.”", "request"),
    ("The groups said on Monday they would keep sending leaflets across the border.", None, "pledge"),
    ("The Organization stood ready to support any genuine effort.", None, "pledge"),
    ("The Ministry of Unification should lift these restrictions immediately.", None, "request"),
    ("I ask all citizens to welcome our neighbours.", None, "request"),
    ("Japan requests the immediate return of all abductees.", None, "request"),
    ("The government must put human rights at the center of its policy.", None, "request"),
])
def test_triggers(sentence: str, text: str | None, kind: str) -> None:
    found = commitments(sentence)
    assert [(c.text, c.kind) for c in found] == [(text or sentence, kind)]


@pytest.mark.parametrize("sentence", [
    "He highlighted that close cooperation is essential.",
    "Vice Minister Cho emphasized the importance of accountability.",
    "The two sides discussed in depth a wide range of ways.",
    "Both the ROK and the U.S. noted with appreciation that the briefing was held.",
    "He also voiced hope that the ROK-US Consultations will contribute to cooperation.",
    "The new administration is expected to work closely with the ROK.",
    "The issue will be covered in the resolution, which will be adopted in November.",
    "They reaffirmed that improving the situation is integral to peace.",
    "They discussed the issue of abductees agreed upon at the summit in April.",
    "It will be the third such meeting.",
    "An interactive dialogue will follow on 19 March.",
    "For more information and media requests, please contact the press office.",
    "The Ministry expresses regret over North Korea’s attitude.",
    "The two sides took advantage of the meeting to mull over the measures they should take together.",
    "North Korea has not responded to similar requests since 2018.",
    "“These findings should shock the conscience of the world,” said the High Commissioner.",
])
def test_not_commitments(sentence: str) -> None:
    assert commitments(sentence) == []


def test_speaker_it_in_reported_speech() -> None:
    found = commitments("Body.", title="US says it will keep pressing North Korea on abductees")
    assert [(c.kind, c.field) for c in found] == [("pledge", "title")]
    assert commitments("It will be a long process, and it will take years.") == []


def test_headline_infinitive_is_a_plan() -> None:
    found = commitments("Body.", title="Seoul to host international conference on abductees next month")
    assert [(c.text, c.kind, c.actor) for c in found] == [
        ("Seoul to host international conference on abductees next month", "plan", "Seoul")]
    assert commitments("Body.", title="UN expert on human rights in DPRK to visit South Korea") == []


def test_two_commitments_in_one_sentence_are_cut_apart() -> None:
    found = commitments("He also mentioned that, despite North Korea’s moves, the ROK will continue "
                        "its efforts "
                        "for peace, and requested continued interest and support from the U.S.")
    assert [(c.text, c.kind) for c in found] == [
        ("the ROK will continue its efforts for peace", "pledge"),
        ("requested continued interest and support from the U.S.", "request"),
    ]


def test_agreed_and_suggested_is_one_request() -> None:
    found = commitments("Special Envoy Turner agreed and suggested redoubling efforts to expand engagement.")
    assert [(c.kind, c.text.split()[0]) for c in found] == [("request", "Special")]


def test_relative_clause_is_cut_off() -> None:
    found = commitments("Cho expressed hope that the U.S. Congress would approve the Act of 2023, "
                        "which reflects "
                        "the U.S.’ commitment to promoting human rights.")
    assert found[0].text == "Cho expressed hope that the U.S. Congress would approve the Act of 2023"
    assert len(found) == 1


def test_participle_clauses_in_titles_and_sentences() -> None:
    found = commitments("Upon reaffirming a shared commitment to the resolution of the issues "
                        "during the summit, "
                        "the Ministry established a team.",
                        title="Spokesperson’s Statement Urging the North to Resolve Issues of "
                              "Abductees, Detainees")
    assert [(c.field, c.text, c.kind) for c in found] == [
        ("title", "Urging the North to Resolve Issues of Abductees, Detainees", "request"),
        ("body", "reaffirming a shared commitment to the resolution of the issues during the summit",
         "pledge"),
    ]
    assert found[1].actor == "the Ministry"


def test_actors() -> None:
    found = commitments("Deputy Minister for Human Rights Kang Jong-suk met the envoys. He asked "
                        "countries for "
                        "their cooperation.\n\nThe Republic of Korea and the United States held talks. "
                        "The two sides agreed to continue discussions.")
    assert [c.actor for c in found] == ["Kang Jong-suk", "ROK and U.S."]


def test_spans_point_into_the_field() -> None:
    doc = make_doc("In particular, Deputy Minister Kang asked countries for their interest. "
                   "Moreover, the two "
                   "sides agreed to continue working-level discussions.", subtitle="- Affirming "
                                                                                   "Commitment to "
                   "Cooperation on Accountability -")
    for c in Extractor().extract(doc).commitments:
        assert doc.field_text(c.field)[c.start:c.end] == c.text


@pytest.mark.parametrize("text,count", [
    ("He met them. He left.", 2),
    ("support from the U.S. He also stressed it.", 2),
    ("Secretary of State Antony J. Blinken met Mr. Kim in N. Korea on Sept. 2.", 1),
    ("It ended.\nThen it began.", 2),
])
def test_sentences(text: str, count: int) -> None:
    assert len(sentence_spans(text)) == count
