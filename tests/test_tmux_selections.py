"""Two readers in real terminals (tmux, 80x24) on one library: a note typed in a burst
and saved with ctrl+s, the other reader showing it, a named selection made with S."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tmux_terminal import brief_command, open_terminal
from tui.library import Library
from tui.selection import SelectionStore, names

pytestmark = pytest.mark.tmux


def test_two_readers_share_one_selection_and_a_named_one(sample: Path, tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    with open_terminal("sel-one") as one, open_terminal("sel-two") as two:
        one.start(brief_command("--library", lib, str(sample)))
        one.wait_for("The Taliban takeover of Kabul", timeout=60)
        one.wait_for("1/4", timeout=30)
        two.start(brief_command("--library", lib))
        two.wait_for("The Taliban takeover of Kabul", timeout=60)
        one.keys("s", "]", "s")
        one.wait_for("▌2")
        two.wait_for("▌2", timeout=15)  # the other reader shows it
        one.keys("a")
        one.wait_for("Note for ¶ 2")
        one.type("who is Sial")
        one.keys("Enter")
        one.type("check PIPS")
        one.keys("C-s")  # straight after the burst: all of it is saved
        one.wait_for("Note saved on ¶ 2")
        assert "≡ 2" in one.screen()
        two.wait_for("≡ 2", timeout=15)
        two.keys("s")  # ¶ 1 out in the second reader...
        one.wait_for("▌1", timeout=15)  # ...and gone in the first
        two.keys("S")
        two.wait_for("Selections")
        two.keys("n")
        two.wait_for("New selection")
        two.type("Pakistan")
        two.keys("Enter")
        two.wait_for("Made selection")
        two.keys("Escape", "q")
        one.keys("q")
    with Library.open(lib) as opened:
        items = SelectionStore(opened).items()
        assert [(i.paragraph, i.note) for i in items] == [(1, "who is Sial\ncheck PIPS")]
        assert [i.name for i in names(opened)] == ["default", "Pakistan"]
