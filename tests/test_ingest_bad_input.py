"""Bad input gives a clear IngestError naming the file, never another exception."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from viewer.ingest import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, IngestError, ingest_bytes, ingest_file

GOOD = b"A Title For The Release\n\nThe ministry held a meeting on human rights in Seoul today.\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n\r\n\t  \n", "only white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 100, "ZIP"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "executable"),
        (b"some text\x00\x00\x01\x02 more text" * 50, "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
    ids=["empty", "whitespace", "png", "zip", "elf", "nul", "controls"],
)
def test_bad_bytes(raw: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message) as info:
        ingest_bytes(raw, "bad.txt")
    assert str(info.value).startswith("bad.txt: ")


def test_undecodable_bytes() -> None:
    # Not UTF-8, not Korean, and random high bytes no code page makes sense of.
    raw = bytes([0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D] * 300)
    with pytest.raises(IngestError) as info:
        ingest_bytes(raw, "noise.txt")
    assert str(info.value).startswith("noise.txt: ")


def test_too_big_bytes_are_refused_before_parsing() -> None:
    raw = b"x" * (MAX_FILE_BYTES + 1)
    with pytest.raises(IngestError, match="larger than"):
        ingest_bytes(raw, "huge.txt")


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: the test stays fast and small on disk
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(IngestError, match="50 MB"):
        ingest_file(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="folder"):
        ingest_file(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_file(tmp_path / "gone.txt")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, non-root")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(GOOD)
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="cannot be read"):
            ingest_file(path)
    finally:
        path.chmod(0o600)


def test_read_error_after_stat_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can read anything, so the permission case above is also simulated here.
    path = tmp_path / "locked.txt"
    path.write_bytes(GOOD)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(IngestError, match=r"locked.txt: cannot be read \(Permission denied\)"):
        ingest_file(path)


def test_unknown_suffix_is_read_as_text_when_it_is_text(tmp_path: Path) -> None:
    path = tmp_path / "release.text"
    path.write_bytes(GOOD)
    doc = ingest_file(path)
    assert doc.format == "txt" and doc.title == "A Title For The Release"
    assert ".text" not in SUPPORTED_SUFFIXES


def test_unknown_suffix_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.dat"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    with pytest.raises(IngestError, match="JPEG"):
        ingest_file(path)


def test_pathological_html_does_not_escape_as_another_error() -> None:
    deep = b"<div>" * 4000 + b"Deeply nested headline text here" + b"</div>" * 4000  # > recursion limit
    try:
        doc = ingest_bytes(deep, "deep.html")
    except IngestError as exc:  # refusing is fine; crashing with RecursionError is not
        assert str(exc).startswith("deep.html: ")
    else:
        assert "Deeply nested headline" in doc.title + doc.body


def test_a_batch_keeps_going_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD)
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-garbage")
    (tmp_path / "d").mkdir()
    (tmp_path / "e.txt").write_bytes(GOOD.replace(b"today", b"yesterday"))
    ok, failed = [], []
    for path in sorted(tmp_path.iterdir()):
        try:
            ok.append(ingest_file(path).source_name)
        except IngestError as exc:
            failed.append(str(exc))
    assert ok == ["a.txt", "e.txt"]
    assert [m.split(":")[0] for m in failed] == ["b.txt", "c.pdf", "d"]


def test_text_saved_with_a_pdf_suffix_is_read_as_text() -> None:
    doc = ingest_bytes(GOOD, "misnamed.pdf")
    assert doc.format == "txt" and doc.title == "A Title For The Release"
