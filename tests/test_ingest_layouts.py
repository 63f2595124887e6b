"""Release layouts other than the bundled ones: files written for these tests in the shapes
ministry, embassy, UN, State Department and news sites save as."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from viewer.documents import Document
from viewer.ingest import IngestError, ingest_bytes, ingest_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def paragraphs(doc: Document) -> list[str]:
    return [doc.body[b.start:b.end] for b in doc.blocks]


def test_ministry_html_page_loses_nav_scripts_widgets_and_footer() -> None:
    doc = ingest_file(FIXTURES / "mofa_press_release.html")
    assert doc.format == "html"
    assert doc.title == "First Vice Minister Meets with UN Special Rapporteur on North Korean Human Rights"
    assert doc.publisher == "Ministry of Foreign Affairs, Republic of Korea"
    assert doc.date == "2023-08-30" and doc.view_count == 2105
    assert doc.subtitle and doc.subtitle.startswith("The two sides shared the view")
    assert doc.note == "* unofficial translation"
    assert [(b.kind, b.marker) for b in doc.blocks] == [
        ("numbered", "1."), ("numbered", "2."), ("bullet", "○"), ("numbered", "3.")]
    assert paragraphs(doc)[0].startswith("First Vice Minister of Foreign Affairs Chang Ho-jin met with "
                                         "Elizabeth Salmón, UN Special Rapporteur")
    for junk in ("Tracking paragraph", "gtag", "trailer", "바로가기", "SCREEN SIZE", "Policy Information",
                 "facebook", "Copyright", "Sajik-ro", "List", "font-family"):
        assert junk not in doc.body, junk


def test_html_meta_tags_fill_what_the_text_does_not_state() -> None:
    page = """<html><head><title>Joint Statement on DPRK Human Rights | Example Embassy</title>
    <meta property="article:published_time" content="2024-05-02T10:00:00+09:00">
    <meta name="author" content="Press Office">
    <meta property="og:site_name" content="외교부">
    </head><body><nav><a href="/">Home</a></nav>
    <article><h1>Joint Statement on DPRK Human Rights</h1>
    <p>The participating governments today reaffirmed their commitment to promoting human rights in
    North Korea and called for the release of all detainees.</p>
    <h2>Next steps</h2><ul><li>Share information on accountability efforts.</li>
    <li>Meet again before the end of the year.</li></ul></article>
    <img src="https://tracker.example/pixel.gif"></body></html>"""
    doc = ingest_bytes(page.encode(), "statement.html")
    assert doc.title == "Joint Statement on DPRK Human Rights"
    assert doc.date == "2024-05-02" and doc.date_text == "2024-05-02T10:00:00+09:00"
    assert doc.author == "Press Office"
    assert doc.publisher == "Ministry of Foreign Affairs, Republic of Korea"  # og:site_name normalised
    kinds = [(b.kind, b.marker) for b in doc.blocks]
    assert kinds == [("paragraph", ""), ("heading", ""), ("bullet", "•"), ("bullet", "•")]
    assert "Home" not in doc.body


def test_html_declared_legacy_charset_is_honoured() -> None:
    page = ('<html><head><meta charset="euc-kr"><title>x</title></head><body>'
            "<h1>북한인권 정책 설명회 개최 결과</h1><p>통일부는 2월 15일 주한 외교단을 대상으로 "
            "북한인권 정책 설명회를 개최하였다.</p></body></html>")
    doc = ingest_bytes(page.encode("euc-kr"), "mou.htm")
    assert doc.encoding == "euc-kr"
    assert doc.title == "북한인권 정책 설명회 개최 결과"
    assert doc.language == "ko"


def test_cp949_korean_release_with_board_fields() -> None:
    doc = ingest_file(FIXTURES / "korean_release_cp949.txt")
    assert doc.encoding in ("cp949", "euc-kr")
    assert doc.language == "ko"
    assert doc.title == "통일부, 주한 외교단 대상 북한인권 정책 설명회 개최"
    assert doc.subtitle == "북한인권 증진 종합계획 및 북한 경제·사회 실태 보고서 공유"
    assert (doc.author, doc.date, doc.view_count) == ("고민석", "2024-02-16", 525)
    assert doc.publisher == "Ministry of Unification"
    assert [(b.marker, b.level) for b in doc.blocks] == [("□", 0), ("ㅇ", 1), ("□", 0), ("o", 1), ("※", 1)]
    assert "\r" not in doc.body


def test_news_item_with_byline_and_yonhap_dateline() -> None:
    doc = ingest_file(FIXTURES / "news_yonhap.txt")
    assert doc.title == "Seoul urges Pyongyang to release detained South Koreans"
    assert doc.author == "Jane Doe"
    assert doc.date is None and doc.date_text is None  # 'Nov. 10' has no year
    assert doc.extra["dateline"] == "SEOUL, Nov. 10 (Yonhap)"
    assert doc.publisher == "Yonhap News Agency"
    assert doc.body.startswith("SEOUL, Nov. 10 (Yonhap) -- South Korea on Friday urged")
    assert doc.body.endswith("including at the U.N. Human Rights Council.")
    assert "Unrelated celebrity" not in doc.body and "Copyright" not in doc.body


def test_state_department_statement() -> None:
    doc = ingest_file(FIXTURES / "state_dept_statement.txt")
    assert doc.title == "United States Designates North Korean Officials for Human Rights Abuses"
    assert doc.publisher == "U.S. Department of State"
    assert doc.date == "2024-07-11" and doc.date_text == "July 11, 2024"
    assert doc.body.startswith("The United States is today designating")
    assert doc.body.endswith("respect the human rights of its people.")
    assert len(doc.blocks) == 3


def test_un_geneva_release() -> None:
    doc = ingest_file(FIXTURES / "un_geneva_release.txt")
    assert doc.title == "North Korea: UN experts alarmed by forced repatriation of escapees from China"
    assert doc.publisher == "Office of the UN High Commissioner for Human Rights (OHCHR)"
    assert doc.date == "2023-10-23"
    assert doc.body.startswith("GENEVA (23 October 2023) – UN experts today")
    assert "ENDS" not in paragraphs(doc)
    assert paragraphs(doc)[-1].startswith("The experts: Ms. Elizabeth Salmón")


def test_embassy_written_and_views_on_one_line() -> None:
    doc = ingest_file(FIXTURES / "embassy_written_views.txt")
    assert doc.title == "Ambassador Attends Screening of Documentary on North Korean Defectors"
    assert (doc.date, doc.view_count) == ("2021-11-18", 231)
    assert doc.publisher == "Embassy of the Republic of Korea in the United Kingdom"
    assert len(doc.blocks) == 2


def test_date_sharing_a_line_with_a_section_label_counts_above_the_headline() -> None:
    doc = ingest_file(FIXTURES / "eeas_pipe_date.txt")
    assert doc.date == "2023-08-08" and doc.date_text == "08/08/2023"
    assert doc.title == "DPRK: Statement by the Spokesperson on the human rights situation"
    assert doc.body.endswith("United Nations human rights mechanisms.")


def test_bare_date_above_the_headline_is_the_sites_not_the_release() -> None:
    text = ("Fri. Jul 12th, 2024\nU.S. and Japan Hold Talks on Abductions Issue\n\n"
            "On April 15, officials of the two governments met in Washington to discuss the abductions "
            "issue and ways to work together.\n\noriginally published at World - Example News\n")
    doc = ingest_bytes(text.encode(), "repost.txt")
    assert doc.date is None
    assert doc.extra["page_date"] == "Fri. Jul 12th, 2024"
    assert doc.extra["reposted_from"] == "World - Example News"
    assert doc.title == "U.S. and Japan Hold Talks on Abductions Issue"
    assert len(doc.blocks) == 1


def test_statement_without_headline_gets_empty_title_and_preamble_publisher() -> None:
    text = ("The following text was released by the Governments of Canada and the Republic of Korea on "
            "the occasion of their bilateral consultation.\nBegin Text:\n"
            "On March 3, 2024, Canada and the Republic of Korea met in Ottawa to discuss the human rights "
            "situation in North Korea.\nThe two sides agreed to meet again next year.\nEnd Text.\n")
    doc = ingest_bytes(text.encode(), "joint.txt")
    assert doc.title == ""  # no headline: the reader shows the file name instead
    assert doc.publisher == "Governments of Canada and the Republic of Korea"
    assert doc.date == "2024-03-03" and doc.extra["date_source"] == "first sentence"
    assert paragraphs(doc) == [
        "On March 3, 2024, Canada and the Republic of Korea met in Ottawa to discuss the human rights "
        "situation in North Korea.",
        "The two sides agreed to meet again next year.",
    ]


def test_markdown_syntax_is_stripped() -> None:
    md = ("# Minister Meets **UN** Special Rapporteur\n\nDate: 2024-06-03\n\n"
          "The Minister of Unification met the [Special Rapporteur](https://example.org/sr) today and\n"
          "discussed the situation of _abductees_ and detainees.\n\n"
          "## Outcome\n\n* The two sides agreed to keep in close contact.\n"
          "* The ministry will share its report.\n\n![photo](photo.jpg)\n\n---\n\n*unofficial translation*\n")
    doc = ingest_bytes(md.encode(), "minister.md")
    assert doc.format == "md"
    assert doc.title == "Minister Meets UN Special Rapporteur"
    assert doc.date == "2024-06-03"
    assert paragraphs(doc) == [
        "The Minister of Unification met the Special Rapporteur today and discussed the situation of "
        "abductees and detainees.",
        "Outcome",
        "The two sides agreed to keep in close contact.",
        "The ministry will share its report.",
    ]
    assert doc.blocks[1].kind == "heading" and doc.blocks[2].marker == "•"
    assert doc.note == "unofficial translation"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal one-font PDF with the given lines of text on each page."""
    objs: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    contents = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        contents.append(len(objs))
    pages_id = len(objs) + len(pages) + 1
    page_ids = []
    for c in contents:
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 1 0 R >> >> >>" % (pages_id, c))
        page_ids.append(len(objs))
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>"
                % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids)))
    objs.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objs) + 1, len(objs))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PDF_PAGES = [
    ["Ministry of Unification", "Minister Urges Release of Detained Missionaries", "Date: 2024-03-27",
     "1. The Minister of Unification today called on North Korea to release",
     "the six detained citizens without delay, stressing that their families",
     "have waited for more than a decade.", "- 1 -"],
    ["2. The Ministry will continue to raise the issue with the", "international community.", "- 2 -"],
]


