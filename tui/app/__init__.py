"""Everything Textual lives under tui.app; nothing else imports textual."""

from __future__ import annotations


def run_app(library: str | None, paths: list[str]) -> int:
    """Open the reader; returns the exit status."""
    from tui.app.main import BriefApp

    BriefApp(library=library, paths=paths).run()
    return 0


def screen_css(name: str) -> str:
    """A screen's own rules, read from `name` beside the app's .tcss files.

    Screens use it as their DEFAULT_CSS (scoped to the screen), so start-up parses
    only the reader's rules (brief.tcss) and each screen's are parsed on first use."""
    from pathlib import Path

    return Path(__file__).with_name(name).read_text(encoding="utf-8")
