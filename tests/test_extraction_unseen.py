"""Rules added after scoring the extractor on releases written in layouts it had not seen
(State readouts, joint statements, UN meetings coverage, OHCHR, Yonhap, MOFA '□/o' releases).
Each case is the smallest sentence that failed before its rule."""

from __future__ import annotations

import pytest

from viewer.documents import Document, join_blocks
from viewer.entities import Extraction
from viewer.extraction import Extractor
from viewer.extraction.dates import Ref, find_dates, resolve


def extract(body: str, title: str = "", date: str = "2024-07-15") -> Extraction:
    text, blocks = join_blocks([(p, "paragraph", "", 0) for p in body.split("\n\n")])
    doc = Document(id="t", source_name="t.txt", source_path="t.txt", format="txt", title=title, body=text,
                   blocks=blocks, date=date, date_text=date)
    return Extractor().extract(doc)


def dates(text: str, ref: str = "2024-07-15") -> list[tuple[str, str | None]]:
    return [(raw.text, value) for raw, value in resolve(find_dates(text), Ref.parse(ref))]


# 2024-07-15 is a Monday.
@pytest.mark.parametrize("text,expected", [
    ("a state-run think tank said Tuesday, as", ("Tuesday", "2024-07-09")),
    ("the ministry said Monday.", ("Monday", "2024-07-15")),
    ("KINU will hold a seminar on the findings on Friday.", ("Friday", "2024-07-19")),
    ("South Korea will host a forum, the ministry said Friday.", ("Friday", "2024-07-12")),
    ("They met last Monday.", ("last Monday", "2024-07-08")),
    ("They meet next Wednesday.", ("next Wednesday", "2024-07-17")),
    ("a briefing held on June 12 last year", ("June 12 last year", "2023-06-12")),
    ("talks on March 3 of the same year", ("March 3 of the same year", None)),
])
def test_new_date_forms(text: str, expected: tuple[str, str | None]) -> None:
    assert dates(text) == [expected]


@pytest.mark.parametrize("text", [
    "On Thursday afternoon, February 15, the Ministry held a briefing.",
    "on Friday, July 12, the envoy",
    "the morning of July 11 (Thursday)",
])
def test_a_weekday_beside_its_date_is_not_a_second_date(text: str) -> None:
    found = dates(text)
    assert len(found) == 1 and found[0][0] not in ("Thursday", "Friday"), found


def test_people_in_un_and_ohchr_layouts() -> None:
    ext = extract("Kim Song, representative of the Democratic People's Republic of Korea, rejected the "
                  "meeting. Linda Thomas-Greenfield, representative of the United States, spoke.\n\n"
                  "The UN Special Rapporteur on the situation of human rights in the DPRK, Mr. Tomás Ojea "
                  "Quintana, urged the authorities to act. Mr. Ojea Quintana said so.")
    got = {p.name: (list(p.surface_forms), p.roles) for p in ext.people}
    assert got["Kim Song"][1] == ("representative of the Democratic People's Republic of Korea",)
    assert got["Linda Thomas-Greenfield"][1] == ("representative of the United States",)
    forms, roles = got["Tomás Ojea Quintana"]
    assert "Ojea Quintana" in forms
    assert roles == ("UN Special Rapporteur on the situation of human rights in the DPRK",)
    assert len(ext.people) == 3


def test_initialism_stays_in_role_before_name() -> None:
    ext = extract("The Ambassador met U.S. Special Envoy for North Korean Human Rights Issues Julie Turner "
                  "in Seoul.")
    assert [p.roles for p in ext.people] == [("U.S. Special Envoy for North Korean Human Rights Issues",)]


def _commitments(body: str, title: str = "") -> list[tuple[str, str, str]]:
    return [(c.text, c.kind, c.actor) for c in extract(body, title).commitments]


def test_and_said_opens_the_reported_pledge() -> None:
    got = _commitments("Minister Kim Yung-ho explained the Government's efforts to raise awareness, "
                       "including the publication of the report, and said the Ministry will continue to "
                       "expand its cooperation with the international community.")
    assert got == [("said the Ministry will continue to expand its cooperation with the international "
                    "community.", "pledge", "the Ministry")]