def test_pdf_text_is_rejoined_across_lines_and_pages() -> None:
    doc = ingest_bytes(make_pdf(PDF_PAGES), "release.pdf")
    assert doc.format == "pdf"
    assert doc.title == "Minister Urges Release of Detained Missionaries"
    assert doc.publisher == "Ministry of Unification" and doc.date == "2024-03-27"
    assert paragraphs(doc) == [
        "The Minister of Unification today called on North Korea to release the six detained citizens "
        "without delay, stressing that their families have waited for more than a decade.",
        "The Ministry will continue to raise the issue with the international community.",
    ]
    assert [b.marker for b in doc.blocks] == ["1.", "2."]


def test_pdf_detected_by_content_whatever_the_suffix() -> None:
    assert ingest_bytes(make_pdf(PDF_PAGES), "release.txt").format == "pdf"


def test_broken_empty_and_protected_pdfs_are_refused_clearly() -> None:
    with pytest.raises(IngestError, match="could not be read"):
        ingest_bytes(b"%PDF-1.4\n1 0 obj <<", "broken.pdf")
    with pytest.raises(IngestError, match="no extractable text"):
        ingest_bytes(make_pdf([[]]), "scan.pdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(PDF_PAGES))))
    writer.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(IngestError, match="password"):
        ingest_bytes(buf.getvalue(), "locked.pdf")


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_any_line_ending(ending: str) -> None:
    text = ending.join(["Press Releases", "Ministers Discuss Human Rights in North Korea", "Date",
                        "2024-01-05", "hit", "12", "",
                        "1. The two ministers met in Seoul and discussed human rights in North Korea.",
                        "2. They agreed to keep in close touch."])
    doc = ingest_bytes(text.encode(), "x.txt")
    assert (doc.title, doc.date, doc.view_count) == ("Ministers Discuss Human Rights in North Korea",
                                                     "2024-01-05", 12)
    assert paragraphs(doc)[1] == "They agreed to keep in close touch."


def test_hard_wrapped_plain_text_is_rejoined() -> None:
    text = ("Seoul Hosts Forum on North Korean Human Rights\n\n"
            "The Ministry of Unification hosted an international forum\n"
            "on North Korean human rights in Seoul on Tuesday, bringing\n"
            "together experts from twelve countries.\n\n"
            "Participants called for stronger cooperation on\n"
            "accountability for human rights violations.\n")
    doc = ingest_bytes(text.encode(), "wrapped.txt")
    assert paragraphs(doc) == [
        "The Ministry of Unification hosted an international forum on North Korean human rights in Seoul "
        "on Tuesday, bringing together experts from twelve countries.",
        "Participants called for stronger cooperation on accountability for human rights violations.",
    ]


def test_numbered_social_links_are_not_numbered_paragraphs() -> None:
    text = ("Ministry of Foreign Affairs REPUBLIC OF KOREA\n"
            "  1. Ministry of  Foreign Affairs, Republic of Korea facebook\n"
            "  2. Ministry of  Foreign Affairs, Republic of Korea youtube\n"
            "Press Releases\nForeign Minister Meets Counterpart on Human Rights\n"
            "Date\n2024-03-01\n"
            "1. Foreign Minister met his counterpart on March 1 and discussed human rights issues.\n"
            "2. Follow the ministry on facebook\n")
    doc = ingest_bytes(text.encode(), "social.txt")
    assert [b.marker for b in doc.blocks] == ["1."]
    assert "facebook" not in doc.body


def test_metadata_fields_on_one_line_with_pipes() -> None:
    text = ("Vice Minister Attends Human Rights Council Session\n"
            "Date : 2024.02.27 | Views : 1,204\n"
            "The Vice Minister delivered a keynote speech at the high-level segment of the Human Rights "
            "Council in Geneva.\n")
    doc = ingest_bytes(text.encode(), "pipes.txt")
    assert (doc.date, doc.view_count) == ("2024-02-27", 1204)
    assert len(doc.blocks) == 1


def test_korean_language_ministry_page_with_fields_on_one_line() -> None:
    text = ("바로가기 메뉴\n본문 바로가기\n외교부\n보도자료\n제2차 한미 북한인권 협의회 개최 결과\n"
            "작성일 2016-11-14 조회수 1886\n"
            "1. 제2차 한미 북한인권 협의회가 11월 14일 서울에서 개최되었다.\n"
            "2. 양측은 북한인권 증진을 위한 다양한 방안을 논의하였다.\n"
            "목록\n이전글\n다음글 다른 보도자료 제목\n")
    doc = ingest_bytes(text.encode(), "ko.txt")
    assert doc.language == "ko"
    assert doc.title == "제2차 한미 북한인권 협의회 개최 결과"
    assert (doc.date, doc.view_count) == ("2016-11-14", 1886)
    assert doc.publisher == "Ministry of Foreign Affairs, Republic of Korea"
    assert [b.marker for b in doc.blocks] == ["1.", "2."]
    assert "다른 보도자료" not in doc.body


def test_news_page_credits_and_copyright_footer() -> None:
    text = ("North Korea fires ballistic missile into East Sea\n"
            "Posted : 2024-01-14 15:21 Updated : 2024-01-14 18:40\nBy Kim Jae-hwan\n"
            "North Korea fired a ballistic missile toward the East Sea on Sunday, "
            "the South's military said.\n"
            "Photo: Yonhap\nA TV screen shows a file image of a North Korean missile launch.\n"
            "Copyright © Korea Times. All rights reserved.\n")
    doc = ingest_bytes(text.encode(), "news.txt")
    assert (doc.author, doc.date) == ("Kim Jae-hwan", "2024-01-14")
    assert doc.extra["Updated"] == "2024-01-14 18:40"
    assert doc.publisher == "The Korea Times"  # a known outlet named by its own footer
    assert paragraphs(doc)[-1] == "A TV screen shows a file image of a North Korean missile launch."
    assert "Photo: Yonhap" not in doc.body


def test_unknown_copyright_holder_is_not_a_publisher() -> None:
    text = ("Seminar Held on Human Rights\nThe seminar brought together experts from ten countries.\n"
            "Copyright © 2024 Some Web Agency Ltd. All rights reserved.\n")
    assert ingest_bytes(text.encode(), "x.txt").publisher is None


def test_short_note_without_headline_is_kept_as_body() -> None:
    doc = ingest_bytes(b"Hello world.\nThis is it.\n", "note.txt")
    assert doc.title == ""
    assert paragraphs(doc) == ["Hello world.", "This is it."]
    assert paragraphs(ingest_bytes(b"Hello", "one.txt")) == ["Hello"]


def test_markdown_front_matter_supplies_metadata() -> None:
    md = ("---\ntitle: \"Statement on Abductees\"\ndate: 2024-03-27\nauthor: Press Office\n"
          "source: 통일부\n---\n\n"
          "The Ministry of Unification urged the North to resolve the issue.\n\n* * *\n\n"
          "※ unofficial translation\n")
    doc = ingest_bytes(md.encode(), "statement.md")
    assert (doc.title, doc.date, doc.author) == ("Statement on Abductees", "2024-03-27", "Press Office")
    assert doc.publisher == "Ministry of Unification"
    assert doc.body == "The Ministry of Unification urged the North to resolve the issue."
    assert doc.note == "※ unofficial translation"


def test_html_logo_heading_is_not_the_title_and_print_area_is_kept() -> None:
    page = (b'<html><head><title>Vice Minister Meets Envoy | MOFA</title></head><body>'
            b'<h1><a href="/">Ministry of Foreign Affairs</a></h1>'
            b'<div id="print_area"><h2>Vice Minister Meets Envoy</h2><p>Date 2024-05-05</p>'
            b"<p>The Vice Minister met the envoy and discussed human rights in the North.</p></div>"
            b'<div class="btn_print">Print</div></body></html>')
    doc = ingest_bytes(page, "page.html")
    assert doc.title == "Vice Minister Meets Envoy"
    assert doc.date == "2024-05-05"
    assert doc.body == "The Vice Minister met the envoy and discussed human rights in the North."


def test_html_date_above_headline_and_closing_source_line() -> None:
    page = (b'<html><body><header>Today: Mon, 1 Jan 2024</header><p class="date">2024-05-05</p>'
            b"<h2>Vice Minister Meets Envoy Today</h2><p>The Vice Minister met the envoy and discussed "
            b"human rights in the North with him.</p><p>Source: Yonhap</p></body></html>")
    doc = ingest_bytes(page, "page.html")
    assert doc.date == "2024-05-05"  # the page header (with its clock) is gone; this date is the article's
    assert doc.publisher == "Yonhap News Agency"
    assert doc.body == "The Vice Minister met the envoy and discussed human rights in the North with him."


def test_html_headline_found_after_a_long_sidebar() -> None:
    raw = (FIXTURES / "mofa_press_release.html").read_bytes()
    items = b"".join(b"<li><a href='/m%d'>Menu item %d</a></li>" % (i, i) for i in range(300))
    side = b"<div class='side'>" + b"<p>Other news headline item</p>" * 300 + b"</div>"
    container = b'<div id="container">'
    page = raw.replace(container, b"<nav><ul>" + items + b"</ul></nav>" + container + side)
    doc = ingest_bytes(page, "big.html")
    assert doc.title == "First Vice Minister Meets with UN Special Rapporteur on North Korean Human Rights"
    assert doc.date == "2023-08-30"
    assert doc.body.startswith("First Vice Minister of Foreign Affairs Chang Ho-jin")
    assert "Menu item" not in doc.body


def test_korean_government_release_header_table() -> None:
    text = ("보도자료\n보도일시 2024. 2. 16.(금) 조간\n배포일시 2024. 2. 15.(목) 14:00\n"
            "담당부서 인권인도실 북한인권과\n과장 홍길동 (02-2100-5800)\n담당자 김철수 (02-2100-5801)\n"
            "통일부, 2024 북한인권보고서 발간\n- 탈북민 508명 증언 바탕으로 북한인권 실태 수록 -\n"
            "□ 통일부는 2월 16일 「2024 북한인권보고서」를 발간하였다.\n"
            " ㅇ 보고서는 탈북민 508명의 증언을 바탕으로 작성되었다.\n")
    doc = ingest_bytes(text.encode("cp949"), "mou.txt")
    assert doc.title == "통일부, 2024 북한인권보고서 발간"
    assert doc.subtitle == "탈북민 508명 증언 바탕으로 북한인권 실태 수록"
    assert (doc.date, doc.date_text) == ("2024-02-16", "2024. 2. 16.")
    assert doc.publisher == "Ministry of Unification"
    assert doc.extra["담당부서"] == "인권인도실 북한인권과"
    assert [(b.marker, b.level) for b in doc.blocks] == [("□", 0), ("ㅇ", 1)]


def test_pdf_running_headers_are_removed_from_later_pages() -> None:
    pages = [
        ["Ministry of Unification Press Release", "Minister Urges Release of Detained Missionaries",
         "Date: 2024-03-27", "1. The Minister of Unification today called on North Korea to release the",
         "six detained citizens without delay.", "Page 1 of 3"],
        ["Ministry of Unification Press Release", "2. The Ministry will continue to raise the issue with",
         "the international community.", "Page 2 of 3"],
        ["Ministry of Unification Press Release", "3. Families of the detainees attended the briefing.",
         "Page 3 of 3"],
    ]
    doc = ingest_bytes(make_pdf(pages), "three.pdf")
    assert doc.title == "Minister Urges Release of Detained Missionaries"  # not the masthead + label
    assert doc.publisher == "Ministry of Unification"
    assert paragraphs(doc) == [
        "The Minister of Unification today called on North Korea to release the six detained citizens "
        "without delay.",
        "The Ministry will continue to raise the issue with the international community.",
        "Families of the detainees attended the briefing.",
    ]


def test_site_name_and_link_rows_above_the_headline_are_skipped() -> None:
    text = ("Republic of Korea\nHome | About Us | Contact\nEnglish | 한국어\n"
            "Vice Minister Attends Conference on North Korean Defectors\n"
            "The Vice Minister attended an international conference on the resettlement of defectors.\n")
    doc = ingest_bytes(text.encode(), "menus.txt")
    assert doc.title == "Vice Minister Attends Conference on North Korean Defectors"
    assert len(doc.blocks) == 1


def test_three_word_headline_counts_when_metadata_follows() -> None:
    text = b"Trilateral Meeting Outcome\nDate: 2024-06-01\nThe two governments met in Seoul today.\n"
    doc = ingest_bytes(text, "short.txt")
    assert (doc.title, doc.date) == ("Trilateral Meeting Outcome", "2024-06-01")
    assert doc.body == "The two governments met in Seoul today."


def test_headline_broken_over_two_lines_is_joined() -> None:
    text = ("Statement by the Spokesperson on the\n"
            "Adoption of the UN Resolution on North Korean Human Rights\nDecember 18, 2023\n\n"
            "The Government welcomes the adoption of the resolution by consensus today.\n")
    doc = ingest_bytes(text.encode(), "broken.txt")
    assert doc.title == ("Statement by the Spokesperson on the Adoption of the UN Resolution on North Korean "
                         "Human Rights")
    assert doc.date == "2023-12-18"
    assert doc.body == "The Government welcomes the adoption of the resolution by consensus today."


def test_lower_case_field_label_right_under_the_headline_is_not_joined_to_it() -> None:
    text = "Minister Meets Envoy on Human Rights of the\nhit\n525\nThe minister met the envoy today.\n"
    doc = ingest_bytes(text.encode(), "tight.txt")
    assert doc.title == "Minister Meets Envoy on Human Rights of the"
    assert doc.view_count == 525
