"""`brief [PATH...]`: open the reader (the app is imported only here, lazily)."""

from __future__ import annotations


def run(library: str | None, paths: list[str]) -> int:
    from tui.library import Library
    from tui.paths import library_dir

    # a library that cannot be opened is a one-line error here, not a crash in the app
    Library.open(library_dir(library)).close()
    from tui.app import run_app

    return run_app(library=library, paths=paths)
