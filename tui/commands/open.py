"""`brief [PATH...]`: open the reader (the app is imported only here, lazily)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from tui.library import Library
    from tui.paths import library_dir

    # a library that cannot be opened is a one-line error here, not a crash in the app
    Library.open(library_dir(args.library)).close()
    from tui.app import run_app

    return run_app(library=args.library, paths=args.paths)
