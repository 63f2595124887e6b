"""Bytes to text: detect the encoding instead of assuming UTF-8, and refuse binary data.

Saved release pages come as UTF-8 (with or without a BOM), UTF-16 from Windows tools
(often without a BOM) and CP949/EUC-KR from Korean government systems. A strict UTF-8
decode is tried first because it almost never succeeds by accident; for legacy bytes CP949
is tried before a generic guess, because charset detectors tend to misread short Korean
texts as some Cyrillic or Chinese code page.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from viewer.ingest.errors import IngestError

# File signatures of formats people drop into an archive folder by mistake: naming the
# format makes the error message useful ("a PNG image", not "undecodable").
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document (.doc/.hwp)"),
    (b"HWP Document File", "an HWP document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"%PDF-", "a PDF"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newline, form feed and carriage return, plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # undecodable bytes shown as U+FFFD (a damaged but readable file)


def sniff_binary(raw: bytes) -> str | None:
    """Name of the binary format ``raw`` starts with, if it is a known one."""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return what
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    # Text in UTF-16 has a NUL in every ASCII character's high byte, all on one side.
    # Korean-only UTF-16 has few NULs, but spaces and line breaks still supply them.
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_korean(text: str) -> bool:
    # CP949 maps most byte pairs to *something*; accept it only when the non-ASCII
    # characters it produces are overwhelmingly Hangul.
    non_ascii = [c for c in text if ord(c) > 127 and not c.isspace()]
    if not non_ascii:
        return False
    hangul = sum(1 for c in non_ascii if _HANGUL.match(c))
    return hangul >= 0.8 * len(non_ascii)


def _guess(raw: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes  # imported late: only legacy files need it

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        return None
    # Short Western texts score the same in several Latin code pages; Windows-1252 is by
    # far the most common of them, so it wins a tie.
    for match in results:
        if (match.encoding == "cp1252" and match.chaos == best.chaos
                and match.coherence == best.coherence):
            best = match
            break
    return Decoded(str(best), best.encoding.replace("_", "-"))


def _check_text(text: str, name: str) -> None:
    if "\x00" in text:
        raise IngestError(name, "this looks like a binary file (it contains NUL bytes), not a text")
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise IngestError(name, "this looks like a binary file (too many control characters), not a text")


def decode_bytes(raw: bytes, name: str, declared: str | None = None) -> Decoded:
    """Decode ``raw`` to text, recording the encoding used; raise IngestError otherwise.

    ``declared`` is what the file says about itself (an HTML ``<meta charset>``); it is
    trusted only after a strict UTF-8 decode fails, since pages often declare wrongly.
    """
    decoded = _decode(raw, name, declared)
    # Files saved on macOS may spell Hangul as separate jamo (NFD); composed text is what
    # search, matching and every later offset expect.
    if not unicodedata.is_normalized("NFC", decoded.text):
        return Decoded(unicodedata.normalize("NFC", decoded.text), decoded.encoding, decoded.replaced)
    return decoded


def _decode(raw: bytes, name: str, declared: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _strict(raw[len(bom):], encoding)
            if text is None:
                raise IngestError(name, f"starts with a {encoding.upper()} byte-order mark "
                                        "but the rest is not valid in that encoding")
            _check_text(text, name)
            return Decoded(text, encoding + ("-sig" if encoding == "utf-8" else ""))
    what = sniff_binary(raw)
    if what:
        raise IngestError(name, f"this is {what}, not a text file")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        text = _strict(raw, utf16)
        if text is not None:
            _check_text(text, name)
            return Decoded(text, utf16)
    if b"\x00" in raw:
        raise IngestError(name, "this looks like a binary file (it contains NUL bytes), not a text")
    text = _strict(raw, "utf-8")
    if text is not None:
        _check_text(text, name)
        return Decoded(text, "utf-8")
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared and declared.replace("_", "-") not in ("utf-8", "utf8"):
        text = _strict(raw, declared)
        if text is not None:
            _check_text(text, name)
            return Decoded(text, codecs.lookup(declared).name.replace("_", "-"))
    text = _strict(raw, "cp949")
    if text is not None and _looks_korean(text):
        _check_text(text, name)
        # EUC-KR is a subset of CP949; name the narrower one when it suffices.
        return Decoded(text, "euc-kr" if _strict(raw, "euc-kr") is not None else "cp949")
    # A UTF-8 file with a few damaged bytes is still that file: keep it, mark the damage.
    lenient = raw.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd") - raw.count("\ufffd".encode())
    # Valid multi-byte characters elsewhere in the file tell damage apart from a legacy
    # code page, whose accented letters are all invalid UTF-8.
    valid = len(_NON_ASCII.findall(lenient))
    if 0 < replaced <= max(3, len(raw) // 1000) and valid >= 2 * replaced:
        _check_text(lenient, name)
        return Decoded(lenient, "utf-8", replaced)
    guessed = _guess(raw)
    if guessed is None:
        raise IngestError(name, "the text encoding could not be recognised "
                                "(not UTF-8, UTF-16, CP949/EUC-KR or another known code page)")
    _check_text(guessed.text, name)
    return guessed
