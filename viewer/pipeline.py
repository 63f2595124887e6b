"""From a parsed document to a document with its extraction: the one way both the
library and ``archive-viewer extract`` do it."""

from __future__ import annotations

from dataclasses import replace

from viewer.documents import Document
from viewer.entities import Extraction
from viewer.extraction import Extractor, infer_publication_date


def analyse_document(extractor: Extractor, doc: Document) -> tuple[Document, Extraction]:
    """Extract entities; when the file states no date, infer one and extract again so
    relative dates ('last year') resolve against it."""
    extraction = extractor.extract(doc)
    if doc.date is None and doc.date_inferred is None:
        inferred = infer_publication_date(doc, extraction)
        if inferred is not None:
            doc = replace(doc, date_inferred=inferred)
            extraction = extractor.extract(doc)
    return doc, extraction
