"""Faults a user can meet, through the commands they would run (`brief ingest`,
`brief list`, `brief search`, `brief compile`) and the core calls the app makes:

- a read-only library folder, a full disk: a real tmpfs mounted for the test when
  this machine allows it (tests run as root in CI), else skipped; the same faults
  are also injected in-process (SQLite `query_only`, `max_page_count`), always;
- a truncated, overwritten or internally damaged library file;
- a library written by a newer brief (refused, byte for byte untouched);
- config files with errors (the problem named with its line; defaults used);
- two `brief` processes on one library at once (both work, nothing lost).

Every failure must be one clear line on stderr, never a traceback, and nothing
saved before the fault may be lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.brief import compile_brief, write_brief
from tui.brief.inputs import passages_from_selection
from tui.config import load_settings
from tui.errors import BriefError, BriefFileError, LibraryError
from tui.library import DB_NAME, SCHEMA_VERSION, Library
from tui.model import Analysis
from tui.selection import SelectionStore

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "minister",
    "officials",
    "drought",
    "river",
    "harbour",
    "assembly",
    "report",
    "percent",
    "water",
    "plan",
    "Kabul",
    "Velmora",
    "said",
    "Thursday",
    "budget",
    "strike",
    "fleet",
    "reservoir",
]


# --- helpers ---------------------------------------------------------------------------------


def brief(
    *args: str, cwd: Path | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the `brief` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 1, no traceback, a `brief: ...` line on stderr holding `words`."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("brief:")]
    assert lines, result.stderr
    for word in words:
        assert any(word in ln for ln in lines), (word, result.stderr)
    return lines[-1]


def make_corpus(folder: Path, n: int, tag: str, paragraphs: int = 6, seed: int = 1) -> Path:
    """`n` small plain-text articles; each holds the word `tag` so a search finds them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = [
            " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + f" {tag}{i}."
            for _ in range(paragraphs)
        ]
        text = f"Story {tag} number {i} about water\n\n" + "\n\n".join(paras) + "\n"
        (folder / f"{tag}{i}.txt").write_text(text, encoding="utf-8")
    return folder


def listing(lib_dir: Path) -> list[str]:
    result = brief("list", "--json", "--library", str(lib_dir))
    assert result.returncode == 0, result.stderr
    return sorted(json.loads(line)["id"] for line in result.stdout.splitlines())


def select_some(lib_dir: Path, name: str = "default", n: int = 5) -> list[tuple[str, int]]:
    with Library.open(lib_dir) as lib:
        store = SelectionStore(lib, name)
        picked = [(a, i) for a, i, _ in lib.passages()][:n]
        for aid, para in picked:
            store.add(aid, para, note=f"note {para}")
        return [(it.article_id, it.paragraph) for it in store.items()]


def selection_of(lib_dir: Path, name: str = "default") -> list[tuple[str, int]]:
    with Library.open(lib_dir) as lib:
        assert lib.notice is None, lib.notice
        return [(it.article_id, it.paragraph) for it in SelectionStore(lib, name).items()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `folder`, or a skip when this machine cannot mount one."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc}); the injected variant still runs")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); injected variant runs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=20)


def remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True, timeout=20)


# --- a read-only library folder ----------------------------------------------------------------


def test_read_only_library_folder_mounted(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4, "alpha")
    extra = make_corpus(tmp_path / "extra", 2, "beta")
    with tmpfs(tmp_path / "mnt", "8M") as mnt:
        lib_dir = mnt / "lib"
        assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
        chosen = select_some(lib_dir)
        before = listing(lib_dir)
        db = lib_dir / DB_NAME
        sha = digest(db)
        remount(mnt, "ro")
        try:
            for args in (
                ["ingest", str(extra), "-q"],
                ["list"],
                ["search", "water"],
                ["compile", "--selection", "default", "-o", str(tmp_path / "b.md")],
            ):
                assert_one_clear_line(brief(*args, "--library", str(lib_dir)), str(db), "read-only")
        finally:
            remount(mnt, "rw")
        assert digest(db) == sha
        assert listing(lib_dir) == before
        assert selection_of(lib_dir) == chosen


