"""The binding inventory: every key binding of the app, its screens and panes, in one
place, for the help screen, the keymap check and the command palette."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

KEY_NAMES = {
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "question_mark": "?",
    "slash": "/",
    "full_stop": ".",
    "comma": ",",
    "space": "space",
    "escape": "esc",
}

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", show=False, id="app.quit"),
    Binding("question_mark", "help", "Help", key_display="?", priority=True, id="app.help"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
    Binding("ctrl+r", "retry", "Try again", show=False, id="app.retry"),
]
"""The app's own bindings (work on every screen); BriefApp.BINDINGS is this list."""


def _owners() -> list[tuple[str, type[DOMNode] | None, list[BindingType]]]:
    """(scope, owner class, its bindings); owner None is the app itself."""
    from tui.app.article import ArticleView
    from tui.app.corrections import EntityList
    from tui.app.entity_dialogs import CorrectionDialog, EntityFinder
    from tui.app.feeds import FeedReading
    from tui.app.lines import LineList
    from tui.app.profile import ProfileScreen
    from tui.app.screens.compile_dialog import CompileScreen
    from tui.app.screens.confirm import ConfirmScreen
    from tui.app.screens.help import HelpScreen
    from tui.app.screens.note import NoteScreen
    from tui.app.screens.reader import ReaderScreen
    from tui.app.screens.search import SearchScreen
    from tui.app.screens.tray import TrayScreen
    from tui.app.selections import NameScreen, QuestionScreen, SelectionsScreen

    owned: list[tuple[str, type[DOMNode]]] = [
        ("Reader", ReaderScreen),
        ("Reader: feeds and read state", FeedReading),
        ("Article pane", ArticleView),
        ("Lists (articles, entities, results, tray)", LineList),
        ("Entity sidebar: corrections", EntityList),
        ("Entity profile", ProfileScreen),
        ("Merge: find the other entity", EntityFinder),
        ("Correction dialog", CorrectionDialog),
        ("Search", SearchScreen),
        ("Selection tray", TrayScreen),
        ("Note", NoteScreen),
        ("Selections", SelectionsScreen),
        ("Selection name", NameScreen),
        ("Delete a selection?", QuestionScreen),
        ("Compile dialog", CompileScreen),
        ("Replace a file?", ConfirmScreen),
        ("Help", HelpScreen),
    ]
    return [("Everywhere", None, APP_BINDINGS)] + [
        (scope, owner, list(owner.BINDINGS)) for scope, owner in owned
    ]


def bindings() -> Iterator[tuple[str, type[DOMNode] | None, Binding]]:
    """(scope, owner class or None for the app, binding) for every binding."""
    for scope, owner, owned in _owners():
        for binding in owned:
            assert isinstance(binding, Binding)
            yield scope, owner, binding


def binding_ids() -> set[str]:
    return {b.id for _, _, b in bindings() if b.id}


def key_display(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def user_keymap(app: App[Any]) -> dict[str, str]:
    """The user's remapped keys (binding id -> keys), empty without settings."""
    return getattr(getattr(app, "settings", None), "keymap", {}) or {}


def binding_rows(app: App[Any]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Per scope: (keys as shown, description, id), with the user's keymap applied."""
    keymap = user_keymap(app)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for scope, _, binding in bindings():
        keys = keymap.get(binding.id or "", binding.key)
        out.setdefault(scope, []).append((key_display(keys), binding.description, binding.id or ""))
    return list(out.items())


def binding_target(screen: Screen[Any], owner: type[DOMNode] | None) -> DOMNode | None:
    """Where a binding of `owner` acts on `screen`: the app, the screen, or its focused
    (else first) widget of that class; None when the screen has none."""
    if owner is None:
        return screen.app
    if isinstance(screen, owner):
        return screen
    nodes = [n for n in screen.query(owner.__name__) if isinstance(n, owner)]
    focused = screen.focused
    return focused if focused in nodes else (nodes[0] if nodes else None)
