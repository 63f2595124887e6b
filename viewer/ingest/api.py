"""Entry points: bytes or a path in, a :class:`~viewer.documents.Document` out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from viewer.documents import PARSER_VERSION, Document, content_id, join_blocks
from viewer.ingest.decoding import decode_bytes
from viewer.ingest.errors import IngestError
from viewer.ingest.release import Release, mostly_hangul, parse_release

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf"})

# Real release pages are a few kilobytes and PDFs of them a few megabytes; anything past
# 20 MB is a dump, a scan or the wrong file, and reading it would stall a batch import.
MAX_FILE_BYTES: int = 20 * 1024 * 1024

_FORMATS: dict[str, str] = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html",
                            ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}


def _format_of(raw: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if raw[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if suffix in _FORMATS and suffix != ".pdf":
        return _FORMATS[suffix]
    head = raw[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    # Other suffixes ('.text', none at all, a '.pdf' without a PDF header) are read as plain
    # text: saved pages get renamed carelessly, and what is not text is refused by decoding.
    return "txt"


def _parse(raw: bytes, name: str, fmt: str) -> tuple[Release, str]:
    release, encoding, replaced = _parse_format(raw, name, fmt)
    if replaced:
        release.warnings.append(f"{replaced} damaged byte(s) could not be decoded and show as '\ufffd'")
    return release, encoding


def _parse_format(raw: bytes, name: str, fmt: str) -> tuple[Release, str, int]:
    if fmt == "pdf":
        from viewer.ingest.pdf_text import pdf_to_text

        text, hints = pdf_to_text(raw, name)
        return parse_release(text, hints), "utf-8", 0
    declared = None
    if fmt == "html":
        from viewer.ingest.html_text import declared_charset

        declared = declared_charset(raw)
    decoded = decode_bytes(raw, name, declared)
    if not decoded.text.strip():
        raise IngestError(name, "the file contains only white space")
    if fmt == "html":
        from viewer.ingest.html_text import html_to_text

        text, hints = html_to_text(decoded.text)
        return parse_release(text, hints), decoded.encoding, decoded.replaced
    if fmt == "md":
        from viewer.ingest.markdown_text import markdown_to_text

        text, hints = markdown_to_text(decoded.text)
        return parse_release(text, hints), decoded.encoding, decoded.replaced
    return parse_release(decoded.text), decoded.encoding, decoded.replaced


def ingest_bytes(raw: bytes, name: str, source_path: str = "") -> Document:
    """Parse the bytes of one release file called ``name``; raise IngestError if impossible."""
    if not raw:
        raise IngestError(name, "the file is empty")
    if len(raw) > MAX_FILE_BYTES:
        raise IngestError(name, f"the file is {len(raw) / 2**20:.0f} MB; releases larger than "
                                f"{MAX_FILE_BYTES // 2**20} MB are not imported")
    fmt = _format_of(raw, name)
    try:
        release, encoding = _parse(raw, name, fmt)
    except IngestError:
        raise
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        # A parser choking on a malformed file must not abort the batch it is part of.
        raise IngestError(name, f"the file could not be read ({type(exc).__name__}: {exc})") from exc
    body, blocks = join_blocks(release.parts)
    if not body.strip() and not release.title:
        raise IngestError(name, "no text was found in the file")
    return Document(
        id=content_id(raw),
        source_name=name,
        source_path=source_path,
        format=fmt,
        title=release.title,
        body=body,
        blocks=blocks,
        subtitle=release.subtitle,
        publisher=release.publisher,
        author=release.author,
        date=release.date.iso if release.date else None,
        date_text=release.date.text if release.date else None,
        header_dates=tuple(release.header_dates),
        view_count=release.view_count,
        language="ko" if mostly_hangul(f"{release.title}\n{body}") else "en",
        note=release.note,
        encoding=encoding,
        warnings=tuple(release.warnings),
        parser_version=PARSER_VERSION,
        extra=dict(release.extra),
    )


def read_release_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a release file's bytes with the checks every reader needs (exists, is a regular
    file, not too large, readable); raise IngestError with a user-facing message."""
    p = Path(path)
    name = p.name or str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise IngestError(name, "no such file") from None
    except OSError as exc:
        raise IngestError(name, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(name, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(name, "is not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise IngestError(name, f"the file is {st.st_size / 2**20:.0f} MB; releases larger than "
                                f"{MAX_FILE_BYTES // 2**20} MB are not imported")
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)  # the size may have changed since stat()
    except OSError as exc:
        raise IngestError(name, f"cannot be read ({exc.strerror or exc})") from None
    return raw


def ingest_file(path: str | os.PathLike[str]) -> Document:
    """Read and parse one release file; raise IngestError with a user-facing message."""
    p = Path(path)
    return ingest_bytes(read_release_bytes(p), p.name or str(p), str(p.resolve()))
