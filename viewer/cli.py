"""The ``archive-viewer`` command line.

Each subcommand lives in its own module under :mod:`viewer.commands` and exposes
``register(subparsers)``; this module only assembles them, so adding a command never
touches another's code. With no subcommand the window opens.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from viewer import __version__
from viewer.paths import DATA_DIR_ENV

# Order is the order shown in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "viewer.commands.gui",
    "viewer.commands.extract",
    "viewer.commands.list_docs",
    "viewer.commands.import_files",
    "viewer.commands.search",
    "viewer.commands.index",
    "viewer.commands.export",
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help=f"use DIR for the archive, index and notes (also ${DATA_DIR_ENV}; "
             "default: the platform's user data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="archive-viewer", parents=[common],
        description="Read, search and annotate an archive of diplomatic press releases.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


# In 'search rights -council', argparse would take -council for an option (and -housing
# for -h with an argument). Such words travel with this mark instead, in place.
EXCLUDED_WORD_MARK = "\u2212"  # MINUS SIGN
_SEARCH_VALUE_OPTIONS = frozenset({"--limit", "--sort", "--data-dir"})


def _shield_excluded_words(argv: list[str]) -> list[str]:
    if not argv or argv[0] != "search":
        return argv
    out = argv[:1]
    for word in argv[1:]:
        if word == "--":
            out.extend(argv[len(out):])
            break
        if out[-1] not in _SEARCH_VALUE_OPTIONS and word.startswith("-") \
                and word[1:2].isalnum() and word != "-h":
            word = EXCLUDED_WORD_MARK + word[1:]
        out.append(word)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_shield_excluded_words(list(sys.argv[1:] if argv is None else argv)))
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    handler = getattr(args, "handler", None)
    if handler is None:  # no subcommand: the window
        from viewer.commands import gui

        handler = gui.run
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def gui_main() -> int:
    """Entry point of the no-console twin: always the window."""
    return main(["gui", *sys.argv[1:]])
