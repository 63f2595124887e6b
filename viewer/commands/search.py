"""``archive-viewer search QUERY``: ranked hits with snippets."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="search the archive (see 'search --syntax')",
                       description="Search the archive. Run 'archive-viewer search --syntax' "
                                   "for the query language.")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print one JSON object with hits and facets")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--syntax", action="store_true", help="print the query language and exit")
    p.set_defaults(handler=run)


def mark(snippet: str, marks: list[tuple[int, int]], on: str, off: str) -> str:
    out, pos = [], 0
    for start, end in marks:
        out += [snippet[pos:start], on, snippet[start:end], off]
        pos = end
    out.append(snippet[pos:])
    return "".join(out)


def run(args: argparse.Namespace) -> int:
    from viewer.search import QUERY_HELP

    if args.syntax:
        print(QUERY_HELP)
        return 0
    from viewer.cli import EXCLUDED_WORD_MARK

    query = " ".join("-" + w[1:] if w.startswith(EXCLUDED_WORD_MARK) else w for w in args.query)
    if not query.strip():
        print("archive-viewer search: give a query (see --syntax)", file=sys.stderr)
        return 2
    from viewer.services import open_services

    with open_services(args.data_dir) as services:
        report = services.sync_index()
        results = services.index.search(query, limit=max(1, args.limit), sort=args.sort,
                                        with_snippets=max(1, args.limit))
    # A rebuild, a repair or a problem with the index is worth saying; a routine update is not.
    index_notice = "; ".join(([report.message] if report.message else []) + report.errors) or None
    if args.json:
        payload: dict[str, Any] = {
            "query": query,
            "index_notice": index_notice,
            "total": results.total,
            "partial": results.partial,
            "notice": results.notice,
            "did_you_mean": results.corrected,
            "hits": [{"id": h.doc_id, "file": h.source_name, "title": h.title, "date": h.date,
                      "publisher": h.publisher, "score": round(h.score, 4), "snippet": h.snippet,
                      "snippet_marks": [list(m) for m in h.snippet_marks]} for h in results.hits],
            "facets": {k: [{"value": v, "count": n} for v, n in counts]
                       for k, counts in results.facets.items()},
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    tty = sys.stdout.isatty()
    on, off = ("\033[1;33m", "\033[0m") if tty else ("[", "]")
    if index_notice:
        print(f"note: {index_notice}", file=sys.stderr)
    if results.notice:
        print(f"note: {results.notice}", file=sys.stderr)
    for n, h in enumerate(results.hits, 1):
        where = f"{h.publisher or '—'}; {h.source_name}"
        print(f"{n:>3}. {h.date or '—':<10}  {h.title or h.source_name}  ({where})")
        if h.snippet:
            print("      " + mark(h.snippet, list(h.snippet_marks), on, off).replace("\n", " "))
    shown = len(results.hits)
    summary = f"{results.total} match{'es' if results.total != 1 else ''}"
    if shown < results.total:
        summary += f", {shown} shown"
    if results.partial:
        summary += " (search took too long; results are partial)"
    print(summary, file=sys.stderr)
    if results.total == 0 and results.corrected:
        print(f"did you mean: {results.corrected}", file=sys.stderr)
    return 0
