"""Joint statements carry very long headlines; they are still headlines."""

from __future__ import annotations

from viewer.ingest import ingest_bytes

LONG = ("Joint Statement of the Foreign Ministers of the Republic of Korea, the United States of America "
        "and Japan on the Human Rights Situation in the Democratic People’s Republic of Korea")


def test_a_thirty_word_headline_is_the_title_and_the_fields_below_it_are_read() -> None:
    text = (f"Press Releases\n\n{LONG}\n\nDate\n2024-10-18\nhit\n77\n\n"
            "1. The Foreign Ministers met in New York on October 18 and agreed to continue joint efforts.\n")
    doc = ingest_bytes(text.encode(), "long.txt")
    assert doc.title == LONG
    assert doc.date == "2024-10-18" and doc.view_count == 77
    assert doc.body.startswith("The Foreign Ministers met")


def test_a_long_opening_sentence_is_still_body() -> None:
    sentence = ("The Government of the Republic of Korea welcomes the adoption by consensus of the "
                "resolution "
                "on the situation of human rights in the Democratic People’s Republic of Korea today.")
    doc = ingest_bytes(f"Statement on the Resolution\n\n{sentence}\n".encode(), "s.txt")
    assert doc.title == "Statement on the Resolution"
    assert doc.body == sentence