def test_reported_would_after_a_named_subject() -> None:
    got = _commitments("Special Envoy Julie Turner said that Washington would keep pressing Pyongyang to "
                       "grant access. Hwang Joon-kook said Seoul would submit a draft resolution "
                       "this autumn.")
    assert [k for _, k, _ in got] == ["pledge", "plan"]
    assert "would keep pressing Pyongyang" in got[0][0] and got[1][0].endswith("this autumn.")


def test_and_that_continues_a_reported_clause() -> None:
    got = _commitments("The representative of Japan said abductions remain an urgent issue and that Tokyo "
                       "will continue to work with the international community to bring all abductees home.")
    assert got == [("Tokyo will continue to work with the international community to bring all abductees "
                    "home.", "pledge", "Tokyo")]


def test_subordinate_clause_has_its_own_subject() -> None:
    got = _commitments("The situation is inseparable from peace, the Council heard today, as speakers urged "
                       "Pyongyang to end forced labour.")
    assert got == [("speakers urged Pyongyang to end forced labour.", "request", "speakers")]


def test_group_actors_come_from_the_governments_named() -> None:
    got = _commitments("Deputy Secretary Kurt M. Campbell met First Vice Foreign Minister Kim Hong-kyun for "
                       "the U.S.-ROK Strategic Dialogue, and discussed trilateral cooperation with Japan. "
                       "The two officials agreed to hold the next Strategic Dialogue in Seoul.",
                       title="Deputy Secretary Campbell's Meeting with Republic of Korea First Vice Minister")
    assert got[-1][1:] == ("agreement", "ROK and U.S.")
    joint = _commitments("We, the Foreign Ministers of Australia, Japan, the Republic of Korea, and the "
                         "United States, met in New York. We commit to working together to promote "
                         "accountability. The Ministers decided to convene a senior officials' meeting.")
    assert joint[0][2] == "Australia, Japan, ROK and U.S."
    assert joint[1][1] == "agreement"


def test_pronouns_and_quotes_name_the_subject_not_the_last_name_seen() -> None:
    got = _commitments("The Special Rapporteur on the situation of human rights in the DPRK, Mr. Tomás Ojea "
                       "Quintana, met families. Kim Kuk-gi and Choe Chun-gil were detained in late 2014.\n\n"
                       "The Special Rapporteur also welcomed the new law. He will present his next report in "
                       "March 2017. \"I intend to continue engaging with all stakeholders,\" he said.")
    assert [a for _, _, a in got] == ["Tomás Ojea Quintana", "Tomás Ojea Quintana"]


def test_family_names_standing_alone() -> None:
    ext = extract("Ms. KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, held a meeting with H.E. Mr. "
                  "CHO Tae-yul. Minister KAMIKAWA welcomed Minister CHO's visit.\n\nMinistry spokesperson "
                  "Koo Byoung-sam spoke. \"We urge North Korea to release our nationals,\" Koo said.")
    got = {p.name: (tuple(p.surface_forms), p.roles) for p in ext.people}
    assert got["KAMIKAWA Yoko"][0] == ("KAMIKAWA Yoko", "KAMIKAWA")
    assert got["CHO Tae-yul"][0] == ("CHO Tae-yul", "CHO")
    assert got["Koo Byoung-sam"] == (("Koo Byoung-sam", "Koo"), ("Ministry spokesperson",))
    assert [c.actor for c in ext.commitments] == ["Koo Byoung-sam"]


def test_a_shared_family_name_alone_is_left_unassigned() -> None:
    ext = extract("Kim Yung-ho met Kim Soo-kyung. Kim said the talks went well.")
    assert all(list(p.surface_forms) == [p.name] for p in ext.people)


def test_a_clause_before_a_name_is_not_its_role() -> None:
    ext = extract("The EU calls upon the DPRK to cooperate fully with the UN Special Rapporteur, Ms. "
                  "Elizabeth Salmón, and to allow her to visit the country.")
    assert [(p.name, p.roles) for p in ext.people] == [("Elizabeth Salmón", ())]


