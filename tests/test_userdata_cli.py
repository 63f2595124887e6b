"""The export / import-annotations / restore-backup commands, end to end."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.paths import DataPaths
from viewer.userdata import InstanceLock, UserStore, list_backups


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, str, str]:
    """A data directory with the bundled releases and one note on the first of them."""
    from viewer.services import open_services

    data = tmp_path / "data"
    with open_services(data) as services:
        doc = services.library.document(services.library.ids()[0])
        block = doc.blocks[min(2, len(doc.blocks) - 1)]
        (tmp_path / "paragraph").write_text(str(doc.blocks.index(block) + 1))
        (tmp_path / "publisher").write_text(doc.publisher or "")
        services.userdata.add_annotation(doc.id, doc.body, block.start, min(block.end, block.start + 30),
                                         note="check this\n<i>later</i>", tags=["cli"])
    return data, doc.id, doc.title


def test_export_markdown_to_stdout_cites_the_document(archive: tuple[Path, str, str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data, _, title = archive
    assert main(["--data-dir", str(data), "export", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert f"## {html.escape(title, quote=False)}\n" in out
    paragraph = (data.parent / "paragraph").read_text()
    publisher = (data.parent / "publisher").read_text()
    cite = next(line for line in out.splitlines() if line.startswith("\u2014 "))
    assert cite.rstrip().endswith(f"paragraph {paragraph}")
    assert publisher in cite and html.escape(title, quote=False) in cite
    assert "&lt;i&gt;later&lt;/i&gt;" in out


def test_json_export_then_import_into_another_archive(archive: tuple[Path, str, str], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data, doc_id, _ = archive
    out = tmp_path / "notes.json"
    assert main(["--data-dir", str(data), "export", "--format", "json", "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [a["doc_id"] for a in exported["annotations"]] == [doc_id]
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import-annotations", str(out)]) == 0
    assert main(["--data-dir", str(other), "import-annotations", str(out)]) == 0
    assert "already present 1 annotations" in capsys.readouterr().out
    with UserStore.open(DataPaths(other)) as s:
        assert [a.note for a in s.list_annotations()] == ["check this\n<i>later</i>"]


def test_import_of_a_bad_file_fails_clearly(archive: tuple[Path, str, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data, _, _ = archive
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["--data-dir", str(data), "import-annotations", str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_export_csv_works_while_a_window_holds_the_lock(archive: tuple[Path, str, str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data, _, _ = archive
    with InstanceLock(DataPaths(data).lock_file):
        assert main(["--data-dir", str(data), "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [r["note"] for r in rows] == ["check this\n<i>later</i>"]
    assert rows[0]["tags"] == "cli" and rows[0]["detached"] == "no"


def test_restore_backup_lists_and_restores(archive: tuple[Path, str, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data, _, _ = archive
    paths = DataPaths(data)
    with UserStore.open(paths) as s:  # the first open after saving writes today's backup
        note = s.list_annotations()[0]
        s.delete_annotation(note.id)
    backup = list_backups(paths.backups_dir)[0]
    assert main(["--data-dir", str(data), "restore-backup"]) == 0
    assert str(backup) in capsys.readouterr().out
    with InstanceLock(paths.lock_file):
        assert main(["--data-dir", str(data), "restore-backup", str(backup)]) == 1
    assert "already open" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "restore-backup", str(backup)]) == 0
    with UserStore.open(paths) as s:
        assert s.get_annotation(note.id) == note
