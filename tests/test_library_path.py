"""A library folder whose name holds URI characters (`#`, `?`, `%`) works for every command.

SQLite reads `file:` URIs, where `#` starts a fragment and `?` the options: an unquoted path
opens (and could create) another file than the library's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main

NEWS = """# Floods close the river port

The river port at Varnholm closed on Monday after floods, the harbour authority said.

Hydrologists expect the water to fall by Thursday, when the port may reopen.
"""


@pytest.fixture
def odd_library(tmp_path: Path) -> Path:
    return tmp_path / "a#b?c%20d"


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_every_command_uses_the_library_it_was_given(
    tmp_path: Path, odd_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = tmp_path / "floods.md"
    news.write_text(NEWS, encoding="utf-8")
    lib = ["--library", str(odd_library)]

    assert main([*lib, "ingest", str(news), "-q"]) == 0
    capsys.readouterr()

    assert main([*lib, "list", "--json"]) == 0
    assert [r["title"] for r in _json_lines(capsys.readouterr().out)] == [
        "Floods close the river port"
    ]

    assert main([*lib, "search", "hydrologsts", "--json"]) == 0
    hits = _json_lines(capsys.readouterr().out)
    assert hits and "Hydrologists" in str(hits[0]["text"])

    out = tmp_path / "brief.md"
    assert (
        main([*lib, "compile", str(news), "--query", "port", "--format", "md", "-o", str(out)]) == 0
    )
    capsys.readouterr()
    assert "Varnholm" in out.read_text(encoding="utf-8")

    # nothing was created beside the library under a truncated name ("a", "a#b")
    assert {p.name for p in tmp_path.iterdir()} <= {"a#b?c%20d", "floods.md", "brief.md", "briefs"}
