"""The command palette provider: every action of the screen you are on, with its key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tui.app.bindings import binding_target, bindings, key_display, user_keymap


class BriefCommands(Provider):
    """Every action of the current screen and its widgets, with its key."""

    def _commands(self) -> list[tuple[str, str, DOMNode, str]]:
        screen = self.screen
        keymap = user_keymap(self.app)
        found: list[tuple[str, str, DOMNode, str]] = []
        for _, owner, binding in bindings():
            target = binding_target(screen, owner)
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
