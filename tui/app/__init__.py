"""Everything Textual lives under tui.app; nothing else imports textual."""

from __future__ import annotations


def run_app(library: str | None, paths: list[str]) -> int:
    """Open the reader; returns the exit status."""
    from tui.app.main import BriefApp

    BriefApp(library=library, paths=paths).run()
    return 0

