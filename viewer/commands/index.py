"""``archive-viewer index``: check, update or rebuild the search index."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("index", parents=[common], help="check, update or rebuild the search index")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report the index's health without changing it")
    group.add_argument("--rebuild", action="store_true", help="rebuild the index from the archive")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from viewer.services import open_services

    with open_services(args.data_dir) as services:
        if args.check:
            health = services.index.check(deep=True)
            print(health.message)
            return 0 if health.ok else 1
        if args.rebuild:
            report = services.index.rebuild(services.library, progress=_progress)
        else:
            report = services.sync_index(progress=_progress, verify=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # ends the progress line
    print(report.summary())
    return 1 if report.errors and not report.total else 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rindexing {done}/{total}", end="", file=sys.stderr, flush=True)
