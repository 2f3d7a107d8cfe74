"""`brief [PATH...]`: open the reader (the app is imported only here, lazily).

The reader needs a terminal for its keys and its screen. `brief -` reads the page
from stdin first and then takes the keys from the terminal (/dev/tty); without a
terminal it refuses with one line instead of waiting for keys that never come."""

from __future__ import annotations

import os
import sys

NO_TERMINAL = (
    "brief: the reader needs a terminal ({what}); "
    "use a command instead, e.g. `brief articles PATH --json` or `brief list`\n"
)


def run(library: str | None, paths: list[str]) -> int:
    from tui.library import Library
    from tui.paths import library_dir

    # a library that cannot be opened is a one-line error here, not a crash in the app
    Library.open(library_dir(library)).close()
    if not _stdout_is_terminal():
        sys.stderr.write(NO_TERMINAL.format(what="the output is not one"))
        return 2
    if "-" in paths:
        problem = _stdin_read_then_terminal()
        if problem:
            sys.stderr.write(NO_TERMINAL.format(what=problem))
            return 2
    elif not _stdin_is_terminal():
        sys.stderr.write(NO_TERMINAL.format(what="the input is not one; `brief -` reads a page"))
        return 2
    from tui.app import run_app

    return run_app(library=library, paths=paths)


def _stdout_is_terminal() -> bool:
    return sys.__stdout__ is not None and sys.__stdout__.isatty()


def _stdin_is_terminal() -> bool:
    return sys.__stdin__ is not None and sys.__stdin__.isatty()


def _stdin_read_then_terminal() -> str | None:
    """Keep what stdin holds for the reader's `-`, then make the terminal stdin (keys
    come from there); a reason when there is no terminal to read keys from."""
    import io

    from tui.ingest import DEFAULT_MAX_BYTES

    if _stdin_is_terminal():
        return "`-` reads a page piped in, e.g. `cat page.txt | brief -`, and nothing was"
    data = sys.stdin.buffer.read(DEFAULT_MAX_BYTES + 1) if sys.stdin is not None else b""
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return "no /dev/tty to read keys from"
    os.dup2(tty, 0)
    os.close(tty)
    # the ingest reads `-` from sys.stdin: the bytes kept; the app's driver reads fd 0
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace")
    return None
