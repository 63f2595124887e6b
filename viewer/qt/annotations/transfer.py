"""File › Export annotations / Import annotations: the work done off the GUI thread.

Both wrap :mod:`viewer.userdata`'s export and import; the export is written to a
temporary file beside the target and moved into place, so a failure (full disk) leaves
any earlier export intact.
"""

from __future__ import annotations

from pathlib import Path

from viewer.atomic import write_atomically
from viewer.library import Library
from viewer.userdata import UserStore
from viewer.userdata.exporting import FORMATS, export_text
from viewer.userdata.importing import ImportReport, import_json

FILE_FILTERS: dict[str, str] = {
    "md": "Markdown (*.md)",
    "csv": "CSV spreadsheet (*.csv)",
    "json": "JSON, complete — can be imported again (*.json)",
}


def format_for(path: Path, chosen_filter: str = "") -> str:
    """The export format a save dialog's answer asks for: the suffix, else the filter chosen."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "markdown":
        suffix = "md"
    if suffix in FORMATS:
        return suffix
    for fmt, label in FILE_FILTERS.items():
        if label == chosen_filter:
            return fmt
    return "md"


def export_to_file(store: UserStore, library: Library, fmt: str, path: Path) -> Path:
    text = export_text(store, fmt, library.find)
    if not path.suffix:
        path = path.with_suffix(f".{fmt}")
    write_atomically(path, text.encode("utf-8"))
    return path


def import_from_file(store: UserStore, path: Path) -> ImportReport:
    return import_json(store, path)
