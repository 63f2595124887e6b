"""The README's promises: the CI runs its test command, and its syntax help is the program's."""

from __future__ import annotations

import re
from pathlib import Path

from viewer.search import QUERY_HELP

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands_and_ci_runs_the_test_one() -> None:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    commands = [b.strip() for b in re.findall(r"```sh\n(.*?)```", setup, re.S)]
    assert len(commands) == 2
    install, test = commands
    assert "pip install ." in install and install.endswith("archive-viewer")
    assert "[test]" in test and "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_query_syntax_in_readme_is_the_programs_help() -> None:
    assert QUERY_HELP.strip() in README


def test_every_cli_command_is_documented() -> None:
    from viewer.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"archive-viewer {name}" in README, name
