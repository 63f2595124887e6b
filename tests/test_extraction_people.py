"""Person rules: name shapes, titles, apposition, alias merging, bylines and the registry."""

from __future__ import annotations

import pytest

from viewer.corrections import RegistryEntry
from viewer.documents import Document, join_blocks
from viewer.entities import Person
from viewer.extraction import Extractor
from viewer.extraction.people import name_key


def make_doc(body: str, title: str = "", author: str | None = None, extra: dict[str, str] | None = None,
             subtitle: str | None = None) -> Document:
    text, blocks = join_blocks([(p, "paragraph", "", 0) for p in body.split("\n\n")])
    return Document(id="t", source_name="t.txt", source_path="t.txt", format="txt", title=title, body=text,
                    blocks=blocks, author=author, subtitle=subtitle, date="2024-07-15",
                    date_text="2024-07-15", extra=extra or {})


def people(body: str, **kw: object) -> list[Person]:
    return list(Extractor().extract(make_doc(body, **kw)).people)  # type: ignore[arg-type]


def names(body: str, **kw: object) -> list[str]:
    return [p.name for p in people(body, **kw)]


@pytest.mark.parametrize("body,expected", [
    ("Deputy Minister for Human Rights Kang Jong-suk stated that it matters.", "Kang Jong-suk"),
    ("Chun Young Hee, Director of the Division, explored ways.", "Chun Young Hee"),
    ("led by Chun Younghee, ROK Director General for the Bureau, the two sides met.", "Chun Younghee"),
    ("missionaries Kim Jung wook and others", "Kim Jung wook"),
    ("President Yoon Suk Yeol and all cabinet members", "Yoon Suk Yeol"),
    ("Foreign Minister Yun Byung-se presented it.", "Yun Byung-se"),
    ("Mr. Lee Jung-Hoon Receives a Letter", "Lee Jung-Hoon"),
    ("Special Envoy for North Korean Human Rights Issues Robert King of the Department", "Robert King"),
    ("U.S. Ambassador-at-Large for Global Criminal Justice Beth Van Schaack on the afternoon",
     "Beth Van Schaack"),
    ("The UN Special Rapporteur on the DPRK, Elizabeth Salmón, will visit.", "Elizabeth Salmón"),
    ("and Signe Poulsen, head of the UN Human Rights Office in Seoul; during", "Signe Poulsen"),
    ("since Marzuki Darusman issued a report", "Marzuki Darusman"),
    ("Secretary of State Antony J. Blinken met today", "Antony J. Blinken"),
    ("Ambassador Linda Thomas-Greenfield spoke.", "Linda Thomas-Greenfield"),
    ("Mr. NAMAZU Hiroyuki, Director-General of the Bureau, held a meeting.", "NAMAZU Hiroyuki"),
    ("Foreign Minister Wang Yi said so.", "Wang Yi"),
    ("Chairman Kim Jong Un inspected the site.", "Kim Jong Un"),
    ("Reporting by Hyonhee Shin; Editing by Ed Davies", "Hyonhee Shin"),
    ("LINDA THOMAS-GREENFIELD (United States) said her country will continue.", "LINDA THOMAS-GREENFIELD"),
    ("VOLKER TÜRK, United Nations High Commissioner for Human Rights, said that", "VOLKER TÜRK"),
    ("Rep. Young Kim, a Republican from California, introduced a bill", "Young Kim"),
    ("Reporting by Hyonhee Shin; Editing by Ed Davies", "Ed Davies"),
    ("According to Chad O'Carroll, the founder of NK News, it was done.", "Chad O'Carroll"),
    ("The Honourable Mélanie Joly, Minister of Foreign Affairs, today issued", "Mélanie Joly"),
    ("Minister for the Indo-Pacific Anne-Marie Trevelyan raised these concerns", "Anne-Marie Trevelyan"),
])
def test_names(body: str, expected: str) -> None:
    assert expected in names(body)


@pytest.mark.parametrize("body", [
    "Sharing the vision of the ROK government’s policy with the international community",
    "Vice Minister for Strategy and Intelligence Meets with U.S. Special Envoy",
    "more countries, including those in the Global South, recognize it",
    "the Spirit of Camp David and the Korean Peninsula",
    "the United Nations Human Rights Council and the Ministry of Foreign Affairs",
    "U.S. Ambassador-at-Large for Global Criminal Justice Joined the Meeting, Affirming Commitment "
    "to Cooperation",
    "The Special Envoy and the Deputy Minister met.",
    "Fighting for Freedom: U.S. and South Korea Seek Solutions",
    "in Rio de Janeiro, Brazil, on the margins of the meeting",
    "Between Han and others there was the Hanwha Song festival.",
    "UNITED NATIONS (New York), GENEVA, SEOUL (Yonhap) and DPRK HUMAN RIGHTS (Report), said",
])
def test_not_people(body: str) -> None:
    assert names(body) == []


def test_title_surname_merges_into_full_name() -> None:
    found = people("Vice Minister for Strategy Cho Koo-rae met Julie Turner, U.S. Special Envoy. "
                   "Vice Minister Cho thanked her. Special Envoy Turner agreed. Turner said so.")
    by_name = {p.name: p for p in found}
    assert set(by_name) == {"Cho Koo-rae", "Julie Turner"}
    assert by_name["Cho Koo-rae"].surface_forms == ["Cho Koo-rae", "Cho"]
    assert by_name["Julie Turner"].surface_forms == ["Julie Turner", "Turner"]
    assert by_name["Julie Turner"].roles[0].startswith("U.S. Special Envoy")
    assert by_name["Cho Koo-rae"].roles == ("Vice Minister for Strategy",)