def test_statement_and_resolution_phrasings() -> None:
    got = _commitments("Minister KAMIKAWA Yoko sought understanding and continued cooperation toward the "
                       "resolution of the abductions issue. She sought to improve ties.\n\n"
                       "By the text, the Assembly would urge the Government to close the camps. It would "
                       "also request the Secretary-General to submit a report.\n\n"
                       "The EU remains committed to critical engagement. It will continue to lead the annual "
                       "resolution. It will be adopted soon.\n\n"
                       "Speaking in explanation of position, the representative of China called for "
                       "dialogue.")
    assert [(k, a) for _, k, a in got] == [
        ("request", "KAMIKAWA Yoko"), ("request", "the Assembly"), ("request", "the Assembly"),
        ("pledge", "The EU"), ("pledge", "The EU"), ("request", "the representative of China")]


@pytest.mark.parametrize("title,actor", [
    ("China: Stop forced returns of North Koreans after hundreds sent back", "China"),
    ("Release detained South Korean missionaries now", ""),
])
def test_advocacy_headlines_demand(title: str, actor: str) -> None:
    assert _commitments("The group published a report.", title=title) == [(title, "request", actor)]


def test_news_headlines_that_only_report_are_not_demands() -> None:
    assert _commitments("The group published a report.", title="Stopping forced returns: a report") == []


def test_peers_are_named_by_title_and_seat() -> None:
    ext = extract("Lord Ahmad of Wimbledon raised the issue with the Chinese Ambassador. Lord Ahmad spoke.")
    assert [p.name for p in ext.people] == ["Lord Ahmad of Wimbledon"]


def test_the_past_year() -> None:
    assert dates("interviewed 80 escapees in the past year") == [("the past year", "2023")]


def test_wire_lead_clause_starts_after_the_dateline_and_ends_before_as() -> None:
    got = _commitments("SEOUL, Aug. 15 (Yonhap) -- President Yoon Suk Yeol on Thursday proposed setting up a "
                       "dialogue council, as he unveiled a new doctrine.\n\n"
                       "\"I propose that the North and the South establish a consultative body,\" Yoon said.")
    assert got[0] == ("President Yoon Suk Yeol on Thursday proposed setting up a dialogue council", "request",
                      "Yoon Suk Yeol")
    assert got[1][0].startswith("\"I propose that") and got[1][2] == "Yoon Suk Yeol"


def test_will_and_will_with_one_subject_is_one_pledge() -> None:
    got = _commitments("Yoon said his government will actively support defectors and will work to improve "
                       "access to outside information.")
    assert got == [("his government will actively support defectors and will work to improve access to "
                    "outside information.", "pledge", "his government")]


def test_clauses_joined_to_their_own_subjects() -> None:
    got = _commitments("Germany has co-sponsored this resolution every year, and we will continue to do "
                       "so.\n\n"
                       "The families' association will hold a memorial service on Dec. 10, and has asked the "
                       "ministry to invite foreign envoys.\n\n"
                       "Lee met Unification Minister Kim Yung-ho, who promised that the ministry would set "
                       "up an exhibition.\n\n"
                       "The Council adopted a resolution, in which it decided to extend the mandate.")
    assert got == [
        ("we will continue to do so.", "pledge", "Germany"),
        ("The families' association will hold a memorial service on Dec. 10", "plan",
         "The families' association"),
        ("asked the ministry to invite foreign envoys.", "request", "The families' association"),
        ("promised that the ministry would set up an exhibition.", "pledge", "Kim Yung-ho"),
        ("it decided to extend the mandate.", "agreement", "The Council")]


def test_headline_verbs_after_a_title_are_no_name() -> None:
    ext = extract("The Vice Minister spoke in Geneva.",
                  title="Vice Foreign Minister Delivers Keynote Speech at the Human Rights Council")
    assert ext.people == ()


