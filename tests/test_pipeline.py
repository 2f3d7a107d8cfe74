"""Ingest: idempotent and incremental, nothing duplicated, nothing silently lost;
and the `brief ingest` / `brief list` commands."""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path

import pytest

from tui import cli, pipeline
from tui import ingest as readers
from tui.library import Library
from tui.model import Analysis, Article


def write(path: Path, title: str, *paras: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(paras or (f"The body of {title} has one sentence.",))
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "news"
    write(src / "a.txt", "Alpha story", "Alpha happened in the north.", "More on alpha.")
    write(src / "b.txt", "Beta story", "Beta happened in the south.")
    write(src / "sub" / "c.txt", "Gamma story", "Gamma happened at sea.")
    return src


@pytest.fixture
def lib(tmp_path: Path):
    with Library.open(tmp_path / "lib") as library:
        yield library


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the readers were asked to parse."""
    seen: list[str] = []
    real = readers.read_bytes

    def counting(data: bytes, source_path: str, warnings: list[str] | None = None) -> list[Article]:
        seen.append(source_path)
        return real(data, source_path, warnings)

    monkeypatch.setattr(readers, "read_bytes", counting)
    return seen


def titles(lib: Library) -> list[str]:
    return sorted(s.title for s in lib.summaries())


def test_first_ingest_stores_everything(lib: Library, folder: Path) -> None:
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert report.ok
    assert (report.files_seen, report.files_read, report.articles_added) == (3, 3, 3)
    assert titles(lib) == ["Alpha story", "Beta story", "Gamma story"]
    assert lib.stats().files == 3
    assert "3 new articles" in report.summary()


def test_unchanged_files_are_not_read_again(lib: Library, folder: Path, reads: list[str]) -> None:
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    reads.clear()
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert reads == []
    assert (report.files_unchanged, report.files_read, report.articles_added) == (3, 0, 0)
    assert lib.article_count() == 3


def test_touched_file_is_hashed_not_parsed(lib: Library, folder: Path, reads: list[str]) -> None:
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    reads.clear()
    a = folder / "a.txt"
    os.utime(a, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns + 5_000_000_000))
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert reads == [] and report.files_unchanged == 3
    state = lib.file_state(str(a.resolve()))
    assert state is not None and state.mtime_ns == a.stat().st_mtime_ns
    reads.clear()
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert reads == []  # the new mtime was recorded


def test_changed_file_replaces_its_articles(lib: Library, folder: Path) -> None:
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    write(folder / "a.txt", "Alpha story, updated", "Alpha changed.")
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert (report.files_read, report.articles_added, report.articles_removed) == (1, 1, 1)
    assert titles(lib) == ["Alpha story, updated", "Beta story", "Gamma story"]
    assert lib.stats().passages == 3


def test_vanished_file_keeps_its_articles(lib: Library, folder: Path) -> None:
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    (folder / "b.txt").unlink()
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert report.ok and report.articles_removed == 0 and report.files_missing == 1
    assert "1 gone (their articles kept)" in report.summary()
    assert "Beta story" in titles(lib)


def test_same_article_in_two_files_is_stored_once(lib: Library, tmp_path: Path) -> None:
    one = write(tmp_path / "x" / "one.txt", "Twice told", "Identical text.")
    two = tmp_path / "y" / "two.txt"
    two.parent.mkdir()
    two.write_bytes(one.read_bytes())
    report = pipeline.ingest(lib, [str(one), str(two)], analyse_entities=False)
    assert report.articles_added == 1 and lib.article_count() == 1
    assert lib.execute("SELECT COUNT(*) FROM file_articles").fetchone()[0] == 2
    # one copy changes: the other still holds the original
    write(one, "Twice told, revised", "Different text.")
    pipeline.ingest(lib, [str(one), str(two)], analyse_entities=False)
    assert titles(lib) == ["Twice told", "Twice told, revised"]


def test_article_moving_between_files_is_kept(lib: Library, tmp_path: Path) -> None:
    a = write(tmp_path / "m" / "a.txt", "Mover story", "The mover moved to another file.")
    b = write(tmp_path / "m" / "b.txt", "Stayer story", "The stayer stayed where it was.")
    pipeline.ingest(lib, [str(tmp_path / "m")], analyse_entities=False)
    content = a.read_bytes()
    a.write_bytes(b.read_bytes() + b"\n")
    b.write_bytes(content + b"\n")
    report = pipeline.ingest(lib, [str(tmp_path / "m")], analyse_entities=False)
    assert report.files_read == 2
    assert titles(lib) == ["Mover story", "Stayer story"]
    assert report.added_ids == [] and report.removed_ids == []


def test_bad_files_are_reported_and_the_rest_stored(lib: Library, folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    missing = str(folder / "nope.txt")
    report = pipeline.ingest(lib, [str(folder), missing], analyse_entities=False)
    assert not report.ok and report.files_failed == 3
    failed = {Path(e.path).name for e in report.errors}
    assert failed == {"empty.txt", "binary.bin", "nope.txt"}
    assert all(str(e).startswith(e.path + ": ") for e in report.errors)
    assert lib.article_count() == 3


def test_oversized_file_is_refused(lib: Library, tmp_path: Path) -> None:
    write(tmp_path / "big" / "big.txt", "Big", "word " * 500)
    report = pipeline.ingest(lib, [str(tmp_path / "big")], max_bytes=100, analyse_entities=False)
    assert report.files_failed == 1 and "too large" in report.errors[0].reason


def test_a_reader_crash_is_one_failed_file(
    lib: Library, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = readers.read_bytes

    def flaky(data: bytes, source_path: str, warnings: list[str] | None = None) -> list[Article]:
        if source_path.endswith("b.txt"):
            raise ValueError("reader bug")
        return real(data, source_path, warnings)

    monkeypatch.setattr(readers, "read_bytes", flaky)
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert report.files_failed == 1 and "reader bug" in report.errors[0].reason
    assert lib.article_count() == 2


def test_the_library_own_files_are_not_ingested(lib: Library, tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", "Alpha story", "Alpha happened in the north.")
    report = pipeline.ingest(lib, [str(tmp_path)], analyse_entities=False)
    assert report.ok and report.files_seen == 1 and lib.article_count() == 1


def test_stdin(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"From a pipe\n\nPiped text arrives here.\n"
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=_Bytes(data)))
    report = pipeline.ingest(lib, ["-"], analyse_entities=False)
    assert report.ok and titles(lib) == ["From a pipe"]


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, n: int = -1) -> bytes:
        out, self.data = self.data, b""
        return out


def test_entities_are_analysed_and_saved_for_new_articles(
    lib: Library, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[str] = []
    store = types.ModuleType("tui.entities.store")
    store.save = lambda _lib, analysis: saved.append(analysis.article_id)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.entities.store", store)
    import tui.entities

    monkeypatch.setattr(tui.entities, "store", store, raising=False)
    monkeypatch.setattr(tui.entities, "analyse", lambda a: Analysis(a.id))
    report = pipeline.ingest(lib, [str(folder)])
    assert sorted(saved) == sorted(report.added_ids) and len(saved) == 3
    saved.clear()
    write(folder / "b.txt", "Beta story", "Beta changed.")
    report = pipeline.ingest(lib, [str(folder)])
    assert saved == report.added_ids and len(saved) == 1
    saved.clear()
    write(folder / "b.txt", "Beta story", "Beta changed again.")
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert saved == []


def test_search_index_is_told_what_changed(
    lib: Library, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.search

    calls: list[tuple[list[str], list[str]]] = []
    handed: list[set[str]] = []

    def update(_lib: Library, added: list[str], removed: list[str], prepared: dict) -> None:
        calls.append((added, removed))
        handed.append(set(prepared))

    monkeypatch.setattr(tui.search, "update_index", update)
    first = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert calls == [(first.added_ids, [])]
    assert handed == [set(first.added_ids)]  # tokenised while reading, not read back
    old = {a for a in first.added_ids if lib.article(a).title == "Beta story"}  # type: ignore[union-attr]
    calls.clear()
    write(folder / "b.txt", "Beta story", "Beta changed.")
    second = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert calls == [(second.added_ids, sorted(old))]
    calls.clear()
    pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert calls == []


def test_a_failing_search_index_does_not_lose_articles(
    lib: Library, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.search

    def broken(*_: object) -> None:
        raise RuntimeError("index broke")

    monkeypatch.setattr(tui.search, "update_index", broken)
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False)
    assert report.index_error and "index broke" in report.index_error and not report.ok
    assert lib.article_count() == 3


def test_batches_commit_as_they_go(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_FILES", 2)
    for i in range(5):
        write(tmp_path / "n" / f"{i}.txt", f"Story {i}", f"Text number {i}.")
    seen: list[int] = []
    report = pipeline.ingest(
        lib,
        [str(tmp_path / "n")],
        analyse_entities=False,
        progress=lambda p: seen.append(p.files_done),
    )
    assert report.articles_added == 5 and seen[0] == 0 and seen[-1] == 5


def test_worker_processes_give_the_same_library(tmp_path: Path, folder: Path) -> None:
    for i in range(12):
        write(folder / "more" / f"{i}.txt", f"Extra {i}", f"Extra text {i}.")
    with Library.open(tmp_path / "l1") as one, Library.open(tmp_path / "l2") as two:
        r1 = pipeline.ingest(one, [str(folder)], analyse_entities=False, workers=1)
        r2 = pipeline.ingest(two, [str(folder)], analyse_entities=False, workers=2)
        assert r1.articles_added == r2.articles_added == 15
        assert one.summaries() == two.summaries()


# --- the commands ------------------------------------------------------------------


def brief(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_command_summary_and_exit_codes(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    lib_dir = str(tmp_path / "cli-lib")
    code, out, err = brief(capsys, "ingest", str(folder), "--library", lib_dir, "--no-entities")
    assert code == 0 and err == ""
    assert "3 new articles" in out and "holds 3 articles" in out
    code, out, err = brief(capsys, f"--library={lib_dir}", "ingest", str(folder), "--no-entities")
    assert code == 0 and "3 unchanged" in out
    (folder / "bad.txt").write_bytes(b"")
    code, out, err = brief(capsys, "ingest", str(folder), "--library", lib_dir, "--json")
    assert code == 1
    assert err.count("\n") == 1 and "bad.txt" in err and "\r" not in err
    summary = json.loads(out)
    assert summary["failed"] == 1 and summary["articles_total"] == 3


def test_ingest_uses_brief_home_by_default(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    code, _, _ = brief(capsys, "ingest", str(folder), "--no-entities")
    assert code == 0
    assert (Path(os.environ["BRIEF_HOME"]) / "library.sqlite3").exists()


def test_list_command(capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path) -> None:
    lib_dir = str(tmp_path / "cli-lib")
    code, out, err = brief(capsys, "list", "--library", lib_dir)
    assert code == 0 and out == "" and "no library" in err
    brief(capsys, "ingest", str(folder), "--library", lib_dir, "--no-entities")
    code, out, _ = brief(capsys, "list", "--library", lib_dir)
    assert code == 0 and "Alpha story" in out and "3 articles" in out
    code, out, _ = brief(capsys, f"--library={lib_dir}", "list", "--json", "--limit", "2")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    assert set(rows[0]) >= {"id", "title", "outlet", "published", "source_path", "paragraph_count"}


def test_library_error_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    import sqlite3

    lib_dir = tmp_path / "newer"
    lib_dir.mkdir()
    conn = sqlite3.connect(lib_dir / "library.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    code, out, err = brief(capsys, "ingest", str(folder), "--library", str(lib_dir))
    assert code == 1 and out == "" and err.count("\n") == 1 and "newer brief" in err


def test_progress_line_shows_files_mb_articles_rate_and_time_left() -> None:
    import io

    from tui.commands.ingest import ProgressLine

    out = io.StringIO()
    show = ProgressLine(out)
    p = pipeline.Progress(files_total=10, bytes_total=4_000_000, started=0.0)
    p.files_done, p.bytes_done, p.articles = 5, 2_000_000, 7
    show(p)
    line = out.getvalue()
    assert line.startswith("\r\x1b[2K") and "\n" not in line
    for part in ("5/10 files", "2.0/4.0 MB", "7 articles", "MB/s", "left"):
        assert part in line
    show.clear()
    assert out.getvalue().endswith("\r\x1b[2K")


def test_no_escape_sequence_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "hostile"
    src.mkdir()
    (src / "evil\x1b]52;c;aGk=\x07\x1b[2J.txt").write_bytes(b"")
    write(src / "ok.txt", "Title with \x1b[31mred\x1b[0m", "Body \x1b]0;owned\x07 text here.")
    lib_dir = str(tmp_path / "lib")
    code, out, err = brief(capsys, "ingest", str(src), "--library", lib_dir, "--no-entities")
    assert code == 1 and "evil" in err
    code, listed, _ = brief(capsys, "list", "--library", lib_dir)
    for text in (out, err, listed):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "Title with red" in listed


def test_a_broken_worker_pool_falls_back_to_reading_here(
    lib: Library, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    class DyingPool:
        """Runs the first group, then dies like a pool whose worker was killed."""

        def __init__(self, *a: object, **k: object) -> None:
            self.calls = 0

        def submit(self, fn, *args):
            self.calls += 1
            if self.calls > 2:
                raise BrokenProcessPool("gone")
            f: Future[object] = Future()
            if self.calls == 1:
                f.set_result(fn(*args))
            else:
                f.set_exception(BrokenProcessPool("killed"))
            return f

        def shutdown(self, **k: object) -> None:
            pass

    for i in range(20):
        write(folder / "many" / f"{i:02d}.txt", f"Story {i}", f"Story number {i} text.")
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", DyingPool)
    report = pipeline.ingest(lib, [str(folder)], analyse_entities=False, workers=2)
    assert report.ok and report.articles_added == 23 and lib.article_count() == 23


def test_index_from_worker_tokens_answers_like_one_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest's workers tokenise for the index; the writer maps their local term ids
    to the library's. The result must be the index built from the stored articles."""
    import tui.search
    from tui.search import Index, sync_index

    src = tmp_path / "many"
    for i in range(24):  # three worker groups, each with its own term list
        write(
            src / f"{i:02}.txt",
            f"Story {i} from Zerlinsk",
            f"Minister Odalys Varga{i % 5} met the Karvonen council on day {i}.",
            "Café owners in Zürich said the levy was unfair; others disagreed.",
            f"Word{i} appears only here, beside the common river Amsel.",
        )
    queries = ["varga3 karvonen", "zurich cafe", "word17", "amsl river", '"the levy"', "day -word5"]
    with Library.open(tmp_path / "a") as a:
        pipeline.ingest(a, [str(src)], analyse_entities=False, workers=2)
        from_workers = Index.load(a)
        got = {
            q: [(h.title, h.text, h.highlights) for h in from_workers.search(q)] for q in queries
        }
    monkeypatch.setattr(tui.search, "update_index", lambda *_a, **_k: None)
    with Library.open(tmp_path / "b") as b:
        pipeline.ingest(b, [str(src)], analyse_entities=False, workers=1)
        monkeypatch.undo()
        assert sync_index(b)
        read_back = Index.load(b)
        want = {q: [(h.title, h.text, h.highlights) for h in read_back.search(q)] for q in queries}
    assert got == want
    assert all(got[q] for q in queries[:-2])  # and the queries do find something
    assert len(got["word17"]) == 1 and "Word17" in got["word17"][0][1]
