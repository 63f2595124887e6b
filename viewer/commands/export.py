"""``archive-viewer export``, ``import-annotations`` and ``restore-backup``: the user's notes
in and out of the data directory.

These only read the archive, so they work while a window has the same data directory open
(SQLite's WAL lets both proceed safely); only ``restore-backup`` needs the window closed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viewer.atomic import write_atomically


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common],
                       help="export annotations and bookmarks (Markdown, CSV or JSON)")
    p.add_argument("--format", choices=("md", "csv", "json"), default="md",
                   help="md: readable, with citations (default); csv: one row per annotation; "
                        "json: everything, for import-annotations")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=run_export)

    p = sub.add_parser("import-annotations", parents=[common],
                       help="merge a JSON export into this archive's notes (no duplicates)")
    p.add_argument("file", metavar="FILE", help="a file written by 'export --format json'")
    p.set_defaults(handler=run_import)

    p = sub.add_parser("restore-backup", parents=[common],
                       help="list the automatic backups of your notes, or restore one")
    p.add_argument("file", metavar="FILE", nargs="?",
                   help="the backup to restore (the current notes file is kept beside it)")
    p.set_defaults(handler=run_restore)


def _report_notices(store: object) -> None:
    recovered = getattr(store, "recovered", None)
    if recovered is not None:
        print(recovered.message, file=sys.stderr)
    warning = getattr(store, "backup_warning", None)
    if warning:
        print(warning, file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    from viewer.services import open_services
    from viewer.userdata import StoreError
    from viewer.userdata.exporting import export_text

    try:
        with open_services(args.data_dir, seed=False) as services:
            _report_notices(services.userdata)
            text = export_text(services.userdata, args.format, services.library.find)
    except StoreError as exc:
        print(f"archive-viewer export: {exc}", file=sys.stderr)
        return 1
    if args.out:
        try:
            write_atomically(Path(args.out).expanduser(), text.encode("utf-8"))
        except OSError as exc:
            print(f"archive-viewer export: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"exported to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from viewer.paths import DataPaths
    from viewer.userdata import StoreError, UserStore
    from viewer.userdata.importing import import_json

    try:
        with UserStore.open(DataPaths.resolve(args.data_dir)) as store:
            _report_notices(store)
            report = import_json(store, Path(args.file))
    except StoreError as exc:
        print(f"archive-viewer import-annotations: {exc}", file=sys.stderr)
        return 1
    print(f"imported {args.file}: {report.summary()}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from viewer.paths import DataPaths
    from viewer.userdata import StoreError, list_backups, restore_backup

    paths = DataPaths.resolve(args.data_dir)
    if not args.file:
        backups = list_backups(paths.backups_dir)
        if not backups:
            print(f"No backups in {paths.backups_dir}.", file=sys.stderr)
            return 1
        for b in backups:
            print(b)
        print("Restore one with: archive-viewer restore-backup FILE (close the window first)",
              file=sys.stderr)
        return 0
    try:
        aside = restore_backup(paths, Path(args.file))
    except StoreError as exc:
        print(f"archive-viewer restore-backup: {exc}", file=sys.stderr)
        return 1
    print(f"restored {args.file} as {paths.userdata_db}")
    if aside is not None:
        print(f"the notes file it replaced was kept as {aside}")
    return 0
