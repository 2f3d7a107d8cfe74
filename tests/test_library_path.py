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


def test_the_other_commands_use_the_library_they_were_given(
    tmp_path: Path, odd_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Selections, corrections, read state, subscriptions, rendering and removing, each
    on the library in `a#b?c%20d`; nothing is created under a truncated name."""
    from tui.library import Library

    news = tmp_path / "floods.md"
    news.write_text(NEWS, encoding="utf-8")
    lib = ["--library", str(odd_library)]
    assert main([*lib, "ingest", str(news), "-q", "--no-entities"]) == 0
    capsys.readouterr()
    assert main([*lib, "list", "--json"]) == 0
    (row,) = _json_lines(capsys.readouterr().out)
    aid = str(row["id"])

    assert main([*lib, "selections", "add", "floods", aid, "1", "--note", "ask the port"]) == 0
    assert main([*lib, "selections", "show", "floods", "--json"]) == 0
    shown = capsys.readouterr().out
    assert "ask the port" in shown and aid in shown

    yaml_path = tmp_path / "floods.yaml"
    assert main([*lib, "compile", "--selection", "floods", "-o", str(yaml_path)]) == 0
    assert main([*lib, "render", str(yaml_path), "--format", "md"]) == 0
    assert "ask the port" in capsys.readouterr().out

    assert main([*lib, "entities", "rename", "Varnholm", "Varnholm Port"]) == 0
    capsys.readouterr()
    assert main([*lib, "entities", "rules", "list"]) == 0
    assert "Varnholm Port" in capsys.readouterr().out
    assert main([*lib, "entities", "undo"]) == 0

    assert main([*lib, "mark", aid]) == 0
    capsys.readouterr()
    assert main([*lib, "list", "--unread", "--json"]) == 0
    assert _json_lines(capsys.readouterr().out) == []

    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline type="rss" text="Port news" xmlUrl="http://127.0.0.1:9/port.xml"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    assert main([*lib, "import-opml", str(opml)]) == 0
    capsys.readouterr()
    assert main([*lib, "feeds", "--json"]) == 0
    assert [f["url"] for f in _json_lines(capsys.readouterr().out)] == [
        "http://127.0.0.1:9/port.xml"
    ]
    assert main([*lib, "export-opml"]) == 0
    assert "127.0.0.1:9/port.xml" in capsys.readouterr().out
    assert main([*lib, "remove", "http://127.0.0.1:9/port.xml"]) == 0
    assert main([*lib, "remove", "--source", str(news.resolve())]) == 0
    capsys.readouterr()

    with Library.open(odd_library) as opened:  # all of it happened in this library
        assert opened.article_count() == 0  # the source was removed
        assert opened.execute("SELECT COUNT(*) FROM selection_items").fetchone()[0] == 1
        assert opened.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 0
    assert {p.name for p in tmp_path.iterdir()} <= {
        "a#b?c%20d", "floods.md", "floods.yaml", "feeds.opml", "briefs",
    }  # fmt: skip
