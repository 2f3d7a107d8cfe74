"""The start-up reference: a bare Textual app showing one line of text in a Static.

`python bench/bare_app.py TEXT` — measured in tmux exactly as brief is (time
until TEXT is on the screen).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """The least a Textual app does to put text on the screen."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


if __name__ == "__main__":
    BareApp(sys.argv[1] if len(sys.argv) > 1 else "ready").run()
