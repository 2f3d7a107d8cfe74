"""SelectionStore: ordered passages with notes, title and bluf, saved at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.library import Library
from tui.model import SelectionItem
from tui.selection import SelectionStore


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Library.open(tmp_path / "lib") as library:
        yield library


def _order(store: SelectionStore) -> list[tuple[str, int]]:
    return [(i.article_id, i.paragraph) for i in store.items()]


def test_toggle_adds_and_removes(lib: Library) -> None:
    s = SelectionStore(lib)
    assert s.toggle("a", 1) is True
    assert s.toggle("b", 0) is True
    assert s.items() == [SelectionItem("a", 1), SelectionItem("b", 0)]
    assert s.contains("a", 1) and len(s) == 2
    assert s.toggle("a", 1) is False
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


def test_remove_keeps_order_dense(lib: Library) -> None:
    s = SelectionStore(lib)
    for p in range(3):
        s.add("a", p)
    s.remove("a", 1)
    s.remove("a", 7)  # not selected: nothing happens
    s.add("a", 9)
    assert _order(s) == [("a", 0), ("a", 2), ("a", 9)]
    positions = [
        r[0]
        for r in lib.db.execute(
            "SELECT position FROM selection_items WHERE selection = 'default' ORDER BY position"
        )
    ]
    assert positions == [0, 1, 2]


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
        assert not one.db.in_transaction
