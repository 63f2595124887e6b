"""``archive-viewer gui``: open the window (also what a bare ``archive-viewer`` does).

Qt is imported inside :func:`run` only, so every other command starts without it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("gui", parents=[common], help="open the window (the default)",
                            description="Open the archive viewer window.")
    # Hidden: reproduce the screenshots in docs/ (see bench/screenshots.py).
    parser.add_argument("--screenshot", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot-size", default="1366x768", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot-theme", default="light", choices=("light", "dark"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--screenshot-query", default="", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from viewer.qt.app import Screenshot
    from viewer.qt.app import run as run_window

    shot = None
    path = getattr(args, "screenshot", None)
    if path:
        m = re.fullmatch(r"(\d+)x(\d+)", getattr(args, "screenshot_size", "1366x768"))
        if not m:
            print("--screenshot-size must look like 1366x768")
            return 2
        shot = Screenshot(Path(path), int(m.group(1)), int(m.group(2)),
                          getattr(args, "screenshot_theme", "light"),
                          getattr(args, "screenshot_query", ""))
    return run_window(getattr(args, "data_dir", None), shot)
