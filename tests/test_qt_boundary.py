"""Architecture: only viewer/qt imports PySide6, and the core loads without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "viewer"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_viewer_qt_imports_pyside6() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "qt":
            continue
        bad = sorted(n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6"))
        if bad:
            offenders.append(f"{rel}: {', '.join(bad)}")
    assert not offenders, "PySide6 imported outside viewer/qt:\n" + "\n".join(offenders)


def test_the_scan_sees_qt_imports() -> None:
    # Guards the test above against silently scanning nothing.
    assert "PySide6.QtWidgets" in _imports(PACKAGE / "qt" / "main_window.py")


@pytest.mark.parametrize("module", [
    "viewer.cli", "viewer.library", "viewer.services", "viewer.search", "viewer.userdata",
    "viewer.commands.gui",
])
def test_core_modules_do_not_load_pyside6(module: str) -> None:
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            "import viewer.cli; viewer.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"{module} loaded {out.stdout.strip()}"
