"""``archive-viewer extract FILE...``: parse files and show what was found, without importing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from viewer.documents import Document
from viewer.entities import Extraction


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("extract", parents=[common],
                       help="parse files and print metadata, people, dates, commitments")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per file")
    p.set_defaults(handler=run)


def document_json(doc: Document, extraction: Extraction) -> dict[str, Any]:
    from viewer.extraction import to_gold_shape

    return {
        "file": doc.source_name,
        "id": doc.id,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "publisher": doc.publisher,
        "author": doc.author,
        "date": doc.date,
        "date_inferred": doc.date_inferred.value if doc.date_inferred and not doc.date else None,
        "date_evidence": doc.date_inferred.evidence if doc.date_inferred and not doc.date else None,
        "view_count": doc.view_count,
        "language": doc.language,
        "encoding": doc.encoding,
        "note": doc.note,
        "warnings": list(doc.warnings),
        "body": doc.body,
        **to_gold_shape(doc, extraction),
    }


def run(args: argparse.Namespace) -> int:
    from viewer.extraction import Extractor
    from viewer.ingest import IngestError, ingest_file
    from viewer.pipeline import analyse_document

    extractor = Extractor()
    out: list[dict[str, Any]] = []
    failed = 0
    for name in args.files:
        try:
            doc, extraction = analyse_document(extractor, ingest_file(name))
            out.append(document_json(doc, extraction))
        except IngestError as exc:
            failed += 1
            out.append({"file": Path(name).name, "path": name, "error": str(exc)})
        except Exception as exc:  # one bad file must not cost the others their output
            failed += 1
            out.append({"file": Path(name).name, "path": name,
                        "error": f"{Path(name).name}: internal error ({type(exc).__name__}: {exc})"})
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for item in out:
            print_human(item)
    # Partial failure still prints everything; the status tells scripts something failed.
    return 1 if failed and failed == len(out) else 0


def print_human(item: dict[str, Any]) -> None:
    if "error" in item:
        print(f"✗ {item['error']}\n")
        return
    date = item["date"] or (f"{item['date_inferred']} (inferred)" if item["date_inferred"] else "no date")
    print(f"{item['file']}\n  {item['title'] or '(untitled)'}\n  {item['publisher'] or 'unknown publisher'}"
          f" · {date}" + (f" · by {item['author']}" if item["author"] else ""))
    for person in item.get("people", []):
        roles = f" — {'; '.join(person['roles'])}" if person["roles"] else ""
        print(f"  {'person':<10}{person['name']}{roles}")
    for date_ref in item.get("dates", []):
        print(f"  {'date':<10}{date_ref['text']!r} → {date_ref['value'] or '?'}")
    for c in item.get("commitments", []):
        print(f"  {c['kind']:<10}{c['actor']}: {c['text']}")
    print()
