"""`brief` in a real terminal: tmux at 80x24, keys sent, the screen read back
with capture-pane, and the raw bytes the terminal received checked with pipe-pane."""

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
    with open_terminal("brief-test") as term:
        yield term


def test_read_search_with_a_typo_and_select_in_80x24(
    terminal: Terminal, sample: Path, tmp_path: Path
) -> None:
    terminal.start(brief_command("--library", str(tmp_path / "lib"), str(sample)))
    screen = terminal.wait_for("The Taliban takeover of Kabul", timeout=60)
    assert "Taliban regime deepens Pakistan" in screen
    assert "/ Search" in screen  # the footer
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    # open another article from the list (folded away at 80 columns: l shows it)
    terminal.wait_for("1/4", timeout=30)
    terminal.keys("l")
    terminal.wait_for("Solomon Islands")
    terminal.keys("j", "Enter")
    screen = terminal.wait_for("2/4")
    assert "Pakistan detains Afghans" in screen
    # search with a typo, jump to the hit
    terminal.keys("/")
    terminal.wait_for("search every passage")
    terminal.type("Dobrindtt")
    screen = terminal.wait_for(r"\d+ passages?\n", timeout=30)
    assert re.search(r"\bDobrindt\b", screen.split("passage", 2)[-1])  # in the results
    terminal.keys("Enter")
    screen = terminal.wait_for("►")
    assert "Dobrindt" in screen
    # select two paragraphs
    terminal.keys("s", "]", "s")
    screen = terminal.wait_for("▌2")
    assert screen.count("▌") >= 2
    terminal.keys("t")
    terminal.wait_for("Selection “default” · 2 passages")
    screen = terminal.wait_for(r"Words \d+/600", timeout=30)
    assert "Words" in screen and "/600" in screen
    terminal.keys("Escape", "q")


def test_hostile_text_never_reaches_the_terminal(terminal: Terminal, tmp_path: Path) -> None:
    from tests.test_app_hostile import hostile_library

    hostile_library(tmp_path / "lib")
    raw = tmp_path / "raw.bin"
    command = brief_command("--library", str(tmp_path / "lib"))
    terminal.start(command, raw=raw)
    screen = terminal.wait_for(re.escape("Title Start [/] and [bold"), timeout=60)
    assert "[link=https://x]y" in screen
    terminal.keys("/")
    terminal.wait_for("search every passage")
    terminal.type("bold")
    terminal.wait_for(r"\d+ passages?\n")
    terminal.keys("Escape", "e", "j")
    screen = terminal.wait_for("Role: role")
    assert screen.count("[link=https://x]y") >= 3  # title, paragraph, role
    terminal.keys("q")
    time.sleep(1.0)
    data = raw.read_bytes()
    assert b"[link=https://x]y" in data  # the literal text was drawn
    assert b"ZXZpbA" not in data  # the OSC 52 payload was not
    assert b"\x9b" not in data and b"\x00" not in data
    assert b"\x1b]52;c;ZXZpbA" not in data
    # the only clear-screens are the app's own (entering/leaving the alternate screen)
    assert b"clear\x1b[2J" not in data


GREYS_256 = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def colours(data: bytes) -> list[tuple[int, ...]]:
    """Every 256-colour index and truecolour triple in SGR sequences of `data`."""
    found: list[tuple[int, ...]] = []
    for m in re.finditer(rb"\x1b\[([0-9;]*)m", data):
        parts = [int(p) for p in m.group(1).split(b";") if p]
        i = 0
        while i < len(parts):
            if parts[i] in (38, 48) and i + 1 < len(parts):
                if parts[i + 1] == 5 and i + 2 < len(parts):
                    found.append((parts[i + 2],))
                    i += 3
                    continue
                if parts[i + 1] == 2 and i + 4 < len(parts):
                    found.append(tuple(parts[i + 2 : i + 5]))
                    i += 5
                    continue
            i += 1
    return found


@pytest.mark.parametrize(
    ("term", "extra"),
    [("linux", ""), ("xterm-256color", "NO_COLOR=1")],
    ids=["TERM=linux", "NO_COLOR"],
)
def test_plain_terminals(terminal: Terminal, tmp_path: Path, term: str, extra: str) -> None:
    from tests.test_app import build_library

    build_library(tmp_path / "lib")
    raw = tmp_path / "raw.bin"
    command = brief_command("--library", str(tmp_path / "lib"))
    terminal.start(command, raw=raw, term=term, extra=extra)
    terminal.wait_for("The council approved the rail link", timeout=60)
    # the current paragraph and selections stay visible without colour: marks in the gutter
    terminal.keys("]", "s")
    screen = terminal.wait_for("▌ 2► Councillor")
    assert "Rail link to Eastvale approved" in screen
    terminal.keys("q")
    time.sleep(0.5)
    found = colours(raw.read_bytes())
    if term == "linux":  # 16 colours: no 256-colour or truecolour codes at all
        assert found == []
    else:  # NO_COLOR: Textual draws in greys only, no hue anywhere
        assert found
        for colour in found:
            assert (colour[0] in GREYS_256) if len(colour) == 1 else len(set(colour)) == 1, colour


def test_search_typed_in_one_burst_finds_dobrindt(
    terminal: Terminal, sample: Path, tmp_path: Path
) -> None:
    """`/dobrindt` and Enter in one send-keys: how a vim or less user searches."""
    terminal.start(brief_command("--library", str(tmp_path / "lib"), str(sample)))
    terminal.wait_for("The Taliban takeover of Kabul", timeout=60)
    terminal.wait_for("/ Search", timeout=30)
    terminal.tmux("send-keys", "-t", "t", "/dobrindt", "Enter")  # one burst
    # back in the reader, on the paragraph that mentions him (the article pane's text
    # from the cursor mark to the next paragraph number)
    deadline = time.monotonic() + 60
    paragraph = ""
    while time.monotonic() < deadline:
        screen = terminal.screen()
        pane = "\n".join(line.split("▏")[0] for line in screen.splitlines())
        found = re.search(r"►(.*?)(?:\n\s*\d+ |\Z)", pane, re.DOTALL)
        if "search every passage" not in screen and found:
            paragraph = found.group(1)
            if "Dobrindt" in paragraph:
                break
        time.sleep(0.2)
    assert re.search(r"\bDobrindt\b", paragraph), screen
    terminal.keys("q")


def test_first_start_on_an_empty_library_leaves_it_empty(
    terminal: Terminal, tmp_path: Path
) -> None:
    """The samples open from a demo library of their own: `brief list` stays empty."""
    import subprocess
    import sys

    library = tmp_path / "lib"
    terminal.start(brief_command("--library", str(library)))
    terminal.wait_for("Demo: not your library · add your files: brief FILE", timeout=90)
    terminal.wait_for(r"\d+/\d+", timeout=60)  # the samples' list is loaded
    terminal.keys("q")
    deadline = time.monotonic() + 20
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    listed = subprocess.run(
        [sys.executable, "-m", "tui", "--library", str(library), "list", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0 and listed.stdout == ""


def test_a_mistyped_command_exits_2_with_a_suggestion(terminal: Terminal, tmp_path: Path) -> None:
    """`brief serach x` is a typo, not a file to open: one line, exit 2, no reader."""
    command = brief_command("--library", str(tmp_path / "lib"), "serach", "x")
    terminal.start(f"sh -c '{command}; echo rc=$?; sleep 30'")
    screen = terminal.wait_for(r"rc=\d", timeout=60)
    assert "unknown command 'serach' (did you mean search?)" in screen
    assert "rc=2" in screen
