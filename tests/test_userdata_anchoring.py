"""Re-attaching quotes to changed text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from viewer.userdata.anchoring import context_around, normalise, resolve_anchor

TEXT = ("□ The Government expressed concern over the human rights situation in the DPRK. "
        "o It called on the DPRK to engage with the \"Special Rapporteur\" and to respect human rights. "
        "o The statement on human rights was issued on 16 February 2024.")


def anchor_of(body: str, needle: str, nth: int = 0) -> tuple[str, str, str, int, int]:
    i = -1
    for _ in range(nth + 1):
        i = body.index(needle, i + 1)
    prefix, suffix = context_around(body, i, i + len(needle))
    return needle, prefix, suffix, i, i + len(needle)


def test_exact_offsets_are_used_when_the_quote_is_still_there() -> None:
    a = anchor_of(TEXT, "human rights", 1)
    assert resolve_anchor(*a, TEXT) == (a[3], a[4])


def test_moved_quote_is_found() -> None:
    a = anchor_of(TEXT, "engage with")
    new = "Seoul, 16 Feb.\n\n" + TEXT
    s, e = resolve_anchor(*a, new)
    assert new[s:e] == "engage with" and s == a[3] + len("Seoul, 16 Feb.\n\n")


@pytest.mark.parametrize("nth", [0, 1, 2])
def test_repeated_quote_goes_to_the_occurrence_with_matching_context(nth: int) -> None:
    a = anchor_of(TEXT, "human rights", nth)
    # Shift everything so the old offsets point at the wrong place, and put the
    # target far from its old offset so proximity alone cannot decide.
    new = "x" * 500 + TEXT
    s, _ = resolve_anchor(*a, new)
    assert s == 500 + a[3]


def test_whitespace_punctuation_and_quote_style_changes_are_tolerated() -> None:
    a = anchor_of(TEXT, 'the "Special Rapporteur" and')
    new = TEXT.replace('the "Special Rapporteur" and', "the  \u201cSpecial\nRapporteur\u201d, and")
    s, e = resolve_anchor(*a, new)
    assert new[s:e] == "the  \u201cSpecial\nRapporteur\u201d, and"


def test_case_and_hyphen_changes_are_tolerated() -> None:
    a = anchor_of(TEXT, "human rights situation")
    new = TEXT.replace("human rights situation", "Human-Rights situation")
    s, e = resolve_anchor(*a, new)
    assert new[s:e] == "Human-Rights situation"


def test_vanished_quote_is_none() -> None:
    a = anchor_of(TEXT, "expressed concern")
    assert resolve_anchor(*a, TEXT.replace("expressed concern", "voiced worry")) is None
    assert resolve_anchor(*a, "") is None


def test_stale_offsets_beyond_the_text_do_not_crash() -> None:
    s, e = resolve_anchor("DPRK", "", "", 10_000, 10_004, TEXT)
    assert TEXT[s:e] == "DPRK" and s == TEXT.rindex("DPRK")  # without context, the nearest wins


def test_normalise_maps_back_to_the_original() -> None:
    text = "Straße,  \u201cU.N.\u201d  RIGHTS"
    norm, index = normalise(text)
    assert norm == "strasse u n rights"
    assert len(index) == len(norm)
    assert text[index[norm.index("rights")]:index[-1] + 1] == "RIGHTS"
    assert text[index[0]] == "S"


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _recleaned(text: str) -> str:
    """What a different cleaning of the same release might produce."""
    return ("Imported again\n\n" + text.replace("  ", " ").replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2019", "'").replace("\r\n", "\n"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="bundled corpus not present")
def test_every_highlight_in_the_bundled_releases_survives_a_recleaning() -> None:
    rng = random.Random(6)
    total = found = right_place = 0
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8", errors="replace")
        words = [m.span() for m in re.finditer(r"\S+", body)]
        new = _recleaned(body)
        for _ in range(40):
            i = rng.randrange(len(words) - 6)
            start, end = words[i][0], words[i + rng.randint(0, 5)][1]
            a = anchor_of_span(body, start, end)
            span = resolve_anchor(*a, new)
            total += 1
            if span is None:
                continue
            found += 1
            assert normalise(new[span[0]:span[1]])[0] == normalise(body[start:end])[0]
            expected = len(_recleaned(body[:start]))
            right_place += abs(span[0] - expected) <= 1
    assert found == total
    assert right_place == total


def anchor_of_span(body: str, start: int, end: int) -> tuple[str, str, str, int, int]:
    prefix, suffix = context_around(body, start, end)
    return body[start:end], prefix, suffix, start, end
