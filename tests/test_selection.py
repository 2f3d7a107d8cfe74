"""SelectionStore: ordered passages with notes, title and bluf, saved at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.library import Library
from tui.model import SelectionItem
from tui.selection import SelectionStore


@pytest.fixture
def lib(tmp_path: Path):
    with Library.open(tmp_path / "lib") as library:
        yield library


def _order(store: SelectionStore) -> list[tuple[str, int]]:
    return [(i.article_id, i.paragraph) for i in store.items()]


def test_toggle_adds_and_removes(lib: Library) -> None:
    s = SelectionStore(lib)
    assert s.toggle("a", 1).selected is True
    assert s.toggle("b", 0).kind == "added"
    assert s.items() == [SelectionItem("a", 1), SelectionItem("b", 0)]
    assert s.contains("a", 1) and len(s) == 2
    change = s.toggle("a", 1)
    assert change.selected is False and change.kind == "removed" and change.position == 0
    assert _order(s) == [("b", 0)]


def test_add_is_idempotent(lib: Library) -> None:
    s = SelectionStore(lib)
    assert s.add("a", 0) and not s.add("a", 0)
    assert len(s) == 1


def test_move_and_clamping(lib: Library) -> None:
    s = SelectionStore(lib)
    for p in range(4):
        s.add("a", p)
    s.move("a", 3, -2)
    assert _order(s) == [("a", 0), ("a", 3), ("a", 1), ("a", 2)]
    s.move("a", 0, 99)
    assert _order(s) == [("a", 3), ("a", 1), ("a", 2), ("a", 0)]
    s.move("a", 1, -99)
    assert _order(s) == [("a", 1), ("a", 3), ("a", 2), ("a", 0)]
    s.move("a", 1, 0)
    assert _order(s)[0] == ("a", 1)
    s.move("zz", 0, 1)  # not selected: nothing happens
    assert _order(s) == [("a", 1), ("a", 3), ("a", 2), ("a", 0)]


def test_remove_changes_one_row_and_keeps_the_order(lib: Library) -> None:
    s = SelectionStore(lib)
    for p in range(5):
        s.add("a", p)
    before = lib.total_changes
    s.remove("a", 1)
    # the passage's row and the selection's change counter: no other row rewritten
    assert lib.total_changes - before == 2
    s.remove("a", 7)  # not selected: nothing happens
    s.add("a", 9)
    assert _order(s) == [("a", 0), ("a", 2), ("a", 3), ("a", 4), ("a", 9)]
    before = lib.total_changes
    s.move("a", 3, -1)  # only the two passages that trade places move
    assert lib.total_changes - before == 3
    assert _order(s) == [("a", 0), ("a", 3), ("a", 2), ("a", 4), ("a", 9)]


def test_notes_title_bluf_sanitised(lib: Library) -> None:
    s = SelectionStore(lib)
    s.add("a", 0)
    s.set_note("a", 0, "  look \x1b[2Jhere ")
    assert s.items()[0].note == "look here"
    s.set_note("b", 0, "adds it")
    assert s.items()[-1] == SelectionItem("b", 0, "adds it")
    assert s.title == "" and s.bluf == ""
    s.set_title("  Rhine\n floods ")
    s.set_bluf("The river is shut.\x07")
    assert s.title == "Rhine floods" and s.bluf == "The river is shut."


def test_named_selections_are_separate_and_listed(lib: Library) -> None:
    clock = iter(f"2025-01-02T00:00:{i:02d}+00:00" for i in range(60))
    a = SelectionStore(lib, "alpha", clock=lambda: next(clock))
    b = SelectionStore(lib, "beta", clock=lambda: next(clock))
    a.add("x", 0)
    a.add("x", 1)
    b.add("y", 0)
    b.set_title("Beta brief")
    infos = SelectionStore.names(lib)
    assert [(i.name, i.title, i.count) for i in infos] == [
        ("alpha", "", 2),
        ("beta", "Beta brief", 1),
    ]
    assert infos[1].updated > infos[0].updated
    a.clear()
    assert len(a) == 0 and a.exists()
    a.delete()
    assert not a.exists() and [i.name for i in SelectionStore.names(lib)] == ["beta"]


def test_every_change_is_committed_at_once(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as one, Library.open(tmp_path / "lib") as two:
        s = SelectionStore(one, "live")
        s.add("a", 0)
        s.set_note("a", 0, "n")
        s.set_title("T")
        seen = SelectionStore(two, "live")
        assert seen.items() == [SelectionItem("a", 0, "n")] and seen.title == "T"
        s.add("a", 1)
        s.move("a", 1, -1)
        assert _order(seen) == [("a", 1), ("a", 0)]
        assert not one.in_transaction


# --- notes survive a deselect; every change can be undone -----------------------------------


def test_a_note_survives_deselect_and_reselect(lib: Library) -> None:
    s = SelectionStore(lib)
    s.add("a", 0)
    s.set_note("a", 0, "why this matters\nsecond line")
    removed = s.toggle("a", 0)
    assert removed.kind == "removed" and removed.item.note.startswith("why this matters")
    assert s.items() == [] and s.kept_note("a", 0).startswith("why this matters")
    again = s.toggle("a", 0)
    assert again.selected and s.items()[0].note == "why this matters\nsecond line"
    assert s.kept_note("a", 0) == ""  # back on the item, not kept twice
    s.clear()  # clearing keeps every note too
    s.add("a", 0)
    assert s.items()[0].note == "why this matters\nsecond line"


def test_undo_puts_a_removed_passage_back_in_its_place_with_its_note(lib: Library) -> None:
    s = SelectionStore(lib)
    for p in range(4):
        s.add("a", p)
    s.set_note("a", 1, "keep me")
    change = s.remove("a", 1)
    assert change is not None
    s.add("b", 0)  # something else happens meanwhile
    s.undo(change)
    assert _order(s) == [("a", 0), ("a", 1), ("a", 2), ("a", 3), ("b", 0)]
    assert s.items()[1].note == "keep me"
    edit = s.set_note("a", 1, "")
    assert edit.kind == "note" and edit.previous == "keep me"
    s.undo(edit)
    assert s.items()[1].note == "keep me"
    added = s.toggle("c", 2)
    s.undo(added)
    assert not s.contains("c", 2)


# --- named selections ------------------------------------------------------------------------


def test_create_rename_and_delete_named_selections(lib: Library) -> None:
    from tui.errors import SelectionError
    from tui.selection import create, current_name, names, remember_current, rename

    work = create(lib, "  Rhine   floods ")
    assert work.name == "Rhine floods" and work.exists() and len(work) == 0
    with pytest.raises(SelectionError, match="already exists"):
        create(lib, "Rhine floods")
    for bad in ("", "   ", "a\nb", "x\x1b[2J", "n" * 61):
        with pytest.raises(SelectionError):
            create(lib, bad)
    work.add("a", 0)
    work.set_note("a", 0, "n1")
    work.add("a", 1)
    work.remove("a", 1)
    work.set_note("a", 2, "n2")
    work.remove("a", 2)  # its note is kept under the selection's name
    work.set_title("Floods")
    remember_current(lib, "Rhine floods")
    SelectionStore(lib, "other").add("z", 0)
    with pytest.raises(SelectionError, match="already exists"):
        rename(lib, "Rhine floods", "other")
    with pytest.raises(SelectionError, match="no selection named"):
        rename(lib, "nope", "x")
    moved = rename(lib, "Rhine floods", "Rhine 2025")
    assert moved.items() == [SelectionItem("a", 0, "n1")] and moved.title == "Floods"
    assert moved.kept_note("a", 2) == "n2"
    assert not SelectionStore(lib, "Rhine floods").exists()
    assert current_name(lib) == "Rhine 2025"  # the remembered current one follows the rename
    assert current_name(lib, "configured") == "configured"
    assert [(i.name, i.count) for i in names(lib)] == [("other", 1), ("Rhine 2025", 1)]
    moved.delete()
    assert current_name(lib) == "default"
    assert lib.execute("SELECT COUNT(*) FROM selection_kept_notes").fetchone()[0] == 0


# --- two writers on one library ---------------------------------------------------------------


def test_two_connections_in_threads_lose_nothing(tmp_path: Path) -> None:
    import threading

    folder = tmp_path / "lib"
    Library.open(folder).close()
    errors: list[BaseException] = []

    def work(who: str) -> None:
        try:
            with Library.open(folder) as mine:
                s = SelectionStore(mine, "shared")
                for p in range(40):
                    s.toggle(who, p)
                    if p % 3 == 0:
                        s.set_note(who, p, f"{who} {p}")
                    if p % 5 == 4:
                        s.toggle(who, p)  # out again
                    if p % 7 == 6:
                        s.move(who, p, -2)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with Library.open(folder) as lib:
        s = SelectionStore(lib, "shared")
        got = {(i.article_id, i.paragraph): i.note for i in s.items()}
    for who in ("one", "two"):
        expected = {p for p in range(40) if p % 5 != 4}
        assert {p for (w, p) in got if w == who} == expected
        for p in expected:
            assert got[(who, p)] == (f"{who} {p}" if p % 3 == 0 else "")


WRITER = """
import sys
from tui.library import Library
from tui.selection import SelectionStore
folder, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Library.open(folder) as lib:
    s = SelectionStore(lib, "shared")
    for p in range(n):
        s.add(who, p, note=f"{who}:{p}")
        if p % 4 == 0:
            s.move(who, p, -3)
