"""Publication-date inference: datelines, gazetteer events tied to relative phrases, the month
of the latest past event, and evidence for every answer."""

from __future__ import annotations

import pytest

from viewer.documents import Document, join_blocks
from viewer.entities import Extraction
from viewer.extraction import Extractor, infer_publication_date
from viewer.extraction.gazetteer import EVENTS, find_events


def make_doc(body: str, date: str | None = None) -> Document:
    text, blocks = join_blocks([(p, "paragraph", "", 0) for p in body.split("\n\n")])
    return Document(id="t", source_name="t.txt", source_path="t.txt", format="txt", title="", body=text,
                    blocks=blocks, date=date, date_text=date)


def infer(body: str) -> tuple[str, str] | None:
    doc = make_doc(body)
    found = infer_publication_date(doc, Extractor().extract(doc))
    return (found.value, found.evidence) if found else None


def test_stated_date_means_no_inference() -> None:
    doc = make_doc("They met on July 11, 2024.", date="2024-07-12")
    assert infer_publication_date(doc, Extraction()) is None


def test_nothing_to_go_on() -> None:
    assert infer("The two sides discussed many issues.") is None


def test_news_item_year_from_events_named_with_relative_years() -> None:
    value, evidence = infer(  # type: ignore[misc]
        "Director Chun met Special Envoy Turner on the 15th (local time). They discussed the issues "
        "agreed at the "
        "Korea-U.S. summit in April last year and the Korea-U.S.-Japan summit in August of the same year. "
        "Meanwhile, after a six-year hiatus, the consultation was relaunched in November last year.")
    assert value == "2024"
    assert "Camp David" in evidence


def test_month_of_latest_past_event_skipping_recurring_days_and_upcoming_ones() -> None:
    value, evidence = infer(  # type: ignore[misc]
        "Director-General Lee met Special Envoy Turner on the afternoon of July 11. The open "
        "briefing on June 12 "
        "was held successfully. They agreed to use the fourth Universal Periodic Review in November.\n\n"
        "He highlighted the establishment of the North Korean Defectors' Day (July 14) this year.\n\n"
        "The two countries held consultations on November 15, 2023, and April 15, 2024.")
    assert value == "2024-07"
    assert "July 11" in evidence


def test_stated_later_year_wins_over_an_event_floor() -> None:
    found = infer("The COI report was published in February 2014. In March 2019 the review was held.")
    assert found is not None and found[0] == "2019-03"


def test_dateline_gives_the_day() -> None:
    assert infer("Brussels, 17.02.2024\n\nThe EU calls on the DPRK to engage.")[0] == "2024-02-17"
    assert infer("SEOUL, Jan. 14, 2025 (Yonhap) -- The minister spoke.")[0] == "2025-01-14"
    assert infer("Updated: 2024-05-03 14:22 KST\n\nSouth Korea will host it.")[0] == "2024-05-03"


def test_page_date_of_a_repost_bounds_the_release() -> None:
    doc = make_doc("On April 15, the United States hosted the consultations.")
    doc.extra["page_date"] = "Fri. Jul 12th, 2024"
    found = infer_publication_date(doc, Extractor().extract(doc))
    assert found is not None and found.value == "2024-04" and "page_date" in found.evidence


def test_anniversary_of_a_known_event() -> None:
    assert infer("This year marks the 10th anniversary of the Commission of Inquiry report.")[0] == "2024"


def test_inferred_date_resolves_relative_dates_on_the_second_pass() -> None:
    doc = make_doc("The summit at Camp David last year set the course. They met again this week.")
    ext = Extractor().extract(doc)
    assert {d.text: d.value for d in ext.dates}["last year"] is None
    inferred = infer_publication_date(doc, ext)
    assert inferred is not None and inferred.value == "2024"
    doc.date_inferred = inferred
    values = {d.text: d.value for d in Extractor().extract(doc).dates}
    assert values["last year"] == "2023"


@pytest.mark.parametrize("text,year", [
    ("North Korea's first Universal Periodic Review", 2009),
    ("the second UPR of the DPRK", 2014),
    ("its third Universal Periodic Review", 2019),
    ("North Korea’s fourth Universal Periodic Review (UPR)", 2024),
    ("the North Korean Defectors’ Day", 2024),
    ("the Day of North Korean Defectors", 2024),
    ("the Camp David summit", 2023),
    ("the Korea-U.S.-Japan summit", 2023),
    ("after a six-year hiatus", 2023),
    ("the North Korean Human Rights Act, which had been brought into force", 2016),
    ("the UN Commission of Inquiry", 2014),
    ("the August 15 Unification Doctrine", 2024),
])
def test_every_gazetteer_event(text: str, year: int) -> None:
    found = find_events(text)
    assert [ev.year for ev, _s, _e in found] == [year]


def test_gazetteer_entries_are_documented() -> None:
    for ev in EVENTS:
        assert str(ev.year) in ev.label
