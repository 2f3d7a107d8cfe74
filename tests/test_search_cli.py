"""`brief search QUERY [PATH...] --json [--limit N]` as CONTRACTS.md describes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Dobrindt visits Kabul\n\n"
        "Alexander Dobrindt met officials in Kabul on Monday.\n\n"
        "The talks in Khyber Pakhtunkhwa were about border security.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Cricket in Lahore\n\nPakistan won the cricket match in Lahore on Sunday.\n\n"
        "Kabul stayed calm during the match.\n",
        encoding="utf-8",
    )
    return folder


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_search_files_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "dobrint kabul", str(files), "--json"]) == 0
    hits = lines(capsys.readouterr().out)
    assert len(hits) == 1
    hit = hits[0]
    assert set(hit) == {"article_id", "title", "paragraph", "score", "text", "highlights"}
    assert hit["title"] == "Dobrindt visits Kabul"
    assert isinstance(hit["score"], float)
    assert [hit["text"][s:e] for s, e in hit["highlights"]] == ["Dobrindt", "Kabul"]
    assert hit["text"].startswith("Alexander Dobrindt")


def test_limit_and_order(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "kabul", str(files), "--json", "--limit", "1"]) == 0
    assert len(lines(capsys.readouterr().out)) == 1
    assert main(["search", "kabul", str(files), "--json"]) == 0
    scores = [h["score"] for h in lines(capsys.readouterr().out)]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)


def test_ids_match_brief_articles(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["articles", str(files / "a.txt"), "--json"])
    article_id = lines(capsys.readouterr().out)[0]["id"]
    main(["search", "pakhtunkwa", str(files / "a.txt"), "--json"])
    assert lines(capsys.readouterr().out)[0]["article_id"] == article_id


def test_search_the_library(files: Path, tmp_path: Path, capsys) -> None:
    from tui.library import Library
    from tui.pipeline import ingest

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        ingest(lib, [str(files)], analyse_entities=False, workers=1)
    capsys.readouterr()
    assert main(["search", "lahre", "--library", str(folder), "--json"]) == 0
    hits = lines(capsys.readouterr().out)
    assert [h["title"] for h in hits] == ["Cricket in Lahore"]


def test_empty_library_is_not_an_error(tmp_path: Path, capsys) -> None:
    assert main(["search", "kabul", "--library", str(tmp_path / "empty"), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no passages" in captured.err


@pytest.mark.parametrize("query", ["the and of", "?!"])
def test_stop_words_only_is_a_usage_error(files: Path, query: str, capsys) -> None:
    assert main(["search", query, str(files), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nothing to search for" in captured.err


def test_missing_file_fails_but_others_are_searched(files: Path, capsys) -> None:
    assert main(["search", "kabul", str(files), str(files / "nope.txt"), "--json"]) == 1
    captured = capsys.readouterr()
    assert len(lines(captured.out)) == 2
    assert "nope.txt" in captured.err


def test_help_documents_the_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    for token in ("outlet:", "after:", "before:", "@", '"', "-"):
        assert token in out


def test_help_shows_the_query_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.search import QUERY_SYNTAX

    with pytest.raises(SystemExit):
        main(["search", "--help"])
    assert QUERY_SYNTAX in capsys.readouterr().out
