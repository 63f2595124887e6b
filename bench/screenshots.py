"""Reproduce docs/screenshot-light.png and docs/screenshot-dark.png from the real program.

Each picture is taken by ``archive-viewer gui --screenshot`` (hidden option) on a fresh
archive in a temporary folder, so it shows the bundled corpus and never the user's data
or saved layout. Runs offscreen; Hangul needs a CJK font (e.g. fonts-noto-cjk).

    python bench/screenshots.py            # the two docs/ pictures
    python bench/screenshots.py --small    # also docs/screenshot-small.png at 1024x640
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUERY = "human rights"


def shoot(out: Path, theme: str, size: str, data_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    cmd = [sys.executable, "-m", "viewer", "--data-dir", str(data_dir), "gui",
           "--screenshot", str(out), "--screenshot-theme", theme, "--screenshot-size", size,
           "--screenshot-query", QUERY]
    subprocess.run(cmd, check=True, env=env, cwd=REPO, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="also take a 1024x640 picture")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archive-viewer-shots-") as tmp:
        data = Path(tmp) / "archive"
        shoot(args.out / "screenshot-light.png", "light", "1366x768", data)
        shoot(args.out / "screenshot-dark.png", "dark", "1366x768", data)
        if args.small:
            shoot(args.out / "screenshot-small.png", "light", "1024x640", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
