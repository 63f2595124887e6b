"""``archive-viewer list``: the archive's documents, newest first."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("list", parents=[common], help="list the archive's documents (date, publisher, title)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from viewer.services import open_services

    with open_services(args.data_dir) as services:
        rows = services.library.summaries()
    if args.json:
        json.dump([{"id": r.id, "date": r.date, "date_inferred": r.date_inferred, "publisher": r.publisher,
                    "title": r.display_title, "file": r.source_name, "people": list(r.people)} for r in rows],
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for r in rows:
        date = (r.date or "—") + ("~" if r.date_inferred else "")
        print(f"{date:<11}  {(r.publisher or '—')[:40]:<40}  {r.display_title}")
    print(f"{len(rows)} document{'s' if len(rows) != 1 else ''}"
          + ("  (~ inferred date)" if any(r.date_inferred for r in rows) else ""), file=sys.stderr)
    return 0
