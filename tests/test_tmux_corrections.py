"""Entity corrections and the profile in a real terminal (tmux at 80x24) on the sample
page: the profile of Safdar Sial (his role, his three quotations, the sparkline), a
retype of "Pro Asyl" (to a place, then to an organisation, as the user says) and a
merge of "Pacific" with "South Pacific" picked with the fuzzy finder."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux_terminal import Terminal, brief_command, open_terminal

pytestmark = pytest.mark.tmux


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    with open_terminal("brief-corrections") as term:
        yield term


def _move_to(terminal: Terminal, name: str) -> str:
    """Move the sidebar's cursor (down, then up) until the detail pane names `name`."""
    detail = re.compile(rf"▏ {re.escape(name)} *$", re.MULTILINE)
    for key in ("j", "k"):
        for _ in range(90):
            screen = terminal.screen()
            if detail.search(screen):
                time.sleep(0.4)  # and still there once every key sent is handled
                screen = terminal.screen()
                if detail.search(screen):
                    return screen
                continue
            if "i Profile" not in screen:  # the sidebar lost the focus (the first screen)
                terminal.keys("e", pause=0.3)
            terminal.keys(key, pause=0.2)
    raise AssertionError(f"{name!r} never under the cursor:\n{terminal.screen()}")


def _detail(screen: str) -> str:
    """The sidebar's right-hand column (the list and the detail pane)."""
    return "\n".join(line.split("▏", 1)[1] for line in screen.splitlines() if "▏" in line)


def test_profile_retype_and_merge_on_the_sample_in_80x24(
    terminal: Terminal, sample: Path, tmp_path: Path
) -> None:
    terminal.start(brief_command("--library", str(tmp_path / "lib"), str(sample)))
    terminal.wait_for("The Taliban takeover of Kabul", timeout=60)
    terminal.keys("E")
    terminal.wait_for("Entities: library", timeout=30)
    terminal.wait_for(r"▏People \(\d+\)", timeout=60)  # the library's entities are read
    terminal.keys("e")
    # the profile: role, three quotations, the sparkline of mentions per day
    _move_to(terminal, "Safdar Sial")
    terminal.keys("i")
    screen = terminal.wait_for(r"Quotations \(3\)", timeout=30)
    assert "Roles stated (1)" in screen
    assert "expert at the Islamabad-based Pak Institute" in screen
    assert re.search(r"mentions per day, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d", screen)
    assert re.search("[▁▂▃▄▅▆▇█]{3,}", screen)  # the sparkline
    assert screen.count("Taliban regime deepens Pakistan") >= 4  # each item's source
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    terminal.keys("Escape")
    terminal.wait_gone(r"Quotations \(3\)")
    # retype: Pro Asyl made a place, then an organisation (the current type comes last)
    _move_to(terminal, "Pro Asyl")
    terminal.keys("T")
    terminal.wait_for("“Pro Asyl” is a:")
    terminal.keys("j", "Enter")  # Person, [Place], Organisation
    terminal.wait_for('retype "Pro Asyl" as PLACE')
    screen = _move_to(terminal, "Pro Asyl")
    assert "Places · 1" in _detail(screen)
    time.sleep(0.5)
    terminal.keys("T")
    terminal.wait_for("“Pro Asyl” is a:")
    terminal.keys("j", "Enter")  # Person, [Organisation], Place
    terminal.wait_for('retype "Pro Asyl" as ORG')
    screen = _move_to(terminal, "Pro Asyl")
    assert "Organisations · 1" in _detail(screen)
    # merge: Pacific with South Pacific, picked with the fuzzy finder, named by the user
    _move_to(terminal, "Pacific")
    terminal.keys("m")
    terminal.wait_for("Merge “Pacific” with…")
    terminal.type("South Pac")
    terminal.wait_for(r"\d+ South Pacific  Place")
    terminal.keys("Enter")
    terminal.wait_for("under the name:")
    terminal.keys("C-u", pause=0.5)
    terminal.wait_gone(r"▊  Pacific")
    terminal.type("South Pacific")
    terminal.wait_for(r"▊  South Pacific")
    terminal.keys("Enter")
    screen = terminal.wait_for(r"▏ +6 South Pacific", timeout=20)
    assert not re.search(r"▏ +\d+ Pacific *$", screen, re.MULTILINE)
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    terminal.keys("q")
