"""Helpers the screens and panes share: the typed accessor to the app, search-hit
snippets, running a selection change, opening the compile dialog, and telling a box
the user types into.

Nothing here imports a screen or the app module at import time (the app is named for
type checking only), so any screen or pane can import it without a cycle."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text

from tui.text import sanitize

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from tui.app.main import BriefApp

SNIPPET = 160


def screen_css(name: str) -> str:
    """A screen's own rules, read from `name` beside the app's .tcss files.

    Screens use it as their DEFAULT_CSS (scoped to the screen), so start-up parses
    only the reader's rules (brief.tcss) and each screen's are parsed on first use."""
    from pathlib import Path

    return Path(__file__).with_name(name).read_text(encoding="utf-8")


class ReportsFailures:
    """Mixed into every node that runs workers: the one Worker.StateChanged handler.
    A worker that raised (they all run with exit_on_error=False) becomes the app's
    notice with a retry (BriefApp.worker_failed), never an exit."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            brief_app(event.worker.node).worker_failed(event.worker)


def brief_app(node: DOMNode) -> BriefApp:
    """The running BriefApp, typed (every screen and pane runs inside one)."""
    return cast("BriefApp", node.app)


def takes_text(widget: object) -> bool:
    """Whether `widget` is a box the user types into (an Input or a TextArea): keys that
    open screens type themselves there instead."""
    import sys

    from textual.widgets import Input

    text_area = sys.modules.get("textual.widgets._text_area")  # only once it is in use
    return isinstance(widget, Input) or (
        text_area is not None and isinstance(widget, text_area.TextArea)
    )


def _flat(text: str) -> str:
    """Untrusted text as one line, keeping the spaces at its ends (for joining pieces)."""
    return re.sub(r"\s+", " ", sanitize(text))


def hit_snippet(text: str, highlights: list[tuple[int, int]], width: int = SNIPPET) -> Text:
    """A one-line excerpt around the first highlight, hits in reverse bold."""
    start = max(0, (highlights[0][0] if highlights else 0) - width // 3)
    end = min(len(text), start + width)
    line = Text(no_wrap=True)
    if start > 0:
        line.append("…")
    cursor = start
    for s, e in sorted(highlights):
        s, e = max(s, cursor), min(e, end)
        if e <= s:
            continue
        line.append(_flat(text[cursor:s]))
        line.append(_flat(text[s:e]), style="reverse bold")
        cursor = e
    line.append(_flat(text[cursor:end]))
    if end < len(text):
        line.append("…")
    return line


def change_selection(app: Any, change: Callable[[], object]) -> bool:
    """Run one selection change (undoable with u); one the library refuses is reported
    and the app carries on (tui.app.selection_state)."""
    return bool(app.change_selection(change))

