"""Command-line entry point: argument parsing and dispatch only.

`brief [PATH...]` opens the reader; `brief COMMAND ...` runs a command.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui import __version__
from tui.errors import BriefError

if TYPE_CHECKING:  # argparse is imported when a command line needs it, not to open the reader
    import argparse

# subcommand name -> module under tui.commands that registers it
COMMANDS = {
    "articles": "articles",
    "ingest": "ingest",
    "list": "listing",
    "entities": "entities",
    "quotes": "quotes",
    "search": "search",
    "compile": "compile",
    "render": "render",
    "selections": "selections",
    # subscriptions (tui/commands/feeds.py registers them all)
    **dict.fromkeys(
        ("add", "update", "feeds", "remove", "import-opml", "export-opml", "mark"), "feeds"
    ),
}


def _command_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of `brief COMMAND ...`; with `only`, just that command's (a command
    line names one: importing every command's module would slow each down)."""
    import argparse

    from tui.commands.common import add_library_option

    parser = argparse.ArgumentParser(prog="brief", description="Turn news into briefings.")
    parser.add_argument("--version", action="version", version=f"brief {__version__}")
    add_library_option(parser, before_command=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[only]] if only in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        try:
            mod = importlib.import_module(f"tui.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tui.commands.{module}":
                raise
            continue
        mod.register(sub)
    return parser


def _open_parser() -> argparse.ArgumentParser:
    import argparse

    from tui.commands.common import add_library_option

    parser = argparse.ArgumentParser(
        prog="brief",
        description="Open the reader on the library (or the bundled samples when it is "
        f"empty), or on PATHs. Commands: {', '.join(COMMANDS)} (brief COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"brief {__version__}")
    add_library_option(parser, before_command=True)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to open")
    return parser


def _first_word(args: list[str]) -> str | None:
    """The first positional word, skipping options and the value `--library` takes."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif arg == "--" or not arg.startswith("-") or arg == "-":
            return arg
    return None


def _plain_open(args: list[str]) -> SimpleNamespace | None:
    """`brief [--library DIR] [PATH...]` read without building a parser (the reader's
    start-up path); None for anything else (options, help), which argparse reads."""
    library = None
    paths: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--library" and library is None:
            library = next(rest, None)
            if library is None or library.startswith("-"):
                return None
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            paths.append(arg)
    return SimpleNamespace(library=library, paths=paths)


def _looks_like_a_command(word: str) -> bool:
    """A word that is no file or folder and is spelled like a command (`serach`)."""
    import os
    import re

    return bool(re.fullmatch(r"[a-z][a-z0-9-]*", word)) and not os.path.exists(word)


def _unknown_command(word: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.6)
    if close:
        return f"unknown command {word!r} (did you mean {close[0]}?)"
    return (
        f"unknown command {word!r}, and no file or folder of that name "
        f"(commands: {', '.join(COMMANDS)}; brief --help)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = _first_word(args_list)
    args: argparse.Namespace | SimpleNamespace | None = None
    try:
        if first in COMMANDS:
            args = _command_parser(first).parse_args(args_list)
            return int(args.func(args))
        if first is not None and _looks_like_a_command(first):
            sys.stderr.write(f"brief: {_unknown_command(first)}\n")
            return 2
        args = _plain_open(args_list) or _open_parser().parse_args(args_list)
        from tui.commands.open import run as open_app

        return open_app(args.library, args.paths)
    except BriefError as exc:
        sys.stderr.write(f"brief: {' '.join(str(exc).split())}\n")
        return 1
    except sqlite3.DatabaseError as exc:  # damage inside the library, met after it opened
        from tui.library import is_damage, set_aside_if_damaged
        from tui.paths import library_dir

        reason = " ".join(str(exc).split())
        if not is_damage(exc):
            sys.stderr.write(f"brief: the library could not be used ({reason})\n")
            return 1
        sys.stderr.write(f"brief: the library could not be read ({reason}); it may be damaged\n")
        try:
            notice = set_aside_if_damaged(library_dir(getattr(args, "library", None)))
        except BriefError as failed:
            notice = str(failed)
        if notice:
            sys.stderr.write(f"brief: {' '.join(notice.split())}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
