"""Crash safety: SIGKILL a process at random moments while it changes selections and
writes briefs, then reopen the library and check nothing acknowledged was lost.

The driver (`tests/crash_driver.py`) prints `try` before each change and `ack`
once it is committed. After each kill:
- the library opens without being set aside, and SQLite's integrity check passes;
- each selection is exactly what the acknowledged changes made it, or that plus
  the one change that was in flight;
- every brief file holds a complete version the driver meant to write (the last
  acknowledged one, or the one in flight), never a mix or a prefix;
- no brief write was refused because of an earlier kill.
Temporary files a killed writer leaves are removed by the next write.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui.library import Library
from tui.model import Article
from tui.selection import SelectionStore

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("CRASH_RUNS", "50"))
# `make fuzz` (FUZZ_EXAMPLES set) runs the long loop at full length
SLOW_RUNS = int(os.environ.get("CRASH_RUNS_SLOW", "300" if "FUZZ_EXAMPLES" in os.environ else "10"))
MAX_DELAY = 0.6  # seconds after the driver is ready
SELECTIONS = ("default", "second")


@dataclass
class Sel:
    """The model of one selection: ordered passages with notes, and a title."""

    order: list[tuple[str, int]] = field(default_factory=list)
    notes: dict[tuple[str, int], str] = field(default_factory=dict)
    title: str = ""
    kept: dict[tuple[str, int], str] = field(default_factory=dict)  # notes of deselected ones

    def copy(self) -> Sel:
        return Sel(list(self.order), dict(self.notes), self.title, dict(self.kept))


State = dict[str, Sel]


def read_state(lib: Library) -> State:
    state: State = {}
    for name in SELECTIONS:
        store = SelectionStore(lib, name)
        sel = Sel(title=store.title)
        for item in store.items():
            key = (item.article_id, item.paragraph)
            sel.order.append(key)
            if item.note:
                sel.notes[key] = item.note
        kept = lib.execute(
            "SELECT article_id, paragraph, note FROM selection_kept_notes WHERE selection = ?",
            (name,),
        )
        sel.kept = {(a, int(p)): n for a, p, n in kept}
        state[name] = sel
    return state


def apply(state: State, op: list[str]) -> State:
    """The model state after one driver change."""
    out = {k: v.copy() for k, v in state.items()}
    kind, name = op[0], op[1]
    sel = out[name]
    if kind == "title":
        sel.title = op[2]
        return out
    key = (op[2], int(op[3]))
    if kind == "toggle":
        if key in sel.order:  # out, its note kept for a reselect
            sel.order.remove(key)
            if key in sel.notes:
                sel.kept[key] = sel.notes.pop(key)
        else:
            sel.order.append(key)
            if key in sel.kept:
                sel.notes[key] = sel.kept.pop(key)
    elif kind == "note":
        sel.notes[key] = op[4]
    elif kind == "move":
        i = sel.order.index(key)
        j = max(0, min(len(sel.order) - 1, i + int(op[4])))
        sel.order.insert(j, sel.order.pop(i))
    return out


def sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_library(folder: Path) -> None:
    articles = [
        Article.create(
            title=f"Article {i}",
            paragraphs=[
                f"Paragraph {j} of article {i}: the minister met officials in Kabul on "
                f"Monday and said {j + i * 7} people had been moved to safety."
                for j in range(4)
            ],
            source_path=f"/fixture/{i}.txt",
            outlet="DW",
            published=f"2025-01-0{i + 1}",
        )
        for i in range(5)
    ]
    with Library.open(folder) as lib, lib.transaction():
        for art in articles:
            lib.replace_file_articles(art.source_path, [art])


def driver(folder: Path, briefs: Path, seed: int, ops: int | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "tests.crash_driver", str(folder), str(briefs), str(seed)]
    if ops is not None:
        args.append(str(ops))
    return subprocess.Popen(
        args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


class Checker:
    """Runs the driver, kills it, and checks the library and the brief files afterwards."""

    def __init__(self, tmp: Path) -> None:
        self.folder = tmp / "library"
        self.briefs = tmp / "briefs"
        make_library(self.folder)
        self.allowed: dict[Path, set[str]] = {}  # brief path -> shas it may hold now
        self.acked = 0
        self.pending_seen = 0
        self.brief_acks = 0

    def state(self) -> State:
        with Library.open(self.folder) as lib:
            assert lib.notice is None, lib.notice
            assert lib.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return read_state(lib)

    def run(self, seed: int, delay: float | None, ops: int | None = None) -> None:
        before = self.state()
        proc = driver(self.folder, self.briefs, seed, ops)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        assert first.strip() == "ready", first + proc.stderr.read()
        if delay is not None:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
        # read through the text wrapper: readline above may have buffered more lines
        out, err = proc.stdout.read(), proc.stderr.read()
        code = proc.wait(timeout=120)
        if delay is None:
            assert code == 0, err
        self.check(before, out, err)

    def check(self, before: State, out: str, err: str) -> None:
        lines = [ln.split("\t") for ln in out.split("\n") if ln]  # a cut last line has no \n
        if not out.endswith("\n") and lines:
            lines.pop()
        acked = before
        pending: list[str] | None = None
        brief_pending: tuple[Path, str] | None = None
        for line in lines:
            tag, rest = line[0], line[1:]
            assert tag != "err", f"driver reported an error: {rest}\n{err}"
            if tag == "try" and rest[0] == "brief":
                brief_pending = (Path(rest[1]), rest[2])
            elif tag == "ack" and rest[0] == "brief":
                path, sha = Path(rest[1]), rest[2]
                assert brief_pending == (path, sha)
                self.allowed[path] = {sha}
                brief_pending = None
                self.brief_acks += 1
            elif tag == "try":
                pending = rest
            elif tag == "ack":
                assert pending == rest
                acked = apply(acked, rest)
                pending = None
                self.acked += 1
        after = self.state()
        candidates = [acked] + ([apply(acked, pending)] if pending else [])
        assert after in candidates, f"selections lost: pending={pending}"
        if pending and after != acked:
            self.pending_seen += 1
        if brief_pending:
            path, sha = brief_pending
            self.allowed.setdefault(path, set()).add(sha)
        self.check_briefs()

    def check_briefs(self) -> None:
        if not self.briefs.exists():
            return
        for entry in self.briefs.iterdir():
            if entry.name.startswith("."):
                continue  # a killed writer's temporary file: the next write removes it
            path = entry.resolve()
            assert path in self.allowed, f"unexpected file {entry.name}"
            sha = sha_of(path)
            assert sha in self.allowed[path], f"{entry.name} holds content never meant"
            self.allowed[path] = {sha}

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.briefs.iterdir() if p.name.startswith("."))


def crash_loop(tmp: Path, runs: int, seed: int) -> Checker:
    rng = random.Random(seed)
    checker = Checker(tmp)
    deadline = time.monotonic() + max(240.0, runs * 2.5)  # bounded: about 1 s a run here
    for run in range(runs):
        checker.run(seed * 1000 + run, rng.uniform(0.0, MAX_DELAY))
        assert time.monotonic() < deadline, f"only {run} runs in the time bound"
    # a clean run afterwards: whatever temporary files killed writers left are gone
    checker.run(seed * 1000 + runs, None, ops=40)
    assert checker.leftovers() == []
    return checker


def test_kill_during_selections_and_brief_writes(tmp_path: Path) -> None:
    checker = crash_loop(tmp_path, RUNS, seed=7)
    assert checker.acked > RUNS, "the driver should get work done between kills"
    assert checker.brief_acks > 0


@pytest.mark.slow
def test_kill_during_selections_and_brief_writes_long(tmp_path: Path) -> None:
    crash_loop(tmp_path, SLOW_RUNS, seed=int(time.time()))
