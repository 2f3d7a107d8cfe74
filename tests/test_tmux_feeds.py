"""The update key in a real terminal (tmux at 80x24) against feeds a local server holds
back until the test lets them go: reading goes on while feeds update, the unread count
grows when they arrive, and the article on screen stays put."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.feed_server import FeedServer, Route, _send, rss, story_items
from tests.tmux_terminal import Terminal, brief_command, open_terminal
from tui.feeds import store
from tui.library import Library

pytestmark = pytest.mark.tmux

SEEDS = Path(__file__).resolve().parent.parent / "tui" / "seeds"


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    with open_terminal("brief-feeds") as term:
        yield term




def _held(body: bytes, release: threading.Event) -> Route:
    """A feed the server answers only once `release` is set (at most 60 s)."""

    def answer(h: BaseHTTPRequestHandler) -> None:
        release.wait(60)
        _send(h, 200, body, {"Content-Type": "application/rss+xml"})

    return Route(handler=answer)


def _unread(screen: str) -> int:
    found = re.search(r"([\d,]+) unread", screen)
    assert found, screen
    return int(found.group(1).replace(",", ""))


def _title(screen: str) -> str:
    """The article's title: the line under the status line."""
    return screen.splitlines()[1].split("▏")[0].strip()


def _text_lines(screen: str) -> list[str]:
    """The article's first lines, left of where notices are drawn."""
    return [line[:34] for line in screen.splitlines()[1:8]]


def test_update_key_while_reading_in_80x24(terminal: Terminal, tmp_path: Path) -> None:
    from tui.pipeline import ingest

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        ingest(lib, [str(SEEDS)], analyse_entities=False)
    release = threading.Event()
    with FeedServer() as srv:
        for topic in ("Ferry", "Tram", "Canal"):
            srv.routes[f"/{topic}"] = _held(rss(f"{topic} News", story_items(topic, 3)), release)
        srv.routes["/broken"] = Route(status=500)
        with Library.open(folder) as lib:
            for path in ("/Ferry", "/Tram", "/Canal", "/broken"):
                store.add(lib, srv.url(path))
        try:
            terminal.start(brief_command("--library", str(folder)))
            screen = terminal.wait_for(r"\d+ unread", timeout=60)
            before = _unread(screen)
            first = _title(screen)
            terminal.keys("U")
            terminal.wait_for("updating feeds", timeout=20)
            # the feeds are held back: reading goes on meanwhile
            terminal.keys("n")
            screen = terminal.wait_for(r"^ 2/\d+", timeout=20)
            reading = _title(screen)
            assert reading != first and "updating feeds" in screen
            terminal.keys("]", "]")
            screen = terminal.wait_for(r"¶ 3/", timeout=20)
            assert "updating feeds" in screen
            text = _text_lines(screen)
            release.set()
            screen = terminal.wait_for(r"4 feeds, 9 new articles", timeout=60)
            assert "server error (HTTP 500)" in " ".join(screen.split())
            screen = terminal.wait_gone("updating feeds", timeout=30)
            # nine more unread; the two opened here are read
            screen = terminal.wait_for(rf"\b{before + 9 - 1:,} unread", timeout=30)
            # the article on screen did not move
            assert "¶ 3/" in screen and _text_lines(screen) == text
            lines = screen.splitlines()
            assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
            # the new articles are in the list, marked unread
            terminal.keys("l")
            terminal.wait_for(r"● (Ferry|Tram|Canal) story \d", timeout=20)
            terminal.keys("Escape", "q")
        finally:
            release.set()
