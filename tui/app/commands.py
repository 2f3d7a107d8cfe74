"""Every binding in one place: for the help screen, the keymap check and the
command palette (which offers every action of the screen you are on)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

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


def _owners() -> list[tuple[str, type[DOMNode]]]:
    from tui.app.article import ArticleView
    from tui.app.compile import CompileScreen, ConfirmScreen
    from tui.app.corrections import EntityList
    from tui.app.entity_dialogs import CorrectionDialog, EntityFinder
    from tui.app.feeds import FeedReading
    from tui.app.lines import LineList
    from tui.app.main import BriefApp
    from tui.app.profile import ProfileScreen
    from tui.app.reader import ReaderScreen
    from tui.app.screens import HelpScreen, NoteScreen, SearchScreen, TrayScreen
    from tui.app.selections import NameScreen, QuestionScreen, SelectionsScreen

    return [
        ("Everywhere", BriefApp),
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


def bindings() -> Iterator[tuple[str, type[DOMNode], Binding]]:
    """(scope, owner class, binding) for every binding the reader defines."""
    for scope, owner in _owners():
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            yield scope, owner, binding


def binding_ids() -> set[str]:
    return {b.id for _, _, b in bindings() if b.id}


def key_display(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(app: App[Any]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Per scope: (keys as shown, description, id), with the user's keymap applied."""
    keymap: dict[str, str] = getattr(getattr(app, "settings", None), "keymap", {}) or {}
    out: dict[str, list[tuple[str, str, str]]] = {}
    for scope, _, binding in bindings():
        keys = keymap.get(binding.id or "", binding.key)
        out.setdefault(scope, []).append((key_display(keys), binding.description, binding.id or ""))
    return list(out.items())


class BriefCommands(Provider):
    """Every action of the current screen and its widgets, with its key."""

    def _commands(self) -> list[tuple[str, str, DOMNode, str]]:
        screen = self.screen
        keymap: dict[str, str] = getattr(getattr(self.app, "settings", None), "keymap", {}) or {}
        found: list[tuple[str, str, DOMNode, str]] = []
        for _, owner, binding in bindings():
            target: DOMNode | None = None
            if isinstance(self.app, owner):
                target = self.app
            elif isinstance(screen, owner):
                target = screen
            else:
                nodes = [n for n in screen.query(owner.__name__) if isinstance(n, owner)]
                focused = screen.focused
                target = focused if focused in nodes else (nodes[0] if nodes else None)
            if target is None or binding.action in ("command_palette",):
                continue
            keys = key_display(keymap.get(binding.id or "", binding.key))
            label = binding.description
            if target is not self.app and target is not screen and target.id:
                label = f"{label} ({target.id})"
            found.append((label, binding.action, target, keys))
        return found

    async def discover(self) -> Hits:
        for label, action, target, keys in self._commands():
            yield DiscoveryHit(label, partial(self._run, action, target), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, target, keys in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self._run, action, target),
                    help=f"key: {keys}",
                )

    async def _run(self, action: str, target: DOMNode) -> None:
        await self.app.run_action(action, target)
