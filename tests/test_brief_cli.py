"""`brief compile` and `brief render` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.brief import read_brief
from tui.cli import main
from tui.library import Library
from tui.selection import SelectionStore

TEXT = """Floods close Rhine shipping

The Rhine was closed to shipping on Monday after floods raised the river above 9 metres at Cologne.

"We have not seen water this high since 1993," said Anna Weber, a spokeswoman for the authority.

Barges on the Rhine carrying 2 million tonnes of coal were stuck upstream, the association said.
"""


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("BRIEF_TODAY", "2025-01-02")
    path = work / "rhine.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compile_writes_and_prints_path(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "compile", str(news), "--query", "Rhine", "--format", "yaml")
    assert code == 0, err
    path = Path(out.strip())
    assert path == (news.parent / "briefs" / "rhine.yaml").resolve()
    brief = read_brief(path)
    assert brief.title == "Rhine" and brief.created.isoformat() == "2025-01-02"
    assert brief.key_points


def test_render_equals_compile_md(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["compile", str(news), "--query", "Rhine", "--title", "Rhine floods"]
    code, out_yaml, _ = _run(capsys, *base, "--format", "yaml")
    assert code == 0
    code, out_md, _ = _run(capsys, *base, "--format", "md")
    assert code == 0
    md_bytes = Path(out_md.strip()).read_bytes()
    code, rendered, _ = _run(capsys, "render", out_yaml.strip(), "--format", "md")
    assert code == 0
    assert rendered.encode("utf-8") == md_bytes
    code, out, _ = _run(capsys, "render", out_yaml.strip(), "-o", "again.md")
    assert code == 0 and Path(out.strip()).read_bytes() == md_bytes


def test_output_file_date_title_and_library_after_subcommand(
    news: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = tmp_path / "otherlib"
    code, out, err = _run(
        capsys,
        "compile",
        str(news),
        "-q",
        "Rhine",
        "--format",
        "md",
        "-o",
        "mine.md",
        "--date",
        "2024-12-31",
        "--title",
        "My brief",
        "--library",
        str(lib),
    )
    assert code == 0, err
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert text.startswith("My brief\n")
    assert "2024-12-31" in text
    assert (lib / "library.sqlite3").exists()


def test_existing_foreign_file_needs_force(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (news.parent / "briefs").mkdir()
    (news.parent / "briefs" / "rhine.md").write_text("mine\n", encoding="utf-8")
    code, _, err = _run(capsys, "compile", str(news), "-q", "Rhine", "--format", "md")
    assert code == 1 and "--force" in err
    code, _, err = _run(capsys, "compile", str(news), "-q", "Rhine", "--format", "md", "--force")
    assert code == 0, err


def test_usage_errors(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "compile", str(news))[0] == 2
    assert _run(capsys, "compile", str(news), "-q", "x", "--selection", "s")[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["compile", str(news), "-q", "x", "--format", "pdf"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["compile", str(news), "-q", "x", "--date", "tomorrow"])
    capsys.readouterr()


def test_nothing_matched(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "compile", str(news), "-q", "zzzz-nothing")
    assert code == 1 and "nothing matched" in err


def test_strict_and_cut_report(
    news: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paras = [
        f"Paragraph {i} about the Rhine tells how barges waited at the locks while the water "
        f"kept rising near the harbour of town number {i}, and how crews counted the days. "
        f"Officials in town {i} promised that the Rhine would reopen once the levels fell."
        for i in range(40)
    ]
    big = tmp_path / "big.txt"
    big.write_text("Rhine report\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "compile", str(big), "-q", "Rhine", "--top", "40", "--strict")
    assert code == 1 and "strict" in err
    code, out, err = _run(capsys, "compile", str(big), "-q", "Rhine", "--top", "40")
    assert code == 0
    assert "cut to fit one page" in err
    brief = read_brief(out.strip())
    assert len(brief.cuts) == err.count("cut to fit one page")


def test_compile_saved_selection(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.ingest import read_paths
    from tui.paths import library_dir

    arts = [a for r in read_paths([str(news)]) for a in r.articles]
    with Library.open(library_dir()) as lib:
        with lib.transaction():
            lib.replace_file_articles(str(news), arts)
        store = SelectionStore(lib, "rhine")
        store.add(arts[0].id, len(arts[0].paragraphs) - 1, note="check the tonnage")
        store.add(arts[0].id, 0)
        store.set_title("Saved selection")
        store.set_bluf("The river is shut.")
    code, out, err = _run(capsys, "compile", "--selection", "rhine", "--format", "yaml")
    assert code == 0, err
    brief = read_brief(out.strip())
    assert brief.title == "Saved selection" and brief.bluf == "The river is shut."
    assert [k.source.paragraph for k in brief.key_points] == [len(arts[0].paragraphs) - 1, 0]
    assert brief.key_points[0].note == "check the tonnage"
    assert _run(capsys, "compile", "--selection", "nope")[0] == 1


def test_byte_identical_across_processes(news: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "BRIEF_TODAY": "2025-01-02"}
        target = news.parent / f"out{seed}.yaml"
        done = subprocess.run(
            [sys.executable, "-m", "tui", "compile", str(news), "-q", "Rhine", "-o", str(target)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]


def test_compile_from_the_library_uses_stored_analyses(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.paths import library_dir
    from tui.pipeline import ingest

    with Library.open(library_dir()) as lib:
        ingest(lib, [str(news)], workers=1)
    code, out, err = _run(capsys, "compile", "-q", "Rhine Weber", "--format", "yaml")
    assert code == 0, err
    brief = read_brief(out.strip())
    assert brief.key_points and brief.actors
    assert len(brief.key_points) == 3  # every word matching in none: most words first
    assert any(a.name == "Anna Weber" for a in brief.actors)
