"""``archive-viewer import PATH...``: add files or folders to the archive."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="import files or folders into the archive")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--quiet", "-q", action="store_true", help="print only failures and the summary")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from viewer.services import open_services

    with open_services(args.data_dir) as services:
        report = services.library.import_paths(args.paths)
        for r in report.results:
            if r.status == "failed":
                print(f"failed     {r.error}", file=sys.stderr)
            elif not args.quiet and r.status != "skipped":
                print(f"{r.status:<10} {r.title or r.path}")
        if report.added:
            services.sync_index()
    print(report.summary(), file=sys.stderr)
    return 1 if report.failed and not (report.added or report.unchanged) else 0