def test_read_only_library_injected(tmp_path: Path) -> None:
    """Writes refused by SQLite (query_only): each change fails with LibraryError, none is half-made."""
    corpus = make_corpus(tmp_path / "corpus", 3, "alpha")
    lib_dir = tmp_path / "lib"
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    chosen = select_some(lib_dir, n=3)
    with Library.open(lib_dir) as lib:
        passages = [(a, i) for a, i, _ in lib.passages()]
        lib.execute("PRAGMA query_only = ON")
        store = SelectionStore(lib)
        for change in (
            lambda: store.add(*passages[-1]),
            lambda: store.remove(*chosen[0]),
            lambda: store.move(*chosen[0], 2),
            lambda: store.set_note(*chosen[1], "x"),
            lambda: store.set_title("T"),
            store.clear,
        ):
            with pytest.raises(LibraryError, match="could not save"):
                change()
            assert not lib.in_transaction
    assert selection_of(lib_dir) == chosen


# --- a full disk -------------------------------------------------------------------------------


def test_full_disk_mounted(tmp_path: Path) -> None:
    seeds = make_corpus(tmp_path / "seeds", 6, "alpha", paragraphs=3)
    big = make_corpus(tmp_path / "big", 80, "beta", paragraphs=12, seed=2)
    with tmpfs(tmp_path / "mnt", "1M") as mnt:
        lib_dir = mnt / "lib"
        assert brief("ingest", str(seeds), "--library", str(lib_dir), "-q").returncode == 0
        chosen = select_some(lib_dir)
        before = listing(lib_dir)
        # a brief written while there is room
        with Library.open(lib_dir) as lib:
            found, _ = passages_from_selection(lib, SelectionStore(lib).items())
            made = compile_brief(
                found,
                title="Full disk",
                analyses={p.article.id: Analysis(p.article.id) for p in found},
            )
            path = write_brief(made, "md", lib=lib, folder=mnt / "briefs")
        old_brief = path.read_bytes()
        # fill the disk, leaving a little: the ingest runs out half-way
        filler = mnt / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as fh:
            free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
            fh.write(b"\0" * max(0, free - 96 * 1024))
        result = brief("ingest", str(big), "--library", str(lib_dir), "-q")
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "full" in result.stderr, result.stderr
        after = listing(lib_dir)
        assert set(before) <= set(after), "articles saved before the disk filled were lost"
        assert selection_of(lib_dir) == chosen
        # now completely full: the brief cannot be rewritten, the old one stays whole
        with contextlib.suppress(OSError), open(mnt / "filler2", "wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        with Library.open(tmp_path / "other-lib") as lib:  # a library on a disk with room
            bigger = compile_brief(
                found,
                title="Full disk",
                bluf="A bottom line long enough to change the file. " * 20,
                analyses={p.article.id: Analysis(p.article.id) for p in found},
            )
            lib_path = path
            with pytest.raises(BriefError):
                write_brief(bigger, "md", lib=lib, folder=mnt / "briefs", force=True)
        assert lib_path.read_bytes() == old_brief
        assert [p.name for p in (mnt / "briefs").iterdir()] == [path.name]
        # room again: everything works, nothing was lost
        filler.unlink()
        (mnt / "filler2").unlink()
        result = brief("ingest", str(big), "--library", str(lib_dir), "-q", "--no-entities")
        assert result.returncode == 0 or "search index" in result.stderr, result.stderr
        assert set(before) < set(listing(lib_dir))
        assert selection_of(lib_dir) == chosen


def test_full_disk_injected(tmp_path: Path) -> None:
    """SQLite told it may not grow (max_page_count): ingest fails cleanly, nothing lost."""
    from tui.pipeline import ingest

    seeds = make_corpus(tmp_path / "seeds", 4, "alpha", paragraphs=3)
    big = make_corpus(tmp_path / "big", 60, "beta", paragraphs=12, seed=2)
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        ingest(lib, [str(seeds)], analyse_entities=False, workers=1)
    chosen = select_some(lib_dir)
    before = listing(lib_dir)
    with Library.open(lib_dir) as lib:
        pages = lib.execute("PRAGMA page_count").fetchone()[0]
        lib.execute(f"PRAGMA max_page_count = {pages + 8}")
        with pytest.raises(LibraryError, match="full"):
            ingest(lib, [str(big)], analyse_entities=False, workers=1)
        assert not lib.in_transaction
        with pytest.raises(LibraryError, match="full"):
            for i in range(10_000):  # notes until the page limit is hit
                SelectionStore(lib, "notes").add("x" * 16, i, note="n" * 2000)
    assert listing(lib_dir) == before
    assert selection_of(lib_dir) == chosen


# --- a damaged library file --------------------------------------------------------------------


def damage_truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])


def damage_garbage(db: Path) -> None:
    db.write_bytes(random.Random(3).randbytes(db.stat().st_size))


