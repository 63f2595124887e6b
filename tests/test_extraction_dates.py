"""Date rules: each surface form this genre writes, its value and grain, and what is not a date."""

from __future__ import annotations

import pytest

from viewer.extraction.dates import Ref, find_dates, resolve


def dates(text: str, ref: str | None = "2024-07-15") -> list[tuple[str, str | None, str]]:
    return [(raw.text, value, raw.grain) for raw, value in resolve(find_dates(text), Ref.parse(ref))]


@pytest.mark.parametrize("text,expected", [
    ("released on February 16, 2024.", ("February 16, 2024", "2024-02-16", "day")),
    ("Date 2024-10-12 hit", ("2024-10-12", "2024-10-12", "day")),
    ("Posted 08/08/2023 by", ("08/08/2023", "2023-08-08", "day")),
    ("on 25/08/2023 in", ("25/08/2023", "2023-08-25", "day")),
    ("Brussels, 17.02.2024", ("17.02.2024", "2024-02-17", "day")),
    ("등록일 2024.05.20.", ("2024.05.20.", "2024-05-20", "day")),
    ("2024년 2월 16일 발표", ("2024년 2월 16일", "2024-02-16", "day")),
    ("on Nov. 10 the", ("Nov. 10", "2024-11-10", "day")),
    ("visit on 10 December.", ("10 December", "2024-12-10", "day")),
    ("since Sept 2 there", ("Sept 2", "2024-09-02", "day")),
    ("Fri. Jul 12th, 2024", ("Fri. Jul 12th, 2024", "2024-07-12", "day")),
    ("afternoon of October 10 (Thursday).", ("October 10 (Thursday)", "2024-10-10", "day")),
    ("adopted on November 15, local time.", ("November 15, local time", "2024-11-15", "day")),
    ("SEOUL, Jan. 14 (KST) --", ("Jan. 14 (KST)", "2024-01-14", "day")),
    ("on 1 August in 2022 by", ("1 August in 2022", "2022-08-01", "day")),
    ("the 12th of October 2023", ("the 12th of October 2023", "2023-10-12", "day")),
    ("held October 17 to 20 in", ("October 17 to 20", "2024-10", "month")),
    ("from 4 to 12 September.", ("4 to 12 September", "2024-09", "month")),
    ("on June 3-5, 2023", ("June 3-5, 2023", "2023-06", "month")),
    ("in September 2015 when", ("September 2015", "2015-09", "month")),
    ("meeting in May.", ("May", "2024-05", "month")),
    ("in April last year", ("April last year", "2023-04", "month")),
    ("in August of the same year", ("August of the same year", None, "month")),
    ("last August,", ("last August", "2023-08", "month")),
    ("next March", ("next March", "2025-03", "month")),
    ("in mid October", ("mid October", "2024-10", "month")),
    ("by mid-October", ("mid-October", "2024-10", "month")),
    ("late 2016 and", ("late 2016", "2016", "year")),
    ("since 2013,", ("2013", "2013", "year")),
    ("Act of 2016", ("2016", "2016", "year")),
    ("in the second half of this year", ("the second half of this year", "2024-H2", "half")),
    ("the first half of 2023", ("the first half of 2023", "2023-H1", "half")),
    ("the third quarter of last year", ("the third quarter of last year", "2023-Q3", "quarter")),
    ("held last year", ("last year", "2023", "year")),
    ("earlier this year", ("earlier this year", "2024", "year")),
    ("This year marks", ("This year", "2024", "year")),
    ("held this week", ("this week", "2024-07", "week")),
    ("met last week", ("last week", "2024-07", "week")),
    ("last month the", ("last month", "2024-06", "month")),
    ("Today, the", ("Today", "2024-07-15", "day")),
    ("yesterday", ("yesterday", "2024-07-14", "day")),
    ("ten years ago", ("ten years ago", "2014", "year")),
    ("on the 15th (local time).", ("the 15th (local time)", "2024-07-15", "day")),
    ("in the 1990s", ("the 1990s", None, "decade")),
    ("by the end of the year.", ("the end of the year", "2024", "year")),
    ("in mid-September of last year", ("mid-September of last year", "2023-09", "month")),
    ("adopted this autumn", ("this autumn", "2024", "year")),
    ("in the spring of 2025", ("the spring of 2025", "2025", "year")),
    ("since last winter", ("last winter", "2023", "year")),
    ("in the second half of the year", ("the second half of the year", "2024-H2", "half")),
])
def test_forms(text: str, expected: tuple[str, str | None, str]) -> None:
    assert dates(text)[0] == expected


def test_same_year_takes_the_year_of_the_previous_mention() -> None:
    found = dates("the summit in April last year and the one in August of the same year")
    assert [v for _, v, _ in found] == ["2023-04", "2023-08"]


def test_day_after_publication_day_is_last_month() -> None:
    assert dates("met on the 28th.", "2024-03-02")[0][1] == "2024-02-28"


def test_unresolvable_values_are_none() -> None:
    assert dates("on the 15th (local time).", "2024")[0][1] is None
    assert dates("last week", None)[0][1] is None
    assert dates("July 14", None)[0][1] is None


@pytest.mark.parametrize("text", [
    "the 10th anniversary of the report",
    "after a six-year hiatus",
    "his three-year service",
    "hit 1886",
    "Views 2015",
    "see https://www.dailynk.com/english/2023/08/08/leaflets for more",
    "call +82-2-2100-7136",
    "at 2:30 p.m. to 3:30 p.m.",
    "resolution 2024 of the Council",
    "© 2024 Yonhap News",
    "a survey of nearly 6,000 North Korean defectors",
    "South Korea may ask again",
    "the 2nd Korea-U.S. Consultation",
    "2024 participants attended",
    "prices fall in winter",
    "the Arab Spring and a summer camp",
])
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_offsets_point_into_the_text() -> None:
    text = "On April 15, 2024, and on May 31 they met."
    for raw in find_dates(text):
        assert text[raw.start:raw.end] == raw.text


def test_numbers_that_are_not_dates() -> None:
    text = ("Under E.O. 13687 and Article 16, Section 2 of the Act, in Room 1201, a population of 25 "
            "million, "
            "KRW 50 billion, 3.5 percent, No. 123, the 9.19 military agreement, the 38th parallel, G7 "
            "leaders, "
            "COVID-19 measures, 1,000 km, tel. 02-2100-7136, ISBN 978-89-7684-123-4, version 2.0, at "
            "10:30 a.m., "
            "2,024 people, Chapter 7, the 10th round, FY2025 budget, A/HRC/55/2, S/2024/10")
    assert dates(text) == []


def test_long_document_is_fast() -> None:
    import time

    text = "On April 15, 2024, the two sides met in Seoul and agreed to meet again next year. " * 2000
    start = time.process_time()
    found = find_dates(text)
    assert len(found) == 4000
    assert time.process_time() - start < 2.0
