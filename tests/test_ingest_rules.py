"""The small rule tables of ingestion: dates, furniture, fields, bylines, publishers, markers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from viewer.ingest import chrome, ingest_bytes, metadata, publishers, structure
from viewer.ingest.dates import date_only, find_dateline, lead_date


@pytest.mark.parametrize(
    ("line", "iso", "text"),
    [
        ("2024-10-12", "2024-10-12", "2024-10-12"),
        ("February 16, 2024", "2024-02-16", "February 16, 2024"),
        ("Written: 2021-11-18", "2021-11-18", "2021-11-18"),
        ("created 2024-02-16", "2024-02-16", "2024-02-16"),
        ("01 September 2023", "2023-09-01", "01 September 2023"),
        ("Fri. Jul 12th, 2024", "2024-07-12", "Fri. Jul 12th, 2024"),
        ("08/08/2023", "2023-08-08", "08/08/2023"),
        ("25/12/2023", "2023-12-25", "25/12/2023"),
        ("2024. 2. 16.(금) 06:00", "2024-02-16", "2024. 2. 16."),
        ("2024년 2월 16일", "2024-02-16", "2024년 2월 16일"),
        ("Feb. 16, 2024 10:00 AM", "2024-02-16", "Feb. 16, 2024"),
        ("Posted on May 2, 2024", "2024-05-02", "May 2, 2024"),
        ("2024-10-12T09:00:00+09:00", "2024-10-12", "2024-10-12T09:00:00+09:00"),
    ],
)
def test_date_lines(line: str, iso: str, text: str) -> None:
    found = date_only(line)
    assert found is not None and (found.iso, found.text) == (iso, text)
    assert line[found.start:found.end] == text


@pytest.mark.parametrize("line", ["May 2024", "Nov. 10", "2024-02-30", "The meeting on 2024-01-01",
                                  "Date of the next meeting", "13/13/2023"])
def test_not_date_lines(line: str) -> None:
    assert date_only(line) is None


def test_ambiguous_numeric_date_is_flagged_and_warned() -> None:
    found = date_only("03/04/2024")
    assert found is not None and found.iso == "2024-03-04" and found.ambiguous
    doc = ingest_bytes(b"Minister Meets Envoy On Rights\n03/04/2024 | Press release\n"
                       b"The minister met the envoy in Seoul and discussed human rights today.\n", "a.txt")
    assert doc.date == "2024-03-04" and any("month-first" in w for w in doc.warnings)


def test_datelines() -> None:
    d = find_dateline("SEOUL, Nov. 10 (Yonhap) -- South Korea said")
    assert d is not None and d.text == "SEOUL, Nov. 10 (Yonhap)" and d.date is None and d.agency == "Yonhap"
    d = find_dateline("WASHINGTON, July 11, 2024 — The United States")
    assert d is not None and d.date is not None and d.date.iso == "2024-07-11"
    assert find_dateline("Both sides agreed - that is, they") is None
    assert lead_date("On April 15, the United States hosted") is None
    found = lead_date("On October 18, 2024, the United States")
    assert found is not None and found.iso == "2024-10-18"


@pytest.mark.parametrize(
    "line",
    ["본문 바로가기", "본문내용 바로가기 상단메뉴 가기", "주메뉴 바로가기", "주메뉴 닫기", "검색창 열기",
     "통합검색", "KOR",
     "Search", "SCREEN SIZE", "Skip to main content", "hit 525", "Views 123", "1,234 views",
     "  1. Ministry of  Foreign Affairs, Republic of Korea facebook", "Print E-mail",
     "facebook twitter kakaotalk", "Copyright © 2024 Ministry of Unification. All rights reserved.",
     "Official news published at", "originally published at Politics - JISIP NEWS", "(END)"],
)
def test_furniture_lines(line: str) -> None:
    assert chrome.is_chrome(line, header=True)


@pytest.mark.parametrize(
    "line",
    ["1. The ministry posted the statement on its facebook page and its blog.",
     "The two sides agreed to share information.", "통일부", "Print media reported the visit widely."],
)
def test_article_lines_are_not_furniture(line: str) -> None:
    assert not chrome.is_chrome(line)


def test_section_labels_and_footer_markers() -> None:
    assert chrome.is_section_label("Press Releases")
    assert chrome.is_section_label("Home > Newsroom > Press Statements")
    assert not chrome.is_section_label("Press Freedom in North Korea")
    assert chrome.is_footer_start("Most Commented") and chrome.is_footer_start("Tags: DPRK, human rights")
    assert not chrome.is_footer_start("Comments from the minister were welcomed by all participants.")


def test_fields_and_bylines() -> None:
    assert [(f.kind, f.value) for f in metadata.inline_fields("Date : 2024.02.27 | Views : 1,204")] == [
        ("date", "2024.02.27"), ("views", "1,204")]
    assert [f.kind for f in metadata.inline_fields("Published : 2024-02-16 17:24 Updated : 2024-02-16 18:00")
            ] == ["date", "other"]
    assert metadata.inline_fields("Date of the meeting was set for May") == []
    assert metadata.label_kind("writer") == "author" and metadata.label_kind("조회수") == "views"
    assert metadata.byline("Daniel Kim Views") == metadata.Byline("Daniel Kim")
    assert metadata.byline("By Jane Doe, Staff Reporter") == metadata.Byline("Jane Doe")
    assert metadata.byline("Jane Doe jane.doe@example.com") == metadata.Byline("Jane Doe")
    assert metadata.byline("홍길동 기자") == metadata.Byline("홍길동")
    assert metadata.byline("South Korea and the U.S. held the second consultation.") is None
    assert metadata.posted_by("Posted on May 2, 2024 by Jane Doe") == ("May 2, 2024", "Jane Doe")
    assert metadata.subtitle("- The two sides discussed ways to cooperate. -") == (
        "The two sides discussed ways to cooperate.")
    assert metadata.subtitle("- 1 -") is None
    assert metadata.is_note("* unofficial translation") and metadata.is_note("(Unofficial Translation)")
    assert not metadata.is_note("* The ministry will publish a translation of the report next week, "
                                "together with the full text of the speech and the annexes to it.")


@pytest.mark.parametrize(
    ("lines", "title", "publisher"),
    [
        (["통일부"], "", publishers.MOU),
        (["본문내용 바로가기 상단메뉴 가기"], "", publishers.MOU),
        ([], "Unification Spokesperson’s Statement on Abductees", publishers.MOU),
        (["Ministry of Foreign Affairs REPUBLIC OF KOREA"], "", publishers.MOFA),
        (["바로가기 메뉴", "본문 바로가기"], "", publishers.MOFA),
        (["Media advisories Special Procedures"], "", publishers.OHCHR),
        (["Office of the Spokesperson"], "", publishers.STATE),
        (["Embassy of the Republic of Korea in the United Kingdom"], "",
         "Embassy of the Republic of Korea in the United Kingdom"),
        (["The Korea Herald"], "", "The Korea Herald"),
        (["Press Releases", "Search"], "A headline", None),
    ],
)
def test_publisher_table(lines: list[str], title: str, publisher: str | None) -> None:
    found = publishers.from_lines(lines, title)
    assert (found[0] if found else None) == publisher


def test_publisher_aliases_normalise_site_names() -> None:
    assert publishers.normalise("외교부") == publishers.MOFA
    assert publishers.normalise(" Yonhap ") == "Yonhap News Agency"
    assert publishers.normalise("Some Blog") == "Some Blog"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("□ The ministry held", ("bullet", "□", 0, "The ministry held")),
        ("o The session was", ("bullet", "o", 1, "The session was")),
        ("° The ROK side", ("bullet", "°", 1, "The ROK side")),
        ("※ 붙임: 사진", ("bullet", "※", 1, "붙임: 사진")),
        ("- details", ("bullet", "-", 2, "details")),
        ("• point", ("bullet", "•", 0, "point")),
        ("1. Vice Minister", ("numbered", "1.", 0, "Vice Minister")),
        ("(2) Second", ("numbered", "(2)", 0, "Second")),
        ("① 첫째", ("numbered", "①", 0, "첫째")),
        ("organisations were", None),
        ("2024 was a year", None),
    ],
)
def test_markers(line: str, expected: tuple[str, str, int, str] | None) -> None:
    assert structure.marker_of(line) == expected


def test_blocks_map_exactly_onto_the_body() -> None:
    text = ("Press Releases\nTitle Of A Release About Rights\n\n□ First point of the release.\n"
            " o Sub point under it.\n[Section header]\n1. Numbered paragraph here.\n")
    doc = ingest_bytes(text.encode(), "blocks.txt")
    assert [doc.body[b.start:b.end] for b in doc.blocks] == [
        "First point of the release.", "Sub point under it.", "[Section header]", "Numbered paragraph here."]
    assert [b.kind for b in doc.blocks] == ["bullet", "bullet", "heading", "numbered"]
    assert doc.body == "\n\n".join(doc.paragraphs())


def test_typical_release_parses_in_a_few_milliseconds() -> None:
    raw = (Path(__file__).resolve().parents[1] / "corpus" / "002_5a29c078ea43867d.txt").read_bytes()
    ingest_bytes(raw, "warm.txt")
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        ingest_bytes(raw, "bench.txt")
    per_doc = (time.perf_counter() - start) / runs
    # ~1.5 ms on the development machine; the bound leaves room for a loaded CI runner
    assert per_doc < 0.025, f"{per_doc * 1000:.1f} ms per 4.6 KB release"


@pytest.mark.parametrize("label", [
    "Press releases Treaty bodies", "Statements and speeches Special Procedures",
    "Press briefing notes High Commissioner", "Media advisories Special Procedures",
])
def test_ohchr_section_labels(label: str) -> None:
    assert publishers.from_lines([label], "") == (publishers.OHCHR, "OHCHR section label")


def test_repeated_headline_with_other_quotes_and_spacing_is_dropped() -> None:
    text = ("Press Releases\nMinister’s Statement on the “Day of Defectors”\nDate\n2024-07-14\n"
            "Minister's  Statement on the \"Day of Defectors\"\n"
            "The Minister of Unification marked the first Day of North Korean Defectors today.\n")
    doc = ingest_bytes(text.encode(), "quotes.txt")
    assert doc.body == "The Minister of Unification marked the first Day of North Korean Defectors today."


def test_short_list_lines_are_not_taken_for_hard_wrapping() -> None:
    text = ("Joint Statement on North Korean Human Rights\n\n"
            "The following governments join this statement:\nAustralia\nCanada\nJapan\n"
            "Republic of Korea\nUnited Kingdom\n")
    doc = ingest_bytes(text.encode(), "list.txt")
    assert doc.paragraphs()[1:] == ["Australia", "Canada", "Japan", "Republic of Korea", "United Kingdom"]
