"""The command line, as scripts use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "corpus").glob("*.txt"))

# What the bundled releases must parse to (from the reference annotations).
EXPECTED = {
    "000_3b1b61814a9714d6.txt": ("Ministry of Unification", "고민석", "2024-02-16", None),
    "001_015991f988cf6199.txt": (None, "Daniel Kim", None, "2024"),
    "002_5a29c078ea43867d.txt": ("Ministry of Foreign Affairs, Republic of Korea", None, "2024-10-12", None),
    "003_d6c9c5964b54ae55.txt": ("Ministry of Foreign Affairs, Republic of Korea", None, "2016-11-14", None),
    "004_36aa432579c8937b.txt": ("Ministry of Foreign Affairs, Republic of Korea", None, None, "2024-07"),
}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_extract_json_gives_gold_metadata_for_the_bundled_releases(
        capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "extract", "--json", *map(str, CORPUS))
    assert isinstance(out, list) and len(out) == 5
    for item in out:
        publisher, author, date, inferred = EXPECTED[item["file"]]
        assert item["publisher"] == publisher
        assert item["author"] == author
        assert item["date"] == date
        assert (item["date_inferred"] or "").startswith(inferred or "")
        assert item["title"] and item["body"]
        assert item["people"] and item["dates"] and item["commitments"]
        if inferred:
            assert item["date_evidence"]
    bylines = {item["file"]: {p["name"]: p["roles"] for p in item["people"]} for item in out}
    # A byline person has the role 'writer' only where the page says 'writer'.
    assert bylines["000_3b1b61814a9714d6.txt"]["고민석"] == ["writer"]
    assert bylines["001_015991f988cf6199.txt"]["Daniel Kim"] == []


def test_extract_reports_bad_files_and_still_prints_the_rest(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    out = run_json(capsys, "extract", "--json", str(binary), str(tmp_path / "absent.txt"), str(CORPUS[0]))
    assert isinstance(out, list)
    assert [("error" in o) for o in out] == [True, True, False]
    assert "blob.txt" in out[0]["error"] and "absent.txt" in out[1]["error"]


def test_list_uses_the_data_dir_flag_or_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "list", "--json", "--data-dir", str(tmp_path / "a"))
    assert isinstance(rows, list) and len(rows) == 5
    assert (tmp_path / "a" / "library.sqlite3").exists()
    monkeypatch.setenv("ARCHIVE_VIEWER_DATA", str(tmp_path / "b"))
    run_json(capsys, "list", "--json")
    assert (tmp_path / "b" / "library.sqlite3").exists()


def test_import_then_search_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    release = tmp_path / "r.txt"
    release.write_text("Press Releases\n\nTalks on Xylophone Diplomacy\n\nDate\n2024-05-02\n\n"
                       "1. The two sides agreed to hold xylophone talks again in June.\n", encoding="utf-8")
    assert main(["import", "--data-dir", data, str(release)]) == 0
    capsys.readouterr()
    result = run_json(capsys, "search", "--json", "--data-dir", data, "xylophone")
    assert isinstance(result, dict)
    assert result["total"] == 1
    hit = result["hits"][0]
    assert {"id", "file", "title", "date", "score", "snippet"} <= hit.keys()
    assert hit["file"] == "r.txt" and hit["title"] == "Talks on Xylophone Diplomacy"
    assert "xylophone" in hit["snippet"].lower()
    assert result["facets"]["publisher"] is not None


def test_search_sorts_by_date_and_survives_malformed_queries(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    result = run_json(capsys, "search", "--json", "--sort", "date", "--data-dir", data, "human rights")
    dates = [h["date"] for h in result["hits"]]  # type: ignore[index]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    by_relevance = run_json(capsys, "search", "--json", "--data-dir", data, "human rights")
    scores = {h["id"]: h["score"] for h in by_relevance["hits"]}  # type: ignore[index]
    # Date order keeps each hit's relevance score.
    assert {h["id"]: h["score"] for h in result["hits"]} == scores  # type: ignore[index]
    assert all(score > 0 for score in scores.values())
    for bad in ('"unbalanced', "(((", "title:", "*", "AND OR"):
        out = run_json(capsys, "search", "--json", "--data-dir", data, bad)
        assert isinstance(out, dict) and "total" in out


def test_index_check_and_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["index", "--data-dir", data]) == 0
    assert main(["index", "--check", "--data-dir", data]) == 0
    assert main(["index", "--rebuild", "--data-dir", data]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("5 documents indexed")
    assert main(["index", "--data-dir", data]) == 0
    assert capsys.readouterr().out.strip() == "5 documents indexed"
    found = run_json(capsys, "search", "--json", "--data-dir", data, "Turner")
    assert found["total"] >= 2 and found["index_notice"] is None  # type: ignore[index]


def test_search_says_when_it_repaired_the_index(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert main(["index", "--data-dir", str(data)]) == 0
    postings = next(data.glob("index/ix-*/*.pst"))
    postings.write_bytes(postings.read_bytes()[:100])
    capsys.readouterr()
    assert main(["search", "--data-dir", str(data), "Turner"]) == 0
    err = capsys.readouterr().err
    assert "note: index rebuilt: index is damaged" in err
    postings = next(data.glob("index/ix-*/*.pst"))
    postings.write_bytes(postings.read_bytes()[:100])
    found = run_json(capsys, "search", "--json", "--data-dir", str(data), "Turner")
    assert "index is damaged" in found["index_notice"] and found["total"] >= 2  # type: ignore[index,operator]


def test_the_installed_command_and_python_m_run(tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVE_VIEWER_DATA": str(tmp_path / "d")}
    out = subprocess.run([sys.executable, "-m", "viewer", "list"], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    assert out.stdout.count("\n") == 5
    assert "PySide6" not in subprocess.run(
        [sys.executable, "-c", "import sys, viewer.cli, viewer.services; "
         "viewer.cli.build_parser(); print(sorted(m for m in sys.modules if m.startswith('PySide6')))"],
        capture_output=True, text=True, env=env, timeout=120, check=True).stdout.replace("[]", "")


def test_eval_script_scores_full_metadata(shared_dir: Path) -> None:
    cmd = f"{sys.executable} -m viewer extract --json"
    out = subprocess.run([sys.executable, str(shared_dir / "tools" / "eval_extraction.py"), "--gold",
                          str(shared_dir / "gold"), "--docs", str(REPO / "corpus"), "--cmd", cmd,
                          "--min-f1", "metadata=1.0"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "metadata     24/24 fields right" in out.stdout


def test_search_takes_minus_words_as_exclusions_not_options(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    everything = run_json(capsys, "search", "--json", "--data-dir", data, "rights")
    without = run_json(capsys, "search", "--json", "--data-dir", data, "rights", "-council")
    alone = run_json(capsys, "search", "--json", "--data-dir", data, "-council")
    assert 0 < without["total"] < everything["total"]  # type: ignore[index,operator]
    assert alone["total"] == without["total"]  # type: ignore[index]
    # -h... words are not the help option; the order of the words is kept.
    h_word = run_json(capsys, "search", "--json", "--data-dir", data, "rights", "-humanitarian")
    assert 0 < h_word["total"] < everything["total"]  # type: ignore[index,operator]
    assert run_json(capsys, "search", "--json", "--data-dir", data, "-council", "OR",
                    "rights")["query"] == "-council OR rights"  # type: ignore[index]
    assert run_json(capsys, "search", "--json", "--limit", "2", "--data-dir", data,
                    "--", "-council")["total"] == without["total"]  # type: ignore[index]
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "--data-dir", data, "--lmit", "3", "rights"])  # a mistyped option
    assert exit_info.value.code == 2
