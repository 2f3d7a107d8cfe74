"""The benchmark corpus generator and harness: seeded, idempotent, readable by brief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import corpus, harness
from tui.ingest import read_paths


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.generate(150, tmp_path_factory.mktemp("corpus") / "c150")


def test_same_seed_same_bytes(small: Path, tmp_path: Path) -> None:
    again = corpus.generate(150, tmp_path / "again")
    assert files(again) == files(small)
    other = corpus.generate(150, tmp_path / "other", seed=8)
    assert files(other) != files(small)


def test_generate_is_idempotent(small: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in small.rglob("*") if p.is_file()}
    assert corpus.generate(150, small) == small
    assert {p: p.stat().st_mtime_ns for p in small.rglob("*") if p.is_file()} == before


def test_regenerates_when_parameters_change(tmp_path: Path) -> None:
    out = corpus.generate(20, tmp_path / "c")
    assert corpus.stats(out)["n_articles"] == 20
    corpus.generate(30, out)
    assert corpus.stats(out)["n_articles"] == 30


def test_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("precious")
    with pytest.raises(FileExistsError):
        corpus.generate(5, tmp_path / "mine")
    assert (tmp_path / "mine" / "keep.txt").read_text() == "precious"


def test_manifest_and_mix_of_formats(small: Path) -> None:
    stats = corpus.stats(small)
    assert stats["n_articles"] == 150 and stats["bytes"] == sum(map(len, files(small).values()))
    kinds = {name.split("/")[0] for name in files(small)}
    assert kinds == {"txt", "md", "dump", "jsonl"}


def test_articles_look_like_news() -> None:
    arts = list(corpus.articles(60))
    assert all(5 <= len(a.paragraphs) <= 25 for a in arts)
    text = " ".join(p for a in arts for p in a.paragraphs)
    assert '," ' in text and " said" in text  # quotes
    assert "percent" in text and "according to the" in text  # figures with sources
    assert any(ch.isdigit() for ch in text) and "(" in text  # numbers, acronyms
    assert len({a.outlet for a in arts}) > 5 and len({a.published for a in arts}) > 30


def test_smaller_corpora_are_prefixes() -> None:
    assert corpus.article(7) == list(corpus.articles(10))[7]
    assert list(corpus.passages(3)) == [p for a in corpus.articles(3) for p in a.paragraphs]


def test_brief_reads_every_generated_file(small: Path) -> None:
    results = list(read_paths([str(small)]))
    assert [r.error for r in results if r.error] == []
    titles = {a.title for r in results for a in r.articles}
    expected = {a.title for a in corpus.articles(150)}
    assert len(titles & expected) >= 0.95 * len(expected)


def test_harness_table_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    rows = [
        harness.Row("s", "fast thing", 2.0, "ms", reference=4.0, reference_name="ref", ok=True),
        harness.Row("s", "plain", 1234.5, "x"),
    ]
    table = harness.format_table(rows)
    assert "0.50x" in table and "1,234" in table and "4 (ref)" in table

    def fake_run(ctx: harness.BenchContext, names: list[str]):
        assert ctx.sizes == (10, 20)
        return rows, []

    monkeypatch.setattr(harness, "run_sections", fake_run)
    out = tmp_path / "r.json"
    assert harness.main(["--sizes", "10,20", "--json", str(out)]) == 0
    saved = json.loads(out.read_text())
    assert saved["rows"][0]["ratio"] == 0.5 and saved["sizes"] == [10, 20]
    assert "fast thing" in capsys.readouterr().out
    assert harness.main(["--only", "no-such-section"]) == 2


def test_run_measured_reports_time_and_memory(tmp_path: Path) -> None:
    ctx = harness.BenchContext(cache=tmp_path)
    m = ctx.run_measured([ctx.python, "-c", "b = bytearray(40_000_000); print('hi')"])
    assert m.returncode == 0 and m.stdout.strip() == "hi"
    assert m.peak_rss_mb > 40 and m.seconds > 0 and m.cpu_seconds > 0
    assert ctx.median_time(lambda: None, repeat=3) >= 0


def test_library_dir_is_ingested_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "code_version", lambda: "fixed")
    ctx = harness.BenchContext(cache=tmp_path, verbose=False)
    folder = ctx.library_dir(12, entities=False)
    assert (folder / ".complete").exists()
    from tui.library import Library

    with Library.open(folder) as lib:
        assert lib.article_count() >= 11
    stamp = (folder / ".complete").stat().st_mtime_ns
    again = harness.BenchContext(cache=tmp_path, verbose=False).library_dir(12, entities=False)
    assert again == folder and (folder / ".complete").stat().st_mtime_ns == stamp
