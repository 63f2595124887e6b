"""The wheel carries the bundled archive and resources; the bundled corpus is unchanged."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_corpus_is_byte_for_byte_the_shared_one(shared_dir: Path) -> None:
    ours = {p.name: _digest(p.read_bytes()) for p in (REPO / "corpus").iterdir()}
    theirs = {p.name: _digest(p.read_bytes()) for p in (shared_dir / "corpus").iterdir()}
    assert ours == theirs


@pytest.mark.slow
def test_wheel_carries_corpus_and_resources(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
         str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("archive_viewer-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for src in (REPO / "corpus").iterdir():
            packed = f"viewer/_data/corpus/{src.name}"
            assert packed in names
            assert zf.read(packed) == src.read_bytes()
        resources = [n for n in names if n.startswith("viewer/_data/resources/")]
        assert any(n.endswith(".qss") for n in resources)
        assert any(n.endswith(".svg") for n in resources)
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
        assert "archive-viewer = viewer.cli:main" in entry_points
        assert "archive-viewer-gui = viewer.cli:gui_main" in entry_points


def test_bundled_paths_resolve_in_a_checkout() -> None:
    from viewer.paths import bundled_corpus_dir, resources_dir

    assert len(list(bundled_corpus_dir().glob("*.txt"))) == 5
    assert resources_dir().is_dir()