def test_parenthetical_before_will_and_the_two_after_and() -> None:
    got = _commitments("He added that the Government of the Republic of Korea, as a member of the Council, "
                       "will continue to play a leading role.\n\n"
                       "Vice Minister Kim Hong-kyun met with High Commissioner Volker Türk and the two "
                       "agreed to continue close cooperation.")
    assert got == [
        ("the Government of the Republic of Korea, as a member of the Council, will continue to play a "
         "leading role.", "pledge", "the Government of the Republic of Korea"),
        ("the two agreed to continue close cooperation.", "agreement",
         "Kim Hong-kyun and Volker Türk")]


def test_reuters_dateline_and_many_signatories() -> None:
    got = _commitments("SEOUL, Sept 30 (Reuters) - South Korea and the United States will step up joint "
                       "efforts to press North Korea.")
    assert got[0][0].startswith("South Korea and the United States will")
    joint = _commitments("The statement was issued by Australia, Canada, France, Germany, Japan, New "
                         "Zealand, the Republic of Korea, the United Kingdom and the United States.\n\n"
                         "We urge the DPRK to end these violations.")
    assert joint[0][2] == "Australia, Canada, France, Germany, Japan, New Zealand, ROK, UK and U.S."


def test_briefing_and_conclusions_phrasings() -> None:
    got = _commitments(
        "Question: Will the Foreign Minister meet with the families?\n\n"
        "We strongly demand that North Korea return all abductees immediately.\n\n"
        "Minister IWAYA Takeshi met the families and promised to do his utmost to bring them home.\n\n"
        "The Council invites the High Representative to continue to raise the situation.\n\n"
        "The EU will keep its measures under review and stands ready to adopt further measures.\n\n"
        "Choe Son Hui said in a statement carried by state media on Monday that Pyongyang would never "
        "abandon its nuclear weapons.")
    assert [(t.split()[0], k) for t, k, _ in got] == [
        ("We", "request"), ("promised", "pledge"), ("The", "request"), ("The", "pledge"),
        ("Pyongyang", "pledge")]
    assert got[3][0].endswith("stands ready to adopt further measures.")


def test_the_dprk_and_north_korea_are_not_the_rok() -> None:
    got = _commitments("We are troubled by returns to the Democratic People's Republic of Korea and North "
                       "Korea. We urge China to halt all forced returns.")
    assert got[0][2] != "ROK"


def test_this_weekend_and_a_figurative_tomorrow() -> None:
    assert dates("as early as this weekend") == [("this weekend", "2024-07")]
    assert dates("evidence for the accountability processes of tomorrow") == []


def test_future_weekday_on_the_day_itself() -> None:
    # 2024-07-15 is a Monday: 'on Monday' in a future clause is that day, 'next Monday' a week on.
    assert dates("Yoon will address Congress on Monday.") == [("Monday", "2024-07-15")]
    assert dates("They meet next Monday.") == [("next Monday", "2024-07-22")]


def test_courtesy_would_is_no_commitment() -> None:
    assert _commitments("Biden said the United States would welcome Yoon's state visit.") == []


@pytest.mark.parametrize("body,role", [
    ("He met Julie Turner, U.S. State Department Special Envoy for North Korean Human Rights in Washington, "
     "DC, on the 15th.", "U.S. State Department Special Envoy for North Korean Human Rights"),
    ("Signe Poulsen, head of the UN Human Rights Office in Seoul, spoke.",
     "head of the UN Human Rights Office in Seoul"),
])
def test_a_meeting_place_is_no_part_of_a_role(body: str, role: str) -> None:
    assert [p.roles for p in extract(body).people] == [(role,)]


def test_generation_suffix_and_instructions() -> None:
    ext = extract("President Joseph R. Biden, Jr. met President Yoon Suk Yeol. President Biden said so.\n\n"
                  "The two Presidents instructed their teams to continue trilateral cooperation with Japan.")
    first = ext.people[0]
    assert first.name == "Joseph R. Biden, Jr."
    assert list(first.surface_forms) == ["Joseph R. Biden, Jr.", "Biden"]
    assert [(c.kind, c.rule) for c in ext.commitments] == [("request", "asked")]
