"""`brief [PATH...]`: open the reader (the app is imported only here, lazily)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(library=args.library, paths=args.paths)
