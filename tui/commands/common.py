"""Output helpers shared by the subcommands: JSON Lines out, one-line errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_library_option(p: argparse.ArgumentParser, *, before_command: bool = False) -> None:
    """`--library DIR`, its one definition. Given after a subcommand it does not override
    one given before it (`before_command`: the option as the top-level parser takes it)."""
    p.add_argument(
        "--library",
        metavar="DIR",
        default=None if before_command else argparse.SUPPRESS,
        help="library folder (default: $BRIEF_HOME or $XDG_DATA_HOME/brief)",
    )


def emit_json(obj: Any) -> None:
    """One JSON object per line on stdout, UTF-8."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def warn(message: str) -> None:
    """One line on stderr, never more: newlines in it are folded."""
    sys.stderr.write("brief: " + " ".join(message.split()) + "\n")


def raw_texts(paths: Sequence[str], failed: list[str]) -> Iterator[tuple[str, str]]:
    """Each file under `paths` as plain UTF-8 text with no clean-up (the `--raw` mode of
    `brief entities` and `brief quotes`); a file that cannot be read is reported in one line
    and its path appended to `failed`, and the others go on."""
    from tui.errors import InputError
    from tui.ingest import expand, load_bytes

    for path in expand(paths):
        try:
            data = load_bytes(path)
        except InputError as exc:
            warn(f"{path}: {exc.reason}")
            failed.append(path)
            continue
        yield path, data.decode("utf-8", errors="replace")
