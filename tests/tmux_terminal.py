"""A real terminal for tests: a tmux server of the test's own (unique socket)
running one command at a fixed size; keys are sent with send-keys, the screen is
read with capture-pane and the bytes the terminal received are kept by pipe-pane."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
REPO = Path(__file__).resolve().parent.parent
# what the command inherits from the test's environment
_KEEP = (
    "BRIEF_HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "BRIEF_CONFIG",
    "PATH",
    "HOME",
    "PYTHONPATH",
)


def brief_command(*args: str) -> str:
    """`brief ARGS` as a shell command line, with this interpreter."""
    return " ".join(shlex.quote(a) for a in (sys.executable, "-m", "tui", *args))


class Terminal:
    """One tmux server running one command, from the repository's folder."""

    def __init__(self, socket: str, pause: float = 0.05) -> None:
        self.socket = socket
        self.pause = pause  # after each key sent

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        out = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return out.stdout

    def start(
        self,
        command: str,
        raw: Path | None = None,
        size: tuple[int, int] = (80, 24),
        term: str = "xterm-256color",
        extra: str = "",
    ) -> None:
        """Run `command` (a shell command line); `raw` collects the bytes it writes."""
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in os.environ.items() if k in _KEEP)
        # the pipe is attached during the pause, before the app writes anything
        script = (
            f"cd {shlex.quote(str(REPO))} && sleep 0.5; "
            f"exec env {env} TERM={term} {extra} {command}"
        )
        self.tmux("new-session", "-d", "-s", "t", "-x", str(size[0]), "-y", str(size[1]), script)
        if raw is not None:
            self.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(str(raw))}")

    def running(self) -> bool:
        """Whether the command is still running."""
        return bool(self.tmux("list-panes", "-t", "t").strip())

    def pid(self) -> int:
        """The command's process id."""
        return int(self.tmux("display", "-p", "-t", "t", "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, pattern: str, timeout: float = 40.0) -> str:
        """The screen once `pattern` (a regular expression) is on it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{screen}")

    def wait_gone(self, pattern: str, timeout: float = 20.0) -> str:
        """The screen once `pattern` is no longer on it."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while re.search(pattern, screen):
            assert time.monotonic() < deadline, f"{pattern!r} stayed:\n{screen}"
            time.sleep(0.1)
            screen = self.screen()
        return screen

    def keys(self, *keys: str, pause: float | None = None) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            # a lone ESC followed at once by a key reads as alt+key
            time.sleep(0.45 if key == "Escape" else self.pause if pause is None else pause)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def stop(self) -> None:
        self.tmux("kill-server")


@contextmanager
def open_terminal(name: str, pause: float = 0.05) -> Iterator[Terminal]:
    """A Terminal on a socket of its own, stopped afterwards (the test is skipped
    without tmux)."""
    if TMUX is None:
        pytest.skip("tmux is not installed")
    term = Terminal(f"{name}-{os.getpid()}-{time.monotonic_ns()}", pause)
    try:
        yield term
    finally:
        term.stop()
