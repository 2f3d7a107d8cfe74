"""Hostile article text in every widget that shows it: no crash, the visible
text survives literally, and no control character reaches a rendered line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui.library import Library
from tui.model import Article

pytest.importorskip("textual")

from tests.test_app import app_test, screen_text, settle  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402

MARKUP = ["[/]", "[bold", "[link=https://x]y"]
RTL = "مرحبا بالعالم"
ZWJ = "👩\u200d👩\u200d👧\u200d👦"
HOSTILE = (
    "Start [/] and [bold not bold and [link=https://x]y end "
    "osc\x1b]52;c;ZXZpbA==\x07 clear\x1b[2J csi\x9b31m nul\x00 "
    f"{RTL} {ZWJ} tail"
)
BAD = ("\x1b", "\x9b", "\x00", "\x07", "ZXZpbA")


def hostile_library(folder: Path, long_line: bool = False) -> None:
    """A library whose every field carries hostile text, stored raw (not sanitised)."""
    paragraphs = [HOSTILE, "Second paragraph mentions [bold] Hostile Name here."]
    if long_line:
        paragraphs.append("x" * (5 * 1024 * 1024))
    art = Article.create(
        title="Title " + HOSTILE,
        paragraphs=paragraphs,
        source_path="/fixture/hostile.txt",
        outlet="Outlet [/] \x1b[31mRed",
        published="2025-01-01",
        url="https://x.test/[bold]\x1b]8;;evil\x07",
    )
    name = "[bold]Hostile Name"
    with Library.open(folder) as lib, lib.transaction():
        lib.replace_file_articles("/fixture/hostile.txt", [art])
        lib.execute(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
            (art.id, name, "PERSON", "role [link=https://x]y \x1b[2J", json.dumps([ZWJ, "[/]"]), 1),
        )
        start = paragraphs[1].index("[bold]")
        lib.execute(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
            (art.id, 1, start, start + len(name), "PERSON", name, name),
        )


def assert_clean(app: BriefApp) -> str:
    """Every rendered segment is free of control characters; returns the screen text."""
    for strip in app.screen._compositor.render_strips():  # noqa: SLF001
        for segment in strip:
            assert not any(bad in segment.text for bad in BAD[:4]), repr(segment.text)
    text = screen_text(app)
    assert "ZXZpbA" not in text
    return text


@app_test
async def test_hostile_text_in_article_list_pane_and_sidebar(tmp_path: Path) -> None:
    hostile_library(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app, "Title Start")
        text = assert_clean(app)
        for literal in MARKUP:
            assert text.count(literal) >= 2, literal  # in the list and in the pane
        assert "Outlet [/] Red" in text
        assert "clear csi nul" in text or "clear csi" in text
        assert RTL in text
        assert "[bold]Hostile Name" in text
        await pilot.press("e", "down")
        await pilot.pause()
        text = assert_clean(app)
        assert "Role: role [link=https://x]y" in text and "[/]" in text


@app_test
async def test_hostile_text_in_search_tray_and_help(tmp_path: Path) -> None:
    hostile_library(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app, "Title Start")
        await pilot.press("slash", *"bold")
        await settle(pilot, app, "passage")
        text = assert_clean(app)
        assert "[bold" in text and "Title Start [/]" in text
        await pilot.press("escape", "s", "a", *"[/] note [bold", "ctrl+s", "t")
        await pilot.pause()
        text = assert_clean(app)
        assert "note: [/] note [bold" in text
        assert "Start [/] and [bold not bold and [link=https://x]y end" in text
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert_clean(app)


@app_test
async def test_a_5mb_single_line_paragraph_renders_and_scrolls(tmp_path: Path) -> None:
    hostile_library(tmp_path / "lib", long_line=True)
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "Title Start")
        await pilot.press("G")
        await pilot.pause()
        text = assert_clean(app)
        assert "xxxxxxxxxx" in text
        for line in text.splitlines():
            assert cell_len(line) <= 80


@app_test
async def test_notifications_never_read_markup(tmp_path: Path) -> None:
    hostile_library(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot, app, "Title Start")
        app.screen.notify("file [bold]x[/] and [link=https://x]y")
        await settle(pilot, app, "file [bold]x[/] and [link=https://x]y")
