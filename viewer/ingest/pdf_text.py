"""Text of a PDF release through pypdf, when the PDF has a text layer to give.

PDF text comes out hard-wrapped, one page at a time, with running page numbers; the page
numbers are removed here and the release reader rejoins wrapped lines.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from viewer.ingest.errors import IngestError
from viewer.ingest.release import Hints

_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*\d{1,3}\s*[-–]|\d{1,3}|page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+)$",
                          re.IGNORECASE)
_PROTECTED = "the PDF is password-protected; save an unprotected copy to import it"
# Producers write the source file name into /Title; that is no headline.
_FILENAME_TITLE = re.compile(r"(?:\.(?:docx?|hwpx?|pdf|txt|rtf)$|^microsoft word\b|^untitled)", re.IGNORECASE)


def _edge_key(line: str) -> str:
    # running headers differ only by their page number: 'Press release 2/3'
    return re.sub(r"\d+", "#", line.strip().casefold())


def _strip_running_lines(pages: list[str]) -> list[str]:
    """Pages without page numbers and without the header/footer lines repeated on them."""
    split = [[line for line in text.splitlines() if not _PAGE_NUMBER.match(line.strip())] for text in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        edges = {_edge_key(line) for line in lines[:2] + lines[-2:] if line.strip()}
        counts.update(edges)
    running = {k for k, n in counts.items() if len(split) >= 2 and n >= max(2, len(split) / 2)}
    out = []
    for number, lines in enumerate(split):
        if number == 0:  # the first page's header is the release's own masthead and title
            out.append("\n".join(lines))
            continue
        edge = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 2), len(lines)))
        out.append("\n".join(line for i, line in enumerate(lines)
                             if not (i in edge and _edge_key(line) in running)))
    return out


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    # pypdf logs a warning for every oddity of a damaged file; the user gets one clear
    # IngestError instead, so its chatter would only clutter the console.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_to_text(raw: bytes, name: str) -> tuple[str, Hints]:
    with _quiet_pypdf():
        return _read(raw, name)


def _read(raw: bytes, name: str) -> tuple[str, Hints]:
    import pypdf  # imported late: most archives hold no PDFs

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, _PROTECTED)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        pdf_title = str(info.title).strip() if info is not None and info.title else ""
    except IngestError:
        raise
    except pypdf.errors.FileNotDecryptedError as exc:
        raise IngestError(name, _PROTECTED) from exc
    except Exception as exc:  # pypdf raises many types on damaged files; none may stop a batch
        raise IngestError(name, f"the PDF could not be read ({type(exc).__name__}: {exc})") from exc
    joined = "\n\n".join(_strip_running_lines(pages))
    joined = unicodedata.normalize("NFC", joined)  # some producers emit decomposed Hangul
    if len(joined.strip()) < 20:
        raise IngestError(name, "the PDF has no extractable text (probably a scanned image; "
                                "run it through OCR first)")
    title = pdf_title if pdf_title and not _FILENAME_TITLE.search(pdf_title) else None
    return joined, Hints(title=title, wrapped=True)