def test_surname_goes_to_the_closest_earlier_namesake() -> None:
    found = people("Director Lee Jun-il met Ambassador Lee Jung-hoon. Ambassador Lee said it was useful.")
    jung = next(p for p in found if p.name == "Lee Jung-hoon")
    assert "Lee" in jung.surface_forms


def test_family_name_first_forms_merge() -> None:
    found = people("Lee Shin-wha, South Korea's ambassador for human rights, spoke. Ambassador Lee said so. "
                   "Vice Minister for Foreign Affairs Okano Masataka came. Vice Minister Okano agreed.")
    assert sorted(p.surface_forms for p in found) == [["Lee Shin-wha", "Lee"], ["Okano Masataka", "Okano"]]


def test_particle_surname_merges() -> None:
    found = people("Ambassador-at-Large Beth Van Schaack came. Ambassador Van Schaack spoke.")
    assert [p.surface_forms for p in found] == [["Beth Van Schaack", "Van Schaack"]]


def test_spelling_variants_share_a_key() -> None:
    assert name_key("Chun Young Hee") == name_key("Chun Younghee") == name_key("chun young-hee")
    assert name_key("Salmón") == name_key("Salmon")
    found = people("Mr. Lee Jung-Hoon came.\n\nAmbassador Lee Jung-hoon spoke.")
    assert len(found) == 1 and found[0].surface_forms == ["Lee Jung-Hoon", "Lee Jung-hoon"]


def test_title_surname_without_full_name_is_still_a_person() -> None:
    assert names("Thank you, High Commissioner Türk, for the briefing.") == ["Türk"]


def test_byline_hangul_with_writer_label() -> None:
    found = people("Body text.", author="고민석", extra={"author_label": "writer"})
    assert found[0].name == "고민석" and found[0].roles == ("writer",)
    assert found[0].mentions[0].field == "author"


def test_byline_noise_is_dropped_and_no_writer_role_without_the_word() -> None:
    found = people("Body text.", author="Daniel Kim Views")
    assert found[0].name == "Daniel Kim" and found[0].roles == ()
    assert people("Body.", author="By Park Boram")[0].name == "Park Boram"
    assert people("Body.", author="Senator the Hon Penny Wong")[0].name == "Penny Wong"


def test_mentions_point_into_their_fields() -> None:
    doc = make_doc("Special Envoy Julie Turner met Minister Kim Yung-ho. Minister Kim thanked Turner.",
                   title="Minister Kim Yung-ho meets Julie Turner", author="Daniel Kim")
    for person in Extractor().extract(doc).people:
        for m in person.mentions:
            assert doc.field_text(m.field)[m.start:m.end] == m.text


def test_registry_names_and_roles_are_recognised() -> None:
    entry = RegistryEntry(key="tomasojeaquintana", name="Tomás Ojea Quintana", aliases=("Ojea Quintana",),
                          roles=("former Special Rapporteur",))
    doc = make_doc("Ojea Quintana’s 2016 report set out the same concerns.")
    assert Extractor().extract(doc).people == ()
    found = Extractor([entry]).extract(doc).people
    assert [(p.key, p.name, p.surface_forms, p.roles) for p in found] == [
        ("tomasojeaquintana", "Tomás Ojea Quintana", ["Ojea Quintana"], ("former Special Rapporteur",))]


def test_registry_entry_names_an_overlapping_person() -> None:
    entry = RegistryEntry(key="kimyungho", name="Kim Yung-ho", aliases=("Minister Kim",), roles=("Minister",))
    doc = make_doc("Unification Minister Kim Yung-ho met them. Minister Kim said so.")
    found = Extractor([entry]).extract(doc).people
    assert [(p.key, p.name, p.roles[0]) for p in found] == [("kimyungho", "Kim Yung-ho", "Minister")]


def test_organisations_and_places_are_not_people() -> None:
    text = ("The Third Committee of the UN General Assembly adopted the resolution. The Human Rights "
            "Council's "
            "Advisory Committee met in Geneva. The International Criminal Court (ICC) in The Hague said "
            "nothing. "
            "Amnesty International and Human Rights Watch issued a joint letter. The Korea Institute "
            "for National "
            "Unification (KINU) released a survey. The Citizens' Alliance for North Korean Human Rights "
            "held a "
            "forum at Seoul National University. Crowds gathered in Kim Il Sung Square. The Kaesong "
            "Industrial "
            "Complex was closed. Yonhap News Agency reported that Rodong Sinmun criticized the drills. "
            "Radio Free "
            "Asia and Voice of America broadcast into the North. Park Hyatt Seoul hosted the reception. "
            "Han River "
            "Park reopened. Both Koreas met at Panmunjom. Lotte Hotel Seoul hosted Global Korea Forum.")
    assert names(text) == []


def test_empty_and_odd_documents() -> None:
    assert people("") == []
    assert people("북한 인권 보고서 발간\n\n통일부는 2024년 3월 보고서를 발간했다.") == []
    assert people("\u200b\ufeff □ o ° -- ... “ ” ’") == []
