"""The reader's UI thread only draws: opening an article, choosing an entity and opening
the tray read the library on a worker; a worker that fails is a notice, not an exit."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual")

from tests.test_app import app_test, build_library, notices, screen_text, settle  # noqa: E402
from tui.app.article import ArticleView  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    build_library(folder)
    return folder


class StatementThreads:
    """Every SQL statement the app's connections run, with the thread it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ran: list[tuple[str, str]] = []
        self.recording = False
        real = sqlite3.connect

        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = real(*args, **kwargs)
            conn.set_trace_callback(self._ran)
            return conn

        monkeypatch.setattr("tui.library.sqlite3.connect", connect)

    def _ran(self, statement: str) -> None:
        if self.recording:
            self.ran.append((threading.current_thread().name, " ".join(statement.split())[:80]))

    def on_ui_thread(self) -> list[str]:
        main = threading.main_thread().name
        return [sql for thread, sql in self.ran if thread == main]


@app_test
async def test_opening_choosing_and_the_tray_run_no_sql_on_the_ui_thread(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.app.feeds.WATCH_SECONDS", 3600)  # its own check, on a timer
    threads = StatementThreads(monkeypatch)
    app = BriefApp(library=str(library))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link")
        await settle(pilot, app, "Ben Ashby")
        view = app.screen.query_one(ArticleView)
        threads.recording = True
        # open an article: the next one in the list
        await pilot.press("n")
        await settle(pilot, app, "Shipping lines expect the first vessels")
        assert view.article is not None and view.article.title.startswith("Harbour")
        await pilot.press("p")
        await settle(pilot, app, "The council approved the rail link")
        # choose an entity in the sidebar
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.chosen  # type: ignore[attr-defined]
        # open the tray
        await pilot.press("t")
        await settle(pilot, app, "Selection “default”")
        threads.recording = False
        assert threads.ran  # the reads did run (on the reads thread)
        assert threads.on_ui_thread() == []


@app_test
async def test_a_worker_that_fails_on_a_locked_library_is_a_notice_and_ctrl_r_retries(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = BriefApp.load_summaries
    locked = [True]

    def load_summaries(self: BriefApp) -> Any:
        if locked[0]:
            raise sqlite3.OperationalError("database is locked")
        return real(self)

    monkeypatch.setattr(BriefApp, "load_summaries", load_summaries)
    app = BriefApp(library=str(library))
    async with app.run_test(size=(160, 48)) as pilot:
        notices(app)  # records notices from now on (a toast can expire before it is looked at)
        for _ in range(600):  # the article opens; the list does not load (no settle: never ready)
            await pilot.pause(0.05)
            if "Rail link" in screen_text(app):
                break
        for _ in range(40):
            await pilot.pause(0.05)
            if any("database is locked" in n for n in notices(app)):
                break
        assert app.is_running
        said = [n for n in notices(app) if "database is locked" in n]
        assert said and "ctrl+r tries again" in said[0]
        assert app.summaries is None  # the list did not load ...
        locked[0] = False
        await pilot.press("ctrl+r")  # ... and loads when tried again
        await settle(pilot, app, "Lighthouse museum opens")
        assert app.summaries is not None and len(app.summaries) == 3
        assert "Lighthouse museum opens" in screen_text(app)
