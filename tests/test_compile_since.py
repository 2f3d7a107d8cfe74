"""`brief compile --since DATE|last`: only what came into the library since then, and the
brief says which period it covers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tui.cli import main
from tui.library import Library
from tui.pipeline import ingest
from tui.selection import SelectionStore


def _story(folder: Path, name: str, title: str, topic: str) -> Path:
    path = folder / f"{name}.md"
    body = [
        f"The port authority said the {topic} plan would cost 40 million euros, "
        f"and the {topic} work would start in the spring after consultation round {n}."
        for n in range(3)
    ]
    path.write_text(f"# {title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("BRIEF_TODAY", "2025-06-10")
    lib_dir = tmp_path / "lib"
    docs = tmp_path / "docs"
    docs.mkdir()
    with Library.open(lib_dir) as lib:
        ingest(
            lib, [str(_story(docs, "old", "Old harbour story", "harbour"))], analyse_entities=False
        )
        # it came in long ago
        lib.execute("UPDATE article_arrivals SET added_at = '2025-01-01T09:00:00+00:00'")
        ingest(
            lib,
            [str(_story(docs, "new", "New harbour story", "harbour dredging"))],
            analyse_entities=False,
        )
    return lib_dir, tmp_path / "out"


def _compile(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["compile", *args])
    out, err = capsys.readouterr()
    data = yaml.safe_load(Path(out.strip()).read_text()) if code == 0 else {}
    return code, data, err


def test_since_a_date_keeps_only_new_articles_and_says_the_period(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    lib_dir, out = setup
    common = ["--library", str(lib_dir), "--out-dir", str(out), "--query", "harbour"]
    code, everything, err = _compile(capsys, *common, "-o", str(out / "all.yaml"))
    assert code == 0, err
    assert code == 0 and {s["title"] for s in everything["sources"]} == {
        "Old harbour story",
        "New harbour story",
    }
    assert "period" not in everything
    code, recent, _ = _compile(capsys, *common, "--since", "2025-03-01", "-o", str(out / "r.yaml"))
    assert code == 0
    assert [s["title"] for s in recent["sources"]] == ["New harbour story"]
    assert recent["period"] == "2025-03-01 to 2025-06-10"
    main(["compile", *common, "--since", "2025-03-01", "--format", "md", "-o", str(out / "r.md")])
    capsys.readouterr()
    assert "covers 2025-03-01 to 2025-06-10" in (out / "r.md").read_text()


def test_since_last_brief_of_the_selection(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib_dir, out = setup
    with Library.open(lib_dir) as lib:
        store = SelectionStore(lib, "daily")
        for (aid,) in lib.execute("SELECT id FROM articles").fetchall():
            store.add(aid, 0)
    common = ["--library", str(lib_dir), "--out-dir", str(out), "--selection", "daily"]
    code, first, err = _compile(capsys, *common, "--since", "last", "-o", str(out / "1.yaml"))
    assert code == 0 and len(first["sources"]) == 2
    assert "no earlier brief of this selection: everything is included" in err
    assert first["period"] == "everything up to 2025-06-10"
    # nothing new since: said so, nothing written
    code, _, err = _compile(capsys, *common, "--since", "last", "-o", str(out / "2.yaml"))
    assert code == 1 and "has no passages to compile since" in err
    with Library.open(lib_dir) as lib:
        ingest(
            lib,
            [str(_story(tmp_path / "docs", "later", "Later story", "ferry"))],
            analyse_entities=False,
        )
        later = lib.execute("SELECT id FROM articles WHERE title = 'Later story'").fetchone()[0]
        SelectionStore(lib, "daily").add(later, 1)
    code, third, _ = _compile(capsys, *common, "--since", "last", "-o", str(out / "3.yaml"))
    assert code == 0 and [s["title"] for s in third["sources"]] == ["Later story"]
    assert third["period"].endswith("UTC to 2025-06-10")


def test_since_usage_errors(setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    lib_dir, _ = setup
    assert main(["compile", "--library", str(lib_dir), "--query", "x", "--since", "yesterday"]) == 2
    assert "--since 'yesterday': not a date" in capsys.readouterr().err
    assert main(["compile", str(lib_dir), "--query", "x", "--since", "2025-01-01"]) == 2