def damage_header(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[16:18] = b"\x01\x23"  # an impossible page size
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [damage_truncate, damage_garbage, damage_header])
def test_damaged_library_is_set_aside_and_kept(damage, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4, "alpha")
    lib_dir = tmp_path / "lib"
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    db = lib_dir / DB_NAME
    damage(db)
    damaged = db.read_bytes()
    result = brief("list", "--library", str(lib_dir))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and "kept as" in result.stderr, result.stderr
    kept = [
        p
        for p in lib_dir.iterdir()
        if p.name.startswith(f"{DB_NAME}.damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].name in result.stderr
    assert kept[0].read_bytes() == damaged, "the damaged file must be kept as it was"
    # a fresh library works at once, and the notice is not repeated
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    again = brief("list", "--library", str(lib_dir))
    assert "damaged" not in again.stderr and again.returncode == 0
    assert len(listing(lib_dir)) == 4


def damage_inside(db: Path) -> None:
    """Overwrite the middle of pages past the schema: the header stays sound."""
    data = bytearray(db.read_bytes())
    rng = random.Random(5)
    for offset in range(4096 * 5, len(data), 4096 * 3):
        data[offset + 100 : offset + 400] = rng.randbytes(300)
    db.write_bytes(bytes(data))


def test_damage_inside_the_file_is_one_clear_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 20, "alpha")
    lib_dir = tmp_path / "lib"
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    damage_inside(lib_dir / DB_NAME)
    for args in (
        ["search", "water"],
        ["list"],
        ["compile", "--query", "water", "-o", str(tmp_path / "b.md")],
    ):
        result = brief(*args, "--library", str(lib_dir))
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode in (0, 1)


def test_damage_inside_the_file_is_set_aside(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 20, "alpha")
    lib_dir = tmp_path / "lib"
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    damage_inside(lib_dir / DB_NAME)
    damaged = (lib_dir / DB_NAME).read_bytes()
    result = brief("search", "water", "--library", str(lib_dir))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and "kept as" in result.stderr, result.stderr
    kept = [
        p
        for p in lib_dir.iterdir()
        if p.name.startswith(f"{DB_NAME}.damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    # the next command starts a fresh library, which works
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    again = brief("search", "water", "--library", str(lib_dir))
    assert again.returncode == 0 and "damaged" not in again.stderr, again.stderr


# --- a library from a newer brief ----------------------------------------------------------------


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 3, "alpha")
    lib_dir = tmp_path / "lib"
    assert brief("ingest", str(corpus), "--library", str(lib_dir), "-q").returncode == 0
    select_some(lib_dir)
    db = lib_dir / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.close()
    sha = digest(db)
    names = sorted(p.name for p in lib_dir.iterdir())
    for args in (
        ["list"],
        ["ingest", str(corpus), "-q"],
        ["search", "water"],
        ["compile", "--selection", "default", "-o", str(tmp_path / "b.md")],
    ):
        line = assert_one_clear_line(brief(*args, "--library", str(lib_dir)), "newer brief")
        assert "not touched" in line
    with pytest.raises(LibraryError, match="newer brief"):
        Library.open(lib_dir)
    assert digest(db) == sha
    # a read-only look may leave SQLite's side files, empty of changes
    new = sorted(set(p.name for p in lib_dir.iterdir()) - set(names))
    assert set(new) <= {f"{DB_NAME}-wal", f"{DB_NAME}-shm"}, new
    wal = lib_dir / f"{DB_NAME}-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "changes were written to the WAL"
    assert not (tmp_path / "b.md").exists()


# --- a config file with errors -------------------------------------------------------------------

CONFIGS = [
    ('[app]\ntheme = "textual-dark"\nselection = \n', 3),
    ("[app]\ntheme = 5\n", 2),
    ('[app]\ntheme = "x"\n[app]\n', 3),
    ('[keys]\n"reader.select" = 5\n', 2),
    ('[app]\n"\x1b]0;pwned\x07" = 1\n', 2),
    ('[app]\nselection = "\x1b]52;c;ZXZpbA=="\n', 2),
    ("[nonsense]\nx = 1\n", 1),
    ("# a comment\n" * 50_000 + "[app]\ntheme = [1, 2]\n", 50_002),
]


@pytest.mark.parametrize(("raw", "line"), CONFIGS, ids=range(len(CONFIGS)))
def test_config_errors_name_the_line_and_keep_defaults(raw: str, line: int, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(raw, encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.theme is None and settings.selection == "default"
    assert problems, "the problem must be reported"
    first = str(problems[0])
    assert f"{path}:{line}:" in first and "using the default" in first
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in first), repr(first)


def test_config_that_cannot_be_read(tmp_path: Path) -> None:
    for name, make in (
        ("binary.toml", lambda p: p.write_bytes(b'[app]\ntheme = "\xff\xfe"\n')),
        ("folder.toml", lambda p: p.mkdir()),
    ):
        path = tmp_path / name
        make(path)
        settings, problems = load_settings(path)
        assert settings.theme is None and settings.selection == "default"
        assert (
            problems and str(path) in str(problems[0]) and "using the default" in str(problems[0])
        )


def test_config_selection_name_is_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[app]\nselection = "a\\u001b]0;pwned\\u0007"\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.selection == "default"
    assert problems and f"{path}:2:" in str(problems[0])


# --- two brief processes on one library ------------------------------------------------------------

SELECTOR = textwrap.dedent(
    """
    import sys
    from tui.library import Library
    from tui.selection import SelectionStore
    folder, name, step = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lib = Library.open(folder)
    passages = [(a, i) for a, i, _ in lib.passages()]
    mine = SelectionStore(lib, name)
    shared = SelectionStore(lib, "shared")
    for k, (aid, para) in enumerate(passages):
        if k % 2 == step:
            mine.add(aid, para)
            shared.add(aid, para, note=name)
            print(aid, para, flush=True)
    lib.close()
    """
)


def test_two_processes_on_one_library(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    first = make_corpus(tmp_path / "one", 40, "alpha", seed=1)
    second = make_corpus(tmp_path / "two", 40, "beta", seed=2)
    third = make_corpus(tmp_path / "three", 10, "gamma", seed=3)
    assert brief("ingest", str(third), "--library", str(lib_dir), "-q").returncode == 0
    cmd = [sys.executable, "-m", "tui"]
    procs = [
        subprocess.Popen(
            [*cmd, "ingest", str(first), "--library", str(lib_dir), "-q"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [*cmd, "ingest", str(second), "--library", str(lib_dir), "-q"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [sys.executable, "-c", SELECTOR, str(lib_dir), "a", "0"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [sys.executable, "-c", SELECTOR, str(lib_dir), "b", "1"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
    # every article of both ingests is there, and searchable
    ids = listing(lib_dir)
    assert len(ids) == 90
    for tag, n in (("alpha", 40), ("beta", 40), ("gamma", 10)):
        found = brief("search", f"{tag}{n - 1}", "--json", "--library", str(lib_dir))
        assert found.returncode == 0 and found.stdout.strip(), (tag, found.stderr)
    # every acknowledged selection is there, in each process's order
    acked = {
        name: [(ln.split()[0], int(ln.split()[1])) for ln in out.splitlines()]
        for name, (out, _) in zip(("a", "b"), outputs[2:], strict=True)
    }
    assert acked["a"] and acked["b"]
    assert selection_of(lib_dir, "a") == acked["a"]
    assert selection_of(lib_dir, "b") == acked["b"]
    shared = selection_of(lib_dir, "shared")
    assert sorted(shared) == sorted(acked["a"] + acked["b"])
    with Library.open(lib_dir) as lib:
        assert lib.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_brief_file_error_is_declared() -> None:
    assert issubclass(BriefFileError, BriefError) and issubclass(LibraryError, BriefError)


# --- the app on a library that refuses writes ------------------------------------------------------


def test_app_select_on_a_library_that_refuses_writes(tmp_path: Path) -> None:
    """Selecting when the disk refuses (full, read-only): a message, the app keeps running."""
    import asyncio

    pytest.importorskip("textual")
    from tests.test_app import build_library, notices, settle
    from tui.app.main import BriefApp

    folder = tmp_path / "lib"
    build_library(folder)
    outcome: dict[str, Any] = {}

    async def run() -> None:
        app = BriefApp(library=str(folder))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, app, "Rail link")
            app.open_library().execute("PRAGMA query_only = ON")
            await pilot.press("s")
            await pilot.pause(0.2)
            outcome["running"] = app.is_running
            outcome["notices"] = notices(app)
            await pilot.press("q")

    try:
        asyncio.run(run())
    except Exception as exc:  # the app died of the error
        outcome["crash"] = repr(exc)
    assert "crash" not in outcome, outcome
    assert outcome["running"], outcome
    assert any("could not save" in n or "library" in n for n in outcome["notices"]), outcome
    assert selection_of(folder) == []
