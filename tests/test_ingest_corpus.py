"""The bundled releases and the shared dev releases parse to their gold metadata."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from viewer.documents import Document
from viewer.ingest import ingest_bytes, ingest_file

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def folded(s: str | None) -> str:
    # the scorer's folding: white space collapsed, case ignored
    return re.sub(r"\s+", " ", (s or "").strip()).casefold()


# Expected values for the five bundled releases (from ../shared/gold, kept here so the
# test runs where shared/ is absent). date None: the file states no date.
BUNDLED = {
    "000_3b1b61814a9714d6.txt": dict(
        title="Sharing the vision of the ROK government’s North Korean human rights policy with the "
              "international community",
        publisher="Ministry of Unification", author="고민석", date="2024-02-16", view_count=525,
        subtitle=None, note=None,
        first="On Thursday afternoon, February 15, the Ministry of",
        last="of North Korean human rights in the future.",
        first_block=("bullet", "□", 0), blocks=10),
    "001_015991f988cf6199.txt": dict(
        title="Fighting for Freedom: U.S. and South Korea Seek Solutions for North Korean Human Rights "
              "Issues",
        publisher=None, author="Daniel Kim", date=None, view_count=None, subtitle=None, note=None,
        first="South Korea and the United States held the",
        last="meeting in the second half of this year.",
        first_block=("paragraph", "", 0), blocks=9),
    "002_5a29c078ea43867d.txt": dict(
        title="Vice Minister for Strategy and Intelligence Meets with U.S. Special Envoy on North Korean "
              "Human Rights Issues",
        publisher="Ministry of Foreign Affairs, Republic of Korea", author=None, date="2024-10-12",
        view_count=1830,
        subtitle="U.S. Ambassador-at-Large for Global Criminal Justice Joined the Meeting, Affirming "
                 "Commitment to Cooperation on Accountability for North Korean Human Rights Violations.",
        note=None,
        first="Vice Minister for Strategy and Intelligence Cho Koo-rae",
        last="human rights violations and improvement of information accessibility.",
        first_block=("numbered", "1.", 0), blocks=7),
    "003_d6c9c5964b54ae55.txt": dict(
        title="Outcome of the 2nd ROK-US Consultation on North Korean Human Rights",
        publisher="Ministry of Foreign Affairs, Republic of Korea", author=None, date="2016-11-14",
        view_count=1886, subtitle=None, note="* unofficial translation",
        first="The second Republic of Korea-United States Consultation on",
        last="the institutionalization of bilateral cooperation in the field.",
        first_block=("numbered", "1.", 0), blocks=10),
    "004_36aa432579c8937b.txt": dict(
        title="Director-General for Korean Peninsula Policy Meets with U.S. Special Envoy for North Korean "
              "Human Rights Issues",
        publisher="Ministry of Foreign Affairs, Republic of Korea", author=None, date=None, view_count=None,
        subtitle="The two sides discussed ways to collaborate to promote the North Korean human rights "
                 "situation and emphasized the importance of defectors' roles in that regard.",
        note=None,
        first="Director-General for Korean Peninsula Policy Lee Jun-il met",
        last="Korean human rights with Canada on May 31.",
        first_block=("numbered", "1.", 0), blocks=5),
}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_release_matches_gold(name: str) -> None:
    want = BUNDLED[name]
    doc = ingest_file(CORPUS / name)
    assert doc.title == want["title"]
    assert doc.publisher == want["publisher"]
    assert doc.author == want["author"]
    assert doc.date == want["date"]
    assert doc.date_inferred is None  # extraction's job
    assert doc.view_count == want["view_count"]
    assert doc.subtitle == want["subtitle"]
    assert doc.note == want["note"]
    assert folded(doc.body).startswith(folded(want["first"]))
    assert folded(doc.body).endswith(folded(want["last"]))
    first = doc.blocks[0]
    assert (first.kind, first.marker, first.level) == want["first_block"]
    assert len(doc.blocks) == want["blocks"]
    assert doc.language == "en" and doc.encoding == "utf-8" and doc.format == "txt"


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_body_has_no_chrome_and_every_block_is_verbatim(name: str) -> None:
    raw_text = (CORPUS / name).read_text(encoding="utf-8")
    doc = ingest_file(CORPUS / name)
    for furniture in ("바로가기", "facebook", "SCREEN SIZE", "Most Commented", "hit", "Views", "KOR",
                      "unofficial translation", "Press Releases"):
        assert not re.search(rf"(?m)^{re.escape(furniture)}\b", doc.body), furniture
    assert doc.title not in doc.body  # the repeated headline is gone
    for block in doc.blocks:
        text = doc.body[block.start:block.end]
        assert text and text == text.strip()
        assert text in raw_text  # markers are outside the span, text is the file's own
        assert block.marker not in ("□", "o", "°") or not text.startswith(block.marker + " ")


def test_bundled_bullet_levels_follow_the_release() -> None:
    doc = ingest_file(CORPUS / "000_3b1b61814a9714d6.txt")
    assert [(b.marker, b.level) for b in doc.blocks[:2]] == [("□", 0), ("o", 1)]
    doc = ingest_file(CORPUS / "003_d6c9c5964b54ae55.txt")
    headings = [doc.body[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == [
        "[Making North Korea’s human rights a topic for international discussions]",
        "[Better ensuring accountability for North Korea’s human rights violations]",
        "[North Korea’s force labor abroad]",
    ]
    assert {b.marker for b in doc.blocks if b.kind == "bullet"} == {"°"}


def test_content_id_is_stable_and_from_bytes() -> None:
    a = ingest_file(CORPUS / "002_5a29c078ea43867d.txt")
    b = ingest_file(CORPUS / "002_5a29c078ea43867d.txt")
    assert a.id == b.id and len(a.id) == 16
    assert a.id != ingest_file(CORPUS / "003_d6c9c5964b54ae55.txt").id


GOLD = sorted((SHARED / "gold").glob("*.json"))
DEV_GOLD = sorted((SHARED / "dev" / "gold").glob("*.json"))


@pytest.mark.skipif(not GOLD, reason="../shared/gold not available")
@pytest.mark.parametrize("gold_file", GOLD)
def test_shared_gold_metadata(gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    doc = ingest_file(CORPUS / gold["file"])
    assert folded(doc.title) == folded(gold["title"])
    assert doc.date == gold["date"]
    assert (doc.publisher or None) == gold["publisher"]
    assert doc.author == gold["author"]
    assert folded(doc.body).startswith(folded(gold["body_first_words"]))
    assert folded(doc.body).endswith(folded(gold["body_last_words"]))


@pytest.mark.skipif(not DEV_GOLD, reason="../shared/dev not available")
@pytest.mark.parametrize("gold_file", DEV_GOLD)
def test_shared_dev_title_and_date(gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    doc = ingest_file(SHARED / "dev" / "docs" / (gold_file.stem + ".txt"))
    assert folded(doc.title) == folded(gold["title"])
    assert doc.date == gold["date"]


def _essentials(doc: Document) -> tuple[object, ...]:
    return (doc.title, doc.date, doc.publisher, doc.author, doc.subtitle, doc.note, doc.view_count,
            doc.body, [(b.kind, b.marker, b.level) for b in doc.blocks])


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_same_release_in_other_encodings_and_as_html_parses_the_same(name: str) -> None:
    raw = (CORPUS / name).read_bytes()
    text = raw.decode("utf-8")
    want = _essentials(ingest_bytes(raw, name))
    assert _essentials(ingest_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), name)) == want
    assert _essentials(ingest_bytes(text.encode("utf-16"), name)) == want
    page = ("<html><head><meta charset='utf-8'><script>var tracker = 1;</script></head><body>"
            "<nav><ul><li>Home</li><li>Press</li></ul></nav>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
            + "<footer>Copyright © Example</footer></body></html>")
    assert _essentials(ingest_bytes(page.encode(), name.replace(".txt", ".html"))) == want
