"""docs/commands.md describes every command and every option it takes."""

from __future__ import annotations

import argparse
import re

from tests.conftest import REPO
from tui.cli import COMMANDS, _command_parser

DOC = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = _command_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_has_its_place_in_the_docs() -> None:
    missing = [name for name in COMMANDS if not re.search(rf"`brief {re.escape(name)}\b", DOC)]
    assert missing == []


def test_every_option_of_every_command_is_described() -> None:
    missing = []
    for name, sub in _subparsers().items():
        for action in sub._actions:
            names = [o for o in action.option_strings if o not in ("-h", "--help", "--library")]
            said = [o for o in names if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", DOC)]
            if names and not said:
                missing.append(f"{name} {names[-1]}")
    assert missing == []


def test_the_readme_points_at_the_docs_and_nothing_at_a_missing_file() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/commands.md" in readme
    for path in [REPO / "README.md", *(REPO / "tui").rglob("*.py")]:
        for name in re.findall(r"\b([\w/.-]+\.md)\b", path.read_text(encoding="utf-8")):
            if "/" in name or name.isupper() or name[:1].isupper():
                where = [REPO / name, REPO / "docs" / name, path.parent / name]
                assert any(p.exists() for p in where), f"{path.name} points at {name}"
