"""The command line: dispatch, --library in either place, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import _first_word, main


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--library", "D", "ingest", "x"], "ingest"),
        (["--library=D", "list"], "list"),
        (["ingest", "x", "--library", "D"], "ingest"),
        (["--library", "D"], None),
        (["some/folder"], "some/folder"),
    ],
)
def test_first_word_skips_the_library_value(argv: list[str], word: str | None) -> None:
    assert _first_word(argv) == word


def test_library_option_before_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = tmp_path / "news.md"
    news.write_text("# A headline\n\nA first paragraph of plain text.\n", encoding="utf-8")
    lib = tmp_path / "lib"
    assert main(["--library", str(lib), "ingest", str(news), "-q"]) == 0
    capsys.readouterr()
    assert main(["--library", str(lib), "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["title"] for r in rows] == ["A headline"]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["articles"])
    assert exc.value.code == 2


def test_counts_of_one_are_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news.md"
    news.write_text("# A headline\n\nA first paragraph of plain text.\n", encoding="utf-8")
    lib = tmp_path / "lib"
    assert main(["--library", str(lib), "ingest", str(news)]) == 0
    out = capsys.readouterr().out
    assert "1 file, " in out and "1 new article in" in out and "holds 1 article " in out, out
    assert main(["--library", str(lib), "list"]) == 0
    out = capsys.readouterr().out
    assert "1 article (1 unread), 1 passage from 1 file in" in out, out


def test_a_mistyped_command_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(tmp_path / "lib"), "serach", "dobrindt"]) == 2
    err = capsys.readouterr().err
    assert err == "brief: unknown command 'serach' (did you mean search?)\n"


def test_a_word_that_is_a_file_still_opens_it_not_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes").write_text("A title\n\nSome text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    opened: list[list[str]] = []
    def run(library: str | None, paths: list[str]) -> int:
        opened.append(paths)
        return 0

    monkeypatch.setattr("tui.commands.open.run", run)
    assert main(["--library", str(tmp_path / "lib"), "notes"]) == 0
    assert opened == [["notes"]]


def test_without_a_terminal_the_reader_refuses_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "tui", "--library", str(tmp_path / "lib")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "the reader needs a terminal" in out.stderr