"""


def test_two_processes_adding_to_one_selection_lose_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "lib"
    Library.open(folder).close()
    root = Path(__file__).resolve().parents[1]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), who, "60"],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("p1", "p2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Library.open(folder) as lib:
        items = SelectionStore(lib, "shared").items()
    assert len(items) == 120
    assert {(i.article_id, i.paragraph, i.note) for i in items} == {
        (w, p, f"{w}:{p}") for w in ("p1", "p2") for p in range(60)
    }


def test_the_watcher_sees_another_connections_change(tmp_path: Path) -> None:
    import threading

    from tui.selection import Watcher

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        SelectionStore(lib, "watched").add("a", 0)
    seen: list[dict[str, int]] = []
    changed = threading.Event()

    def on_change(versions: dict[str, int]) -> None:
        seen.append(versions)
        changed.set()

    watcher = Watcher(folder, on_change, interval=0.05)
    watcher.start()
    try:
        changed.wait(0.5)
        assert not seen  # nothing changed yet: no call
        with Library.open(folder) as other:
            SelectionStore(other, "watched").add("a", 1)
            version = SelectionStore(other, "watched").version()
        assert changed.wait(10)
        assert seen[-1]["watched"] == version
    finally:
        watcher.stop()


def test_the_watcher_reports_changes_made_before_its_first_look(tmp_path: Path) -> None:
    import threading

    from tui.selection import Watcher, versions

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        SelectionStore(lib).add("a", 0)
        shown = versions(lib)  # what a reader shows
        with Library.open(folder) as other:  # changed before the watcher starts
            SelectionStore(other).add("a", 1)
    changed = threading.Event()
    watcher = Watcher(folder, lambda v: changed.set(), interval=0.05, baseline=shown)
    watcher.start()
    try:
        assert changed.wait(10)
    finally:
        watcher.stop()
