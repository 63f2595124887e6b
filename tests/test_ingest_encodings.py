"""Encodings are detected from the bytes, not assumed."""

from __future__ import annotations

import codecs

import pytest

from viewer.ingest import IngestError, ingest_bytes
from viewer.ingest.decoding import decode_bytes

RELEASE = ("Press Releases\n"
           "Ministry Holds Briefing on North Korean Human Rights — 북한인권 설명회\n"
           "Date\n2024-02-16\n\n"
           "□ The Ministry of Unification held a briefing on North Korean human rights for foreign "
           "embassies in Seoul (통일부, 주한 외교단 대상 설명회).\n"
           "o Participants agreed on the need for closer cooperation.\n")
KOREAN = ("통일부, 북한인권 보고서 공개\n작성일 2024-03-06\n"
          "통일부는 6일 북한인권 보고서를 일반에 처음으로 공개하였다. 보고서는 탈북민 508명의 증언을 "
          "바탕으로 작성되었다.\n")


def check_release(raw: bytes, encoding: str) -> None:
    doc = ingest_bytes(raw, "release.txt")
    assert doc.encoding == encoding
    assert doc.title == "Ministry Holds Briefing on North Korean Human Rights — 북한인권 설명회"
    assert doc.date == "2024-02-16"
    assert [b.marker for b in doc.blocks] == ["□", "o"]
    assert "\ufeff" not in doc.title and "\x00" not in doc.body


def test_utf8_without_bom() -> None:
    check_release(RELEASE.encode("utf-8"), "utf-8")


def test_utf8_with_bom() -> None:
    check_release(codecs.BOM_UTF8 + RELEASE.encode("utf-8"), "utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    check_release(bom + RELEASE.replace("\n", "\r\n").encode(encoding), encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding: str) -> None:
    check_release(RELEASE.encode(encoding), encoding)


def test_utf16_korean_only_text_without_bom() -> None:
    decoded = decode_bytes(KOREAN.encode("utf-16-le"), "k.txt")
    assert decoded.encoding == "utf-16-le" and decoded.text == KOREAN


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_legacy_korean(encoding: str) -> None:
    doc = ingest_bytes(KOREAN.encode(encoding), "k.txt")
    assert doc.encoding in ("euc-kr", "cp949")
    assert doc.title == "통일부, 북한인권 보고서 공개"
    assert doc.date == "2024-03-06"
    assert doc.language == "ko"
    assert doc.body.startswith("통일부는 6일 북한인권 보고서를")


def test_cp949_only_characters_are_named_cp949() -> None:
    # '똠' is in CP949 (Microsoft's extension) but not in EUC-KR.
    raw = "똠방각하 북한인권 보고서를 공개하였다. 통일부는 보고서를 공개하였다.".encode("cp949")
    assert decode_bytes(raw, "x.txt").encoding == "cp949"


def test_western_legacy_text_is_not_mistaken_for_korean() -> None:
    text = ("Déclaration du porte-parole sur la situation des droits de l’homme en Corée du Nord. "
            "La France appelle la RPDC à coopérer avec les mécanismes des Nations unies.\n") * 3
    decoded = decode_bytes(text.encode("cp1252"), "fr.txt")
    assert decoded.text == text
    assert "korea" not in decoded.encoding and "949" not in decoded.encoding


def test_bom_with_invalid_body_is_reported() -> None:
    with pytest.raises(IngestError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"abc \xff\xfe\xfa", "bad.txt")


def test_utf8_with_a_damaged_byte_is_kept_with_a_warning() -> None:
    raw = bytearray(RELEASE.encode("utf-8"))
    raw[raw.index(b"foreign")] = 0xFF
    doc = ingest_bytes(bytes(raw), "damaged.txt")
    assert doc.encoding == "utf-8"
    assert "\ufffdoreign" in doc.body
    assert any("damaged byte" in w for w in doc.warnings)


def test_legacy_single_byte_text_is_not_read_as_damaged_utf8() -> None:
    raw = "Caf\u00e9 owners in Seoul met the minister to discuss the r\u00e9sum\u00e9 of the talks.\n"
    decoded = decode_bytes(raw.encode("cp1252"), "cafe.txt")
    assert decoded.replaced == 0 and "\ufffd" not in decoded.text


def test_decomposed_hangul_is_composed() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", KOREAN)
    assert nfd != KOREAN
    doc = ingest_bytes(nfd.encode("utf-8"), "mac.txt")
    assert doc.title == "통일부, 북한인권 보고서 공개"
    assert doc.language == "ko"
